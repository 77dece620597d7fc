"""Vectorlab: the entry point. Page config, the shared sidebar, and the navigation."""

from pathlib import Path

# Before anything draws: plotly asks sys.modules whether pandas and numpy are there and then
# uses them, so a chart drawn while another session (or the warm-up thread) is still importing
# pandas met a half-initialised module and failed ("partially initialized module 'pandas' has
# no attribute 'Series'", seen when a class opened a fresh server together). An `import` waits
# for a module another thread is importing; every script run passes here before it draws.
import numpy  # noqa: F401
import pandas  # noqa: F401
import streamlit as st

from app_pages import widget_registry
from app_pages.callbacks import one_run_at_a_time, safety_net
from app_pages.classroom.live import after_navigation, after_page, before_page, class_guard
from app_pages.classroom.panel import class_panel, student_strip
from app_pages.common import model_name, restate_options_after_language_switch, sidebar_pickers, t, warm_up
from app_pages.registry import PAGES
from core.gc_keeper import keep_collections_short

# Once per server process: full garbage collections walk only what is new (core/gc_keeper.py).
# Not in AppTest: a test process would keep what it froze.
if widget_registry.served():
    keep_collections_short()
# A file, not a Material icon name: that one the browser fetches from Google's font servers,
# and a classroom server may have no internet.
st.set_page_config(page_icon=str(Path(__file__).parent / "assets" / "icons" / "vectorlab.png"), layout="wide")

# Before any widget is drawn: option widgets keep their values through a language switch.
restate_options_after_language_switch()
# Class mode first: a follower takes on the teacher's settings before any widget reads them.
with class_guard("before the page"):
    before_page()
sidebar_pickers()
with class_guard("the panel"):
    class_panel()
    student_strip()

sections: dict[str, list] = {}
pages_by_path: dict[str, st.Page] = {}
for spec in PAGES:
    section = t(spec.section_key) if spec.section_key else ""
    page = st.Page(spec.path, title=t(spec.title_key), icon=spec.icon, url_path=spec.url_path or None,
                   default=not spec.url_path)
    sections.setdefault(section, []).append(page)
    pages_by_path[spec.url_path] = page

# Expanded: with thirteen pages Streamlit would fold the menu after ten ("View 3 more") and
# hide the Texts and Recommendations sections from a class looking at the projector.
current = st.navigation(sections, expanded=True)
st.set_page_config(page_title=f"{current.title} · Vectorlab")
after_navigation(current, pages_by_path)  # a follower goes where the teacher is
# A page of word vectors wants the warm-up at once (the model and umap load beside the page's
# own imports); any other page first draws its picture undisturbed, then the warm-up starts.
spec = next((spec for spec in PAGES if spec.url_path == current.url_path), None)
if spec is not None and spec.uses_vectors:
    warm_up(model_name())
# one page's bug: a message, the sidebar stays
with safety_net("the page %s failed", current.url_path or "home"), \
        one_run_at_a_time(spec is not None and spec.one_run_at_a_time):
    current.run()
with class_guard("after the page"):
    after_page(current)  # the teacher's page and settings go out to the class
warm_up(model_name())
