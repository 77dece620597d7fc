"""Vectorlab: the entry point. Page config, the shared sidebar, and the navigation."""

import streamlit as st

from app_pages.common import sidebar_pickers, t, umap_warm_up
from app_pages.registry import PAGES

st.set_page_config(page_icon=":material/hub:", layout="wide")

sidebar_pickers()

sections: dict[str, list] = {}
for spec in PAGES:
    section = t(spec.section_key) if spec.section_key else ""
    sections.setdefault(section, []).append(
        st.Page(
            spec.path, title=t(spec.title_key), icon=spec.icon,
            url_path=spec.url_path or None, default=not spec.url_path,
        )
    )

current = st.navigation(sections)
st.set_page_config(page_title=f"{current.title} · Vectorlab")
current.run()
# After the page, so its first picture is not slowed by numba compiling in the background.
umap_warm_up()
