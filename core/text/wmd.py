"""Word Mover's Distance (Kusner et al. 2015) with its transport plan, its two lower bounds, and
nearest-document search by prefetch and prune.

Convention: gensim 4's `KeyedVectors.wmdistance` (`norm=True`), so that `wmd(kv, a, b).distance`
equals `kv.wmdistance(a, b)` on the same tokens:
- a document is the normalised bag of words over its unique in-vocabulary tokens (a repeated
  word carries more mass; words the model lacks are ignored);
- the cost of moving word i to word j is the Euclidean distance between their unit vectors,
  so every cost is at most 2 and so is the distance;
- the plan is the exact earth mover's solution (POT's network simplex, `ot.emd`), not Sinkhorn:
  it is sparse, and identical documents are exactly 0 apart.

Stop words are removed before, by `core.text.stopwords.prepare_tokens`.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.spatial.distance import cdist

from core.errors import UserInputError

# Bounds and exact distances are summed in different orders; a bound may exceed the distance it
# bounds by a few ulps, so pruning waits for a clear margin (it only costs a rare extra solve).
PRUNE_SLACK = 1e-9
MAX_SEARCH_K = 100


@dataclass(frozen=True)
class Bag:
    """A document as the model sees it: unique known words in first-occurrence order, their
    rows in the model, and their share of the document's known tokens."""

    words: tuple[str, ...]
    rows: np.ndarray  # int64 indices into kv.vectors
    weights: np.ndarray  # float64, sums to 1


@dataclass(frozen=True)
class WMDResult:
    """The distance between two documents and how it is made: `plan[i, j]` is the mass word
    `words_a[i]` sends to `words_b[j]` at cost `cost[i, j]`; distance = sum(plan * cost)."""

    distance: float
    plan: np.ndarray  # n_a x n_b, float64; rows sum to weights_a, columns to weights_b
    cost: np.ndarray  # n_a x n_b Euclidean distances between unit-normalised vectors
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    weights_a: np.ndarray
    weights_b: np.ndarray


@dataclass(frozen=True)
class SearchResult:
    """The k documents nearest to a query by WMD, and what pruning saved."""

    hits: list[tuple[int, float]]  # (document index, WMD), nearest first; ties by index
    exact_solves: int  # WMD solves actually run
    brute_force_solves: int  # documents with at least one known word: what brute force solves
    pruned_by_rwmd: int  # skipped because their relaxed WMD already exceeded the k-th best
    skipped_by_wcd: int = 0  # never looked at: their centroid distance exceeded the k-th best


def _check_tokens(tokens: Sequence[str]) -> None:
    # A string is a sequence of one-letter strings: wmd("king", ...) would compare letters.
    if isinstance(tokens, str):
        raise TypeError("tokens must be a sequence of words, not a string")


def bag_of_words(kv, tokens: Sequence[str]) -> Bag:
    """The normalised bag of words of `tokens` over the ones `kv` knows (gensim's nBOW:
    count / number of known tokens)."""
    _check_tokens(tokens)
    index = kv.key_to_index
    counts: dict[str, int] = {}
    for token in tokens:
        if token in index:
            counts[token] = counts.get(token, 0) + 1
    rows = np.fromiter((index[w] for w in counts), dtype=np.int64, count=len(counts))
    weights = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
    if len(weights):
        weights /= weights.sum()
    return Bag(tuple(counts), rows, weights)


def _known_bag(kv, tokens: Sequence[str]) -> Bag:
    bag = bag_of_words(kv, tokens)
    if not bag.words:
        raise UserInputError(
            "error.text_nothing_left", "No word of this text is both known to the model and not a stop word"
        )
    return bag


def unit_vectors(kv, rows: np.ndarray) -> np.ndarray:
    """Rows of `kv` divided by their norms in float32: the same numbers as gensim's
    `get_vector(word, norm=True)`, so costs match `wmdistance` to the last bit."""
    if kv.norms is None:
        kv.fill_norms()
    return kv.vectors[rows] / kv.norms[rows][:, None]


def cost_matrix(units_a: np.ndarray, units_b: np.ndarray) -> np.ndarray:
    """Euclidean distances in float64, each from the difference of the two vectors (`cdist`,
    as gensim): the same word gives exactly 0, where |a|² + |b|² − 2a·b would leave rounding
    noise (POT's `ot.dist` does that, and defaults to the squared distance besides)."""
    return cdist(units_a, units_b, metric="euclidean")


def transport(weights_a: np.ndarray, weights_b: np.ndarray, cost: np.ndarray) -> tuple[np.ndarray, float]:
    """The optimal plan between two bags and its total cost sum(plan * cost)."""
    if not cost.any():
        # One shared word, or words with equal vectors: nothing moves any distance, and the
        # network simplex is not needed (gensim returns inf here, which no student expects).
        return np.outer(weights_a, weights_b), 0.0
    import ot  # on first use: `import ot` pulls in scikit-learn (0.4 s warm, up to 3 s cold)

    # The default iteration cap suffices for sentences; a 1,000-word text against another can
    # need more, and a plan cut short would not be optimal.
    cap = max(100_000, 50 * cost.size)
    plan = ot.emd(weights_a, weights_b, cost, numItermax=cap)
    return plan, float(np.sum(plan * cost))


def _same_bag(a: Bag, b: Bag) -> bool:
    if len(a.words) != len(b.words) or set(a.words) != set(b.words):
        return False
    position = {w: i for i, w in enumerate(b.words)}
    return all(a.weights[i] == b.weights[position[w]] for i, w in enumerate(a.words))


def wmd(kv, tokens_a: Sequence[str], tokens_b: Sequence[str]) -> WMDResult:
    """Word Mover's Distance between two token lists, with the plan and the costs behind it.
    Raises UserInputError when either side has no word the model knows."""
    a, b = _known_bag(kv, tokens_a), _known_bag(kv, tokens_b)
    cost = cost_matrix(unit_vectors(kv, a.rows), unit_vectors(kv, b.rows))
    plan, distance = _solve(a, b, cost)
    return WMDResult(distance, plan, cost, a.words, b.words, a.weights, b.weights)


def _solve(a: Bag, b: Bag, cost: np.ndarray) -> tuple[np.ndarray, float]:
    """The plan and distance between two bags: shared by wmd() and search, so that both give
    the same number for the same pair."""
    if _same_bag(a, b):
        # Each word stays where it is. The simplex would find this plan too, but it builds flows
        # by float additions and may leave 1e-17 on a non-zero cost: exactly 0 is promised.
        position = {w: j for j, w in enumerate(b.words)}
        plan = np.zeros(cost.shape)
        plan[np.arange(len(a.words)), [position[w] for w in a.words]] = a.weights
        return plan, 0.0
    return transport(a.weights, b.weights, cost)


def _centroid(kv, bag: Bag) -> np.ndarray:
    return bag.weights @ unit_vectors(kv, bag.rows).astype(np.float64)


def word_centroid_distance(kv, tokens_a: Sequence[str], tokens_b: Sequence[str]) -> float:
    """WCD: the distance between the weighted means of the unit vectors, a lower bound of WMD
    (the mean of the moves is at most the mean of their lengths)."""
    a, b = _known_bag(kv, tokens_a), _known_bag(kv, tokens_b)
    return float(np.linalg.norm(_centroid(kv, a) - _centroid(kv, b)))


def relaxed_wmd(kv, tokens_a: Sequence[str], tokens_b: Sequence[str]) -> float:
    """RWMD: each word of one side sends all its mass to its nearest word on the other side;
    the larger of the two one-sided sums is a lower bound of WMD."""
    a, b = _known_bag(kv, tokens_a), _known_bag(kv, tokens_b)
    cost = cost_matrix(unit_vectors(kv, a.rows), unit_vectors(kv, b.rows))
    return _relaxed(a.weights, b.weights, cost)


def _relaxed(weights_a: np.ndarray, weights_b: np.ndarray, cost: np.ndarray) -> float:
    # Mins over the a x b block only: on gensim's union-vocabulary matrix, zeros outside the
    # block would make every minimum 0.
    return float(max(weights_a @ cost.min(axis=1), weights_b @ cost.min(axis=0)))


def mean_vector_cosine(kv, tokens_a: Sequence[str], tokens_b: Sequence[str]) -> float:
    """Cosine similarity of the two documents' weighted mean unit vectors (the "averaged
    vectors" way to compare texts, for contrast with WMD); 0 when a mean is the zero vector."""
    a, b = _known_bag(kv, tokens_a), _known_bag(kv, tokens_b)
    ca, cb = _centroid(kv, a), _centroid(kv, b)
    norms = float(np.linalg.norm(ca) * np.linalg.norm(cb))
    return float(ca @ cb / norms) if norms > 0 else 0.0


class DocumentIndex:
    """A fixed collection of tokenised documents prepared for WMD search: every document's bag,
    the unit vectors of the collection's vocabulary, and each document's centroid."""

    def __init__(self, kv, documents: Sequence[Sequence[str]]):
        self.kv = kv
        self.size = len(documents)
        bags = [bag_of_words(kv, d) for d in documents]
        self.indices = np.array([i for i, bag in enumerate(bags) if bag.words], dtype=np.int64)
        bags = [bags[i] for i in self.indices]
        self.bags = bags
        # One row per distinct word of the collection: a query's costs to all documents come
        # from a single cdist over these rows, then each document reads its own columns.
        vocabulary, columns = {}, []
        for bag in bags:
            columns.append(np.array([vocabulary.setdefault(int(r), len(vocabulary)) for r in bag.rows], np.int64))
        rows = np.fromiter(vocabulary, dtype=np.int64, count=len(vocabulary))
        self.units = unit_vectors(kv, rows) if len(rows) else np.zeros((0, kv.vector_size), np.float32)
        self.columns = columns
        lengths = np.array([len(c) for c in columns], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.flat_columns = np.concatenate(columns) if columns else np.zeros(0, np.int64)
        self.flat_weights = np.concatenate([bag.weights for bag in bags]) if bags else np.zeros(0)
        self.centroids = np.array(
            [bag.weights @ self.units[c].astype(np.float64) for bag, c in zip(bags, columns)]
        ).reshape(len(bags), kv.vector_size)

    def search(self, query_tokens: Sequence[str], k: int = 5) -> SearchResult:
        """The k documents nearest to the query by WMD, the same as solving all of them:
        documents are visited by increasing WCD; the first k are solved exactly; after that a
        document is solved only if its RWMD is below the k-th best WMD so far, and the visit
        stops once WCD reaches it (both are lower bounds of WMD)."""
        if not 1 <= int(k) <= MAX_SEARCH_K:
            raise UserInputError("error.search_k", "Ask for 1 to {limit} documents, got {k}", limit=MAX_SEARCH_K, k=k)
        k = int(k)
        query = _known_bag(self.kv, query_tokens)
        n = len(self.bags)
        if n == 0:
            return SearchResult([], 0, 0, 0, 0)
        query_units = unit_vectors(self.kv, query.rows)
        centroid = query.weights @ query_units.astype(np.float64)
        wcd = np.linalg.norm(self.centroids - centroid, axis=1)
        costs = cost_matrix(query_units, self.units)
        rwmd = self._relaxed_all(query.weights, costs)
        best: list[tuple[float, int]] = []  # (WMD, position), sorted: ties go to the lower index
        solves = pruned = 0
        order = np.argsort(wcd, kind="stable")  # stable: equal documents in index order
        for visited, position in enumerate(order):
            if len(best) == k:
                kth = best[-1][0]
                if wcd[position] > kth + PRUNE_SLACK:
                    return self._result(best, solves, pruned, n - visited)
                if rwmd[position] > kth + PRUNE_SLACK:
                    pruned += 1
                    continue
            _, distance = _solve(query, self.bags[position], costs[:, self.columns[position]])
            solves += 1
            bisect.insort(best, (distance, int(position)))
            del best[k:]
        return self._result(best, solves, pruned, 0)

    def _relaxed_all(self, query_weights: np.ndarray, costs: np.ndarray) -> np.ndarray:
        """RWMD from the query to every document at once: per-document minima over column
        segments (`reduceat`), never over other documents' words."""
        flat = costs[:, self.flat_columns]  # query words x all (document, word) pairs
        nearest_in_doc = np.minimum.reduceat(flat, self.starts, axis=1)  # query word -> its nearest in each doc
        query_side = query_weights @ nearest_in_doc
        doc_side = np.add.reduceat(self.flat_weights * flat.min(axis=0), self.starts)
        return np.maximum(query_side, doc_side)

    def _result(self, best: list[tuple[float, int]], solves: int, pruned: int, skipped: int) -> SearchResult:
        hits = [(int(self.indices[p]), d) for d, p in best]
        return SearchResult(hits, solves, len(self.bags), pruned, skipped)


_INDEXES: OrderedDict[tuple, tuple[object, DocumentIndex]] = OrderedDict()
_INDEX_LOCK = threading.Lock()
_MAX_INDEXES = 4


def document_index(kv, documents: Sequence[Sequence[str]]) -> DocumentIndex:
    """A DocumentIndex for (model, documents), kept for the last few pairs: the entry holds the
    model itself, so its id cannot be reused by another model while cached."""
    docs = tuple(tuple(d) for d in documents)
    key = (id(kv), docs)
    with _INDEX_LOCK:
        if key in _INDEXES:
            _INDEXES.move_to_end(key)
            return _INDEXES[key][1]
    index = DocumentIndex(kv, docs)
    with _INDEX_LOCK:
        _INDEXES[key] = (kv, index)
        while len(_INDEXES) > _MAX_INDEXES:
            _INDEXES.popitem(last=False)
    return index


def nearest_documents(kv, query_tokens: Sequence[str], documents: Sequence[Sequence[str]], k: int = 5) -> SearchResult:
    """The k documents nearest to the query by WMD (prefetch and prune; see DocumentIndex)."""
    _check_tokens(query_tokens)
    return document_index(kv, documents).search(query_tokens, k)
