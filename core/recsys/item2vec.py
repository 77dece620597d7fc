"""item2vec: sessions read as sentences and item ids as words, trained with gensim's word2vec
(Barkan & Koenigstein 2016); then what the vectors are for — similar items, a user's vector as
the mean of their items, next-item recommendations, how well genres cluster, and how the score
moves with the hyperparameters that matter for recommendation (Caselles-Dupré et al. 2018)."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, replace
from difflib import get_close_matches
from itertools import chain
from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

import numpy as np

from core.errors import UserInputError
from core.recsys.baselines import top_k_indices
from core.recsys.metrics import Score, Split, evaluate

if TYPE_CHECKING:
    from gensim.models import KeyedVectors

SWEEPABLE = ("ns_exponent", "epochs", "window", "vector_size", "negative")
PURITY_BLOCK = 1024  # rows of the similarity matrix held at once in genre_purity


@dataclass(frozen=True)
class Item2VecParams:
    """gensim's own parameter names. Skip-gram (sg=1) as in the lecture, not gensim's CBOW
    default; min_count 1 because a rare item is still an item someone may want."""

    sg: int = 1
    vector_size: int = 48
    window: int = 5
    epochs: int = 10
    negative: int = 5
    ns_exponent: float = 0.75
    min_count: int = 1
    seed: int = 0
    sample: float = 1e-3  # down-sampling of very frequent items, gensim's default

    def gensim_kwargs(self) -> dict:
        # One worker thread: gensim's runs are reproducible only then (threads race on updates).
        return {**asdict(self), "workers": 1}


def _check(params: Item2VecParams) -> None:
    for name in ("vector_size", "window", "epochs", "min_count"):
        if int(getattr(params, name)) < 1:
            raise ValueError(f"{name} must be at least 1")
    if params.negative < 1:
        raise ValueError("negative must be at least 1: item2vec here trains with negative sampling")
    if params.sg not in (0, 1):
        raise ValueError("sg must be 1 (skip-gram) or 0 (CBOW)")


def train_item2vec(
    sessions: Sequence[Sequence[str]],
    params: Item2VecParams = Item2VecParams(),
    progress: Callable[[int, int], None] | None = None,
) -> KeyedVectors:
    """Train word2vec on the sessions; `progress(epoch, epochs)` is called after every epoch.

    Returns the item vectors (gensim orders them by frequency, most frequent first) with norms
    filled and arrays read-only, so one trained model can be shared by every page session."""
    from gensim.models import Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec

    _check(params)
    sentences = [[str(item) for item in session] for session in sessions if len(session)]
    if not sentences:
        raise UserInputError("error.no_sessions", "There are no sessions to learn from")
    distinct = len(set(chain.from_iterable(sentences)))
    if distinct < 2:  # lowering min_count cannot help here: say what is really missing
        raise UserInputError("error.too_few_distinct_items",
                             "The sessions hold only {n} different item; item2vec needs at least two", n=distinct)
    model = Word2Vec(**params.gensim_kwargs())
    model.build_vocab(sentences)
    if len(model.wv) < 2:
        raise UserInputError(
            "error.too_few_items_to_train", "Fewer than two items occur {min_count} times or more: lower min_count",
            min_count=params.min_count,
        )

    class Report(CallbackAny2Vec):
        def __init__(self):
            self.epoch = 0

        def on_epoch_end(self, _model):
            self.epoch += 1
            if progress is not None:
                progress(self.epoch, params.epochs)

    model.train(sentences, total_examples=len(sentences), epochs=params.epochs, callbacks=[Report()])
    wv = model.wv
    wv.fill_norms()
    for array in (wv.vectors, wv.norms):
        array.flags.writeable = False
    return wv


def _unit_vectors(kv: KeyedVectors) -> np.ndarray:
    vectors = np.asarray(kv.vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms > 0, norms, 1.0)


def _known(kv: KeyedVectors, items: Iterable[str]) -> list[int]:
    return [kv.key_to_index[item] for item in map(str, items) if item in kv.key_to_index]


class Item2VecRecommender:
    """Next items by cosine to the prefix's vector: the mean of the unit vectors of the last
    `context` prefix items that have a vector, weighted decay**steps_back (decay=1: the plain mean;
    decay<1 leans on the latest click). context=1 is item-to-item kNN of the last item.

    A prefix with no known item gets the most frequent items (the vectors' own order). Construct
    with trained vectors, or with params and call `fit(train)`."""

    def __init__(
        self,
        kv: KeyedVectors | None = None,
        params: Item2VecParams = Item2VecParams(),
        context: int = 3,
        decay: float = 1.0,
        name: str = "item2vec",
    ):
        if context < 1:
            raise ValueError("context must be at least 1")
        if not 0.0 < decay <= 1.0:
            raise ValueError("decay must be in (0, 1]")
        self.params, self.context, self.decay, self.name = params, context, decay, name
        self.train_seconds = 0.0
        self._use(kv)

    def _use(self, kv: KeyedVectors | None) -> None:
        self.kv = kv
        self._unit = None if kv is None else _unit_vectors(kv)
        if self._unit is not None:
            self._unit.flags.writeable = False  # may be shared by every page session

    def fit(
        self, train: Sequence[Sequence[str]], progress: Callable[[int, int], None] | None = None
    ) -> Item2VecRecommender:
        start = time.perf_counter()
        self._use(train_item2vec(train, self.params, progress))
        self.train_seconds = time.perf_counter() - start
        return self

    def recommend(self, prefix: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[str]:
        if self.kv is None:
            raise RuntimeError("Item2VecRecommender must be fitted before it recommends")
        known = _known(self.kv, prefix)[-self.context:]
        if known:
            weights = self.decay ** np.arange(len(known))[::-1]
            query = weights @ self._unit[known]
            scores = self._unit @ query
        else:
            scores = -np.arange(len(self.kv), dtype=np.float64)  # frequency order
        scores[_known(self.kv, exclude)] = -np.inf
        return [self.kv.index_to_key[i] for i in top_k_indices(scores, k)]


def _unknown_item(kv: KeyedVectors, item: str) -> UserInputError:
    close = get_close_matches(item, kv.index_to_key, n=3)
    return UserInputError(
        "error.unknown_item", "No vector for item {item}. Close ones: {suggestions}",
        item=item, suggestions=", ".join(close) or "none",
    )


def similar_items(kv: KeyedVectors, item: str, topn: int = 10) -> list[tuple[str, float]]:
    """The topn items with the highest cosine to `item`, itself left out."""
    item = str(item)
    if item not in kv.key_to_index:
        raise _unknown_item(kv, item)
    unit = _unit_vectors(kv)
    scores = unit @ unit[kv.key_to_index[item]]
    scores[kv.key_to_index[item]] = -np.inf
    return [(kv.index_to_key[i], float(scores[i])) for i in top_k_indices(scores, topn)]


def user_vector(kv: KeyedVectors, items: Iterable[str]) -> np.ndarray:
    """A user (or a session) as the mean of the unit vectors of their items that have one;
    unit first, so that frequent items (whose vectors are shorter) count as much as rare ones."""
    known = _known(kv, items)
    if not known:
        raise UserInputError("error.no_known_items", "None of these items has a vector")
    return _unit_vectors(kv)[known].mean(axis=0)


def recommend_for_items(kv: KeyedVectors, items: Sequence[str], k: int = 10) -> list[tuple[str, float]]:
    """The k items nearest (cosine) to the user's vector, the user's own items left out."""
    unit = _unit_vectors(kv)
    query = user_vector(kv, items)
    scores = unit @ query / max(float(np.linalg.norm(query)), 1e-12)
    scores[_known(kv, items)] = -np.inf
    return [(kv.index_to_key[i], float(scores[i])) for i in top_k_indices(scores, k)]


def genre_purity(kv: KeyedVectors, genre_of: Mapping[str, str], k: int = 10) -> float:
    """Mean, over the items that have both a vector and a genre, of the share of their k nearest
    neighbours (cosine, among those same items, self excluded) that have the same genre.
    Chance level is about the share of the largest genre."""
    keys = [item for item in kv.index_to_key if item in genre_of]
    if len(keys) < 2:
        raise UserInputError("error.too_few_items_with_genre", "Fewer than two items have both a vector and a genre")
    k = min(k, len(keys) - 1)
    unit = _unit_vectors(kv)[[kv.key_to_index[item] for item in keys]]
    _, genre_ids = np.unique([genre_of[item] for item in keys], return_inverse=True)
    shares = []
    for start in range(0, len(keys), PURITY_BLOCK):  # blocks: n x n at once is too big for large catalogues
        block = unit[start:start + PURITY_BLOCK] @ unit.T
        rows = np.arange(block.shape[0])
        block[rows, start + rows] = -np.inf
        neighbours = np.argpartition(-block, k - 1, axis=1)[:, :k]
        shares.append((genre_ids[neighbours] == genre_ids[start + rows, None]).mean(axis=1))
    return float(np.concatenate(shares).mean())


def sweep(
    sessions_split: Split,
    param: str,
    values: Sequence,
    base: Item2VecParams = Item2VecParams(),
    k: int = 10,
    progress: Callable[[int, int], None] | None = None,
    context: int = 3,
) -> list[Score]:
    """Train and evaluate item2vec once per value of one parameter, all else as in `base`, on the
    same split. `progress(epochs_done, epochs_total)` counts epochs over the whole sweep.
    Each Score's `train_seconds` is its training time."""
    if param not in SWEEPABLE:
        raise ValueError(f"param must be one of {SWEEPABLE}")
    settings = [replace(base, **{param: value}) for value in values]
    total, done = sum(s.epochs for s in settings), 0
    scores = []
    for value, params in zip(values, settings):
        def report(epoch: int, _epochs: int, offset: int = done) -> None:
            if progress is not None:
                progress(offset + epoch, total)

        model = Item2VecRecommender(params=params, context=context, name=f"item2vec {param}={value}")
        model.fit(sessions_split.train, progress=report)
        scores.append(replace(evaluate(model, sessions_split, k), train_seconds=model.train_seconds))
        done += params.epochs
    return scores
