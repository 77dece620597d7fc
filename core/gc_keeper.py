"""Python's garbage collector in a server that holds much for long.

The server keeps two vector models, umap, plotly's validators and every session's state: some
hundreds of thousands of objects the collector walks at each full collection, holding the GIL
(every session waits). In a class of 30 simulated followers (bench/class_load.py, three minutes
of a lesson) Python's defaults spent 18 of the server's 65 CPU seconds collecting: 31 full
collections of up to 1.1 s each. Streamlit's own full collection after each run is already off
(.streamlit/config.toml, runner.postScriptGC).

The policy here: what has survived a full collection is long-lived (modules, models, caches, the
state of sessions still open), so it is moved out of the collector's sight (`gc.freeze`) and the
next full collections walk only what is newer. Measured on the same lesson: 5 s collecting, the
longest pause 0.23 s, the server's CPU 65 -> 50 s. Frozen objects are never collected, so once an
hour everything is given back (`gc.unfreeze`): cycles among objects that died meanwhile (a closed
session's) are freed by the following full collection, then frozen again.
"""

from __future__ import annotations

import gc
import threading
import time

CHECK_EVERY_S = 5.0
THAW_EVERY_S = 3600.0


class Keeper:
    """Counts full collections (a gc callback); `step()` freezes after one, thaws once an hour."""

    def __init__(self, clock=time.monotonic, thaw_every: float = THAW_EVERY_S) -> None:
        self.clock = clock
        self.thaw_every = thaw_every
        self.full_collections = 0
        self.frozen_after = 0  # full collections counted when last frozen
        self.thawed_at = clock()
        self.freezes = 0
        self.thaws = 0

    def on_collection(self, phase: str, info: dict) -> None:
        if phase == "stop" and info.get("generation") == 2:
            self.full_collections += 1

    def step(self) -> None:
        if self.clock() - self.thawed_at >= self.thaw_every:
            gc.unfreeze()
            self.thawed_at = self.clock()
            self.frozen_after = self.full_collections  # freeze again only after the next full one
            self.thaws += 1
        elif self.full_collections > self.frozen_after:
            gc.freeze()
            self.frozen_after = self.full_collections
            self.freezes += 1


_started: Keeper | None = None
_lock = threading.Lock()


def keep_collections_short() -> Keeper:
    """Once per process (later calls return the same keeper): the callback and a daemon thread."""
    global _started
    with _lock:
        if _started is None:
            keeper = Keeper()
            gc.callbacks.append(keeper.on_collection)

            def loop() -> None:
                while True:
                    time.sleep(CHECK_EVERY_S)
                    keeper.step()

            threading.Thread(target=loop, name="gc-keeper", daemon=True).start()
            _started = keeper
    return _started
