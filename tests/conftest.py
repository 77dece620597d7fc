"""Shared by tests/browser and tests/deploy: one system Chromium for the whole run (a second
Playwright in the same thread is refused).

The suite runs on two pytest-xdist workers (pytest.ini). The browser and deploy tests are one
group, so they run in one worker, one after another, against one server and one Chromium,
while the other worker runs the core and AppTest files."""

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _unavailable

_ONE_AFTER_ANOTHER = ("tests/browser/", "tests/deploy/")


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: absent when run with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """The browser and deploy tests are one unit of work, so one worker runs them one after
    another (one server, one Chromium) while the other runs everything else, one test at a time.
    xdist's own `--dist loadgroup` cannot do it with pytest 9, whose node ids it can no longer
    rename; its scope scheduler puts the largest unit first, so the long one starts at once."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith(_ONE_AFTER_ANOTHER) else nodeid

    return BrowserTestsTogether(config, log)


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

