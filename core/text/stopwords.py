"""Stop words for English and Russian, and a text turned into the tokens a document distance
uses: the words a vector model knows, with stop words and unknown words set aside (and kept,
so that a page can say what was dropped and why).

The lists live in assets/stopwords/<language>.txt, one lower-case word a line.
- English: scikit-learn's ENGLISH_STOP_WORDS less 21 topical words it happens to hold ("fire",
  "bill", "system", "interest", "computer"...: gensim's Lee corpus is news about bushfires and
  bills), plus common contractions (the tokenizer keeps "don't" whole).
- Russian: prepositions, conjunctions, particles, pronouns with their case forms and the forms
  of быть, each word with ё also spelt with е.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.embeddings.similarity import resolve
from core.errors import UserInputError
from core.text.tokenize import words

STOPWORD_DIR = Path(__file__).resolve().parents[2] / "assets" / "stopwords"
STOPWORD_LANGUAGES = ("en", "ru")
MAX_TOKENS = 1000
# A text longer than this many characters per allowed word is refused before it is split: the
# pages read text on the server (a browser cap would drop a long paste silently), and splitting
# megabytes only to count the words would keep a shared server busy.
MAX_CHARS_PER_TOKEN = 100


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """The stop words of `language` ("en" or "ru"); an empty set for any other language
    (Kazakh has no list here: nothing is dropped)."""
    if language not in STOPWORD_LANGUAGES:
        return frozenset()
    text = (STOPWORD_DIR / f"{language}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@dataclass(frozen=True)
class Tokens:
    """A text split three ways, each part in text order."""

    kept: tuple[str, ...]  # in the model's spelling, duplicates kept (the nBOW counts them)
    stop: tuple[str, ...]  # dropped as stop words (unique)
    unknown: tuple[str, ...]  # not in the model (unique)


def model_key(kv, token: str) -> str | None:
    """The model's spelling of a token: as it is, with ё read as е (navec writes е in most
    words), or, for an English possessive that the model lacks, the word without its 's
    (GloVe splits "obama's" into "obama" and "'s", so it knows no word with 's)."""
    key = resolve(kv, token)
    if key is None and token.endswith("'s") and len(token) > 2:
        key = resolve(kv, token[:-2])
    return key


def split_tokens(tokens: Iterable[str], kv, stop: frozenset[str] = frozenset()) -> Tokens:
    """Tokens sorted into kept / stop / unknown without any checks: for whole collections,
    where an empty document is allowed."""
    kept, dropped, unknown = [], {}, {}
    for token in tokens:
        if token in stop or token.replace("ё", "е") in stop:
            dropped[token] = None
            continue
        key = model_key(kv, token)
        if key is None:
            unknown[token] = None
        else:
            kept.append(key)
    return Tokens(kept=tuple(kept), stop=tuple(dropped), unknown=tuple(unknown))


def prepare_tokens(
    text: str, kv, language: str, drop_stop_words: bool = True, max_tokens: int = MAX_TOKENS
) -> Tokens:
    """A user's text as the tokens a document distance compares: tokenised by
    `core.text.tokenize.words`, stop words of `language` dropped if asked, words the model lacks
    set aside. Raises UserInputError for a text without words, one longer than `max_tokens`
    words (or `max_tokens` × MAX_CHARS_PER_TOKEN characters), or one where no word is left."""
    text = text or ""
    if len(text) > max_tokens * MAX_CHARS_PER_TOKEN:
        raise UserInputError("error.text_too_many_chars", "At most {limit} characters, got {n}",
                             limit=max_tokens * MAX_CHARS_PER_TOKEN, n=len(text))
    tokens = words(text)
    if not tokens:
        raise UserInputError("error.text_empty", "Type some words")
    if len(tokens) > max_tokens:
        raise UserInputError("error.text_too_long", "At most {limit} words, got {n}", limit=max_tokens, n=len(tokens))
    split = split_tokens(tokens, kv, stop_words(language) if drop_stop_words else frozenset())
    if not split.kept:
        raise UserInputError(
            "error.text_nothing_left", "No word of this text is both known to the model and not a stop word",
            stop=", ".join(split.stop), unknown=", ".join(split.unknown),
        )
    return split
