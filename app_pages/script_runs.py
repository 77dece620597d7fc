"""The script runs going on in this server process, so that speculative work can give way to them.

A thread training ahead (the playground's head start for Play) shares two cores and one GIL
with every script run. Such work calls `give_way` between epochs, and waits there while any
session's script run is under way: a new data set clicked while the head start trained is drawn
0.224 s after the click instead of 0.249 s (bench/playground.py's clicks, medians of 30).
"""

from __future__ import annotations

import contextlib
import threading

_changed = threading.Condition()
_running = 0
_POLL_S = 0.01  # a waiter also notices its own stop this soon (nobody notifies for that)


@contextlib.contextmanager
def script_run():
    """Around the whole of a script run (app.py)."""
    global _running
    with _changed:
        _running += 1
    try:
        yield
    finally:
        with _changed:
            _running -= 1
            _changed.notify_all()


def give_way(stop: threading.Event) -> None:
    """Return once no script run is under way, or `stop` is set."""
    with _changed:
        while _running and not stop.is_set():
            _changed.wait(_POLL_S)
