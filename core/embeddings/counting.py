"""Count-based word vectors, step by step: counting the contexts of every word in a window, PPMI
weighting, truncated SVD down to dense vectors, their cosine neighbours, and the co-occurrence
probability ratios that GloVe is built on (P(k | ice) / P(k | steam))."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import scipy.sparse

from core.embeddings.similarity import known_words
from core.errors import UserInputError

MAX_WINDOW = 20
SVD_ALGORITHMS = ("randomized", "arpack")


@dataclass(frozen=True, eq=False)
class Cooccurrence:
    """Word–context counts of a corpus: `matrix[i, j]` is how many times `vocab[j]` occurs within
    `window` positions of an occurrence of `vocab[i]` in the same sentence."""

    vocab: tuple[str, ...]  # by descending count, ties alphabetical
    counts: np.ndarray  # int64 occurrences of each word, aligned with vocab
    matrix: scipy.sparse.csr_matrix  # float64 V x V, symmetric
    window: int
    index: dict[str, int]

    @property
    def size(self) -> int:
        """Cells of the V x V matrix, zeros included."""
        return len(self.vocab) * len(self.vocab)

    @property
    def nonzero(self) -> int:
        """Cells stored: the word pairs seen together at least once."""
        return int(self.matrix.nnz)

    @property
    def sparsity(self) -> float:
        """Share of the cells that are zero."""
        return 1.0 - self.nonzero / self.size if self.size else 0.0


def cooccurrence(
    sentences: Sequence[Sequence[str]], window: int, min_count: int = 1, max_vocab: int | None = None
) -> Cooccurrence:
    """Count, for every pair of vocabulary words, how often they stand within `window` positions of
    each other inside one sentence. Every pair at distance 1..window adds 1 to both X[a, b] and
    X[b, a]; so two occurrences of the same word within the window add 2 to its diagonal cell
    (each is in the other's window), and each row sums to the number of in-window neighbours of
    that word over all its occurrences.

    The vocabulary is the words seen at least `min_count` times, cut to the `max_vocab` most
    frequent. Words left out keep their positions, as a count vectorizer ignores unknown tokens
    without closing the gap: they are not counted, but the distance between the words around
    them stays what it was in the text (removing them first would make words that were far apart
    neighbours)."""
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or not 1 <= window <= MAX_WINDOW:
        raise ValueError(f"window must be an integer in 1..{MAX_WINDOW}, got {window!r}")
    if min_count < 1:
        raise ValueError(f"min_count must be at least 1, got {min_count!r}")
    if max_vocab is not None and max_vocab < 1:
        raise ValueError(f"max_vocab must be at least 1 or None, got {max_vocab!r}")
    window = int(window)

    frequency = Counter(word for sentence in sentences for word in sentence)
    kept = sorted((w for w, n in frequency.items() if n >= min_count), key=lambda w: (-frequency[w], w))
    if max_vocab is not None:
        kept = kept[:max_vocab]
    if not kept:
        raise UserInputError(
            "error.empty_vocabulary", "No word occurs at least {min_count} times in this corpus", min_count=min_count
        )
    index = {w: i for i, w in enumerate(kept)}
    counts = np.array([frequency[w] for w in kept], dtype=np.int64)
    counts.flags.writeable = False

    # All sentences in one array of ids (-1 for a word left out) with the sentence each token
    # belongs to: every distance d is then one vectorised comparison of ids[:-d] with ids[d:].
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
    ids = np.fromiter((index.get(w, -1) for s in sentences for w in s), dtype=np.int64, count=int(lengths.sum()))
    sentence_of = np.repeat(np.arange(len(lengths)), lengths)
    known = ids >= 0
    rows, cols = [], []
    for d in range(1, window + 1):
        together = (sentence_of[:-d] == sentence_of[d:]) & known[:-d] & known[d:]
        rows.append(ids[:-d][together])
        cols.append(ids[d:][together])
    rows_all = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
    cols_all = np.concatenate(cols) if cols else np.empty(0, dtype=np.int64)
    size = len(kept)
    # Each pair is stored once, left word first; the transpose adds the right word's view of it.
    # The coo -> csr conversion sums the repeated pairs.
    one_way = scipy.sparse.coo_matrix(
        (np.ones(len(rows_all), dtype=np.float64), (rows_all, cols_all)), shape=(size, size)
    ).tocsr()
    matrix = scipy.sparse.csr_matrix(one_way + one_way.T)
    matrix.sort_indices()
    return Cooccurrence(vocab=tuple(kept), counts=counts, matrix=matrix, window=window, index=index)


@dataclass(frozen=True)
class _Vocabulary:
    """Just enough of a KeyedVectors (`key_to_index`) for similarity's word lookup and suggestions."""

    key_to_index: dict[str, int]


def _indices(index: dict[str, int], words: Sequence[str]) -> list[int]:
    """Rows of `words`; unknown words raise UnknownWordsError with close spellings, as in similarity."""
    return [index[w] for w in known_words(_Vocabulary(index), list(words))]


def submatrix(co: Cooccurrence, words: Sequence[str]) -> np.ndarray:
    """Dense counts among `words`: rows and columns in the order given."""
    rows = _indices(co.index, words)
    return co.matrix[rows][:, rows].toarray()


def ppmi(matrix, smoothing: float = 1.0) -> scipy.sparse.csr_matrix:
    """Positive pointwise mutual information of a count matrix:
    PPMI(i, j) = max(0, log(P(i, j) / (P(i) P_c(j)))) with P(i, j) = X_ij / ΣX, P(i) = row sum / ΣX
    and P_c(j) = (column sum)^smoothing / Σ (column sums^smoothing), natural log.

    smoothing < 1 is the context-distribution smoothing of Levy, Goldberg & Dagan (2015): it
    raises the probability of rare contexts and so lowers the PMI they would otherwise inflate;
    smoothing = 1 is plain PPMI. Only the stored non-zeros are computed: a pair never seen has
    PMI of minus infinity, which the max turns into 0, so zeros stay zero."""
    if not 0 < smoothing <= 1:
        raise ValueError(f"smoothing must be in (0, 1], got {smoothing!r}")
    counts = scipy.sparse.csr_matrix(matrix, dtype=np.float64, copy=True)
    counts.sum_duplicates()
    counts.eliminate_zeros()
    if counts.nnz and not (np.all(np.isfinite(counts.data)) and counts.data.min() > 0):
        raise ValueError("counts must be finite and non-negative")
    if counts.nnz == 0:
        return counts
    row_sums = np.asarray(counts.sum(axis=1)).ravel()
    col_sums = np.asarray(counts.sum(axis=0)).ravel()
    smoothed = np.where(col_sums > 0, col_sums, 0.0) ** smoothing
    context_prob = smoothed / smoothed.sum()
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    # P(i, j) / (P(i) P_c(j)) = (X_ij / ΣX) / ((r_i / ΣX) P_c(j)) = X_ij / (r_i P_c(j)): ΣX cancels.
    # Every stored cell has X_ij > 0, so its row sum and context probability are positive too.
    pmi = np.log(counts.data) - np.log(row_sums[rows]) - np.log(context_prob[counts.indices])
    counts.data = np.maximum(pmi, 0.0)
    counts.eliminate_zeros()
    return counts


def svd_vectors(matrix, k: int, seed: int = 0, algorithm: str = "arpack") -> np.ndarray:
    """Dense k-dimensional word vectors from a (PPMI) matrix by truncated SVD: the rows of U·Σ,
    the coordinates of the best rank-k approximation. k is clamped to 1..V-1 (TruncatedSVD needs
    fewer components than columns; ARPACK also fewer than rows).

    "arpack" (default) gives the exact top singular vectors, 0.4 s for k=50 on the 7,000 words of
    the Lee corpus; "randomized" is about twice as fast but approximate, so its neighbours differ
    a little. Both are seeded: the same seed gives the same vectors."""
    from sklearn.decomposition import TruncatedSVD  # imported here: sklearn takes a second to import

    if algorithm not in SVD_ALGORITHMS:
        raise ValueError(f"algorithm must be one of {SVD_ALGORITHMS}, got {algorithm!r}")
    matrix = scipy.sparse.csr_matrix(matrix, dtype=np.float64)
    n_rows, n_features = matrix.shape
    if n_features < 2:
        # One column: its own coordinate along the only direction there is.
        return matrix.toarray()
    k = int(max(1, min(k, n_features - 1)))
    if algorithm == "arpack":
        if min(n_rows, n_features) < 2:
            algorithm = "randomized"  # ARPACK cannot take a single row
        else:
            k = min(k, min(n_rows, n_features) - 1)
    if matrix.count_nonzero() == 0:
        return np.zeros((n_rows, k))  # ARPACK stops on an all-zero matrix; every vector is 0 anyway
    svd = TruncatedSVD(n_components=k, algorithm=algorithm, random_state=seed)
    # sklearn divides by the columns' total variance for explained_variance_ratio_, which we do not
    # use; a matrix with constant columns would only make it warn.
    with np.errstate(divide="ignore", invalid="ignore"):
        vectors = svd.fit_transform(matrix)
    return np.asarray(vectors, dtype=np.float64)


def neighbours_from(
    vectors: np.ndarray, vocab: Sequence[str], word: str, topn: int = 10
) -> list[tuple[str, float]]:
    """The `topn` words whose vectors (rows aligned with `vocab`) have the highest cosine with
    `word`'s, the word itself left out; a zero vector has cosine 0 with everything."""
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2 or len(vectors) != len(vocab):
        raise ValueError(f"vectors must have one row per word: {vectors.shape} for {len(vocab)} words")
    index = {w: i for i, w in enumerate(vocab)}
    (row,) = _indices(index, [word])
    norms = np.linalg.norm(vectors, axis=1)
    unit = vectors / np.where(norms == 0, 1.0, norms)[:, None]
    scores = unit @ unit[row]
    scores[row] = -np.inf
    topn = int(max(0, min(topn, len(vocab) - 1)))
    order = np.argsort(-scores, kind="stable")[:topn]
    return [(vocab[i], float(scores[i])) for i in order]


def count_neighbours(co: Cooccurrence, word: str, topn: int = 10) -> list[tuple[str, float]]:
    """Neighbours by whole rows of raw counts (the count method's own vectors), by cosine; the
    rows stay sparse, since a dense V x V matrix of a real corpus would not fit in memory."""
    (row,) = _indices(co.index, [word])
    norms = np.sqrt(np.asarray(co.matrix.multiply(co.matrix).sum(axis=1)).ravel())
    scores = np.asarray((co.matrix @ co.matrix[row].T).todense()).ravel()
    scores = scores / (np.where(norms == 0, 1.0, norms) * (norms[row] or 1.0))
    scores[row] = -np.inf
    topn = int(max(0, min(topn, len(co.vocab) - 1)))
    order = np.argsort(-scores, kind="stable")[:topn]
    return [(co.vocab[i], float(scores[i])) for i in order]


@dataclass(frozen=True)
class RatioRow:
    """One line of GloVe's table: how much more often probe k appears near i than near j."""

    probe: str
    p_given_i: float  # P(k | i) = X_ik / Σ_m X_im
    p_given_j: float  # P(k | j)
    ratio: float  # p_given_i / p_given_j; inf when only i sees k, nan when neither does


def glove_ratios(co: Cooccurrence, i: str, j: str, probes: Sequence[str]) -> list[RatioRow]:
    """P(k | i), P(k | j) and their ratio for every probe k, the lecture's
    P_ik = (times k appeared in the context of i) / (words that appeared in the context of i).
    A word with no context at all (alone in its sentences) gives P(k | ·) = 0 for every k."""
    rows = _indices(co.index, [i, j, *probes])
    row_i, row_j, probe_rows = rows[0], rows[1], rows[2:]
    dense = co.matrix[[row_i, row_j]].toarray()
    totals = dense.sum(axis=1)
    table = []
    for probe, k in zip(probes, probe_rows):
        p_i = float(dense[0, k] / totals[0]) if totals[0] else 0.0
        p_j = float(dense[1, k] / totals[1]) if totals[1] else 0.0
        if p_j > 0:
            ratio = p_i / p_j
        else:
            ratio = math.inf if p_i > 0 else math.nan
        table.append(RatioRow(probe=co.vocab[k], p_given_i=p_i, p_given_j=p_j, ratio=ratio))
    return table
