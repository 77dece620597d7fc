"""gensim's fastText vector of a word is the MEAN of its rows (the lecture says "sum"): checked
number by number against wv[word], for known words, unseen words and words with n-grams that
never occur in the corpus."""

import numpy as np
import pytest

from core.embeddings.corpora import lecture_corpus
from core.embeddings.fasttext_vectors import compose
from core.embeddings.training import TrainingParams, train_embeddings, word_ngrams


@pytest.fixture(scope="module")
def wv():
    # The page's way of training (its n-gram table sized to the corpus), on the small English
    # retelling of the lecture: under a second.
    params = TrainingParams(algorithm="fasttext", vector_size=20, window=3, epochs=5, min_count=1, min_n=3, max_n=5)
    return train_embeddings(lecture_corpus("en").sentences, params).wv


def own_mean(wv, word):
    """The mean written out from the two arrays gensim keeps, independent of compose()."""
    from gensim.models.fasttext import ft_ngram_hashes

    rows = [wv.vectors_ngrams[h] for h in ft_ngram_hashes(word, wv.min_n, wv.max_n, wv.bucket)]
    if word in wv.key_to_index:
        rows.append(wv.vectors_vocab[wv.key_to_index[word]])
    return np.mean(np.asarray(rows, dtype=np.float64), axis=0), len(rows)


@pytest.mark.parametrize("word", ["gradient", "network", "the", "apple"])
def test_a_known_word_is_the_mean_of_its_own_row_and_its_ngram_rows(wv, word):
    assert word in wv.key_to_index
    mean, rows = own_mean(wv, word)
    assert rows == len(word_ngrams(word, 3, 5)) + 1
    np.testing.assert_allclose(wv[word], mean, rtol=1e-5, atol=1e-6)
    # not the sum: that is `rows` times longer, in the same direction
    total = mean * rows
    assert np.linalg.norm(total) == pytest.approx(rows * np.linalg.norm(wv[word]), rel=1e-5)
    assert np.dot(total, wv[word]) / (np.linalg.norm(total) * np.linalg.norm(wv[word])) == pytest.approx(1, abs=1e-6)


@pytest.mark.parametrize("word", ["gradients", "appple", "zzzqx"])
def test_an_unseen_word_is_the_mean_of_all_its_ngram_rows_seen_in_training_or_not(wv, word):
    assert word not in wv.key_to_index
    seen = {g for w in wv.index_to_key for g in word_ngrams(w, 3, 5)}
    grams = word_ngrams(word, 3, 5)
    mean, rows = own_mean(wv, word)
    assert rows == len(grams)  # every n-gram counts ...
    if word != "gradients":
        assert set(grams) - seen  # ... including ones no corpus word has ("ppp", "zzz")
    np.testing.assert_allclose(wv[word], mean, rtol=1e-5, atol=1e-6)


def test_compose_gives_gensims_vector_and_the_lectures_sum(wv):
    for word in ("gradient", "appple", "ab"):
        part = compose(wv, word)
        np.testing.assert_allclose(part.vector, wv[word], rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(part.total, part.rows * part.vector, rtol=1e-9)
        assert part.known == (word in wv.key_to_index)
    assert compose(wv, "gradient").rows == compose(wv, "gradient").ngrams + 1
    # "banana" has "ana" twice: gensim adds its row twice
    grams = word_ngrams("banana", 3, 5)
    assert grams.count("ana") == 2 and compose(wv, "banana").ngrams == len(grams) == 15


def test_a_word_too_short_for_any_ngram_and_unknown_has_no_rows():
    params = TrainingParams(algorithm="fasttext", vector_size=8, window=2, epochs=1, min_count=1, min_n=4, max_n=4)
    wv = train_embeddings(lecture_corpus("en").sentences, params).wv
    assert "q" not in wv.key_to_index
    assert compose(wv, "q") is None and not np.any(wv["q"])  # "<q>" has no 4-gram: gensim's zero vector
