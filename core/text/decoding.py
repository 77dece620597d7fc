"""Turning uploaded bytes into text: UTF-8 (with or without a byte-order mark), else CP1251,
the usual encoding of Russian files saved by older Windows programs. Anything that does not
look like text (an image, an archive, a pickle) is refused; nothing is ever executed."""

from __future__ import annotations

import unicodedata
from collections import Counter

from core.errors import UserInputError

# Line and page breaks and tabs are the only control characters a text file normally holds.
ALLOWED_CONTROLS = frozenset("\t\n\r\f")
MAX_CONTROL_SHARE = 0.01
# Letters, marks, numbers, punctuation, symbols (emoji are text too), spaces and format
# characters (zero-width joiners inside emoji); the rest is private-use, unassigned or U+FFFD.
MIN_TEXT_SHARE = 0.9
_TEXT_CATEGORIES = frozenset("LMNPSZ")


def _not_text() -> UserInputError:
    return UserInputError("error.text_binary", "This file is not text (UTF-8 or CP1251)")


def _is_text_char(char: str) -> bool:
    if char in ALLOWED_CONTROLS:
        return True
    if char == "\ufffd":  # a replacement character means the file was already broken once
        return False
    category = unicodedata.category(char)
    return category[0] in _TEXT_CATEGORIES or category == "Cf"


def decode_text(data: bytes) -> str:
    """The text in `data`, with Windows (\\r\\n) and old Mac (\\r) line ends made \\n.

    Raises UserInputError("error.text_binary") when the bytes are not text: a NUL byte
    (every PNG, zip, pickle and UTF-16 file has them), more than 1 % control characters, or
    mostly characters that are neither letters, digits, punctuation, symbols nor spaces.
    Empty bytes give ""."""
    if not data:
        return ""
    if b"\x00" in data:
        raise _not_text()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1251")
        except UnicodeDecodeError:  # byte 0x98 has no CP1251 character
            raise _not_text() from None
    # Counting distinct characters keeps a 5 MB file to a fraction of a second.
    chars = Counter(text)
    total = sum(chars.values())
    if total:
        controls = sum(n for c, n in chars.items() if c not in ALLOWED_CONTROLS and unicodedata.category(c) == "Cc")
        textual = sum(n for c, n in chars.items() if _is_text_char(c))
        if controls > MAX_CONTROL_SHARE * total or textual < MIN_TEXT_SHARE * total:
            raise _not_text()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def delimiter(first_line: str) -> str:
    """A CSV's delimiter: a comma, or a semicolon / tab when the first line has no comma
    (spreadsheets in RU/KK locales export with semicolons, since the comma is their decimal mark)."""
    if "," in first_line:
        return ","
    for candidate in (";", "\t"):
        if candidate in first_line:
            return candidate
    return ","
