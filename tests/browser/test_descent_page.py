"""The gradient-descent page in a real browser: the 1-D animation plays, the race draws."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SLIDER_LABEL = """(key) => document.querySelector(`.st-key-${key} .slider-group > .slider-label`).textContent"""


def test_play_the_steps_and_race(page, app_url):
    page.goto(f"{app_url}/descent")
    wait_for_app(page)
    page.locator(".st-key-gd_one .js-plotly-plot").wait_for()
    assert page.evaluate(SLIDER_LABEL, "gd_one").endswith("20")  # opens on the last step
    page.locator(".st-key-gd_one").get_by_text("Play").click()
    page.wait_for_timeout(1200)
    playing = page.evaluate(SLIDER_LABEL, "gd_one")
    assert not playing.endswith("20")  # replaying from the start, a step every half second
    page.get_by_role("slider", name="Learning rate γ").first.focus()
    page.keyboard.press("End")  # γ = 1.1
    wait_for_app(page)
    assert page.get_by_text("diverging").count() >= 1
    page.locator(".st-key-gd_race .js-plotly-plot").wait_for()
    assert page.locator(".st-key-gd_race .scatterlayer .trace").count() >= 3
    assert_no_errors(page)
    screenshot(page, "descent-race")
