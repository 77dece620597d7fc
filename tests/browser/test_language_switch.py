"""On every page: make a choice, switch the interface language twice, then use the page.

Each page is first opened by its Russian link (the check of tests/browser/test_pages.py: it
speaks Russian) and switched to English (the shared frame's check), so that a page loads once
for both: a switch is a rerun, about a third of a page load.

The defect this guards against: option widgets kept the old language's label as their value,
so a switch crashed the page ("unknown activation 'Tanh'"), or dropdowns went on showing the
old language and radio groups showed nothing selected.
"""

import re

import pytest

from app_pages.registry import PAGES
from core.i18n import LANGUAGES, translate
from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app
from tests.browser.test_pages import assert_shared_frame, assert_speaks

pytestmark = pytest.mark.browser

LANGUAGE_BOX = "Language · Язык · Тіл"


def _switch(page, code: str) -> None:
    page.get_by_role("combobox", name=LANGUAGE_BOX).click()
    page.get_by_role("option", name=LANGUAGES[code], exact=True).click()
    wait_for_app(page)


def _open(page, box):
    """Open a dropdown's list (a click now and then only focuses it: the arrow key opens it; a
    list that was opening anyway just moves its highlight)."""
    box.click()
    options = page.get_by_role("option")
    try:
        options.first.wait_for(timeout=1000)
    except Exception:  # noqa: BLE001 -- playwright's TimeoutError
        box.press("ArrowDown")
        options.first.wait_for()
    return options


def _choose(page, box, index: int | None = None) -> int:
    """Choose the option at `index` (the last when None) of a dropdown; returns its index. A list
    far down a loaded page can close again while the page settles after scrolling to it (seen on
    Gradient descent in full CI runs), so a choice that does not land is tried again."""
    for attempt in range(3):
        options = _open(page, box)
        index = options.count() - 1 if index is None else index
        try:
            options.nth(index).click(timeout=5000)
            return index
        except Exception:  # noqa: BLE001 -- playwright's TimeoutError
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    return index


def _main(page):
    return page.get_by_test_id("stMain")


def _selected_index(page, box) -> int:
    """Which option of a dropdown is selected (by position: labels change with the language)."""
    options = _open(page, box)
    chosen = [i for i in range(options.count()) if options.nth(i).get_attribute("aria-selected") == "true"]
    page.keyboard.press("Escape")
    return chosen[0] if chosen else -1


def _checked_index(group) -> int:
    inputs = group.locator("input[type=radio]")
    return next((i for i in range(inputs.count()) if inputs.nth(i).is_checked()), -1)


def _radios_all_checked(page) -> bool:
    groups = _main(page).get_by_test_id("stRadio")
    return all(groups.nth(i).locator("input[type=radio]:checked").count() == 1 for i in range(groups.count()))


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path or "home" for spec in PAGES])
def test_a_choice_survives_two_language_switches_and_the_page_still_works(page, app_url, spec):
    from playwright.sync_api import expect  # here: without playwright the browser fixture skips

    page.goto(f"{app_url}/{spec.url_path}?lang=ru")
    wait_for_app(page)
    assert_speaks(page, spec, "ru")  # the page opens by its Russian link (tests/browser/test_pages.py)
    _switch(page, "en")
    assert "lang=" not in page.url  # English, the default, says nothing in the link
    expect(page).to_have_title(re.compile("^" + re.escape(translate("en", spec.title_key))), timeout=5_000)
    assert_shared_frame(page, spec)  # in English (tests/browser/test_pages.py)
    # The radio group first: it may show or hide the dropdowns (the map's word source).
    radios = _main(page).get_by_test_id("stRadio")
    if radios.count():  # the second option of the first radio group
        labels = radios.first.get_by_test_id("stRadioOption")
        if labels.count() > 1:
            labels.nth(1).click()
            wait_for_app(page)
    boxes = _main(page).get_by_role("combobox")
    chosen = None
    if boxes.count():
        chosen = _choose(page, boxes.first)  # the last option: rarely the default
        wait_for_app(page)
    radios = _main(page).get_by_test_id("stRadio")
    radio_choice = _checked_index(radios.first) if radios.count() else None
    assert_no_errors(page)

    for code in ("ru", "kk"):
        _switch(page, code)
        assert_no_errors(page)
        # the title follows the run by a moment (it once still said Russian after the switch to Kazakh)
        expect(page).to_have_title(re.compile("^" + re.escape(translate(code, spec.title_key))), timeout=5_000)
        assert _radios_all_checked(page), f"a radio group shows nothing selected after switching to {code}"
        if chosen is not None:
            assert _selected_index(page, _main(page).get_by_role("combobox").first) == chosen
        if radio_choice is not None:
            assert _checked_index(_main(page).get_by_test_id("stRadio").first) == radio_choice
        screenshot(page, f"switched-{spec.url_path or 'home'}-{code}")

    # Then use the page in the new language: another option of the first dropdown and radio group.
    if chosen is not None:
        _choose(page, _main(page).get_by_role("combobox").first, 0)
        wait_for_app(page)
        assert_no_errors(page)
    radios = _main(page).get_by_test_id("stRadio")
    if radios.count():
        radios.first.get_by_test_id("stRadioOption").first.click()
        wait_for_app(page)
    assert_no_errors(page)
    assert _radios_all_checked(page)
