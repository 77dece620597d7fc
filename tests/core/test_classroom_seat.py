"""A session's seat in a class and the hub that wakes followers (core.classroom.seat, .hub)."""

import pytest

from core.classroom import open_store
from core.classroom.hub import Hub
from core.classroom.seat import Broadcast, Seat
from core.errors import UserInputError


@pytest.fixture
def store():
    with open_store(None) as opened:
        yield opened


def test_teacher_publishes_only_changes(store):
    teacher = Seat()
    teacher.start(store)
    assert teacher.role == "teacher" and len(teacher.code) == 6 and teacher.teacher_key
    first = teacher.publish_if_changed(store, Broadcast("train", {"lr": "0.1"}))
    assert first == 1
    assert teacher.publish_if_changed(store, Broadcast("train", {"lr": "0.1"})) is None  # same page, same settings
    assert teacher.publish_if_changed(store, Broadcast("train", {"lr": "0.3"})) == 2
    version, state = store.latest(teacher.code)
    assert version == 2 and Broadcast.from_dict(state) == Broadcast("train", {"lr": "0.3"})


def test_student_takes_on_each_version_once_and_not_while_exploring(store):
    teacher, student = Seat(), Seat()
    teacher.start(store)
    student.join(store, teacher.code.lower(), nickname="  Ana   <b>  ")
    assert student.role == "student" and student.nickname == "Ana <b>"  # kept as typed; the page escapes it
    version = teacher.publish_if_changed(store, Broadcast("descent", {}))
    assert student.needs(version)
    student.took_on(version)
    assert not student.needs(version)
    student.follow(store, False)
    assert store.counts(teacher.code).following == 0
    later = teacher.publish_if_changed(store, Broadcast("wmd", {}))
    assert not student.needs(later)  # exploring on one's own
    student.follow(store, True)
    assert student.needs(later) and store.counts(teacher.code).following == 1  # back: at once


def test_wrong_codes_are_limited_per_seat(store):
    student = Seat()
    for _ in range(5):
        with pytest.raises(UserInputError) as wrong:
            student.join(store, "ZZZZZZ")
        assert wrong.value.key == "class.unknown"
    with pytest.raises(UserInputError) as blocked:
        student.join(store, store.create().code)  # even a right code waits now
    assert blocked.value.key == "class.too_many_tries" and blocked.value.params["seconds"] > 0
    with pytest.raises(UserInputError) as empty:
        Seat().join(store, "  - ")
    assert empty.value.key == "class.empty_code"


def test_restoring_a_teacher_needs_the_key(store):
    teacher = Seat()
    teacher.start(store)
    assert not Seat().restore_teacher(store, teacher.code, "not-the-key")
    again = Seat()
    assert again.restore_teacher(store, teacher.code.lower(), teacher.teacher_key)
    assert again.role == "teacher" and again.publish_if_changed(store, Broadcast("train", {})) == 1
    teacher.leave(store)  # ends the class
    assert not Seat().restore_teacher(store, teacher.code, teacher.teacher_key)


def test_a_student_answer_counts_once_and_last(store):
    teacher, student = Seat(), Seat()
    teacher.start(store)
    student.join(store, teacher.code)
    store.ask(teacher.code, teacher.teacher_key, "q:1", ["sgd", "adam"])
    student.answer(store, "q:1", "sgd")
    student.answer(store, "q:1", "adam")
    assert store.tally(teacher.code, "q:1") == {"sgd": 0, "adam": 1}
    assert student.answers == {"q:1": "adam"}


def test_hub_wakes_followers_every_version_explorers_only_on_questions(store):
    woken: list[str] = []
    hub = Hub(store, lambda sid: woken.append(sid) or sid != "gone")
    store.subscribe(hub.notify)
    teacher = Seat()
    teacher.start(store)
    hub.listen("follower", teacher.code, True, None)
    hub.listen("explorer", teacher.code, False, None)
    hub.listen("gone", teacher.code, True, None)
    hub.listen("other-class", store.create().code, True, None)
    teacher.publish_if_changed(store, Broadcast("train", {"lr": "0.1"}))
    assert sorted(woken) == ["follower", "gone"]
    assert "gone" not in hub.listeners(teacher.code)  # its session has closed: forgotten
    woken.clear()
    teacher.question = {"moment": "optimizer_race", "round": 1, "revealed": False}
    teacher.publish_if_changed(store, Broadcast("train", {"lr": "0.1"}, teacher.question))
    assert sorted(woken) == ["explorer", "follower"]  # a question reaches those exploring too
    woken.clear()
    hub.listen("explorer", teacher.code, False, Broadcast(question=teacher.question).question_mark())
    teacher.publish_if_changed(store, Broadcast("wmd", {}, teacher.question))
    assert woken == ["follower"]  # the explorer has drawn this question already
    woken.clear()
    teacher.question["revealed"] = True  # changed in place, as the card does
    assert teacher.publish_if_changed(store, Broadcast("wmd", {}, teacher.question)) is not None
    assert sorted(woken) == ["explorer", "follower"]  # the reveal reaches everyone
    woken.clear()
    teacher.leave(store)
    assert sorted(woken) == ["explorer", "follower"]  # the end of the class reaches everyone


def test_broadcast_round_trip_keeps_text_as_text():
    broadcast = Broadcast("similarity", {"word": "<script>alert(1)</script>", "w2": "кот 🐈"}, None)
    assert Broadcast.from_dict(broadcast.to_dict()) == broadcast
    assert Broadcast.from_dict(None) == Broadcast()
