"""A real Streamlit server and a real (system) Chromium, shared by the browser tests.

Without Chromium or Playwright the tests skip, except under CI, where a skip would hide a
broken install, so it fails instead.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "browser" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run under CI: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, log_path: Path, extra_env: dict | None = None, script: str = "app.py") -> subprocess.Popen:
    log = open(log_path, "w")
    return subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", script,
            "--server.port", str(port), "--server.address", "127.0.0.1",
        ],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(extra_env or {})},
    )


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy in time")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    port = _free_port()
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    # finished projections go to a cache of this run's own, not the user's
    cache = tmp_path_factory.mktemp("cache")
    process = start_server(port, log_path, {"VECTORLAB_CACHE_DIR": str(cache)})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
    except RuntimeError as exc:
        process.kill()
        raise RuntimeError(f"{exc}\n{log_path.read_text()}") from exc
    yield url
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.when == "call":
        item.call_failed = report.failed


# Marks when the app's script starts a run and when the test last touched the page, so that
# wait_for_app can tell a rerun that already began from one still to come (see there).
RUN_WATCH = """(() => {
  const seen = window.__vlRun = { input: 0, started: 0 };
  const touched = () => { seen.input = performance.now(); };
  for (const type of ['pointerdown', 'pointerup', 'keydown', 'keyup', 'input', 'change']) {
    window.addEventListener(type, touched, true);
  }
  // page.goto returns at the page's 'load': its first run counts from there, as a click's run
  // does (not captured: an image's or a script's own load event must not count)
  window.addEventListener('load', touched);
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) { setTimeout(watch, 10); return; }
    const note = () => { if (app.getAttribute('data-test-script-state') === 'running') seen.started = performance.now(); };
    new MutationObserver(note).observe(app, { attributes: true, attributeFilter: ['data-test-script-state'] });
    note();
  };
  watch();
})()"""


def new_context(browser, **options):
    """A fresh browser context (its own cookies and cache) whose pages wait_for_app can follow."""
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 1000}, **options})
    context.add_init_script(RUN_WATCH)
    return context


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context for the tests of a run: Streamlit's scripts and styles (some megabytes) come
    from its cache after the first page instead of being fetched and compiled for every test.
    Each test still gets a page of its own, and so a Streamlit session of its own; tests that
    need a fresh browser (a copied link, permissions, nothing cached) make their own context."""
    context = new_context(browser)
    yield context
    context.close()


@pytest.fixture
def page(browser_context, request):
    page = browser_context.new_page()
    # Every test also checks that no script on the page failed (an uncaught error or rejection):
    # the classroom run found such errors that no single test looked for.
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(f"{error.name}: {error.message} {error.stack or ''}"[:600]))
    yield page
    failed = getattr(request.node, "call_failed", False)
    if failed:  # what the page showed when the test failed
        try:
            screenshot(page, "failed-" + "".join(c if c.isalnum() else "-" for c in request.node.name))
        except Exception:  # noqa: BLE001 -- a broken page must not hide the test's own failure
            pass
    page.close()
    if not failed and script_errors:
        pytest.fail("script errors on the page:\n" + "\n".join(script_errors))


# A rerun starts some milliseconds after the click or key that asks for it; until then the page
# still says notRunning. So first the run must have started since the test last touched the page,
# or 250 ms have passed without one (an action that asks for no rerun, a run too short to be
# seen); a page without RUN_WATCH waits the 250 ms. Then: connected, the script not running,
# nothing still loading. One function, polled in the page, instead of a round trip per check.
_SETTLED = """() => { const seen = window.__vlRun, now = performance.now();
  if (seen && !(seen.started > seen.input || now - seen.input > 250)) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED'
    && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]'); }"""


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the page's script has finished running and nothing is still loading."""
    if not page.evaluate("() => Boolean(window.__vlRun)"):
        page.wait_for_timeout(250)
    page.wait_for_function(_SETTLED, timeout=timeout, polling=20)
    # and the frame after it: React's effects (plotly draws a new figure in one) have run
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


LANGUAGE_BOX = "Language · Язык · Тіл"


def switch_language(page, code: str) -> None:
    """Switch the interface language with the sidebar's picker, as a student does: a rerun of the
    page, about a third of the time a page load takes (measured: 0.5-1.8 s against 2.5-4 s),
    so a test that looks at one page in several languages loads it once."""
    from core.i18n import LANGUAGES

    box = page.get_by_role("combobox", name=LANGUAGE_BOX)
    box.click()
    option = page.get_by_role("option", name=LANGUAGES[code], exact=True)
    try:
        option.wait_for(timeout=1000)
    except Exception:  # noqa: BLE001 -- playwright's TimeoutError: a click now and then only focuses it
        box.press("ArrowDown")
    option.click()
    wait_for_app(page)


def assert_no_errors(page) -> None:
    for selector in ("[data-testid='stException']", "[data-testid='stAlertContentError']"):
        assert page.locator(selector).count() == 0, f"{selector} on {page.url}"
    assert page.get_by_text("Page not found").count() == 0, f"'Page not found' on {page.url}"


def screenshot(page, name: str) -> Path | None:
    """The whole page, to tests/browser/screenshots/ for a person to look at. Not under CI: the
    CI machine keeps no files, and some hundred of them cost 10-15 s of the browser worker
    (0.1-0.17 s each); a failure's screenshot ("failed-...") is taken there too."""
    if os.environ.get("CI") and not name.startswith("failed-"):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
