"""Words and sentences from raw text in any script, and a guess at the text's language
(English, Russian or Kazakh, the three the app speaks)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable


def _combining_marks() -> str:
    """A regex character class of every combining mark: Python's \\w leaves them out, which
    would cut Hindi words at each vowel sign and a decomposed й in two."""
    points = [c for c in range(0x20000) if unicodedata.category(chr(c))[0] == "M"]
    points += [c for c in range(0xE0100, 0xE01F0)]  # variation selectors supplement
    ranges, start, prev = [], points[0], points[0]
    for point in points[1:]:
        if point != prev + 1:
            ranges.append((start, prev))
            start = point
        prev = point
    ranges.append((start, prev))
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return "[" + "".join(parts) + "]"


_MARKS = _combining_marks()
# Letters and digits of any script with their accents (written unrolled: alternating per
# character is twice as slow).
_PIECE = rf"[^\W_]+(?:{_MARKS}[^\W_]*)*"
_APOSTROPHES = "'\u2019"  # typewriter and typographic
_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
# One joiner between pieces: a hyphen or apostrophe, or a decimal point or comma between digits.
_JOINER = rf"(?:[{re.escape(_APOSTROPHES + _HYPHENS)}]|(?<=\d)[.,](?=\d))"
WORD = re.compile(rf"{_PIECE}(?:{_JOINER}{_PIECE})*")
# Sentence ends: runs of . ! ? … (and their CJK forms), but not a dot between two digits.
SENTENCE_END = re.compile(r"(?:[!?…。！？]|(?<!\d)\.|\.(?!\d))+|\n")
_WORD_OR_END = re.compile(rf"({WORD.pattern})|{SENTENCE_END.pattern}")  # a word, or "" at an end

KAZAKH_LETTERS = frozenset("әғқңөұүһі")  # the Kazakh Cyrillic letters Russian lacks
KAZAKH_SHARE = 0.01


def _prepare(text: str) -> str:
    # Composed accents (a decomposed й is one letter again), lower case, and one spelling of
    # apostrophes and hyphens; done once over a whole text, not once per sentence.
    text = unicodedata.normalize("NFC", text).lower()
    # str.replace, not str.translate: a translate table is ten times slower on megabytes.
    return text.replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")


def words(text: str) -> list[str]:
    """Lower-cased word tokens: runs of letters and digits of any script, kept whole across a
    single inner hyphen or apostrophe (`что-то`, `don't`) or a decimal point (`3.5`).
    Punctuation, emoji and other symbols are dropped. `str.lower`, not `casefold`, so `ß`
    stays `ß`; typographic apostrophes and hyphens become ' and -."""
    return WORD.findall(_prepare(text))


def sentences(text: str) -> list[list[str]]:
    """The text cut at sentence ends (. ! ? … and runs of them) and at line breaks, each piece
    tokenised with `words`; pieces without words are dropped. Abbreviations such as "e.g."
    cut a sentence short: acceptable for training word vectors."""
    found, current = [], []
    # One scan for words and sentence ends together: a third faster on a 5 MB upload than
    # splitting first and scanning each piece.
    for token in _WORD_OR_END.findall(_prepare(text)):
        if token:
            current.append(token)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def detect_language(tokens: Iterable[str]) -> str:
    """"kk" when Kazakh-only letters (ә ғ қ ң ө ұ ү һ і) make up at least 1 % of the letters of
    a mostly Cyrillic text, else "ru" when most letters are Cyrillic, else "en"."""
    # Counting distinct characters in C, then looking at each kind once, keeps a 5 MB text fast.
    chars = Counter("".join(tokens).lower())
    letters = sum(n for c, n in chars.items() if c.isalpha())
    cyrillic = sum(n for c, n in chars.items() if _is_cyrillic(c) and c.isalpha())
    kazakh = sum(n for c, n in chars.items() if c in KAZAKH_LETTERS)
    if letters == 0 or cyrillic * 2 <= letters:
        return "en"
    # Kazakh text holds these letters in about one letter in eight; a Russian text only
    # where it quotes a Kazakh name.
    return "kk" if kazakh >= KAZAKH_SHARE * letters else "ru"
