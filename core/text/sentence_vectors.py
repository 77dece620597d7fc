"""Sentence vectors built from word vectors, the four simple ways of the lecture ("Как
заэмбеддить текст"): the sum of the word vectors, their mean, the TF-IDF-weighted mean, and
the mean of the keywords only; and the cosine similarity matrix between them.

All four are bags of words: "dog bites man" and "man bites dog" get the same vector. That is
the lecture's weakness of these methods, and the tests keep it exact.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from core.text.stopwords import model_key

METHODS = ("sum", "mean", "tfidf", "keywords")


@dataclass(frozen=True)
class SentenceVectors:
    """One vector per sentence, with the words and weights it was built from.

    ``vectors`` is n_sentences × dim, float64 and read-only; a sentence with no word the model
    knows gets a zero row (and an empty ``used[k]``: it has no vector). ``used[k]`` are the
    words of sentence k that went into its vector, in the model's spelling, and ``weights[k]``
    their weights, so that ``vectors[k] == Σ weights[k][i] · kv[used[k][i]]`` (up to rounding): for "sum" every occurrence with weight 1, for "mean" every occurrence with
    weight 1/n, for "tfidf" each distinct word with its tf·idf normalised to sum 1, for
    "keywords" the chosen keywords (highest tf·idf first) with weight 1/k.
    """

    method: str
    vectors: np.ndarray
    used: tuple[tuple[str, ...], ...]
    weights: tuple[tuple[float, ...], ...]

    @property
    def has_vector(self) -> np.ndarray:
        """True for each sentence with at least one word the model knows."""
        return np.array([bool(words) for words in self.used], dtype=bool)


def _tokens_as_given(tokens: Sequence[str]) -> list[str]:
    """The analyzer for TfidfVectorizer: sentences arrive already tokenised (a named function,
    not a lambda, so that anything holding it can still be pickled)."""
    return list(tokens)


def tfidf_weights(sentences: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """tf·idf of every word of every sentence, with scikit-learn's TfidfVectorizer fitted on
    these sentences: raw counts times the smoothed idf ln((1 + n) / (1 + df)) + 1, no norm."""
    docs = [list(s) for s in sentences]
    if not any(docs):  # TfidfVectorizer refuses an empty vocabulary
        return [{} for _ in docs]
    vectorizer = TfidfVectorizer(analyzer=_tokens_as_given, norm=None)
    matrix = vectorizer.fit_transform(docs).tocsr()
    vocabulary = [str(w) for w in vectorizer.get_feature_names_out()]
    out = []
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        out.append({vocabulary[k]: float(v) for k, v in zip(matrix.indices[start:end], matrix.data[start:end])})
    return out


def _weighted_sum(kv, weight_of: dict[str, float], dim: int) -> np.ndarray:
    """Σ weight · vector, added up in sorted word order: the same bag of words then gives
    bit-identical vectors whatever order the sentence had (float addition is not associative)."""
    if not weight_of:
        return np.zeros(dim)
    words = sorted(weight_of)
    matrix = np.asarray(np.vstack([kv[w] for w in words]), dtype=np.float64)
    return np.array([weight_of[w] for w in words]) @ matrix


def sentence_vectors(kv, sentences: Sequence[Sequence[str]], method: str, keywords: int = 3) -> SentenceVectors:
    """Vectors of tokenised sentences by ``method`` (one of METHODS). Each word is looked up in
    the model's spelling (``model_key``: ё read as е for navec, an English 's dropped); words the
    model lacks are skipped (``used`` tells which were kept). For "tfidf" and "keywords" the idf comes from
    these sentences themselves, so the same sentence can weigh differently in another set.
    Keywords are the ``keywords`` known words with the highest tf·idf, ties going to the word
    that comes first in the sentence."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if method == "keywords" and keywords < 1:
        raise ValueError("keywords must be at least 1")
    # Spelled as the model spells them before counting, so that котёнок and котенок are one word.
    docs = [[model_key(kv, w) or w for w in s] for s in sentences]
    tfidf = tfidf_weights(docs) if method in ("tfidf", "keywords") else None
    dim = int(kv.vector_size)
    vectors = np.zeros((len(docs), dim))
    used: list[tuple[str, ...]] = []
    weights: list[tuple[float, ...]] = []
    for row, tokens in enumerate(docs):
        known = [w for w in tokens if w in kv]
        if method in ("sum", "mean"):
            total = _weighted_sum(kv, {w: float(c) for w, c in Counter(known).items()}, dim)
            n = len(known)
            if method == "sum":
                vectors[row], word_weights = total, [1.0] * n
            else:
                vectors[row], word_weights = (total / n if n else total), [1.0 / n for _ in known]
            used.append(tuple(known))
            weights.append(tuple(word_weights))
            continue
        distinct = list(dict.fromkeys(known))  # first-occurrence order
        if method == "tfidf":
            chosen = distinct
            raw = {w: tfidf[row][w] for w in chosen}
            # fsum is exactly rounded, hence independent of the order of the words.
            total_weight = math.fsum(raw.values())
            weight_of = {w: raw[w] / total_weight for w in chosen} if total_weight > 0 else {}
        else:
            # sorted() is stable: equal tf·idf keeps first-occurrence order.
            chosen = sorted(distinct, key=lambda w: -tfidf[row][w])[:keywords]
            weight_of = {w: 1.0 / len(chosen) for w in chosen}
        vectors[row] = _weighted_sum(kv, weight_of, dim)
        used.append(tuple(chosen))
        weights.append(tuple(weight_of.get(w, 0.0) for w in chosen))
    vectors.flags.writeable = False
    return SentenceVectors(method=method, vectors=vectors, used=tuple(used), weights=tuple(weights))


def similarity_matrix(vectors: np.ndarray, no_vector: float = 0.0) -> np.ndarray:
    """Cosine similarity between every pair of rows: symmetric, in [-1, 1], exactly 1 between
    identical non-zero rows (the diagonal included), and `no_vector` wherever a zero row is
    involved. The default 0 treats a sentence without a known word as like nothing; a page
    that shows the matrix passes nan, because such a sentence has no vector to compare, not
    one at right angles to every other (nor one equal to itself)."""
    x = np.asarray(vectors, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError("vectors must be a 2-D array (one row per sentence)")
    n = x.shape[0]
    if n == 0:
        return np.zeros((0, 0))
    # Dividing by the largest entry first keeps tiny rows (1e-200) from squaring to 0.
    peak = np.abs(x).max(axis=1) if x.shape[1] else np.zeros(n)
    nonzero = np.isfinite(x).all(axis=1) & (peak > 0)
    unit = np.zeros_like(x)
    unit[nonzero] = x[nonzero] / peak[nonzero, None]
    unit[nonzero] /= np.linalg.norm(unit[nonzero], axis=1)[:, None]
    sim = unit @ unit.T
    sim = (sim + sim.T) / 2  # exactly symmetric, whatever order BLAS summed in
    np.clip(sim, -1.0, 1.0, out=sim)
    # Rounding leaves u·u at 1 ± 1e-16; identical sentences should read as exactly 1.
    _, group = np.unique(x, axis=0, return_inverse=True)
    group = np.asarray(group).reshape(-1)
    both = nonzero[:, None] & nonzero[None, :]
    sim[(group[:, None] == group[None, :]) & both] = 1.0
    sim[~both] = no_vector
    return sim
