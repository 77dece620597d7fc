"""The synthetic corpus: seeded, Zipf-distributed, and with analogies that word2vec recovers
when the structure is clean and loses when it is noise."""

from collections import Counter
from functools import lru_cache

import numpy as np
import pytest
from gensim.models import Word2Vec

from core.embeddings.corpora import Corpus
from core.embeddings.synthetic_corpus import (
    AGES,
    GENDERS,
    MAX_SENTENCES,
    NUMBERS,
    RANKS,
    PlantedWord,
    planted_analogies,
    planted_words,
    synthetic_corpus,
)
from core.embeddings.synthetic_corpus import _synthetic_corpus


@lru_cache(maxsize=None)
def analogy_accuracy(noise: float, seed: int) -> float:
    corpus = synthetic_corpus(noise=noise, seed=seed)
    model = Word2Vec(corpus.sentences, vector_size=50, window=3, min_count=1, sg=1, negative=5, epochs=10, seed=0,
                     workers=1)
    solved = [model.wv.most_similar(positive=[a, c], negative=[b], topn=1)[0][0] == expected
              for a, b, c, expected in planted_analogies()]
    return sum(solved) / len(solved)


# --- the planted words and analogies ------------------------------------------------------


def test_planted_words_cover_every_cell_twice():
    words = planted_words()
    assert len(words) >= 16 and len({w.word for w in words}) == len(words)
    cells = Counter((w.gender, w.rank, w.number) for w in words)
    assert set(cells) == {(g, r, n) for g in GENDERS for r in RANKS for n in NUMBERS}
    assert min(cells.values()) >= 2
    # within a cell the words differ in age, so no two planted words share a context distribution
    assert len({(w.gender, w.rank, w.number, w.age) for w in words}) == len(words)
    assert all(w.age in AGES for w in words)


def test_group_names():
    king = next(w for w in planted_words() if w.word == "king")
    assert king == PlantedWord("king", "male", "royal", "singular", "adult")
    assert king.group == "royal male singular"
    assert {w.group for w in planted_words() if w.word in ("queens", "princesses")} == {"royal female plural"}


def test_planted_analogies_are_true_by_construction():
    attributes = {w.word: w for w in planted_words()}
    found = planted_analogies()
    assert len(found) >= 20 and len(set(found)) == len(found)
    assert found[0] == ("king", "man", "woman", "queen")
    assert ("king", "kings", "queens", "queen") in found or ("kings", "king", "queen", "queens") in found \
        or ("king", "man", "men", "kings") in found
    for quad in found:
        assert len(set(quad)) == 4
        a, b, c, d = (attributes[w] for w in quad)
        for attr in ("gender", "rank", "number", "age"):
            # a − b + c = d, attribute by attribute: d takes c's value where a and b agree, a's where b and c agree
            va, vb, vc, vd = (getattr(w, attr) for w in (a, b, c, d))
            assert (va == vd and vb == vc) or (va == vb and vc == vd), (quad, attr)
    relations = Counter(next(attr for attr in ("gender", "rank", "number")
                             if getattr(attributes[q[1]], attr) != getattr(attributes[q[2]], attr))
                        for q in found)
    assert set(relations) == {"gender", "rank", "number"}


# --- the corpus ---------------------------------------------------------------------------


def test_corpus_shape():
    corpus = synthetic_corpus()
    assert isinstance(corpus, Corpus)
    assert corpus.name == "synthetic" and corpus.language == "en" and corpus.title == ""
    assert len(corpus.sentences) == 4000
    assert all(isinstance(s, tuple) and 5 <= len(s) <= 20 for s in corpus.sentences)
    assert len(synthetic_corpus(n_sentences=1).sentences) == 1
    assert len(synthetic_corpus(n_sentences=123, noise=0.5, seed=7).sentences) == 123


def test_every_sentence_has_exactly_one_planted_word():
    planted = {w.word for w in planted_words()}
    for sentence in synthetic_corpus().sentences:
        assert sum(t in planted for t in sentence) == 1


def test_seeded():
    first = synthetic_corpus(500, 0.2, seed=3)
    assert _synthetic_corpus.__wrapped__(500, 0.2, 3) == first  # built again, not read from the cache
    assert synthetic_corpus(500, 0.2, seed=3).sentences != synthetic_corpus(500, 0.2, seed=4).sentences
    assert synthetic_corpus(500, 0.2, seed=3).sentences != synthetic_corpus(500, 0.3, seed=3).sentences


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_planted_word_is_common_enough_and_frequencies_follow_zipf(seed):
    counts = synthetic_corpus(seed=seed).counts()
    planted = [counts[w.word] for w in planted_words()]
    assert min(planted) >= 20
    assert max(planted) >= 5 * min(planted)
    assert counts["man"] == max(planted)  # the most frequent by design


def test_clean_sentences_carry_their_subjects_attributes():
    by_word = {w.word: w for w in planted_words()}
    royal = {"palace", "castle", "court", "kingdom", "ballroom", "fortress"}
    common = {"village", "farm", "market", "field", "cottage", "street"}
    for sentence in synthetic_corpus(1000, noise=0.0).sentences:
        subject = next(by_word[t] for t in sentence if t in by_word)
        places = set(sentence) & (royal | common)
        assert places <= (royal if subject.rank == "royal" else common)
        if subject.number == "plural":
            assert not {"his", "her", "is", "was", "a", "one"} & set(sentence)
        else:
            assert "their" not in sentence
        if subject.gender == "male":
            assert not {"her", "aunt", "sister", "niece", "grandmother"} & set(sentence)
        else:
            assert not {"his", "uncle", "brother", "nephew", "grandfather"} & set(sentence)


@pytest.mark.parametrize("noise", [-0.1, 1.1, float("nan"), float("inf"), "0.5", None, True])
def test_noise_is_validated(noise):
    with pytest.raises(ValueError):
        synthetic_corpus(noise=noise)


@pytest.mark.parametrize("n", [0, -5, 2.5, True, "100", None, MAX_SENTENCES + 1])
def test_sentence_count_is_validated(n):
    with pytest.raises(ValueError):
        synthetic_corpus(n_sentences=n)


# --- the structure word2vec finds (or not) ------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_skipgram_solves_the_planted_analogies(seed):
    assert analogy_accuracy(0.1, seed) >= 0.85


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_noise_destroys_the_analogies(seed):
    assert analogy_accuracy(1.0, seed) < 0.4


def test_more_noise_fewer_analogies():
    assert analogy_accuracy(0.0, 0) >= analogy_accuracy(0.5, 0) > analogy_accuracy(1.0, 0)


def test_planted_vectors_encode_the_four_attributes_as_unit_vectors():
    from core.embeddings.synthetic_corpus import planted_vectors

    words = [p.word for p in planted_words()]
    vectors = planted_vectors(words)
    assert vectors.shape == (len(words), 4)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    king, queen, kings, boy = planted_vectors(["king", "queen", "kings", "boy"])
    assert king @ queen == 0.5  # they differ in gender only: three of four attributes agree
    assert king @ kings == 0.5 and king @ boy == 0.0  # boy differs in rank and age: two of four
    # king − man + woman lands exactly on queen in the planted space
    man, woman = planted_vectors(["man", "woman"])
    assert np.allclose(king - man + woman, queen)
