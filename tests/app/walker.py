"""A student who tries everything: a seeded random walk over one page, in AppTest.

Every step picks something a person could do on the page as it is drawn now (any option of any
choice widget, a slider's ends or middle, typed text from `TEXTS`, a button, a file for an
uploader, the interface language, the vector model) and does it. After every step the page
must hold its invariants (`Walk.check`):

- no exception element and no "Something went wrong" message (the safety net's);
- every setting the walker made is still what it made, unless it can no longer be (its option
  is gone, or the page forgets typed words when the model's language changes), also after
  errors, hidden sections and language switches;
- the page's link, opened in a fresh session, shows the same settings (checked every few steps
  and at the end: each check opens the page again).

A failing walk is replayed with steps left out until no single step can go (`shrink`), and the
report shows the shortest sequence first, then the whole walk.

Steps name widgets by key (or by type and position for the few without one), so a sequence
replays the same way in a fresh AppTest. Option widgets are set the way the browser sets them:
by sending the label shown (`_send_labels`), which is what made a language switch crash pages.
"""

from __future__ import annotations

import contextlib
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamlit import config
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget

from app_pages.common import LINK_TEXT_MAX
from core.i18n import LANGUAGES, translate
from tests.app.apptest import run_first

APP = str(Path(__file__).resolve().parents[2] / "app.py")

# What people type. Numbers in the ways RU/KK write them, garbage, markup, emoji, huge text.
HUGE = " ".join(["word", "слово", "сөз", "the", "и"] * 1000)  # 5,000 words
TEXTS = (
    "", "   ", "cat", "king", "paris, france, italy", "кошка", "король", "котёнок", "мысық", "патша",
    "zzqxv", "unknownwordxyz qqq", "the of and", "<script>alert(1)</script>", '=HYPERLINK("http://x")',
    "[click](http://x) **bold** # head", "😀🐱", "1,5", "1.5", "-1", "0", "1e9", "nan", "inf", "abc", "-0,25",
    "dog bites man", "собака кусает человека", HUGE,
)
# Files for any uploader: good ones of each kind the pages take, and bad ones.
FILES = (
    ("sessions.csv", ("session_id,item_id\n" + "".join(f"{s},{(s * 3 + i) % 7}\n" for s in range(300)
                                                        for i in range(4))).encode(), "text/csv"),
    ("points.csv", ("x,y,label\n" + "".join(f"{150 + i % 40},{50 + (i * 7) % 40},{i % 2}\n"
                                            for i in range(200))).encode(), "text/csv"),
    ("words.txt", "king\nqueen\nman\nwoman\nкороль\nparis\n".encode(), "text/plain"),
    ("corpus.txt", ("the cat sat on the mat . " * 400).encode(), "text/plain"),
    ("wrong.csv", b"a,b,c\n1,2,3\n", "text/csv"),
    ("hyperlink.csv", ('session_id,item_id\n1,"=HYPERLINK(""http://x"")"\n1,b\n2,b\n2,"=HYPERLINK(""http://x"")"\n'
                       ).encode(), "text/csv"),
    ("binary.csv", bytes(range(256)) * 8, "application/octet-stream"),
    ("empty.csv", b"", "text/csv"),
    ("cp1251.txt", "король\nкоролева\n".encode("cp1251"), "text/plain"),
)
CHOICE_TYPES = ("selectbox", "radio", "select_slider", "multiselect", "button_group")
TEXT_TYPES = ("text_input", "text_area")
# Settings that are deliberately not the user's to keep or not in a link.
NOT_SETTINGS = {"copy_link", "present"}
CLASS_MODE = "class_"  # the class panel's fields (a code, a nickname, a guess) are the session's, not the page's
UNEXPECTED = {translate(code, "error.unexpected") for code in LANGUAGES}
NUMBER_TEXT = "__text"  # app_pages/number_field.py: the typed text; the setting is the key before it


@contextlib.contextmanager
def labels_as_last_drawn():
    """Untouched option widgets are sent as AppTest formats them after the run, in the last run's
    language (app_pages.common.language outside a run), as the browser sends the labels it was
    last drawn with. The walk reports the page's own error, not the message users get."""
    details = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    try:
        yield
    finally:
        config.set_option("client.showErrorDetails", details)


@dataclass(frozen=True)
class Step:
    kind: str  # "set" (a widget), "click", "upload", "lang", "model"
    target: str  # widget key, or "type#n" for a widget without one
    value: Any = None

    def __str__(self) -> str:
        shown = self.value
        if isinstance(shown, str) and len(shown) > 40:
            shown = shown[:37] + "..."
        if isinstance(shown, tuple) and len(shown) == 3 and isinstance(shown[1], bytes):
            shown = shown[0]
        return f"{self.kind} {self.target} = {shown!r}"


class WalkFailure(AssertionError):
    pass


def _widgets(at: AppTest) -> list:
    """Every widget drawn now, in page order, the sidebar included."""
    found = []
    for node in _walk_tree(at._tree):
        if isinstance(node, Widget) and node.id:
            found.append(node)
    return found


def _walk_tree(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk_tree(child)


def _kind(node) -> str:
    return node.type


def _target(node, nodes: list) -> str:
    key = getattr(node, "key", None)
    if key:
        return key
    same = [n for n in nodes if _kind(n) == _kind(node) and not getattr(n, "key", None)]
    return f"{_kind(node)}#{same.index(node)}"


def _find(at: AppTest, target: str):
    nodes = _widgets(at)
    for node in nodes:
        if _target(node, nodes) == target:
            return node
    return None


def _send_labels(node, labels: list[str]) -> None:
    """Make the next run send these labels as the widget's state, as the browser does (Streamlit
    keeps option widgets' values on the frontend as the label shown). AppTest's own set_value
    formats a value with the current format_func, so it cannot send an old language's label."""
    kind = _kind(node)

    class Sent(type(node)):
        @property
        def _widget_state(self) -> WidgetState:
            state = WidgetState()
            state.id = self.id
            if kind in ("selectbox", "radio"):
                state.string_value = labels[0]
            else:
                state.string_array_value.data[:] = labels
            return state

    node.__class__ = Sent


def _shown(node):
    """A widget's value as the page reads it (stable values, not labels)."""
    try:
        value = node.value
    except Exception as error:  # noqa: BLE001 -- AppTest cannot even read it: the label is stale
        return ("unreadable", repr(error))
    return tuple(value) if isinstance(value, list) else value


def _within(node, value) -> bool:
    values = value if isinstance(value, tuple) else (value,)
    try:
        return all(node.min <= v <= node.max for v in values)
    except TypeError:
        return True


def _label_of(node, value) -> str | None:
    """The label the widget shows for a stable value, or None if it has no such option."""
    try:
        label = node.format_func(value)
    except Exception:  # noqa: BLE001
        return None
    return label if str(label) in [str(o) for o in node.options] else None


@dataclass
class Walk:
    page: str  # script path, as in app_pages/registry.py
    query: dict = field(default_factory=dict)
    link_every: int = 5
    log: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.at = AppTest.from_file(APP, default_timeout=90)
        self.made: dict[str, Any] = {}
        self.language = "en"

    # ---- running
    def open(self) -> None:
        for key, value in self.query.items():
            self.at.query_params[key] = value
        self._run(lambda: run_first(self.at, self.page))
        self.check("open")

    def _run(self, action) -> None:
        try:
            action()
        except Exception as error:  # noqa: BLE001 -- AppTest's own failure is the page's failure
            raise WalkFailure(f"the run failed: {type(error).__name__}: {error}") from error

    def apply(self, step: Step) -> bool:
        """Do one step; False if it cannot be done on the page as it is (a shrunk walk)."""
        at = self.at
        if step.kind == "lang":
            node = at.sidebar.selectbox(key="lang")
            _send_labels(node, [node.options[step.value]])
            self._run(at.run)
            self.language = self._language_now()
            return True
        if step.kind == "model":
            node = at.sidebar.selectbox(key="model")
            if step.value >= len(node.options):
                return False
            before = _shown(node)
            _send_labels(node, [node.options[step.value]])
            self._run(at.run)
            if _shown(at.sidebar.selectbox(key="model")) != before:
                # Words typed for one model mean nothing to the other (the page says nothing,
                # and need not: the new model's own examples appear).
                self.made = {key: value for key, value in self.made.items() if not self._is_text(key)}
            return True
        node = _find(at, step.target)
        if node is None or getattr(node, "disabled", False):
            return False
        if step.kind == "click":
            node.click()
        elif step.kind == "upload":
            node.set_value(step.value)
        elif _kind(node) in CHOICE_TYPES:
            labels = [node.options[i] for i in step.value if i < len(node.options)]
            if not labels and _kind(node) != "multiselect":
                return False
            _send_labels(node, labels)
        elif _kind(node) in TEXT_TYPES:
            limit = getattr(node.proto, "max_chars", 0)
            node.set_value(step.value[:limit] if limit else step.value)  # the browser stops typing there
        else:
            node.set_value(step.value)
        self._run(at.run)
        if step.kind == "click":
            # A button is the user asking the page to change settings (a gradient step, a
            # preset, Reset): what it set is theirs now.
            self._remember_all()
        if step.kind == "set":
            after = _find(at, step.target)
            if after is not None and getattr(after, "key", None) and step.target not in NOT_SETTINGS:
                # What the page settled on is the user's setting from now on (a refused value
                # leaves the last good one, and the page says why).
                key, value = self._setting(after)
                self.made[key] = value
        return True

    def _remember_all(self) -> None:
        for node in _widgets(self.at):
            if getattr(node, "key", None) and node.key not in NOT_SETTINGS:
                key, value = self._setting(node)
                if key in self.made:
                    self.made[key] = value

    def _setting(self, node) -> tuple[str, Any]:
        """The setting a widget holds: a number field's is the number under the key before its
        text's suffix (a refused text stays in the field; the number in use is the setting)."""
        key = node.key
        if key.endswith(NUMBER_TEXT):
            base = key[: -len(NUMBER_TEXT)]
            return base, self.at.session_state[base] if base in self.at.session_state else None
        return key, _shown(node)

    def _language_now(self) -> str:
        label = self.at.sidebar.selectbox(key="lang").options
        value = _shown(self.at.sidebar.selectbox(key="lang"))
        for code, name in LANGUAGES.items():
            if value in (code, name):
                return code
        return str(label)

    def _is_text(self, key: str) -> bool:
        node = _find(self.at, key)
        return node is None or _kind(node) in TEXT_TYPES

    # ---- invariants
    def check(self, where: str, link: bool = False) -> None:
        at = self.at
        if at.exception:
            raise WalkFailure(f"{where}: exception on the page: {at.exception[0].message[:300]}")
        unexpected = [e.value for e in at.error if e.value in UNEXPECTED]
        if unexpected:
            raise WalkFailure(f"{where}: the safety net's message is shown")
        nodes = {}
        for node in _widgets(at):
            if getattr(node, "key", None):
                nodes[self._setting(node)[0]] = node
        for key, made in self.made.items():
            node = nodes.get(key)
            if node is None:
                continue  # hidden now; it must come back as it was (checked when it does)
            now = self._setting(node)[1]
            if now == made:
                continue
            if _kind(node) in CHOICE_TYPES and not self._still_possible(node, made):
                continue  # its option is gone (e.g. another data set's items)
            if _kind(node) == "slider" and not _within(node, made):
                continue  # another setting moved its end past it (a prefix longer than the session)
            raise WalkFailure(f"{where}: setting {key!r} was {made!r}, now {now!r}")
        if link:
            self.check_link(where)

    @staticmethod
    def _still_possible(node, made) -> bool:
        values = made if isinstance(made, tuple) and _kind(node) in ("multiselect", "button_group") else (made,)
        if _kind(node) == "select_slider" and isinstance(made, tuple):
            values = made
        return all(_label_of(node, value) is not None for value in values)

    def check_link(self, where: str) -> None:
        """The page's link, opened in a fresh session, shows the same settings."""
        query = {key: value for key, value in self.at.query_params.items()}
        fresh = AppTest.from_file(APP, default_timeout=90)
        for key, value in query.items():
            fresh.query_params[key] = value
        try:
            run_first(fresh, self.page)
        except Exception as error:  # noqa: BLE001
            raise WalkFailure(f"{where}: the page's link {query} does not open: {error}") from error
        if fresh.exception:
            raise WalkFailure(f"{where}: the page's link {query} shows an exception: "
                              f"{fresh.exception[0].message[:300]}")
        mine = {self._setting(n)[0]: self._setting(n)[1] for n in _widgets(self.at) if getattr(n, "key", None)}
        theirs = {}
        for node in _widgets(fresh):
            if getattr(node, "key", None):
                key = node.key
                if key.endswith(NUMBER_TEXT):
                    base = key[: -len(NUMBER_TEXT)]
                    theirs[base] = fresh.session_state[base] if base in fresh.session_state else None
                else:
                    theirs[key] = _shown(node)
        for key in self.made:
            if key in NOT_SETTINGS or key.startswith(CLASS_MODE) or key not in mine or key not in theirs:
                continue
            if isinstance(mine[key], str) and len(mine[key]) > LINK_TEXT_MAX:
                continue  # too long for a link: the page says so under the field
            if theirs[key] != mine[key]:
                raise WalkFailure(f"{where}: the link {query} opens with {key!r} = {theirs[key]!r}, "
                                  f"the page shows {mine[key]!r}")

    # ---- choosing
    def choose(self, rng: random.Random) -> Step:
        """One thing a person could do now."""
        roll = rng.random()
        if roll < 0.08:
            return Step("lang", "lang", rng.randrange(len(LANGUAGES)))
        if roll < 0.13:
            return Step("model", "model", rng.randrange(2))
        nodes = [n for n in _widgets(self.at) if getattr(n, "key", None) not in ("lang", "model", *NOT_SETTINGS)
                 and not getattr(n, "disabled", False)]  # a greyed-out control cannot be used
        if not nodes:
            return Step("lang", "lang", rng.randrange(len(LANGUAGES)))
        node = rng.choice(nodes)
        target = _target(node, _widgets(self.at))
        kind = _kind(node)
        if kind in ("button", "download_button"):
            return Step("click", target)
        if kind == "file_uploader":
            name, content, mime = rng.choice(FILES)
            allowed = [ext if ext.startswith(".") else "." + ext for ext in node.allowed_type]
            if allowed and not any(name.endswith(ext) for ext in allowed):
                name += allowed[0]  # the browser offers only these; any content can wear the name
            return Step("upload", target, (name, content, mime))
        if kind in ("checkbox", "toggle"):
            return Step("set", target, not bool(node.value))
        if kind in CHOICE_TYPES:
            n = len(node.options)
            if kind == "multiselect":
                picked = sorted(rng.sample(range(n), rng.randint(0, min(n, 4)))) if n else []
                return Step("set", target, tuple(picked))
            if kind == "select_slider" and isinstance(node.value, (list, tuple)):
                low = rng.randrange(n)
                return Step("set", target, (low, rng.randrange(low, n)))
            return Step("set", target, (rng.choice([0, n - 1, rng.randrange(n)]),) if n else (0,))
        if kind == "slider":
            low, high, step = node.min, node.max, node.step

            def on_the_slider(value):
                # a browser's slider stops only at low + k * step
                snapped = min(high, low + round((value - low) / step) * step) if step else value
                return int(snapped) if isinstance(low, int) and isinstance(step, int) else float(snapped)

            value = on_the_slider(rng.choice([low, high, low + (high - low) * rng.random()]))
            if isinstance(node.value, (list, tuple)):
                other = rng.choice([low, high])
                return Step("set", target, tuple(sorted((value, other))))
            return Step("set", target, value)
        if kind == "number_input":
            low = node.min if node.min is not None else -1e6
            high = node.max if node.max is not None else 1e6
            value = rng.choice([low, high, low + (high - low) * rng.random()])
            return Step("set", target, int(value) if isinstance(node.value, int) else value)
        if kind in TEXT_TYPES:
            return Step("set", target, rng.choice(TEXTS))
        return Step("click", target) if hasattr(node, "click") else Step("lang", "lang", rng.randrange(3))


def replay(page: str, steps: list[Step], query: dict | None = None, link_every: int = 5) -> None:
    """Open the page and do these steps, checking after each; raises WalkFailure."""
    with labels_as_last_drawn():
        _replay(page, steps, query, link_every)


def _replay(page: str, steps: list[Step], query, link_every: int) -> None:
    walk = Walk(page, dict(query or {}), link_every)
    walk.open()
    for number, step in enumerate(steps, 1):
        if walk.apply(step):
            walk.check(f"step {number} ({step})", link=number % link_every == 0 or number == len(steps))


def random_walk(page: str, seed: int, steps: int, query: dict | None = None,
                link_every: int = 5) -> list[Step]:
    """The steps of one seeded walk; raises WalkFailure (with the shortest failing sequence)."""
    with labels_as_last_drawn():
        return _random_walk(page, seed, steps, query, link_every)


def _random_walk(page: str, seed: int, steps: int, query, link_every: int) -> list[Step]:
    rng = random.Random(f"{page}:{seed}")
    walk = Walk(page, dict(query or {}), link_every)
    done: list[Step] = []
    try:
        walk.open()
        for number in range(1, steps + 1):
            step = walk.choose(rng)
            done.append(step)
            if walk.apply(step):
                walk.check(f"step {number} ({step})", link=number % link_every == 0 or number == steps)
    except WalkFailure as failure:
        shortest = shrink(page, done, query, link_every, str(failure))
        raise WalkFailure(_report(page, seed, failure, shortest, done)) from None
    return done


def _same_kind(message: str, first: str) -> bool:
    """Two failures are the same for shrinking if they say the same thing after their step."""
    return message.split(": ", 1)[-1][:60] == first.split(": ", 1)[-1][:60]


def shrink(page: str, steps: list[Step], query, link_every: int, failure: str,
           budget_s: float = 240.0) -> list[Step]:
    """Leave out steps while the walk still fails the same way (one at a time, then again from
    the start while anything went), within a time budget."""
    deadline = time.monotonic() + budget_s
    current = list(steps)
    changed = True
    while changed and time.monotonic() < deadline:
        changed = False
        for index in range(len(current) - 1, -1, -1):
            if time.monotonic() > deadline:
                break
            trial = current[:index] + current[index + 1:]
            try:
                replay(page, trial, query, link_every=1)
            except WalkFailure as again:
                if _same_kind(str(again), failure):
                    current = trial
                    changed = True
    return current


def _report(page: str, seed: int, failure: WalkFailure, shortest: list[Step], whole: list[Step]) -> str:
    lines = [f"walk of {page} (seed {seed}) failed: {failure}", "", "shortest steps that fail the same way:"]
    lines += [f"  {n}. {step}" for n, step in enumerate(shortest, 1)]
    lines += ["", "the whole walk:"] + [f"  {n}. {step}" for n, step in enumerate(whole, 1)]
    lines += ["", f"replay: tests.app.walker.replay({page!r}, [...])"]
    return "\n".join(lines)
