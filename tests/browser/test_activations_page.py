"""The activations page in a real browser: pick an activation, move the neuron's sliders."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

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
    page.get_by_text("ReLU", exact=True).click()
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
