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


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
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
    context.close()
    if not failed and script_errors:
        pytest.fail("script errors on the page:\n" + "\n".join(script_errors))


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until the page's script has finished running and nothing is still loading."""
    page.wait_for_timeout(250)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=timeout
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout
    )
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stSkeleton\"], [data-testid=\"stSpinner\"]').length === 0",
        timeout=timeout,
    )


def assert_no_errors(page) -> None:
    for selector in ("[data-testid='stException']", "[data-testid='stAlertContentError']"):
        assert page.locator(selector).count() == 0, f"{selector} on {page.url}"
    assert page.get_by_text("Page not found").count() == 0, f"'Page not found' on {page.url}"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
