"""Class codes, teacher keys, student ids and nicknames: what is random, what is read aloud, and
what a store accepts before it touches any data."""

from __future__ import annotations

import hashlib
import re
import secrets

# Read aloud and typed on phones: no 0/O or 1/I, which look and sound alike. 32 letters, six of
# them: about a billion codes, so a guessed code rarely names a live class (and guesses are
# rate-limited per session, see ratelimit.py).
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NICKNAME_MAX = 40
# The teacher's pages choose question ids; they also become part of Redis key names.
_QID = re.compile(r"[A-Za-z0-9_.:-]{1,64}")
_CODE = re.compile(f"[{ALPHABET}]{{{CODE_LENGTH}}}")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")  # spaces and every dash a keyboard makes
MAX_OPTIONS = 20
OPTION_MAX = 100
STUDENT_ID_MAX = 64


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_teacher_key() -> str:
    """24 random bytes (192 bits), URL-safe: it travels in the teacher's private link."""
    return secrets.token_urlsafe(24)


def new_student_id() -> str:
    return secrets.token_urlsafe(16)


def key_hash(teacher_key: str) -> str:
    """What a store keeps instead of the key: a stolen store does not let anyone publish. A
    plain sha256 is enough because the key is random (no dictionary to try)."""
    return hashlib.sha256(str(teacher_key).encode("utf-8")).hexdigest()


def normalise_code(text) -> str:
    """What a student typed, as a store looks it up: " abc-23x " -> "ABC23X"."""
    return _SEPARATORS.sub("", str(text or "")).upper()


def valid_code(code: str) -> bool:
    """Only codes a store could have made reach its lookups (and Redis key names)."""
    return bool(_CODE.fullmatch(code))


def clean_nickname(nickname) -> str:
    """Kept as the student typed it (the page escapes it when showing it), without surrounding
    spaces and cut to NICKNAME_MAX characters."""
    if nickname is None:
        return ""
    if not isinstance(nickname, str):
        raise TypeError("a nickname is a string")
    return nickname.strip()[:NICKNAME_MAX]


def check_question(qid: str, options) -> list[str]:
    """The teacher's pages make questions, so a malformed one is a programming error
    (ValueError), not the user's to fix."""
    if not isinstance(qid, str) or not _QID.fullmatch(qid):
        raise ValueError(f"a question id is 1-64 letters, digits or _.:- (got {qid!r})")
    options = list(options)
    if not 1 <= len(options) <= MAX_OPTIONS:
        raise ValueError(f"a question has 1-{MAX_OPTIONS} options")
    for option in options:
        if not isinstance(option, str) or not 0 < len(option) <= OPTION_MAX:
            raise ValueError(f"an option is a non-empty string of at most {OPTION_MAX} characters")
    if len(set(options)) != len(options):
        raise ValueError("options repeat")
    return options


def valid_student(student) -> bool:
    return isinstance(student, str) and 0 < len(student) <= STUDENT_ID_MAX


def valid_qid(qid) -> bool:
    return isinstance(qid, str) and bool(_QID.fullmatch(qid))
