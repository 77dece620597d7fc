"""Both class stores, in this process and in Redis, through one parametrised fixture: the pages
cannot tell them apart. Redis runs as a private child process (tests/redis_server.py)."""

from __future__ import annotations

import base64
import math
import threading
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.classroom import ALPHABET, IDLE_SECONDS, Counts, Room, normalise_code, open_store
from core.classroom.codes import key_hash
from core.errors import UserInputError
from tests.redis_server import running_redis


@pytest.fixture(scope="module")
def redis_url():
    with running_redis() as url:
        yield url


class InProcess:
    """Its clock is ours to move."""

    idle = 60.0

    def __init__(self):
        self.now = 1000.0
        self.stores = []

    def open(self, idle_seconds=IDLE_SECONDS):
        store = open_store(None, clock=lambda: self.now, idle_seconds=idle_seconds)
        self.stores.append(store)
        return store

    def peer(self, store):
        """Where another session of the same deployment sees the store: here, the same object."""
        return store

    def advance(self, seconds):
        self.now += seconds


class InRedis:
    """Redis keeps its own time: the idle time is short and the test waits (a class must stay
    alive for 0.4 of it between two calls of a test, so a stalled machine has 0.3 s to spare)."""

    idle = 0.8

    def __init__(self, url):
        self.url = url
        self.stores = []

    def open(self, idle_seconds=IDLE_SECONDS):
        store = open_store(self.url, idle_seconds=idle_seconds)
        self.stores.append(store)
        return store

    def peer(self, store):
        """Another replica: its own store object, connection and listener on the same Redis."""
        return self.open()

    def advance(self, seconds):
        time.sleep(seconds)


@pytest.fixture(params=["memory", "redis"])
def kind(request):
    kind = InRedis(request.getfixturevalue("redis_url")) if request.param == "redis" else InProcess()
    yield kind
    for store in kind.stores:
        store.close()


@pytest.fixture
def store(kind):
    return kind.open()


def error_key(call, *args):
    with pytest.raises(UserInputError) as caught:
        call(*args)
    return caught.value.key


# -- codes and keys ------------------------------------------------------------------------------


def test_codes_are_six_letters_to_read_aloud_and_unique(store):
    codes = [store.create().code for _ in range(200)]
    assert len(set(codes)) == len(codes)
    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    assert not set("".join(codes)) & set("01OI")
    assert len(ALPHABET) == 32 and not set(ALPHABET) & set("01OI")


def test_teacher_keys_have_at_least_128_random_bits_and_stay_out_of_reprs(store):
    rooms = [store.create() for _ in range(50)]
    for room in rooms:
        raw = base64.urlsafe_b64decode(room.teacher_key + "=" * (-len(room.teacher_key) % 4))
        assert len(raw) * 8 >= 128
        assert room.teacher_key not in repr(room)
    assert len({room.teacher_key for room in rooms}) == len(rooms)


def test_normalise_code_drops_spaces_and_dashes_and_upper_cases():
    assert normalise_code(" abc-23x ") == "ABC23X"
    assert normalise_code("ab c\u2013 2 3\tx") == "ABC23X"
    assert normalise_code(None) == ""


def test_a_code_as_a_student_types_it_finds_the_class(store):
    room = store.create()
    typed = f" {room.code[:3].lower()}-{room.code[3:].lower()} "
    assert store.latest(typed) == (0, {})
    store.join(typed)
    assert store.counts(room.code) == Counts(1, 1)


def test_only_the_teacher_key_publishes_asks_and_ends(store):
    room = store.create()
    other = store.create()
    student = store.join(room.code)
    store.publish(room.code, room.teacher_key, {"page": "train"})
    for wrong in (other.teacher_key, student, "", room.teacher_key + "x", room.teacher_key[:-1]):
        assert store.is_teacher(room.code, wrong) is False
        with pytest.raises(PermissionError):
            store.publish(room.code, wrong, {"page": "hacked"})
        with pytest.raises(PermissionError):
            store.ask(room.code, wrong, "q1", ["a", "b"])
        with pytest.raises(PermissionError):
            store.end(room.code, wrong)
    assert store.is_teacher(room.code, room.teacher_key) is True
    assert store.latest(room.code) == (1, {"page": "train"})
    assert error_key(store.tally, room.code, "q1") == "class.no_question"


# -- the followed state -------------------------------------------------------------------------


def test_versions_grow_from_zero_and_latest_is_the_last_state(store):
    room = store.create()
    assert store.latest(room.code) == (0, {})
    versions = [store.publish(room.code, room.teacher_key, {"step": i}) for i in range(5)]
    assert versions == [1, 2, 3, 4, 5]
    assert store.latest(room.code) == (5, {"step": 4})


def test_user_text_in_a_state_round_trips_unchanged(store):
    room = store.create()
    state = {
        "nickname": "<script>alert('x')</script> & <b>",
        "emoji": "🙂👩‍🏫🇰🇿",
        "ru": "совстречаемость, мини-батч", "kk": "келесі не істейсіз?",
        "quotes": "\"quoted\" \\ back\\slash \n new line \u2028",
        "numbers": [1, -2.5, 1e-300, 2**53, None, True],
        # The state's own "version" and "ended" are the teacher's data, not the store's.
        "version": 99, "ended": True, "nested": {"state": {"": []}},
    }
    store.publish(room.code, room.teacher_key, state)
    version, got = store.latest(room.code)
    assert (version, got) == (1, state)
    got["emoji"] = "changed by a caller"
    assert store.latest(room.code)[1] == state


def test_a_state_must_be_a_json_dict(store):
    room = store.create()
    with pytest.raises(TypeError):
        store.publish(room.code, room.teacher_key, ["not", "a", "dict"])
    with pytest.raises(ValueError):
        store.publish(room.code, room.teacher_key, {"lr": math.nan})
    assert store.latest(room.code) == (0, {})


# -- unknown codes --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["ZZZZZZ", "", "<script>", "vl:class:*", "A" * 10_000])
def test_every_method_of_an_unknown_code_says_so(store, code):
    room = store.create()
    key, student = room.teacher_key, store.join(room.code)
    calls = [
        (store.latest, code), (store.join, code), (store.join, code, "nick"),
        (store.is_teacher, code, key), (store.publish, code, key, {}), (store.ask, code, key, "q", ["a"]),
        (store.answer, code, student, "q", "a"), (store.tally, code, "q"), (store.counts, code),
        (store.nicknames, code), (store.set_following, code, student, False), (store.leave, code, student),
        (store.end, code, key),
    ]
    if code == "ZZZZZZ" and room.code == code:
        pytest.skip("the random code was ZZZZZZ")
    for call, *args in calls:
        assert error_key(call, *args) == "class.unknown", call.__name__


# -- questions --------------------------------------------------------------------------------------


def test_tally_lists_every_option_in_the_asked_order_and_the_last_answer_counts(store):
    room = store.create()
    store.ask(room.code, room.teacher_key, "q1", ["sgd", "momentum", "adam"])
    first, second = store.join(room.code), store.join(room.code)
    assert list(store.tally(room.code, "q1").items()) == [("sgd", 0), ("momentum", 0), ("adam", 0)]
    store.answer(room.code, first, "q1", "sgd")
    store.answer(room.code, first, "q1", "adam")
    store.answer(room.code, second, "q1", "adam")
    assert list(store.tally(room.code, "q1").items()) == [("sgd", 0), ("momentum", 0), ("adam", 2)]
    store.ask(room.code, room.teacher_key, "q2", ["z", "a", "m"])
    assert list(store.tally(room.code, "q2")) == ["z", "a", "m"]
    assert store.tally(room.code, "q1")["adam"] == 2


def test_bad_answers_are_refused_and_change_nothing(store):
    room, elsewhere = store.create(), store.create()
    store.ask(room.code, room.teacher_key, "q1", ["yes", "no"])
    student = store.join(room.code)
    stranger = store.join(elsewhere.code)
    store.answer(room.code, student, "q1", "yes")
    assert error_key(store.answer, room.code, stranger, "q1", "no") == "class.not_joined"
    assert error_key(store.answer, room.code, "made-up", "q1", "no") == "class.not_joined"
    assert error_key(store.answer, room.code, None, "q1", "no") == "class.not_joined"
    assert error_key(store.answer, room.code, student, "q2", "no") == "class.no_question"
    assert error_key(store.answer, room.code, student, "../q1*", "no") == "class.no_question"
    assert error_key(store.answer, room.code, student, "q1", "maybe") == "class.bad_option"
    assert error_key(store.answer, room.code, student, "q1", "YES") == "class.bad_option"
    assert error_key(store.answer, room.code, student, "q1", ["yes"]) == "class.bad_option"
    assert error_key(store.tally, room.code, "q2") == "class.no_question"
    assert store.tally(room.code, "q1") == {"yes": 1, "no": 0}


def test_asking_a_question_again_clears_its_answers(store):
    room = store.create()
    store.ask(room.code, room.teacher_key, "q1", ["a", "b"])
    student = store.join(room.code)
    store.answer(room.code, student, "q1", "a")
    store.ask(room.code, room.teacher_key, "q1", ["b", "c"])
    assert store.tally(room.code, "q1") == {"b": 0, "c": 0}
    assert error_key(store.answer, room.code, student, "q1", "a") == "class.bad_option"
    store.answer(room.code, student, "q1", "c")
    assert store.tally(room.code, "q1") == {"b": 0, "c": 1}


@pytest.mark.parametrize("qid, options", [
    ("", ["a"]), ("has space", ["a"]), ("q" * 65, ["a"]), ("q", []), ("q", ["a", "a"]), ("q", [""]),
    ("q", [1, 2]), ("q", ["x" * 101]), ("q", [str(i) for i in range(21)]),
])
def test_malformed_questions_are_programming_errors(store, qid, options):
    room = store.create()
    with pytest.raises(ValueError):
        store.ask(room.code, room.teacher_key, qid, options)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    students=st.integers(1, 6),
    answers=st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["up", "down", "flat"])), max_size=25),
)
def test_the_tally_counts_each_students_last_answer(store, students, answers):
    room = store.create()
    store.ask(room.code, room.teacher_key, "q", ["up", "down", "flat"])
    ids = [store.join(room.code) for _ in range(students)]
    last = {}
    for who, option in answers:
        who %= students
        store.answer(room.code, ids[who], "q", option)
        last[who] = option
    expected = Counter(last.values())
    assert store.tally(room.code, "q") == {option: expected[option] for option in ["up", "down", "flat"]}


# -- students -------------------------------------------------------------------------------------


def test_counts_follow_joins_breakaways_and_leaves(store):
    room = store.create()
    assert store.counts(room.code) == Counts(0, 0)
    a, b, c = (store.join(room.code) for _ in range(3))
    assert store.counts(room.code) == Counts(3, 3)
    store.set_following(room.code, b, False)
    assert store.counts(room.code) == Counts(3, 2)
    store.leave(room.code, a)
    store.leave(room.code, a)
    assert store.counts(room.code) == Counts(2, 1)
    store.set_following(room.code, b, True)
    assert store.counts(room.code) == Counts(2, 2)
    assert error_key(store.set_following, room.code, a, True) == "class.not_joined"
    assert error_key(store.set_following, room.code, "made-up", True) == "class.not_joined"
    assert error_key(store.set_following, room.code, 42, True) == "class.not_joined"
    store.leave(room.code, 42)
    assert store.counts(room.code) == Counts(2, 2)
    assert c


def test_nicknames_are_kept_as_given_stripped_and_cut_and_leave_with_their_student(store):
    room = store.create()
    given_names = ["  Ана  ", "", "   ", "x" * 60, "<script>alert(1)</script>", "🙂 Ерлан", "bob"]
    ids = [store.join(room.code, name) for name in given_names]
    store.join(room.code)
    expected = ["Ана", "x" * 40, "<script>alert(1)</script>", "🙂 Ерлан", "bob"]
    assert store.nicknames(room.code) == sorted(expected, key=str.casefold)
    store.leave(room.code, ids[0])
    assert "Ана" not in store.nicknames(room.code)
    assert store.counts(room.code) == Counts(7, 7)


def test_many_sessions_at_once_lose_nothing(store):
    room = store.create()
    store.ask(room.code, room.teacher_key, "q", ["a", "b"])
    errors = []

    def student(index):
        try:
            me = store.join(room.code, f"s{index}")
            for _ in range(5):
                store.answer(room.code, me, "q", "ab"[index % 2])
            store.set_following(room.code, me, index % 3 != 0)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert store.tally(room.code, "q") == {"a": 12, "b": 12}
    assert store.counts(room.code) == Counts(24, 16)


# -- the end of a class --------------------------------------------------------------------------


def test_a_class_the_teacher_ended_says_so(store):
    room = store.create()
    student = store.join(room.code)
    store.ask(room.code, room.teacher_key, "q", ["a"])
    store.publish(room.code, room.teacher_key, {"page": "train"})
    store.end(room.code, room.teacher_key)
    key = room.teacher_key
    for call, *args in [
        (store.latest, room.code), (store.join, room.code), (store.publish, room.code, key, {}),
        (store.ask, room.code, key, "q", ["a"]), (store.answer, room.code, student, "q", "a"),
        (store.tally, room.code, "q"), (store.counts, room.code), (store.nicknames, room.code),
        (store.set_following, room.code, student, False), (store.leave, room.code, student),
        (store.is_teacher, room.code, key), (store.end, room.code, key),
    ]:
        assert error_key(call, *args) == "class.ended", call.__name__
    other = store.create()
    assert store.latest(other.code) == (0, {})


def test_an_idle_class_ends_by_itself_and_activity_keeps_it(kind):
    idle = kind.idle
    store = kind.open(idle_seconds=idle)
    room = store.create()
    kind.advance(0.6 * idle)
    store.join(room.code)  # renews the class
    kind.advance(0.6 * idle)
    assert store.counts(room.code) == Counts(1, 1)
    kind.advance(0.5 * idle)  # 1.1 idle times since the join; reading counts did not renew
    assert error_key(store.latest, room.code) == "class.unknown"
    assert error_key(store.join, room.code) == "class.unknown"


def test_publish_ask_answer_and_join_each_keep_a_class_alive():
    kind = InProcess()
    store = kind.open(idle_seconds=100)
    room = store.create()
    student = store.join(room.code)
    renewals = [
        lambda: store.ask(room.code, room.teacher_key, "q", ["a", "b"]),
        lambda: store.answer(room.code, student, "q", "a"),
        lambda: store.publish(room.code, room.teacher_key, {"page": "x"}),
        lambda: store.join(room.code),
    ]
    for renew in renewals:
        kind.advance(60)
        renew()
    kind.advance(60)
    assert store.tally(room.code, "q") == {"a": 1, "b": 0}
    kind.advance(41)
    assert error_key(store.latest, room.code) == "class.unknown"


def test_an_ended_class_is_forgotten_after_the_idle_time(kind):
    store = kind.open(idle_seconds=kind.idle)
    room = store.create()
    store.end(room.code, room.teacher_key)
    assert error_key(store.latest, room.code) == "class.ended"
    kind.advance(1.1 * kind.idle)
    assert error_key(store.latest, room.code) == "class.unknown"


# -- updates ---------------------------------------------------------------------------------------


class Heard:
    def __init__(self):
        self.updates = []
        self.arrived = threading.Condition()

    def __call__(self, code, version):
        with self.arrived:
            self.updates.append((code, version))
            self.arrived.notify_all()

    def wait_for(self, update, timeout=3.0):
        with self.arrived:
            assert self.arrived.wait_for(lambda: update in self.updates, timeout), (update, self.updates)


def test_subscribers_hear_every_publish_and_the_end_from_another_store_object(kind, store):
    replica = kind.peer(store)
    heard, later = Heard(), Heard()

    def broken(code, version):
        raise RuntimeError("a subscriber's bug")

    replica.subscribe(broken)
    sub = replica.subscribe(heard)
    room = store.create()
    assert store.publish(room.code, room.teacher_key, {"a": 1}) == 1
    assert store.publish(room.code, room.teacher_key, {"a": 2}) == 2
    heard.wait_for((room.code, 2))
    store.end(room.code, room.teacher_key)
    heard.wait_for((room.code, 3))
    assert [u for u in heard.updates if u[0] == room.code] == [(room.code, 1), (room.code, 2), (room.code, 3)]

    # After close nothing more arrives: a later subscriber, told later, has heard the update.
    sub.close()
    replica.subscribe(later)
    second = store.create()
    store.publish(second.code, second.teacher_key, {})
    later.wait_for((second.code, 1))
    assert (second.code, 1) not in heard.updates


# -- the Redis layout --------------------------------------------------------------------------------


def test_redis_keeps_a_hashed_teacher_key_and_expires_every_key_of_a_class(redis_url):
    import redis

    idle = 3600
    store = open_store(redis_url, idle_seconds=idle)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        room = store.create()
        student = store.join(room.code, "Ана")
        store.ask(room.code, room.teacher_key, "q1", ["a", "b"])
        store.ask(room.code, room.teacher_key, "q2", ["c"])
        store.answer(room.code, student, "q1", "b")
        store.answer(room.code, student, "q2", "c")
        store.publish(room.code, room.teacher_key, {"page": "train"})
        prefix = f"vl:class:{room.code}:"
        keys = set(client.scan_iter(prefix + "*"))
        assert keys == {prefix + k for k in
                        ("state", "teacher", "students", "nicknames", "qids", "q:q1", "a:q1", "q:q2", "a:q2")}
        for key in keys:
            assert 0 < client.pttl(key) <= idle * 1000, key
        assert client.get(prefix + "teacher") == key_hash(room.teacher_key)
        values = [str(client.dump(key)) for key in keys]
        assert not any(room.teacher_key in value for value in values)
        assert client.get(prefix + "state") == '{"version":1,"state":{"page":"train"}}'

        store.end(room.code, room.teacher_key)
        assert set(client.scan_iter(prefix + "*")) == {prefix + "state"}
        assert 0 < client.pttl(prefix + "state") <= idle * 1000
    finally:
        store.close()
        client.close()


def test_redis_renews_every_key_on_publish_ask_answer_and_join_and_on_nothing_else(redis_url):
    import redis

    store = open_store(redis_url, idle_seconds=3600)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        room = store.create()
        student = store.join(room.code, "nick")
        store.ask(room.code, room.teacher_key, "q", ["a", "b"])
        store.answer(room.code, student, "q", "a")
        assert len(set(client.scan_iter(f"vl:class:{room.code}:*"))) == 7

        def ttls_after(call):
            """Every key's time to live after `call`, all keys set to 10 s before it (a key
            without one would show -1; re-asking deletes the answers' hash, -2, until the next
            answer)."""
            for key in client.scan_iter(f"vl:class:{room.code}:*"):
                client.pexpire(key, 10_000)
            call()
            keys = set(client.scan_iter(f"vl:class:{room.code}:*"))
            assert len(keys) >= 6
            return [client.pttl(key) for key in keys]

        for renewing in [
            lambda: store.join(room.code), lambda: store.ask(room.code, room.teacher_key, "q", ["a", "b"]),
            lambda: store.answer(room.code, student, "q", "b"),
            lambda: store.publish(room.code, room.teacher_key, {}),
        ]:
            assert all(10_000 < ttl <= 3_600_000 for ttl in ttls_after(renewing))
        for reading in [
            lambda: store.latest(room.code), lambda: store.counts(room.code), lambda: store.nicknames(room.code),
            lambda: store.tally(room.code, "q"), lambda: store.is_teacher(room.code, room.teacher_key),
            lambda: store.set_following(room.code, student, False), lambda: store.leave(room.code, "x"),
        ]:
            assert all(0 < ttl <= 10_000 for ttl in ttls_after(reading))
    finally:
        store.close()
        client.close()


def test_redis_create_never_reuses_a_live_code(redis_url, monkeypatch):
    import core.classroom.redis_store as redis_store

    store = open_store(redis_url)
    try:
        first = store.create()
        picks = iter([first.code, first.code, "ABCDEF" if first.code != "ABCDEF" else "ABCDEG"])
        monkeypatch.setattr(redis_store, "new_code", lambda: next(picks))
        second = store.create()
        assert second.code != first.code
        assert store.is_teacher(first.code, first.teacher_key)
        assert store.is_teacher(second.code, second.teacher_key)
        assert not store.is_teacher(first.code, second.teacher_key)
    finally:
        store.close()


def test_open_store_refuses_other_urls():
    with pytest.raises(ValueError):
        open_store("postgres://x")
    assert isinstance(open_store(None).create(), Room)
