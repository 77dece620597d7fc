"""item2vec in a real browser: generated sessions, the item map, evaluation against baselines,
and session uploads good and bad."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, switch_language, wait_for_app

pytestmark = pytest.mark.browser


def test_generated_sessions_map_and_evaluation(page, app_url):
    page.goto(f"{app_url}/item2vec?rs_n=2000")
    wait_for_app(page, timeout=90_000)
    assert page.locator(".st-key-rs_map_fig .js-plotly-plot").count() == 1
    assert page.locator(".st-key-rs_tail .js-plotly-plot").count() == 1
    page.get_by_role("button", name="Train and evaluate").click()
    wait_for_app(page, timeout=90_000)
    page.locator(".st-key-rs_scores .js-plotly-plot").wait_for(timeout=60_000)
    models = page.evaluate("() => document.querySelector('.st-key-rs_scores .js-plotly-plot').data[0].x")
    assert models == ["random", "popularity", "co-occurrence", "Markov", "item2vec"]
    assert_no_errors(page)
    screenshot(page, "item2vec")


def test_uploads(page, app_url, tmp_path):
    page.goto(f"{app_url}/item2vec?rs_source=upload")
    wait_for_app(page, timeout=60_000)
    good = tmp_path / "sessions.csv"
    rows = ["session_id,item_id,timestamp"] + [f"s{s},item{(s * 7 + i) % 40},{i}" for s in range(60) for i in range(5)]
    good.write_text("\n".join(rows) + "\n")
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(good))
    wait_for_app(page, timeout=60_000)
    page.locator(".st-key-rs_map_fig .js-plotly-plot").wait_for(timeout=60_000)
    assert_no_errors(page)
    for name, text, message in (
        ("wrong.csv", "user,product\n1,a\n1,b\n", "needs the columns session_id and item_id"),
        ("single.csv", "session_id,item_id\n" + "".join(f"s{i},x{i}\n" for i in range(30)), "at least 10 are needed"),
    ):
        path = tmp_path / name
        path.write_text(text)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
        wait_for_app(page, timeout=30_000)
        alert = page.locator("[data-testid=stAlertContentError]").filter(has_text=message)
        alert.wait_for(timeout=30_000)
        assert page.locator("[data-testid=stException]").count() == 0


def test_russian_and_kazakh(page, app_url):
    """Opened by its Russian link, then switched to Kazakh in the sidebar (a rerun, not a second
    page load)."""
    page.goto(f"{app_url}/item2vec?rs_n=1000&lang=Русский")
    wait_for_app(page, timeout=90_000)
    for lang, code in (("Русский", "ru"), ("Қазақша", "kk")):
        if code != "ru":
            switch_language(page, code)
            assert f"lang={code}" in page.url and "rs_n=1000" in page.url
        assert_no_errors(page)
        screenshot(page, f"item2vec-{lang}")


def test_content_against_behaviour_and_planting_companions(page, app_url):
    page.goto(f"{app_url}/item2vec?rs_n=1000")
    wait_for_app(page, timeout=90_000)
    page.get_by_role("button", name="Plant companions (10 % of the items)").click()
    wait_for_app(page, timeout=90_000)
    assert "rs_companions=0.1" in page.url
    assert page.get_by_text("Right after it: place 1; among the nearest vectors: not there.").count() == 1
    assert page.get_by_text("nobody has played it yet").count() == 1
    assert_no_errors(page)
    screenshot(page, "item2vec-content-behaviour")
