"""A browser without a browser: one Streamlit session spoken to over its websocket, the way the
frontend does it, so that a class of simulated students loads the server and nothing else
(bench/class_load.py).

What the frontend does and this client does too (streamlit 1.67, the protobufs that ship with it):
- connect to /_stcore/stream (subprotocol "streamlit"; the third entry names an existing session
  after a lost socket, so the server gives the same session back);
- the first BackMsg is a rerun_script with a ClientState: the address's query string, the page
  named by the address's path (page_name; page_script_hash empty until the server's
  new_session / navigation names the page), the browser's context (url, locale, timezone);
- every later rerun_script carries the current page, the query string the server last put in the
  address (page_info_changed), the widget values the browser holds and the hashes of the
  messages it caches (the server then sends a ref_hash instead of a cached element again);
- a widget change is a rerun_script with the full widget_states, a button a trigger_value sent
  once; widget ids come from the deltas (an id ends with "-<key>" for a keyed widget);
- a fragment with run_every: the server sends auto_rerun (interval, fragment_id) and the browser
  asks for that fragment on that interval until a full run no longer draws it.

The one simplification: the browser also holds the default value of every widget drawn (it
sends them with the next rerun); this client holds only the values it set, for widgets still on
the page. The server then takes the defaults from its session state, which is what those
values would say.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

# the class panel's marker: the teacher's version this student's page shows
VERSION_MARK = re.compile(r'class="vl-class-status" data-version="(\d+)"')
WIDGET_KINDS = ("radio", "selectbox", "slider", "checkbox", "text_input", "text_area", "number_input", "button",
                "multiselect")


def widget_key(widget_id: str) -> str | None:
    """The user key a keyed widget's id ends with ("$$ID-<hash>-<key>"), None for unkeyed ones."""
    parts = widget_id.split("-", 2)
    if len(parts) == 3 and parts[0].startswith("$$ID") and parts[2] != "None":
        return parts[2]
    return None


def versions_in(body: str) -> list[int]:
    return [int(v) for v in VERSION_MARK.findall(body)]


@dataclass
class Widget:
    key: str
    id: str
    kind: str  # the Element's oneof name: "radio", "slider", ...
    options: list[str] = field(default_factory=list)
    select_slider: bool = False
    integer: bool = False
    disabled: bool = False


def widget_of(element) -> Widget | None:
    """A keyed widget drawn in a delta's element (None: not a widget, or no key)."""
    kind = element.WhichOneof("type")
    if kind not in WIDGET_KINDS:
        return None
    proto = getattr(element, kind)
    key = widget_key(proto.id)
    if key is None:
        return None
    options = list(getattr(proto, "options", []) or [])
    select_slider = kind == "slider" and proto.type == Slider.SELECT_SLIDER
    integer = kind in ("slider", "number_input") and proto.data_type == Slider.INT
    return Widget(key, proto.id, kind, options, select_slider, integer, bool(getattr(proto, "disabled", False)))


def widget_state(widget: Widget, value) -> WidgetState:
    """The state the browser sends for `value`: option widgets travel as their shown label."""
    state = WidgetState(id=widget.id)
    if widget.kind == "button":
        state.trigger_value = bool(value)
    elif widget.kind in ("radio", "selectbox"):
        if value not in widget.options:
            raise ValueError(f"{widget.key}: {value!r} is not one of {widget.options}")
        state.string_value = value
    elif widget.kind == "slider" and widget.select_slider:
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if v not in widget.options:
                raise ValueError(f"{widget.key}: {v!r} is not one of {widget.options}")
        state.string_array_value.data.extend(values)
    elif widget.kind == "slider":
        values = value if isinstance(value, (list, tuple)) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    elif widget.kind == "checkbox":
        state.bool_value = bool(value)
    elif widget.kind in ("text_input", "text_area"):
        state.string_value = str(value)
    elif widget.kind == "number_input":
        if widget.integer:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif widget.kind == "multiselect":
        state.string_array_value.data.extend(value)
    else:  # pragma: no cover - WIDGET_KINDS lists the kinds above
        raise ValueError(widget.kind)
    return state


def rerun_message(*, query: str, page_hash: str = "", page_name: str = "", widgets=(), fragment_id: str = "",
                  auto: bool = False, cached=(), url: str = "", locale: str = "en-US") -> BackMsg:
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_script_hash = page_hash
    state.page_name = page_name
    state.fragment_id = fragment_id
    state.is_auto_rerun = auto
    state.widget_states.widgets.extend(widgets)
    state.cached_message_hashes.extend(cached)
    state.context_info.url = url
    state.context_info.locale = locale
    state.context_info.timezone = "Asia/Almaty"
    state.context_info.timezone_offset = -300
    return msg


def with_params(query: str, **changes) -> str:
    """A query string with parameters set (None removes one), order kept."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in changes]
    pairs += [(k, v) for k, v in changes.items() if v is not None]
    return urlencode(pairs)


@dataclass
class Run:
    """One script run as this client saw it."""

    started: float
    fragment: bool
    widgets: dict[str, Widget] = field(default_factory=dict)
    versions: list[int] = field(default_factory=list)
    finished: float | None = None
    status: str = ""


class Session:
    """One browser tab's session. `events` of interest are kept with monotonic times."""

    def __init__(self, base: str, name: str, *, page: str = "", query: str = "", locale: str = "en-US") -> None:
        self.base = base.rstrip("/")  # http://127.0.0.1:8660
        self.name = name
        self.page_name = page
        self.page_hash = ""
        self.query = query
        self.locale = locale
        self.pages: dict[str, str] = {}  # url_pathname -> page_script_hash
        self.widgets: dict[str, Widget] = {}  # on the page after the last full run
        self.held: dict[str, WidgetState] = {}  # widget id -> the value this browser holds
        self.cache: dict[str, ForwardMsg] = {}
        self.run: Run | None = None
        self.runs_finished = 0
        self.version = 0  # the teacher's version the page shows (its marker, run finished)
        self.updates: list[tuple[int, float, float]] = []  # (version, marker seen, run finished)
        self.errors: list[tuple[str, str]] = []
        self.session_id: str | None = None
        self.bytes_in = 0
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}
        self.done_runs = 0  # full runs finished (successfully, or with a compile error)
        self._asked = 0  # done_runs when this client last asked for a run
        self._waiters: list[tuple[int, asyncio.Future]] = []
        self._marker_seen: tuple[int, float] | None = None
        self._ended_early: Run | None = None  # a full run that ended "early", nothing started since
        self.rewritten_finishes = 0  # such runs that were in fact complete (see _new_run)
        self.recent: list[tuple[float, str, str]] = []  # the last runs' starts and ends
        self.closing = False

    # -- the socket ---------------------------------------------------------------------------

    async def connect(self, *, resume: bool = False) -> None:
        url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        # The browser's Sec-WebSocket-Protocol: "streamlit", its XSRF token (checked only with an
        # Origin header, which this client does not send), and the session to resume.
        protocols = ["streamlit", "noxsrf", self.session_id] if resume and self.session_id else ["streamlit"]
        self._ws = await websockets.connect(url, subprotocols=protocols, max_size=None, open_timeout=60,
                                            ping_interval=None)
        self.closing = False
        self._reader = asyncio.create_task(self._read())
        # the frontend asks for a run on every connection, a resumed one too ("Reconnected to
        # server; requesting a script run"): the page catches up with what it missed
        await self.send_rerun()

    async def close(self) -> None:
        self.closing = True
        self._stop_timers()
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            try:
                await self._reader
            except Exception:  # noqa: BLE001 -- already counted by the reader
                pass

    async def drop(self) -> None:
        """The Wi-Fi blinks: the socket goes, the session stays on the server for a while."""
        await self.close()

    # -- asking the server -------------------------------------------------------------------

    def url(self) -> str:
        path = f"/{self.page_name}" if self.page_name else "/"
        return f"{self.base}{path}" + (f"?{self.query}" if self.query else "")

    async def send_rerun(self, extra: dict[str, WidgetState] | None = None, *, fragment_id: str = "",
                         auto: bool = False) -> float:
        widgets = dict(self.held)
        widgets.update(extra or {})
        msg = rerun_message(query=self.query, page_hash=self.page_hash, page_name=self.page_name,
                            widgets=widgets.values(), fragment_id=fragment_id, auto=auto,
                            cached=list(self.cache), url=self.url(), locale=self.locale)
        if not fragment_id:
            self._asked = self.done_runs
        sent = time.monotonic()
        await self._ws.send(msg.SerializeToString())
        return sent

    async def set(self, key: str, value) -> float:
        """Change a widget as a reader does; returns when the BackMsg went out (monotonic)."""
        widget = self._widget(key)
        state = widget_state(widget, value)
        if widget.kind == "button":
            return await self.send_rerun({widget.id: state})
        self.held[widget.id] = state
        return await self.send_rerun()

    async def click(self, key: str) -> float:
        return await self.set(key, True)

    async def open_page(self, url_path: str, query: str | None = None) -> float:
        """A click in the sidebar's menu: another page (its link's parameters, if given)."""
        self.page_name, self.page_hash = url_path, self.pages.get(url_path, "")
        if query is not None:
            self.query = query
        return await self.send_rerun()

    def options(self, key: str) -> list[str]:
        return list(self._widget(key).options)

    def has(self, key: str) -> bool:
        return key in self.widgets

    def _widget(self, key: str) -> Widget:
        if key not in self.widgets:
            raise KeyError(f"{self.name}: no widget {key!r} on the page ({sorted(self.widgets)[:40]})")
        return self.widgets[key]

    async def wait_run(self, timeout: float = 60.0) -> bool:
        """Until a full run has finished since this client last asked for one (a run that ends
        early because a newer one starts, as after st.rerun(), does not count)."""
        if self.done_runs > self._asked:
            return True
        future = asyncio.get_running_loop().create_future()
        self._waiters.append((self._asked + 1, future))
        try:
            await asyncio.wait_for(future, timeout)
            return True
        except asyncio.TimeoutError:
            return False

    # -- what the server says -----------------------------------------------------------------

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self.bytes_in += len(data)
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self.handle(msg, time.monotonic())
        except websockets.ConnectionClosed as closed:
            if not self.closing:
                self.errors.append(("lost socket", str(closed)))
        finally:
            if not self.closing:
                self._stop_timers()
                if not any(kind == "lost socket" for kind, _ in self.errors[-1:]):
                    self.errors.append(("lost socket", "closed by the server"))

    def handle(self, msg: ForwardMsg, now: float) -> None:
        kind = msg.WhichOneof("type")
        if kind in ("new_session", "script_finished"):  # the last runs, for a report when a wait fails
            detail = (ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished) if kind == "script_finished"
                      else "fragment" if msg.metadata.run.fragment_ids else "full")
            self.recent.append((round(now, 2), kind, detail))
            del self.recent[:-400]
        if msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.errors.append(("cache miss", msg.ref_hash))
                return
            real = ForwardMsg()
            real.CopyFrom(cached)
            real.metadata.CopyFrom(msg.metadata)
            msg, kind = real, "delta"
        if kind == "new_session":
            self._new_run(msg, now)
        elif kind == "navigation":
            self._pages_from(msg.navigation.app_pages)
            if msg.navigation.page_script_hash:
                self.page_hash = msg.navigation.page_script_hash
                self.page_name = next((p for p, h in self.pages.items() if h == self.page_hash), self.page_name)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "delta":
            self._delta(msg, now)
        elif kind == "script_finished":
            self._run_finished(msg.script_finished, now)
        elif kind == "page_not_found":
            self.errors.append(("page not found", msg.page_not_found.page_name))
        elif kind == "auto_rerun":
            self._timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                task = self._timers.pop(fragment_id, None)
                if task is not None:
                    task.cancel()
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            self.errors.append(("compile error", msg.session_event.script_compilation_exception.message))

    def _pages_from(self, app_pages) -> None:
        for page in app_pages:
            self.pages[page.url_pathname] = page.page_script_hash

    def _new_run(self, msg: ForwardMsg, now: float) -> None:
        fragment = bool(msg.metadata.run.fragment_ids)
        init = msg.new_session.initialize
        if init.session_id:
            self.session_id = init.session_id
        self._pages_from(msg.new_session.app_pages)
        if msg.new_session.page_script_hash:
            self.page_hash = msg.new_session.page_script_hash
        open_full = self.run if self.run is not None and not self.run.fragment and self.run.finished is None else None
        if fragment and (self._ended_early or open_full) is not None:
            # A fragment run starts after a full run that "ended early" or whose end never came:
            # a fragment's auto-rerun does not preempt a full run, so the full run had finished.
            # Seen under load on the teacher (its fragments rerun once a second): the full run's
            # FINISHED_SUCCESSFULLY arrives as FINISHED_EARLY_FOR_RERUN (ForwardMsgQueue.clear
            # rewrites one still queued when the next run starts) or not at all, and the
            # client waited for it forever.
            self.rewritten_finishes += 1
            self._full_run_done(self._ended_early or open_full, now)
        self._ended_early = None
        if not fragment:
            # a full run draws its fragments again; their timers start with their auto_rerun
            self._stop_timers()
        self.run = Run(now, fragment)

    def _delta(self, msg: ForwardMsg, now: float) -> None:
        delta = msg.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        run = self.run
        if kind == "exception":
            self.errors.append(("exception", f"{element.exception.type}: {element.exception.message}"[:300]))
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.errors.append(("error message", element.alert.body[:300]))
        elif kind == "html" and run is not None:
            for version in versions_in(element.html.body):
                run.versions.append(version)
                if version > self.version and not run.fragment:
                    self._marker_seen = (version, now)
        widget = widget_of(element)
        if widget is not None and run is not None:
            run.widgets[widget.key] = widget

    def _run_finished(self, status, now: float) -> None:
        run = self.run
        name = ForwardMsg.ScriptFinishedStatus.Name(status)
        if run is not None:
            run.finished, run.status = now, name
        self.runs_finished += 1
        if status == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
            if run is not None:
                self.widgets.update(run.widgets)
        elif status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            if run is not None and not run.fragment:
                self._ended_early = run
        elif status == ForwardMsg.FINISHED_SUCCESSFULLY and run is not None:
            self._full_run_done(run, now)
        elif status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            self._count_done()

    def _full_run_done(self, run: Run, now: float) -> None:
        self.widgets = run.widgets
        ids = {w.id for w in self.widgets.values()}
        self.held = {i: s for i, s in self.held.items() if i in ids}  # gone from the page: forgotten
        marker = self._marker_seen
        if run.versions and max(run.versions) > self.version:
            version = max(run.versions)
            seen = marker[1] if marker and marker[0] == version else now
            self.updates.append((version, seen, now))
            self.version = version
        self._marker_seen = None
        self._count_done()

    def _count_done(self) -> None:
        self.done_runs += 1
        waiting, self._waiters = self._waiters, []
        for target, future in waiting:
            if future.done():
                continue
            if self.done_runs >= target:
                future.set_result(True)
            else:
                self._waiters.append((target, future))

    # -- fragments on a timer ------------------------------------------------------------------

    def _timer(self, fragment_id: str, interval: float) -> None:
        old = self._timers.pop(fragment_id, None)
        if old is not None:
            old.cancel()
        self._timers[fragment_id] = asyncio.create_task(self._tick(fragment_id, max(interval, 0.1)))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        try:
            while True:
                await asyncio.sleep(interval)
                await self.send_rerun(fragment_id=fragment_id, auto=True)
        except (asyncio.CancelledError, websockets.ConnectionClosed):
            pass

    def _stop_timers(self) -> None:
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
