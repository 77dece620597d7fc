"""Hostile text in every text field, the XSRF cookie, and a copied link in a fresh browser."""

import pytest

from app_pages.registry import PAGES
from tests.browser.conftest import wait_for_app

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>'
# The train-embeddings page shows its text fields part by part.
VIEWS = [f"/{spec.url_path}" for spec in PAGES] + [
    f"/train-embeddings?te_part={part}" for part in ("pairs", "step", "word2vec", "fasttext", "glove")
]
FIELDS = ("main.stMain input[type='text']:not([role='combobox']):not([data-testid='stNumberInputField']), "
          "main.stMain textarea")


@pytest.mark.parametrize("view", VIEWS)
def test_markup_typed_into_any_field_stays_text(page, app_url, view):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app_url + view)
    wait_for_app(page)
    count = page.locator(FIELDS).count()
    for index in range(count):
        field = page.locator(FIELDS).nth(index)
        if not field.is_visible() or not field.is_editable():
            continue
        field.fill(PAYLOAD)
        field.press("Control+Enter" if field.evaluate("e => e.tagName") == "TEXTAREA" else "Enter")
        wait_for_app(page)
        assert page.locator("[data-testid='stException']").count() == 0, f"traceback after field {index} on {view}"
    state = page.evaluate("""() => ({ xss: window.__xss ?? null,
        injected: document.querySelectorAll('img[src="x"], main.stMain script').length,
        bold: [...document.querySelectorAll('main.stMain b')].filter((b) => b.textContent === 'bold').length })""")
    assert state == {"xss": None, "injected": 0, "bold": 0}, (view, state)
    assert dialogs == []


def test_the_hostile_text_reaches_the_text_fields(page, app_url):
    """The check above is not vacuous: these pages have text fields and the test finds them."""
    for view in ("/wmd", "/analogies", "/sentence-vectors"):
        page.goto(app_url + view)
        wait_for_app(page, timeout=60_000)
        assert page.locator(FIELDS).count() >= 1, view


def test_xsrf_protection_is_on(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    assert any(cookie["name"] == "_streamlit_xsrf" for cookie in page.context.cookies())


@pytest.mark.parametrize("view", ["/", "/train", "/similarity"])
def test_pages_ask_nothing_of_the_internet(page, app_url, view):
    """A classroom server may be offline: every request a page makes goes to our own server."""
    outside = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith((app_url, "data:", "blob:")) else None)
    page.goto(app_url + view)
    wait_for_app(page, timeout=60_000)
    page.wait_for_timeout(1000)
    assert outside == []
