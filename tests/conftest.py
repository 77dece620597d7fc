"""Shared by tests/browser and tests/deploy: one system Chromium per worker process (a second
Playwright in the same thread is refused).

The suite runs on two pytest-xdist workers (pytest.ini). The browser tests are one group, so
they run in one worker, one after another, against one server and one Chromium, while the other
worker runs the core and AppTest files; each deploy file goes to whichever is free first."""

import os
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _unavailable

_ONE_AFTER_ANOTHER = "tests/browser/"
# Each file starts its own servers (two replicas behind nginx) and needs only the Chromium
# program: any worker can run it.
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
            if nodeid.startswith(_ON_ITS_OWN):  # a unit per file: each starts its own cluster
                return "deploy " + nodeid.split("::", 1)[0]
            return nodeid

        def _assign_work_unit(self, node) -> None:
            # The deploy units go to the worker that first runs out of its own work: next for
            # the browser worker (it asks again with its last two tests left), last of all for
            # the other one. Whichever of the two is the long pole, the other takes them.
            deploy = [scope for scope in self.workqueue if scope.startswith("deploy ")]
            if deploy and len(deploy) < len(self.workqueue):
                browser_worker = "browser" in self.assigned_work.get(node, {})
                for scope in reversed(deploy) if browser_worker else deploy:
                    self.workqueue.move_to_end(scope, last=not browser_worker)
            super()._assign_work_unit(node)

    return BrowserTestsTogether(config, log)


# The browser worker is the long pole (a server and a Chromium, one test after another); the
# other worker's queue of core and AppTest files has slack. A worker gives way (nice 10: CFS
# weighs it 10 to 1 when it shares a core) while it runs that queue: when both want the two
# cores, the browser tests get them first and the core tests take what is left, instead of both
# crawling. The browser worker gives way too once it joins that queue at its end. Browser and
# deploy tests run at the normal priority wherever they run (the servers and the Chromium they
# start inherit it): going back needs the right to lower a nice value (root, as CI runs, or
# RLIMIT_NICE), and without it no worker gives way at all. Without xdist: one process, nothing
# to give way to. On Linux the nice value is the calling thread's: the main thread's, which the
# threads and processes the tests start inherit.
_GIVE_WAY = 10


def _may_come_back() -> bool:
    import resource

    return os.geteuid() == 0 or resource.getrlimit(resource.RLIMIT_NICE)[0] >= 20


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if not hasattr(pytest_runtest_setup, "may"):
        pytest_runtest_setup.may = _may_come_back()
    if pytest_runtest_setup.may:
        wanted = 0 if item.nodeid.startswith((_ONE_AFTER_ANOTHER, _ON_ITS_OWN)) else _GIVE_WAY
        if os.getpriority(os.PRIO_PROCESS, 0) != wanted:
            os.setpriority(os.PRIO_PROCESS, 0, wanted)


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

