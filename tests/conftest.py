"""Shared by tests/browser and tests/deploy: one system Chromium per worker process (a second
Playwright in the same thread is refused).

The suite runs on two pytest-xdist workers (pytest.ini). The browser tests are one group, so
they run in one worker, one after another, against one server and one Chromium, while the other
worker runs the core and AppTest files; the deploy tests go to whichever is free first."""

from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _unavailable

_ONE_AFTER_ANOTHER = "tests/browser/"
# Starts its own servers (two replicas behind nginx) and needs only the Chromium program: any
# worker can run it.
_ON_ITS_OWN = "tests/deploy/"


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: absent when run with -p no:xdist
def pytest_xdist_make_scheduler(config, log):
    """The browser tests are one unit of work, so one worker runs them one after another (one
    server, one Chromium) while the other runs everything else, one test at a time. The deploy
    tests (their own servers) are a unit of their own for whichever worker is free first: the
    browser worker used to run them at its end while the other worker might already be idle.
    xdist's own `--dist loadgroup` cannot do it with pytest 9, whose node ids it can no longer
    rename; its scope scheduler puts the largest unit first, so the long one starts at once."""
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(_ONE_AFTER_ANOTHER):
                return "browser"
            return "deploy" if nodeid.startswith(_ON_ITS_OWN) else nodeid

        def _assign_work_unit(self, node) -> None:
            # The deploy unit goes to the worker that first runs out of its own work: next for
            # the browser worker (it asks again with its last two tests left), last of all for
            # the other one. Whichever of the two is the long pole, the other takes it.
            if "deploy" in self.workqueue and len(self.workqueue) > 1:
                browser_worker = "browser" in self.assigned_work.get(node, {})
                self.workqueue.move_to_end("deploy", last=not browser_worker)
            super()._assign_work_unit(node)

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

