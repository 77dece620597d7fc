"""Widget callbacks that run whole.

Every read or write of `st.session_state` is a point where Streamlit looks for a newer rerun
request (a click elsewhere, the player asking for its next chunk) and, if there is one, raises
to start it. Inside a callback Streamlit takes that as the callback's own `st.rerun()` and
carries on without the rest of it: a Pause pressed while the player asks for frames stopped
halfway and the run played on. `whole` holds such requests back until the callback is done,
then lets the newest one through, so no click is lost and no rerun is dropped.

With `runner.fastReruns` (on by default) a new request does not wait for the run it replaces:
Streamlit starts a second script thread at once and the old one stops at its next access of the
session state. Until then both run, and the old one may be deep in numpy with the page's
objects (the playground's run) or, inside `whole`, not stopping at all. `one_run_at_a_time`
lets a page's runs and callbacks take turns, first come first served.

`safety_net` turns a bug into one short message, for callbacks and for app.py's page run.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import logging
import os
import threading
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from app_pages.widget_registry import yield_point, yield_point_off


def whole(callback: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(callback)
    def run(*args, **kwargs) -> None:
        ctx = get_script_run_ctx(suppress_warning=True)
        safe_state = getattr(ctx, "session_state", None)
        check = yield_point(safe_state)
        if check is None:  # no script run (bare mode) or a Streamlit without the hook
            _guarded(callback, args, kwargs)
            return
        with yield_point_off(safe_state), _turn(_session_turns(safe_state)):
            _guarded(callback, args, kwargs)
        check()  # a rerun asked for meanwhile starts now, after the callback's work

    return run


class _Turns:
    """A lock that serves its waiters in the order they came (a Pause clicked before the
    player's request for more frames is applied before it)."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._waiting: collections.deque = collections.deque()
        self._busy = False

    def acquire(self, timeout: float) -> bool:
        me = object()
        with self._changed:
            self._waiting.append(me)
            mine = self._changed.wait_for(lambda: not self._busy and self._waiting[0] is me, timeout)
            self._waiting.remove(me)
            self._busy = self._busy or mine
            self._changed.notify_all()
            return mine

    def release(self) -> None:
        with self._changed:
            self._busy = False
            self._changed.notify_all()


_TURNS_KEY = "_vl_turns"
_MAKING_TURNS = threading.Lock()
# A run that does not stop within this long (a bug, or a computation with no state access in
# it) is not waited for any longer: the new run goes ahead, as it would without turns.
TURN_WAIT_S = 10.0


def _session_turns(safe_state) -> _Turns:
    """The session's turns, kept in its state (the caller has switched the yield point off)."""
    with _MAKING_TURNS:
        try:
            return safe_state[_TURNS_KEY]
        except KeyError:
            turns = safe_state[_TURNS_KEY] = _Turns()
            return turns


@contextlib.contextmanager
def _turn(turns: _Turns):
    mine = turns.acquire(TURN_WAIT_S)
    if not mine:
        logging.getLogger("vectorlab").warning("a script run went ahead after waiting %.0f s for the last", TURN_WAIT_S)
    try:
        yield
    finally:
        if mine:
            turns.release()


@contextlib.contextmanager
def one_run_at_a_time(enabled: bool = True):
    """While inside, no other run of this session's script, and no `whole` callback, runs: a
    newer one waits until this one is over (which, when it was asked to stop, is its next
    access of the session state)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    safe_state = getattr(ctx, "session_state", None)
    if not enabled or yield_point(safe_state) is None:
        yield
        return
    with yield_point_off(safe_state):
        turns = _session_turns(safe_state)
    with _turn(turns):
        yield


def _guarded(callback: Callable[..., None], args, kwargs) -> None:
    """Callbacks run before the page script, outside app.py's safety net: a bug in one gets the
    same short message instead of Streamlit's page-wide error, and the page still draws."""
    with safety_net("the callback %s failed", callback.__qualname__):
        callback(*args, **kwargs)


@contextlib.contextmanager
def safety_net(what: str, *args):
    """A bug below becomes one short message on the page (logged as `what % args`), never a
    traceback or a blank page; under VECTORLAB_RAISE (the tests) the error itself goes on."""
    try:
        yield
    except Exception:  # noqa: BLE001 -- Streamlit's stop and rerun signals are BaseExceptions
        logging.getLogger("vectorlab").exception(what, *args)
        if os.environ.get("VECTORLAB_RAISE"):
            raise
        from app_pages.common import t  # common itself uses `whole`

        st.error(t("error.unexpected"))
