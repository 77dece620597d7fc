"""The Word senses page in a real browser: both parts, both models, the main controls, in
English, Russian and Kazakh, with no exception or error on screen."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, switch_language, wait_for_app

pytestmark = pytest.mark.browser


def trace_names(page, key) -> list[str]:
    return page.evaluate(
        f"() => Array.from(document.querySelector('.st-key-{key} .js-plotly-plot').data).map(t => t.name || '')")


def bar_labels(page, key) -> list[str]:
    return page.evaluate(f"() => Array.from(document.querySelector('.st-key-{key} .js-plotly-plot').data[0].y)")


def bar_values(page, key) -> list[float]:
    return page.evaluate(f"() => Array.from(document.querySelector('.st-key-{key} .js-plotly-plot').data[0].x)")


def chosen(page, key) -> str:
    labels, values = bar_labels(page, key), bar_values(page, key)
    return labels[max(range(len(values)), key=values.__getitem__)]


def test_pretrained_glove_suggestion_and_sentence(page, app_url):
    page.goto(f"{app_url}/senses")
    wait_for_app(page)
    assert sum(name.startswith("sense") for name in trace_names(page, "ws_map")) >= 3
    assert "php" in chosen(page, "ws_context")
    screenshot(page, "senses-en")
    page.locator(".st-key-ws_pick_1 button").click()  # mouse
    wait_for_app(page)
    assert "ws_word=mouse" in page.url
    field = page.locator(".st-key-ws_sentence input")
    field.fill("the cat caught a mouse")
    field.press("Enter")
    wait_for_app(page)
    assert "cat" in chosen(page, "ws_context")
    assert_no_errors(page)
    field.fill("")
    page.locator(".st-key-ws_word input").fill("pythn")
    page.locator(".st-key-ws_word input").press("Enter")
    wait_for_app(page)
    assert page.get_by_text("Not in the model: pythn.").count() == 1
    assert page.locator("[data-testid='stException']").count() == 0


def test_pretrained_navec_in_russian_and_kazakh(page, app_url):
    """Opened by its Russian link, then switched to Kazakh in the sidebar (a rerun: a second
    page load before)."""
    page.goto(f"{app_url}/senses?lang=ru&model=navec-ru-300")
    wait_for_app(page)
    for lang in ("ru", "kk"):
        if lang != "ru":
            switch_language(page, lang)
            assert f"lang={lang}" in page.url and "model=" in page.url
        assert any(w in chosen(page, "ws_context") for w in ("взломав", "проникли", "двери"))
        assert_no_errors(page)
        screenshot(page, f"senses-navec-{lang}")


def test_adagram_trains_and_answers_in_every_language(page, app_url):
    """Opened by its link in English, then switched to Russian and Kazakh in the sidebar (reruns:
    two page loads fewer)."""
    page.goto(f"{app_url}/senses?ws_part=adagram")
    wait_for_app(page, timeout=90_000)
    for lang in ("en", "ru", "kk"):
        if lang != "en":
            switch_language(page, lang)
            assert f"lang={lang}" in page.url and "ws_part=adagram" in page.url
        code = page.locator("[data-testid='stCode']").first.inner_text()
        assert code.startswith("apple (1) — ("), lang
        assert len(bar_values(page, "ws_priors")) >= 1
        assert_no_errors(page)
        screenshot(page, f"senses-adagram-{lang}")


def test_switching_parts_keeps_the_link(page, app_url):
    page.goto(f"{app_url}/senses?ws_word=bank&ws_part=adagram&ws_alpha=0.5")
    wait_for_app(page, timeout=90_000)
    page.get_by_test_id("stRadio").get_by_text("Senses in pretrained vectors").click()
    wait_for_app(page)
    assert "ws_word=bank" in page.url and "ws_alpha=0.5" in page.url
    assert any("loans" in name or "banks" in name for name in trace_names(page, "ws_map"))
    assert_no_errors(page)
    screenshot(page, "senses-bank-en")
