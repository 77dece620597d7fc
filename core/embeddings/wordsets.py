"""Which words a map shows: the most frequent, a word and its neighbours, a typed or uploaded
list, or a thematic preset; and the colour groups that come with them (preset category or
k-means cluster)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from core.embeddings.similarity import neighbours, resolve
from core.errors import UserInputError
from core.text.decoding import decode_text

PRESET_DIR = Path(__file__).resolve().parents[2] / "assets" / "presets"
MAX_WORDS = 10_000
MAX_NEIGHBOURS = 500
MAX_LIST_BYTES = 1_000_000


@dataclass(frozen=True)
class WordSet:
    words: tuple[str, ...]  # in the model's spelling, no repeats
    categories: tuple[str, ...] | None = None  # one per word, when the source names groups
    unknown: tuple[str, ...] = ()  # asked for but not in the model (dropped)
    query: str | None = None  # the word whose neighbours these are


def _is_word(token: str) -> bool:
    # Letters, possibly joined by hyphens or apostrophes: no punctuation, numbers or URLs.
    return bool(re.fullmatch(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", token))


def frequent_words(kv, n: int) -> WordSet:
    """The n most frequent words (both models list words by frequency), skipping punctuation
    and numbers, which would otherwise fill a tenth of GloVe's top 1,000."""
    n = int(min(max(n, 1), MAX_WORDS))
    words = []
    for word in kv.index_to_key:
        if _is_word(word):
            words.append(word)
            if len(words) == n:
                break
    return WordSet(tuple(words))


def neighbour_words(kv, word: str, k: int) -> WordSet:
    k = int(min(max(k, 1), MAX_NEIGHBOURS))
    found = neighbours(kv, word, topn=k)
    query = resolve(kv, word)
    return WordSet((query, *[w for w, _ in found]), query=query)


def split_words(text: str) -> list[str]:
    """Words from typed or pasted text: separated by commas, semicolons, tabs or new lines
    (spaces too), repeats dropped, order kept."""
    if len(text.encode("utf-8", "replace")) > MAX_LIST_BYTES:
        raise UserInputError("error.list_too_large", "The list is over {mb} MB", mb=MAX_LIST_BYTES // 1_000_000)
    tokens = [t.strip() for t in re.split(r"[,;\s]+", text) if t.strip()]
    return list(dict.fromkeys(tokens))


def listed_words(kv, words: list[str], categories: list[str] | None = None) -> WordSet:
    """Keep the words the model knows (in its spelling), name the rest."""
    if len(words) > MAX_WORDS:
        raise UserInputError("error.list_too_long", "At most {limit} words, got {n}", limit=MAX_WORDS, n=len(words))
    kept, kept_categories, unknown, seen = [], [], [], set()
    for i, word in enumerate(words):
        key = resolve(kv, word)
        if key is None:
            unknown.append(word)
        elif key not in seen:
            seen.add(key)
            kept.append(key)
            if categories is not None:
                kept_categories.append(categories[i])
    return WordSet(tuple(kept), tuple(kept_categories) if categories is not None else None, tuple(unknown))


def read_word_file(data: bytes) -> tuple[list[str], list[str] | None]:
    """An uploaded .txt or .csv: one word per line, or a CSV whose header is `word,category`.
    Read as UTF-8 (or CP1251, common for Russian files), never executed."""
    if len(data) > MAX_LIST_BYTES:
        raise UserInputError("error.list_too_large", "The list is over {mb} MB", mb=MAX_LIST_BYTES // 1_000_000)
    try:
        text = decode_text(data)
    except UserInputError:
        # Word lists keep their own key: the page's message for it names word lists.
        raise UserInputError("error.list_encoding", "The file is not UTF-8 or CP1251 text") from None
    first_line = text.lstrip().split("\n", 1)[0].strip().lower().replace(" ", "")
    if first_line.startswith("word,category"):
        body = text.lstrip()
        reader = csv.reader(io.StringIO(body))
        try:
            rows = list(reader)[1:]
        except csv.Error:  # a cell over the csv module's 131,072 characters
            skipped = text[: len(text) - len(body)].count("\n")  # blank lines before the header
            raise UserInputError("error.csv_malformed", "Line {row} could not be read as CSV",
                                 row=skipped + reader.line_num) from None
        rows = [r for r in rows if r and r[0].strip()]
        words = [r[0].strip() for r in rows]
        categories = [(r[1].strip() if len(r) > 1 else "") or "—" for r in rows]
        if len(words) > MAX_WORDS:
            raise UserInputError("error.list_too_long", "At most {limit} words, got {n}", limit=MAX_WORDS, n=len(words))
        return words, categories
    return split_words(text), None


@lru_cache(maxsize=None)
def presets(language: str) -> dict[str, dict[str, list[str]]]:
    """Thematic presets for a model language: preset id -> category id -> words."""
    path = PRESET_DIR / f"{language}.json"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def preset_words(kv, language: str, preset: str) -> WordSet:
    groups = presets(language).get(preset)
    if groups is None:
        raise UserInputError("error.unknown_preset", "No preset {preset!r} for this model", preset=preset)
    words = [w for group in groups.values() for w in group]
    categories = [c for c, group in groups.items() for _ in group]
    return listed_words(kv, words, categories)


def kmeans_clusters(matrix: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Cluster labels 0..k-1 for each row, by k-means on unit vectors (so clusters follow
    cosine similarity, the measure the neighbours use)."""
    from core.embeddings.projection import IMPORT_LOCK

    with IMPORT_LOCK:
        from sklearn.cluster import KMeans

    n = len(matrix)
    k = int(min(max(k, 1), n))
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit = matrix / np.where(norms == 0, 1, norms)
    return KMeans(n_clusters=k, random_state=seed, n_init=3).fit_predict(unit).astype(int)
