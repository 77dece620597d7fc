"""Home: what the lab holds, where to start, and what the two vector models are."""

import streamlit as st

from app_pages.common import lesson_query, model_name, number, t
from app_pages.home.lessons import LESSONS
from app_pages.registry import PAGES, SECTIONS, pages_in
from core.embeddings import MODELS, is_loaded
from core.i18n import LANGUAGES

st.title("Vectorlab")
st.markdown(t("home.intro"))

available = [section for section in SECTIONS if pages_in(section)]
if available:
    st.header(t("home.map"))
    columns = st.columns(2)  # two cards a row: four side by side squeeze "Recommendations" in two
    for index, section in enumerate(available):
        with columns[index % 2].container(border=True):
            st.subheader(t(section.title_key))
            st.caption(t(section.about_key))
            for page in pages_in(section):
                st.page_link(page.path, label=t(page.title_key), icon=page.icon)
                st.caption(t(page.summary_key))

st.header(t("home.lessons"))
st.markdown(t("home.lessons_intro"))
path_of = {page.url_path: page.path for page in PAGES}
columns = st.columns(2)
for index, section in enumerate(available):
    with columns[index % 2].container(border=True):
        st.subheader(t(section.title_key))
        for lesson in (lesson for lesson in LESSONS if lesson.section_key == section.title_key):
            st.page_link(path_of[lesson.page], label=t(lesson.title_key), icon=":material/school:",
                         query_params=lesson_query(lesson.query))
            st.caption(t(lesson.note_key))

st.header(t("home.models"))
st.markdown(t("home.models_intro"))
for column, info in zip(st.columns(len(MODELS)), MODELS.values()):
    with column.container(border=True):
        chosen = " " + t("home.model_chosen") if info.name == model_name() else ""
        st.subheader(info.title + chosen)
        st.markdown(t(info.about_key))
        st.markdown(
            t(
                "home.model_facts",
                language=LANGUAGES.get(info.language, info.language),
                words=number(info.words),
                dim=info.dim,
                package=info.package,
                licence=info.licence,
            )
        )
        st.caption(t("home.model_loaded") if is_loaded(info.name) else t("home.model_not_loaded"))
        st.link_button(t("home.model_homepage"), info.homepage)

with st.expander(t("home.how_to")):
    st.markdown(t("home.how_to_text"))
