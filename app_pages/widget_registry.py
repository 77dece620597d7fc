"""The one adapter to Streamlit's private internals (written for streamlit 1.67.0, named in
STREAMLIT_WRITTEN_FOR; tests/app/test_callbacks.py fails loudly when the installed version or
one of the private names below changes): the widget registry (which keyed widgets the browser
holds a value for, and which of them are option widgets), the session state's yield point
(app_pages/callbacks.py switches it off while a callback runs whole), and asking another
session to run its page again (class mode wakes the teacher's followers, app_pages/classroom/).

Why it is needed (app_pages/common.py uses it to keep settings):
- An option widget (selectbox, radio, select_slider, multiselect, segmented control, pills)
  travels between browser and server as its *label* (`format_func(option)`). After a language
  switch the browser sends the old language's label, which the new run's widget no longer knows:
  it comes back as the raw label ("Tanh") and the page fails. Read before the widget is drawn,
  the value is still decoded with the previous run's labels.
- A widget not drawn in a run stopped early (`st.stop()`) keeps its value on the server, but the
  browser has forgotten it and shows the widget's first option or minimum when it comes back,
  then sends that.
"""

from __future__ import annotations

import contextlib

from streamlit.runtime.scriptrunner import get_script_run_ctx

STREAMLIT_WRITTEN_FOR = "1.67.0"
# The private names used here: (object, attribute). `private_names_missing()` checks them.
PRIVATE_NAMES = (
    ("SafeSessionState", "_yield_callback"), ("SafeSessionState", "_state"),
    ("SessionState", "_key_id_mapper"), ("SessionState", "_new_widget_state"),
    ("SessionState", "_new_session_state"), ("WStates", "states"), ("WStates", "widget_metadata"),
    ("KeyIdMapper", "id_key_mapping"), ("KeyIdMapper", "get_id_from_key"),
)
# Set in __init__ of objects only a running server makes: checked in the source of __init__.
PRIVATE_INIT_NAMES = (("AppSession", "_client_state"), ("AppSession", "_event_loop"), ("Runtime", "_session_mgr"))

# Values a page cannot assign (Streamlit refuses st.session_state[key] = ... for these widgets).
_NOT_ASSIGNABLE = {
    "trigger_value", "string_trigger_value", "json_trigger_value", "chat_input_value",
    "file_uploader_state_value",
}


def _run():
    """(session state, run context), or (None, None) outside a script run (bare mode)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    state = getattr(getattr(ctx, "session_state", None), "_state", None)
    return (state, ctx) if state is not None else (None, None)


def _widget_id(state, key: str) -> str | None:
    return state._key_id_mapper.get_id_from_key(key, None)


def browser_holds(key: str) -> bool:
    """The browser sent this widget's value for this run: it was on screen in the last run.
    Meaningful before the widget is drawn in this run."""
    state, _ = _run()
    if state is None:
        return True
    widget_id = _widget_id(state, key)
    return widget_id is not None and widget_id in state._new_widget_state.states


def assigned_this_run(key: str) -> bool:
    """The page (a callback, a preset, a button) assigned this key in this run, before now."""
    state, _ = _run()
    return state is not None and key in state._new_session_state


def option_widget_keys() -> list[str]:
    """Keys of the option widgets the browser holds a value for, in this run (call before they
    are drawn). An option widget is one whose value is coded by a `format_func`."""
    state, _ = _run()
    if state is None:
        return []
    widgets = state._new_widget_state
    keys = []
    for widget_id, key in list(state._key_id_mapper.id_key_mapping.items()):
        metadata = widgets.widget_metadata.get(widget_id)
        if metadata is None or metadata.value_type in _NOT_ASSIGNABLE or widget_id not in widgets.states:
            continue
        coder = getattr(metadata.deserializer, "__self__", None)
        if callable(getattr(coder, "format_func", None)):
            keys.append(key)
    return keys


# -- the yield point ---------------------------------------------------------------------------
# Every access of `st.session_state` in a script run calls the run's yield callback, which raises
# to start a newer rerun if one is waiting (see app_pages/callbacks.py for why a callback must
# sometimes not be interrupted).


def yield_point(safe_state):
    """The session state's yield callback, or None (no script run, or a Streamlit without it)."""
    return getattr(safe_state, "_yield_callback", None)


@contextlib.contextmanager
def yield_point_off(safe_state):
    """No rerun request is met inside (the state's accesses do not look for one)."""
    check = safe_state._yield_callback
    object.__setattr__(safe_state, "_yield_callback", lambda: None)
    try:
        yield
    finally:
        object.__setattr__(safe_state, "_yield_callback", check)


# -- another session's rerun -------------------------------------------------------------------


def this_session_id() -> str | None:
    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def served() -> bool:
    """This process is a Streamlit server, not AppTest (whose runtime is a mock without a
    session manager)."""
    from streamlit.runtime import Runtime

    return Runtime.exists() and getattr(Runtime.instance(), "_session_mgr", None) is not None


def rerun_session(session_id: str) -> bool:
    """Run another browser session's page again, as if its browser had asked, with the widget
    values it last sent (Streamlit does the same when a source file changes: AppSession's
    `_on_source_file_changed`). False when there is no such session (gone, or no server: AppTest).
    Callable from any thread: the request is handed to the server's event loop."""
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    manager = getattr(Runtime.instance(), "_session_mgr", None)  # AppTest's runtime is a mock without one
    if manager is None:
        return False
    info = manager.get_active_session_info(session_id)
    if info is None:
        return False
    session = info.session

    def rerun() -> None:
        state = ClientState()
        state.CopyFrom(session._client_state)
        state.fragment_id = ""  # the whole page, not the fragment that ran last
        state.is_auto_rerun = False
        session.request_rerun(state)

    session._event_loop.call_soon_threadsafe(rerun)
    return True


def private_names_missing() -> list[str]:
    """The private names this adapter uses that the installed Streamlit lacks (an instance is
    made of each class: most are set in `__init__`)."""
    import inspect

    from streamlit.runtime import Runtime
    from streamlit.runtime.app_session import AppSession
    from streamlit.runtime.state import SafeSessionState, SessionState
    from streamlit.runtime.state.session_state import KeyIdMapper, WStates

    state = SessionState()
    objects = {"SafeSessionState": SafeSessionState(state, lambda: None), "SessionState": state,
               "WStates": WStates(), "KeyIdMapper": KeyIdMapper()}
    missing = [f"{owner}.{name}" for owner, name in PRIVATE_NAMES if not hasattr(objects[owner], name)]
    sources = {"AppSession": inspect.getsource(AppSession.__init__), "Runtime": inspect.getsource(Runtime.__init__)}
    return missing + [f"{owner}.{name}" for owner, name in PRIVATE_INIT_NAMES if f"self.{name} =" not in sources[owner]
                      and f"self.{name}:" not in sources[owner]]
