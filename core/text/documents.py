"""A collection to search by Word Mover's Distance: gensim's Lee background corpus, 300 short
Australian news articles (2001-2002), one a line, as texts with short titles, and any
collection of texts as the token lists WMD compares."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from core.text.stopwords import split_tokens, stop_words
from core.text.tokenize import words

TITLE_WORDS = 8


def title_of(text: str, n_words: int = TITLE_WORDS) -> str:
    """The first `n_words` words of a text as written (case and punctuation kept), with "…"
    when the text goes on."""
    parts = text.split()
    return " ".join(parts[:n_words]) + ("…" if len(parts) > n_words else "")


@lru_cache(maxsize=1)
def lee_documents() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(texts, titles) of gensim's lee_background.cor: 300 documents, one a line. Seven lines
    repeat an earlier one; they are kept, so indices match the file."""
    from gensim.test.utils import datapath

    text = Path(datapath("lee_background.cor")).read_text(encoding="utf-8")
    texts = tuple(line.strip() for line in text.splitlines() if line.strip())
    return texts, tuple(title_of(t) for t in texts)


def document_tokens(
    kv, texts: Sequence[str], language: str, drop_stop_words: bool = True
) -> tuple[tuple[str, ...], ...]:
    """Each text as the tokens WMD compares (tokenised, stop words dropped if asked, only words
    the model knows, in its spelling), the same way `prepare_tokens` treats a query but with no
    length limit; a text with no such word gives an empty tuple (search skips it)."""
    stop = stop_words(language) if drop_stop_words else frozenset()
    return tuple(split_tokens(words(t), kv, stop).kept for t in texts)
