"""Numbers as people type them, and numbers written back for them to read.

Russian and Kazakh write a decimal comma ("1,5"); people paste numbers with spaces, a typographic
minus ("−0,25") or an exponent ("1e-3"). A field must read all of these, and refuse anything
else (empty, words, emoji, "nan", "inf", a value outside its range) with a message naming the
range, instead of guessing: browsers' own number fields drop the comma ("1,5" became 15) and
turn what they cannot read into the minimum.
"""

from __future__ import annotations

import math
import re

from core.errors import UserInputError

# Languages that write 1,5 for one and a half (and read a dot too).
DECIMAL_COMMA = frozenset({"ru", "kk"})
# A longer text is not a number anyone typed: refuse it before looking at it closely.
MAX_LENGTH = 64
# ASCII digits only: Python's float() also reads Arabic-Indic digits, "1_000", "nan" and "inf",
# none of which is a number in a field.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
# In a whole-number field a separator before exactly three digits groups thousands: "99,999",
# "1.000" (nobody types 1.000 meaning one where only whole numbers go).
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[.,][0-9]{3})+")
_MINUSES = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


def parse_number(text, low: float, high: float, integer: bool = False) -> float | int:
    """The number `text` stands for, from `low` to `high` (an int when `integer`).

    Reads "1.5", "1,5", " -0,25 ", "−3", "1e-3", "+2" and digits grouped by spaces ("99 999").
    Raises `UserInputError` ("error.number_range" or, for whole numbers, "error.number_whole",
    with `low` and `high`) for anything else, so a caller keeps its last good value.
    """
    value = _read(text, integer)
    if value is None or not math.isfinite(value) or not low <= value <= high:
        raise _refusal(low, high, integer)
    if integer:
        if value != math.floor(value):
            raise _refusal(low, high, integer)
        return int(value)
    return value + 0.0  # -0.0 becomes 0.0: a link or a field never shows "-0"


def _read(text, integer: bool) -> float | None:
    if not isinstance(text, str) or len(text) > MAX_LENGTH:
        return None
    compact = "".join(text.split()).translate(_MINUSES)  # split() knows no-break and thin spaces
    if integer and _GROUPED.fullmatch(compact):
        compact = compact.replace(",", "").replace(".", "")
    if not _DECIMAL.fullmatch(compact):
        return None
    return float(compact.replace(",", "."))


def _refusal(low: float, high: float, integer: bool) -> UserInputError:
    if integer:
        return UserInputError("error.number_whole", "Enter a whole number from {low} to {high}.", low=low, high=high)
    return UserInputError("error.number_range", "Enter a number from {low} to {high}.", low=low, high=high)


def format_number(value: float, language: str, digits: int = 6, minus: str = "-") -> str:
    """`value` as a field shows it in `language`: "1.5" or "1,5", at most `digits` significant
    digits, no grouping (so that it parses back). `minus="−"` is for prose, where a hyphen looks
    like a dash."""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) < 10**digits):
        text = str(int(value))
    else:
        text = f"{value:.{digits}g}"
    if language in DECIMAL_COMMA:
        text = text.replace(".", ",")
    return text.replace("-", minus, 1) if text.startswith("-") else text


def format_duration(seconds: float) -> str:
    """A measured time people can read: milliseconds under a tenth of a second (a warm search
    takes a few, and "0.00 s" read as "nothing happened"), seconds above."""
    if seconds < 0.0005:
        return "< 1 ms"
    if seconds < 0.1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"
