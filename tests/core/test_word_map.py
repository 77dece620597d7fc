import csv
import errno
import io

import numpy as np
import pytest
from sklearn.manifold import trustworthiness as sklearn_trustworthiness

from core.embeddings import project, projection_cache
from core.embeddings import word_map
from core.embeddings.word_map import (
    TRUST_EXACT_UP_TO,
    compare_neighbours,
    coordinates_csv,
    map_points,
    map_trustworthiness,
    method_params,
)

MODEL = "glove-en-50"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VECTORLAB_CACHE_DIR", str(tmp_path))
    return tmp_path / "projections"


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(3)
    matrix = rng.normal(size=(60, 12)).astype(np.float32)
    words = tuple(f"w{i}" for i in range(60))
    return words, matrix


def cache_file(words, method="pca", n_components=2, seed=0, **params):
    key = projection_cache.projection_key(MODEL, words, method, n_components, seed, **params)
    return projection_cache.cache_dir() / f"{key}.npy"


# --- the projection cache -----------------------------------------------------------------


def test_cache_dir_follows_the_environment(cache):
    assert projection_cache.cache_dir() == cache


def test_map_points_computes_then_reads_the_cache(cache, data, monkeypatch):
    words, matrix = data
    first, from_cache = map_points(MODEL, words, matrix, "pca", 2, 0)
    assert from_cache is False
    np.testing.assert_array_equal(first, project(matrix, "pca", n_components=2, seed=0))
    assert cache_file(words).exists()

    # a hit must not project again
    monkeypatch.setattr(word_map, "project", lambda *a, **k: pytest.fail("projected despite the cache"))
    second, from_cache = map_points(MODEL, words, matrix, "pca", 2, 0)
    assert from_cache is True
    assert second.shape == (60, 2) and second.dtype == first.dtype
    np.testing.assert_array_equal(second, first)


@pytest.mark.parametrize(
    "change",
    [
        {"seed": 1},
        {"n_components": 3},
        {"model": "navec-ru-300"},
        {"params": {"n_neighbors": 5}},
        {"words": "reversed"},
    ],
)
def test_a_different_request_misses_the_cache(cache, data, change):
    words, matrix = data
    assert map_points(MODEL, words, matrix, "pca", 2, 0, n_neighbors=15)[1] is False
    assert map_points(MODEL, words, matrix, "pca", 2, 0, n_neighbors=15)[1] is True
    model = change.get("model", MODEL)
    seed = change.get("seed", 0)
    dims = change.get("n_components", 2)
    params = change.get("params", {"n_neighbors": 15})
    if change.get("words") == "reversed":
        words, matrix = words[::-1], matrix[::-1]
    points, from_cache = map_points(model, words, matrix, "pca", dims, seed, **params)
    assert from_cache is False
    assert points.shape == (60, dims)
    assert len(list(cache.glob("*.npy"))) == 2


def test_projection_key_depends_on_every_part():
    words = ("a", "b", "c")
    base = projection_cache.projection_key(MODEL, words, "umap", 2, 0, n_neighbors=15, min_dist=0.1)
    assert base == projection_cache.projection_key(MODEL, words, "umap", 2, 0, min_dist=0.1, n_neighbors=15)
    others = {
        projection_cache.projection_key("navec-ru-300", words, "umap", 2, 0, n_neighbors=15, min_dist=0.1),
        projection_cache.projection_key(MODEL, ("a", "c", "b"), "umap", 2, 0, n_neighbors=15, min_dist=0.1),
        projection_cache.projection_key(MODEL, words, "tsne", 2, 0, n_neighbors=15, min_dist=0.1),
        projection_cache.projection_key(MODEL, words, "umap", 3, 0, n_neighbors=15, min_dist=0.1),
        projection_cache.projection_key(MODEL, words, "umap", 2, 1, n_neighbors=15, min_dist=0.1),
        projection_cache.projection_key(MODEL, words, "umap", 2, 0, n_neighbors=16, min_dist=0.1),
        projection_cache.projection_key(MODEL, words, "umap", 2, 0, n_neighbors=15, min_dist=0.2),
    }
    assert base not in others and len(others) == 7
    assert all(len(k) == 64 and int(k, 16) >= 0 for k in others)  # a sha256 hex digest: a safe file name


@pytest.mark.parametrize(
    "damage",
    [
        "garbage", "truncated", "header only", "wrong shape", "three columns", "nan", "pickled object",
        "a directory", "empty",
    ],
)
def test_a_damaged_cache_file_is_ignored_and_recomputed(cache, data, damage):
    words, matrix = data
    good, _ = map_points(MODEL, words, matrix, "pca", 2, 0)
    path = cache_file(words)
    raw = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"not a numpy file at all" * 10)
    elif damage == "truncated":
        path.write_bytes(raw[: len(raw) // 2])
    elif damage == "header only":
        path.write_bytes(raw[:128])
    elif damage == "wrong shape":
        np.save(path, np.zeros((59, 2), np.float32))
    elif damage == "three columns":
        np.save(path, np.zeros((60, 3), np.float32))
    elif damage == "nan":
        np.save(path, np.full((60, 2), np.nan, np.float32))
    elif damage == "pickled object":
        np.save(path, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    elif damage == "a directory":
        path.unlink()
        path.mkdir()
    elif damage == "empty":
        path.write_bytes(b"")
    points, from_cache = map_points(MODEL, words, matrix, "pca", 2, 0)
    assert from_cache is False
    np.testing.assert_array_equal(points, good)
    if damage != "a directory":
        # the fresh result replaced the damaged file
        assert map_points(MODEL, words, matrix, "pca", 2, 0)[1] is True


def test_cache_writes_leave_no_temporary_files(cache, data):
    words, matrix = data
    for seed in range(3):
        map_points(MODEL, words, matrix, "pca", 2, seed)
    names = sorted(p.name for p in cache.iterdir())
    assert len(names) == 3
    assert all(name.endswith(".npy") for name in names)
    assert not list(cache.glob("*.tmp"))


def test_a_failed_cache_write_leaves_no_temporary_file(cache, data, monkeypatch):
    """A full disk: the write fails half-way. The map still comes back and no partial file stays."""
    words, matrix = data
    real_save = np.save

    def full_disk(handle, array, **kwargs):
        handle.write(b"\x93NUMPY partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(projection_cache.np, "save", full_disk)
    points, from_cache = map_points(MODEL, words, matrix, "pca", 2, 0)
    monkeypatch.setattr(projection_cache.np, "save", real_save)
    assert from_cache is False and points.shape == (60, 2)
    assert not cache_file(words).exists()
    assert sorted(p.name for p in cache.iterdir()) == []


def test_an_unwritable_cache_only_costs_speed(tmp_path, monkeypatch, data):
    words, matrix = data
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("VECTORLAB_CACHE_DIR", str(blocker))
    first, from_cache = map_points(MODEL, words, matrix, "pca", 2, 0)
    second, again = map_points(MODEL, words, matrix, "pca", 2, 0)
    assert (from_cache, again) == (False, False)
    np.testing.assert_array_equal(first, second)


def test_the_cache_is_pruned(cache, monkeypatch):
    monkeypatch.setattr(projection_cache, "MAX_FILES", 3)
    for i in range(6):
        projection_cache.save(f"key{i}", np.full((4, 2), i, np.float32))
    assert len(list(cache.glob("*.npy"))) == 3


def test_save_and_load_round_trip(cache):
    points = np.random.default_rng(0).normal(size=(7, 3)).astype(np.float32)
    projection_cache.save("abc", points)
    np.testing.assert_array_equal(projection_cache.load("abc", (7, 3)), points)
    assert projection_cache.load("abc", (7, 2)) is None
    assert projection_cache.load("missing", (7, 3)) is None


# --- parameters ---------------------------------------------------------------------------


def test_method_params_keep_only_what_the_method_uses():
    assert method_params("umap", n_neighbors=7, min_dist=0.3, metric="euclidean", perplexity=12) == {
        "n_neighbors": 7, "min_dist": 0.3, "metric": "euclidean"
    }
    assert method_params("tsne", n_neighbors=7, min_dist=0.3, metric="euclidean", perplexity=12) == {
        "perplexity": 12.0, "metric": "euclidean"
    }
    assert method_params("pca", n_neighbors=7, min_dist=0.3, metric="euclidean", perplexity=12) == {}


def test_another_methods_slider_does_not_change_the_params():
    assert method_params("pca", n_neighbors=5) == method_params("pca", n_neighbors=50, perplexity=5)
    assert method_params("tsne", n_neighbors=5, min_dist=0.0) == method_params("tsne", n_neighbors=50, min_dist=0.9)
    assert method_params("umap", perplexity=5) == method_params("umap", perplexity=50)
    assert method_params("umap", n_neighbors=5) != method_params("umap", n_neighbors=50)
    assert method_params("tsne", perplexity=5) != method_params("tsne", perplexity=50)


def test_method_params_types_are_stable_for_the_cache_key():
    # 15 and 15.0 from a slider must give one cache key
    assert method_params("umap", n_neighbors=15.0, min_dist=1) == method_params("umap", n_neighbors=15, min_dist=1.0)
    params = method_params("umap", n_neighbors=15.0, min_dist=1)
    assert type(params["n_neighbors"]) is int and type(params["min_dist"]) is float


def test_method_params_are_accepted_by_project(data):
    _, matrix = data
    for method in ("pca", "tsne", "umap"):
        params = method_params(method)
        assert set(params) <= {"n_neighbors", "min_dist", "metric", "perplexity"}
    assert project(matrix, "pca", 2, 0, **method_params("pca")).shape == (60, 2)


# --- neighbours kept by the picture -------------------------------------------------------


@pytest.fixture(scope="module")
def plane():
    return np.random.default_rng(5).uniform(size=(200, 2))


@pytest.mark.parametrize("index", [0, 17, 199])
def test_identity_projection_keeps_every_neighbour(plane, index):
    comparison = compare_neighbours(plane, plane.copy(), index, 10, metric="euclidean")
    assert comparison.kept == 10
    assert comparison.original == comparison.projected
    assert len(comparison.original) == 10 and index not in comparison.original
    # independent check: the ten nearest by brute force
    distances = np.linalg.norm(plane - plane[index], axis=1)
    distances[index] = np.inf
    assert comparison.original == list(np.argsort(distances)[:10])


def test_a_scaled_and_rotated_projection_keeps_every_neighbour(plane):
    angle = 0.7
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    picture = 3.0 * plane @ rotation.T + 5.0
    assert all(compare_neighbours(plane, picture, i, 10, "euclidean").kept == 10 for i in range(0, 200, 20))


def test_a_shuffled_projection_keeps_few_neighbours(plane):
    picture = plane[np.random.default_rng(1).permutation(len(plane))]
    kept = [compare_neighbours(plane, picture, i, 10, "euclidean").kept for i in range(200)]
    # by chance about 10 * 10 / 199 = 0.5 of 10 neighbours survive
    assert np.mean(kept) < 1.5
    assert max(kept) <= 5


def test_compare_neighbours_k_is_clamped(plane):
    small = plane[:5]
    comparison = compare_neighbours(small, small, 0, 50, "euclidean")
    assert sorted(comparison.original) == [1, 2, 3, 4] and comparison.kept == 4


# --- trustworthiness ----------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 5, 20])
def test_too_few_words_for_trustworthiness(n):
    rng = np.random.default_rng(0)
    assert map_trustworthiness(rng.normal(size=(n, 8)), rng.normal(size=(n, 2))) is None


@pytest.mark.parametrize("n", [21, 150, 400])
def test_trustworthiness_equals_sklearn(n):
    rng = np.random.default_rng(n)
    matrix = rng.normal(size=(n, 16))
    points = matrix[:, :2] + rng.normal(scale=0.3, size=(n, 2))
    value, estimated = map_trustworthiness(matrix, points)
    assert estimated is False
    assert value == pytest.approx(sklearn_trustworthiness(matrix, points, n_neighbors=10, metric="cosine"), abs=1e-9)


def test_trustworthiness_euclidean_equals_sklearn():
    rng = np.random.default_rng(2)
    matrix = rng.normal(size=(120, 10))
    points = rng.normal(size=(120, 2))
    value, _ = map_trustworthiness(matrix, points, metric="euclidean")
    assert value == pytest.approx(sklearn_trustworthiness(matrix, points, n_neighbors=10), abs=1e-9)


def test_trustworthiness_of_a_perfect_picture_is_one():
    plane = np.random.default_rng(0).uniform(size=(100, 2))
    value, estimated = map_trustworthiness(plane, plane * 2, metric="euclidean")
    assert value == pytest.approx(1.0) and estimated is False


def test_trustworthiness_exact_up_to_3000_then_estimated():
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(TRUST_EXACT_UP_TO + 1, 8))
    points = matrix[:, :2].copy()
    exact = map_trustworthiness(matrix[:TRUST_EXACT_UP_TO], points[:TRUST_EXACT_UP_TO])
    estimated = map_trustworthiness(matrix, points)
    assert exact[1] is False and estimated[1] is True
    # the estimate is near the exact value on (almost) the same words
    assert estimated[0] == pytest.approx(exact[0], abs=0.02)
    assert 0.0 < estimated[0] < 1.0


# --- CSV export ---------------------------------------------------------------------------


def read_csv(text):
    return list(csv.reader(io.StringIO(text)))


def test_csv_round_trips_exact_coordinates():
    words = ["cat", "кошка", "new, york", 'say "hi"', "🐱", "line\nbreak"]
    points = np.array(
        [[0.1 + 0.2, -1e-300], [1 / 3, 2 / 3], [-12345.678901234567, 9.999999999999999e22],
         [np.float32(0.1), -0.0], [5e-324, 1.0], [np.pi, -np.e]]
    )
    rows = read_csv(coordinates_csv(words, points))
    assert rows[0] == ["word", "x", "y"]
    assert [r[0] for r in rows[1:]] == words
    parsed = np.array([[float(c) for c in r[1:]] for r in rows[1:]])
    np.testing.assert_array_equal(parsed, points)  # bit for bit, not rounded
    assert np.signbit(parsed[3, 1])  # even -0.0 keeps its sign


def test_csv_3d_and_groups():
    points = np.arange(9, dtype=float).reshape(3, 3) / 7
    rows = read_csv(coordinates_csv(("a", "b", "c"), points, ["g1", "g2", "g1"]))
    assert rows[0] == ["word", "x", "y", "z", "group"]
    assert [r[4] for r in rows[1:]] == ["g1", "g2", "g1"]
    assert [[float(c) for c in r[1:4]] for r in rows[1:]] == points.tolist()


def test_csv_accepts_float32_points():
    points = np.array([[0.1, 0.2], [0.3, 0.4]], dtype=np.float32)
    rows = read_csv(coordinates_csv(("a", "b"), points))
    parsed = np.array([[float(c) for c in r[1:]] for r in rows[1:]], dtype=np.float64)
    np.testing.assert_array_equal(parsed.astype(np.float32), points)
    np.testing.assert_array_equal(parsed, points.astype(np.float64))


@pytest.mark.parametrize("cell", ["=SUM(A1:A9)", "+1", "-lrb-", "@cmd", "=1+1", "\tx"])
def test_csv_escapes_formula_cells(cell):
    rows = read_csv(coordinates_csv([cell, "ok"], np.zeros((2, 2)), [cell, "fine"]))
    assert rows[1][0] == "'" + cell
    assert rows[1][3] == "'" + cell
    assert rows[2][0] == "ok" and rows[2][3] == "fine"


@pytest.mark.parametrize("cell", ["\rx", "a\rb", "a\r\nb", "a\nb"])
def test_csv_cells_with_line_breaks_round_trip(cell):
    # A group can hold a line break: read_word_file keeps a quoted CSV category as it is.
    rows = read_csv(coordinates_csv(["cat", "dog"], np.zeros((2, 2)), [cell, "fine"]))
    assert len(rows) == 3
    assert rows[1][3] in (cell, "'" + cell)
    assert rows[2] == ["dog", "0.0", "0.0", "fine"]


def test_csv_does_not_escape_numbers_or_ordinary_words():
    rows = read_csv(coordinates_csv(["don't", "e-mail", "a=b"], np.array([[-1.5, -2.0], [0.0, 1.0], [2.0, 3.0]])))
    assert [r[0] for r in rows[1:]] == ["don't", "e-mail", "a=b"]
    assert rows[1][1:] == ["-1.5", "-2.0"]  # negative coordinates stay numbers


def test_csv_of_no_words():
    assert read_csv(coordinates_csv([], np.zeros((0, 2)))) == [["word", "x", "y"]]
