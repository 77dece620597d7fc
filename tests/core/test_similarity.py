import math

import numpy as np
import pytest

from core.embeddings import load_vectors
from core.embeddings.similarity import (
    MAX_NEIGHBOURS,
    UnknownWordsError,
    cosine,
    cosine_matrix,
    cosine_terms,
    known_words,
    nearest_to_vector,
    neighbours,
    one_hot,
    one_hot_size,
    resolve,
    suggest,
)
from core.errors import UserInputError


def brute_force_euclidean(kv, word, topn):
    """Nearest words by a plain |v - q| over the whole vocabulary, the query left out."""
    index = kv.key_to_index[word]
    distances = np.linalg.norm(kv.vectors - kv.vectors[index], axis=1).astype(np.float64)
    distances[index] = np.inf
    order = np.argsort(distances, kind="stable")[:topn]
    return [kv.index_to_key[i] for i in order], distances[order]


# --- one-hot vectors ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_different_one_hot_vectors_are_orthogonal(n):
    vectors = one_hot(n)
    assert vectors.shape == (n, n)
    assert np.all(vectors.sum(axis=1) == 1)
    np.testing.assert_array_equal(cosine_matrix(vectors), np.eye(n))


def test_one_hot_size_for_a_thousand_words():
    size = one_hot_size(1000)
    assert size.words == 1000
    assert size.length == 1000
    assert size.nonzero == 1
    assert size.sparsity == pytest.approx(0.999)
    # 1000 x 1000 float32 = 4,000,000 bytes
    assert size.matrix_megabytes == pytest.approx(4.0)
    assert size.matrix_megabytes * 1e6 == one_hot(1000).nbytes


def test_one_hot_size_of_glove_vocabulary():
    # 400,000^2 * 4 bytes = 640 GB: the lecture's point about one-hot vectors
    assert one_hot_size(400_000).matrix_megabytes == pytest.approx(640_000.0)


@pytest.mark.parametrize("n", [0, -5])
def test_one_hot_size_needs_a_word(n):
    with pytest.raises(UserInputError):
        one_hot_size(n)


# --- cosine -------------------------------------------------------------------------------


def test_cosine_known_values():
    assert cosine(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == 0.0
    assert cosine(np.array([3.0, 1.0]), np.array([6.0, 2.0])) == pytest.approx(1.0)
    assert cosine(np.array([1.0, 2.0]), np.array([-1.0, -2.0])) == pytest.approx(-1.0)
    assert cosine(np.array([3.0, 1.0]), np.array([5.0, 2.0])) == pytest.approx(17 / math.sqrt(290))
    assert cosine(np.zeros(3), np.array([1.0, 2.0, 3.0])) == 0.0


def test_cosine_matrix_matches_pairwise_cosine_and_survives_zero_rows():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(6, 4))
    vectors[2] = 0.0
    matrix = cosine_matrix(vectors)
    assert np.all(np.isfinite(matrix))
    for i in range(6):
        for j in range(6):
            assert matrix[i, j] == pytest.approx(cosine(vectors[i], vectors[j]), abs=1e-12)


@pytest.mark.parametrize(("a", "b"), [("cat", "dog"), ("king", "queen"), ("paris", "banana")])
def test_cosine_terms_glove(glove, a, b):
    terms = cosine_terms(glove, a, b)
    va, vb = glove[a].astype(np.float64), glove[b].astype(np.float64)
    assert terms.word_a == a and terms.word_b == b
    assert terms.norm_a == pytest.approx(np.linalg.norm(va), rel=1e-12)
    assert terms.norm_b == pytest.approx(np.linalg.norm(vb), rel=1e-12)
    assert terms.dot == pytest.approx(float(va @ vb), rel=1e-12)
    assert terms.cosine == pytest.approx(terms.dot / (terms.norm_a * terms.norm_b), rel=1e-12)
    assert terms.cosine == pytest.approx(float(glove.similarity(a, b)), abs=1e-6)
    assert terms.euclidean == pytest.approx(np.linalg.norm(va - vb), rel=1e-12)


def test_cosine_terms_navec_and_spelling(navec):
    terms = cosine_terms(navec, "Кошка", "собака")
    assert terms.word_a == "кошка"
    assert terms.cosine == pytest.approx(float(navec.similarity("кошка", "собака")), abs=1e-6)


def test_cosine_terms_of_a_word_with_itself(glove):
    terms = cosine_terms(glove, "cat", "cat")
    assert terms.cosine == pytest.approx(1.0)
    assert terms.euclidean == 0.0


def test_cosine_terms_names_both_unknown_words(glove):
    with pytest.raises(UnknownWordsError) as caught:
        cosine_terms(glove, "catx", "qqzzxxw")
    assert caught.value.unknown == ["catx", "qqzzxxw"]


# --- neighbours ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "words"),
    [("glove-en-50", ["cat", "king", "paris", "computer"]), ("navec-ru-300", ["кошка", "король", "москва"])],
)
def test_cosine_neighbours_equal_gensim_most_similar(model, words):
    kv = load_vectors(model)
    for word in words:
        ours = neighbours(kv, word, 10, "cosine")
        theirs = kv.most_similar(word, topn=10)
        assert [w for w, _ in ours] == [w for w, _ in theirs], word
        np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


@pytest.mark.parametrize(
    ("model", "words"), [("glove-en-50", ["cat", "king", "run"]), ("navec-ru-300", ["кошка", "москва"])]
)
def test_euclidean_neighbours_equal_brute_force(model, words):
    kv = load_vectors(model)
    for word in words:
        ours = neighbours(kv, word, 10, "euclidean")
        expected_words, expected_distances = brute_force_euclidean(kv, word, 10)
        assert [w for w, _ in ours] == expected_words, word
        distances = [d for _, d in ours]
        np.testing.assert_allclose(distances, expected_distances, rtol=1e-5, atol=1e-5)
        assert distances == sorted(distances)
        assert word not in [w for w, _ in ours]


def test_cosine_neighbours_are_sorted_and_exclude_the_query(glove):
    found = neighbours(glove, "Cat", 25)
    words = [w for w, _ in found]
    scores = [s for _, s in found]
    assert len(found) == 25 and len(set(words)) == 25
    assert "cat" not in words
    assert scores == sorted(scores, reverse=True)
    assert all(-1.0 - 1e-6 <= s <= 1.0 + 1e-6 for s in scores)


def test_topn_is_clamped(glove):
    assert len(neighbours(glove, "cat", 10**6)) == MAX_NEIGHBOURS
    assert len(neighbours(glove, "cat", 0)) == 1
    assert len(neighbours(glove, "cat", -3, "euclidean")) == 1


def test_unknown_metric(glove):
    with pytest.raises(UserInputError) as caught:
        neighbours(glove, "cat", 5, "manhattan")
    assert caught.value.key == "error.unknown_metric"


def test_nearest_to_vector_of_a_word_finds_that_word_first(glove):
    for metric in ("cosine", "euclidean"):
        found = nearest_to_vector(glove, glove["dog"], 3, metric)
        assert found[0][0] == "dog"
    assert nearest_to_vector(glove, glove["dog"], 1, "euclidean")[0][1] == pytest.approx(0.0, abs=1e-3)


def test_king_minus_man_plus_woman_is_near_queen(glove):
    vector = glove["king"] - glove["man"] + glove["woman"]
    found = [w for w, _ in nearest_to_vector(glove, vector, 5, exclude=("king", "man", "woman"))]
    assert "queen" in found


# --- spelling -----------------------------------------------------------------------------


def test_resolve_glove(glove):
    assert resolve(glove, "Cat") == "cat"
    assert resolve(glove, "  CAT \n") == "cat"
    assert resolve(glove, "cat") == "cat"
    assert resolve(glove, "catx") is None


def test_resolve_navec_yo(navec):
    # navec has both spellings of ёлка: the typed one is kept
    assert "ёлка" in navec.key_to_index and "елка" in navec.key_to_index
    assert resolve(navec, "ёлка") == "ёлка"
    assert resolve(navec, "Ёлка") == "ёлка"
    assert resolve(navec, "елка") == "елка"
    # navec only has черемуха with е: ё is read as е
    assert "черёмуха" not in navec.key_to_index and "черемуха" in navec.key_to_index
    assert resolve(navec, "Черёмуха") == "черемуха"
    assert resolve(navec, "кошкв") is None


def test_known_words_spelling(glove, navec):
    assert known_words(glove, ["Cat", "DOG", " paris "]) == ["cat", "dog", "paris"]
    assert known_words(navec, ["Кошка", "черёмуха"]) == ["кошка", "черемуха"]
    assert known_words(glove, []) == []


def test_known_words_names_all_unknown_words_at_once(glove):
    with pytest.raises(UnknownWordsError) as caught:
        known_words(glove, ["catx", "dog", "dgo", "catx"])
    error = caught.value
    assert isinstance(error, UserInputError)
    assert error.unknown == ["catx", "dgo"]  # each named once, in order
    assert error.key == "error.unknown_words"
    assert "catx" in str(error) and "dgo" in str(error) and "dog" not in error.params["words"].split(", ")
    assert "cat" in error.suggestions["catx"]
    assert "dog" in error.suggestions["dgo"]


def test_catt_is_a_glove_word():
    # The typo "catt" is itself in GloVe (a rare word), so it is not reported unknown.
    kv = load_vectors("glove-en-50")
    assert known_words(kv, ["catt"]) == ["catt"]
    assert "cat" in suggest(kv, "catt")


def test_known_words_suggests_for_russian(navec):
    with pytest.raises(UnknownWordsError) as caught:
        known_words(navec, ["кошкв"])
    assert "кошка" in caught.value.suggestions["кошкв"]


@pytest.mark.parametrize(("model", "word"), [("glove-en-50", "catx"), ("glove-en-50", "cqt"),
                                             ("navec-ru-300", "кошкв"), ("navec-ru-300", "сабака")])
def test_suggest_is_in_frequency_order(model, word):
    kv = load_vectors(model)
    found = suggest(kv, word)
    assert 1 <= len(found) <= 5
    assert all(w in kv.key_to_index for w in found)
    ranks = [kv.key_to_index[w] for w in found]
    assert ranks == sorted(ranks)
    assert word not in found


def edit_distance(a, b):
    """Optimal string alignment distance: deletions, insertions, replacements, adjacent swaps."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@pytest.mark.parametrize(("model", "word", "one_slip"), [
    ("glove-en-50", "computr", True), ("glove-en-50", "cmoputr", False), ("navec-ru-300", "кошкв", True),
])
def test_suggest_is_within_one_or_two_edits(model, word, one_slip):
    kv = load_vectors(model)
    found = suggest(kv, word, n=50)
    assert found
    distances = [edit_distance(word, w) for w in found]
    # words one slip away are offered when there are any; two slips only when there are none
    assert set(distances) == ({1} if one_slip else {2})


def test_suggest_second_ring(glove):
    # "cmoputr" is two slips from "computer" (a swap and a dropped letter)
    assert "computer" in suggest(glove, "cmoputr")


def test_suggest_n_limits(glove):
    assert len(suggest(glove, "catx", n=2)) == 2
    assert suggest(glove, "catx", n=2) == suggest(glove, "catx", n=5)[:2]


@pytest.mark.parametrize("text", ["", "   ", "x" * 31, "a" * 1_000_000, "😀", "🐱🐶", "\x00", "кошкв" * 10])
def test_suggest_odd_input_never_crashes(glove, navec, text):
    for kv in (glove, navec):
        found = suggest(kv, text)
        assert isinstance(found, list)
        assert all(w in kv.key_to_index for w in found)
    assert suggest(glove, "") == [] and suggest(glove, "a" * 1_000_000) == []


@pytest.mark.parametrize("text", ["", "   ", "a" * 1_000_000, "😀", "new york", "\x00", "кошка" * 100])
def test_odd_words_give_a_clean_user_error(glove, navec, text):
    for kv in (glove, navec):
        with pytest.raises(UserInputError):
            neighbours(kv, text, 5)
        with pytest.raises(UserInputError):
            known_words(kv, [text])
        with pytest.raises(UserInputError):
            cosine_terms(kv, text, "cat")


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("m", [1, 11, 60, 999])
def test_the_fast_top_k_is_exact(seed, m):
    from core.embeddings.similarity import _smallest

    rng = np.random.default_rng(seed)
    key = rng.normal(size=120_000).astype(np.float32)
    key[rng.integers(0, len(key), 50)] = np.inf
    key[:20_000] += 3.0  # the first 20,000 (which set the bound) hold none of the smallest
    key[rng.integers(0, len(key), 200)] = np.round(key[rng.integers(0, len(key), 200)], 1)  # ties
    found = _smallest(key, m)
    assert len(found) == m and len(set(found.tolist())) == m
    assert np.sort(key[found]).tolist() == np.sort(key)[:m].tolist()
