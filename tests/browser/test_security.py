"""Hostile text in every text field, the XSRF cookie, and a copied link in a fresh browser."""

import pytest

from app_pages.registry import PAGES
from core.i18n import translate
from tests.browser.conftest import new_context, wait_for_app
from tests.browser.test_pages import assert_speaks

pytestmark = pytest.mark.browser

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><b>bold</b>'
# The train-embeddings page shows its text fields part by part: its test goes through them.
TRAIN_EMBEDDINGS_PARTS = ("pairs", "step", "word2vec", "fasttext", "glove")
VIEWS = [f"/{spec.url_path}" for spec in PAGES] + [
    f"/train-embeddings?te_part={part}" for part in TRAIN_EMBEDDINGS_PARTS
]
FIELDS = ("main.stMain input[type='text']:not([role='combobox']):not([data-testid='stNumberInputField']), "
          "main.stMain textarea")
# The check below is not vacuous: these pages have text fields and the test finds them.
HAVE_FIELDS = ("/wmd", "/analogies", "/sentence-vectors")


@pytest.mark.parametrize("spec", PAGES, ids=[f"/{spec.url_path}" for spec in PAGES])
def test_markup_typed_into_any_field_stays_text(page, app_url, spec):
    """Every page, opened by its Kazakh link: it speaks Kazakh (the check of
    tests/browser/test_pages.py, which opens them in Russian), and markup typed into any of its
    text fields stays text. Train embeddings: then part by part in the same page (each part was
    a page load of its own; the parts' fields have keys of their own)."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/{spec.url_path}?lang=kk")
    wait_for_app(page)
    assert_speaks(page, spec, "kk")
    _type_markup_into_every_field(page, f"/{spec.url_path}")
    if spec.url_path == "train-embeddings":
        for part in TRAIN_EMBEDDINGS_PARTS:
            page.get_by_role("radio", name=translate("kk", f"te.part.{part}")).click()
            wait_for_app(page)
            assert f"te_part={part}" in page.url
            _type_markup_into_every_field(page, f"/train-embeddings?te_part={part}")
    assert dialogs == []


def _type_markup_into_every_field(page, view: str) -> None:
    count = page.locator(FIELDS).count()
    if view in HAVE_FIELDS:
        assert count >= 1, view
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


def test_the_hostile_text_reaches_the_text_fields():
    """The pages the test above must find text fields on are among the pages it opens."""
    assert set(HAVE_FIELDS) <= set(VIEWS)


def test_xsrf_protection_is_on(page, app_url):
    page.context.clear_cookies()  # the tests share a browser context: this page's own cookie
    page.goto(app_url)
    wait_for_app(page)
    assert any(cookie["name"] == "_streamlit_xsrf" for cookie in page.context.cookies())


@pytest.mark.parametrize("view", ["/", "/train", "/similarity"])
def test_pages_ask_nothing_of_the_internet(browser, app_url, view):
    """A classroom server may be offline: every request a page makes goes to our own server.
    In a fresh browser context: nothing may come from a cache that another test filled."""
    context = new_context(browser)
    try:
        page = context.new_page()
        outside, script_errors = [], []
        page.on("request", lambda request: outside.append(request.url)
                if not request.url.startswith((app_url, "data:", "blob:")) else None)
        page.on("pageerror", lambda error: script_errors.append(f"{error.name}: {error.message}"))
        page.goto(app_url + view)
        wait_for_app(page, timeout=60_000)
        page.wait_for_timeout(1000)
        assert outside == []
        assert script_errors == []
    finally:
        context.close()
