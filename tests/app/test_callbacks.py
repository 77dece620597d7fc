"""`whole`: a rerun asked for while a callback runs waits until the callback is done.

Uses Streamlit's own session state and rerun exception, so an upgrade that changes how
callbacks are interrupted makes this fail rather than quietly bringing the lost clicks back.
"""

from types import SimpleNamespace
from unittest import mock

import pytest
from streamlit.runtime.scriptrunner import RerunData, RerunException
from streamlit.runtime.state import SafeSessionState, SessionState

from app_pages import callbacks
from app_pages.callbacks import whole


def _state_with_pending_rerun():
    """A session state whose every access finds a newer rerun request waiting (until taken)."""
    pending = [RerunData()]

    def yield_point():
        if pending:
            raise RerunException(pending.pop())

    return SafeSessionState(SessionState(), yield_point)


def _pause(state):
    state["running"] = False  # the first access already meets the pending rerun
    state["paused_at"] = 41


def test_without_whole_a_pending_rerun_cuts_the_callback_short():
    state = _state_with_pending_rerun()
    with pytest.raises(RerunException):
        _pause(state)
    assert "running" not in state and "paused_at" not in state


def test_whole_finishes_the_callback_then_lets_the_rerun_through():
    state = _state_with_pending_rerun()
    with mock.patch.object(callbacks, "get_script_run_ctx", return_value=SimpleNamespace(session_state=state)):
        with pytest.raises(RerunException):  # the rerun is not dropped: it starts afterwards
            whole(_pause)(state)
    assert state["running"] is False and state["paused_at"] == 41


def test_whole_restores_the_yield_point_even_when_the_callback_fails():
    state = _state_with_pending_rerun()

    def broken(state):
        raise ValueError("bad input")

    with mock.patch.object(callbacks, "get_script_run_ctx", return_value=SimpleNamespace(session_state=state)):
        with pytest.raises(ValueError):
            whole(broken)(state)
    with pytest.raises(RerunException):  # the request still waits at the next access
        state["x"] = 1


def test_whole_outside_a_script_run_just_calls():
    calls = []
    with mock.patch.object(callbacks, "get_script_run_ctx", return_value=None):
        whole(calls.append)(1)
    assert calls == [1]


def test_a_failing_callback_shows_the_short_message_and_lets_the_page_draw(monkeypatch):
    # Callbacks run before the page script, where app.py's safety net cannot reach.
    from core.i18n import translate

    monkeypatch.delenv("VECTORLAB_RAISE")
    shown = []
    monkeypatch.setattr(callbacks.st, "error", shown.append)
    monkeypatch.setattr("app_pages.common.t", lambda key, **_: translate("en", key))
    state = _state_with_pending_rerun()

    def broken(state):
        raise KeyError("pg_run")

    with mock.patch.object(callbacks, "get_script_run_ctx", return_value=SimpleNamespace(session_state=state)):
        with pytest.raises(RerunException):  # no KeyError; the waiting rerun still goes through
            whole(broken)(state)
    assert shown == [translate("en", "error.unexpected")]
