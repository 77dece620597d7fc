"""The class-mode store in Redis, shared by several app replicas behind nginx.

Keys of a class live under `vl:class:<code>:`:
  state      JSON {"version": n, "state": {...}}, or {"version": n, "ended": true} once ended
  teacher    sha256 of the teacher key (hex); present exactly while the class is live
  students   hash student -> "1" following / "0" exploring on their own
  nicknames  hash student -> nickname
  qids       set of asked question ids
  q:<qid>    list of the question's options, in the asked order
  a:<qid>    hash student -> option (the last answer)
Every key of a class expires after the idle time; publish, ask, answer and join renew all of
them. Every write is one Lua script, so a version and its state change together and two
replicas never interleave half-done changes; `create` claims the code with SET NX, so two
replicas never hand out the same code. After each publish and end the script itself publishes
"<code> <version>" on the channel `vl:class:updates`, which one listener thread per store
object turns into subscriber callbacks.

The scripts compare the sha256 of the key a caller gives with the stored one. Lua's string
comparison is not constant-time, but what it could leak is how much of an unknown hash a
guess's hash matches, which says nothing about any key (is_teacher, in Python, uses
hmac.compare_digest all the same).
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time

import redis

from core.classroom.codes import (
    check_question, clean_nickname, key_hash, new_code, new_student_id, new_teacher_key,
    normalise_code, valid_code, valid_qid, valid_student,
)
from core.classroom.store import (
    IDLE_SECONDS, ClassStore, Counts, Room, Subscription, _Subscribers, bad_option, class_ended,
    no_question, not_joined, state_json, unknown_class, wrong_key,
)

CHANNEL = "vl:class:updates"
log = logging.getLogger(__name__)

# Shared by the scripts: KEYS[1] is the class's prefix. `check` says whether the class is live
# (and, given a key hash, whether it is the teacher's); `renew` sets the idle time on every key.
_COMMON = """
local p = KEYS[1]
local function check(hash)
  local stored = redis.call('GET', p .. 'teacher')
  if not stored then
    if redis.call('EXISTS', p .. 'state') == 1 then return 'ended' end
    return 'unknown'
  end
  if hash and stored ~= hash then return 'key' end
  return 'ok'
end
local function renew(ms)
  for _, k in ipairs({'state', 'teacher', 'students', 'nicknames', 'qids'}) do
    redis.call('PEXPIRE', p .. k, ms)
  end
  for _, q in ipairs(redis.call('SMEMBERS', p .. 'qids')) do
    redis.call('PEXPIRE', p .. 'q:' .. q, ms)
    redis.call('PEXPIRE', p .. 'a:' .. q, ms)
  end
end
local function version()
  return tonumber(string.match(redis.call('GET', p .. 'state'), '^{"version":(%d+)'))
end
"""

_SCRIPTS = {
    # ARGV: key hash, ms
    "create": """
if not redis.call('SET', p .. 'state', '{"version":0,"state":{}}', 'NX', 'PX', ARGV[2]) then
  return {'taken'}
end
redis.call('SET', p .. 'teacher', ARGV[1], 'PX', ARGV[2])
return {'ok'}
""",
    # ARGV: key hash, state JSON, ms, code
    "publish": """
local s = check(ARGV[1]); if s ~= 'ok' then return {s} end
local v = version() + 1
redis.call('SET', p .. 'state', '{"version":' .. v .. ',"state":' .. ARGV[2] .. '}')
renew(ARGV[3])
redis.call('PUBLISH', '%(channel)s', ARGV[4] .. ' ' .. v)
return {'ok', v}
""",
    # ARGV: student, nickname, ms
    "join": """
local s = check(nil); if s ~= 'ok' then return {s} end
redis.call('HSET', p .. 'students', ARGV[1], '1')
if ARGV[2] ~= '' then redis.call('HSET', p .. 'nicknames', ARGV[1], ARGV[2]) end
renew(ARGV[3])
return {'ok'}
""",
    # ARGV: student, "1" or "0"
    "follow": """
local s = check(nil); if s ~= 'ok' then return {s} end
if redis.call('HEXISTS', p .. 'students', ARGV[1]) == 0 then return {'student'} end
redis.call('HSET', p .. 'students', ARGV[1], ARGV[2])
return {'ok'}
""",
    # ARGV: student
    "leave": """
local s = check(nil); if s ~= 'ok' then return {s} end
redis.call('HDEL', p .. 'students', ARGV[1])
redis.call('HDEL', p .. 'nicknames', ARGV[1])
return {'ok'}
""",
    # ARGV: key hash, ms, qid, option...
    "ask": """
local s = check(ARGV[1]); if s ~= 'ok' then return {s} end
local q = ARGV[3]
redis.call('DEL', p .. 'q:' .. q, p .. 'a:' .. q)
redis.call('RPUSH', p .. 'q:' .. q, unpack(ARGV, 4))
redis.call('SADD', p .. 'qids', q)
renew(ARGV[2])
return {'ok'}
""",
    # ARGV: student, qid, option, ms
    "answer": """
local s = check(nil); if s ~= 'ok' then return {s} end
if redis.call('HEXISTS', p .. 'students', ARGV[1]) == 0 then return {'student'} end
if redis.call('EXISTS', p .. 'q:' .. ARGV[2]) == 0 then return {'qid'} end
if not redis.call('LPOS', p .. 'q:' .. ARGV[2], ARGV[3]) then return {'option'} end
redis.call('HSET', p .. 'a:' .. ARGV[2], ARGV[1], ARGV[3])
renew(ARGV[4])
return {'ok'}
""",
    # ARGV: key hash, ms, code. What is left is a marker saying "ended" until it expires.
    "end": """
local s = check(ARGV[1]); if s ~= 'ok' then return {s} end
local v = version() + 1
for _, q in ipairs(redis.call('SMEMBERS', p .. 'qids')) do
  redis.call('DEL', p .. 'q:' .. q, p .. 'a:' .. q)
end
redis.call('DEL', p .. 'teacher', p .. 'students', p .. 'nicknames', p .. 'qids')
redis.call('SET', p .. 'state', '{"version":' .. v .. ',"ended":true}', 'PX', ARGV[2])
redis.call('PUBLISH', '%(channel)s', ARGV[3] .. ' ' .. v)
return {'ok', v}
""",
}

_FAILURES = {
    "unknown": unknown_class, "ended": class_ended, "key": wrong_key, "student": not_joined,
    "qid": no_question, "option": bad_option,
}


def _prefix(code: str) -> str:
    return f"vl:class:{code}:"


class RedisStore(ClassStore):
    def __init__(self, url: str, *, idle_seconds: float = IDLE_SECONDS):
        self._ms = max(1, round(float(idle_seconds) * 1000))
        self._redis = redis.Redis.from_url(
            url, decode_responses=True, socket_connect_timeout=2, socket_timeout=5,
        )
        self._scripts = {
            name: self._redis.register_script(_COMMON + body % {"channel": CHANNEL})
            for name, body in _SCRIPTS.items()
        }
        self._subscribers = _Subscribers()
        self._listener_lock = threading.Lock()
        self._pubsub = None
        self._listener = None

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _code(code) -> str:
        code = normalise_code(code)
        if not valid_code(code):
            raise unknown_class()
        return code

    def _run(self, name: str, code: str, *args) -> list:
        reply = self._scripts[name](keys=[_prefix(code)], args=list(args))
        if reply[0] != "ok":
            raise _FAILURES[reply[0]]()
        return reply

    def _missing(self, code: str) -> Exception:
        """Why a class's teacher key is gone: it ended, or it never was (or expired)."""
        return class_ended() if self._redis.exists(_prefix(code) + "state") else unknown_class()

    def _read(self, code: str, *commands) -> list:
        """Reads made in one MULTI with the liveness check: one round trip."""
        prefix = _prefix(code)
        pipe = self._redis.pipeline(transaction=True)
        pipe.exists(prefix + "teacher")
        for command, key, *args in commands:
            getattr(pipe, command)(prefix + key, *args)
        live, *results = pipe.execute()
        if not live:
            raise self._missing(code)
        return results

    # -- the interface ---------------------------------------------------------------------------

    def create(self) -> Room:
        key = new_teacher_key()
        while True:
            code = new_code()
            reply = self._scripts["create"](keys=[_prefix(code)], args=[key_hash(key), self._ms])
            if reply[0] == "ok":
                return Room(code, key)

    def is_teacher(self, code, teacher_key) -> bool:
        code = self._code(code)
        stored = self._redis.get(_prefix(code) + "teacher")
        if stored is None:
            raise self._missing(code)
        return hmac.compare_digest(key_hash(teacher_key), stored)

    def publish(self, code, teacher_key, state) -> int:
        text = state_json(state)
        code = self._code(code)
        return int(self._run("publish", code, key_hash(teacher_key), text, self._ms, code)[1])

    def latest(self, code) -> tuple[int, dict]:
        text = self._redis.get(_prefix(self._code(code)) + "state")
        if text is None:
            raise unknown_class()
        stored = json.loads(text)
        if stored.get("ended"):
            raise class_ended()
        return stored["version"], stored["state"]

    def join(self, code, nickname="") -> str:
        nickname = clean_nickname(nickname)
        student = new_student_id()
        self._run("join", self._code(code), student, nickname, self._ms)
        return student

    def set_following(self, code, student, following) -> None:
        code = self._code(code)
        if not valid_student(student):
            self._read(code)  # an unknown class says so before an unknown student
            raise not_joined()
        self._run("follow", code, student, "1" if following else "0")

    def leave(self, code, student) -> None:
        self._run("leave", self._code(code), student if valid_student(student) else "")

    def counts(self, code) -> Counts:
        (flags,) = self._read(self._code(code), ("hvals", "students"))
        return Counts(len(flags), flags.count("1"))

    def nicknames(self, code) -> list[str]:
        (names,) = self._read(self._code(code), ("hvals", "nicknames"))
        return sorted(names, key=str.casefold)

    def ask(self, code, teacher_key, qid, options) -> None:
        options = check_question(qid, options)
        self._run("ask", self._code(code), key_hash(teacher_key), self._ms, qid, *options)

    def answer(self, code, student, qid, option) -> None:
        code = self._code(code)
        if not valid_student(student):
            self._read(code)
            raise not_joined()
        if not valid_qid(qid):
            self._read(code)
            raise no_question()
        if not isinstance(option, str):
            self._read(code)
            raise bad_option()
        self._run("answer", code, student, qid, option, self._ms)

    def tally(self, code, qid) -> dict[str, int]:
        code = self._code(code)
        if not valid_qid(qid):
            self._read(code)
            raise no_question()
        options, answers = self._read(code, ("lrange", "q:" + qid, 0, -1), ("hvals", "a:" + qid))
        if not options:
            raise no_question()
        counts = dict.fromkeys(options, 0)
        for option in answers:
            counts[option] += 1
        return counts

    def end(self, code, teacher_key) -> None:
        code = self._code(code)
        self._run("end", code, key_hash(teacher_key), self._ms, code)

    # -- updates ---------------------------------------------------------------------------------

    def subscribe(self, callback) -> Subscription:
        with self._listener_lock:
            if self._listener is None:
                self._start_listener()
        return self._subscribers.add(callback)

    def _start_listener(self) -> None:
        pubsub = self._redis.pubsub()
        pubsub.subscribe(**{CHANNEL: self._on_message})
        # Wait for Redis to confirm, so that a publish made after subscribe() returns is heard.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            message = pubsub.get_message(timeout=0.5)
            if message and message["type"] == "subscribe":
                break
        else:
            pubsub.close()
            raise ConnectionError("Redis did not confirm the subscription to class updates")
        self._pubsub = pubsub
        # It wakes every 0.2 s to see whether close() asked it to stop.
        self._listener = pubsub.run_in_thread(sleep_time=0.2, daemon=True, exception_handler=self._on_error)

    def _on_message(self, message) -> None:
        try:
            code, version = message["data"].split(" ")
            version = int(version)
        except (AttributeError, ValueError):
            log.warning("ignored a malformed class update %r", message.get("data"))
            return
        self._subscribers.notify(code, version)

    @staticmethod
    def _on_error(error, pubsub, thread) -> None:
        # Redis went away: redis-py reconnects (and subscribes again) on the next read. Wait a
        # little so that a Redis that stays down is not asked hundreds of times a second.
        log.warning("class updates: %s; retrying", error)
        time.sleep(1.0)

    def close(self) -> None:
        self._subscribers.clear()
        with self._listener_lock:
            if self._listener is not None:
                self._listener.stop()
                self._listener.join(timeout=2)
                self._listener = self._pubsub = None
        self._redis.close()
