"""Training ahead: a run keeps training in a background thread while the browser plays what
was trained before, so the next chunk of epochs is ready when the last one has been shown.

Only one thread touches a run at a time: whoever wants the run back calls `finish()`, which
stops the thread after the epoch it is in and waits for it.
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable

from core.nn.trainer import Run


class TrainingAhead:
    """Trains `run` for up to `epochs` epochs or `max_seconds`, in a daemon thread started by
    `start()`, beginning `after` seconds later; if it was not stopped before the end, it then
    calls `then(run)` (preparing what shows the epochs) and keeps its result for `finish()`.
    Starting is a step of its own so that the caller can first put it where the next
    `finish()` will find it: a thread started and then lost would go on changing the run under
    everyone's feet."""

    def __init__(self, run: Run, epochs: int, max_seconds: float, then: Callable[[Run], Any] | None = None,
                 after: float = 0.0):
        self.run = run
        self._after = after
        self._start = run.epoch
        self._then = then
        self._stop = threading.Event()
        self._began = threading.Event()  # its delay is over and it trains
        self._result: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._work, args=(epochs, max_seconds), name="vectorlab-training-ahead", daemon=True
        )

    def start(self) -> TrainingAhead:
        self._thread.start()
        return self

    def _work(self, epochs: int, max_seconds: float) -> None:
        try:
            if self._stop.wait(self._after):  # stopped before it began
                return
            self._began.set()
            self.run.train(epochs, max_seconds=max_seconds, should_stop=self._stop.is_set)
            if self._then is not None and not self._stop.is_set():
                self._result = self._then(self.run)
        except BaseException as error:  # handed to the thread that calls finish()
            self._error = error

    def finish(self, at_least: int = 0, max_wait: float = 0.0) -> Any:
        """Stop after the current epoch, wait, and return what `then` made (None if it was
        stopped first or there is no `then`); re-raises an error from the thread. With
        `at_least`, first let it train until the run has that many epochs more than when it
        started, for up to `max_wait` seconds; not if it is still waiting to begin (the caller
        trains sooner itself)."""
        if self._thread.ident is None:  # never started
            return None
        deadline = time.monotonic() + max_wait
        while (self._began.is_set() and self.run.epoch - self._start < at_least and self._thread.is_alive()
               and time.monotonic() < deadline):
            self._thread.join(0.01)
        self._stop.set()
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result
