"""Class mode across two replicas behind nginx, the classes in Redis (deploy/replicas.py --redis).

The teacher's browser is on one replica and three students' browsers on the other, so every
change reaches them only through Redis: the teacher's replica writes the new version and
publishes it, the students' replica hears it on its pub/sub listener and wakes its followers.
The students join by the code (typed two ways) and by the link, follow a page change and a
setting, one breaks away and stays put, comes back and follows again. Then the private Redis is
killed: the script starts it again, the classes are gone, and a new class works across the
replicas (both replicas' listeners reconnected). The follow times, from the teacher's click to
the student's page showing the teacher's page and setting, are printed (`-s`); a student that
never follows fails the test (see FOLLOW_BUDGET).

Needs nginx, redis-server and the system Chromium: without them the test skips, except under
CI, where it fails (.ci/run installs all three).
"""

from __future__ import annotations

import contextlib
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
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import assert_no_errors, new_context, screenshot, wait_for_app
from tests.redis_server import redis_server_program

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "replicas.py"
WAIT = 60_000  # ms for any one step (the machine may be shared with other tests)
# How fast students follow is measured by bench/class_load.py, not asserted here: a timed
# assertion fails on a shared runner (CI: a 5 s limit failed at 9.5 s once while the page that
# was woken in 1.8 s drew beside the other worker's tests). A lost push still fails: nothing
# else makes a student's page run, so the student's wait (WAIT) runs out. The times are printed
# either way; VECTORLAB_FOLLOW_BUDGET_S=<seconds> asserts them on a quiet machine.
_BUDGET = os.environ.get("VECTORLAB_FOLLOW_BUDGET_S")
FOLLOW_BUDGET = float(_BUDGET) if _BUDGET else None
# The activations' radio: the options' order in core.nn.activations.ACTIVATIONS; an option's
# input carries its index, which says the same in every interface language.
SIGMOID, TANH, RELU, GELU = 2, 3, 4, 8
RUSSIAN_TITLE = "Функции активации"  # act.title in ru: the linked student reads the page in Russian


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"class replica test cannot run under CI: {reason}")
    pytest.skip(reason)


def _free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is free to a server
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _ports(preferred: int, count: int) -> list[int]:
    """`count` consecutive free ports: the project's range for this test when free, else any."""
    for base in [preferred] + [random.randint(20_000, 60_000) for _ in range(200)]:
        if all(_free(base + i) for i in range(count)):
            return list(range(base, base + count))
    raise RuntimeError("no free ports")


@dataclass
class Cluster:
    url: str
    run_dir: Path
    process: subprocess.Popen

    def ready(self) -> dict:
        return json.loads((self.run_dir / "ready.json").read_text())

    def streams(self) -> dict[str, set[str]]:
        """cookie key -> the replicas that served its websockets, from nginx's access log."""
        served: dict[str, set[str]] = {}
        pattern = re.compile(r'"GET /_stcore/stream[^"]*" .*key=(?P<key>\S+) upstream=(?P<upstream>\S+)')
        for match in map(pattern.search, (self.run_dir / "access.log").read_text().splitlines()):
            if match:
                served.setdefault(match["key"], set()).add(match["upstream"])
        return served


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not (shutil.which("nginx") or os.access("/usr/sbin/nginx", os.X_OK)):
        _unavailable("nginx is not installed (apt-get install nginx)")
    if redis_server_program() is None:
        _unavailable("redis-server is not installed (apt-get install redis-server)")
    base = tmp_path_factory.mktemp("class-replicas")
    run_dir = base / "run"
    first, _ = _ports(8670, 2)  # the replicas: 8670, 8671
    (listen,) = _ports(8680, 1)
    (redis_port,) = _ports(random.randint(6380, 6389), 1)
    output = open(base / "replicas.out", "w")
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--replicas", "2", "--first-port", str(first), "--listen",
         f"127.0.0.1:{listen}", "--run-dir", str(run_dir), "--debug-header", "--redis",
         "--redis-port", str(redis_port), "--timeout", "150"],
        cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
        env={**os.environ, "VECTORLAB_CACHE_DIR": str(base / "cache")},
    )
    while not (run_dir / "ready.json").exists():
        if process.poll() is not None or time.monotonic() - started > 180:
            process.kill()
            pytest.fail(f"deploy/replicas.py did not get ready:\n{(base / 'replicas.out').read_text()}")
        time.sleep(0.2)
    print(f"\nreplicas, nginx and Redis ready in {time.monotonic() - started:.1f} s")
    yield Cluster(json.loads((run_dir / "ready.json").read_text())["url"], run_dir, process)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
    output.close()


# Polled in a student's page every 10 ms from the moment it is armed: `woken` when the address
# first changes (the student's replica heard the teacher and runs the page: its first act is
# to take on the teacher's link), `seen` when the address shows the wanted page and parameters
# and the page has drawn the activation radio with the wanted option checked. Date.now(): one
# clock for every page of the machine.
ARM = """(want) => {
  const watch = window.__vlFollow = { want, woken: null, seen: null };
  const armed = location.href;
  const check = () => {
    if (window.__vlFollow !== watch) return;
    if (watch.woken === null && location.href !== armed) watch.woken = Date.now();
    const params = new URLSearchParams(location.search);
    const radio = document.querySelector(`.st-key-f input[type=radio][value="${want.radio}"]`);
    if (location.pathname.endsWith(want.path) && radio && radio.checked
        && Object.entries(want.params).every(([k, v]) => params.get(k) === v)) {
      watch.seen = Date.now();
      if (watch.woken === null) watch.woken = watch.seen;
      return;
    }
    setTimeout(check, 10);
  };
  check();
}"""
CLICKED = """() => { window.__vlClickAt = null;
  window.addEventListener('pointerdown', () => { window.__vlClickAt = Date.now(); }, { capture: true, once: true }); }"""


def _arm(pages, radio: int, params: dict) -> None:
    for page in pages:
        page.evaluate(ARM, {"path": "/activations", "radio": str(radio), "params": params})


def _click_and_time(actor, target, followers, what: str, times: dict) -> None:
    """Click `target` on `actor`'s page; wait until every follower shows what was armed; keep
    the seconds from the click to each follower's `seen` in times[what] (and, to see where the
    time goes, to its `woken` and to the teacher's own page showing the change)."""
    teacher = actor not in followers
    if teacher:  # the teacher's address has no class code
        want = followers[0].evaluate("() => window.__vlFollow.want")
        actor.evaluate(ARM, {**want, "params": {k: v for k, v in want["params"].items() if k != "class"}})
    actor.evaluate(CLICKED)
    target.click()
    clicked = actor.evaluate("() => window.__vlClickAt")
    assert clicked is not None, f"{what}: the click did not reach the page"
    if teacher:
        actor.wait_for_function("() => window.__vlFollow.seen !== null", timeout=WAIT, polling=50)
        times.setdefault(what + " (teacher's own page)", []).append(
            (actor.evaluate("() => window.__vlFollow.seen") - clicked) / 1000)
    for follower in followers:
        follower.wait_for_function("() => window.__vlFollow && window.__vlFollow.seen !== null", timeout=WAIT, polling=50)
        watch = follower.evaluate("() => window.__vlFollow")
        times.setdefault(what, []).append((watch["seen"] - clicked) / 1000)
        times.setdefault(what + " (woken)", []).append((watch["woken"] - clicked) / 1000)
    for follower in followers:
        wait_for_app(follower, timeout=WAIT)
        assert_no_errors(follower)


def _shows(page, radio: int) -> bool:
    return page.evaluate(f"() => Boolean(document.querySelector('.st-key-f input[value=\"{radio}\"]')?.checked)")


def _contexts_on_two_replicas(browser, url: str, students: int):
    """A teacher's context on one replica and `students` contexts on the other: each fresh
    context draws its nginx key with a first request (routed by the address: no key yet), and the
    second shows where the key leads; draw until the other replica has enough."""
    def fresh():
        context = new_context(browser)
        context.request.get(url + "/_stcore/health")
        replica = context.request.get(url + "/_stcore/health").headers["x-vectorlab-replica"]
        key = next(c["value"] for c in context.cookies() if c["name"] == "vectorlab_replica")
        return context, replica, key

    teacher = fresh()
    others = []
    for _ in range(40):
        if len(others) == students:
            break
        drawn = fresh()
        if drawn[1] != teacher[1]:
            others.append(drawn)
        else:
            drawn[0].close()
    assert len(others) == students, "nginx sent 40 fresh browsers to one replica"
    return teacher, others


def _open_class_mode(page) -> None:
    """The sidebar's "Class mode" expander (its buttons and fields are found by their keys, which
    stay put when their labels or places change)."""
    page.locator("[data-testid='stSidebar'] [data-testid='stExpander'] summary").filter(has_text="Class mode").click()


def _warm(page, url: str, lang: str = "en") -> None:
    """Opens the page the class will go to, in the student's language: the first visit on a
    fresh replica imports its modules and the first in a language builds its texts (seconds),
    which is not what a follow time should measure."""
    page.goto(f"{url}/activations" + (f"?lang={lang}" if lang != "en" else ""))
    wait_for_app(page, timeout=WAIT)
    page.locator(".st-key-act_chart .js-plotly-plot").wait_for(timeout=WAIT)


def _join_by_code(page, url: str, typed: str) -> None:
    """On the page the student was looking at: the class takes them to the teacher's page."""
    _open_class_mode(page)
    page.locator(".st-key-class_code_input input").fill(typed)
    page.locator(".st-key-class_join button").click()
    page.wait_for_url(re.compile(r"[?&]class="), timeout=WAIT)
    wait_for_app(page, timeout=WAIT)


def _start_class(page, url: str) -> str:
    _warm(page, url)
    page.goto(url + "/")
    wait_for_app(page, timeout=WAIT)
    _open_class_mode(page)
    page.locator(".st-key-class_start button").click()
    # on a loaded machine the run may start after wait_for_app's 250 ms: wait for its effect
    page.wait_for_url(re.compile(r"[?&]teacher="), timeout=WAIT)
    wait_for_app(page, timeout=WAIT)
    code = re.search(r"[?&]class=([A-Z0-9]+)", page.url)
    assert code and "teacher=" in page.url, page.url
    return code.group(1)


def _counts(teacher, joined: int, following: int) -> None:
    # the teacher's counts are read once a second
    teacher.get_by_text(re.compile(rf"{joined}\s+joined · {following}\s+follow")).wait_for(timeout=10_000)


@contextlib.contextmanager
def _evidence(cluster: Cluster, name: str, pages: list):
    """On a failure: a screenshot of every page (tests/browser/screenshots/) and the end of each
    replica's log in the message."""
    try:
        yield
    except BaseException as failure:
        for i, page in enumerate(pages):
            with contextlib.suppress(Exception):
                screenshot(page, f"failed-{name}-{i}")
        logs = "\n".join(f"--- {path.name}\n{path.read_text()[-1500:]}" for path in sorted(cluster.run_dir.glob("replica-*.log")))
        raise AssertionError(f"{failure}\n{logs}") from failure


def _report(times: dict) -> str:
    lines = ["follow times across replicas (teacher's click -> student's page shows it; woken: its address changed):"]
    lines += [f"  {what}: " + ", ".join(f"{s:.2f} s" for s in seconds) for what, seconds in times.items()]
    print("\n".join(lines))
    return "\n".join(lines)


def _within_budget(times: dict) -> None:
    """Checked once the whole lesson has run, so that a slow follow still lets the rest be tested
    and the message gives every time."""
    report = _report(times)
    print(report)
    assert all(seconds for seconds in times.values()), report  # every change was followed
    if FOLLOW_BUDGET is not None:
        slow = [s for what, seconds in times.items() if "(" not in what for s in seconds if s > FOLLOW_BUDGET]
        assert not slow, f"students followed after more than {FOLLOW_BUDGET} s:\n{report}"


@pytest.mark.timeout(300)
def test_teacher_on_one_replica_students_on_the_other(cluster, browser):
    started = time.monotonic()
    (t_context, t_replica, t_key), students = _contexts_on_two_replicas(browser, cluster.url, 3)
    teacher = t_context.new_page()
    pupils = [context.new_page() for context, _, _ in students]
    try:
        with _evidence(cluster, "class-replicas", [teacher, *pupils]):
            times = _lesson(cluster.url, teacher, pupils)
    finally:
        for context in [t_context] + [context for context, _, _ in students]:
            context.close()  # nginx logs a websocket when it closes
    # every websocket of a browser went to its replica: the teacher's to one, the students' to the other
    keys = [t_key] + [key for _, _, key in students]
    deadline = time.monotonic() + 20
    while not all(key in (served := cluster.streams()) for key in keys) and time.monotonic() < deadline:
        time.sleep(0.3)
    assert served.get(t_key) == {t_replica}, served
    for _, replica, key in students:
        assert replica != t_replica and served.get(key) == {replica}, served
    print(f"class across replicas in {time.monotonic() - started:.1f} s")
    _within_budget(times)


def _lesson(url: str, teacher, pupils) -> dict[str, list[float]]:
    from playwright.sync_api import expect

    code = _start_class(teacher, url)
    # the join link on the teacher's screen is nginx's address (the browser's), never a replica's
    links = teacher.locator("[data-testid='stSidebar'] code").filter(has_text="?class=").all_inner_texts()
    assert f"{url}/?class={code}" in [link.strip() for link in links], links
    for pupil, lang in zip(pupils, ("en", "en", "ru")):
        _warm(pupil, url, lang)
    # by the code as shown ("KMR 3QX"), by the code typed carelessly, by the link in Russian
    _join_by_code(pupils[0], url, f"{code[:3]} {code[3:]}")
    _join_by_code(pupils[1], url, f" {code.lower()} ")
    pupils[2].goto(f"{url}/?class={code}&lang=ru")
    for pupil in pupils:
        pupil.wait_for_url(re.compile(r"/\?class="), timeout=WAIT)  # on the teacher's page: Home
        wait_for_app(pupil, timeout=WAIT)
        expect(pupil.locator(".st-key-class_strip")).to_contain_text(f"{code[:3]} {code[3:]}", timeout=WAIT)
        assert_no_errors(pupil)
    _counts(teacher, 3, 3)

    times: dict[str, list[float]] = {}
    # the teacher opens another page: every student goes there
    _arm(pupils, SIGMOID, {"class": code})
    nav = teacher.get_by_test_id("stSidebarNav")
    _click_and_time(teacher, nav.get_by_role("link", name="Activations"), pupils, "page", times)
    wait_for_app(teacher, timeout=WAIT)
    # and a setting: ReLU; each student keeps their own language
    _arm(pupils, RELU, {"class": code, "f": "relu"})
    _click_and_time(teacher, teacher.locator(".st-key-f").get_by_text("ReLU", exact=True), pupils, "setting", times)
    wait_for_app(teacher, timeout=WAIT)
    assert "lang=ru" in pupils[2].url and pupils[2].get_by_role("heading", name=RUSSIAN_TITLE).count() == 1
    assert "lang=" not in pupils[0].url

    # the first student breaks away: the teacher's next change passes them by
    pupils[0].locator(".st-key-class_break button").click()
    expect(pupils[0].locator(".st-key-class_back button")).to_be_visible(timeout=WAIT)
    wait_for_app(pupils[0], timeout=WAIT)
    _counts(teacher, 3, 2)
    _arm(pupils, TANH, {"class": code, "f": "tanh"})  # the first must stay unseen
    _click_and_time(teacher, teacher.locator(".st-key-f").get_by_text("Tanh", exact=True), pupils[1:],
                    "setting, one away", times)
    pupils[0].wait_for_timeout(1000)  # the others have followed: a second more for this one
    assert pupils[0].evaluate("() => window.__vlFollow.seen") is None and _shows(pupils[0], RELU)
    assert "f=relu" in pupils[0].url

    # back to the teacher: at once on the teacher's page, and on every change after it
    _arm(pupils[:1], TANH, {"class": code, "f": "tanh"})
    _click_and_time(pupils[0], pupils[0].locator(".st-key-class_back button"), pupils[:1], "back", times)
    _counts(teacher, 3, 3)
    _arm(pupils, GELU, {"class": code, "f": "gelu"})
    _click_and_time(teacher, teacher.locator(".st-key-f").get_by_text("GELU", exact=True), pupils,
                    "setting, all back", times)
    teacher.get_by_text(re.compile(r"joined · ")).scroll_into_view_if_needed()  # the sidebar's class panel
    screenshot(teacher, "class-replicas-teacher")
    screenshot(pupils[2], "class-replicas-student-ru")
    return times


@pytest.mark.timeout(300)
def test_a_new_class_works_after_redis_restarts(cluster, browser):
    """The private Redis dies: the script starts it again (the classes it held are gone), and
    each replica's listener reconnects, so a new class again reaches a student on the other
    replica."""
    old = cluster.ready()
    os.kill(old["redis_pid"], signal.SIGKILL)
    deadline = time.monotonic() + 20
    while cluster.ready()["redis_pid"] == old["redis_pid"]:
        assert time.monotonic() < deadline, "deploy/replicas.py did not start Redis again"
        time.sleep(0.2)
    assert cluster.ready()["redis"] == old["redis"]  # same address: the replicas keep their URL
    (t_context, _, _), [(s_context, _, _)] = _contexts_on_two_replicas(browser, cluster.url, 1)
    teacher, pupil = t_context.new_page(), s_context.new_page()
    times: dict[str, list[float]] = {}
    try:
        with _evidence(cluster, "class-after-redis-restart", [teacher, pupil]):
            code = _start_class(teacher, cluster.url)
            _warm(pupil, cluster.url)
            pupil.goto(f"{cluster.url}/?class={code}")
            pupil.wait_for_url(re.compile(r"/\?class="), timeout=WAIT)
            wait_for_app(pupil, timeout=WAIT)
            _counts(teacher, 1, 1)
            _arm([pupil], SIGMOID, {"class": code})
            _click_and_time(teacher, teacher.get_by_test_id("stSidebarNav").get_by_role("link", name="Activations"),
                            [pupil], "page, after Redis restarted", times)
    finally:
        t_context.close()
        s_context.close()
    _within_budget(times)
