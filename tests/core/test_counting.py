"""Counting contexts in a window, PPMI, truncated SVD and GloVe's ratios, checked against counts
and formulas worked out by hand and against naive implementations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.sparse
from hypothesis import given, settings
from hypothesis import strategies as st

from core.embeddings.counting import (
    MAX_WINDOW,
    Cooccurrence,
    cooccurrence,
    glove_ratios,
    neighbours_from,
    ppmi,
    submatrix,
    svd_vectors,
)
from core.embeddings.similarity import UnknownWordsError
from core.errors import UserInputError

# "the cat sat on the mat" / "the dog sat"
# counts: the 3, sat 2, cat 1, dog 1, mat 1, on 1  -> vocab by count, ties alphabetical
TINY = [["the", "cat", "sat", "on", "the", "mat"], ["the", "dog", "sat"]]
TINY_VOCAB = ("the", "sat", "cat", "dog", "mat", "on")


def naive_cooccurrence(sentences, window, vocab):
    """X[a, b] += 1 for every ordered pair of positions 0 < |p - q| <= window in one sentence."""
    index = {w: i for i, w in enumerate(vocab)}
    matrix = np.zeros((len(vocab), len(vocab)))
    for sentence in sentences:
        for p, a in enumerate(sentence):
            for q, b in enumerate(sentence):
                if p != q and abs(p - q) <= window and a in index and b in index:
                    matrix[index[a], index[b]] += 1
    return matrix


def naive_ppmi(dense, smoothing=1.0):
    total = dense.sum()
    p_ij = dense / total
    p_i = dense.sum(axis=1) / total
    col = dense.sum(axis=0)
    p_c = col**smoothing / (col**smoothing).sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(p_ij / np.outer(p_i, p_c))
    return np.where(dense > 0, np.maximum(pmi, 0), 0.0)


def cell(co: Cooccurrence, a: str, b: str) -> float:
    return float(co.matrix[co.index[a], co.index[b]])


# --- cooccurrence -------------------------------------------------------------------------


def test_vocabulary_is_ordered_by_count_then_alphabet():
    co = cooccurrence(TINY, window=1)
    assert co.vocab == TINY_VOCAB
    assert co.counts.tolist() == [3, 2, 1, 1, 1, 1]
    assert co.counts.dtype == np.int64
    assert co.index == {w: i for i, w in enumerate(TINY_VOCAB)}
    assert co.window == 1
    assert isinstance(co.matrix, scipy.sparse.csr_matrix)
    assert co.matrix.dtype == np.float64


def test_window_one_by_hand():
    co = cooccurrence(TINY, window=1)
    # Adjacent pairs: the-cat, cat-sat, sat-on, on-the, the-mat | the-dog, dog-sat (7 pairs);
    # each counts once in each direction. mat (end of sentence 1) and the (start of sentence 2)
    # are not neighbours.
    expected = {
        ("the", "cat"): 1, ("the", "on"): 1, ("the", "mat"): 1, ("the", "dog"): 1,
        ("cat", "sat"): 1, ("sat", "on"): 1, ("dog", "sat"): 1,
    }
    dense = co.matrix.toarray()
    want = np.zeros((6, 6))
    for (a, b), n in expected.items():
        want[co.index[a], co.index[b]] = want[co.index[b], co.index[a]] = n
    np.testing.assert_array_equal(dense, want)
    assert dense.sum() == 14
    # the: 1 neighbour at position 0, 2 at position 4, 1 in sentence 2 -> row sum 4
    assert dense[co.index["the"]].sum() == 4


def test_window_two_by_hand():
    co = cooccurrence(TINY, window=2)
    # Distance-2 pairs: the_0-sat_2, cat-on, sat_2-the_4, on-mat | the-sat: so the-sat = 3.
    assert cell(co, "the", "sat") == cell(co, "sat", "the") == 3
    assert cell(co, "cat", "on") == 1
    assert cell(co, "on", "mat") == 1
    # Window-1 pairs are still there.
    assert cell(co, "the", "cat") == cell(co, "cat", "sat") == cell(co, "dog", "sat") == 1
    # No pair across the sentence boundary (mat ... the dog).
    assert cell(co, "mat", "dog") == 0
    assert cell(co, "mat", "the") == 1
    # "the" at 0 and 4 are four apart: not within window 2.
    assert cell(co, "the", "the") == 0
    # 7 distance-1 pairs + 5 distance-2 pairs, both directions
    assert co.matrix.sum() == 2 * (7 + 5)


def test_two_occurrences_within_the_window_count_on_the_diagonal():
    # the_0 and the_4 are 4 apart: each is in the other's window -> 2 on the diagonal.
    assert cell(cooccurrence(TINY, window=3), "the", "the") == 0
    assert cell(cooccurrence(TINY, window=4), "the", "the") == 2
    assert cell(cooccurrence(TINY, window=5), "the", "the") == 2
    # A word repeated next to itself: "a a a" -> pairs (0,1), (1,2) at distance 1, (0,2) at 2.
    assert cell(cooccurrence([["a", "a", "a"]], window=1), "a", "a") == 4
    assert cell(cooccurrence([["a", "a", "a"]], window=2), "a", "a") == 6


def test_sparsity_figures():
    co = cooccurrence(TINY, window=1)
    assert co.size == 36
    assert co.nonzero == 14
    assert co.sparsity == pytest.approx(22 / 36)


def test_min_count_keeps_positions_of_dropped_words():
    # Only "the" (3) and "sat" (2) are kept; the dropped words still hold their places, so
    # the-sat stand two apart in all three cases and never at distance 1.
    co = cooccurrence(TINY, window=1, min_count=2)
    assert co.vocab == ("the", "sat")
    assert co.matrix.nnz == 0
    co2 = cooccurrence(TINY, window=2, min_count=2)
    np.testing.assert_array_equal(co2.matrix.toarray(), [[0, 3], [3, 0]])
    np.testing.assert_array_equal(co2.matrix.toarray(), naive_cooccurrence(TINY, 2, co2.vocab))


def test_max_vocab_cuts_the_most_frequent_with_alphabetical_ties():
    assert cooccurrence(TINY, window=1, max_vocab=3).vocab == ("the", "sat", "cat")
    only_the = cooccurrence(TINY, window=4, max_vocab=1)
    assert only_the.vocab == ("the",)
    np.testing.assert_array_equal(only_the.matrix.toarray(), [[2]])


@pytest.mark.parametrize("window", [0, -1, MAX_WINDOW + 1, 2.5, True])
def test_bad_window_is_refused(window):
    with pytest.raises(ValueError):
        cooccurrence(TINY, window=window)


def test_no_word_left_is_a_user_error():
    with pytest.raises(UserInputError) as info:
        cooccurrence(TINY, window=2, min_count=10)
    assert info.value.key == "error.empty_vocabulary"
    assert info.value.params == {"min_count": 10}
    with pytest.raises(UserInputError):
        cooccurrence([], window=2)


def test_empty_sentences_are_harmless():
    co = cooccurrence([[], ["a"], [], ["a", "b"], []], window=3)
    np.testing.assert_array_equal(co.matrix.toarray(), [[0, 1], [1, 0]])


words = st.sampled_from(["a", "b", "c", "d", "e", "f"])
corpora = st.lists(st.lists(words, max_size=12), max_size=8)


@settings(max_examples=150, deadline=None)
@given(corpora, st.integers(1, 6), st.integers(1, 3), st.none() | st.integers(1, 6))
def test_matches_a_naive_double_loop(sentences, window, min_count, max_vocab):
    try:
        co = cooccurrence(sentences, window, min_count=min_count, max_vocab=max_vocab)
    except UserInputError:
        assert not any(sum(s.count(w) for s in sentences) >= min_count for w in "abcdef")
        return
    dense = co.matrix.toarray()
    np.testing.assert_array_equal(dense, naive_cooccurrence(sentences, window, co.vocab))
    np.testing.assert_array_equal(dense, dense.T)
    # Row sums: over every occurrence of the word, its kept neighbours within the window.
    for w, row in zip(co.vocab, dense):
        neighbours = sum(
            1
            for s in sentences for p, x in enumerate(s) if x == w
            for q in range(max(0, p - window), min(len(s), p + window + 1))
            if q != p and s[q] in co.index
        )
        assert row.sum() == neighbours
    assert co.sparsity == pytest.approx(1 - np.count_nonzero(dense) / dense.size)


def test_lee_corpus_total_equals_the_number_of_in_window_pairs(lee_sentences):
    window = 5
    co = cooccurrence(lee_sentences, window)
    # A sentence of n tokens holds n - d pairs at each distance d, each counted both ways.
    pairs = sum(max(0, len(s) - d) for s in lee_sentences for d in range(1, window + 1))
    assert co.matrix.sum() == 2 * pairs
    assert co.counts.sum() == sum(map(len, lee_sentences))
    assert (co.matrix != co.matrix.T).nnz == 0


@pytest.fixture(scope="module")
def lee_sentences():
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    with open(datapath("lee_background.cor"), encoding="utf8") as f:
        return [simple_preprocess(line) for line in f]


# --- submatrix ----------------------------------------------------------------------------


def test_submatrix_in_the_order_given():
    co = cooccurrence(TINY, window=2)
    np.testing.assert_array_equal(submatrix(co, ["sat", "the", "on"]), [[0, 3, 1], [3, 0, 1], [1, 1, 0]])


def test_submatrix_names_every_unknown_word():
    co = cooccurrence(TINY, window=2)
    with pytest.raises(UnknownWordsError) as info:
        submatrix(co, ["the", "cta", "zebra"])
    assert info.value.key == "error.unknown_words"
    assert info.value.unknown == ["cta", "zebra"]
    assert "cat" in info.value.suggestions["cta"]


# --- PPMI ---------------------------------------------------------------------------------

# 3 x 3 with zeros: total 11, row sums = column sums = (5, 3, 3)
HAND = np.array([[4.0, 1, 0], [1, 2, 0], [0, 0, 3]])


def test_ppmi_by_hand():
    result = ppmi(scipy.sparse.csr_matrix(HAND)).toarray()
    # PMI(i, j) = log(X_ij * total / (row_i * col_j))
    want = np.array([
        [math.log(4 * 11 / (5 * 5)), 0.0, 0.0],  # log(44/25) = 0.565; log(11/15) < 0 -> 0
        [0.0, math.log(2 * 11 / (3 * 3)), 0.0],  # log(22/9) = 0.894
        [0.0, 0.0, math.log(3 * 11 / (3 * 3))],  # log(11/3) = 1.299
    ])
    np.testing.assert_allclose(result, want, rtol=1e-12)
    assert result[0, 0] == pytest.approx(0.5653, abs=1e-4)


def test_ppmi_keeps_zeros_zero_and_is_sparse():
    result = ppmi(scipy.sparse.csr_matrix(HAND))
    assert isinstance(result, scipy.sparse.csr_matrix)
    # 5 non-zero counts, of which (0, 1) and (1, 0) have negative PMI
    assert result.nnz == 3
    assert result[0, 2] == result[2, 0] == result[1, 2] == 0


def test_ppmi_context_smoothing_by_hand():
    result = ppmi(scipy.sparse.csr_matrix(HAND), smoothing=0.75).toarray()
    # Only P_c changes: P_c(0) = 5^.75 / (5^.75 + 3^.75 + 3^.75) = 3.344 / (3.344 + 2 * 2.280) = 0.4231
    p_c0 = 5**0.75 / (5**0.75 + 2 * 3**0.75)
    assert p_c0 == pytest.approx(0.4231, abs=1e-4)
    # PPMI(0, 0) = log(P(0,0) / (P(0) P_c(0))) = log((4/11) / ((5/11) * 0.4231)) = log(1.891)
    assert result[0, 0] == pytest.approx(math.log((4 / 11) / ((5 / 11) * p_c0)), rel=1e-12)
    np.testing.assert_allclose(result, naive_ppmi(HAND, 0.75), rtol=1e-12)


def test_smoothing_favours_frequent_contexts():
    dense = np.array([[5.0, 1, 2], [3, 1, 7], [2, 4, 1]])  # column 1 (sum 6) is the rarest context
    plain, smoothed = ppmi(dense).toarray(), ppmi(dense, smoothing=0.75).toarray()
    # The rare context's probability rises, so its PMI falls; the frequent one's (column 2) rises.
    assert np.all(smoothed[:, 1] <= plain[:, 1])
    assert np.all(smoothed[:, 2] >= plain[:, 2])
    # With equal column sums smoothing changes nothing.
    equal_columns = np.array([[4.0, 1, 0], [1, 2, 2], [0, 2, 3]])  # column sums 5, 5, 5
    np.testing.assert_allclose(ppmi(equal_columns, 0.75).toarray(), ppmi(equal_columns).toarray(), rtol=1e-12)


def test_ppmi_of_empty_rows_and_an_empty_matrix():
    dense = np.array([[0.0, 0, 0], [0, 1, 2], [0, 2, 0]])
    result = ppmi(dense).toarray()
    assert np.all(result[0] == 0) and np.all(result[:, 0] == 0)
    np.testing.assert_allclose(result, naive_ppmi(dense))
    assert ppmi(scipy.sparse.csr_matrix((4, 4))).nnz == 0


@pytest.mark.parametrize("smoothing", [0, -0.5, 1.5])
def test_bad_smoothing_is_refused(smoothing):
    with pytest.raises(ValueError):
        ppmi(HAND, smoothing=smoothing)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        ppmi(np.array([[1.0, -1], [0, 2]]))


sparse_counts = st.integers(1, 7).flatmap(
    lambda n: st.lists(st.integers(0, 4) | st.just(0) | st.just(0), min_size=n * n, max_size=n * n).map(
        lambda cells: np.array(cells, dtype=float).reshape(n, n)
    )
)


@settings(max_examples=200, deadline=None)
@given(sparse_counts, st.sampled_from([1.0, 0.75, 0.5]))
def test_ppmi_matches_a_dense_naive_implementation(dense, smoothing):
    result = ppmi(scipy.sparse.csr_matrix(dense), smoothing).toarray()
    if dense.sum() == 0:
        assert not result.any()
        return
    np.testing.assert_allclose(result, naive_ppmi(dense, smoothing), rtol=1e-10, atol=1e-12)
    assert np.all(result >= 0)
    assert np.all(result[dense == 0] == 0)


# --- SVD ----------------------------------------------------------------------------------


def test_svd_shape_and_clamped_k():
    matrix = np.random.default_rng(0).random((6, 6))
    assert svd_vectors(matrix, 3).shape == (6, 3)
    assert svd_vectors(matrix, 50).shape == (6, 5)
    assert svd_vectors(matrix, 0).shape == (6, 1)
    assert svd_vectors(matrix, 50, algorithm="randomized").shape == (6, 5)


@pytest.mark.parametrize("algorithm", ["arpack", "randomized"])
def test_svd_is_seeded(algorithm):
    matrix = scipy.sparse.random(40, 40, density=0.2, random_state=1, format="csr")
    first = svd_vectors(matrix, 5, seed=3, algorithm=algorithm)
    np.testing.assert_array_equal(first, svd_vectors(matrix, 5, seed=3, algorithm=algorithm))


def test_svd_column_norms_are_the_top_singular_values():
    # U has orthonormal columns, so the columns of U·Σ have the singular values as lengths.
    matrix = np.random.default_rng(2).random((30, 30))
    vectors = svd_vectors(scipy.sparse.csr_matrix(matrix), 8)
    top = np.linalg.svd(matrix, compute_uv=False)[:8]
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=0), top, rtol=1e-8)
    # ... and they are orthogonal: (UΣ)ᵀ(UΣ) = Σ²
    np.testing.assert_allclose(vectors.T @ vectors, np.diag(top**2), atol=1e-8 * top[0] ** 2)


@settings(max_examples=30, deadline=None)
@given(st.integers(4, 20), st.integers(1, 3), st.integers(0, 1000), st.sampled_from(["arpack", "randomized"]))
def test_svd_keeps_everything_of_a_low_rank_matrix(n, rank, seed, algorithm):
    # A = B Cᵀ has rank r; with k >= r, U·Σ loses nothing: (UΣ)(UΣ)ᵀ = U Σ² Uᵀ = A Aᵀ.
    rng = np.random.default_rng(seed)
    matrix = rng.normal(size=(n, rank)) @ rng.normal(size=(n, rank)).T
    k = min(rank + 1, n - 1)
    vectors = svd_vectors(matrix, k, algorithm=algorithm)
    gram = matrix @ matrix.T
    np.testing.assert_allclose(vectors @ vectors.T, gram, atol=1e-8 * np.abs(gram).max())


def test_svd_of_a_zero_matrix_is_zero():
    assert not svd_vectors(scipy.sparse.csr_matrix((5, 5)), 3).any()


# --- neighbours ---------------------------------------------------------------------------


def test_neighbours_from_a_known_small_case():
    vocab = ["a", "b", "c", "d", "zero"]
    vectors = np.array([[1.0, 0], [2, 0.1], [0, 1], [-1, 0], [0, 0]])
    result = neighbours_from(vectors, vocab, "a", topn=10)
    assert [w for w, _ in result] == ["b", "c", "zero", "d"]
    assert result[0][1] == pytest.approx(2 / math.sqrt(4.01))
    assert result[1][1] == pytest.approx(0.0)
    assert result[2] == ("zero", 0.0)
    assert result[3][1] == pytest.approx(-1.0)
    assert neighbours_from(vectors, vocab, "a", topn=1) == result[:1]
    # A zero vector's neighbours all have cosine 0.
    assert all(score == 0 for _, score in neighbours_from(vectors, vocab, "zero"))


def test_neighbours_from_an_unknown_word():
    with pytest.raises(UnknownWordsError) as info:
        neighbours_from(np.eye(3), ["cat", "dog", "sat"], "dgo")
    assert info.value.unknown == ["dgo"]
    assert info.value.suggestions["dgo"] == ["dog"]


def test_neighbours_on_ppmi_svd_of_a_tiny_corpus_put_synonyms_together():
    # "cat" and "dog" share every context, "milk" and "meat" differ: cat's nearest is dog.
    sentences = [["the", "cat", "drinks", "milk"], ["the", "dog", "drinks", "milk"],
                 ["the", "cat", "eats", "meat"], ["the", "dog", "eats", "meat"],
                 ["a", "bird", "flies", "high"]] * 3
    co = cooccurrence(sentences, window=2)
    vectors = svd_vectors(ppmi(co.matrix), 4)
    assert neighbours_from(vectors, co.vocab, "cat", topn=1)[0][0] == "dog"


# --- GloVe ratios -------------------------------------------------------------------------


def test_glove_ratios_by_hand():
    sentences = [["ice", "solid"], ["ice", "solid"], ["ice", "water"],
                 ["steam", "gas"], ["steam", "gas"], ["steam", "water"], ["ice", "steam"]]
    co = cooccurrence(sentences, window=1)
    rows = {r.probe: r for r in glove_ratios(co, "ice", "steam", ["solid", "gas", "water", "steam"])}
    # ice's contexts: solid 2, water 1, steam 1 -> 4; steam's: gas 2, water 1, ice 1 -> 4
    assert rows["solid"].p_given_i == pytest.approx(2 / 4)
    assert rows["solid"].p_given_j == 0
    assert rows["solid"].ratio == math.inf
    assert rows["gas"].p_given_i == 0
    assert rows["gas"].p_given_j == pytest.approx(2 / 4)
    assert rows["gas"].ratio == 0
    assert rows["water"].ratio == pytest.approx(1.0)
    assert rows["steam"].p_given_i == pytest.approx(1 / 4)
    assert rows["steam"].p_given_j == 0  # steam is not its own context here
    assert list(rows) == ["solid", "gas", "water", "steam"]


def test_glove_ratio_is_nan_when_neither_word_sees_the_probe():
    co = cooccurrence([["ice", "cold"], ["steam", "hot"], ["fashion"]], window=1)
    (row,) = glove_ratios(co, "ice", "steam", ["fashion"])
    assert row.p_given_i == row.p_given_j == 0
    assert math.isnan(row.ratio)
    # A word with no context at all: every probability 0, not a division by zero.
    (row,) = glove_ratios(co, "fashion", "ice", ["cold"])
    assert row.p_given_i == 0 and row.p_given_j == 1 and row.ratio == 0


def test_glove_ratios_by_hand_with_unequal_totals():
    co = cooccurrence(TINY, window=2)
    # Contexts of "the" within 2: the_0 -> cat, sat; the_4 -> sat, on, mat; the (2nd sentence)
    # -> dog, sat: 7 in all, "on" once. Contexts of "sat": sat_2 -> the, cat, on, the;
    # sat (2nd sentence) -> the, dog: 6 in all, "on" once, "the" three times.
    on, the = glove_ratios(co, "the", "sat", ["on", "the"])
    assert on.p_given_i == pytest.approx(1 / 7)
    assert on.p_given_j == pytest.approx(1 / 6)
    assert on.ratio == pytest.approx(6 / 7)
    assert the.p_given_i == 0
    assert the.p_given_j == pytest.approx(3 / 6)
    assert the.ratio == 0


def test_glove_ratios_name_unknown_words():
    co = cooccurrence(TINY, window=2)
    with pytest.raises(UnknownWordsError) as info:
        glove_ratios(co, "ice", "the", ["solid"])
    assert info.value.unknown == ["ice", "solid"]


def test_count_neighbours_equal_dense_cosines_of_count_rows():
    from core.embeddings.counting import count_neighbours

    sentences = [["a", "b", "c", "a", "d"], ["b", "c", "e"], ["a", "e", "d", "d"]]
    co = cooccurrence(sentences, 2)
    dense = co.matrix.toarray()
    for word in co.vocab:
        expected = neighbours_from(dense, co.vocab, word, topn=3)
        found = count_neighbours(co, word, topn=3)
        assert [w for w, _ in found] == [w for w, _ in expected]
        assert np.allclose([s for _, s in found], [s for _, s in expected])
