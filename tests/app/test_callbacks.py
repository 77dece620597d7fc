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


# Two runs of one session, as Streamlit makes them with runner.fastReruns: one SessionState,
# each run with its own SafeSessionState (and its own yield point) around it.
def _two_runs():
    shared = SessionState()
    return [SimpleNamespace(session_state=SafeSessionState(shared, lambda: None)) for _ in range(2)]


_CONTEXTS: dict = {}


def _with_ctx(ctx, body):
    """Run `body` in this thread as a script run with context `ctx`."""
    import threading

    _CONTEXTS[threading.get_ident()] = ctx
    try:
        body()
    finally:
        del _CONTEXTS[threading.get_ident()]


@pytest.fixture(autouse=True)
def _per_thread_context(monkeypatch):
    import threading

    real = callbacks.get_script_run_ctx
    monkeypatch.setattr(
        callbacks, "get_script_run_ctx",
        lambda **kw: _CONTEXTS[threading.get_ident()] if threading.get_ident() in _CONTEXTS else real(**kw),
    )


def test_a_newer_run_waits_until_the_replaced_one_is_over():
    import threading
    import time

    from streamlit.runtime.scriptrunner_utils.exceptions import StopException

    old, new = _two_runs()
    log, inside = [], threading.Event()

    def old_run():
        # the replaced run, busy in numpy when the newer one starts, then stopped at its next access
        try:
            with callbacks.one_run_at_a_time():
                inside.set()
                time.sleep(0.3)
                log.append("old done")
                raise StopException()
        except StopException:
            pass

    def new_run():
        with callbacks.one_run_at_a_time():
            log.append("new starts")

    threads = [threading.Thread(target=lambda: _with_ctx(old, old_run))]
    threads[0].start()
    inside.wait(5)
    new_thread = threading.Thread(target=lambda: _with_ctx(new, new_run))
    new_thread.start()
    for thread in threads + [new_thread]:
        thread.join(5)
    assert log == ["old done", "new starts"]


def test_a_callback_waits_for_the_page_run_it_replaces():
    import threading
    import time

    old, new = _two_runs()
    log, inside = [], threading.Event()

    def old_run():
        with callbacks.one_run_at_a_time():
            inside.set()
            time.sleep(0.3)
            log.append("old page run over")

    def pause(state):
        log.append("pause")

    first = threading.Thread(target=lambda: _with_ctx(old, old_run))
    first.start()
    inside.wait(5)
    second = threading.Thread(target=lambda: _with_ctx(new, lambda: whole(pause)(None)))
    second.start()
    first.join(5)
    second.join(5)
    assert log == ["old page run over", "pause"]


def test_turns_go_to_waiters_in_the_order_they_came():
    import threading
    import time

    turns = callbacks._Turns()
    assert turns.acquire(1)
    order = []

    def wait(name):
        assert turns.acquire(5)
        order.append(name)
        turns.release()

    threads = []
    for name in ("pause", "more", "epoch"):
        threads.append(threading.Thread(target=wait, args=(name,)))
        threads[-1].start()
        time.sleep(0.1)  # each is waiting before the next comes
    turns.release()
    for thread in threads:
        thread.join(5)
    assert order == ["pause", "more", "epoch"]


def test_a_run_that_never_ends_is_not_waited_for_forever(monkeypatch):
    monkeypatch.setattr(callbacks, "TURN_WAIT_S", 0.2)
    turns = callbacks._Turns()
    assert turns.acquire(1)  # held by a run that never lets go
    with callbacks._turn(turns):
        pass  # went ahead after the wait
    turns.release()
    assert turns.acquire(0.1)  # and took nothing with it


def test_the_playground_takes_turns_and_pages_without_objects_changed_in_place_do_not():
    from app_pages.registry import PAGES

    exclusive = {spec.url_path for spec in PAGES if spec.one_run_at_a_time}
    assert exclusive == {"train"}


def test_the_streamlit_adapter_fails_loudly_when_streamlit_changes_under_it():
    """Streamlit's private internals are used in app_pages/widget_registry.py alone, written for
    one version: a new one must be checked by hand (then update STREAMLIT_WRITTEN_FOR)."""
    from pathlib import Path

    import streamlit

    from app_pages import widget_registry

    assert streamlit.__version__ == widget_registry.STREAMLIT_WRITTEN_FOR, (
        f"streamlit {streamlit.__version__} is installed; app_pages/widget_registry.py was written for "
        f"{widget_registry.STREAMLIT_WRITTEN_FOR}: check its private names, then update the version")
    assert widget_registry.private_names_missing() == []
    callbacks_source = Path(callbacks.__file__).read_text(encoding="utf-8")
    assert "_yield_callback" not in callbacks_source  # reached through the adapter only


def test_the_yield_point_is_off_inside_and_back_after():
    state = _state_with_pending_rerun()
    from app_pages.widget_registry import yield_point, yield_point_off

    check = yield_point(state)
    with yield_point_off(state):
        state["x"] = 1  # no rerun met here
    assert yield_point(state) is check
    with pytest.raises(RerunException):
        state["y"] = 2
