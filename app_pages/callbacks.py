"""Widget callbacks that run whole.

Every read or write of `st.session_state` is a point where Streamlit looks for a newer rerun
request (a click elsewhere, the player asking for its next chunk) and, if there is one, raises
to start it. Inside a callback Streamlit takes that as the callback's own `st.rerun()` and
carries on without the rest of it: a Pause pressed while the player asks for frames stopped
halfway and the run played on. `whole` holds such requests back until the callback is done,
then lets the newest one through, so no click is lost and no rerun is dropped.

`safety_net` turns a bug into one short message, for callbacks and for app.py's page run.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
from typing import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx


def whole(callback: Callable[..., None]) -> Callable[..., None]:
    @functools.wraps(callback)
    def run(*args, **kwargs) -> None:
        ctx = get_script_run_ctx(suppress_warning=True)
        safe_state = getattr(ctx, "session_state", None)
        check = getattr(safe_state, "_yield_callback", None)
        if check is None:  # no script run (bare mode) or a Streamlit without the hook
            _guarded(callback, args, kwargs)
            return
        object.__setattr__(safe_state, "_yield_callback", lambda: None)
        try:
            _guarded(callback, args, kwargs)
        finally:
            object.__setattr__(safe_state, "_yield_callback", check)
        check()  # a rerun asked for meanwhile starts now, after the callback's work

    return run


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
