"""Wrong class codes, limited per browser session: a student who mistypes a code a few times
waits a little; a script guessing codes through one session gets a handful a minute."""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from typing import Callable

from core.errors import UserInputError


class JoinGuard:
    """At most `max_failures` wrong codes within any `window_s` seconds; then joining waits until
    the oldest of them is `window_s` old. A successful join forgets the failures."""

    def __init__(self, max_failures: int = 5, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic):
        if max_failures < 1 or window_s <= 0:
            raise ValueError("a guard allows at least one failure within a positive window")
        self.max_failures, self.window_s, self._clock = int(max_failures), float(window_s), clock
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def _forget_old(self, now: float) -> None:
        while self._failures and now - self._failures[0] >= self.window_s:
            self._failures.popleft()

    def wait_seconds(self) -> float:
        """0 while joining is allowed."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            if len(self._failures) < self.max_failures:
                return 0.0
            return self._failures[-self.max_failures] + self.window_s - now

    def check(self) -> None:
        wait = self.wait_seconds()
        if wait > 0:
            raise UserInputError(
                "class.too_many_tries", "Too many wrong codes. Try again in {seconds} s.",
                seconds=max(1, math.ceil(wait)),
            )

    def failed(self) -> None:
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            self._failures.append(now)

    def succeeded(self) -> None:
        with self._lock:
            self._failures.clear()
