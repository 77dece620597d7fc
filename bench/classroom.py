"""A class on one server (DESIGN.md, "Budgets": 30 students, no errors, p95 interaction < 2 s,
< 2 GB RSS): N headless-Chromium sessions, each in its own browser context, walk the lab at the
same time the way a student does, against one local Streamlit server this script starts.

    python bench/classroom.py [--sessions 30] [--walks 1] [--browsers 2] [--port 8650]
                              [--app-dir .] [--json /tmp/classroom/result.json]

The walk (every session; labels and words in the session's language): Home (a third of the
sessions speak Russian or Kazakh and pick the navec model in the sidebar, so both vector models
get loaded) -> Train a network: Step x3, Play ~3 s (redraws/s counted), Pause, Step, another data
set -> Similarity: two words -> Map of words: another projection method, a word searched ->
Word Mover's Distance: another sentence B, stop words toggled -> item2vec: trains with the
defaults on opening, then "Train and evaluate" -> Train embeddings: word2vec with the defaults,
then with a seed of the session's own (ten different seeds in a class: ten trainings). Pages
are opened from the sidebar menu, as a student does (one websocket session per student). A
session starts at a random moment in the first `--ramp` seconds (30: the teacher posts the link)
and waits 3-10 s between actions (a student looks at what changed before the next click; the
walk still takes a class through eight pages in about a quarter of an hour).

"Time to picture": from the input action (click, or fill + Enter) until the page's script has
finished (data-test-script-state="notRunning", no spinner or skeleton) and the chart the
action is about shows a different figure (a digest of its traces, layout.meta and slider
position), or for page opens the page's main chart exists; for Play, until the epoch on the
picture moves; for Pause, until Play is enabled again. Actions are grouped as "interaction"
(the < 2 s budget) and "training" (item2vec evaluation, word2vec training, opening a page that
trains or loads a model) and reported apart.

Errors, counted by kind, with examples (session, page, action) and a screenshot each in
/tmp/classroom/: exception elements, error alerts, "Page not found", a lost websocket
(connection state not CONNECTED, "Connection error", a websocket closed mid-walk), Playwright
timeouts and other failed actions, console errors, uncaught page errors, requests to hosts other
than the local server (the lab must work offline), and tracebacks in the server log (saved as
/tmp/classroom/server.log). The exit code is 1 if there was any error.

The server's own clock: the server is started through a small launcher that notes, per
session, when a rerun request arrives and when each script run starts and ends (the app is not
touched). Its "request -> end" is the server's share of a wait, which the browsers' CPU on this
same machine cannot blur.

Resources (sampled every 0.5 s from /proc; psutil is not needed): the server's RSS (with its
children) at start, peak and end; its CPU seconds and mean use; Chromium's and the Playwright
driver's CPU (they share the same 2 cores as the server, so slow times under load are partly
the browsers' doing: read "machine CPU busy" beside them); machine load.

Nothing is written in the repository: the server's projection cache is a fresh temporary
directory (maps are computed, not read from an earlier run), and JSON goes only where --json says.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SHOTS = Path("/tmp/classroom")
BUDGET_P95_S = 2.0
NOT_ERRORS = {"reloaded"}  # what the student did about an error already counted
BUDGET_RSS_GB = 2.0
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
NAVEC = "navec news v1 · ru"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")

# Words and sentences a student types, per model language (all in the models' vocabularies).
WORDS = {"en": ["dog", "king", "paris", "music", "computer", "river", "doctor", "apple"],
         "ru": ["собака", "король", "москва", "музыка", "компьютер", "река", "врач", "яблоко"]}
MAP_SEARCH = {"en": ["paris", "france", "berlin", "japan", "tokyo", "italy"],
              "ru": ["москва", "франция", "берлин", "япония", "токио", "италия"]}
SENTENCES = {"en": ["The president talks to reporters in Washington", "A singer performs for fans in London",
                    "The minister meets journalists in Moscow", "Students listen to the teacher at school"],
             "ru": ["Министр встретился с журналистами в Париже", "Певица выступила перед зрителями в Лондоне",
                    "Студенты слушают учителя в школе", "Президент говорил с репортёрами в Вашингтоне"]}

# Injected into every page: a short digest of a chart's figure (changes when its picture does)
# and the "finished" test used after every action.
INIT_JS = r"""
// Streamlit's websocket carries one ForwardMsg (protobuf) per frame: read only its top-level
// fields to note when a script run starts (new_session, field 4) and ends (script_finished,
// field 6: 0 ok, 1 compile error, 2 stopped for a rerun, 3 fragment ok), and page_not_found (15).
(() => {
  const Native = window.WebSocket;
  window.__vlStarted = []; window.__vlFinished = []; window.__vlNotFound = 0; window.__vlBytes = 0;
  const varint = (b, i) => { let v = 0, s = 0, x; do { x = b[i++]; v += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80 && i < b.length); return [v, i]; };
  const watch = (data) => {
    if (!(data instanceof ArrayBuffer)) return;
    const b = new Uint8Array(data), now = performance.now();
    window.__vlBytes += b.length;
    let i = 0;
    while (i < b.length) {
      let key, n; [key, i] = varint(b, i);
      const f = Math.floor(key / 8), w = key & 7;
      if (w === 0) { [n, i] = varint(b, i); if (f === 6 && n !== 2) window.__vlFinished.push(now); }
      else if (w === 2) { [n, i] = varint(b, i); i += n; if (f === 4) window.__vlStarted.push(now); if (f === 15) window.__vlNotFound++; }
      else if (w === 1) i += 8; else if (w === 5) i += 4; else break;
    }
  };
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('message', (e) => { try { watch(e.data); } catch (err) { /* never disturb the app */ } });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})();
window.__vlAfter = (mark) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const finished = window.__vlFinished.find((t) => t >= mark);
  return {
    started: window.__vlStarted.some((t) => t >= mark),
    finished: finished === undefined ? null : finished - mark,
    runs: window.__vlFinished.filter((t) => t >= mark).length,
    bytes: window.__vlBytes - (window.__vlMarkBytes || 0),
    state: app ? app.getAttribute('data-test-script-state') : 'no app',
    connection: app ? app.getAttribute('data-test-connection-state') : 'no app',
    loading: document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stSpinner"]').length,
    charts: document.querySelectorAll('.js-plotly-plot').length,
  };
};
window.__vlDigest = (sel) => {
  const gd = document.querySelector(sel + ' .js-plotly-plot');
  if (!gd || !gd.data || !gd._fullLayout) return null;
  const part = (v) => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string' || typeof v === 'number') return String(v).slice(0, 60);
    if (v.bdata) return v.bdata.length + ':' + v.bdata.slice(0, 48) + v.bdata.slice(-48);
    if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const n = v.length, head = Array.from(v.slice(0, 3)), tail = Array.from(n > 3 ? v.slice(n - 3) : []);
      return n + ':' + JSON.stringify(head).slice(0, 300) + JSON.stringify(tail).slice(0, 300);
    }
    return JSON.stringify(v).slice(0, 120);
  };
  const traces = gd.data.map((d) => [d.type, d.name, part(d.x), part(d.y), part(d.z), part(d.text)].join('|'));
  const layout = gd.layout || {};
  return [gd.data.length, JSON.stringify(layout.meta || null), (layout.sliders || []).map((s) => s.active).join(','),
          traces.join('#')].join('@');
};
// Finished: a script run ended after the input (window.__vlMark, set when the input is given;
// a fresh document counts from 0), none runs now, and nothing is still loading.
window.__vlSettled = () => {
  const app = document.querySelector('[data-testid="stApp"]');
  const mark = window.__vlMark || 0;
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && window.__vlFinished.some((t) => t >= mark)
    && !document.querySelector('[data-testid="stSkeleton"], [data-testid="stSpinner"]');
};
"""
CHANGED_JS = "([sel, old]) => { if (!window.__vlSettled()) return false; const d = window.__vlDigest(sel); return d !== null && d !== old; }"
PRESENT_JS = """([sel, path]) => location.pathname.replace(/\\/$/, '') === path && window.__vlSettled()
  && !!document.querySelector(sel)"""
PROBLEMS_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const text = document.body ? document.body.innerText : '';
  return {
    exception: [...document.querySelectorAll('[data-testid="stException"]')].map((e) => e.innerText.slice(0, 300)),
    error_alert: [...document.querySelectorAll('[data-testid="stAlertContentError"]')].map((e) => e.innerText.slice(0, 300)),
    page_not_found: text.includes('Page not found') ? ['Page not found'] : [],
    connection: (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED' || text.includes('Connection error'))
      ? ['connection state ' + (app ? app.getAttribute('data-test-connection-state') : 'no app')
         + (text.includes('Connection error') ? ', "Connection error" shown' : '')] : [],
  };
}"""
PLAY_WATCH_JS = """() => { window.__vlEpochs = new Set(); window.__vlWatch = true;
  const tick = () => { if (!window.__vlWatch) return;
    const l = document.querySelector('.st-key-pg_chart .slider-group > .slider-label');
    if (l) window.__vlEpochs.add(l.textContent); requestAnimationFrame(tick); };
  requestAnimationFrame(tick); }"""
EPOCH_LABEL_JS = """() => { const l = document.querySelector('.st-key-pg_chart .slider-group > .slider-label');
  return l ? l.textContent : null; }"""


# ---------------------------------------------------------------------------------------------
# results


@dataclass
class Timing:
    session: int
    lang: str
    page: str
    action: str
    kind: str  # "open", "interaction" or "training"
    seconds: float
    server: float | None  # action to the end of the script run it caused, as the page received it
    megabytes: float | None  # websocket data received from the input to the updated picture
    at: float  # seconds since the first session started


@dataclass
class Problem:
    kind: str
    session: int
    page: str
    action: str
    detail: str
    screenshot: str = ""


@dataclass
class Results:
    timings: list[Timing] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fps: list[float] = field(default_factory=list)
    walks_done: int = 0
    seen: set = field(default_factory=set)  # (session, kind, detail) already counted
    shots: int = 0
    t0: float | None = None  # when the first session was started
    progress: object = None  # an open file: every timing and problem as a JSON line, as it happens

    def log(self, what: str, item) -> None:
        if self.progress is not None:
            self.progress.write(json.dumps({"what": what, **item.__dict__}, ensure_ascii=False) + "\n")
            self.progress.flush()


# ---------------------------------------------------------------------------------------------
# the server and the machine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# `streamlit run`, with two hooks that only write down when things happen (the app is not
# touched): a rerun request arriving from a browser, and each script run's start and end, per
# session. That gives the server's own latency, which the browsers' CPU cannot blur.
LAUNCHER = r"""
import json, os, sys, threading, time
from streamlit.runtime import app_session

_log = open(os.environ["CLASSROOM_RUN_LOG"], "a", buffering=1)
_lock = threading.Lock()
_backmsg = app_session.AppSession.handle_backmsg
_event = app_session.AppSession._on_scriptrunner_event
_KEEP = {"SCRIPT_STARTED", "SCRIPT_STOPPED_WITH_SUCCESS", "SCRIPT_STOPPED_FOR_RERUN",
         "SCRIPT_STOPPED_WITH_COMPILE_ERROR", "FRAGMENT_STOPPED_WITH_SUCCESS", "SHUTDOWN"}


def _write(**item):
    item["t"] = time.time()
    with _lock:
        _log.write(json.dumps(item) + "\n")


def handle_backmsg(self, msg):
    try:
        if msg.WhichOneof("type") == "rerun_script":
            _write(ev="REQUEST", sid=self.id)
    except Exception:
        pass
    return _backmsg(self, msg)


def on_event(self, sender, event, **kwargs):
    try:
        if event.name in _KEEP:
            page = None
            if event.name == "SCRIPT_STARTED":
                info = (kwargs.get("pages") or {}).get(kwargs.get("page_script_hash")) or {}
                page = info.get("url_pathname", "") or "home"
            _write(ev=event.name, sid=self.id, runner=id(sender), page=page)
    except Exception:
        pass
    return _event(self, sender, event, **kwargs)


app_session.AppSession.handle_backmsg = handle_backmsg
app_session.AppSession._on_scriptrunner_event = on_event
from streamlit.web import cli
sys.argv = ["streamlit", "run", *sys.argv[1:]]
cli.main(prog_name="streamlit")
"""


def start_server(app_dir: Path, port: int, log_path: Path, cache_dir: str, run_log: Path) -> subprocess.Popen:
    log = open(log_path, "w")
    launcher = Path(cache_dir) / "classroom_launcher.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    run_log.write_text("")
    return subprocess.Popen(
        [sys.executable, str(launcher), "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=app_dir, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "VECTORLAB_CACHE_DIR": cache_dir, "PYTHONUNBUFFERED": "1",
             "CLASSROOM_RUN_LOG": str(run_log)},
    )


def server_runs(run_log: Path) -> dict:
    """Script runs as the server saw them: per page, how long a run took and how long after the
    request that started it it ended; runs at the same time (all sessions, and within one session)."""
    events = [json.loads(line) for line in run_log.read_text().splitlines() if line.strip()]
    last_request: dict[str, float] = {}
    open_runs: dict[int, dict] = {}
    runs = []
    for e in events:
        if e["ev"] == "REQUEST":
            last_request[e["sid"]] = e["t"]
        elif e["ev"] == "SCRIPT_STARTED":
            open_runs[e["runner"]] = {"sid": e["sid"], "page": e["page"], "start": e["t"],
                                      "request": last_request.pop(e["sid"], None)}
        elif e["ev"] != "SHUTDOWN" and e["runner"] in open_runs:
            run = open_runs.pop(e["runner"])
            run.update(end=e["t"], outcome=e["ev"].replace("SCRIPT_STOPPED_", "").lower())
            runs.append(run)
    # most script runs at once, over all sessions and within one session
    edges = sorted([(r["start"], 1, r["sid"]) for r in runs] + [(r["end"], -1, r["sid"]) for r in runs])
    running, per_session, most, most_in_session = 0, Counter(), 0, 0
    for _, step, sid in edges:
        running += step
        per_session[sid] += step
        most = max(most, running)
        most_in_session = max(most_in_session, per_session[sid])
    pages = {}
    for page in dict.fromkeys(r["page"] for r in runs):
        mine = [r for r in runs if r["page"] == page]
        done = [r for r in mine if r["outcome"] == "with_success"]
        pages[page] = {
            "runs": len(mine), "stopped_for_rerun": sum(r["outcome"] == "for_rerun" for r in mine),
            "run_s": stats([r["end"] - r["start"] for r in done]),
            "request_to_end_s": stats([r["end"] - r["request"] for r in done if r["request"] is not None]),
        }
    done = [r for r in runs if r["outcome"] == "with_success"]
    return {
        "sessions": len({e["sid"] for e in events}), "runs": len(runs), "pages": pages,
        "run_s": stats([r["end"] - r["start"] for r in done]),
        "request_to_end_s": stats([r["end"] - r["request"] for r in done if r["request"] is not None]),
        "most_runs_at_once": most, "most_runs_at_once_in_one_session": most_in_session,
    }


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as response:
                if response.read() == b"ok":
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("streamlit did not become healthy in time")


def _proc_table() -> dict[int, tuple[int, str, int, int]]:
    """pid -> (ppid, comm, cpu ticks, rss bytes) for every process we can read."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        # fields[0] is state (field 3); utime, stime are fields 14, 15; rss (pages) is field 24
        table[int(entry)] = (int(fields[1]), comm, int(fields[11]) + int(fields[12]), int(fields[21]) * PAGE_SIZE)
    return table


def _descendants(table, root: int) -> set[int]:
    children = defaultdict(list)
    for pid, (ppid, *_rest) in table.items():
        children[ppid].append(pid)
    out, todo = set(), [root]
    while todo:
        pid = todo.pop()
        if pid in table and pid not in out:
            out.add(pid)
            todo.extend(children[pid])
    return out


def _machine_ticks() -> tuple[int, int]:
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values), idle


class Sampler(threading.Thread):
    """Every `interval` s: RSS of the server (with its children), CPU ticks of the server, of
    Chromium, of Playwright's driver and of this script, and the machine's busy share."""

    def __init__(self, server_pid: int, interval: float = 0.5):
        super().__init__(daemon=True, name="sampler")
        self.server_pid, self.interval = server_pid, interval
        self.stop_event = threading.Event()
        self.samples: list[dict] = []
        self.cpu_ticks: dict[str, dict[int, int]] = defaultdict(dict)  # group -> pid -> last ticks
        self.first_ticks: dict[str, dict[int, int]] = defaultdict(dict)
        self.started = time.perf_counter()
        self.machine_start = _machine_ticks()
        self.marks: dict[str, float] = {}

    def groups(self, table) -> dict[str, set[int]]:
        server = _descendants(table, self.server_pid)
        ours = _descendants(table, os.getpid()) - server
        return {
            "server": server,
            "chromium": {p for p in ours if "chrom" in table[p][1].lower() or "headless" in table[p][1].lower()},
            "driver": {p for p in ours if table[p][1].startswith("node")},
            "bench": {os.getpid()},
        }

    def sample(self) -> dict:
        table = _proc_table()
        groups = self.groups(table)
        row = {"t": time.perf_counter() - self.started}
        for name, pids in groups.items():
            row[f"{name}_rss"] = sum(table[p][3] for p in pids if p in table)
            for pid in pids:
                if pid in table:
                    self.first_ticks[name].setdefault(pid, table[pid][2])
                    self.cpu_ticks[name][pid] = table[pid][2]
            row[f"{name}_cpu"] = self.cpu_seconds(name)
        total, idle = _machine_ticks()
        row["machine_total"], row["machine_idle"] = total, idle
        with open("/proc/loadavg") as handle:
            row["load1"] = float(handle.read().split()[0])
        self.samples.append(row)
        return row

    def cpu_seconds(self, name: str) -> float:
        return sum(self.cpu_ticks[name][p] - self.first_ticks[name][p] for p in self.cpu_ticks[name]) / TICKS

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.sample()
            except Exception:  # noqa: BLE001  a process vanishing mid-read costs one sample only
                pass
            self.stop_event.wait(self.interval)

    def stop(self) -> None:
        self.stop_event.set()
        self.join(5)
        self.sample()


# ---------------------------------------------------------------------------------------------
# one student


class Student:
    def __init__(self, index: int, browser, url: str, app_dir: Path, args, results: Results, t0: float):
        self.index, self.browser, self.url, self.args, self.results, self.t0 = index, browser, url, args, results, t0
        self.rng = random.Random(args.seed * 1000 + index)
        # a third of the class speaks Russian or Kazakh and works on navec
        self.lang = {2: "ru", 5: "kk"}.get(index % 6, "en") if index % 3 == 2 else "en"
        self.model_lang = "en" if self.lang == "en" else "ru"
        catalogue = json.loads((app_dir / "assets" / "i18n" / f"{self.lang}.json").read_text(encoding="utf-8"))
        english = json.loads((app_dir / "assets" / "i18n" / "en.json").read_text(encoding="utf-8"))
        self.text = lambda key: catalogue.get(key) or english[key]
        self.page_name = "-"
        self.action = "-"
        self.query = ""
        self.active = False
        self.page = None

    # -- bookkeeping

    def problem(self, kind: str, detail: str, shot: bool = True) -> None:
        key = (self.index, kind, detail[:120])
        if key in self.results.seen:
            return
        self.results.seen.add(key)
        path = ""
        if shot and self.page is not None and self.results.shots < self.args.max_screenshots:
            self.results.shots += 1
            path = str(SHOTS / f"s{self.index:02d}-{self.page_name}-{re.sub(r'[^a-z0-9]+', '-', self.action.lower())}"
                                f"-{kind}.png")
            asyncio.ensure_future(self._screenshot(path))
        problem = Problem(kind, self.index, self.page_name, self.action, detail[:500], path)
        self.results.problems.append(problem)
        self.results.log("problem", problem)

    async def _screenshot(self, path: str) -> None:
        try:
            await self.page.screenshot(path=path, timeout=15_000)
        except Exception:  # noqa: BLE001  a page that broke may not even give a picture
            pass

    def record(self, kind: str, seconds: float, server: float | None, megabytes: float | None) -> None:
        timing = Timing(self.index, self.lang, self.page_name, self.action, kind, seconds, server, megabytes,
                        time.perf_counter() - self.t0)
        self.results.timings.append(timing)
        self.results.log("timing", timing)

    async def check_page(self) -> None:
        try:
            found = await self.page.evaluate(PROBLEMS_JS)
        except Exception as error:  # noqa: BLE001
            self.problem("check_failed", repr(error)[:300])
            return
        for kind, items in found.items():
            for item in items:
                self.problem(kind, item)

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(self.args.think_min, self.args.think_max))

    async def step(self, action: str, kind: str, do, done, timeout: float | None = None,
                   new_document: bool = False) -> bool:
        """Time `do()` (the input) then `done()` (the picture updated); count a failure, keep going.
        `new_document`: `do` loads a new document, whose clock starts at 0."""
        self.action = action
        timeout_ms = 1000 * (timeout or self.args.timeout)
        try:
            mark = 0.0 if new_document else await self.page.evaluate(
                "() => { window.__vlMarkBytes = window.__vlBytes; return (window.__vlMark = performance.now()); }")
        except Exception:  # noqa: BLE001  a page that is gone
            mark = None
        start = time.perf_counter()
        try:
            await do()
            await done(timeout_ms)
        except Exception as error:  # noqa: BLE001
            name = type(error).__name__
            kind_name = "timeout" if "Timeout" in name else "action_failed"
            message = str(error).splitlines()[0] if str(error) else name
            after = await self.after(mark)
            if after is not None and kind_name == "timeout":
                # Where it got stuck: the input never started a script run (lost), the run never
                # ended (server), or it ended and the browser did not show the new picture in time.
                kind_name = ("timeout_not_connected" if after["connection"] != "CONNECTED" or after["state"] == "initial"
                             else "timeout_lost_input" if not after["started"] and after["finished"] is None
                             else "timeout_server" if after["finished"] is None else "timeout_render")
            if after is not None:
                finished = "no" if after["finished"] is None else f"after {after['finished'] / 1000:.1f} s"
                message += (f" | since the input: run started={after['started']}, finished {finished}, "
                            f"{after['runs']} runs ended, {after['bytes'] / 1e6:.2f} MB received; now "
                            f"state={after['state']}, connection={after['connection']}, {after['loading']} skeletons/spinners, "
                            f"{after['charts']} charts")
            self.problem(kind_name, f"{name} after {time.perf_counter() - start:.1f} s: {message[:500]}")
            await self.check_page()
            return False
        seconds = time.perf_counter() - start
        after = await self.after(mark)
        server = after["finished"] / 1000 if after and after["finished"] is not None else None
        self.record(kind, seconds, server, after["bytes"] / 1e6 if after else None)
        await self.check_page()
        return True

    async def after(self, mark) -> dict | None:
        if mark is None:
            return None
        try:
            return await self.page.evaluate("(mark) => window.__vlAfter(mark)", mark)
        except Exception:  # noqa: BLE001
            return None

    # -- waits

    def changed(self, selector: str, old: str | None):
        async def wait(timeout_ms):
            await self.page.wait_for_function(CHANGED_JS, arg=[selector, old], timeout=timeout_ms, polling=100)
        return wait

    async def digest(self, selector: str) -> str | None:
        return await self.page.evaluate("(sel) => window.__vlDigest(sel)", selector)

    async def settled(self, timeout_ms: float) -> None:
        await self.page.wait_for_function("() => window.__vlSettled()", timeout=timeout_ms, polling=100)

    # -- actions

    async def open_page(self, path: str, name: str, marker: str, kind: str = "open", timeout: float | None = None):
        """From the sidebar menu, as a student does; done when `marker` exists and the script has
        finished. A page that never came up has no menu: then the student reloads the page's link
        (counted as "reloaded")."""
        self.page_name = name
        link = self.page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']")

        async def done(timeout_ms):
            await self.page.wait_for_function(PRESENT_JS, arg=[marker, "/" + path], timeout=timeout_ms, polling=100)
        if await link.count():
            return await self.step(f"open {name}", kind, lambda: link.click(), done, timeout)
        self.action = f"open {name}"
        self.problem("reloaded", f"no menu on the page (it never came up): reloading {path}", shot=False)
        return await self.step(f"open {name}", kind, lambda: self.page.goto(
            f"{self.url}/{path}{self.query}", timeout=self.args.timeout * 1000), done, timeout, new_document=True)

    async def model_language(self) -> str:
        """The language of the model the sidebar shows now (a failed pick leaves GloVe)."""
        try:
            value = await self.page.locator(".st-key-model input").first.input_value(timeout=5000)
        except Exception:  # noqa: BLE001
            return self.model_lang
        return "ru" if "navec" in value else "en"

    async def fill_enter(self, selector: str, value: str) -> None:
        box = self.page.locator(selector)
        await box.fill(value)
        await box.press("Enter")

    async def change(self, action: str, chart: str, do, kind: str = "interaction", timeout: float | None = None):
        old = await self.digest(chart)
        return await self.step(action, kind, do, self.changed(chart, old), timeout)

    # -- the walk

    async def walk(self) -> None:
        page, t, rng = self.page, self.text, self.rng
        query = "" if self.lang == "en" else "?lang=" + quote(LANGUAGE_NAMES[self.lang])
        # what a reload uses: the link as the sidebar would have made it
        self.query = query + ("&model=" + quote(NAVEC) if self.model_lang == "ru" else "")
        self.page_name = "home"

        async def home_done(timeout_ms):
            await page.wait_for_function(
                "() => window.__vlSettled() && [...document.querySelectorAll('h1')].some((h) => h.innerText.includes('Vectorlab'))",
                timeout=timeout_ms, polling=100)
        if not await self.step("open home", "open", lambda: page.goto(self.url + "/" + query,
                                                                      timeout=self.args.timeout * 1000),
                               home_done, new_document=True):
            # what a student does with a page that never came up: reload it (with the model in the link)
            self.problem("reloaded", "Home never came up: reloading it", shot=False)
            await self.step("reload home", "open", lambda: page.goto(self.url + "/" + self.query,
                                                                     timeout=self.args.timeout * 1000),
                            home_done, new_document=True)
        await self.think()
        if self.model_lang == "ru" and "model=navec" not in page.url:
            async def pick():
                await page.locator(".st-key-model input").click()
                await page.get_by_role("option", name=NAVEC).click()

            async def picked(timeout_ms):
                await page.wait_for_function(
                    "() => location.search.includes('model=navec') && window.__vlSettled()", timeout=timeout_ms,
                    polling=100)
            await self.step("sidebar: vector model navec", "interaction", pick, picked)
            await self.think()

        # Train a network
        chart = ".st-key-pg_chart"
        await self.open_page("train", "train", chart + " .js-plotly-plot")
        for _ in range(3):
            await self.think()
            await self.change("Step", chart, lambda: page.locator(".st-key-pg_step_button button").click())
        await self.think()
        before = await page.evaluate(EPOCH_LABEL_JS)
        await page.evaluate(PLAY_WATCH_JS)

        async def moving(timeout_ms):
            await page.wait_for_function(
                """(old) => { const l = document.querySelector('.st-key-pg_chart .slider-group > .slider-label');
                return !!l && l.textContent !== old; }""", arg=before, timeout=timeout_ms, polling=50)
        if await self.step("Play (until the picture moves)", "interaction",
                           lambda: page.locator(".st-key-pg_play button").click(), moving):
            played = time.perf_counter()
            await asyncio.sleep(self.args.play_seconds)
            shown = await page.evaluate("() => { window.__vlWatch = false; return window.__vlEpochs.size; }")
            self.results.fps.append(shown / (time.perf_counter() - played))

        async def paused(timeout_ms):
            await page.wait_for_function(
                "() => !!document.querySelector('.st-key-pg_play button:not([disabled])') && window.__vlSettled()"
                " && !!document.querySelector('.st-key-pg_chart .js-plotly-plot')", timeout=timeout_ms, polling=100)
        await self.step("Pause", "interaction", lambda: page.locator(".st-key-pg_pause button").click(), paused)
        await self.think()
        await self.change("Step after Pause", chart, lambda: page.locator(".st-key-pg_step_button button").click())
        await self.think()
        dataset = rng.choice(["xor", "gaussians", "spiral", "moons"])

        async def choose_dataset():
            await page.locator(".st-key-ds input").click()
            await page.get_by_role("option", name=t(f"pg.ds.{dataset}"), exact=True).click()
        await self.change("data set", chart, choose_dataset)
        await self.think()

        # Similarity (the vector model is read here on first use)
        chart = ".st-key-sim_neighbours"
        await self.open_page("similarity", "similarity", chart + " .js-plotly-plot", kind="training")
        for word in rng.sample(WORDS[await self.model_language()], 2):
            await self.think()
            await self.change("neighbours of a word", chart, lambda w=word: self.fill_enter(".st-key-sim_word input", w))
        await self.think()

        # Map of words
        chart = ".st-key-map_chart"
        await self.open_page("map", "map", chart + " .js-plotly-plot", kind="training")
        await self.think()
        method = rng.choice(["pca", "pca", "tsne"])
        await self.change(f"projection {method}", chart,
                          lambda: page.locator(".st-key-map_method label").filter(has_text=t(f"map.method.{method}")).click())
        await self.think()
        lang = await self.model_language()
        await self.change("search a word", chart,
                          lambda: self.fill_enter(".st-key-map_search input", rng.choice(MAP_SEARCH[lang])))
        await self.think()

        # Word Mover's Distance
        chart = ".st-key-wmd_flow"
        await self.open_page("wmd", "wmd", chart + " .js-plotly-plot")
        await self.think()
        lang = await self.model_language()
        await self.change("sentence B", chart,
                          lambda: self.fill_enter(".st-key-wmd_b input", rng.choice(SENTENCES[lang])))
        await self.think()
        await self.change("stop words", chart, lambda: page.locator(".st-key-wmd_stop label").click())
        await self.think()

        # item2vec: opening trains it with the defaults
        await self.open_page("item2vec", "item2vec", ".st-key-rs_map_fig .js-plotly-plot", kind="training",
                             timeout=self.args.train_timeout)
        await self.think()
        await self.change("Train and evaluate", ".st-key-rs_scores", lambda: page.locator(".st-key-rs_eval button").click(),
                          kind="training", timeout=self.args.train_timeout)
        await self.think()

        # Train embeddings: word2vec with the defaults, then with a seed of one's own
        await self.open_page("train-embeddings", "train-embeddings", ".st-key-te_part")
        await self.think()
        chart = ".st-key-te_epochs_fig"
        await self.change("word2vec (defaults)", chart,
                          lambda: page.locator(".st-key-te_part").get_by_role("radio", name=t("te.part.word2vec")).click(),
                          kind="training", timeout=self.args.train_timeout)
        await self.think()
        await self.change("word2vec (own seed)", chart,
                          lambda: self.fill_enter(".st-key-te_seed input", str(1 + self.index % 10)),
                          kind="training", timeout=self.args.train_timeout)

    async def run(self, delay: float) -> None:
        await asyncio.sleep(delay)
        context = await self.browser.new_context(viewport={"width": 1280, "height": 900})
        await context.add_init_script(INIT_JS)
        self.page = page = await context.new_page()
        page.set_default_timeout(self.args.timeout * 1000)
        local = urlparse(self.url).netloc
        page.on("console", lambda m: self._console(m, local))
        page.on("pageerror", lambda e: self.problem(
            "page_js_error", f"{e.name}: {e.message} | {(e.stack or '').strip()[:300]}", shot=False))
        page.on("requestfailed", lambda r: self._request_failed(r, local))
        page.on("response", lambda r: r.status >= 400 and self.problem(
            "http_error", f"{r.status} {r.request.method} {r.url[:200]}", shot=False))
        page.on("websocket", lambda ws: ws.on("close", lambda _ws: self.problem(
            "websocket_closed", f"websocket {ws.url} closed mid-walk") if self.active else None))
        try:
            for walk in range(self.args.walks):
                self.active = True
                await self.walk()
                self.active = False
                self.results.walks_done += 1
                await self.think()
        except Exception as error:  # noqa: BLE001  the walk itself broke: count it, keep the class going
            self.problem("walk_aborted", f"{type(error).__name__}: {str(error)[:300]}")
            traceback.print_exc()
        finally:
            self.active = False
            await asyncio.sleep(0.5)  # let a pending screenshot finish
            await context.close()

    def _console(self, message, local: str) -> None:
        if message.type != "error":
            return
        where = (message.location or {}).get("url", "")
        if where and urlparse(where).netloc not in ("", local):
            self.problem("external_request", f"{message.text[:150]} ({where})", shot=False)
        elif not message.text.startswith("Failed to load resource: the server responded"):  # see http_error
            self.problem("console_error", message.text[:300], shot=False)

    def _request_failed(self, request, local: str) -> None:
        if urlparse(request.url).netloc != local:
            self.problem("external_request", f"{request.url} ({request.failure})", shot=False)


# ---------------------------------------------------------------------------------------------
# the class


def server_log_problems(log: str) -> list[tuple[str, str]]:
    """(kind, detail) per traceback and per error or warning line in the server's log."""
    out, lines = [], log.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = i + 1
            while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
                end += 1
            last = lines[end] if end < len(lines) else lines[end - 1]
            frames = [x.strip() for x in lines[i:end] if x.strip().startswith("File ")]
            ours = [x for x in frames if "site-packages" not in x] or frames  # the app's own last frame
            out.append(("server_traceback", f"{last.strip()[:200]} at {ours[-1] if ours else '?'}"))
        elif re.search(r"\b(ERROR|CRITICAL)\b", line):
            out.append(("server_error_line", line.strip()[:300]))
        elif re.search(r"\bWARNING\b|missing ScriptRunContext", line):
            out.append(("server_warning", line.strip()[:300]))
    return out


MODELS_LOADED_JS = """(loaded) => (document.body.innerText.split(loaded).length - 1) + ' of 2 models loaded'"""


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))]


def stats(values: list[float]) -> dict:
    return {"n": len(values), "p50": quantile(values, 0.5), "p95": quantile(values, 0.95),
            "max": max(values) if values else float("nan")}


async def run_class(args, url: str, results: Results) -> tuple[float, list]:
    from playwright.async_api import async_playwright

    app_dir = Path(args.app_dir).resolve()
    executable = CHROMIUM
    if args.browser_priority == "idle" and shutil.which("chrt"):
        # The students' browsers run on their own laptops in class; here they share the server's
        # two cores (and Chromium as root raises its own display threads to nice -8, so `nice`
        # alone does not hold it back). Under SCHED_IDLE, inherited by every renderer it forks,
        # Chromium takes the CPU the server leaves: the server's figures stay close to a real
        # class's, and the time to picture shows what rendering on a leftover CPU costs.
        wrapper = Path(tempfile.mkdtemp(prefix="classroom-chromium-")) / "chromium"
        wrapper.write_text(f'#!/bin/sh\nexec chrt --idle 0 "{CHROMIUM}" "$@"\n')
        wrapper.chmod(0o755)
        executable = str(wrapper)
    async with async_playwright() as playwright:
        browsers = [await playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
                    for _ in range(args.browsers)]
        t0 = results.t0 = time.perf_counter()
        closing = []  # set once we close them ourselves
        for number, browser in enumerate(browsers):
            browser.on("disconnected", lambda _b, n=number: closing or results.problems.append(Problem(
                "browser_disconnected", -1, "-", "-", f"Chromium process {n} went away at {time.perf_counter() - t0:.0f} s "
                "(crashed or killed from outside)")))
        rng = random.Random(args.seed)
        students = [Student(i, browsers[i % len(browsers)], url, app_dir, args, results, t0)
                    for i in range(args.sessions)]
        await asyncio.gather(*(s.run(rng.uniform(0, args.ramp)) for s in students))
        elapsed = time.perf_counter() - t0
        # what Home says about the models now
        loaded = []
        try:
            context = await browsers[0].new_context()
            page = await context.new_page()
            await page.goto(url + "/", timeout=60_000)
            await page.wait_for_function(
                "() => [...document.querySelectorAll('h1')].some((h) => h.innerText.includes('Vectorlab'))", timeout=60_000)
            english = json.loads((app_dir / "assets" / "i18n" / "en.json").read_text(encoding="utf-8"))
            await page.wait_for_timeout(1000)
            loaded = [await page.evaluate(MODELS_LOADED_JS, english["home.model_loaded"])]
            await context.close()
        except Exception as error:  # noqa: BLE001
            loaded = [f"could not read Home: {error!r}"[:200]]
        closing.append(True)
        for browser in browsers:
            await browser.close()
    return elapsed, loaded


def summarise(args, results: Results, sampler: Sampler, elapsed: float, start_s: float, loaded: list,
              log_problems: list) -> dict:
    rows, server_rows, mb_rows = defaultdict(list), defaultdict(list), defaultdict(list)
    for timing in results.timings:
        rows[(timing.page, timing.action, timing.kind)].append(timing.seconds)
        if timing.megabytes is not None:
            mb_rows[(timing.page, timing.action, timing.kind)].append(timing.megabytes)
        if timing.server is not None:
            server_rows[(timing.page, timing.action, timing.kind)].append(timing.server)
    failed = Counter((p.page, p.action) for p in results.problems if p.kind.startswith("timeout")
                     or p.kind == "action_failed")
    table = [{"page": page, "action": action, "kind": kind, **stats(values),
              "server": stats(server_rows[(page, action, kind)]), "megabytes": stats(mb_rows[(page, action, kind)]),
              "failed": failed.get((page, action), 0)}
             for (page, action, kind), values in rows.items()]
    by_kind = {kind: stats([t.seconds for t in results.timings if t.kind == kind])
               for kind in ("interaction", "open", "training")}
    server_by_kind = {kind: stats([t.server for t in results.timings if t.kind == kind and t.server is not None])
                      for kind in ("interaction", "open", "training")}
    by_page = {page: stats([t.seconds for t in results.timings if t.page == page and t.kind == "interaction"])
               for page in dict.fromkeys(t.page for t in results.timings)}
    by_lang = {lang: stats([t.seconds for t in results.timings if t.lang == lang and t.kind == "interaction"])
               for lang in dict.fromkeys(t.lang for t in results.timings)}
    samples = sampler.samples
    server_rss = [s["server_rss"] for s in samples]
    chromium_rss = [s["chromium_rss"] for s in samples]
    first, last = samples[0], samples[-1]
    wall = last["t"] - first["t"]
    busy = 1 - (last["machine_idle"] - first["machine_idle"]) / max(1, last["machine_total"] - first["machine_total"])
    cores = os.cpu_count() or 1
    cpu = {name: sampler.cpu_seconds(name) for name in ("server", "chromium", "driver", "bench")}
    # everything else the machine did meanwhile (other users' tests, servers, browsers)
    machine_busy_s = ((last["machine_total"] - first["machine_total"]) - (last["machine_idle"] - first["machine_idle"])) / TICKS
    cpu["other processes"] = max(0.0, machine_busy_s - sum(cpu.values()))
    # cores busy per 30 s window: server, Chromium, the rest of the machine
    timeline, start_row = [], samples[0]
    for row in samples[1:]:
        if row["t"] - start_row["t"] >= 30 or row is samples[-1]:
            span = max(1e-9, row["t"] - start_row["t"])
            busy_s = ((row["machine_total"] - start_row["machine_total"])
                      - (row["machine_idle"] - start_row["machine_idle"])) / TICKS
            server_s = row["server_cpu"] - start_row["server_cpu"]
            chromium_s = row["chromium_cpu"] - start_row["chromium_cpu"]
            timeline.append({"t": round(start_row["t"]), "server": server_s / span, "chromium": chromium_s / span,
                             "rest": max(0.0, busy_s - server_s - chromium_s) / span,
                             "server_rss_mb": row["server_rss"] / 1e6})
            start_row = row
    errors = Counter(p.kind for p in results.problems if p.kind not in NOT_ERRORS)
    notes = Counter(p.kind for p in results.problems if p.kind in NOT_ERRORS)
    for kind, _ in log_problems:
        if kind != "server_warning":
            errors[kind] += 1
    return {
        "sessions": args.sessions, "walks": args.walks, "browsers": args.browsers, "walks_done": results.walks_done,
        "run_seconds": elapsed, "server_start_s": start_s, "cores": cores,
        "errors": dict(errors), "error_total": sum(errors.values()), "notes": dict(notes),
        "warnings": dict(Counter(d for k, d in log_problems if k == "server_warning")),
        "actions": sorted(table, key=lambda r: (r["kind"] != "open", r["page"], r["action"])),
        "by_kind": by_kind, "server_by_kind": server_by_kind, "by_page": by_page, "by_language": by_lang,
        "play_redraws_per_s": stats(results.fps),
        "server_rss_mb": {"start": server_rss[0] / 1e6, "peak": max(server_rss) / 1e6, "end": server_rss[-1] / 1e6},
        "chromium_rss_sum_mb_peak": max(chromium_rss) / 1e6,
        "cpu_seconds": cpu,
        "cpu_mean_cores": {name: value / wall for name, value in cpu.items()},
        "machine_busy": busy, "load1_peak": max(s["load1"] for s in samples), "cpu_timeline": timeline,
        "models_on_home_at_end": loaded,
        "problems": [p.__dict__ for p in results.problems],
        "server_log_problems": [{"kind": k, "detail": d} for k, d in log_problems],
        "timings": [t.__dict__ for t in results.timings],
        "samples": samples,
    }


def print_report(out: dict) -> None:
    line = "-" * 100
    print(f"\n{line}\nClassroom: {out['sessions']} sessions x {out['walks']} walk(s) on {out['browsers']} Chromium "
          f"process(es), {out['cores']} cores; {out['walks_done']} walks finished in {out['run_seconds']:.0f} s "
          f"(server healthy after {out['server_start_s']:.1f} s)\n{line}")
    print("time to picture (input -> script finished and the picture changed); server: input -> the run's "
          "script_finished message in the page")
    print(f"{'page':<17}{'action':<31}{'kind':<12}{'n':>3}{'p50 s':>7}{'p95 s':>7}{'max s':>7}"
          f"{'srv p50':>8}{'srv p95':>8}{'MB p50':>7}{'fail':>5}")
    for row in out["actions"]:
        srv = row["server"]
        print(f"{row['page']:<17}{row['action'][:30]:<31}{row['kind']:<12}{row['n']:>3}{row['p50']:>7.2f}"
              f"{row['p95']:>7.2f}{row['max']:>7.2f}{srv['p50']:>8.2f}{srv['p95']:>8.2f}"
              f"{row['megabytes']['p50']:>7.2f}{row['failed']:>5}")
    print(line)
    for kind, s in out["by_kind"].items():
        budget = f"  (budget p95 < {BUDGET_P95_S:g} s: {'ok' if s['p95'] < BUDGET_P95_S else 'OVER'})" \
            if kind == "interaction" else ""
        srv = out["server_by_kind"][kind]
        print(f"all {kind + 's':<14} n={s['n']:<4} p50 {s['p50']:6.2f} s  p95 {s['p95']:6.2f} s  max {s['max']:6.2f} s"
              f"   server p50 {srv['p50']:5.2f} s  p95 {srv['p95']:5.2f} s{budget}")
    print("interactions by page:  " + ", ".join(f"{p} p50 {s['p50']:.2f} / p95 {s['p95']:.2f}"
                                                 for p, s in out["by_page"].items() if s["n"]))
    print("interactions by language:  " + ", ".join(f"{lang} p50 {s['p50']:.2f} / p95 {s['p95']:.2f} (n={s['n']})"
                                                     for lang, s in out["by_language"].items() if s["n"]))
    fps = out["play_redraws_per_s"]
    print(f"training picture while playing: {fps['p50']:.1f} redraws/s median over {fps['n']} sessions "
          f"(budget >= 20 in a real browser, one student)")
    runs = out.get("server_runs")
    if runs and runs["runs"]:
        print(line)
        print(f"server side, its own clock: {runs['runs']} script runs in {runs['sessions']} sessions; at most "
              f"{runs['most_runs_at_once']} at once, {runs['most_runs_at_once_in_one_session']} at once in one session")
        print(f"{'page':<19}{'runs':>6}{'for rerun':>10}{'run p50':>9}{'run p95':>9}{'req->end p50':>14}{'p95':>8}{'max':>8}")
        for page, r in sorted(runs["pages"].items(), key=lambda kv: -kv[1]["runs"]):
            print(f"{page:<19}{r['runs']:>6}{r['stopped_for_rerun']:>10}{r['run_s']['p50']:>9.2f}{r['run_s']['p95']:>9.2f}"
                  f"{r['request_to_end_s']['p50']:>14.2f}{r['request_to_end_s']['p95']:>8.2f}{r['request_to_end_s']['max']:>8.2f}")
        total = runs["request_to_end_s"]
        print(f"{'all':<19}{runs['runs']:>6}{'':>10}{runs['run_s']['p50']:>9.2f}{runs['run_s']['p95']:>9.2f}"
              f"{total['p50']:>14.2f}{total['p95']:>8.2f}{total['max']:>8.2f}")
    rss = out["server_rss_mb"]
    print(line)
    print(f"server RSS: start {rss['start']:.0f} MB, peak {rss['peak']:.0f} MB, end {rss['end']:.0f} MB   "
          f"(budget < {BUDGET_RSS_GB * 1000:.0f} MB: {'ok' if rss['peak'] < BUDGET_RSS_GB * 1000 else 'OVER'}); "
          f"models at the end: {'; '.join(out['models_on_home_at_end'])}")
    cpu, mean = out["cpu_seconds"], out["cpu_mean_cores"]
    print("CPU seconds (mean cores busy): " + ", ".join(f"{k} {cpu[k]:.0f} s ({mean[k]:.2f})" for k in cpu)
          + f";  machine busy {100 * out['machine_busy']:.0f} % of {out['cores']} cores, load1 peak {out['load1_peak']:.1f}")
    print(f"Chromium RSS (sum over processes, shared pages counted twice): peak {out['chromium_rss_sum_mb_peak']:.0f} MB")
    print("cores busy per 30 s (server / Chromium / rest): " + "  ".join(
        f"{w['t']}s {w['server']:.1f}/{w['chromium']:.1f}/{w['rest']:.1f}" for w in out["cpu_timeline"]))
    print(line)
    print(f"ERRORS: {out['error_total']}" + ("" if not out["errors"] else "  " + ", ".join(
        f"{k} {v}" for k, v in sorted(out["errors"].items(), key=lambda kv: -kv[1])))
        + ("" if not out["notes"] else "   (not counted: " + ", ".join(f"{k} {v}" for k, v in out["notes"].items()) + ")"))
    examples = defaultdict(list)
    for p in out["problems"]:
        examples[(p["kind"], p["detail"][:80])].append(p)
    for (kind, _), items in sorted(examples.items(), key=lambda kv: -len(kv[1]))[:25]:
        p = items[0]
        shot = f"  [{p['screenshot']}]" if p["screenshot"] else ""
        print(f"  {kind} x{len(items)} e.g. session {p['session']}, {p['page']} / {p['action']}: {p['detail'][:220]}{shot}")
    for (kind, detail), count in Counter((x["kind"], x["detail"]) for x in out["server_log_problems"]).items():
        print(f"  server log {kind} x{count}: {detail[:300]}")
    print(line)


def _interrupt(*_) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--walks", type=int, default=1, help="walks per session, one after another")
    parser.add_argument("--browsers", type=int, default=2, help="Chromium processes the contexts are spread over")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--app-dir", default=str(ROOT), help="the repository whose app.py is served")
    parser.add_argument("--json", default="", help="write every figure and sample here")
    parser.add_argument("--ramp", type=float, default=30.0, help="sessions start at random in the first RAMP s")
    parser.add_argument("--think-min", type=float, default=3.0)
    parser.add_argument("--think-max", type=float, default=10.0)
    parser.add_argument("--play-seconds", type=float, default=3.0)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds an action may take before it counts as lost")
    parser.add_argument("--train-timeout", type=float, default=180.0, help="the same for trainings")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--browser-priority", choices=["idle", "normal"], default="idle",
                        help="idle: Chromium under SCHED_IDLE, behind the server (see run_class); normal: same as it")
    parser.add_argument("--max-screenshots", type=int, default=60)
    args = parser.parse_args()

    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    app_dir = Path(args.app_dir).resolve()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("s*-*.png"):
        old.unlink()
    port = args.port or free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = SHOTS / "server.log"
    cache_dir = tempfile.mkdtemp(prefix="classroom-cache-")
    run_log = SHOTS / "server-runs.jsonl"
    process = start_server(app_dir, port, log_path, cache_dir, run_log)
    sampler = None
    results = Results(progress=open(SHOTS / "progress.jsonl", "w", encoding="utf-8"))
    # A run stopped from outside (SIGTERM, Ctrl-C) still reports what it measured so far.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        start_s = wait_healthy(url, process)
        sampler = Sampler(process.pid)
        sampler.start()
        try:
            elapsed, loaded = asyncio.run(run_class(args, url, results))
        except KeyboardInterrupt:
            elapsed = time.perf_counter() - (results.t0 or sampler.started)
            loaded = ["run interrupted"]
            results.problems.append(Problem("run_interrupted", -1, "-", "-", f"stopped from outside after {elapsed:.0f} s"))
        time.sleep(1.0)
        sampler.stop()
        if process.poll() is not None:
            results.problems.append(Problem("server_died", -1, "-", "-", f"exit code {process.returncode}"))
    finally:
        if sampler is not None and sampler.is_alive():
            sampler.stop()
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(cache_dir, ignore_errors=True)
    log_problems = server_log_problems(log_path.read_text(errors="replace"))
    out = summarise(args, results, sampler, elapsed, start_s, loaded, log_problems)
    out["server_runs"] = server_runs(run_log)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(out, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    print_report(out)
    if args.json:
        print(f"wrote {args.json}; screenshots and the server log in {SHOTS}")
    return 1 if out["error_total"] else 0


if __name__ == "__main__":
    sys.exit(main())
