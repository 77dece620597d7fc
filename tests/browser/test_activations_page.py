"""The activations page in a real browser: pick an activation, move the neuron's sliders."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, switch_language, wait_for_app

pytestmark = pytest.mark.browser

DERIVATIVE_AT = """(x) => { const gd = document.querySelector('.st-key-act_chart .js-plotly-plot');
  const trace = gd._fullData.find((t) => t.name === 'derivative f′(x)');
  const xs = Array.from(trace.x), i = xs.findIndex((v) => Math.abs(v - x) < 1e-9);
  return trace.y[i]; }"""


def test_choosing_an_activation_and_moving_the_neuron(page, app_url):
    page.goto(f"{app_url}/activations")
    wait_for_app(page)
    page.locator(".st-key-act_chart .js-plotly-plot").wait_for()
    assert page.evaluate(DERIVATIVE_AT, 0) == pytest.approx(0.25)  # the sigmoid's f'(0)
    page.locator(".st-key-f").get_by_text("ReLU", exact=True).click()  # the approximation has its own ReLU
    wait_for_app(page)
    assert "f=relu" in page.url
    assert page.evaluate(DERIVATIVE_AT, 1) == 1.0 and page.evaluate(DERIVATIVE_AT, -1) == 0.0
    assert page.get_by_text("dead ReLU").count() >= 1
    # the neuron's weight, one step with the keyboard: 1.0 -> 1.1
    page.get_by_role("slider", name="Weight w").focus()
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    assert "w=1.1" in page.url
    assert page.get_by_text("x = −b/w = 0").count() == 1
    assert_no_errors(page)
    screenshot(page, "activations-relu")
    page.get_by_text("Leaky ReLU", exact=True).click()
    wait_for_app(page)
    assert page.get_by_text("Slope for x < 0").count() == 1
    assert page.evaluate(DERIVATIVE_AT, -1) == pytest.approx(0.1)
    assert_no_errors(page)


PANELS = """() => { const gd = document.querySelector('.st-key-ua_fits .js-plotly-plot');
  return gd._fullData.filter((t) => t.name === 'network').length; }"""
PARTS = """() => { const gd = document.querySelector('.st-key-ua_fits .js-plotly-plot');
  return gd._fullData.filter((t) => t.legendgroup === 'part').length; }"""


def test_many_neurons_approximate_a_function(page, app_url):
    page.goto(f"{app_url}/activations")
    wait_for_app(page, timeout=60_000)
    page.locator(".st-key-ua_fits .js-plotly-plot").wait_for()
    assert page.evaluate(PANELS) == 5 and page.evaluate(PARTS) == 0
    assert page.get_by_text("times smaller").count() == 1
    page.locator(".st-key-ua_target").get_by_text("|x|", exact=True).click()
    wait_for_app(page, timeout=60_000)
    page.locator(".st-key-ua_act").get_by_text("ReLU", exact=True).click()
    wait_for_app(page, timeout=60_000)
    assert "ua_target=abs" in page.url and "ua_act=relu" in page.url
    assert page.get_by_text("ReLU(x) + ReLU(−x)").count() >= 1  # the note for |x|
    page.locator(".st-key-ua_parts").get_by_text("Each neuron's part", exact=True).click()
    wait_for_app(page, timeout=60_000)
    page.locator(".st-key-ua_fits .js-plotly-plot").wait_for()
    assert page.evaluate(PARTS) == 5
    assert_no_errors(page)
    screenshot(page, "activations-approximation")


def test_the_approximation_controls_are_not_cut(page, app_url):
    """The Russian switch read "Показать вклад каждог…" in a column a quarter of the page wide.
    Opened by its Russian link, then switched to Kazakh in the sidebar (a second page load before)."""
    page.goto(f"{app_url}/activations?lang=ru")
    wait_for_app(page, timeout=60_000)
    for lang in ("ru", "kk"):
        if lang != "ru":
            switch_language(page, lang)
            assert f"lang={lang}" in page.url
        label = page.locator(".st-key-ua_parts [data-testid='stWidgetLabel'] p, .st-key-ua_parts label p").first
        label.wait_for()
        assert label.evaluate("(el) => el.scrollWidth <= el.clientWidth + 1"), lang
        assert_no_errors(page)
