import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from core.embeddings import project
from core.embeddings.projection import _import_umap_with_cached_numba, exact_knn, neighbours_within, trustworthiness
from core.errors import UserInputError


@pytest.fixture(scope="module")
def clusters():
    rng = np.random.default_rng(1)
    centres = rng.normal(scale=6, size=(3, 20))
    return np.vstack([c + rng.normal(size=(40, 20)) for c in centres]).astype(np.float32)


@pytest.mark.parametrize("method", ["pca", "tsne", "umap"])
@pytest.mark.parametrize("dims", [2, 3])
def test_shapes_and_seeded(clusters, method, dims):
    a = project(clusters, method, n_components=dims, seed=3)
    b = project(clusters, method, n_components=dims, seed=3)
    assert a.shape == (len(clusters), dims) and a.dtype == np.float32
    assert np.all(np.isfinite(a))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("method", ["pca", "umap", "tsne"])
def test_clusters_stay_apart(clusters, method):
    points = project(clusters, method, seed=0)
    labels = np.repeat(np.arange(3), 40)
    centres = np.array([points[labels == k].mean(axis=0) for k in range(3)])
    nearest_centre = np.argmin(((points[:, None, :] - centres[None]) ** 2).sum(-1), axis=1)
    assert (nearest_centre == labels).mean() > 0.95


@pytest.mark.parametrize("metric", ["cosine", "euclidean"])
def test_exact_knn_matches_sklearn(metric):
    data = np.random.default_rng(0).normal(size=(300, 8)).astype(np.float32)
    indices, distances = exact_knn(data, 6, metric)
    ref_dist, ref_idx = NearestNeighbors(n_neighbors=6, metric=metric, algorithm="brute").fit(data).kneighbors(data)
    assert np.all(indices[:, 0] == np.arange(300))
    np.testing.assert_array_equal(np.sort(indices, axis=1), np.sort(ref_idx, axis=1))
    np.testing.assert_allclose(distances, ref_dist, atol=1e-4)


def test_large_inputs_take_the_precomputed_neighbour_path(monkeypatch):
    import core.embeddings.projection as projection

    monkeypatch.setattr(projection, "_UMAP_EXACT_LIMIT", 50)
    calls = []
    original = projection.exact_knn
    monkeypatch.setattr(projection, "exact_knn", lambda *a: calls.append(a[1]) or original(*a))
    data = np.random.default_rng(0).normal(size=(80, 5)).astype(np.float32)
    assert project(data, "umap", n_neighbors=7).shape == (80, 2)
    assert calls == [7]


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"method": "mds"}, "error.unknown_method"),
        ({"n_components": 4}, "error.components"),
    ],
)
def test_bad_arguments_are_user_errors(clusters, kwargs, key):
    with pytest.raises(UserInputError) as info:
        project(clusters, **kwargs)
    assert info.value.key == key


def test_too_few_points():
    with pytest.raises(UserInputError) as info:
        project(np.ones((3, 5)), "pca")
    assert info.value.key == "error.too_few_points"


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_trustworthiness_equals_scikit_learn(metric):
    from sklearn.manifold import trustworthiness as reference

    rng = np.random.default_rng(4)
    data = rng.normal(size=(400, 12))
    picture = data[:, :2] + rng.normal(scale=0.3, size=(400, 2))
    assert trustworthiness(data, picture, 7, metric) == pytest.approx(reference(data, picture, n_neighbors=7, metric=metric), abs=1e-12)


def test_trustworthiness_is_one_for_a_faithful_picture_and_about_half_for_noise():
    rng = np.random.default_rng(5)
    flat = rng.normal(size=(300, 2))
    assert trustworthiness(flat, flat * 3.0 + 1.0, 10, "euclidean") == pytest.approx(1.0)
    assert 0.4 < trustworthiness(flat, rng.normal(size=(300, 2)), 10, "euclidean") < 0.6


def test_sampled_trustworthiness_estimates_the_exact_value():
    rng = np.random.default_rng(6)
    data = rng.normal(size=(2500, 10))
    picture = data[:, :2]
    exact = trustworthiness(data, picture, 10, "euclidean")
    estimate = trustworthiness(data, picture, 10, "euclidean", sample=600, seed=1)
    assert estimate == pytest.approx(exact, abs=0.01) and estimate != exact


def test_trustworthiness_rejects_a_k_too_large():
    with pytest.raises(UserInputError) as info:
        trustworthiness(np.ones((10, 3)), np.ones((10, 2)), 5)
    assert info.value.key == "error.trust_k"


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_neighbours_within_match_brute_force(metric):
    data = np.random.default_rng(7).normal(size=(120, 6))
    ref = NearestNeighbors(n_neighbors=9, metric=metric, algorithm="brute").fit(data).kneighbors(data[[17]])[1][0]
    assert neighbours_within(data, 17, 8, metric) == [i for i in ref if i != 17][:8]


def test_umap_is_imported_with_numba_caching_on():
    """Without the on-disk cache every server start recompiled UMAP for 11 s (see projection.py)."""
    import numba
    from numba.core.caching import NullCache

    njit_before = numba.njit
    umap = _import_umap_with_cached_numba()
    from umap.layouts import _nb_optimize_layout_euclidean_single_epoch as epoch  # declared without cache=True

    assert umap.__name__ == "umap"
    assert not isinstance(epoch._cache, NullCache)
    assert numba.njit is njit_before  # numba itself is left as it was


def test_big_maps_run_fewer_umap_epochs(monkeypatch):
    import core.embeddings.projection as projection

    assert [projection.umap_epochs(n) for n in (500, 2000, 2001, 10000, 10001)] == [500, 500, 300, 300, 200]
    seen = {}
    real = _import_umap_with_cached_numba()

    class Spy:
        def UMAP(self, **kwargs):  # noqa: N802  (umap's own name)
            seen.update(kwargs)
            return real.UMAP(**kwargs)

    monkeypatch.setattr(projection, "_import_umap_with_cached_numba", lambda: Spy())
    monkeypatch.setattr(projection, "umap_epochs", lambda n: 7)
    project(np.random.default_rng(0).normal(size=(30, 4)).astype(np.float32), "umap")
    assert seen["n_epochs"] == 7


@pytest.fixture(scope="module")
def glove_1000():
    from core.embeddings import load_vectors
    from core.embeddings.wordsets import frequent_words

    kv = load_vectors("glove-en-50")
    return kv.vectors[[kv.key_to_index[w] for w in frequent_words(kv, 1000).words]].astype(np.float32)


@pytest.mark.parametrize(("dims", "at_least"), [(2, 0.92), (3, 0.935)])
def test_tsne_keeps_the_neighbours_of_real_words(glove_1000, dims, at_least):
    """openTSNE with the app's shortened schedule (projection.tsne_schedule) keeps about as many
    neighbours as scikit-learn's full one did. Measured on GloVe's 1,000 most frequent words,
    k = 10: openTSNE 0.932 (2-D) and 0.945 (3-D); scikit-learn 0.936 and 0.947; PCA 0.709 and
    0.786."""
    points = project(glove_1000, "tsne", n_components=dims, seed=0)
    trust = trustworthiness(glove_1000, points, 10, "cosine")
    assert trust >= at_least
    assert trust > trustworthiness(glove_1000, project(glove_1000, "pca", n_components=dims), 10, "cosine") + 0.15


def test_big_2d_maps_take_the_fft_path_seeded_and_faithful(clusters, monkeypatch):
    """Above FFT_FROM words a 2-D t-SNE interpolates its gradient on a grid (FIt-SNE); here
    the threshold is lowered so that the small clusters take that path."""
    import core.embeddings.projection as projection

    assert projection.tsne_schedule(5000, 2)[2] == "fft" and projection.tsne_schedule(5000, 3)[2] == "bh"
    monkeypatch.setattr(projection, "FFT_FROM", 50)
    assert projection.tsne_schedule(len(clusters), 2)[2] == "fft"
    a, b = project(clusters, "tsne", seed=5), project(clusters, "tsne", seed=5)
    np.testing.assert_array_equal(a, b)
    assert trustworthiness(clusters, a, 10, "euclidean") > 0.9


@pytest.mark.parametrize("dims", [2, 3])
def test_tsne_of_2000_words_takes_seconds_of_cpu_not_tens(dims):
    """Issue 20: scikit-learn's t-SNE took 34 s (2-D) and 77 s (3-D) for 5,000 words, and over
    6 s of CPU for 1,000. CPU time of this process, so that other work on the machine does not
    count: openTSNE with the app's schedule takes about 3 s for 2,000 GloVe words (bench/tsne.py
    times 5,000)."""
    import time

    from core.embeddings import load_vectors
    from core.embeddings.wordsets import frequent_words

    kv = load_vectors("glove-en-50")
    matrix = kv.vectors[[kv.key_to_index[w] for w in frequent_words(kv, 2000).words]].astype(np.float32)
    start = time.process_time()
    project(matrix, "tsne", n_components=dims, seed=0)
    assert time.process_time() - start < 6.0
