"""Vectorlab: the entry point. Page config, the shared sidebar, and the navigation."""

import streamlit as st

from app_pages.common import sidebar_pickers, t, umap_warm_up
from app_pages.registry import PAGES

st.set_page_config(page_icon=":material/hub:", layout="wide")

umap_warm_up()  # first run in this process starts it; later runs get the same object
sidebar_pickers()

sections: dict[str, list] = {}
for spec in PAGES:
    page = st.Page(
        spec.path, title=t(spec.title_key), icon=spec.icon,
        url_path=spec.url_path or None, default=not spec.url_path,
    )
    sections.setdefault(t(spec.section_key) if spec.section_key else "", []).append(page)

page = st.navigation(sections)
st.set_page_config(page_title=f"{page.title} · Vectorlab")
page.run()
