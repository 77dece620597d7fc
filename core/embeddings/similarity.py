"""Similarity in a vector space: one-hot against dense vectors, cosine with its terms, nearest
neighbours by cosine or Euclidean distance, and close spellings for words a model lacks."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.errors import UserInputError

METRICS = ("cosine", "euclidean")
MAX_NEIGHBOURS = 500


class UnknownWordsError(UserInputError):
    """Some words are not in the model; `suggestions` maps each to close known words."""

    def __init__(self, unknown: list[str], suggestions: dict[str, list[str]]):
        super().__init__("error.unknown_words", "Not in the model: {words}", words=", ".join(unknown))
        self.unknown = unknown
        self.suggestions = suggestions


@dataclass(frozen=True)
class OneHotSize:
    words: int
    length: int  # entries in each vector: one per word of the vocabulary
    nonzero: int  # always 1
    sparsity: float  # share of zeros in each vector
    matrix_megabytes: float  # the whole vocabulary as dense float32 one-hot vectors


def one_hot(n_words: int) -> np.ndarray:
    return np.eye(n_words, dtype=np.float32)


def one_hot_size(n_words: int) -> OneHotSize:
    if n_words < 1:
        raise UserInputError("error.too_few_words", "Need at least one word, got {n}", n=n_words)
    return OneHotSize(
        words=n_words, length=n_words, nonzero=1, sparsity=1 - 1 / n_words,
        matrix_megabytes=n_words * n_words * 4 / 1e6,
    )


def cosine(u: np.ndarray, v: np.ndarray) -> float:
    nu, nv = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    if nu == 0 or nv == 0:
        return 0.0
    return float(np.dot(u, v) / (nu * nv))


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1, norms)
    return unit @ unit.T


@dataclass(frozen=True)
class CosineTerms:
    """cos(a, b) = a·b / (|a| |b|), each term kept so that a page can fill in the formula."""

    word_a: str
    word_b: str
    dot: float
    norm_a: float
    norm_b: float
    cosine: float
    euclidean: float


def cosine_terms(kv, word_a: str, word_b: str) -> CosineTerms:
    a_key, b_key = known_words(kv, [word_a, word_b])
    a = kv.vectors[kv.key_to_index[a_key]].astype(np.float64)
    b = kv.vectors[kv.key_to_index[b_key]].astype(np.float64)
    norm_a, norm_b = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    dot = float(a @ b)
    return CosineTerms(
        word_a=a_key, word_b=b_key, dot=dot, norm_a=norm_a, norm_b=norm_b,
        cosine=dot / (norm_a * norm_b) if norm_a and norm_b else 0.0,
        euclidean=float(np.linalg.norm(a - b)),
    )


def resolve(kv, word: str) -> str | None:
    """The model's own spelling of `word`: as typed, lower-cased, or with ё read as е (both
    shipped models are lower-case; navec writes е for ё in most words)."""
    word = word.strip()
    for candidate in (word, word.lower(), word.lower().replace("ё", "е")):
        if candidate in kv.key_to_index:
            return candidate
    return None


def known_words(kv, words: list[str]) -> list[str]:
    """Each word in the model's spelling; all unknown words named at once, with suggestions."""
    resolved = [resolve(kv, w) for w in words]
    unknown = [w.strip() for w, r in zip(words, resolved) if r is None]
    if unknown:
        unknown = list(dict.fromkeys(unknown))
        raise UnknownWordsError(unknown, {w: suggest(kv, w) for w in unknown})
    return resolved


_LATIN = "abcdefghijklmnopqrstuvwxyz"
_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя" + "әғқңөұүһі"


def _edits(word: str, alphabet: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    transposes = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in alphabet}
    inserts = {a + c + b for a, b in splits for c in alphabet}
    return deletes | transposes | replaces | inserts


_SCRIPTS = {"en": re.compile(r"[a-z]", re.I), "ru": re.compile(r"[а-яё]", re.I)}


def foreign_words(words: list[str], language: str) -> list[str]:
    """Words with no letter of the model's script (Latin words typed against the Russian
    model): it may know a few (navec has "king" from news text), but they are not what the
    student meant to explore there."""
    script = _SCRIPTS.get(language)
    if script is None:
        return []
    return [w for w in words if any(ch.isalpha() for ch in w) and not script.search(w)]


def suggest(kv, word: str, n: int = 5) -> list[str]:
    """Known words one or two typing slips away from `word`, most frequent first (both
    models list words by frequency, so the index is the rank)."""
    word = word.strip().lower()
    if not word or len(word) > 30:
        return []
    alphabet = _CYRILLIC if any("а" <= ch <= "я" or ch in _CYRILLIC for ch in word) else _LATIN
    index = kv.key_to_index
    first = _edits(word, alphabet)
    found = {w for w in first if w in index}
    if not found and len(word) <= 12:
        # The second ring is large (10^5 strings for a 10-letter word), still under 0.2 s.
        found = {w2 for w1 in first for w2 in _edits(w1, alphabet) if w2 in index}
    found.discard(word)
    return sorted(found, key=index.__getitem__)[:n]


def neighbours(kv, word: str, topn: int = 10, metric: str = "cosine") -> list[tuple[str, float]]:
    """The `topn` words nearest to `word`, itself left out: cosine similarity (highest first,
    as gensim's most_similar) or Euclidean distance (lowest first)."""
    if metric not in METRICS:
        raise UserInputError("error.unknown_metric", "Unknown measure {metric!r}", metric=metric)
    topn = int(min(max(topn, 1), MAX_NEIGHBOURS, len(kv.index_to_key) - 1))
    (key,) = known_words(kv, [word])
    return nearest_to_vector(kv, kv.vectors[kv.key_to_index[key]], topn, metric, exclude=(key,))


def nearest_to_vector(
    kv, vector: np.ndarray, topn: int, metric: str = "cosine", exclude: tuple[str, ...] = ()
) -> list[tuple[str, float]]:
    vector = np.asarray(vector, dtype=np.float32)
    products = kv.vectors @ vector
    # Rank by a quantity that costs one pass over the model, then finish the few chosen scores:
    # cosine ranks as a·b / |a| (|b| is the same for all), distance as |a|² − 2 a·b.
    with np.errstate(divide="ignore", invalid="ignore"):
        if metric == "cosine":
            key = -(products / kv.norms)
        else:
            key = kv.norms * kv.norms - 2 * products
    if not kv.norms.min() > 0:
        key = np.nan_to_num(key, nan=np.inf)  # a zero vector has no direction: never a neighbour
    wanted = min(topn + len(exclude), len(key))
    top = _smallest(key, wanted)
    top = top[np.argsort(key[top], kind="stable")]
    excluded = {kv.key_to_index[w] for w in exclude if w in kv.key_to_index}
    top = [i for i in top if i not in excluded][:topn]
    if metric == "cosine":
        norm = float(np.linalg.norm(vector)) or 1.0
        scores = [float(products[i] / (kv.norms[i] * norm)) if kv.norms[i] else 0.0 for i in top]
    else:
        squared = float(vector @ vector)
        scores = [float(np.sqrt(max(float(key[i]) + squared, 0.0))) for i in top]
    return [(kv.index_to_key[i], s) for i, s in zip(top, scores)]


def _smallest(key: np.ndarray, m: int) -> np.ndarray:
    """Indices of the m smallest values, in no order. Exact, and 5x faster than argpartition
    over 400,000 values: the m-th smallest of the first 20,000 bounds the m-th smallest of all,
    so only the few values under that bound need partitioning."""
    if m >= len(key):
        return np.arange(len(key))
    if len(key) > 50_000 and m <= 1000:
        bound = np.partition(key[:20_000], m - 1)[m - 1]
        candidates = np.flatnonzero(key <= bound)
        if len(candidates) <= m:
            return candidates
        return candidates[np.argpartition(key[candidates], m - 1)[:m]]
    return np.argpartition(key, m - 1)[:m]
