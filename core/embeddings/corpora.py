"""Training corpora for the word-vector pages: gensim's Lee news corpus, the lectures retold as
plain sentences (English, Russian, Kazakh), the synthetic corpus (see synthetic_corpus), and
text files that users upload. Every corpus is a tuple of tokenised sentences."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.errors import UserInputError
from core.text.decoding import decode_text
from core.text.tokenize import detect_language, sentences

CORPUS_DIR = Path(__file__).resolve().parents[2] / "assets" / "corpora"
CORPORA = ("lee", "synthetic", "lecture")
LECTURE_LANGUAGES = ("en", "ru", "kk")
MAX_UPLOAD_BYTES = 5_000_000
MIN_UPLOAD_TOKENS = 50


@dataclass(frozen=True)
class Corpus:
    """Tokenised sentences with where they came from."""

    name: str  # "lee" | "synthetic" | "lecture" | "upload"
    language: str  # "en" | "ru" | "kk"
    sentences: tuple[tuple[str, ...], ...]
    title: str = ""  # the file name for uploads, "" otherwise
    _counts: Counter | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def tokens(self) -> int:
        """Total number of tokens."""
        return sum(len(s) for s in self.sentences)

    def counts(self) -> Counter:
        """Word -> number of occurrences (a fresh copy: callers may change it)."""
        if self._counts is None:
            # Frozen, so the cache is set behind the dataclass's back; it is not part of equality.
            object.__setattr__(self, "_counts", Counter(t for s in self.sentences for t in s))
        return Counter(self._counts)


def _corpus(name: str, language: str, text: str, title: str = "") -> Corpus:
    return Corpus(name, language, tuple(tuple(s) for s in sentences(text)), title)


@lru_cache(maxsize=1)
def lee_corpus() -> Corpus:
    """gensim's Lee background corpus: 300 Australian news paragraphs (one a line), ~60k tokens."""
    from gensim.test.utils import datapath

    text = Path(datapath("lee_background.cor")).read_text(encoding="utf-8")
    return _corpus("lee", "en", text)


@lru_cache(maxsize=8)
def lecture_corpus(language: str) -> Corpus:
    """The lectures' own sentences: the Russian and the Kazakh lecture as prose, and an English
    companion that retells their examples. An unknown language gives the English one."""
    if language not in LECTURE_LANGUAGES:
        language = "en"
    text = (CORPUS_DIR / f"lecture_{language}.txt").read_text(encoding="utf-8")
    return _corpus("lecture", language, text)


def read_uploaded_corpus(data: bytes, file_name: str) -> Corpus:
    """A user's text file as a corpus: decoded as UTF-8 or CP1251 and tokenised, never executed
    or unpickled. Its language is guessed from its letters."""
    if not data.strip():
        raise UserInputError("error.corpus_empty", "The file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        # Rounded up, so a file just over the limit never reads as "5.0 MB; the limit is 5 MB".
        size_mb = math.ceil(len(data) / 100_000) / 10
        raise UserInputError("error.corpus_too_big", "The file is {size_mb} MB; the limit is {limit_mb} MB",
                             size_mb=size_mb, limit_mb=MAX_UPLOAD_BYTES // 1_000_000)
    text = decode_text(data)
    if not text.strip():  # a byte-order mark or Unicode spaces only
        raise UserInputError("error.corpus_empty", "The file is empty")
    title = Path(file_name.replace("\\", "/")).name if file_name else ""
    found = tuple(tuple(s) for s in sentences(text))
    n = sum(len(s) for s in found)
    if n < MIN_UPLOAD_TOKENS:
        raise UserInputError("error.corpus_too_small", "Only {n} words: a corpus needs at least {minimum}",
                             n=n, minimum=MIN_UPLOAD_TOKENS)
    return Corpus("upload", detect_language(t for s in found for t in s), found, title)
