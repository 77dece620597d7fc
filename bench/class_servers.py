"""The servers bench/class_load.py measures: `streamlit run` replicas started through a launcher
that writes down each script run (bench/classroom.py's LAUNCHER), the server's garbage
collections (GC_WATCH) and, on request, a cProfile of every script run (PROFILER); a private
redis-server for two replicas; and a sampler of their CPU and memory from /proc."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bench.classroom import LAUNCHER, _descendants, _proc_table, wait_healthy

ROOT = Path(__file__).resolve().parents[1]


# With --profile: every script run under cProfile (in its own thread, on the thread's CPU clock),
# the sums written every 20 runs and at exit to $CLASS_LOAD_PROFILE (pstats). Slows the runs:
# for finding where the time goes, not for the figures.
PROFILER = r"""
import atexit, cProfile, os, pstats, threading, time
from streamlit.runtime.scriptrunner import script_runner as _sr

_profile_lock = threading.Lock()
_profile_sum = [None, 0]
_run_script = _sr.ScriptRunner._run_script


def _dump():
    with _profile_lock:
        if _profile_sum[0] is not None:
            _profile_sum[0].dump_stats(os.environ["CLASS_LOAD_PROFILE"])


def _profiled(self, rerun_data):
    profile = cProfile.Profile(time.thread_time)  # CPU time: waiting for the GIL is not work
    profile.enable()
    try:
        return _run_script(self, rerun_data)
    finally:
        profile.disable()
        with _profile_lock:
            if _profile_sum[0] is None:
                _profile_sum[0] = pstats.Stats(profile)
            else:
                _profile_sum[0].add(profile)
            _profile_sum[1] += 1
            every = _profile_sum[1] % 20 == 0
        if every:
            _dump()


_sr.ScriptRunner._run_script = _profiled
atexit.register(_dump)
"""


# Always: Python's garbage collections in the server, by generation (how many, their time,
# the longest, all holding the GIL), written every 5 s to $CLASS_LOAD_GC (JSON).
GC_WATCH = r"""
import gc as _gc, json as _json, os as _os, threading as _threading, time as _time

_gc_state = {"start": 0.0, "by_gen": {}}


def _gc_callback(phase, info):
    if phase == "start":
        _gc_state["start"] = _time.perf_counter()
        return
    took = _time.perf_counter() - _gc_state["start"]
    row = _gc_state["by_gen"].setdefault(str(info["generation"]), {"n": 0, "s": 0.0, "max_s": 0.0, "over_50ms": 0})
    row["n"] += 1
    row["s"] += took
    row["max_s"] = max(row["max_s"], took)
    row["over_50ms"] += took > 0.05


def _gc_writer():
    while True:
        _time.sleep(5)
        with open(_os.environ["CLASS_LOAD_GC"], "w") as out:
            _json.dump(_gc_state["by_gen"], out)


_gc.callbacks.append(_gc_callback)
_threading.Thread(target=_gc_writer, daemon=True, name="gc-watch").start()
# --gc-policy (trying a policy without touching the app): "thresh" collects the young generation
# every 50,000 allocations instead of 700; "freeze" moves what survived a full collection out of
# the collector's sight (gc.freeze), checked every 5 s
_policy = _os.environ.get("CLASS_LOAD_GC_POLICY", "").split(",")
if "thresh" in _policy:
    _gc.set_threshold(50_000, 20, 20)
if "freeze" in _policy:
    def _freezer():
        seen = 0
        while True:
            _time.sleep(5)
            full = _gc_state["by_gen"].get("2", {}).get("n", 0)
            if full > seen:
                seen = full
                _gc.freeze()
    _threading.Thread(target=_freezer, daemon=True, name="gc-freeze").start()
"""


# -- servers -------------------------------------------------------------------------------------


@dataclass
class Servers:
    ports: list[int]
    redis_port: int | None
    workdir: Path
    profile: Path | None = None
    gc_policy: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)
    redis: subprocess.Popen | None = None

    @property
    def bases(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def start(self, extra_env: dict | None = None) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "VECTORLAB_CACHE_DIR": str(self.workdir / "cache"),
               **(extra_env or {})}
        env.pop("VECTORLAB_CLASS_STORE", None)
        if self.redis_port is not None:
            self.redis = subprocess.Popen(
                ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(self.workdir)],
                stdout=open(self.workdir / "redis.log", "w"), stderr=subprocess.STDOUT)
            env["VECTORLAB_CLASS_STORE"] = f"redis://127.0.0.1:{self.redis_port}/0"
            time.sleep(0.5)
        launcher = self.workdir / "launcher.py"
        launcher.write_text(GC_WATCH + (PROFILER if self.profile else "") + LAUNCHER, encoding="utf-8")
        if self.profile:
            env["CLASS_LOAD_PROFILE"] = str(self.profile)
        env["CLASS_LOAD_GC_POLICY"] = self.gc_policy
        for i, port in enumerate(self.ports):
            run_log = self.workdir / f"runs{i}.jsonl"
            run_log.write_text("")
            self.processes.append(subprocess.Popen(
                [sys.executable, str(launcher), "app.py", "--server.port", str(port), "--server.address",
                 "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, stdout=open(self.workdir / f"server{i}.log", "w"), stderr=subprocess.STDOUT,
                env={**env, "CLASSROOM_RUN_LOG": str(run_log), "CLASS_LOAD_GC": str(self.workdir / f"gc{i}.json")}))
        for base, process in zip(self.bases, self.processes):
            wait_healthy(base, process, timeout=120)

    def stop(self) -> None:
        for process in [*self.processes, self.redis]:
            if process is not None and process.poll() is None:
                process.terminate()
        for process in [*self.processes, self.redis]:
            if process is not None:
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()


class Sampler(threading.Thread):
    """Every 0.5 s: CPU ticks and RSS of each replica (with its children), of redis and of this
    script; the machine's load."""

    def __init__(self, groups: dict[str, int]) -> None:
        super().__init__(daemon=True, name="sampler")
        self.groups = groups  # name -> root pid
        self.stop_event = threading.Event()
        self.rss_peak: Counter = Counter()
        self.rss_first: dict[str, int] = {}
        self.rss_last: dict[str, int] = {}
        self.ticks: dict[str, dict[int, int]] = defaultdict(dict)
        self.marks: dict[str, dict[str, float]] = {}
        self.load_peak = 0.0
        self.total_rss_peak = 0

    def sample(self) -> None:
        table = _proc_table()
        total = 0
        for name, root in self.groups.items():
            pids = _descendants(table, root) if name != "bench" else {root}
            rss = sum(table[p][3] for p in pids)
            total += rss if name != "bench" else 0
            self.rss_first.setdefault(name, rss)
            self.rss_last[name] = rss
            self.rss_peak[name] = max(self.rss_peak[name], rss)
            for pid in pids:
                self.ticks[name][pid] = table[pid][2]
        self.total_rss_peak = max(self.total_rss_peak, total)
        with open("/proc/loadavg") as handle:
            self.load_peak = max(self.load_peak, float(handle.read().split()[0]))

    def cpu(self) -> dict[str, float]:
        return {name: sum(self.ticks[name].values()) / os.sysconf("SC_CLK_TCK") for name in self.groups}

    def mark(self, label: str) -> None:
        self.sample()
        total, idle = machine_ticks()
        self.marks[label] = {"t": time.monotonic(), "machine_total": total, "machine_idle": idle, **self.cpu()}

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.sample()
            except (OSError, KeyError, ValueError):
                pass  # a process vanishing mid-read costs one sample
            self.stop_event.wait(0.5)


def machine_ticks() -> tuple[int, int]:
    """All cores' ticks since boot: (total, idle + iowait)."""
    with open("/proc/stat") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    return sum(values), values[3] + values[4]


def load1() -> float:
    with open("/proc/loadavg") as handle:
        return float(handle.read().split()[0])
