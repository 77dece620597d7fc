"""word2vec and fastText training with per-epoch snapshots: checked against gensim itself, against
brute-force geometry (Procrustes, PCA, cosine rankings, 3CosAdd) and across processes."""

import hashlib
import json
import os
import subprocess
import sys
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import ortho_group, spearmanr
from sklearn.decomposition import PCA

from core.embeddings import models
from core.embeddings.corpora import lee_corpus
from core.embeddings.models import MAX_TRAINED, is_loaded, load_vectors, model_info, register_vectors
from core.embeddings.synthetic_corpus import planted_analogies, planted_words, synthetic_corpus
from core.embeddings.training import (
    MAX_TRACKED, TrainingParams, agreement, align_snapshots, analogies_by_epoch, compare_sg_cbow,
    epoch_coordinates, epoch_neighbours, fingerprint, frequency_bands, ngram_bucket, plain_ngrams, train_embeddings,
    word2vec_text, word_ngrams,
)
from core.errors import UserInputError

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = synthetic_corpus(1000).sentences
SMALL = TrainingParams(vector_size=20, epochs=5, min_count=3, seed=0)
FAST = replace(SMALL, algorithm="fasttext")
KINDS = {"skip-gram": SMALL, "cbow": replace(SMALL, sg=0), "fasttext": FAST}
PLANTED = [p.word for p in planted_words()]


def _unit(matrix):
    matrix = np.asarray(matrix, dtype=np.float64)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _final_tracked(model):
    """The model's final vectors of its tracked words, normalised in float64 like the snapshots."""
    return _unit(model.wv.vectors[[model.wv.key_to_index[w] for w in model.tracked]])


@pytest.fixture(scope="module")
def sg_model():
    return train_embeddings(SENTENCES, SMALL, track=PLANTED)


@pytest.fixture(scope="module")
def ft_model():
    return train_embeddings(SENTENCES, FAST, track=PLANTED)


@pytest.fixture(scope="module")
def long_model():
    """Enough epochs on the planted structure for analogies to emerge."""
    return train_embeddings(SENTENCES, replace(SMALL, vector_size=30, epochs=12), track=PLANTED)


# --- reproducibility -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_same_sentences_and_params_give_bit_identical_vectors_and_snapshots(kind):
    first, second = (train_embeddings(SENTENCES, KINDS[kind]) for _ in range(2))
    assert first.wv.index_to_key == second.wv.index_to_key and first.tracked == second.tracked
    assert np.array_equal(first.wv.vectors, second.wv.vectors)
    assert np.array_equal(first.snapshots, second.snapshots)
    other = train_embeddings(SENTENCES, replace(KINDS[kind], seed=1))
    assert other.wv.index_to_key == first.wv.index_to_key
    assert not np.allclose(other.wv.vectors, first.wv.vectors)
    assert not np.allclose(other.snapshots[0], first.snapshots[0])  # the seed sets the starting point too


_CHECKSUM_SCRIPT = """
import hashlib, json
from dataclasses import replace
from core.embeddings.synthetic_corpus import synthetic_corpus
from core.embeddings.training import TrainingParams, fingerprint, train_embeddings
sentences = synthetic_corpus(300).sentences
base = TrainingParams(vector_size=10, epochs=2, min_count=2, seed=3)
out = {}
for kind, params in (("sg", base), ("cbow", replace(base, sg=0)), ("fasttext", replace(base, algorithm="fasttext"))):
    model = train_embeddings(sentences, params)
    digest = hashlib.sha256()
    digest.update("\\n".join(model.wv.index_to_key).encode())
    digest.update(model.wv.vectors.tobytes())
    digest.update(model.snapshots.tobytes())
    out[kind] = digest.hexdigest()
out["fingerprint"] = fingerprint("synthetic", base)
print(json.dumps(out))
"""


def test_training_does_not_depend_on_pythons_hash_seed():
    """gensim once seeded each word's starting vector with hash(word): with hash randomisation
    every process would train another model. Two processes with different hash seeds must agree
    with each other and with this one."""
    results = []
    for hash_seed in ("1", "98765"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", _CHECKSUM_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    namespace = {}
    exec(_CHECKSUM_SCRIPT.replace("print(json.dumps(out))", ""), namespace)
    assert results[0] == results[1] == namespace["out"]


def test_fingerprint_is_short_stable_and_tells_settings_apart():
    a = fingerprint("lee", TrainingParams())
    assert a == fingerprint("lee", TrainingParams()) and len(a) == 12 and int(a, 16) >= 0
    assert a != fingerprint("lee", TrainingParams(seed=1)) and a != fingerprint("synthetic", TrainingParams())


# --- parameters reach gensim ------------------------------------------------------------------

# Every field set away from its default at once: any one dropped on the way would break equality.
UNUSUAL = {
    "word2vec": TrainingParams(sg=0, vector_size=16, window=2, negative=3, ns_exponent=0.2, epochs=3, min_count=7,
                               seed=4),
    "fasttext": TrainingParams(algorithm="fasttext", sg=1, vector_size=12, window=3, negative=7, ns_exponent=-0.5,
                               epochs=2, min_count=2, seed=9, min_n=2, max_n=4),
}


@pytest.mark.parametrize("algorithm", UNUSUAL)
def test_the_same_settings_given_to_gensim_directly_give_the_same_model(algorithm):
    from gensim.models import FastText, Word2Vec

    params = UNUSUAL[algorithm]
    ours = train_embeddings(SENTENCES, params)
    cls = FastText if algorithm == "fasttext" else Word2Vec
    theirs = cls([list(s) for s in SENTENCES], sg=params.sg, vector_size=params.vector_size, window=params.window,
                 negative=params.negative, ns_exponent=params.ns_exponent, epochs=params.epochs,
                 min_count=params.min_count, seed=params.seed, workers=1,
                 **({"min_n": params.min_n, "max_n": params.max_n, "bucket": ngram_bucket(SENTENCES, params)}
                    if algorithm == "fasttext" else {}))
    assert ours.wv.index_to_key == theirs.wv.index_to_key
    assert np.array_equal(ours.wv.vectors, theirs.wv.vectors)
    assert ours.wv.vector_size == params.vector_size
    if algorithm == "fasttext":
        assert (ours.wv.min_n, ours.wv.max_n) == (2, 4)
        assert np.array_equal(ours.wv.vectors_ngrams, theirs.wv.vectors_ngrams)


@pytest.mark.parametrize("change", [
    {"sg": 0}, {"window": 2}, {"negative": 12}, {"ns_exponent": 0.0}, {"algorithm": "fasttext"},
])
def test_each_setting_changes_the_trained_vectors(change, sg_model):
    changed = train_embeddings(SENTENCES, replace(SMALL, **change), track=PLANTED)
    assert changed.wv.index_to_key == sg_model.wv.index_to_key
    assert not np.allclose(changed.wv.vectors, sg_model.wv.vectors)


def test_fasttext_uses_its_ngram_lengths(ft_model):
    assert (ft_model.wv.min_n, ft_model.wv.max_n) == (3, 6)
    other = train_embeddings(SENTENCES, replace(FAST, min_n=2, max_n=3))
    assert (other.wv.min_n, other.wv.max_n) == (2, 3)
    assert not np.allclose(other.wv.vectors, ft_model.wv.vectors)


@pytest.mark.parametrize("size", [7, 33])
def test_vector_size_sets_the_dimension_of_vectors_and_snapshots(size):
    model = train_embeddings(SENTENCES, replace(SMALL, vector_size=size, epochs=1))
    assert model.wv.vectors.shape == (len(model.wv), size) and model.snapshots.shape[2] == size


@pytest.mark.parametrize("min_count", [1, 5, 40, 300])
def test_vocabulary_is_the_words_seen_at_least_min_count_times(min_count):
    counts = synthetic_corpus(1000).counts()
    model = train_embeddings(SENTENCES, replace(SMALL, min_count=min_count, epochs=1))
    assert set(model.wv.index_to_key) == {w for w, n in counts.items() if n >= min_count}
    assert all(model.wv.get_vecattr(w, "count") == counts[w] for w in model.wv.index_to_key)


@pytest.fixture(scope="module")
def lee():
    """The Lee corpus once (its training is the slow part), tracking more words than fit."""
    corpus = lee_corpus()
    counts = corpus.counts()
    kept = sorted(w for w, n in counts.items() if n >= 10)
    track = ["zzz-not-a-word", *kept[::-1], kept[-1]]  # an unknown word, then 895 known ones, then a repeat
    progress = []
    model = train_embeddings(corpus.sentences, TrainingParams(min_count=10, epochs=2, vector_size=20), track=track,
                             progress=lambda epoch, epochs: progress.append((epoch, epochs)))
    return model, counts, kept, progress


def test_lee_vocabulary_is_counted_like_the_corpus(lee):
    model, counts, kept, _ = lee
    assert sorted(model.wv.index_to_key) == kept
    counts_in_order = [counts[w] for w in model.wv.index_to_key]
    assert counts_in_order == sorted(counts_in_order, reverse=True)  # most frequent first


def test_tracked_words_are_capped_and_start_with_the_requested_ones(lee):
    model, _, kept, progress = lee
    assert len(kept) > MAX_TRACKED
    assert model.tracked == tuple(kept[::-1][:MAX_TRACKED])
    assert model.snapshots.shape == (3, MAX_TRACKED, 20)
    assert progress == [(1, 2), (2, 2)]


def test_requested_words_come_first_in_order_without_duplicates_then_the_most_frequent(sg_model):
    track = ["queen", "zzz-unknown", "king", "queen", "the", "princesses"]
    model = train_embeddings(SENTENCES, replace(SMALL, epochs=1), track=track)
    assert model.tracked[:4] == ("queen", "king", "the", "princesses")
    assert len(set(model.tracked)) == len(model.tracked) == len(model.wv)  # the whole small vocabulary
    rest = [w for w in model.wv.index_to_key if w not in {"queen", "king", "the", "princesses"}]
    assert list(model.tracked[4:]) == rest
    plain = train_embeddings(SENTENCES, replace(SMALL, epochs=1))
    assert list(plain.tracked) == plain.wv.index_to_key[:MAX_TRACKED]


# --- snapshots --------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture", ["sg_model", "ft_model"])
def test_snapshots_are_unit_vectors_ending_on_the_final_vectors(fixture, request):
    model = request.getfixturevalue(fixture)
    assert model.snapshots.shape == (SMALL.epochs + 1, len(model.tracked), SMALL.vector_size)
    assert np.allclose(np.linalg.norm(model.snapshots, axis=2), 1.0, atol=1e-12)
    # fastText's word vectors are refreshed from its n-grams by the callback, so even its last
    # snapshot is the model's final word vectors, not the stale ones from the start.
    assert np.array_equal(model.snapshots[-1], _final_tracked(model))
    moves = np.linalg.norm(np.diff(model.snapshots, axis=0), axis=2).mean(axis=1)
    assert np.all(moves > 1e-3)  # every epoch is a new picture


def test_fasttext_snapshots_are_sums_of_ngram_vectors_at_every_epoch(ft_model):
    """Without adjust_vectors in the callback, fastText's intermediate snapshots would all equal
    the untrained vectors; they keep moving."""
    assert not np.allclose(ft_model.snapshots[1], ft_model.snapshots[0])
    assert not np.allclose(ft_model.snapshots[-2], ft_model.snapshots[-1])


def test_progress_is_called_once_per_epoch():
    calls = []
    train_embeddings(SENTENCES, replace(SMALL, epochs=4), progress=lambda e, n: calls.append((e, n)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_shared_vectors_are_read_only(sg_model):
    with pytest.raises(ValueError):
        sg_model.wv.vectors[0, 0] = 1.0
    assert np.allclose(sg_model.wv.norms, np.linalg.norm(sg_model.wv.vectors, axis=1), rtol=1e-6)


# --- alignment and the 2-D picture ------------------------------------------------------------

def test_alignment_undoes_an_exact_rotation():
    rng = np.random.default_rng(0)
    final = _unit(rng.normal(size=(40, 8)))
    rotations = ortho_group.rvs(8, size=3, random_state=1)
    snapshots = np.stack([final @ q for q in rotations] + [final])
    aligned = align_snapshots(snapshots)
    for epoch in range(len(snapshots)):
        assert np.allclose(aligned[epoch], final, atol=1e-9, rtol=0)


def test_alignment_keeps_cosines_and_only_brings_snapshots_closer(sg_model):
    raw = sg_model.snapshots
    aligned = sg_model.aligned_snapshots()
    assert np.allclose(aligned[-1], raw[-1], atol=1e-12, rtol=0)
    for before, after in zip(raw, aligned):
        assert np.allclose(after @ after.T, before @ before.T, atol=1e-12, rtol=0)
        # Procrustes picks the best rotation, and no rotation at all is one of the candidates.
        assert np.linalg.norm(after - raw[-1]) <= np.linalg.norm(before - raw[-1]) + 1e-12


def test_epoch_coordinates_are_one_pca_of_the_last_aligned_epoch(sg_model):
    coords = epoch_coordinates(sg_model.snapshots)
    aligned = align_snapshots(sg_model.snapshots)
    assert coords.shape == (SMALL.epochs + 1, len(sg_model.tracked), 2)
    pca = PCA(n_components=2).fit(aligned[-1])
    reference = np.stack([pca.transform(a) for a in aligned])
    signs = np.sign(np.sum(coords[-1] * reference[-1], axis=0))  # one sign per axis, for every epoch
    assert set(signs) <= {-1.0, 1.0}
    assert np.allclose(coords, reference * signs, atol=1e-9, rtol=0)


def test_epoch_coordinates_do_not_mirror_or_spin_when_the_space_is_rotated(sg_model):
    coords = epoch_coordinates(sg_model.snapshots)
    for seed in (0, 1, 2):
        q = ortho_group.rvs(SMALL.vector_size, random_state=seed)
        q[:, 0] *= -1  # a reflection as well
        assert np.allclose(epoch_coordinates(sg_model.snapshots @ q), coords, atol=1e-9, rtol=0)
    # The sign rule itself: on each axis the last epoch's farthest word lies on the positive side.
    farthest = np.argmax(np.abs(coords[-1]), axis=0)
    assert np.all(coords[-1][farthest, [0, 1]] > 0)


# --- neighbours and analogies by epoch --------------------------------------------------------

@pytest.mark.parametrize("word", ["king", "women", "the"])
def test_epoch_neighbours_are_the_brute_force_cosine_ranking(word, sg_model):
    index = sg_model.tracked.index(word)
    result = epoch_neighbours(sg_model, word, topn=6)
    assert len(result) == len(sg_model.snapshots)
    for snapshot, row in zip(sg_model.snapshots, result):
        expected = sorted(((float(snapshot[i] @ snapshot[index]), w) for i, w in enumerate(sg_model.tracked)
                           if w != word), reverse=True)[:6]
        assert [w for w, _ in row] == [w for _, w in expected]
        assert np.allclose([c for _, c in row], [c for c, _ in expected], atol=1e-12)
        assert word not in [w for w, _ in row]


def test_neighbours_never_include_the_word_even_when_few_words_are_tracked():
    tiny = [["red", "green", "blue"]] * 20
    model = train_embeddings(tiny, TrainingParams(vector_size=4, epochs=1, min_count=1))
    assert len(model.tracked) == 3
    for row in epoch_neighbours(model, "red", topn=3):
        assert "red" not in [w for w, _ in row]
        assert all(np.isfinite(c) for _, c in row)


def _gensim_share(tracked, snapshot, questions):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vector_size=snapshot.shape[1])
    kv.add_vectors(list(tracked), snapshot.astype(np.float32))
    right = [kv.most_similar(positive=[a, c], negative=[b], topn=1)[0][0] == expected
             for a, b, c, expected in questions]
    return np.mean(right)


def test_analogies_by_epoch_are_gensims_3cosadd_among_the_tracked_words(long_model):
    questions = planted_analogies()
    shares = analogies_by_epoch(long_model, questions)
    assert shares.shape == (len(long_model.snapshots),)
    for epoch in (0, len(shares) // 2, len(shares) - 1):
        assert shares[epoch] == pytest.approx(_gensim_share(long_model.tracked, long_model.snapshots[epoch],
                                                            questions))


def test_planted_analogies_emerge_with_training(long_model):
    shares = analogies_by_epoch(long_model, planted_analogies())
    assert shares[-1] > shares[0] + 0.2


def test_questions_with_untracked_words_are_left_out(long_model):
    questions = list(planted_analogies())
    extra = [("king", "man", "woman", "zzz-unknown"), ("zzz-unknown", "man", "woman", "queen")]
    assert np.array_equal(analogies_by_epoch(long_model, questions + extra), analogies_by_epoch(long_model, questions))
    nothing = analogies_by_epoch(long_model, extra)
    assert nothing.shape == (len(long_model.snapshots),) and np.all(np.isnan(nothing))
    assert np.all(np.isnan(analogies_by_epoch(long_model, [])))


# --- fastText's n-grams -----------------------------------------------------------------------

def _substrings(word, min_n, max_n):
    marked = f"<{word}>"
    return [marked[i:i + n] for n in range(min_n, max_n + 1) for i in range(len(marked) - n + 1)]


@pytest.mark.parametrize("word,min_n,max_n", [("apple", 3, 6), ("кот", 3, 3), ("қазақ", 2, 4), ("a", 3, 6)])
def test_word_ngrams_are_gensims_marked_substrings_shortest_first(word, min_n, max_n):
    from gensim.models.fasttext_inner import compute_ngrams

    grams = word_ngrams(word, min_n, max_n)
    assert grams == compute_ngrams(word, min_n, max_n) == _substrings(word, min_n, max_n)
    assert [len(g) for g in grams] == sorted(len(g) for g in grams)


def test_apple_has_the_lectures_ngrams():
    assert "<ap" in word_ngrams("apple") and "apple>" in word_ngrams("apple")
    assert plain_ngrams("apple") == ["app", "ppl", "ple"]
    assert plain_ngrams("apple", 4) == ["appl", "pple"]
    assert plain_ngrams("ox") == ["ox"] and plain_ngrams("cat") == ["cat"]


def test_an_unseen_words_fasttext_vector_is_the_mean_of_its_word_ngrams(ft_model):
    """The n-grams the page lists are exactly the ones the model sums."""
    from gensim.models.fasttext_inner import ft_hash_bytes

    wv = ft_model.wv
    for word in ("kingly", "queenship"):
        assert word not in wv.key_to_index
        rows = [ft_hash_bytes(g.encode("utf-8")) % wv.bucket for g in word_ngrams(word, wv.min_n, wv.max_n)]
        assert np.allclose(wv[word], wv.vectors_ngrams[rows].mean(axis=0), atol=1e-6)


# --- download ---------------------------------------------------------------------------------

def _round_trip(wv, tmp_path):
    from gensim.models import KeyedVectors

    path = tmp_path / "vectors.txt"
    path.write_bytes(word2vec_text(wv))
    return KeyedVectors.load_word2vec_format(str(path), binary=False)


def test_word2vec_text_loads_back_exactly(sg_model, tmp_path):
    data = word2vec_text(sg_model.wv)
    assert data.split(b"\n", 1)[0] == f"{len(sg_model.wv)} {SMALL.vector_size}".encode()
    loaded = _round_trip(sg_model.wv, tmp_path)
    assert loaded.index_to_key == sg_model.wv.index_to_key
    assert loaded.vectors.dtype == np.float32 and np.array_equal(loaded.vectors, sg_model.wv.vectors)


def test_word2vec_text_keeps_cyrillic_words(tmp_path):
    sentences = [["король", "и", "королева", "живут", "в", "замке"], ["қазақ", "тілі", "и", "король"]] * 10
    model = train_embeddings(sentences, TrainingParams(vector_size=6, epochs=1, min_count=1))
    data = word2vec_text(model.wv)
    assert "королева".encode("utf-8") in data and "қазақ".encode("utf-8") in data
    loaded = _round_trip(model.wv, tmp_path)
    assert loaded.index_to_key == model.wv.index_to_key and "қазақ" in loaded.key_to_index
    assert np.array_equal(loaded.vectors, model.wv.vectors)


# --- skip-gram against CBOW by frequency ------------------------------------------------------

def _planted_reference():
    attributes = {p.word: p for p in planted_words()}

    def vectors(words):
        return np.array([[1.0 if attributes[w].gender == "male" else -1.0,
                          1.0 if attributes[w].rank == "royal" else -1.0,
                          1.0 if attributes[w].number == "plural" else -1.0] for w in words])
    return vectors


def test_agreement_with_the_models_own_vectors_is_perfect(sg_model):
    wv = sg_model.wv
    words = wv.index_to_key[:20]
    assert agreement(wv, lambda ws: _unit(wv[ws]), words, wv.index_to_key[:60]) == pytest.approx(1.0, abs=1e-12)


def test_agreement_is_the_mean_spearman_correlation(sg_model):
    wv = sg_model.wv
    words, others = PLANTED[:5], PLANTED
    reference = _planted_reference()
    trained = _unit(wv[words]) @ _unit(wv[others]).T
    expected = reference(words) @ reference(others).T
    # each word's similarity with itself (1 in both) is left out
    by_hand = np.mean([spearmanr(np.delete(t, i), np.delete(e, i)).statistic
                       for i, (t, e) in enumerate(zip(trained, expected))])
    assert agreement(wv, reference, words, others) == pytest.approx(by_hand, abs=1e-12)
    assert np.isnan(agreement(wv, reference, [], others))
    assert np.isnan(agreement(wv, reference, words, others[:2]))


def test_frequency_bands_are_disjoint_and_ordered_by_count(sg_model):
    wv = sg_model.wv
    count = lambda w: wv.get_vecattr(w, "count")  # noqa: E731
    candidates = [*PLANTED, "zzz-unknown", "the", "bread"]
    bands = frequency_bands(wv, candidates, size=5)
    frequent, rare = bands["frequent"], bands["rare"]
    assert len(frequent) == len(rare) == 5 and not set(frequent) & set(rare)
    assert "zzz-unknown" not in frequent + rare
    assert [count(w) for w in frequent] == sorted((count(w) for w in frequent), reverse=True)
    assert min(count(w) for w in frequent) >= max(count(w) for w in rare)
    known = [w for w in candidates if w in wv.key_to_index]
    assert max(count(w) for w in frequent) == max(count(w) for w in known)
    assert min(count(w) for w in rare) == min(count(w) for w in known)
    halved = frequency_bands(wv, candidates, size=100)  # never more than half the words each
    assert len(halved["frequent"]) == len(halved["rare"]) == len(known) // 2
    assert frequency_bands(wv, ["the"], size=5) == {"frequent": [], "rare": []}


def test_compare_sg_cbow_scores_each_architecture_on_both_bands():
    reference = _planted_reference()
    scores, seconds = compare_sg_cbow(SENTENCES, SMALL, reference, PLANTED, size=100)
    assert [s.band for s in scores] == ["frequent", "rare"]
    assert all(s.words == 8 for s in scores)
    assert all(np.isfinite(s.sg) and np.isfinite(s.cbow) and -1 <= s.sg <= 1 and -1 <= s.cbow <= 1 for s in scores)
    assert set(seconds) == {"sg", "cbow"} and all(v > 0 for v in seconds.values())
    # Each score is the agreement of the right architecture (same settings, so the same model).
    for sg, attr in ((1, "sg"), (0, "cbow")):
        wv = train_embeddings(SENTENCES, replace(SMALL, sg=sg)).wv
        bands = frequency_bands(wv, PLANTED, 100)
        for score in scores:
            assert getattr(score, attr) == agreement(wv, reference, bands[score.band], PLANTED)


# --- errors -----------------------------------------------------------------------------------

@pytest.mark.parametrize("min_count", [733, 10**6])  # one word left (the occurs 1216 times, a 732), none
def test_too_few_words_is_the_users_error(min_count):
    counts = sorted(synthetic_corpus(1000).counts().values())
    assert counts[-2] == 732 < 733 <= counts[-1]
    with pytest.raises(UserInputError) as error:
        train_embeddings(SENTENCES, replace(SMALL, min_count=min_count))
    assert error.value.key == "error.too_few_words_to_train" and error.value.params == {"min_count": min_count}


def test_empty_sentences_are_the_users_error_too():
    with pytest.raises(UserInputError) as error:
        train_embeddings([[], []], SMALL)
    assert error.value.key == "error.too_few_words_to_train"


def test_unknown_algorithm_is_a_programming_error():
    with pytest.raises(ValueError, match="algorithm"):
        train_embeddings(SENTENCES, replace(SMALL, algorithm="glove"))


# --- the registry of trained vectors ----------------------------------------------------------

@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test, the real one back afterwards (other tests may use it)."""
    monkeypatch.setattr(models, "_trained", OrderedDict())


def test_registered_vectors_load_by_name_with_their_card(registry, sg_model):
    assert register_vectors("trained-test", sg_model.wv, "word2vec SG 20d", "en") == "trained-test"
    assert is_loaded("trained-test")
    assert load_vectors("trained-test") is sg_model.wv
    info = model_info("trained-test")
    assert (info.name, info.title, info.language) == ("trained-test", "word2vec SG 20d", "en")
    assert (info.words, info.dim) == (len(sg_model.wv), SMALL.vector_size)


def test_the_oldest_trained_vectors_are_evicted(registry, sg_model, ft_model):
    names = [f"trained-{i}" for i in range(MAX_TRAINED + 1)]
    for name in names[:MAX_TRAINED]:
        register_vectors(name, sg_model.wv, name, "en")
    register_vectors(names[0], ft_model.wv, "again", "ru")  # registering again makes it the newest
    register_vectors(names[MAX_TRAINED], sg_model.wv, "one too many", "en")
    assert not is_loaded(names[1])
    with pytest.raises(UserInputError) as error:
        load_vectors(names[1])
    assert error.value.key == "error.unknown_model"
    with pytest.raises(UserInputError):
        model_info(names[1])
    assert all(is_loaded(n) for n in names if n != names[1])
    assert load_vectors(names[0]) is ft_model.wv and model_info(names[0]).language == "ru"
    assert len(models._trained) == MAX_TRAINED


def test_word2vec_text_turns_spaces_in_item_names_into_underscores(tmp_path):
    from gensim.models import KeyedVectors

    wv = KeyedVectors(vector_size=2)
    wv.add_vectors(["Song A", "b\tc", "plain"], np.array([[1, 2], [3, 4], [5, 6]], dtype=np.float32))
    loaded = _round_trip(wv, tmp_path)
    assert loaded.index_to_key == ["Song_A", "b_c", "plain"]
    assert np.array_equal(loaded.vectors, wv.vectors)
