"""The baselines every next-item model must be shown beside (recsys_anchors.md §4.1): random,
global popularity, item co-occurrence kNN and a first-order Markov chain.

Each has `.name`, `.fit(train) -> self` and `.recommend(prefix, k, exclude=()) -> list[str]`.
Items are indexed in popularity order (most frequent first, equal counts by id), so that equal
scores are always broken towards the more popular item and a model with nothing to say about a
prefix falls back to popularity without extra code."""

from __future__ import annotations

import zlib
from collections import Counter
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse

from core.errors import UserInputError

RECENCY_DECAY = 0.5  # co-occurrence kNN: each step back in the prefix halves an item's weight
MAX_CONTEXT = 20  # prefix items older than this weigh < 0.5**20 of the last one: skipped


def top_k_indices(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first; equal scores in index order. -inf and NaN
    mark items that may not be recommended. O(n), not a full sort: catalogues can be large."""
    scores = np.where(np.isnan(scores), -np.inf, scores)
    allowed = int(np.isfinite(scores).sum())
    k = min(k, allowed)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    n = len(scores)
    kth = np.partition(scores, n - k)[n - k]  # the k-th highest score
    above = np.flatnonzero(scores > kth)
    tied = np.flatnonzero(scores == kth)[: k - len(above)]
    chosen = np.concatenate([above, tied])
    return chosen[np.lexsort((chosen, -scores[chosen]))]


class _Catalogue:
    """Items seen in training, in popularity order, with their event counts."""

    def __init__(self, train: Sequence[Sequence[str]]):
        sessions = [[str(item) for item in session] for session in train]
        counts = Counter(item for session in sessions for item in session)
        if not counts:
            raise UserInputError("error.no_sessions", "There are no sessions to learn from")
        self.items = sorted(counts, key=lambda item: (-counts[item], item))
        self.index = {item: i for i, item in enumerate(self.items)}
        self.counts = np.array([counts[item] for item in self.items], dtype=np.float64)
        self.sessions = [np.array([self.index[item] for item in session], dtype=np.int64) for session in sessions]

    def indices(self, items: Iterable[str]) -> list[int]:
        """Indices of the known items among `items`, in their order."""
        return [self.index[item] for item in map(str, items) if item in self.index]

    def top(self, scores: np.ndarray, k: int, exclude: Iterable[str]) -> list[str]:
        scores = np.array(scores, dtype=np.float64)
        scores[self.indices(exclude)] = -np.inf
        return [self.items[i] for i in top_k_indices(scores, k)]


class _Fitted:
    name = "baseline"
    _catalogue: _Catalogue | None = None

    @property
    def catalogue(self) -> _Catalogue:
        if self._catalogue is None:
            raise RuntimeError(f"{type(self).__name__} must be fitted before it recommends")
        return self._catalogue


class RandomBaseline(_Fitted):
    """k items drawn uniformly, without replacement, from the training items not excluded.

    The draw is seeded by `seed` and the prefix itself, so the same prefix always gets the same
    list, whatever was asked before."""

    name = "random"

    def __init__(self, seed: int = 0):
        self.seed = seed

    def fit(self, train: Sequence[Sequence[str]]) -> RandomBaseline:
        self._catalogue = _Catalogue(train)
        return self

    def recommend(self, prefix: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[str]:
        catalogue = self.catalogue
        allowed = np.ones(len(catalogue.items), dtype=bool)
        allowed[catalogue.indices(exclude)] = False
        candidates = np.flatnonzero(allowed)
        # crc32, not hash(): Python salts string hashes per process.
        key = zlib.crc32("\x1f".join(map(str, prefix)).encode("utf-8"))
        rng = np.random.default_rng([self.seed, key])
        drawn = rng.choice(candidates, size=min(k, len(candidates)), replace=False)
        return [catalogue.items[i] for i in drawn]


class PopularityBaseline(_Fitted):
    """The k most frequent training items (counted over all events) that are not excluded."""

    name = "popularity"

    def fit(self, train: Sequence[Sequence[str]]) -> PopularityBaseline:
        self._catalogue = _Catalogue(train)
        return self

    def recommend(self, prefix: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[str]:
        return self.catalogue.top(self.catalogue.counts, k, exclude)


class CooccurrenceKNN(_Fitted):
    """Item-to-item kNN on co-occurrence counts.

    With `window=None`, C[i, j] is the number of training sessions that contain both i and j;
    with `window=w`, the number of position pairs at most w apart holding i and j. With
    `normalise`, C[i, j] / sqrt(n_i n_j) (cosine; n = sessions holding the item, or its event
    count with a window), which stops the most popular items from co-occurring with everything.

    A prefix scores item j by sum_p w_p C[prefix_p, j], with w = 1 for the last prefix item,
    0.5 for the one before, 0.25 ... (RECENCY_DECAY): the latest click says most about the next.
    Items that co-occur with nothing in the prefix follow in popularity order."""

    def __init__(self, window: int | None = None, normalise: bool = False, name: str = "co-occurrence"):
        if window is not None and window < 1:
            raise ValueError("window must be at least 1, or None for the whole session")
        self.window = window
        self.normalise = normalise
        self.name = name

    def fit(self, train: Sequence[Sequence[str]]) -> CooccurrenceKNN:
        catalogue = _Catalogue(train)
        n = len(catalogue.items)
        rows, cols = [], []
        if self.window is None:
            support = np.zeros(n)  # sessions holding each item
            for session in catalogue.sessions:
                unique = np.unique(session)
                support[unique] += 1
                a, b = np.meshgrid(unique, unique, indexing="ij")
                off_diagonal = a != b
                rows.append(a[off_diagonal])
                cols.append(b[off_diagonal])
        else:
            events = np.concatenate(catalogue.sessions)
            session_of = np.repeat(np.arange(len(catalogue.sessions)), [len(s) for s in catalogue.sessions])
            for offset in range(1, self.window + 1):
                a, b = events[:-offset], events[offset:]
                keep = (session_of[:-offset] == session_of[offset:]) & (a != b)
                rows += [a[keep], b[keep]]
                cols += [b[keep], a[keep]]
            support = catalogue.counts
        rows = np.concatenate(rows) if rows else np.empty(0, dtype=np.int64)
        cols = np.concatenate(cols) if cols else np.empty(0, dtype=np.int64)
        counts = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
        counts.sum_duplicates()
        if self.normalise:
            scale = sparse.diags(1.0 / np.sqrt(np.maximum(support, 1.0)))
            counts = (scale @ counts @ scale).tocsr()
        self.matrix = counts
        self._catalogue = catalogue
        return self

    def recommend(self, prefix: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[str]:
        catalogue = self.catalogue
        known = catalogue.indices(prefix)[-MAX_CONTEXT:]
        scores = np.zeros(len(catalogue.items))
        if known:
            weights = RECENCY_DECAY ** np.arange(len(known))[::-1]
            scores = np.asarray(self.matrix[known].T @ weights).ravel()
        return catalogue.top(scores, k, exclude)


class MarkovBaseline(_Fitted):
    """First-order Markov chain: the items that most often directly followed the prefix's last
    item in training, then the most popular items (also when the last item is unknown)."""

    name = "markov"

    def fit(self, train: Sequence[Sequence[str]]) -> MarkovBaseline:
        catalogue = _Catalogue(train)
        n = len(catalogue.items)
        pairs = [(s[:-1], s[1:]) for s in catalogue.sessions if len(s) > 1]
        rows = np.concatenate([a for a, _ in pairs]) if pairs else np.empty(0, dtype=np.int64)
        cols = np.concatenate([b for _, b in pairs]) if pairs else np.empty(0, dtype=np.int64)
        self.transitions = sparse.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocsr()
        self.transitions.sum_duplicates()
        self._catalogue = catalogue
        return self

    def recommend(self, prefix: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[str]:
        catalogue = self.catalogue
        last = str(prefix[-1]) if len(prefix) else None
        scores = np.zeros(len(catalogue.items))
        if last in catalogue.index:
            scores = self.transitions[catalogue.index[last]].toarray().ravel()
        return catalogue.top(scores, k, exclude)
