"""The class-mode store: one interface, kept in this process (the default) or in Redis (several
replicas behind nginx, redis_store.py).

A class is a room under a short code. Its teacher holds a secret key that alone may publish the
page state, ask questions and end the class; students join, follow or explore on their own, and
answer. Everything a student sends is checked against what the teacher set up, so a student can
never change what others see. A class nobody touches for IDLE_SECONDS ends by itself.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Callable

from core.classroom.codes import (
    check_question, clean_nickname, key_hash, new_code, new_student_id, new_teacher_key,
    normalise_code, valid_code, valid_qid, valid_student,
)
from core.errors import UserInputError

IDLE_SECONDS = 4 * 60 * 60
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Room:
    code: str
    teacher_key: str = field(repr=False)  # kept out of logs and tracebacks


@dataclass(frozen=True)
class Counts:
    joined: int
    following: int


def unknown_class() -> UserInputError:
    return UserInputError("class.unknown", "There is no class with this code. Check the code with your teacher.")


def class_ended() -> UserInputError:
    return UserInputError("class.ended", "The teacher has ended this class.")


def not_joined() -> UserInputError:
    return UserInputError("class.not_joined", "You are not in this class any more. Join again with its code.")


def no_question() -> UserInputError:
    return UserInputError("class.no_question", "This question is no longer open.")


def bad_option() -> UserInputError:
    return UserInputError("class.bad_option", "This answer is not one of the question's options.")


def wrong_key() -> PermissionError:
    return PermissionError("only the class's teacher key may do this")


def state_json(state: dict) -> str:
    """The state as stored: JSON text, so both stores accept the same states and a caller
    holding the dict cannot change what followers get. NaN is not JSON: refused."""
    if not isinstance(state, dict):
        raise TypeError("a class state is a dict")
    return json.dumps(state, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


Callback = Callable[[str, int], None]


class Subscription:
    def __init__(self, subscribers: "_Subscribers", callback: Callback):
        self._subscribers, self.callback = subscribers, callback

    def close(self) -> None:
        self._subscribers.remove(self)


class _Subscribers:
    """Callbacks told (code, version) after each publish or end. A failing callback is logged
    and does not stop the others (nor the teacher's publish)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._subs: list[Subscription] = []

    def add(self, callback: Callback) -> Subscription:
        sub = Subscription(self, callback)
        with self._lock:
            self._subs.append(sub)
        return sub

    def remove(self, sub: Subscription) -> None:
        with self._lock:
            if sub in self._subs:
                self._subs.remove(sub)

    def clear(self) -> None:
        with self._lock:
            self._subs.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._subs)

    def notify(self, code: str, version: int) -> None:
        with self._lock:
            subs = list(self._subs)
        for sub in subs:
            try:
                sub.callback(code, version)
            except Exception:
                log.exception("a class-store subscriber failed on %s %s", code, version)


class ClassStore(ABC):
    """What the pages use. Codes are normalised (normalise_code) on the way in; a code that
    does not exist, or whose class expired, raises UserInputError("class.unknown"), one that
    the teacher ended UserInputError("class.ended")."""

    @abstractmethod
    def create(self) -> Room: ...

    @abstractmethod
    def is_teacher(self, code: str, teacher_key: str) -> bool: ...

    @abstractmethod
    def publish(self, code: str, teacher_key: str, state: dict) -> int:
        """Replaces the followed state; returns its version (1, 2, ...)."""

    @abstractmethod
    def latest(self, code: str) -> tuple[int, dict]:
        """(version, state); (0, {}) before the first publish."""

    @abstractmethod
    def join(self, code: str, nickname: str = "") -> str:
        """A new student id; the student follows the teacher at first."""

    @abstractmethod
    def set_following(self, code: str, student: str, following: bool) -> None: ...

    @abstractmethod
    def leave(self, code: str, student: str) -> None:
        """The student's answers stay counted; a second leave changes nothing."""

    @abstractmethod
    def counts(self, code: str) -> Counts: ...

    @abstractmethod
    def nicknames(self, code: str) -> list[str]:
        """Non-empty nicknames of students in the class, sorted (not in joining order, which
        would tell who is who)."""

    @abstractmethod
    def ask(self, code: str, teacher_key: str, qid: str, options: list[str]) -> None:
        """Opens question `qid`; answers to an earlier question of that id are cleared."""

    @abstractmethod
    def answer(self, code: str, student: str, qid: str, option: str) -> None:
        """The student's last answer counts."""

    @abstractmethod
    def tally(self, code: str, qid: str) -> dict[str, int]:
        """Every option in the asked order, zeros included."""

    @abstractmethod
    def end(self, code: str, teacher_key: str) -> None: ...

    @abstractmethod
    def subscribe(self, callback: Callback) -> Subscription:
        """callback(code, version) after every publish and end made through any store object
        sharing this store's data (called outside the store's lock, maybe in another thread)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@dataclass
class _Class:
    teacher_hash: str
    touched: float
    version: int = 0
    state: str = "{}"
    ended: bool = False
    students: dict[str, bool] = field(default_factory=dict)  # student -> following
    nicknames: dict[str, str] = field(default_factory=dict)
    questions: dict[str, list[str]] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # qid -> student -> option


class MemoryStore(ClassStore):
    """The store of one server process: `streamlit run app.py` needs nothing else. One lock
    guards every class (Streamlit runs each session in its own thread); the work under it is a
    few dictionary operations. Expired classes are dropped when next looked at, and all of them
    whenever a class is created."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, idle_seconds: float = IDLE_SECONDS):
        self._clock, self._idle = clock, float(idle_seconds)
        self._lock = threading.Lock()
        self._classes: dict[str, _Class] = {}
        self._subscribers = _Subscribers()

    def _expired(self, room: _Class) -> bool:
        return self._clock() - room.touched >= self._idle

    def _get(self, code: str, *, live: bool = True) -> tuple[str, _Class]:
        """Call with the lock held."""
        code = normalise_code(code)
        room = self._classes.get(code) if valid_code(code) else None
        if room is not None and self._expired(room):
            del self._classes[code]
            room = None
        if room is None:
            raise unknown_class()
        if live and room.ended:
            raise class_ended()
        return code, room

    def _teacher(self, code: str, teacher_key: str) -> tuple[str, _Class]:
        code, room = self._get(code)
        if not hmac.compare_digest(key_hash(teacher_key), room.teacher_hash):
            raise wrong_key()
        return code, room

    def create(self) -> Room:
        key = new_teacher_key()
        with self._lock:
            for code in [c for c, room in self._classes.items() if self._expired(room)]:
                del self._classes[code]
            code = new_code()
            while code in self._classes:
                code = new_code()
            self._classes[code] = _Class(teacher_hash=key_hash(key), touched=self._clock())
        return Room(code, key)

    def is_teacher(self, code, teacher_key) -> bool:
        with self._lock:
            _, room = self._get(code)
            return hmac.compare_digest(key_hash(teacher_key), room.teacher_hash)

    def publish(self, code, teacher_key, state) -> int:
        text = state_json(state)
        with self._lock:
            code, room = self._teacher(code, teacher_key)
            room.version += 1
            room.state, room.touched = text, self._clock()
            version = room.version
        self._subscribers.notify(code, version)
        return version

    def latest(self, code) -> tuple[int, dict]:
        with self._lock:
            _, room = self._get(code)
            version, text = room.version, room.state
        return version, json.loads(text)

    def join(self, code, nickname="") -> str:
        nickname = clean_nickname(nickname)
        student = new_student_id()
        with self._lock:
            _, room = self._get(code)
            room.students[student] = True
            if nickname:
                room.nicknames[student] = nickname
            room.touched = self._clock()
        return student

    def set_following(self, code, student, following) -> None:
        with self._lock:
            _, room = self._get(code)
            if not valid_student(student) or student not in room.students:
                raise not_joined()
            room.students[student] = bool(following)

    def leave(self, code, student) -> None:
        with self._lock:
            _, room = self._get(code)
            if valid_student(student):
                room.students.pop(student, None)
                room.nicknames.pop(student, None)

    def counts(self, code) -> Counts:
        with self._lock:
            _, room = self._get(code)
            return Counts(len(room.students), sum(room.students.values()))

    def nicknames(self, code) -> list[str]:
        with self._lock:
            _, room = self._get(code)
            names = list(room.nicknames.values())
        return sorted(names, key=str.casefold)

    def ask(self, code, teacher_key, qid, options) -> None:
        options = check_question(qid, options)
        with self._lock:
            _, room = self._teacher(code, teacher_key)
            room.questions[qid] = options
            room.answers[qid] = {}
            room.touched = self._clock()

    def answer(self, code, student, qid, option) -> None:
        with self._lock:
            _, room = self._get(code)
            if not valid_student(student) or student not in room.students:
                raise not_joined()
            if not valid_qid(qid) or qid not in room.questions:
                raise no_question()
            if option not in room.questions[qid]:
                raise bad_option()
            room.answers[qid][student] = option
            room.touched = self._clock()

    def tally(self, code, qid) -> dict[str, int]:
        with self._lock:
            _, room = self._get(code)
            if not valid_qid(qid) or qid not in room.questions:
                raise no_question()
            counts = dict.fromkeys(room.questions[qid], 0)
            for option in room.answers[qid].values():
                counts[option] += 1
        return counts

    def end(self, code, teacher_key) -> None:
        with self._lock:
            code, room = self._teacher(code, teacher_key)
            # What is left is a marker saying "ended" until it expires like any class.
            room.version += 1
            room.ended, room.touched = True, self._clock()
            room.state = "{}"
            room.students.clear(), room.nicknames.clear(), room.questions.clear(), room.answers.clear()
            version = room.version
        self._subscribers.notify(code, version)

    def subscribe(self, callback) -> Subscription:
        return self._subscribers.add(callback)

    def close(self) -> None:
        self._subscribers.clear()


def open_store(url: str | None = None, **options) -> ClassStore:
    """None or "" keeps classes in this process; a redis:// (rediss://, unix://) URL shares them
    between replicas. The app passes env VECTORLAB_CLASS_STORE. `options` go to the store
    (idle_seconds; clock for the in-process one)."""
    if not url:
        return MemoryStore(**options)
    if url.split("://", 1)[0] in ("redis", "rediss", "unix"):
        from core.classroom.redis_store import RedisStore

        return RedisStore(url, **options)
    raise ValueError(f"a class store is None or a redis:// URL, not {url!r}")
