"""A link copied after changing controls opens the same picture in a fresh browser."""

import pytest

from tests.browser.conftest import assert_no_errors, new_context, wait_for_app

pytestmark = pytest.mark.browser

CHART_DATA = """() => [...document.querySelectorAll('main.stMain .js-plotly-plot')].map((gd) =>
  JSON.stringify(gd.data.map((t) => [t.type, t.name, t.x, t.y, t.z, t.text])))"""


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page, timeout=90_000)
    page.locator("main.stMain .js-plotly-plot").first.wait_for(timeout=90_000)
    assert_no_errors(page)


def _change_activation(page):
    # the first neuron's group: the universal-approximation section below has a ReLU too
    page.get_by_role("radiogroup", name="Activation", exact=True).get_by_text("ReLU", exact=True).click()


def _preset_xor(page):
    page.get_by_role("button", name="XOR needs a hidden layer").click()


def _glove_part(page):
    page.get_by_role("radio", name="6 · GloVe ratios").click()


def _analogy(page):
    field = page.get_by_label("Start from (a)")
    field.fill("paris")
    field.press("Enter")


CHANGES = {
    "activations": ("f=relu", _change_activation),
    "train": ("ds=xor", _preset_xor),
    "train-embeddings": ("te_part=glove", _glove_part),
    "analogies": ("an_a=paris", _analogy),
}


@pytest.mark.parametrize("path", list(CHANGES))
def test_a_copied_link_reproduces_the_page(browser, page, app_url, path):
    expected, change = CHANGES[path]
    _open(page, f"{app_url}/{path}")
    before = page.evaluate(CHART_DATA)
    change(page)
    wait_for_app(page, timeout=90_000)
    assert expected in page.url
    shown = page.evaluate(CHART_DATA)
    assert shown != before  # the change changed the picture
    fresh = new_context(browser)
    try:
        other = fresh.new_page()
        _open(other, page.url)
        assert other.evaluate(CHART_DATA) == shown
    finally:
        fresh.close()


def test_copy_link_button_puts_the_address_on_the_clipboard(browser, app_url):
    context = new_context(browser)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=app_url)
    try:
        page = context.new_page()
        _open(page, f"{app_url}/activations?f=tanh&lang=Русский")
        page.get_by_role("button", name="Скопировать ссылку на страницу").click()
        page.get_by_text("Ссылка скопирована").wait_for(timeout=5_000)
        assert page.evaluate("navigator.clipboard.readText()") == page.url
        assert "f=tanh" in page.url
    finally:
        context.close()
