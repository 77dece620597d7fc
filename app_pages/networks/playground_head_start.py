"""A head start for Play. While the playground rests on its newest epoch, the first chunk that
Play would send is trained and prepared in the background, on a fork of the run. Play takes
the fork and the chunk, and its reply no longer waits for that training: about 0.1-0.25 s, the
longest part of the reply (measured with bench/playground.py).

Nothing else waits for the head start either: it pauses while any script run is under way
(`app_pages.script_runs`), the next script run cancels it without joining, and since it trains
a fork, the run on screen is never touched by its thread.
"""

from __future__ import annotations

from typing import Any, Callable

import streamlit as st

from app_pages import script_runs
from core.nn.ahead import TrainingAhead
from core.nn.trainer import Run

# It begins once the browser has drawn the picture this script run sends (0.2-0.35 s after the
# click here): training sooner takes a core from the browser while it draws. Click to picture,
# medians of 20-30 clicks: "Show test data" on a paused run 0.32 s at 0.1 s, 0.29 s at 0.5 s; a
# new data set 0.40 s and 0.34 s. Play pressed sooner trains its first chunk itself.
DELAY_S = 0.5
_KEY = "pg_head_start"
state = st.session_state


def start(run: Run, serial: int, at: int, epochs: int, max_seconds: float, then: Callable[[Run], Any]) -> None:
    """Train `epochs` (or `max_seconds`) on a fork of `run` taken back to epoch `at` (where
    the student sees it, and where Play goes on from), then prepare what plays them with
    `then(fork)`; `serial` names the run."""
    cancel()
    fork = run.fork()
    if at < fork.epoch:
        fork.rewind(at)
    # It is speculation: any script run, of this session or another, goes first.
    ahead = TrainingAhead(fork, epochs, max_seconds, then=then, after=DELAY_S, give_way=script_runs.give_way)
    state[_KEY] = {"serial": serial, "epoch": fork.epoch, "training": run.training, "epochs": epochs, "ahead": ahead}
    ahead.start()


def cancel() -> None:
    entry = state.pop(_KEY, None)
    if entry is not None:
        entry["ahead"].cancel()


def take(run: Run, serial: int, max_wait: float) -> tuple[Run, Any] | None:
    """The fork and what `then` prepared (None if it did not get that far), when the head
    start began where `run` is now, with the same settings, and trained something; else None.
    One still training gets up to `max_wait` seconds to finish (Play would spend them anyway)."""
    entry = state.pop(_KEY, None)
    if entry is None:
        return None
    ahead = entry["ahead"]
    if (entry["serial"], entry["epoch"], entry["training"]) != (serial, run.epoch, run.training) \
            or run.diverged_at is not None:
        ahead.cancel()
        return None
    prepared = ahead.finish(at_least=entry["epochs"], max_wait=max_wait)
    if ahead.run.epoch == run.epoch:
        return None
    return ahead.run, prepared
