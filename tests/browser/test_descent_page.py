"""The gradient-descent page in a real browser: the 1-D animation plays, the race draws."""

import pytest

from core.i18n import LANGUAGES
from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

SLIDER_LABEL = """(key) => document.querySelector(`.st-key-${key} .slider-group > .slider-label`).textContent"""


def test_play_the_steps_and_race(page, app_url):
    page.goto(f"{app_url}/descent")
    wait_for_app(page)
    page.locator(".st-key-gd_one .js-plotly-plot").wait_for()
    assert page.evaluate(SLIDER_LABEL, "gd_one").endswith("20")  # opens on the last step
    page.locator(".st-key-gd_one").get_by_text("Play").click()
    # replaying from the start, a step every half second (it looked after 1.2 s)
    page.wait_for_function(f"() => !({SLIDER_LABEL})('gd_one').endsWith('20')", timeout=5_000, polling=50)
    playing = page.evaluate(SLIDER_LABEL, "gd_one")
    assert not playing.endswith("20")
    page.get_by_role("slider", name="Learning rate γ").first.focus()
    page.keyboard.press("End")  # γ = 1.1
    wait_for_app(page)
    assert page.get_by_text("diverging").count() >= 1
    page.locator(".st-key-gd_race .js-plotly-plot").wait_for()
    assert page.locator(".st-key-gd_race .scatterlayer .trace").count() >= 3
    assert_no_errors(page)
    screenshot(page, "descent-race")


FORMULAS_FIT = """(key) => [...document.querySelectorAll('.katex-display')].filter((el) => el.offsetParent)
    .map((el) => [el.scrollWidth, el.clientWidth, el.textContent.slice(0, 40)])"""


def _present(page) -> None:
    page.locator("[data-testid='stSidebar'] [data-testid='stCheckbox']").last.click()  # Presenting
    wait_for_app(page)


def test_the_secant_shrinks_to_the_tangent_and_the_gradient_field(page, app_url):
    page.goto(f"{app_url}/descent")
    wait_for_app(page)
    page.locator(".st-key-gd_secant .js-plotly-plot").wait_for()
    page.get_by_role("slider", name="Step Δx").focus()
    page.keyboard.press("End")  # Δx = 0.001
    wait_for_app(page)
    assert "gd_dx=0.001" in page.url
    legend = page.locator(".st-key-gd_secant .legendtext").all_text_contents()
    assert "secant: Δf/Δx = 5.001" in legend and "tangent: f′(x₀) = 5" in legend
    arrows = "() => document.querySelectorAll('.st-key-gd_race .annotation-arrow-g').length"
    assert page.evaluate(arrows) == 2  # ∇f and −∇f at the start point
    heads = "() => document.querySelectorAll('.st-key-gd_race .scatterlayer .point').length"
    before = page.evaluate(heads)
    page.locator(".st-key-gd_field").get_by_text("Gradient field", exact=True).click()
    wait_for_app(page)
    page.locator(".st-key-gd_race .js-plotly-plot").wait_for()
    assert page.evaluate(heads) >= before + 105  # 15 × 7 arrow heads on the bowl
    assert "gd_field=" in page.url
    page.locator(".st-key-gd_slices .js-plotly-plot").wait_for()
    assert page.locator(".st-key-gd_slices").get_by_text("∂f/∂x = -4").count() == 1
    assert_no_errors(page)
    screenshot(page, "descent-gradient-field")


def test_the_new_formulas_fit_their_columns_in_presenting_mode(page, app_url):
    """The secant's lines and the gradient's numbers were cut at the column's edge when the text
    grew by 40 %; every formula of these parts now fits, in every language. One page, switched
    from language to language in the sidebar (Presenting stays on): the longest page of the app
    is loaded once, not three times."""
    page.goto(f"{app_url}/descent?gd_dx=0.001")
    wait_for_app(page)
    _present(page)
    for lang in ("en", "ru", "kk"):
        if lang != "en":
            page.get_by_role("combobox", name="Language · Язык · Тіл").click()
            page.get_by_role("option", name=LANGUAGES[lang], exact=True).click()
            wait_for_app(page)
            assert f"lang={lang}" in page.url
        page.locator(".st-key-gd_secant .js-plotly-plot").wait_for()
        cut = [(text, scroll, client) for scroll, client, text in page.evaluate(FORMULAS_FIT)
               if scroll > client + 1 and ("Δ" in text or "∇" in text or "lim" in text)]
        assert not cut, (lang, cut)
        assert_no_errors(page)
        screenshot(page, f"descent-limit-presenting-{lang}")
