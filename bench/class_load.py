"""A class measured without thirty browsers (DESIGN.md, "Budgets": 30 simulated students follow
the teacher; p95 from the teacher's change to each follower's update <= 1 s, no errors, RSS
<= 2 GB; 100 reported too).

    python bench/class_load.py [--students 30] [--minutes 5] [--replicas 1] [--port 8660]
                               [--redis-port 6390] [--json bench/results/class_load_30.json]
                               [--actions N] [--profile out.pstats] [--gc-policy thresh|freeze]

Every student and the teacher is a bench/class_ws.Session: Streamlit's own websocket protocol,
no browser, so the server's two cores measure the server. The teacher is one more such client
(not a Chromium): it starts the class by pressing "Start a class" like a teacher, then gives a
twenty-minute lesson (LESSON below, in order, again from the top if time is left): it opens
pages, changes settings (learning rate, loss surface, optimizer, activation, data set, a word,
the projection), asks the predict-then-reveal questions, reveals them and closes them, one
action every 10-20 s. `--minutes 20` is the real lesson; fewer minutes compress the same lesson
(gaps scaled by minutes/20: the default 5 minutes gives 2.5-5 s between changes, a harder load
than a class). Students join by the link (`/?class=CODE`, a third each in en, ru and kk) over the
first 10 s, answer each question they see 1-6 s later (a guess, then Send: two script runs, as
in a browser), now and then break away ("Explore on my own", change a setting on the page,
"Back to the teacher" a few changes later) and now and then lose the socket for 2-6 s (the
browser then reconnects to the same session and asks for a run).

Measured:
- latency: from the moment the teacher's BackMsg left (the click or the change) to each
  following student's first finished script run showing the new version (the marker
  `data-version` of the class panel; app_pages/classroom/panel.py): p50, p95, max, over every
  (change, follower) pair, and per kind of change. A student that broke away or lost its socket
  during that window is not expected to follow it;
- errors: exception elements and error messages in any page, lost sockets, pages not found,
  cache misses, followers that never showed a change within 30 s ("missing"), tracebacks and
  error lines in the server logs;
- resources, every 0.5 s from /proc: CPU seconds and mean CPU of each server (and redis) over the
  lesson, RSS peak (a replica with its children), the machine's load.

Also: every script run's start and end per session (the server's own clock, bench/classroom.py's
launcher), and the server's garbage collections by generation (GC_WATCH). --profile writes
cProfile statistics of every script run on the thread's CPU clock; --gc-policy tries a
collector policy without touching the app; --actions stops the lesson after N changes.

With --replicas 2 the script starts a redis-server of its own (port --redis-port, no persistence)
and two `streamlit run` with VECTORLAB_CLASS_STORE=redis://...: the teacher on the first replica,
the students alternately on both.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.class_servers import Sampler, Servers, load1  # noqa: E402
from bench.class_ws import Session, with_params  # noqa: E402
from bench.classroom import quantile, server_log_problems, server_runs, stats  # noqa: E402
from core.classroom.moments import MOMENTS  # noqa: E402

RESULTS = ROOT / "bench" / "results"
BUDGET_P95_S, BUDGET_RSS_GB = 1.0, 2.0
MISSING_AFTER_S = 30.0
LANGS = ("en", "ru", "kk")

# The lesson: (verb, argument, value). "set" values: an int is the option's index, a str the
# option's label (select sliders) or the text typed.
LESSON = [
    ("open", "descent", None), ("set", "gd_rate", "0.9"), ("set", "gd_curve", 1), ("set", "gd_rate", "1.0"),
    ("ask", "lr_diverge", None), ("reveal", "lr_diverge", None), ("close", "lr_diverge", None),
    ("set", "gd_surface", 1), ("set", "gd_opt1", 5),
    ("ask", "optimizer_race", None), ("reveal", "optimizer_race", None), ("close", "optimizer_race", None),
    ("open", "activations", None), ("set", "f", 4), ("set", "f", 3),
    ("open", "train", None), ("set", "ds", 3),
    ("ask", "spiral_no_hidden", None), ("reveal", "spiral_no_hidden", None), ("close", "spiral_no_hidden", None),
    ("open", "similarity", None), ("set", "sim_word", "dog"),
    ("ask", "nearest_word", None), ("reveal", "nearest_word", None), ("close", "nearest_word", None),
    ("open", "analogies", None),
    ("ask", "king_queen", None), ("reveal", "king_queen", None), ("close", "king_queen", None),
    ("open", "wmd", None),
    ("ask", "wmd_closer", None), ("reveal", "wmd_closer", None), ("close", "wmd_closer", None),
    ("open", "map", None), ("set", "map_method", 1),
    ("open", "item2vec", None),
    ("ask", "hr10_winner", None), ("reveal", "hr10_winner", None), ("close", "hr10_winner", None),
    ("open", "train-embeddings", None),
    ("ask", "rare_words", None), ("reveal", "rare_words", None), ("close", "rare_words", None),
    ("open", "", None),
]


# -- the teacher ---------------------------------------------------------------------------------


@dataclass
class Action:
    index: int
    verb: str
    arg: str
    sent: float  # monotonic: the teacher's BackMsg left
    teacher_done: float | None = None
    failed: str = ""


def moment_pick_index(moment: str) -> int:
    page = MOMENTS[moment].page
    return [m.id for m in MOMENTS.values() if m.page == page].index(moment)


async def teacher_run(teacher: Session, send) -> tuple[float, float | None]:
    """Sends, then waits for the run to finish (a click whose run ends in st.rerun(): the next)."""
    sent = await send
    done = await teacher.wait_run(180)
    if not done:
        print("  the teacher's run did not finish in 180 s; its runs since:",
              [r for r in teacher.recent if r[0] >= sent - 1][:30], flush=True)
    return sent, (time.monotonic() if done else None)


async def do_step(teacher: Session, index: int, step: tuple) -> Action:
    verb, arg, value = step
    action = Action(index, verb, f"{arg}={value}" if verb == "set" else arg, time.monotonic())
    try:
        if verb == "open":
            action.sent, action.teacher_done = await teacher_run(teacher, teacher.open_page(arg))
        elif verb == "set":
            options = teacher.options(arg)
            chosen = options[value] if isinstance(value, int) else value
            action.sent, action.teacher_done = await teacher_run(teacher, teacher.set(arg, chosen))
        elif verb == "ask":
            if teacher.has("class_moment_pick"):
                await teacher_run(teacher, teacher.set("class_moment_pick",
                                                       teacher.options("class_moment_pick")[moment_pick_index(arg)]))
            action.sent, action.teacher_done = await teacher_run(teacher, teacher.click(f"class_ask_{arg}"))
        elif verb in ("reveal", "close"):
            action.sent, action.teacher_done = await teacher_run(teacher, teacher.click(f"class_{verb}_{arg}"))
    except KeyError as error:
        action.failed = str(error)[:300]
    return action


# -- the students --------------------------------------------------------------------------------


@dataclass
class Student:
    session: Session
    rng: random.Random
    following: bool = True
    connected: bool = True
    off: list[list[float]] = field(default_factory=list)  # [start, end]: away or without a socket
    answered: set[str] = field(default_factory=set)
    answers_sent: int = 0
    breaks: int = 0
    drops: int = 0

    def off_now(self) -> None:
        self.off.append([time.monotonic(), float("inf")])

    def on_again(self) -> None:
        self.off[-1][1] = time.monotonic()


async def student_life(student: Student, lesson_over: asyncio.Event, pace: float, odds: dict) -> None:
    """Answer what is asked; now and then break away or lose the socket."""
    s, rng = student.session, student.rng
    seen_version = s.version
    while not lesson_over.is_set():
        await asyncio.sleep(0.3)
        if not student.connected:
            continue
        guess = next((k for k in s.widgets if k.startswith("class_guess_")), None)
        if guess is not None and guess not in student.answered and student.following:
            student.answered.add(guess)
            await asyncio.sleep(rng.uniform(1.0, 6.0) * pace)
            if guess in s.widgets:
                await s.set(guess, rng.choice(s.options(guess)))
                await s.wait_run(30)
                await asyncio.sleep(rng.uniform(0.3, 1.5))
                send = "class_send_" + guess.removeprefix("class_guess_")
                if send in s.widgets and not s.widgets[send].disabled:
                    await s.click(send)
                    await s.wait_run(30)
                    student.answers_sent += 1
            continue
        if s.version == seen_version:
            continue
        seen_version = s.version  # one chance of a side trip per teacher change
        roll = rng.random()
        if roll < odds["break"] and s.has("class_break"):
            await break_away(student, pace)
        elif roll < odds["break"] + odds["drop"]:
            student.drops += 1
            student.connected = False
            student.off_now()
            await s.drop()
            await asyncio.sleep(rng.uniform(2.0, 6.0))
            await s.connect(resume=True)
            await s.wait_run(60)
            student.connected = True
            student.on_again()
            seen_version = s.version


async def break_away(student: Student, pace: float) -> None:
    s, rng = student.session, student.rng
    student.breaks += 1
    student.following = False
    student.off_now()
    await s.click("class_break")
    await s.wait_run(30)
    await asyncio.sleep(rng.uniform(1.0, 3.0) * pace)
    playable = [k for k, w in s.widgets.items() if w.options and not k.startswith(("class_", "lang", "model"))
                and w.kind in ("radio", "selectbox", "slider")]
    if playable:  # a setting of the student's own
        key = rng.choice(playable)
        await s.set(key, rng.choice(s.options(key)))
        await s.wait_run(30)
    await asyncio.sleep(rng.uniform(10.0, 30.0) * pace)
    if s.has("class_back"):
        await s.click("class_back")
        await s.wait_run(30)
    student.following = True
    student.on_again()


# -- the lesson ----------------------------------------------------------------------------------


async def lesson(args, servers: Servers, sampler: Sampler) -> dict:
    rng = random.Random(args.seed)
    teacher = Session(servers.bases[0], "teacher")
    await teacher.connect()
    await teacher.wait_run(180)
    await teacher_run(teacher, teacher.click("class_start"))
    await asyncio.sleep(1)
    code = parse_qs(teacher.query)["class"][0]
    students = []
    for i in range(args.students):
        lang = LANGS[i % 3]
        query = with_params("", **{"class": code, "lang": None if lang == "en" else lang})
        base = servers.bases[i % len(servers.bases)]
        students.append(Student(Session(base, f"s{i:03d}", query=query, locale={"en": "en-US", "ru": "ru-RU",
                                                                               "kk": "kk-KZ"}[lang]),
                                random.Random(args.seed * 1000 + i)))

    async def join(student: Student, delay: float) -> None:
        await asyncio.sleep(delay)
        await student.session.connect()
        await student.session.wait_run(120)

    await asyncio.gather(*(join(st, rng.uniform(0, args.ramp)) for st in students))
    await asyncio.sleep(2)
    joined = sum(1 for st in students if st.session.runs_finished > 0)
    print(f"class {code}: {joined}/{len(students)} students joined; load {load1():.2f}", flush=True)

    pace = args.minutes / 20.0
    odds = {"break": args.break_odds, "drop": args.drop_odds}
    over = asyncio.Event()
    lives = [asyncio.create_task(student_life(st, over, pace, odds)) for st in students]
    sampler.mark("lesson_start")
    actions: list[Action] = []
    end = time.monotonic() + args.minutes * 60
    index = 0
    while time.monotonic() < end and (args.actions is None or index < args.actions):
        step = LESSON[(index + args.from_step) % len(LESSON)]
        next_at = time.monotonic() + rng.uniform(10.0, 20.0) * pace
        action = await do_step(teacher, index, step)
        actions.append(action)
        took = (action.teacher_done or time.monotonic()) - action.sent
        print(f"  {index:3d} {action.verb:6} {action.arg:24} teacher {took:5.2f} s "
              f"{'FAILED ' + action.failed if action.failed else ''}", flush=True)
        index += 1
        await asyncio.sleep(max(0.0, next_at - time.monotonic()))
    # the last change reaches every follower (or the window to count it missing passes)
    until = time.monotonic() + MISSING_AFTER_S
    last_sent = actions[-1].sent if actions else 0.0
    while time.monotonic() < until:
        target = max(st.session.version for st in students)
        heard = any(seen >= last_sent for st in students for _, seen, _ in st.session.updates[-1:])
        if heard and all(st.session.version >= target for st in students if st.following and st.connected):
            break
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    sampler.mark("lesson_end")
    over.set()
    await asyncio.gather(*lives, return_exceptions=True)
    for session in [teacher, *(st.session for st in students)]:
        await session.close()
    return {"code": code, "joined": joined, "actions": actions, "students": students, "teacher": teacher}


def versions_of(actions: list[Action], students: list[Student]) -> dict[int, int | None]:
    """Which of the teacher's versions each change published: the versions first seen (by any
    follower, marker arriving) between the change and the next one; the last of them, since a
    change may publish twice (the settings as soon as the page wrote them, then the rest) or not
    at all (a setting already as asked). Every follower is woken at a publish and the marker is
    drawn at the top of its run, so the first sighting follows the publish closely."""
    first_seen: dict[int, float] = {}
    for st in students:
        for v, seen, _ in st.session.updates:
            first_seen[v] = min(seen, first_seen.get(v, float("inf")))
    published = [a for a in actions if not a.failed]
    out = {}
    for i, action in enumerate(published):
        until = published[i + 1].sent if i + 1 < len(published) else float("inf")
        mine = [v for v, seen in first_seen.items() if action.sent <= seen < until]
        out[action.index] = max(mine) if mine else None
    return out


def latencies(actions: list[Action], students: list[Student]) -> dict:
    """A follower's latency for a change runs from the teacher's BackMsg to the follower's first
    finished run showing the change's version or a later one (after quick changes a follower
    may go straight to the later one)."""
    version_of = versions_of(actions, students)
    samples, per_kind, missing, per_action = [], defaultdict(list), [], []
    for action in (a for a in actions if not a.failed):
        version = version_of[action.index]
        if version is None:
            per_action.append({"index": action.index, "verb": action.verb, "arg": action.arg, "version": None})
            continue
        mine = []
        for st in students:
            window_end = action.sent + MISSING_AFTER_S
            done = next((d for v, seen, d in st.session.updates if v >= version and d >= action.sent), None)
            until = done if done is not None else window_end
            if any(begin <= until and end >= action.sent for begin, end in st.off):
                continue  # away or without a socket meanwhile: not expected to follow this one
            if done is None or done > window_end:
                missing.append({"student": st.session.name, "action": action.index, "version": version})
                continue
            mine.append(done - action.sent)
        samples += mine
        per_kind[action.verb] += mine
        per_action.append({"index": action.index, "verb": action.verb, "arg": action.arg, "version": version,
                           "teacher_s": round((action.teacher_done or action.sent) - action.sent, 3),
                           "followers": len(mine), "p50": quantile(mine, 0.5), "p95": quantile(mine, 0.95),
                           "max": max(mine, default=float("nan"))})
    return {"all": stats(samples), "by_kind": {k: stats(v) for k, v in per_kind.items()}, "missing": missing,
            "actions": per_action, "changes_without_a_version": sum(v is None for v in version_of.values())}


def errors_of(students: list[Student], teacher: Session, workdir: Path, replicas: int) -> dict:
    kinds, examples = Counter(), defaultdict(list)
    for session in [teacher, *(st.session for st in students)]:
        for kind, detail in session.errors:
            kinds[kind] += 1
            if len(examples[kind]) < 5:
                examples[kind].append(f"{session.name}: {detail}")
    for i in range(replicas):
        for kind, detail in server_log_problems((workdir / f"server{i}.log").read_text(errors="replace")):
            kinds[kind] += 1
            if len(examples[kind]) < 5:
                examples[kind].append(f"replica {i}: {detail}")
    return {"counts": dict(kinds), "examples": dict(examples)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--minutes", type=float, default=5.0, help="20: the real lesson; fewer compress it")
    parser.add_argument("--actions", type=int, default=None, help="stop after this many teacher changes")
    parser.add_argument("--from-step", type=int, default=0, help="begin the lesson at this step of LESSON")
    parser.add_argument("--replicas", type=int, default=1, choices=(1, 2))
    parser.add_argument("--port", type=int, default=8660)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--ramp", type=float, default=10.0, help="students join over this many seconds")
    parser.add_argument("--break-odds", type=float, default=0.03, help="per student and teacher change")
    parser.add_argument("--drop-odds", type=float, default=0.01, help="per student and teacher change")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--trace", action="store_true", help="print two students' updates and the actions")
    parser.add_argument("--profile", type=Path, default=None, help="pstats of every script run (replica 0 and 1 "
                        "write the same file: use with one replica)")
    parser.add_argument("--gc-policy", default="", help="try a garbage collector policy in the server: thresh, "
                        "freeze or thresh,freeze (see GC_WATCH)")
    parser.add_argument("--keep", action="store_true", help="keep the run directory (server logs)")
    args = parser.parse_args()

    # stopped (timeout, kill): the servers and redis are stopped too (the finally below)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = Path(tempfile.mkdtemp(prefix="class-load-"))
    servers = Servers([args.port + i for i in range(args.replicas)], args.redis_port if args.replicas > 1 else None,
                      workdir, args.profile, args.gc_policy)
    load_before = load1()
    started = time.monotonic()
    servers.start()
    groups = {f"replica{i}": p.pid for i, p in enumerate(servers.processes)}
    if servers.redis is not None:
        groups["redis"] = servers.redis.pid
    groups["bench"] = os.getpid()
    sampler = Sampler(groups)
    sampler.start()
    try:
        out = asyncio.run(lesson(args, servers, sampler))
    finally:
        sampler.stop_event.set()
        servers.stop()
    start, end = sampler.marks["lesson_start"], sampler.marks["lesson_end"]
    lat_all = latencies(out["actions"], out["students"])
    seconds = end["t"] - start["t"]
    cpu = {name: round(end[name] - start[name], 1) for name in groups}
    students = out["students"]
    result = {
        "students": args.students, "joined": out["joined"], "replicas": args.replicas, "minutes": args.minutes,
        "teacher": "protocol client (bench/class_ws.py), on replica 0",
        "actions": len(out["actions"]), "failed_actions": [asdict(a) for a in out["actions"] if a.failed],
        "latency_s": lat_all,
        "errors": errors_of(students, out["teacher"], workdir, args.replicas),
        # runs whose FINISHED_SUCCESSFULLY Streamlit rewrote as ended early (bench/class_ws.py)
        "finishes_rewritten": {"teacher": out["teacher"].rewritten_finishes,
                               "students": sum(st.session.rewritten_finishes for st in students)},
        "answers_sent": sum(st.answers_sent for st in students), "breaks": sum(st.breaks for st in students),
        "drops": sum(st.drops for st in students),
        "cpu_s": cpu, "cpu_share_of_one_core": {k: round(v / seconds, 2) for k, v in cpu.items()},
        "lesson_s": round(seconds, 1),
        # the machine's cores busy over the lesson (every process): near 1 with the server under
        # one core, the server waited for a CPU (other work on the machine), not for its GIL
        "machine_busy": round(1 - (end["machine_idle"] - start["machine_idle"])
                              / max(1, end["machine_total"] - start["machine_total"]), 2),
        "server_cpu_ms_per_update": round(1000 * sum(v for k, v in cpu.items() if k.startswith("replica"))
                                          / max(1, lat_all["all"]["n"]), 1),
        "rss_peak_mb": {k: round(v / 2**20) for k, v in sampler.rss_peak.items()},
        "rss_first_mb": {k: round(v / 2**20) for k, v in sampler.rss_first.items()},
        "servers_rss_peak_mb": round(sampler.total_rss_peak / 2**20),
        "load": {"before": load_before, "peak": sampler.load_peak, "after": load1()},
        "bytes_to_students_mb": round(sum(st.session.bytes_in for st in students) / 2**20, 1),
        "server_runs": [server_runs(workdir / f"runs{i}.jsonl") for i in range(args.replicas)],
        "gc_policy": args.gc_policy or "the app's",
        "gc": [json.loads(p.read_text()) if (p := workdir / f"gc{i}.json").exists() else None
               for i in range(args.replicas)],
        "wall_s": round(time.monotonic() - started, 1),
    }
    lat = result["latency_s"]["all"]
    errors = sum(result["errors"]["counts"].get(k, 0) for k in ("exception", "error message", "lost socket",
                                                                 "page not found", "cache miss", "server_traceback"))
    errors += len(result["latency_s"]["missing"])
    result["budget"] = {"p95_s": BUDGET_P95_S, "rss_gb": BUDGET_RSS_GB,
                        "met": lat["p95"] <= BUDGET_P95_S and errors == 0
                        and result["servers_rss_peak_mb"] <= BUDGET_RSS_GB * 1024}
    print(json.dumps({k: result[k] for k in ("students", "replicas", "minutes", "actions", "cpu_s", "machine_busy",
                                             "server_cpu_ms_per_update",
                                             "cpu_share_of_one_core", "rss_peak_mb", "load", "budget")}, indent=1))
    print("latency", json.dumps(result["latency_s"]["all"]), "by kind",
          json.dumps(result["latency_s"]["by_kind"]), "missing", len(result["latency_s"]["missing"]),
          "changes without a version", result["latency_s"]["changes_without_a_version"])
    print("errors", json.dumps(result["errors"]["counts"]))
    if args.trace:
        for st in students[:2]:
            print(st.session.name, [(v, round(seen - started, 2), round(done - started, 2))
                                    for v, seen, done in st.session.updates])
        print("actions", [(a.index, a.verb, a.arg, round(a.sent - started, 2)) for a in out["actions"]])
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=1, default=str) + "\n")
    if args.keep:
        print("run directory:", workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if result["budget"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
