"""Next-item evaluation, simple and the same for every model: a session-disjoint split where each
test session is cut before its last item, hit rate and reciprocal rank at k, and `evaluate`, which
asks a recommender for k items per test prefix (the prefix's own items excluded) and scores them.

Protocol as in the anchors (recsys_anchors.md §4.1): one split point per test session (so no
prefix leaks an earlier target), already-seen items excluded for every model, and test targets
restricted to items that occur in training — an item nobody has seen cannot be recommended by
anyone, so such cases would only lower every score alike."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

import numpy as np

from core.errors import UserInputError


class Recommender(Protocol):
    """What `evaluate` needs: a name for the table and k items for a prefix."""

    name: str

    def recommend(self, prefix: Sequence[str], k: int, exclude: Iterable[str] = ()) -> list[str]: ...


@dataclass(frozen=True)
class Split:
    """A session-disjoint leave-last-out split.

    `dropped_cold` test sessions were left out because their last item never occurs in `train`;
    `dropped_repeat` because their last item already occurs earlier in the same session (seen
    items are excluded from every recommendation, so no model could hit it)."""

    train: tuple[tuple[str, ...], ...]
    test_prefixes: tuple[tuple[str, ...], ...]
    test_targets: tuple[str, ...]
    dropped_cold: int = 0
    dropped_repeat: int = 0

    @property
    def n_test(self) -> int:
        return len(self.test_targets)


@dataclass(frozen=True)
class Score:
    """One model's result on one split. `seconds` is the time spent recommending for every test
    prefix (fitting excluded; `train_seconds` holds it when the caller trained the model);
    `coverage` is the share of the training catalogue that appears in at least one top-k list —
    a model can score well by recommending a narrow set of items."""

    model: str
    hr: float
    mrr: float
    k: int
    seconds: float
    n_test: int
    coverage: float = 0.0
    train_seconds: float = 0.0


def leave_last_out(
    sessions: Sequence[Sequence[str]],
    test_share: float = 0.2,
    seed: int = 0,
    min_length: int = 2,
    drop_repeats: bool = True,
) -> Split:
    """Hold out a seeded random `test_share` of the sessions that have at least `min_length` items;
    every other session (short ones included) is training data, kept whole and in input order.

    Each test session becomes (all items but the last, the last). Test sessions whose target is
    not in training are dropped (counted in `Split.dropped_cold`), and with `drop_repeats` so are
    those whose target already occurs in their prefix (`Split.dropped_repeat`)."""
    if not 0.0 < test_share < 1.0:
        raise ValueError("test_share must be between 0 and 1")
    if min_length < 2:
        raise ValueError("min_length must be at least 2: a test session needs a prefix and a target")
    sessions = [tuple(str(item) for item in session) for session in sessions]
    eligible = [i for i, session in enumerate(sessions) if len(session) >= min_length]
    n_test = int(round(test_share * len(eligible)))
    if n_test == 0 or n_test == len(sessions):
        raise UserInputError(
            "error.too_few_sessions_to_split",
            "Too few sessions with {min_length} or more items to hold some out for testing: {n} of {total}",
            min_length=min_length, n=len(eligible), total=len(sessions),
        )
    rng = np.random.default_rng(seed)
    test_ids = set(rng.choice(np.array(eligible), size=n_test, replace=False).tolist())
    train = tuple(session for i, session in enumerate(sessions) if i not in test_ids)
    known = {item for session in train for item in session}
    prefixes, targets, cold, repeat = [], [], 0, 0
    for i in sorted(test_ids):
        prefix, target = sessions[i][:-1], sessions[i][-1]
        if target not in known:
            cold += 1
        elif drop_repeats and target in prefix:
            repeat += 1
        else:
            prefixes.append(prefix)
            targets.append(target)
    return Split(train, tuple(prefixes), tuple(targets), dropped_cold=cold, dropped_repeat=repeat)


def _ranks(ranked: Sequence[Sequence[str]], targets: Sequence[str], k: int) -> np.ndarray:
    """1-based rank of each target among the first k items of its list, 0 where it is absent.
    A list with the target twice counts its first position."""
    if k < 1:
        raise ValueError("k must be at least 1")
    if len(ranked) != len(targets):
        raise ValueError(f"{len(ranked)} ranked lists for {len(targets)} targets")
    if len(targets) == 0:
        raise UserInputError("error.no_test_cases", "There are no test cases to score")
    ranks = np.zeros(len(targets), dtype=np.int64)
    for i, (items, target) in enumerate(zip(ranked, targets)):
        top = list(items)[:k]
        if target in top:
            ranks[i] = top.index(target) + 1
    return ranks


def hit_rate_at_k(ranked: Sequence[Sequence[str]], targets: Sequence[str], k: int) -> float:
    """HR@k: the share of cases whose target is among the first k recommended items."""
    return float(np.mean(_ranks(ranked, targets, k) > 0))


def mrr_at_k(ranked: Sequence[Sequence[str]], targets: Sequence[str], k: int) -> float:
    """MRR@k: the mean of 1/rank of the target, counting 0 when it is not among the first k."""
    ranks = _ranks(ranked, targets, k)
    return float(np.mean(np.where(ranks > 0, 1.0 / np.maximum(ranks, 1), 0.0)))


def evaluate(recommender: Recommender, split: Split, k: int = 10) -> Score:
    """Score a fitted recommender on `split`: k items per test prefix, the prefix's items excluded."""
    if split.n_test == 0:
        raise UserInputError("error.no_test_cases", "There are no test cases to score")
    start = time.perf_counter()
    ranked = [recommender.recommend(prefix, k, exclude=set(prefix)) for prefix in split.test_prefixes]
    seconds = time.perf_counter() - start
    catalogue = {item for session in split.train for item in session}
    shown = {item for items in ranked for item in items[:k]}
    return Score(
        model=recommender.name,
        hr=hit_rate_at_k(ranked, split.test_targets, k),
        mrr=mrr_at_k(ranked, split.test_targets, k),
        k=k,
        seconds=seconds,
        n_test=split.n_test,
        coverage=len(shown & catalogue) / max(len(catalogue), 1),
    )
