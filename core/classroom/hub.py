"""Who on this server listens to which class, and whom a change wakes.

Followers are not polled: when the teacher publishes, the store calls `Hub.notify` (in this
process at once; across replicas through Redis pub/sub) and the hub asks each listening session
on this server to run its page again (`rerun`, given by the app). A follower wakes for every
version; a student exploring on their own only when the question changes (asked, revealed).
The latest state is read once per change, not once per student.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from core.classroom.seat import Broadcast
from core.errors import UserInputError


@dataclass
class Listener:
    code: str
    following: bool
    question_mark: str | None  # the question state the session last drew


class Hub:
    def __init__(self, store, rerun: Callable[[str], bool]) -> None:
        self.store = store
        self._rerun = rerun  # session id -> False when the session is gone
        self._lock = threading.Lock()
        self._listeners: dict[str, Listener] = {}
        self.woken = 0  # reruns asked for (the load benchmark reads it)

    def listen(self, session_id: str, code: str, following: bool, question_mark: str | None) -> None:
        with self._lock:
            self._listeners[session_id] = Listener(code, following, question_mark)

    def forget(self, session_id: str) -> None:
        with self._lock:
            self._listeners.pop(session_id, None)

    def listeners(self, code: str) -> list[str]:
        with self._lock:
            return [sid for sid, listener in self._listeners.items() if listener.code == code]

    def notify(self, code: str, version: int) -> None:
        """Called by the store after a publish or the end of a class (from any thread)."""
        with self._lock:
            mine = [(sid, listener) for sid, listener in self._listeners.items() if listener.code == code]
        if not mine:
            return
        try:
            mark = Broadcast.from_dict(self.store.latest(code)[1]).question_mark()
            ended = False
        except UserInputError:
            mark, ended = None, True  # the class ended: everyone hears it
        gone = []
        for sid, listener in mine:
            if ended or listener.following or listener.question_mark != mark:
                self.woken += 1
                if not self._rerun(sid):
                    gone.append(sid)
        with self._lock:
            for sid in gone:
                self._listeners.pop(sid, None)
