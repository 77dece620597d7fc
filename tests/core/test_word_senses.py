"""Senses in pretrained vectors: the k-NN graph, Louvain's split, naming by centrality, the
word's single vector between its senses, a sentence's context read against the senses."""

from __future__ import annotations

import time

import numpy as np
import pytest
from gensim.models import KeyedVectors

from core.embeddings import load_vectors
from core.embeddings.similarity import UnknownWordsError
from core.embeddings.word_senses import (
    GRAPH_K, NEIGHBOURS, knn_graph, neighbour_words, neighbourhood_plane, read_context, softmax, split_senses,
)
from core.errors import UserInputError

DIM = 30
FRUIT = [f"fruit{c}" for c in "abcdefghijkl"]
TECH = [f"tech{c}" for c in "abcdefghijkl"]
FAR = [f"far{c}" for c in "abcdefghijklmnopqrst"]


@pytest.fixture(scope="module")
def planted():
    """An ambiguous word "apple" whose vector is 0.7 fruit + 0.3 tech (fruit is its frequent
    sense), two tight groups of neighbours, and unrelated words far away."""
    rng = np.random.default_rng(0)
    fruit, tech = np.zeros(DIM), np.zeros(DIM)
    fruit[0], tech[1] = 1.0, 1.0
    rows = [0.7 * fruit + 0.3 * tech]
    rows += [fruit + 0.15 * rng.normal(size=DIM) for _ in FRUIT]
    rows += [tech + 0.15 * rng.normal(size=DIM) for _ in TECH]
    rows += [np.eye(DIM)[2 + i % (DIM - 2)] * 3 - fruit - tech + 0.1 * rng.normal(size=DIM) for i in range(len(FAR))]
    kv = KeyedVectors(vector_size=DIM)
    kv.add_vectors(["apple", *FRUIT, *TECH, *FAR, "the", "and"],
                   np.vstack([*rows, -fruit - tech, -fruit - tech + 0.01]).astype(np.float32))
    kv.fill_norms()
    return kv


def test_knn_graph_links_each_row_to_its_most_similar_with_cosine_weights():
    rng = np.random.default_rng(1)
    unit = rng.normal(size=(15, 6))
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    graph = knn_graph(unit, k=3)
    cos = unit @ unit.T
    for i in range(15):
        others = np.argsort(-np.where(np.eye(15, dtype=bool)[i], -np.inf, cos[i]))[:3]
        for j in others:
            if cos[i, j] > 0:
                assert graph.has_edge(i, int(j))
                assert graph[i][int(j)]["weight"] == pytest.approx(cos[i, j])
    assert all(d["weight"] > 0 for _, _, d in graph.edges(data=True))  # Louvain needs positive weights


def test_planted_senses_are_found_and_named_by_their_most_central_words(planted):
    split = split_senses(planted, "apple", n_neighbours=24, resolution=1.0)
    assert set(split.neighbours) == set(FRUIT + TECH)  # the 24 nearest are the two groups
    groups = {frozenset(s.words) for s in split.senses}
    assert groups == {frozenset(FRUIT), frozenset(TECH)}
    for sense in split.senses:
        # named by weighted degree inside the group, computed here by hand
        vectors = np.stack([planted[w] / np.linalg.norm(planted[w]) for w in sense.words])
        graph = knn_graph(np.stack([planted[w] / np.linalg.norm(planted[w]) for w in split.neighbours]), GRAPH_K)
        index = {w: i for i, w in enumerate(split.neighbours)}
        inside = {index[w] for w in sense.words}
        degree = {w: sum(d["weight"] for j, d in graph[index[w]].items() if j in inside) for w in sense.words}
        assert sense.words[0] == max(degree, key=degree.get)
        assert list(sense.centrality) == sorted(sense.centrality, reverse=True)
        centroid = vectors.mean(axis=0)
        assert sense.centroid == pytest.approx(centroid / np.linalg.norm(centroid), abs=1e-6)
        assert len(sense.name) == 3
    # neighbours map to their sense index
    for word, s in zip(split.neighbours, split.sense_of):
        assert word in split.senses[s].words


def test_the_single_vector_sits_between_the_senses_nearer_the_frequent_one(planted):
    split = split_senses(planted, "apple", n_neighbours=24)
    by_group = {("fruit" if s.words[0].startswith("fruit") else "tech"): s.word_cosine for s in split.senses}
    assert 0.3 < by_group["tech"] < by_group["fruit"] < 0.99
    assert split.senses[split.nearest_sense].words[0].startswith("fruit")
    assert split.senses[split.farthest_sense].words[0].startswith("tech")


def test_resolution_changes_the_number_of_senses_on_real_vectors():
    kv = load_vectors("glove-en-50")
    low = len(split_senses(kv, "python", 60, resolution=0.3).senses)
    high = len(split_senses(kv, "python", 60, resolution=2.0).senses)
    assert low < high


def test_a_sentence_picks_the_sense_of_its_words(planted):
    split = split_senses(planted, "apple", n_neighbours=24)
    tech_index = next(i for i, s in enumerate(split.senses) if s.words[0].startswith("tech"))
    reading = read_context(planted, split, "the techa and techb with apple and zzz", "en")
    assert reading.chosen == tech_index
    assert sum(reading.shares) == pytest.approx(1.0)
    assert reading.shares[tech_index] > 0.9
    assert reading.used == ("techa", "techb")  # the word itself and stop words left out
    assert reading.unknown == ("zzz",)
    assert set(reading.stop) == {"the", "and", "with"}
    # the cosines are those of the mean unit vector to each centroid
    mean = sum(planted[w] / np.linalg.norm(planted[w]) for w in ("techa", "techb")) / 2
    mean /= np.linalg.norm(mean)
    assert reading.cosines == pytest.approx([float(mean @ s.centroid) for s in split.senses])


def test_softmax_is_the_formula():
    scores = np.array([0.2, 0.5, 0.1])
    expected = np.exp(scores / 0.05) / np.exp(scores / 0.05).sum()
    assert softmax(scores, 0.05) == pytest.approx(expected)
    assert softmax([1000.0, 1000.0]) == pytest.approx([0.5, 0.5])  # no overflow


@pytest.mark.parametrize(("text", "key"), [
    ("", "error.text_empty"),
    ("!!! 🙂 ...", "error.text_empty"),
    ("apple", "error.senses_no_context"),
    ("the and", "error.text_nothing_left"),
    ("x " * 5000, "error.text_too_long"),
])
def test_bad_sentences_get_a_message(planted, text, key):
    split = split_senses(planted, "apple", n_neighbours=24)
    with pytest.raises(UserInputError) as caught:
        read_context(planted, split, text, "en")
    assert caught.value.key == key


def test_unknown_and_empty_words_are_refused_with_suggestions(planted):
    with pytest.raises(UnknownWordsError) as caught:
        split_senses(planted, "appel")
    assert "apple" in caught.value.suggestions["appel"]
    with pytest.raises(UserInputError) as caught:
        split_senses(planted, "  ")
    assert caught.value.key == "error.senses_no_word"
    with pytest.raises(UnknownWordsError):
        split_senses(planted, "<script>alert(1)</script>")


def test_neighbours_are_words_and_their_number_is_clamped():
    kv = load_vectors("glove-en-50")
    found = neighbour_words(kv, "bank", 80)
    assert len(found) == 80 and all(w.isalpha() for w, _ in found)
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    assert len(split_senses(kv, "bank", 10_000).neighbours) == NEIGHBOURS[1]
    assert len(split_senses(kv, "bank", 1).neighbours) == NEIGHBOURS[0]


def test_the_plane_is_pca_of_the_word_and_its_neighbours(planted):
    split = split_senses(planted, "apple", n_neighbours=24)
    plane = neighbourhood_plane(split)
    assert plane.shape == (25, 2)
    points = np.vstack([split.word_vector, split.vectors])
    centred = points - points.mean(axis=0)
    # the two columns are the projections on the two widest directions: same variances as PCA
    variances = np.linalg.svd(centred, compute_uv=False)[:2] ** 2
    assert (plane ** 2).sum(axis=0) == pytest.approx(variances)
    assert np.array_equal(plane, neighbourhood_plane(split))  # the same word, the same picture
    first = [i + 1 for i, s in enumerate(split.sense_of) if s == 0]
    assert plane[first].mean(axis=0).min() >= 0  # signs fixed: the first sense lies right and up


@pytest.mark.parametrize(("model", "word"), [("glove-en-50", "python"), ("navec-ru-300", "замок")])
def test_a_split_takes_well_under_a_second(model, word):
    kv = load_vectors(model)
    split_senses(kv, word)  # networkx imported, the model warm
    start = time.perf_counter()
    split = split_senses(kv, word, 80)
    seconds = time.perf_counter() - start
    assert seconds < 0.3, seconds
    assert len(split.senses) >= 2
