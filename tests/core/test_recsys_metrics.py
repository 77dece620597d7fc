"""Next-item metrics and the leave-last-out split: hit rate and MRR against hand counts, the split's
promises (session-disjoint, last items as targets, seeded, targets known in training) and
`evaluate` against recommenders whose answers are known."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserInputError
from core.recsys.metrics import Score, Split, evaluate, hit_rate_at_k, leave_last_out, mrr_at_k

RANKED = [["a", "b", "c"], ["d", "e", "f"], ["g", "h", "i"], ["x", "y", "z"]]
TARGETS = ["a", "f", "q", "z"]


def test_hit_rate_and_mrr_by_hand():
    # k=3: a at rank 1, f at rank 3, q absent, z at rank 3 -> HR = 3/4, MRR = (1 + 1/3 + 0 + 1/3) / 4 = 5/12
    assert hit_rate_at_k(RANKED, TARGETS, 3) == pytest.approx(3 / 4)
    assert mrr_at_k(RANKED, TARGETS, 3) == pytest.approx(5 / 12)
    # k=2: only a (rank 1) -> HR = 1/4, MRR = 1/4; k=1 the same
    for k in (1, 2):
        assert hit_rate_at_k(RANKED, TARGETS, k) == pytest.approx(1 / 4)
        assert mrr_at_k(RANKED, TARGETS, k) == pytest.approx(1 / 4)


def test_k_beyond_the_lists_counts_what_is_there():
    assert hit_rate_at_k(RANKED, TARGETS, 10) == hit_rate_at_k(RANKED, TARGETS, 3)
    assert mrr_at_k(RANKED, TARGETS, 10) == mrr_at_k(RANKED, TARGETS, 3)
    # a short list: target at rank 2 of 2, k = 5 -> HR 1, MRR 1/2
    assert hit_rate_at_k([["a", "b"]], ["b"], 5) == 1.0
    assert mrr_at_k([["a", "b"]], ["b"], 5) == 0.5
    # an empty list hits nothing
    assert hit_rate_at_k([[]], ["b"], 5) == 0.0


def test_a_repeated_item_is_ranked_by_position():
    # ["a", "a", "b"]: b stands at position 3, so k=2 misses it and k=3 gives 1/3
    assert hit_rate_at_k([["a", "a", "b"]], ["b"], 2) == 0.0
    assert mrr_at_k([["a", "a", "b"]], ["b"], 3) == pytest.approx(1 / 3)
    # a target listed twice counts its first position: rank 2
    assert mrr_at_k([["c", "b", "b"]], ["b"], 3) == 0.5


def test_metric_input_errors():
    with pytest.raises(UserInputError) as error:
        hit_rate_at_k([], [], 10)
    assert error.value.key == "error.no_test_cases"
    with pytest.raises(UserInputError):
        mrr_at_k([], [], 10)
    for k in (0, -1):
        with pytest.raises(ValueError):
            hit_rate_at_k(RANKED, TARGETS, k)
    with pytest.raises(ValueError):
        mrr_at_k(RANKED, TARGETS[:3], 3)


ITEMS = st.sampled_from("abcdefgh")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(ITEMS, max_size=8, unique=True), ITEMS), min_size=1, max_size=20),
       st.integers(1, 9))
def test_metric_bounds(cases, k):
    ranked, targets = [c[0] for c in cases], [c[1] for c in cases]
    hr, mrr = hit_rate_at_k(ranked, targets, k), mrr_at_k(ranked, targets, k)
    assert 0.0 <= mrr <= hr <= 1.0
    assert mrr >= hr / k - 1e-12  # every hit is worth at least 1/k
    assert hit_rate_at_k(ranked, targets, k + 1) >= hr
    assert mrr_at_k(ranked, targets, k + 1) >= mrr
    assert hit_rate_at_k(ranked, targets, 1) == mrr_at_k(ranked, targets, 1)


def sessions_with_tags(n: int, seed: int = 0) -> list[tuple[str, ...]]:
    """Sessions of 1-6 items from a 10-item catalogue, each starting with its own tag item
    ("s17"), so that every session is distinct and a test session can be found by its tag."""
    rng = np.random.default_rng(seed)
    return [(f"s{i}", *(f"i{j}" for j in rng.integers(0, 10, rng.integers(0, 6)))) for i in range(n)]


def test_split_is_session_disjoint_and_cuts_before_the_last_item():
    sessions = sessions_with_tags(500)
    split = leave_last_out(sessions, test_share=0.2, seed=3)
    train = set(split.train)
    assert len(train) == len(split.train)
    tags = {}
    for prefix, target in zip(split.test_prefixes, split.test_targets):
        whole = (*prefix, target)
        assert whole in set(sessions) and whole not in train
        tags[prefix[0]] = whole
    # every session is in train, in the test set or dropped, exactly once
    eligible = [s for s in sessions if len(s) >= 2]
    n_test = round(0.2 * len(eligible))
    assert len(split.train) + n_test == len(sessions)
    assert split.n_test + split.dropped_cold + split.dropped_repeat == n_test
    assert Counter(split.train) + Counter(tags.values()) <= Counter(sessions)
    # sessions too short to test are always training data, and train keeps the input order
    assert all(s in train for s in sessions if len(s) < 2)
    order = {s: i for i, s in enumerate(sessions)}
    assert [order[s] for s in split.train] == sorted(order[s] for s in split.train)


def test_split_targets_are_known_in_training_and_cold_ones_are_counted():
    sessions = sessions_with_tags(400) + [("i1", f"cold{i}") for i in range(100)]
    split = leave_last_out(sessions, test_share=0.25, seed=0)
    known = {item for session in split.train for item in session}
    assert set(split.test_targets) <= known
    cold_in_test = 100 - sum(1 for s in split.train if s[-1].startswith("cold"))
    assert split.dropped_cold == cold_in_test > 0


def test_split_drops_repeated_targets_only_when_asked():
    sessions = [("a", "b", "a")] * 50 + [("a", "b", "c")] * 50 + [("c", "b", "a", "d")] * 50
    split = leave_last_out(sessions, test_share=0.4, seed=1)
    assert split.dropped_repeat > 0
    assert all(target not in prefix for prefix, target in zip(split.test_prefixes, split.test_targets))
    kept = leave_last_out(sessions, test_share=0.4, seed=1, drop_repeats=False)
    assert kept.dropped_repeat == 0
    assert kept.n_test == split.n_test + split.dropped_repeat


def test_split_is_seeded():
    sessions = sessions_with_tags(300)
    assert leave_last_out(sessions, seed=5) == leave_last_out(sessions, seed=5)
    assert leave_last_out(sessions, seed=5).test_prefixes != leave_last_out(sessions, seed=6).test_prefixes


def test_split_min_length():
    sessions = sessions_with_tags(300)
    split = leave_last_out(sessions, min_length=4)
    assert all(len(prefix) >= 3 for prefix in split.test_prefixes)


def test_split_errors():
    with pytest.raises(UserInputError) as error:
        leave_last_out([("a",), ("b",), ("a", "b")], test_share=0.2)
    assert error.value.key == "error.too_few_sessions_to_split"
    for share in (0.0, 1.0, -0.1):
        with pytest.raises(ValueError):
            leave_last_out(sessions_with_tags(50), test_share=share)
    with pytest.raises(ValueError):
        leave_last_out(sessions_with_tags(50), min_length=1)


class Oracle:
    """Knows every answer: puts the target at a chosen rank, after distinct filler items."""

    def __init__(self, split: Split, rank: int = 1, name: str = "oracle"):
        self.answers = dict(zip(split.test_prefixes, split.test_targets))
        self.rank, self.name, self.calls = rank, name, []

    def recommend(self, prefix, k, exclude=()):
        self.calls.append((tuple(prefix), k, set(exclude)))
        target = self.answers[tuple(prefix)]
        fillers = [f"filler{i}" for i in range(self.rank - 1)]
        return (fillers + [target])[:k]


def test_evaluate_scores_an_oracle_perfectly():
    split = leave_last_out(sessions_with_tags(300), seed=2)  # tags make every prefix unique
    score = evaluate(Oracle(split), split, k=10)
    assert isinstance(score, Score)
    assert (score.model, score.hr, score.mrr, score.k, score.n_test) == ("oracle", 1.0, 1.0, 10, split.n_test)
    assert score.seconds >= 0.0
    # the target always at rank 4: HR@10 = 1, MRR@10 = 1/4; HR@3 = MRR@3 = 0
    assert (evaluate(Oracle(split, rank=4), split, k=10).mrr) == pytest.approx(0.25)
    late = evaluate(Oracle(split, rank=4), split, k=3)
    assert late.hr == late.mrr == 0.0


def test_evaluate_asks_with_the_prefix_excluded_and_counts_coverage():
    split = Split(train=(("a", "b"), ("b", "c"), ("c", "d")), test_prefixes=(("a",), ("b", "c")),
                  test_targets=("b", "d"))
    oracle = Oracle(split)
    score = evaluate(oracle, split, k=5)
    assert oracle.calls == [(("a",), 5, {"a"}), (("b", "c"), 5, {"b", "c"})]
    # two distinct items shown (b, d) of a four-item catalogue (a, b, c, d)
    assert score.coverage == 0.5


def test_evaluate_needs_test_cases():
    split = Split(train=(("a", "b"),), test_prefixes=(), test_targets=())
    with pytest.raises(UserInputError) as error:
        evaluate(Oracle(split), split)
    assert error.value.key == "error.no_test_cases"
