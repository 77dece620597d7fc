"""Shared by tests/browser and tests/deploy: one system Chromium for the whole run (a second
Playwright in the same thread is refused).

The suite runs on two pytest-xdist workers (pytest.ini). The browser and deploy tests are one
group, so they run in one worker, one after another, against one server and one Chromium,
while the other worker runs the core and AppTest files."""

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _unavailable

_ONE_AFTER_ANOTHER = ("tests/browser/", "tests/deploy/")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(_ONE_AFTER_ANOTHER):
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
