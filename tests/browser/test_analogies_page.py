"""The analogies page in a real browser: a gallery click, the exclusion switch, the benchmark,
and Russian on navec."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def bars(page, key) -> list[str]:
    return page.evaluate(f"() => Array.from(document.querySelector('.st-key-{key} .js-plotly-plot').data[0].y)")


def test_gallery_exclusion_and_benchmark(page, app_url):
    page.goto(f"{app_url}/analogies")
    wait_for_app(page)
    assert bars(page, "an_3cosadd")[0] == "queen"
    page.get_by_role("button", name="paris − france + germany → berlin").click()
    wait_for_app(page)
    assert "an_a=paris" in page.url and bars(page, "an_3cosadd")[0] == "berlin"
    page.get_by_test_id("stCheckbox").get_by_text("Exclude the input words").click()
    wait_for_app(page)
    assert bars(page, "an_3cosadd")[0] in ("paris", "germany", "berlin")
    assert page.locator(".st-key-an_parallelogram .annotation").count() >= 4  # the arrows are drawn
    page.get_by_role("button", name="Run the benchmark").click()
    wait_for_app(page, timeout=60_000)
    assert page.get_by_text("49.7 %").count() == 1
    assert_no_errors(page)
    screenshot(page, "analogies")


def test_russian_on_navec(page, app_url):
    page.goto(f"{app_url}/analogies?lang=Русский&model=navec+news+v1+·+ru")
    wait_for_app(page)
    assert bars(page, "an_3cosadd")[0] == "королева"
    assert bars(page, "an_3cosmul")[0] == "королева"
    assert_no_errors(page)
    screenshot(page, "analogies-ru")
