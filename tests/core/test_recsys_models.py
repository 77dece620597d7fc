"""Baselines and item2vec on sessions whose structure is planted: 4 groups of 5 items, every
session stays inside one group, and item i of a group is followed by item i+1 (mod 5) most of
the time. Checked: what each model must find there (the planted successor, same-group items),
scores worked out by hand on tiny inputs, and promises every recommender keeps (never an excluded
item, exactly k distinct items when there are enough, the same answer every time)."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserInputError
from core.recsys.baselines import (
    CooccurrenceKNN, MarkovBaseline, PopularityBaseline, RandomBaseline, top_k_indices,
)
from core.recsys.item2vec import (
    Item2VecParams, Item2VecRecommender, genre_purity, recommend_for_items, similar_items, sweep,
    train_item2vec, user_vector,
)
from core.recsys.metrics import evaluate, leave_last_out

GROUPS, PER_GROUP = 4, 5
SMALL = Item2VecParams(vector_size=16, epochs=10, window=3, seed=0)


def item(group: int, i: int) -> str:
    return f"g{group}i{i % PER_GROUP}"


def group_of(name: str) -> str:
    return name[:2]


def structured_sessions(n: int, seed: int = 0, p_next: float = 0.8) -> list[tuple[str, ...]]:
    """n sessions of 3-7 items inside one random group; the next item is the planted successor
    (i + 1 mod 5) with probability p_next, otherwise any item of the group."""
    rng = np.random.default_rng(seed)
    sessions = []
    for _ in range(n):
        group, i = int(rng.integers(GROUPS)), int(rng.integers(PER_GROUP))
        session = [item(group, i)]
        for _ in range(int(rng.integers(3, 8)) - 1):
            i = i + 1 if rng.random() < p_next else int(rng.integers(PER_GROUP))
            session.append(item(group, i))
        sessions.append(tuple(session))
    return sessions


SESSIONS = structured_sessions(1500)
ALL_ITEMS = sorted({x for s in SESSIONS for x in s})
GENRES = {x: group_of(x) for x in ALL_ITEMS}


@pytest.fixture(scope="module")
def kv():
    return train_item2vec(SESSIONS, SMALL)


@pytest.fixture(scope="module")
def fitted(kv):
    return [
        RandomBaseline(seed=0).fit(SESSIONS),
        PopularityBaseline().fit(SESSIONS),
        CooccurrenceKNN().fit(SESSIONS),
        CooccurrenceKNN(window=2, normalise=True).fit(SESSIONS),
        MarkovBaseline().fit(SESSIONS),
        Item2VecRecommender(kv),
        Item2VecRecommender(kv, context=1, decay=0.5),
    ]


# ---- top-k ----------------------------------------------------------------------------------------

def test_top_k_breaks_ties_by_index_and_skips_excluded():
    scores = np.array([1.0, 3.0, 3.0, -np.inf, 2.0, np.nan, 3.0, 0.0])
    assert top_k_indices(scores, 2).tolist() == [1, 2]
    assert top_k_indices(scores, 4).tolist() == [1, 2, 6, 4]
    assert top_k_indices(scores, 100).tolist() == [1, 2, 6, 4, 0, 7]  # -inf and NaN never
    assert top_k_indices(np.full(3, -np.inf), 2).tolist() == []
    assert top_k_indices(scores, 0).tolist() == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=30), st.integers(1, 35))
def test_top_k_equals_a_stable_sort(values, k):
    scores = np.array(values, dtype=np.float64)
    expected = np.argsort(-scores, kind="stable")[:k]
    assert top_k_indices(scores, k).tolist() == expected.tolist()


# ---- promises every recommender keeps -------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(prefix=st.lists(st.sampled_from(ALL_ITEMS + ["unknown"]), max_size=6),
       extra=st.lists(st.sampled_from(ALL_ITEMS + ["elsewhere"]), max_size=18), k=st.integers(1, 25))
def test_recommenders_never_return_excluded_items_and_fill_k(fitted, prefix, extra, k):
    exclude = set(prefix) | set(extra)
    available = len(set(ALL_ITEMS) - exclude)
    for model in fitted:
        items = model.recommend(prefix, k, exclude=exclude)
        assert not set(items) & exclude, model.name
        assert len(items) == len(set(items)) == min(k, available), model.name
        assert set(items) <= set(ALL_ITEMS)
        assert model.recommend(list(prefix), k, exclude=list(exclude)) == items  # the same every time


def test_recommenders_are_reproducible_when_fitted_again(fitted):
    again = [
        RandomBaseline(seed=0).fit(SESSIONS), PopularityBaseline().fit(SESSIONS), CooccurrenceKNN().fit(SESSIONS),
        CooccurrenceKNN(window=2, normalise=True).fit(SESSIONS), MarkovBaseline().fit(SESSIONS),
        Item2VecRecommender(params=SMALL).fit(SESSIONS),
    ]
    for first, second in zip(fitted, again):
        for prefix in (["g0i1"], ["g2i3", "g2i4"], [], ["nothing"]):
            assert first.recommend(prefix, 7, set(prefix)) == second.recommend(prefix, 7, set(prefix))


def test_unfitted_recommenders_say_so():
    for model in (RandomBaseline(), PopularityBaseline(), CooccurrenceKNN(), MarkovBaseline(), Item2VecRecommender()):
        with pytest.raises(RuntimeError):
            model.recommend(["a"], 3)
        with pytest.raises(UserInputError):
            model.fit([])


# ---- baselines ------------------------------------------------------------------------------------

def test_random_is_seeded_and_uniform():
    one, same, other = (RandomBaseline(seed=s).fit(SESSIONS) for s in (1, 1, 2))
    prefixes = [[f"p{i}"] for i in range(4000)]  # unknown prefixes: every item is a candidate
    first = [one.recommend(p, 1)[0] for p in prefixes]
    assert first == [same.recommend(p, 1)[0] for p in prefixes]
    assert first != [other.recommend(p, 1)[0] for p in prefixes]
    # 4000 draws over 20 items: 200 each expected, standard deviation about 14
    assert all(120 < count < 280 for count in Counter(first).values())
    assert len(Counter(first)) == len(ALL_ITEMS)


def test_popularity_ranks_by_count():
    # counts: a 3, b 2, c 1, d 1 (c before d: equal counts go by id)
    model = PopularityBaseline().fit([("a", "b", "c"), ("a", "b"), ("d", "a")])
    assert model.recommend([], 4) == ["a", "b", "c", "d"]
    assert model.recommend(["whatever"], 10, exclude={"a"}) == ["b", "c", "d"]


def test_markov_puts_the_planted_successor_first():
    model = MarkovBaseline().fit(SESSIONS)
    for group in range(GROUPS):
        for i in range(PER_GROUP):
            assert model.recommend([item(group, i)], 5, exclude={item(group, i)})[0] == item(group, i + 1)


def test_markov_counts_successors_then_falls_back_to_popularity():
    # a -> b twice, a -> c once; popularity a 3, b 2, then c x y z with 1 each
    model = MarkovBaseline().fit([("a", "b"), ("a", "b"), ("a", "c"), ("x", "y", "z")])
    assert model.recommend(["z", "a"], 4, exclude={"a", "z"}) == ["b", "c", "x", "y"]
    assert model.recommend(["a", "unknown"], 3) == ["a", "b", "c"]  # last item unknown: popularity


def test_cooccurrence_prefers_same_group_items():
    for model in (CooccurrenceKNN(), CooccurrenceKNN(window=1), CooccurrenceKNN(window=3, normalise=True)):
        model.fit(SESSIONS)
        for x in ALL_ITEMS:
            top = model.recommend([x], PER_GROUP - 1, exclude={x})
            assert {group_of(y) for y in top} == {group_of(x)}


def test_cooccurrence_counts_by_hand():
    # one session a b c a: within 1 step the pairs are ab, bc, ca; within 2 add ac (0-2) and ba (1-3);
    # over the whole session every pair co-occurs once (one session)
    session = [("a", "b", "c", "a")]
    expected = {1: {("a", "b"): 1, ("b", "c"): 1, ("a", "c"): 1},
                2: {("a", "b"): 2, ("b", "c"): 1, ("a", "c"): 2},
                None: {("a", "b"): 1, ("b", "c"): 1, ("a", "c"): 1}}
    for window, pairs in expected.items():
        model = CooccurrenceKNN(window=window).fit(session)
        index = model.catalogue.index
        for (x, y), count in pairs.items():
            assert model.matrix[index[x], index[y]] == model.matrix[index[y], index[x]] == count
        assert model.matrix.diagonal().sum() == 0


def test_cooccurrence_weighs_the_latest_item_more():
    # C[p, a] = 2 and C[q, b] = 3. Prefix (q, p): p weighs 1, q 0.5 -> a 2, b 1.5: a first.
    # Prefix (p, q): a 1, b 3: b first.
    model = CooccurrenceKNN().fit([("p", "a")] * 2 + [("q", "b")] * 3)
    assert model.recommend(["q", "p"], 2, exclude={"p", "q"}) == ["a", "b"]
    assert model.recommend(["p", "q"], 2, exclude={"p", "q"}) == ["b", "a"]


def test_cooccurrence_normalised_discounts_popular_items():
    # a meets pop in 3 sessions and rare in 2; pop is in 30 sessions, rare in 2, a in 5.
    # counts: pop 3 > rare 2; cosine: pop 3 / sqrt(5 * 30) = 0.24 < rare 2 / sqrt(5 * 2) = 0.63
    train = [("a", "pop")] * 3 + [("a", "rare")] * 2 + [("pop", "z")] * 27
    assert CooccurrenceKNN().fit(train).recommend(["a"], 2, {"a"}) == ["pop", "rare"]
    assert CooccurrenceKNN(normalise=True).fit(train).recommend(["a"], 2, {"a"}) == ["rare", "pop"]


# ---- item2vec -------------------------------------------------------------------------------------

def test_item2vec_is_bit_identical_when_trained_twice(kv):
    again = train_item2vec(SESSIONS, SMALL)
    assert again.index_to_key == kv.index_to_key
    assert np.array_equal(again.vectors, kv.vectors)
    other = train_item2vec(SESSIONS, replace(SMALL, seed=1))
    assert not np.array_equal(other.vectors, kv.vectors)


def test_item2vec_vectors_are_read_only_with_norms(kv):
    assert kv.norms is not None
    with pytest.raises(ValueError):
        kv.vectors[0, 0] = 1.0


def test_item2vec_reports_every_epoch():
    calls = []
    train_item2vec(SESSIONS[:200], replace(SMALL, epochs=4), progress=lambda e, n: calls.append((e, n)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_item2vec_names_a_single_item_catalogue_not_min_count():
    # Lowering min_count cannot help one item; the message says what is missing.
    with pytest.raises(UserInputError) as error:
        train_item2vec([("a", "a"), ("a", "a", "a")], SMALL)
    assert error.value.key == "error.too_few_distinct_items" and error.value.params == {"n": 1}
    with pytest.raises(UserInputError) as error:
        train_item2vec([("a", "b")], replace(SMALL, min_count=5))
    assert error.value.key == "error.too_few_items_to_train"


def test_item2vec_puts_same_group_items_together(kv):
    assert genre_purity(kv, GENRES, k=PER_GROUP - 1) >= 0.95
    # shuffled genres are near chance (a quarter of the other items share a group at random)
    names = list(GENRES)
    shuffled = dict(zip(names, np.random.default_rng(0).permutation([GENRES[x] for x in names])))
    assert genre_purity(kv, shuffled, k=PER_GROUP - 1) < 0.6


def hand_vectors():
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vector_size=2)
    vectors = {"a1": (1, 0), "a2": (0.9, 0.1), "a3": (0.2, 1), "b2": (0.1, 0.9), "b1": (0, 1), "x": (-1, 0)}
    kv.add_vectors(list(vectors), np.array(list(vectors.values()), dtype=np.float32))
    return kv


def test_genre_purity_by_hand():
    # angles from the x axis: a1 0, a2 6.3, a3 78.7, b2 83.7, b1 90 degrees; x has no genre and
    # ghost no vector, so neither counts.
    # k=1: a1->a2 same, a2->a1 same, b1->b2 same, b2->a3 other, a3->b2 other: 3/5
    # k=2: a1 {a2, a3} 1, a2 {a1, a3} 1, b1 {b2, a3} 1/2, b2 {a3, b1} 1/2, a3 {b2, b1} 0: 3/5
    genres = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B", "ghost": "B"}
    kv = hand_vectors()
    assert genre_purity(kv, genres, k=1) == pytest.approx(0.6)
    assert genre_purity(kv, genres, k=2) == pytest.approx(0.6)
    # k=4: every other labelled item; a's: 2/4 each, b's: 1/4 each -> (3 * 0.5 + 2 * 0.25) / 5 = 0.4
    assert genre_purity(kv, genres, k=4) == pytest.approx(0.4)
    assert genre_purity(kv, genres, k=50) == pytest.approx(0.4)  # k capped at the other items
    with pytest.raises(UserInputError):
        genre_purity(kv, {"a1": "A"})


def test_user_vector_and_its_recommendations_by_hand():
    kv = hand_vectors()
    # unit a2 = (0.9939, 0.1104); mean with a1 = (0.9969, 0.0552); "nobody" has no vector
    expected = (np.array([1.0, 0.0]) + np.array([0.9, 0.1]) / np.hypot(0.9, 0.1)) / 2
    assert user_vector(kv, ["a1", "a2", "nobody"]) == pytest.approx(expected)
    ranked = recommend_for_items(kv, ["a1", "a2"], k=10)
    # the other items by cosine to the user vector: a3 (angle 75.5), b2, b1, x
    assert [name for name, _ in ranked] == ["a3", "b2", "b1", "x"]
    unit = expected / np.linalg.norm(expected)
    assert ranked[0][1] == pytest.approx(float(unit @ np.array([0.2, 1]) / np.hypot(0.2, 1)), rel=1e-6)
    with pytest.raises(UserInputError) as error:
        user_vector(kv, ["nobody", "nor me"])
    assert error.value.key == "error.no_known_items"
    with pytest.raises(UserInputError):
        recommend_for_items(kv, [])


def test_recommend_for_items_leaves_the_users_items_out(kv):
    mine = ["g0i0", "g0i1", "g1i3"]
    ranked = recommend_for_items(kv, mine, k=len(ALL_ITEMS))
    names = [name for name, _ in ranked]
    assert not set(names) & set(mine)
    assert len(names) == len(ALL_ITEMS) - len(mine)
    assert [score for _, score in ranked] == sorted((score for _, score in ranked), reverse=True)


def test_similar_items_agree_with_gensim(kv):
    for x in ("g0i0", "g3i4"):
        ours = similar_items(kv, x, topn=6)
        theirs = kv.most_similar(x, topn=6)
        assert [name for name, _ in ours] == [name for name, _ in theirs]
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)
        assert {group_of(name) for name, _ in ours[:PER_GROUP - 1]} == {group_of(x)}
    with pytest.raises(UserInputError) as error:
        similar_items(kv, "g0i9")
    assert error.value.key == "error.unknown_item"
    suggestions = error.value.params["suggestions"].split(", ")
    assert len(suggestions) == 3 and all(name.startswith("g0i") for name in suggestions)


def test_item2vec_recommender_context_one_is_knn_of_the_last_item(kv):
    model = Item2VecRecommender(kv, context=1)
    prefix = ["g2i0", "g1i1"]
    expected = [name for name, _ in similar_items(kv, "g1i1", topn=10) if name != "g2i0"][:5]
    assert model.recommend(prefix, 5, exclude=set(prefix)) == expected


def test_item2vec_recommender_uses_the_mean_of_the_last_items(kv):
    model = Item2VecRecommender(kv, context=2)
    # the first prefix item is beyond the context: the answer is that of the last two alone
    # (exclusions aside), i.e. recommend_for_items on those two
    ranked = model.recommend(["g3i0", "g0i1", "g0i2"], 4, exclude={"g0i1", "g0i2"})
    assert ranked == [name for name, _ in recommend_for_items(kv, ["g0i1", "g0i2"], k=4)]


def test_item2vec_recommender_without_known_items_gives_frequent_items(kv):
    model = Item2VecRecommender(kv)
    assert model.recommend(["unknown"], 5) == kv.index_to_key[:5]


def test_evaluate_uses_the_same_split_for_every_model():
    split = leave_last_out(SESSIONS, test_share=0.2, seed=0)
    models = [
        RandomBaseline(seed=0).fit(split.train), PopularityBaseline().fit(split.train),
        CooccurrenceKNN().fit(split.train), MarkovBaseline().fit(split.train),
        Item2VecRecommender(params=SMALL).fit(split.train),
    ]
    scores = {score.model: score for score in (evaluate(model, split, k=3) for model in models)}
    assert {score.n_test for score in scores.values()} == {split.n_test}
    assert len(scores) == 5
    # the planted successor is there to find: Markov and item2vec far above random
    assert scores["markov"].hr > 0.6 > 0.4 > scores["random"].hr
    assert scores["item2vec"].hr > scores["random"].hr + 0.2


def test_sweep_trains_once_per_value_on_one_split():
    split = leave_last_out(SESSIONS[:600], seed=0)
    progress = []
    scores = sweep(split, "epochs", [1, 3], replace(SMALL, epochs=5), k=5,
                   progress=lambda done, total: progress.append((done, total)))
    assert [score.model for score in scores] == ["item2vec epochs=1", "item2vec epochs=3"]
    assert {score.n_test for score in scores} == {split.n_test}
    assert all(score.train_seconds > 0 and score.k == 5 for score in scores)
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    # the same setting gives the same score: the sweep is seeded
    assert sweep(split, "ns_exponent", [0.5], SMALL)[0].hr == sweep(split, "ns_exponent", [0.5], SMALL)[0].hr
    with pytest.raises(ValueError):
        sweep(split, "seed", [0, 1], SMALL)


def test_training_input_errors():
    with pytest.raises(UserInputError) as error:
        train_item2vec([[], []])
    assert error.value.key == "error.no_sessions"
    with pytest.raises(UserInputError) as error:
        train_item2vec([("a", "b")], replace(SMALL, min_count=2))
    assert error.value.key == "error.too_few_items_to_train"
    with pytest.raises(ValueError):
        train_item2vec(SESSIONS, replace(SMALL, epochs=0))
