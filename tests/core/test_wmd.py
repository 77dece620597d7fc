"""Word Mover's Distance against gensim's wmdistance, its properties as a transport problem, its
lower bounds, and nearest-document search against brute force."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserInputError
from core.text.documents import document_tokens, lee_documents, title_of
from core.text.stopwords import prepare_tokens
from core.text.tokenize import sentences
from core.text.wmd import (
    DocumentIndex, mean_vector_cosine, nearest_documents, relaxed_wmd, wmd, word_centroid_distance,
)

OBAMA = "Obama speaks to the media in Illinois"
PRESIDENT = "The president greets the press in Chicago"
ORANGES = "Oranges are my favorite fruit"


@pytest.fixture(scope="module")
def lee_tokens(glove):
    texts, _ = lee_documents()
    return document_tokens(glove, texts, "en")


@pytest.fixture(scope="module")
def lee_queries(glove):
    """The first sentence of each of the first 12 documents of gensim's Lee *test* corpus: news
    of the same kind, none of it in the 300 background documents searched."""
    from gensim.test.utils import datapath

    lines = Path(datapath("lee.cor")).read_text(encoding="latin-1").splitlines()
    return [prepare_tokens(" ".join(sentences(line)[0]), glove, "en").kept for line in lines[:12]]


# --- against gensim -------------------------------------------------------------------------


def test_obama_and_president_as_gensim(glove):
    a = prepare_tokens(OBAMA, glove, "en").kept
    b = prepare_tokens(PRESIDENT, glove, "en").kept
    c = prepare_tokens(ORANGES, glove, "en").kept
    assert a == ("obama", "speaks", "media", "illinois") and b == ("president", "greets", "press", "chicago")
    near, far = wmd(glove, a, b), wmd(glove, a, c)
    assert near.distance == pytest.approx(glove.wmdistance(a, b), abs=1e-6)
    assert far.distance == pytest.approx(glove.wmdistance(a, c), abs=1e-6)
    assert near.distance < far.distance
    # The paper's pairing: each word moves its whole quarter to its counterpart.
    np.testing.assert_allclose(near.plan, np.eye(4) / 4, atol=1e-12)


def test_lee_sentence_pairs_as_gensim(glove):
    texts, _ = lee_documents()
    pool = [s for t in texts[:60] for s in sentences(t)]
    rng = random.Random(7)
    for _ in range(60):
        first, second = rng.sample(pool, 2)
        for drop in (True, False):
            a = prepare_tokens(" ".join(first), glove, "en", drop_stop_words=drop).kept
            b = prepare_tokens(" ".join(second), glove, "en", drop_stop_words=drop).kept
            assert wmd(glove, a, b).distance == pytest.approx(glove.wmdistance(a, b), abs=1e-6)


def test_whole_lee_documents_as_gensim(glove, lee_tokens):
    for i, j in [(0, 1), (2, 150), (104, 299), (7, 8)]:
        a, b = lee_tokens[i], lee_tokens[j]
        assert wmd(glove, a, b).distance == pytest.approx(glove.wmdistance(a, b), abs=1e-6)


RUSSIAN = [
    "Президент выступил перед журналистами в Москве",
    "Глава государства приветствовал прессу в Петербурге",
    "Апельсины — мои любимые фрукты",
    "Кошка спит на тёплом диване, а собака лает во дворе",
    "Учёные открыли новую звезду в далёкой галактике",
    "Астрономы нашли ещё одну планету у соседней звезды",
]


def test_russian_pairs_as_gensim(navec):
    prepared = [prepare_tokens(t, navec, "ru").kept for t in RUSSIAN]
    for i in range(len(prepared)):
        for j in range(len(prepared)):
            a, b = prepared[i], prepared[j]
            assert wmd(navec, a, b).distance == pytest.approx(navec.wmdistance(a, b), abs=1e-6)
    close = wmd(navec, prepared[0], prepared[1]).distance
    assert close < wmd(navec, prepared[0], prepared[2]).distance
    assert wmd(navec, prepared[4], prepared[5]).distance < wmd(navec, prepared[4], prepared[3]).distance


# --- properties -----------------------------------------------------------------------------


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


def tokens_strategy():
    """1-15 tokens, repeats allowed, from the 5,000 most frequent GloVe words; deferred, so the
    model loads when the first example is drawn, not when tests are collected."""
    from core.embeddings import load_vectors

    return st.lists(st.sampled_from(load_vectors("glove-en-50").index_to_key[:5000]), min_size=1, max_size=15)


TOKENS = st.deferred(tokens_strategy)


@PROPERTY_SETTINGS
@given(a=TOKENS, b=TOKENS)
def test_equals_gensim(glove, a, b):
    assert wmd(glove, a, b).distance == pytest.approx(glove.wmdistance(a, b), abs=1e-6)


@PROPERTY_SETTINGS
@given(a=TOKENS, b=TOKENS)
def test_symmetric_with_transposed_plan(glove, a, b):
    ab, ba = wmd(glove, a, b), wmd(glove, b, a)
    assert ab.distance == pytest.approx(ba.distance, abs=1e-12)
    np.testing.assert_allclose(ab.plan, ba.plan.T, atol=1e-9)
    np.testing.assert_array_equal(ab.cost, ba.cost.T)


@PROPERTY_SETTINGS
@given(a=TOKENS, b=TOKENS)
def test_plan_is_a_transport_plan(glove, a, b):
    r = wmd(glove, a, b)
    assert r.plan.dtype == np.float64 and r.cost.dtype == np.float64
    assert r.plan.shape == r.cost.shape == (len(r.words_a), len(r.words_b))
    assert (r.plan >= 0).all()
    np.testing.assert_allclose(r.plan.sum(axis=1), r.weights_a, atol=1e-9)
    np.testing.assert_allclose(r.plan.sum(axis=0), r.weights_b, atol=1e-9)
    assert r.weights_a.sum() == pytest.approx(1.0, abs=1e-12) and r.weights_b.sum() == pytest.approx(1.0, abs=1e-12)
    # A vertex of the transport polytope: at most n_a + n_b - 1 moves.
    assert np.count_nonzero(r.plan > 1e-15) <= len(r.words_a) + len(r.words_b) - 1
    assert r.distance == pytest.approx(float(np.sum(r.plan * r.cost)), abs=1e-12)
    assert 0.0 <= r.distance <= 2.0
    assert (r.cost >= 0).all() and (r.cost <= 2.0 + 1e-12).all()


@PROPERTY_SETTINGS
@given(a=TOKENS)
def test_identical_documents_are_exactly_zero_apart(glove, a):
    r = wmd(glove, a, list(a))
    assert r.distance == 0.0
    assert np.all(np.diag(r.cost) == 0.0)
    shuffled = list(reversed(a))
    assert wmd(glove, a, shuffled).distance == 0.0


@PROPERTY_SETTINGS
@given(a=TOKENS, b=TOKENS, seed=st.integers(0, 2**32 - 1))
def test_token_order_is_irrelevant(glove, a, b, seed):
    rng = random.Random(seed)
    a2, b2 = list(a), list(b)
    rng.shuffle(a2)
    rng.shuffle(b2)
    assert wmd(glove, a2, b2).distance == pytest.approx(wmd(glove, a, b).distance, abs=1e-9)


@PROPERTY_SETTINGS
@given(a=TOKENS, b=TOKENS)
def test_lower_bounds(glove, a, b):
    distance = wmd(glove, a, b).distance
    assert 0.0 <= word_centroid_distance(glove, a, b) <= distance + 1e-9
    assert 0.0 <= relaxed_wmd(glove, a, b) <= distance + 1e-9
    assert relaxed_wmd(glove, a, b) == pytest.approx(relaxed_wmd(glove, b, a), abs=1e-12)


@PROPERTY_SETTINGS
@given(a=TOKENS, b=TOKENS)
def test_duplicates_add_mass(glove, a, b):
    doubled = list(a) + [a[0]]
    r = wmd(glove, doubled, b)
    counts = {w: doubled.count(w) for w in r.words_a}
    np.testing.assert_allclose(r.weights_a, [counts[w] / len(doubled) for w in r.words_a], atol=1e-15)
    assert r.words_a == tuple(dict.fromkeys(doubled))


def test_duplicates_change_the_distance(glove):
    # gensim's own example, on GloVe: one more "human" moves more mass.
    once = wmd(glove, ["human", "interface"], ["interface"])
    twice = wmd(glove, ["human", "human", "interface"], ["interface"])
    assert once.weights_a.tolist() == [0.5, 0.5] and twice.weights_a.tolist() == [2 / 3, 1 / 3]
    assert twice.distance > once.distance
    assert twice.distance == pytest.approx(glove.wmdistance(["human", "human", "interface"], ["interface"]), abs=1e-9)


def test_one_word_against_many_is_the_mean_cost(glove):
    # A one-word side has only one way to move: WMD is the weighted mean cost, and the relaxed
    # bound of that side is exact.
    r = wmd(glove, ["king"], ["queen", "man", "man"])
    assert r.distance == pytest.approx(float(r.cost[0] @ r.weights_b), abs=1e-12)
    assert relaxed_wmd(glove, ["king"], ["queen", "man", "man"]) == pytest.approx(r.distance, abs=1e-12)


def test_cost_and_bounds_by_hand(glove):
    a, b = ["king", "queen"], ["man", "woman", "woman"]
    unit = {w: glove.get_vector(w, norm=True).astype(np.float64) for w in a + b}
    r = wmd(glove, a, b)
    for i, u in enumerate(r.words_a):
        for j, v in enumerate(r.words_b):
            assert r.cost[i, j] == pytest.approx(np.linalg.norm(unit[u] - unit[v]), abs=1e-12)
    ca = (unit["king"] + unit["queen"]) / 2
    cb = (unit["man"] + 2 * unit["woman"]) / 3
    assert word_centroid_distance(glove, a, b) == pytest.approx(np.linalg.norm(ca - cb), abs=1e-12)
    cosine = ca @ cb / np.linalg.norm(ca) / np.linalg.norm(cb)
    assert mean_vector_cosine(glove, a, b) == pytest.approx(cosine, abs=1e-12)
    one_sided = (r.weights_a @ r.cost.min(axis=1), r.weights_b @ r.cost.min(axis=0))
    assert relaxed_wmd(glove, a, b) == pytest.approx(max(one_sided), abs=1e-15)


def test_mean_vector_cosine_of_the_same_text_is_one(glove):
    assert mean_vector_cosine(glove, ["king", "queen", "king"], ["queen", "king", "king"]) == pytest.approx(1.0)


def test_out_of_vocabulary_tokens_are_ignored(glove):
    a, b = ["king", "zyxwvutq", "queen"], ["man", "qqqzzzx", "woman"]
    r = wmd(glove, a, b)
    assert r.words_a == ("king", "queen") and r.words_b == ("man", "woman")
    assert r.distance == wmd(glove, ["king", "queen"], ["man", "woman"]).distance


@pytest.mark.parametrize("function", [wmd, word_centroid_distance, relaxed_wmd, mean_vector_cosine])
def test_a_side_without_known_words_is_a_user_error(glove, function):
    for a, b in [(["zyxwvutq"], ["king"]), (["king"], []), ([], [])]:
        with pytest.raises(UserInputError) as caught:
            function(glove, a, b)
        assert caught.value.key == "error.text_nothing_left"


def test_a_string_is_not_a_token_list(glove):
    with pytest.raises(TypeError):
        wmd(glove, "king", ["queen"])


def test_same_word_alone_is_zero(glove):
    r = wmd(glove, ["king"], ["king", "king"])
    assert r.distance == 0.0 and r.plan.tolist() == [[1.0]]


def test_long_texts_reach_the_optimum(glove):
    words = glove.index_to_key[1000:1400]
    rng = random.Random(3)
    a, b = rng.sample(words, 300), rng.sample(words, 300)
    r = wmd(glove, a, b)
    assert r.distance == pytest.approx(glove.wmdistance(a, b), abs=1e-6)
    np.testing.assert_allclose(r.plan.sum(axis=1), r.weights_a, atol=1e-9)


# --- nearest documents ----------------------------------------------------------------------


def brute_force(glove, query, documents, k=5):
    known = [i for i, d in enumerate(documents) if any(w in glove.key_to_index for w in d)]
    scored = sorted((wmd(glove, query, documents[i]).distance, i) for i in known)
    return [(i, d) for d, i in scored[:k]]


def test_lee_documents():
    texts, titles = lee_documents()
    assert len(texts) == len(titles) == 300
    assert titles[0] == "Hundreds of people have been forced to vacate…"
    assert all(t.endswith("…") and len(t.split()) == 8 for t in titles)
    assert title_of("Two words") == "Two words"


def test_nearest_documents_equal_brute_force_with_fewer_solves(glove, lee_tokens, lee_queries):
    solves, brute = [], []
    for query in lee_queries:
        result = nearest_documents(glove, query, lee_tokens, k=5)
        assert result.hits == brute_force(glove, query, lee_tokens)  # same indices, same distances
        assert result.brute_force_solves == 300
        assert result.exact_solves + result.pruned_by_rwmd + result.skipped_by_wcd == 300
        solves.append(result.exact_solves)
        brute.append(result.brute_force_solves)
    assert np.mean(brute) >= 3 * np.mean(solves)


def test_duplicate_documents_tie_in_index_order(glove, lee_tokens):
    # Lines 104 and 112 of the Lee file are the same article.
    assert lee_tokens[104] == lee_tokens[112]
    result = nearest_documents(glove, lee_tokens[112], lee_tokens, k=3)
    assert result.hits[:2] == [(104, 0.0), (112, 0.0)]
    assert result.hits == brute_force(glove, lee_tokens[112], lee_tokens, k=3)


@pytest.mark.parametrize("k", [1, 2, 10])
def test_other_k_and_short_queries(glove, lee_tokens, k):
    for text in ["bushfires threaten homes", "cricket", "Israeli troops and Palestinian militants"]:
        query = prepare_tokens(text, glove, "en").kept
        assert nearest_documents(glove, query, lee_tokens, k=k).hits == brute_force(glove, query, lee_tokens, k)


def test_documents_without_known_words_are_skipped(glove):
    documents = [["king"], [], ["zyxwvutq"], ["queen", "woman"], ["apple"]]
    result = DocumentIndex(glove, documents).search(["queen"], k=10)
    assert result.brute_force_solves == 3
    assert [i for i, _ in result.hits] == [3, 0, 4]
    assert result.hits == brute_force(glove, ["queen"], documents, k=10)


def test_search_rejects_bad_input(glove, lee_tokens):
    with pytest.raises(UserInputError) as caught:
        nearest_documents(glove, ["zyxwvutq"], lee_tokens)
    assert caught.value.key == "error.text_nothing_left"
    for k in (0, -1, 101):
        with pytest.raises(UserInputError) as caught:
            nearest_documents(glove, ["cricket"], lee_tokens, k=k)
        assert caught.value.key == "error.search_k"


def test_a_huge_text_is_refused_by_its_length_before_it_is_split(glove):
    from core.errors import UserInputError
    from core.text.stopwords import MAX_CHARS_PER_TOKEN, prepare_tokens

    with pytest.raises(UserInputError) as error:
        prepare_tokens("a" * (1000 * MAX_CHARS_PER_TOKEN + 1), glove, "en")
    assert error.value.key == "error.text_too_many_chars" and error.value.params["n"] == 100_001
    with pytest.raises(UserInputError) as error:
        prepare_tokens("cat " * 1001, glove, "en")
    assert error.value.key == "error.text_too_long" and error.value.params == {"limit": 1000, "n": 1001}
