"""Both shipped models load offline, shared and read-only, and know their famous analogies."""

import numpy as np
import pytest

from core.embeddings import MODELS, load_vectors
from core.embeddings.models import navec_archive_path
from core.errors import UserInputError


@pytest.fixture(scope="module", params=list(MODELS))
def model(request):
    return request.param, load_vectors(request.param)


def test_shape_matches_registry(model):
    name, kv = model
    info = MODELS[name]
    assert kv.vectors.shape == (info.words, info.dim)
    assert kv.vectors.dtype == np.float32
    assert len(kv.index_to_key) == len(kv.key_to_index) == info.words
    assert all(kv.key_to_index[w] == i for i, w in enumerate(kv.index_to_key[:1000]))


def test_arrays_are_read_only_and_norms_filled(model):
    _, kv = model
    with pytest.raises(ValueError):
        kv.vectors[0, 0] = 1.0
    assert kv.norms is not None and not kv.norms.flags.writeable
    np.testing.assert_allclose(kv.norms[:100], np.linalg.norm(kv.vectors[:100], axis=1), rtol=1e-5)


def test_loaded_once_per_process(model):
    name, kv = model
    assert load_vectors(name) is kv


def test_most_frequent_words_come_first(model):
    name, kv = model
    assert set(kv.index_to_key[:10]) & ({"the", ",", ".", "of"} if name.startswith("glove") else {"в", "и", "на"})
    if "count" in kv.expandos:
        counts = kv.expandos["count"]
        assert np.all(np.diff(counts) <= 0)


def test_navec_has_no_special_tokens():
    kv = load_vectors("navec-ru-300")
    assert "<pad>" not in kv.key_to_index and "<unk>" not in kv.key_to_index
    assert np.all(kv.norms > 0)


@pytest.mark.parametrize(
    ("name", "positive", "negative", "answer", "score"),
    [
        ("glove-en-50", ["king", "woman"], ["man"], "queen", 0.852),
        ("navec-ru-300", ["король", "женщина"], ["мужчина"], "королева", None),
    ],
)
def test_king_minus_man_plus_woman(name, positive, negative, answer, score):
    best, similarity = load_vectors(name).most_similar(positive=positive, negative=negative, topn=1)[0]
    assert best == answer
    if score is not None:
        assert similarity == pytest.approx(score, abs=1e-3)


def test_navec_archive_found_without_importing_natasha():
    import sys

    sys.modules.pop("natasha", None)
    assert navec_archive_path().is_file()
    assert "natasha" not in sys.modules


def test_unknown_model_is_a_user_error():
    with pytest.raises(UserInputError) as info:
        load_vectors("word2vec-klingon")
    assert info.value.key == "error.unknown_model"
