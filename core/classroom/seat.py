"""One browser session's place in a class: teacher, student or neither, with verbs.

The page keeps one `Seat` under one session key. A teacher's seat holds the class code and
the secret teacher key; a student's holds the code, the anonymous student id, whether it
follows the teacher and which of the teacher's versions it has applied. Nothing here knows
Streamlit; the store (core.classroom.store) is passed in.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from core.classroom import JoinGuard, normalise_code
from core.errors import UserInputError

NICKNAME_MAX = 40


@dataclass
class Broadcast:
    """What the teacher's page shows, as published to the class: the page, its link settings,
    and the question on it (asked, then revealed with the experiment's outcome)."""

    page: str = ""
    params: dict[str, str] = field(default_factory=dict)
    question: dict | None = None  # {"moment", "q": Question.to_dict(), "revealed", "outcome", "round"}
    extra: dict = field(default_factory=dict)  # what a page shares beyond its link ({"pg_playing": True})

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "params": dict(self.params), "question": self.question, "extra": dict(self.extra)}

    @classmethod
    def from_dict(cls, data: dict | None) -> Broadcast:
        data = data or {}
        params = data.get("params") or {}
        return cls(page=str(data.get("page", "")), params={str(k): str(v) for k, v in params.items()},
                   question=data.get("question"), extra=dict(data.get("extra") or {}))

    def question_mark(self) -> str | None:
        """Names the question's state (asked, revealed) for a student who is not following:
        they still hear when a question comes or is answered."""
        q = self.question
        return None if q is None else f"{q.get('moment')}:{q.get('round')}:{bool(q.get('revealed'))}"


@dataclass
class Seat:
    role: str | None = None  # "teacher", "student" or None (not in a class)
    code: str | None = None
    teacher_key: str | None = None
    student: str | None = None
    nickname: str = ""
    following: bool = True
    applied: int = 0  # the teacher's version this page last took on (students)
    applying: int | None = None  # a version being taken on: the page re-reads its settings from the link
    published: dict | None = None  # the teacher's last broadcast, to publish only changes
    question: dict | None = None  # the teacher's open question (what the next publish carries)
    rounds: int = 0  # questions the teacher asked: each ask is a new round with fresh answers
    extra: dict = field(default_factory=dict)  # the teacher's page state beyond its link (Broadcast.extra)
    answers: dict[str, str] = field(default_factory=dict)  # "moment:round" -> this student's answer
    guard: JoinGuard = field(default_factory=JoinGuard)
    ended: bool = False  # the class this seat was in has ended (said once on the page)
    listened: bool = False  # this session is on the hub's list (the app forgets it on leaving)

    # -- verbs -----------------------------------------------------------------------------

    def start(self, store) -> None:
        room = store.create()
        self._reset()
        self.role, self.code, self.teacher_key = "teacher", room.code, room.teacher_key

    def restore_teacher(self, store, code: str, key: str) -> bool:
        """The private teacher link after a reload: the key must be the class's."""
        code = normalise_code(code)
        try:
            ok = store.is_teacher(code, key)
        except UserInputError:
            ok = False
        if ok:
            self._reset()
            self.role, self.code, self.teacher_key = "teacher", code, key
        return ok

    def join(self, store, code: str, nickname: str = "") -> None:
        """A typed or linked code. Wrong codes are counted: after a few the seat must wait."""
        self.guard.check()
        code = normalise_code(code)
        if not code:
            raise UserInputError("class.empty_code", "Type the class code the teacher shows.")
        nickname = " ".join(str(nickname).split())[:NICKNAME_MAX]
        try:
            student = store.join(code, nickname=nickname)
        except UserInputError:
            self.guard.failed()
            raise
        self.guard.succeeded()
        self._reset()
        self.role, self.code, self.student, self.nickname = "student", code, student, nickname

    def leave(self, store) -> None:
        try:
            if self.role == "student":
                store.leave(self.code, self.student)
            elif self.role == "teacher":
                store.end(self.code, self.teacher_key)
        except (UserInputError, PermissionError):
            pass  # the class had already ended
        self._reset()

    def follow(self, store, following: bool) -> None:
        self.following = following
        if following:
            self.applied = 0  # take on the teacher's page at once
        store.set_following(self.code, self.student, following)

    def needs(self, version: int) -> bool:
        """A follower takes on each new version of the teacher's page once."""
        return self.role == "student" and self.following and version > self.applied

    def took_on(self, version: int) -> None:
        self.applied = version
        self.applying = None

    def answer(self, store, qid: str, option: str) -> None:
        """The student's guess; a later one replaces it until the teacher reveals."""
        store.answer(self.code, self.student, qid, option)
        self.answers[qid] = option

    def publish_if_changed(self, store, broadcast: Broadcast) -> int | None:
        """The teacher's page after each run: a new version only when something changed."""
        # a copy: the open question is changed in place (revealed), and must then differ from it
        data = copy.deepcopy(broadcast.to_dict())
        if data == self.published:
            return None
        version = store.publish(self.code, self.teacher_key, data)
        self.published = data
        return version

    def _reset(self) -> None:
        guard, listened = self.guard, self.listened
        self.__init__()
        self.guard = guard  # wrong codes still count after leaving a class
        self.listened = listened  # the hub still has this session: the app forgets it
