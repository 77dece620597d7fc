"""The plane a WMD picture is drawn on: PCA of only the two texts' words."""

import numpy as np
from sklearn.decomposition import PCA

from core.text.word_plane import word_plane

WORDS = ["obama", "speaks", "media", "illinois", "president", "greets", "press", "chicago"]


def test_the_plane_is_pca_of_the_unit_vectors_up_to_sign(glove):
    points = word_plane(glove, WORDS)
    unit = np.array([glove.get_vector(w, norm=True) for w in WORDS], dtype=float)
    expected = PCA(n_components=2).fit_transform(unit)
    assert np.allclose(np.abs(points), np.abs(expected), atol=1e-6)
    assert points[0, 0] <= 0 and points[0, 1] >= 0


def test_the_plane_never_stretches_a_distance(glove):
    points = word_plane(glove, WORDS)
    unit = np.array([glove.get_vector(w, norm=True) for w in WORDS], dtype=float)
    for i in range(len(WORDS)):
        for j in range(len(WORDS)):
            assert np.linalg.norm(points[i] - points[j]) <= np.linalg.norm(unit[i] - unit[j]) + 1e-9


def test_one_and_two_words(glove):
    assert word_plane(glove, []).shape == (0, 2)
    assert np.allclose(word_plane(glove, ["cat"]), 0)
    two = word_plane(glove, ["cat", "dog"])
    gap = np.linalg.norm(glove.get_vector("cat", norm=True) - glove.get_vector("dog", norm=True))
    assert np.allclose(two[:, 1], 0, atol=1e-9) and np.isclose(abs(two[1, 0] - two[0, 0]), gap)
