"""Sentence vectors: sum, mean, TF-IDF-weighted mean, keywords only; and their cosine matrix."""

import math

import numpy as np
import pytest
from gensim.models import KeyedVectors
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from core.text.sentence_vectors import METHODS, SentenceVectors, sentence_vectors, similarity_matrix, tfidf_weights

# A tiny model with hand-picked vectors, so that expected values are easy to write down.
TINY_WORDS = ["cat", "sat", "dog", "mat", "the"]
TINY_VECTORS = np.array([
    [1.0, 0.0, 0.0],
    [0.0, 2.0, 0.0],
    [0.5, 0.5, 0.0],
    [0.0, 0.0, 3.0],
    [1.0, 1.0, 1.0],
], dtype=np.float32)


@pytest.fixture(scope="module")
def tiny():
    kv = KeyedVectors(vector_size=3)
    kv.add_vectors(TINY_WORDS, TINY_VECTORS)
    return kv


def _vec(kv, word):
    return np.asarray(kv[word], dtype=np.float64)


# --- sum and mean --------------------------------------------------------------------------


def test_sum_and_mean_by_hand(glove):
    sentences = [["the", "cat", "sat", "on", "the", "mat"], ["dogs", "bark"]]
    total = sum(_vec(glove, w) for w in sentences[0])
    result = sentence_vectors(glove, sentences, "sum")
    assert isinstance(result, SentenceVectors) and result.method == "sum"
    assert result.vectors.dtype == np.float64 and result.vectors.shape == (2, 50)
    assert np.allclose(result.vectors[0], total, atol=1e-12)
    assert np.allclose(result.vectors[1], _vec(glove, "dogs") + _vec(glove, "bark"), atol=1e-12)
    assert result.used[0] == ("the", "cat", "sat", "on", "the", "mat")  # every occurrence counts
    assert result.weights[0] == (1.0,) * 6
    mean = sentence_vectors(glove, sentences, "mean")
    assert np.allclose(mean.vectors[0], total / 6, atol=1e-12)
    assert mean.weights[1] == (0.5, 0.5)


def test_unknown_words_are_skipped_and_reported(glove):
    result = sentence_vectors(glove, [["cat", "qzxvbnmw", "sat"], ["qzxvbnmw"], []], "mean")
    assert result.used == (("cat", "sat"), (), ())
    assert result.weights == ((0.5, 0.5), (), ())
    assert np.allclose(result.vectors[0], (_vec(glove, "cat") + _vec(glove, "sat")) / 2)
    assert not result.vectors[1].any() and not result.vectors[2].any()  # zero rows, not nan


def test_weights_rebuild_the_vector_for_every_method(tiny):
    sentences = [["the", "cat", "sat", "the"], ["dog", "sat", "on", "the", "mat"], ["cat"]]
    for method in METHODS:
        result = sentence_vectors(tiny, sentences, method, keywords=2)
        for row, (words, weights) in enumerate(zip(result.used, result.weights)):
            rebuilt = sum(w * _vec(tiny, word) for word, w in zip(words, weights))
            assert np.allclose(result.vectors[row], rebuilt, atol=1e-12), (method, row)


def test_vectors_are_read_only(tiny):
    result = sentence_vectors(tiny, [["cat"]], "sum")
    with pytest.raises(ValueError):
        result.vectors[0, 0] = 5.0


def test_unknown_method_and_bad_keyword_count_raise(tiny):
    with pytest.raises(ValueError, match="unknown method"):
        sentence_vectors(tiny, [["cat"]], "max")
    with pytest.raises(ValueError):
        sentence_vectors(tiny, [["cat"]], "keywords", keywords=0)


# --- TF-IDF ---------------------------------------------------------------------------------


def test_tfidf_weights_by_hand_and_as_scikit_learn_computes_them(tiny):
    # n = 2 sentences. df: cat 1, sat 2, dog 1. Smoothed idf = ln((1 + n) / (1 + df)) + 1:
    #   idf(cat) = idf(dog) = ln(3/2) + 1 = 1.405465,  idf(sat) = ln(3/3) + 1 = 1.
    # Sentence 1, "cat sat cat": tf·idf cat = 2 · 1.405465 = 2.810930, sat = 1;
    #   normalised: cat 2.810930 / 3.810930 = 0.737597, sat 1 / 3.810930 = 0.262403.
    # Sentence 2, "dog sat": dog 1.405465, sat 1; normalised dog 0.584280, sat 0.415720.
    sentences = [["cat", "sat", "cat"], ["dog", "sat"]]
    idf = math.log(3 / 2) + 1
    raw = tfidf_weights(sentences)
    assert raw[0] == pytest.approx({"cat": 2 * idf, "sat": 1.0}, abs=1e-12)
    assert raw[1] == pytest.approx({"dog": idf, "sat": 1.0}, abs=1e-12)
    sk = TfidfVectorizer(analyzer=lambda tokens: tokens, norm=None)
    matrix = sk.fit_transform(sentences).toarray()
    columns = {w: k for k, w in enumerate(sk.get_feature_names_out())}
    for row, weights in enumerate(raw):
        for word, value in weights.items():
            assert value == pytest.approx(matrix[row, columns[word]], abs=1e-12)

    result = sentence_vectors(tiny, sentences, "tfidf")
    assert result.used == (("cat", "sat"), ("dog", "sat"))  # distinct words, first-occurrence order
    assert result.weights[0] == pytest.approx((0.737597, 0.262403), abs=1e-6)
    assert result.weights[1] == pytest.approx((0.584280, 0.415720), abs=1e-6)
    assert all(math.fsum(w) == pytest.approx(1.0, abs=1e-15) for w in result.weights)
    expected = 0.737597 * _vec(tiny, "cat") + 0.262403 * _vec(tiny, "sat")
    assert np.allclose(result.vectors[0], expected, atol=1e-5)


def test_a_word_in_every_sentence_gets_the_lowest_tfidf_weight(glove):
    sentences = [["the", "cat", "sat", "on", "mat"], ["the", "dog", "barked"], ["the", "stock", "market", "fell"]]
    result = sentence_vectors(glove, sentences, "tfidf")
    for words, weights in zip(result.used, result.weights):
        weight_of = dict(zip(words, weights))
        assert weight_of["the"] == min(weights)
        assert all(weight_of["the"] < w for word, w in weight_of.items() if word != "the")


def test_keywords_pick_the_top_k_by_tfidf_ties_by_first_occurrence(tiny):
    # "cat" twice and only here: highest; "mat" only here; "the" and "sat" also elsewhere.
    sentences = [["the", "sat", "mat", "cat", "cat"], ["the", "sat", "dog"]]
    raw = tfidf_weights(sentences)[0]
    assert raw["cat"] > raw["mat"] > raw["the"] == raw["sat"]
    result = sentence_vectors(tiny, sentences, "keywords", keywords=3)
    assert result.used[0] == ("cat", "mat", "the")  # "the" beats its tie "sat" by coming first
    assert result.weights[0] == pytest.approx((1 / 3,) * 3)
    expected = (_vec(tiny, "cat") + _vec(tiny, "mat") + _vec(tiny, "the")) / 3
    assert np.allclose(result.vectors[0], expected, atol=1e-12)
    one = sentence_vectors(tiny, sentences, "keywords", keywords=1)
    assert one.used == (("cat",), ("dog",))
    assert np.allclose(one.vectors[1], _vec(tiny, "dog"))
    many = sentence_vectors(tiny, sentences, "keywords", keywords=10)  # fewer words than asked: all of them
    assert set(many.used[1]) == {"the", "sat", "dog"}


def test_keywords_skip_words_the_model_lacks(tiny):
    # The rare unknown word has the highest tf·idf but cannot be a keyword.
    result = sentence_vectors(tiny, [["zyzzyva", "zyzzyva", "cat", "the"], ["the"]], "keywords", keywords=1)
    assert result.used == (("cat",), ("the",))


# --- bags of words ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_word_order_does_not_matter(glove, method):
    # The lecture's weakness made a test: who bit whom is lost.
    result = sentence_vectors(glove, [["dog", "bites", "man"], ["man", "bites", "dog"]], method)
    assert np.array_equal(result.vectors[0], result.vectors[1])
    sim = similarity_matrix(result.vectors)
    assert sim[0, 1] == 1.0 and sim[1, 0] == 1.0


# --- similarity matrix ------------------------------------------------------------------------


def test_similarity_matrix_is_symmetric_bounded_and_zero_rows_give_zero(glove):
    sentences = [["king", "queen"], ["apple", "banana", "fruit"], [], ["qzxvbnmw"], ["royal", "palace"]]
    vectors = sentence_vectors(glove, sentences, "mean").vectors
    sim = similarity_matrix(vectors)
    assert sim.shape == (5, 5) and np.isfinite(sim).all()
    assert np.array_equal(sim, sim.T)
    assert (sim >= -1).all() and (sim <= 1).all()
    assert list(np.diag(sim)) == [1.0, 1.0, 0.0, 0.0, 1.0]
    assert not sim[2].any() and not sim[:, 3].any()
    a, b = vectors[0], vectors[4]
    assert sim[0, 4] == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b), abs=1e-12)
    assert sim[0, 4] > sim[0, 1]  # royalty is nearer royalty than fruit


def test_similarity_of_opposite_vectors_is_minus_one():
    sim = similarity_matrix(np.array([[1.0, 2.0], [-2.0, -4.0], [0.0, 0.0]]))
    assert sim[0, 1] == pytest.approx(-1.0) and sim[0, 1] >= -1.0
    assert similarity_matrix(np.zeros((0, 3))).shape == (0, 0)
    with pytest.raises(ValueError):
        similarity_matrix(np.array([1.0, 2.0]))


# --- properties -----------------------------------------------------------------------------

_word = st.sampled_from(TINY_WORDS + ["unknown"])
_sentences = st.lists(st.lists(_word, max_size=7), min_size=1, max_size=5)


@settings(max_examples=60, deadline=None)
@given(sentences=_sentences)
def test_mean_is_sum_over_the_number_of_known_words(tiny, sentences):
    total = sentence_vectors(tiny, sentences, "sum")
    mean = sentence_vectors(tiny, sentences, "mean")
    for row, words in enumerate(total.used):
        n = len(words)
        assert n == sum(w != "unknown" for w in sentences[row])
        expected = total.vectors[row] / n if n else np.zeros(3)
        assert np.array_equal(mean.vectors[row], expected)


@settings(max_examples=60, deadline=None)
@given(sentences=_sentences)
def test_cosine_does_not_see_the_scale_so_sum_and_mean_agree(tiny, sentences):
    by_sum = similarity_matrix(sentence_vectors(tiny, sentences, "sum").vectors)
    by_mean = similarity_matrix(sentence_vectors(tiny, sentences, "mean").vectors)
    assert np.allclose(by_sum, by_mean, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(
    vectors=st.lists(st.lists(st.floats(-10, 10, allow_nan=False), min_size=3, max_size=3), min_size=1, max_size=6),
    scale=st.floats(1e-3, 1e3),
)
def test_similarity_matrix_properties(vectors, scale):
    x = np.array(vectors)
    sim = similarity_matrix(x)
    assert np.array_equal(sim, sim.T) and (np.abs(sim) <= 1).all()
    assert np.allclose(similarity_matrix(scale * x), sim, atol=1e-9)


def test_tiny_vectors_are_not_taken_for_zero():
    sim = similarity_matrix(np.array([[1e-200, 0.0], [3e-200, 1e-200], [0.0, 0.0]]))
    assert sim[0, 0] == 1.0 and sim[0, 1] == pytest.approx(3 / math.sqrt(10)) and sim[2, 2] == 0.0


def test_russian_words_are_looked_up_with_yo_read_as_ye(navec):
    # navec spells котенок; котёнок used to be skipped as unknown.
    result = sentence_vectors(navec, [["котёнок", "спит"], ["котенок", "спит"]], "mean")
    assert result.used == (("котенок", "спит"), ("котенок", "спит"))
    assert np.array_equal(result.vectors[0], result.vectors[1])
    tfidf = sentence_vectors(navec, [["котёнок"], ["котенок"], ["кошка"]], "tfidf")
    assert np.array_equal(tfidf.vectors[0], tfidf.vectors[1])  # one word for the idf as well


def test_a_sentence_without_a_known_word_can_be_shown_as_having_no_cosine(glove):
    result = sentence_vectors(glove, [["qzxvbnmw"], ["king", "queen"], []], "mean")
    assert list(result.has_vector) == [False, True, False]
    sim = similarity_matrix(result.vectors, no_vector=np.nan)
    assert np.isnan(sim[0]).all() and np.isnan(sim[:, 2]).all() and sim[1, 1] == 1.0
    assert np.array_equal(similarity_matrix(result.vectors), np.nan_to_num(sim, nan=0.0))  # the default: 0
