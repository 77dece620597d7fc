"""The words a page opens with come from the chosen model's vocabulary."""

import numpy as np
from gensim.models import KeyedVectors

from core.embeddings.analogy_gallery import GALLERY
from core.embeddings.default_words import (
    first_known_analogy, frequent_content_words, pair_or_neighbours, words_or_frequent,
)


def _vectors(words):
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors(list(words), np.random.default_rng(0).normal(size=(len(words), 4)).astype(np.float32))
    return kv


SMALL = _vectors(["the", "и", "42", "of", "bank", "river", "money", "water", "city", "paris"])


def test_known_words_are_kept_and_unknown_ones_replaced_by_frequent_content_words():
    assert words_or_frequent(SMALL, ["river", "bank"], "en") == ["river", "bank"]
    # "the", "и", "42" and "of": a stop word, too short or a number
    assert words_or_frequent(SMALL, ["cat", "dog", "snake"], "en") == ["bank", "river", "money"]
    assert frequent_content_words(SMALL, 10, "en") == ["bank", "river", "money", "water", "city", "paris"]


def test_a_pair_the_model_lacks_becomes_a_frequent_word_and_its_nearest_neighbour():
    first, second = pair_or_neighbours(SMALL, ("cat", "dog"), "en")
    assert first == "bank" and second == SMALL.most_similar("bank", topn=1)[0][0]
    assert pair_or_neighbours(SMALL, ("paris", "city"), "en") == ("paris", "city")


def test_the_first_gallery_analogy_the_model_knows_or_three_of_its_words():
    assert first_known_analogy(_vectors(["paris", "france", "germany", "berlin"]), "en") == GALLERY["en"][2]
    made = first_known_analogy(SMALL, "en")
    assert (made.a, made.b, made.c, made.expected) == ("bank", "river", "money", "")
