"""A number field in a real browser: "1,5" typed into x₁ on Backpropagation is one and a half
(a browser's own number input read it as 15), and "abc" is refused without changing the page."""

import pytest

from core.nn.backprop import EXAMPLE, EXAMPLE_TARGET, EXAMPLE_X, walkthrough
from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app
from tests.browser.test_backprop_page import loss_on_graph

pytestmark = pytest.mark.browser


def test_a_decimal_comma_on_backprop(page, app_url):
    page.goto(f"{app_url}/backprop")
    wait_for_app(page)
    page.locator(".st-key-bp_graph .js-plotly-plot").wait_for()
    field = page.locator(".st-key-bp_x1__text input")
    field.fill("1,5")
    field.press("Enter")
    wait_for_app(page)
    expected = walkthrough(EXAMPLE, (1.5, EXAMPLE_X[1]), EXAMPLE_TARGET).loss
    page.wait_for_function("() => location.search.includes('bp_x1=1.5')")
    assert loss_on_graph(page) == pytest.approx(expected, abs=1e-4)
    assert field.input_value() == "1.5"
    field.fill("abc")
    field.press("Enter")
    wait_for_app(page)
    page.get_by_text("Enter a number from −100 to 100. Still using 1.5.").wait_for()
    assert loss_on_graph(page) == pytest.approx(expected, abs=1e-4) and "bp_x1=1.5" in page.url
    assert_no_errors(page)
    screenshot(page, "number-field-refused")
