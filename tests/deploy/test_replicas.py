"""Two Vectorlab replicas behind nginx (deploy/replicas.py), driven by four browsers at once.

Checks what a course behind the proxy relies on: every browser gets a working app, the browsers
spread over both replicas, each browser stays on its replica (its session state survives a
series of clicks, and its file upload reaches the replica that holds its session), and SIGTERM
stops everything. Needs nginx and the system Chromium: without them the test skips, except under
CI, where it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.browser.conftest import assert_no_errors, new_context, wait_for_app
from tests.browser.test_train_page import STATUS_SAYS

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "replicas.py"
# deploy/replicas.py as a module (deploy/ is not a package): its config renderer
_spec = importlib.util.spec_from_file_location("vectorlab_deploy_replicas", SCRIPT)
replicas = sys.modules.setdefault(_spec.name, importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(replicas)

WAIT = 150_000  # ms, for any one step: the machine may be shared with other browser tests
UPLOAD_LABEL = "Your own data (CSV)"


def _nginx() -> str | None:
    found = shutil.which("nginx") or "/usr/sbin/nginx"
    return found if os.access(found, os.X_OK) else None


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"deploy test cannot run under CI: {reason}")
    pytest.skip(reason)


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _free_ports(count: int) -> list[int]:
    """`count` consecutive free ports (the replicas take consecutive ones)."""
    for _ in range(200):
        base = random.randint(20_000, 60_000)
        if all(_free(base + i) for i in range(count)):
            return list(range(base, base + count))
    raise RuntimeError("no free ports")


def _get(url: str, cookie: str | None = None):
    """(body, headers) of a GET; headers is an email.message.Message (get_all for Set-Cookie)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode(), response.headers


def _replica_cookie(headers) -> str | None:
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("vectorlab_replica="):
            return value
    return None


@dataclass
class Cluster:
    url: str
    run_dir: Path
    ports: list[int]
    process: subprocess.Popen
    pids: dict

    def access_log(self) -> list[dict]:
        pattern = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) .*key=(?P<key>\S+) upstream=(?P<upstream>\S+)')
        return [m.groupdict() for m in map(pattern.search, (self.run_dir / "access.log").read_text().splitlines()) if m]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if _nginx() is None:
        _unavailable("nginx is not installed (apt-get install nginx)")
    base = tmp_path_factory.mktemp("replicas")
    listen, *ports = _free_ports(3)
    run_dir = base / "run"
    output = open(base / "replicas.out", "w")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--replicas", "2", "--listen", f"127.0.0.1:{listen}",
         "--first-port", str(ports[0]), "--run-dir", str(run_dir), "--debug-header", "--timeout", "150"],
        cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        # finished projections go to a cache of this run's own, not the user's
        env={**os.environ, "VECTORLAB_CACHE_DIR": str(base / "cache")},
    )
    ready = run_dir / "ready.json"
    while not ready.exists():
        if process.poll() is not None or time.monotonic() - started > 180:
            process.kill()
            pytest.fail(f"deploy/replicas.py did not get ready:\n{(base / 'replicas.out').read_text()}")
        time.sleep(0.3)
    print(f"replicas and nginx ready in {time.monotonic() - started:.1f} s")
    state = json.loads(ready.read_text())
    yield Cluster(state["url"], run_dir, ports, process, state)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    output.close()


def test_config_is_valid_nginx(tmp_path):
    """The rendered config passes `nginx -t` as it is written for the script and for conf.d/."""
    nginx = _nginx()
    if nginx is None:
        _unavailable("nginx is not installed (apt-get install nginx)")
    (tmp_path / "temp").mkdir()
    config = replicas.render_config([8501, 8502, 8503], f"127.0.0.1:{_free_ports(1)[0]}", tmp_path, tmp_path / "temp")
    assert "hash $vectorlab_key consistent;" in config and config.count("server 127.0.0.1:850") == 3
    assert "# add_header X-Vectorlab-Replica" in config  # the debug header is off unless asked for
    (tmp_path / "nginx.conf").write_text(config)
    check = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                            "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    # the site part alone, included into an http {} block as /etc/nginx/conf.d/ is
    site = replicas.site_part(config)
    assert site.startswith("# ---- site begin ----") and "upstream vectorlab" in site and "pid " not in site
    main = config[: config.index(replicas.SITE_BEGIN)] + "include site.conf;\n}\n"
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "main.conf").write_text(main)
    check = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "main.conf"),
                            "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_cookie_keys_spread_and_stick(cluster):
    """Plain HTTP: a browser without the cookie gets one (a random key) and is routed by its
    address meanwhile; a key always lands on the same replica; many keys use both replicas."""
    replica_addrs = {f"127.0.0.1:{port}" for port in cluster.ports}
    body, headers = _get(cluster.url + "/_stcore/health")
    assert body == "ok"
    cookie = _replica_cookie(headers)
    assert cookie and "HttpOnly" in cookie and "Path=/" in cookie, headers.get_all("Set-Cookie")
    key = re.match(r"vectorlab_replica=([0-9a-f]{32});", cookie).group(1)
    assert headers["X-Vectorlab-Replica"] in replica_addrs
    first = _get(cluster.url + "/_stcore/health", f"vectorlab_replica={key}")[1]
    assert _replica_cookie(first) is None  # a browser that has a key keeps it
    for _ in range(5):
        again = _get(cluster.url + "/_stcore/health", f"vectorlab_replica={key}")[1]
        assert again["X-Vectorlab-Replica"] == first["X-Vectorlab-Replica"]
    # the same (cookie-less) address, always the same replica
    assert len({_get(cluster.url + "/_stcore/health")[1]["X-Vectorlab-Replica"] for _ in range(5)}) == 1
    spread = [_get(cluster.url + "/_stcore/health", f"vectorlab_replica={os.urandom(16).hex()}")[1]["X-Vectorlab-Replica"]
              for _ in range(40)]
    assert set(spread) == replica_addrs, spread  # all 40 on one replica: odds 2 in 2**40


def _status_epoch(page) -> int | None:
    status = page.get_by_text("train loss")
    if not status.count():
        return None
    match = re.search(r"Epoch (\d+)", status.first.text_content())
    return int(match.group(1)) if match else None


def _open_together(pages, url: str, chart_key: str) -> None:
    """Every browser asks for the page first, then each waits for its chart: a class at once."""
    for page in pages:
        page.goto(url, wait_until="commit")
    for page in pages:
        wait_for_app(page, timeout=WAIT)
        page.locator(f".st-key-{chart_key} .js-plotly-plot").wait_for(timeout=WAIT)
        assert_no_errors(page)


def _wait_epoch(page, epoch: int) -> None:
    """Until the page says `epoch` (watched in the page, not read every 200 ms from here)."""
    try:
        page.wait_for_function(STATUS_SAYS, arg=epoch, timeout=WAIT, polling=50)
    except Exception:  # noqa: BLE001 -- playwright's TimeoutError: say what the page says instead
        pytest.fail(f"the page says epoch {_status_epoch(page)}, not {epoch}")


def _csv() -> bytes:
    """Two blobs of points, x1,x2,label: 1000 rows, about 20 KB, more than nginx keeps in memory
    (client_body_buffer_size, 16 KB), so the upload also passes through nginx's temp directory."""
    rng = np.random.default_rng(7)
    rows = ["x1,x2,label"]
    for label, centre in (("a", -1.5), ("b", 1.5)):
        for x1, x2 in rng.normal(centre, 0.8, size=(500, 2)):
            rows.append(f"{x1:.6f},{x2:.6f},{label}")
    return ("\n".join(rows) + "\n").encode()


@pytest.mark.timeout(600)  # about 70 s on an idle 2-core machine; far more when it is shared
def test_four_browsers_spread_stick_and_upload(cluster, browser):
    from playwright.sync_api import expect

    started = time.monotonic()
    # Four browsers (separate contexts: separate cookie jars), two on each replica. A fresh
    # browser's first request draws its key from nginx; which replica that key leads to is
    # chance, so draw browsers until each replica has two (about six draws).
    by_replica: dict[str, list] = {f"127.0.0.1:{port}": [] for port in cluster.ports}
    draws = 0
    while any(len(contexts) < 2 for contexts in by_replica.values()):
        draws += 1
        assert draws <= 24, {addr: len(c) for addr, c in by_replica.items()}
        context = new_context(browser)
        context.request.get(cluster.url + "/_stcore/health")  # nginx sets vectorlab_replica
        keys = [c["value"] for c in context.cookies() if c["name"] == "vectorlab_replica"]
        assert len(keys) == 1 and re.fullmatch(r"[0-9a-f]{32}", keys[0]), context.cookies()
        replica = context.request.get(cluster.url + "/_stcore/health").headers["x-vectorlab-replica"]
        if len(by_replica[replica]) < 2:
            by_replica[replica].append((context, keys[0]))
        else:
            context.close()
    sessions = [(replica, context, key) for replica, pairs in by_replica.items() for context, key in pairs]
    pages = [context.new_page() for _, context, _ in sessions]

    # All four open the playground at once, then each presses Step three times: the epoch
    # counts up only if every rerun reaches the replica that holds the session's state.
    _open_together(pages, cluster.url + "/train", "pg_chart")
    for epoch in (1, 2, 3):
        for page in pages:
            page.get_by_role("button", name="Step").click()
        for page in pages:
            wait_for_app(page, timeout=WAIT)
            _wait_epoch(page, epoch)

    # Each uploads a CSV (a PUT beside the websocket that must reach the same replica: another
    # one answers 400 "Invalid session_id"), and the page trains on it.
    data = _csv()
    for page in pages:
        uploader = page.get_by_test_id("stFileUploader").filter(has_text=UPLOAD_LABEL)
        uploader.locator("input[type=file]").set_input_files(
            files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": data}])
    for page in pages:
        # the upload became this session's data set
        expect(page.get_by_role("combobox", name="Data set")).to_have_value("Your file: points.csv", timeout=WAIT)
        wait_for_app(page, timeout=WAIT)
        assert_no_errors(page)
        page.get_by_role("button", name="Step").click()
    for page in pages:
        wait_for_app(page, timeout=WAIT)
        _wait_epoch(page, 1)  # a new data set starts a new training

    # The word vectors: the similarity page draws its neighbours chart on both replicas (one
    # browser each: the first loads the model into its replica, 400,000 GloVe vectors).
    similar = [pages[0], pages[2]]
    _open_together(similar, cluster.url + "/similarity", "sim_neighbours")

    for _, context, _ in sessions:
        context.close()  # nginx logs a websocket when it closes

    # nginx's access log: every request of a browser went to that browser's replica, the
    # websockets and the uploads included; both replicas served sessions.
    deadline = time.monotonic() + 20
    while True:
        entries = cluster.access_log()
        streams = [e["key"] for e in entries if e["path"].startswith("/_stcore/stream")]
        if len(streams) >= len(sessions) + len(similar) or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    for replica, _, key in sessions:
        mine = [e for e in entries if e["key"] == key]
        assert {e["upstream"] for e in mine} == {replica}, mine
        assert any(e["path"].startswith("/_stcore/stream") for e in mine), mine
        uploads = [e for e in mine if e["path"].startswith("/_stcore/upload_file/") and e["method"] in ("PUT", "POST")]
        assert uploads and all(e["status"].startswith("2") for e in uploads), uploads
    keys = {key for _, _, key in sessions}
    served = {e["upstream"] for e in entries if e["key"] in keys and e["path"].startswith("/_stcore/stream")}
    assert served == set(by_replica) and len(served) == 2
    # the 20 KB uploads went through nginx's temp files, which its worker could write
    assert "client request body is buffered to a temporary file" in (cluster.run_dir / "nginx-error.log").read_text()
    print(f"four browsers through nginx in {time.monotonic() - started:.1f} s ({draws} draws)")


def test_sigterm_stops_nginx_and_replicas(cluster):
    """Last: SIGTERM to the script stops nginx and every replica, and nothing is left listening."""
    pids = [cluster.pids["nginx_pid"], *cluster.pids["replicas"].values()]
    cluster.process.send_signal(signal.SIGTERM)
    assert cluster.process.wait(40) == 0
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        pytest.fail(f"process {pid} still running after SIGTERM")
    for port in cluster.ports:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    assert not (cluster.run_dir / "ready.json").exists()
