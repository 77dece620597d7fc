"""Every registered page opens by its own link in Chromium and speaks all three languages.

Each page is opened by its Russian link in tests/browser/test_language_switch.py, which checks it
speaks Russian (assert_speaks), switches it to English and checks the shared frame there
(assert_shared_frame) before its own switches; by its Kazakh link in tests/browser/test_security.py
(assert_speaks before it types markup into the page's fields): one load of every page for each.
Every page opens by its plain (English) URL in its own page's tests.
"""

import pytest

from app_pages.registry import PAGES
from core.i18n import LANGUAGES, translate
from tests.browser.conftest import assert_no_errors, new_context, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def assert_shared_frame(page, spec) -> None:
    """A page in English: no error, and the shared frame ran (the sidebar's pickers, the menu
    with every page, the page's title)."""
    assert_no_errors(page)
    sidebar = page.get_by_test_id("stSidebar")
    # The shared frame ran: our pickers are there and the menu lists every page.
    assert sidebar.get_by_text("Language · Язык · Тіл").count() == 1
    assert sidebar.get_by_text(translate("en", "sidebar.model")).count() == 1
    if len(PAGES) > 1:  # Streamlit draws no menu for a single page
        nav = page.get_by_test_id("stSidebarNav")
        for other in PAGES:
            # Visible, not folded under Streamlit's "View N more" (it folds menus over ten pages)
            link = nav.get_by_text(translate("en", other.title_key), exact=True)
            assert link.count() == 1 and link.is_visible(), other.url_path
    assert page.title().startswith(translate("en", spec.title_key))
    screenshot(page, f"{spec.url_path or 'home'}-en")


def assert_speaks(page, spec, code: str) -> None:
    """A page just opened by a link in language `code`: no error, its title and the sidebar in
    that language."""
    assert_no_errors(page)
    assert page.title().startswith(translate(code, spec.title_key))
    assert page.get_by_text(translate(code, "sidebar.model"), exact=True).count() == 1
    screenshot(page, f"{spec.url_path or 'home'}-{code}")


def choose(page, combobox_label: str, option: str) -> None:
    page.get_by_role("combobox", name=combobox_label).click()
    page.get_by_role("option", name=option).click()
    wait_for_app(page)


def test_model_choice_travels_in_the_link(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    choose(page, translate("en", "sidebar.model"), "navec news v1 · ru")
    choose(page, "Language · Язык · Тіл", LANGUAGES["kk"])
    assert "model=" in page.url and "lang=" in page.url
    fresh = new_context(page.context.browser).new_page()
    fresh.goto(page.url)
    wait_for_app(fresh)
    model_box = fresh.get_by_role("combobox", name=translate("kk", "sidebar.model"))
    assert model_box.input_value() == "navec news v1 · ru"
    assert fresh.get_by_role("combobox", name="Language · Язык · Тіл").input_value() == "Қазақша"
    fresh.context.close()
