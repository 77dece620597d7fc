"""Projections of word vectors to 2-D or 3-D: PCA, t-SNE and UMAP, all seeded."""

from __future__ import annotations

import threading
import time
import warnings

import numpy as np

from core.errors import UserInputError

METHODS = ("umap", "pca", "tsne")


def project(
    matrix: np.ndarray,
    method: str = "umap",
    n_components: int = 2,
    seed: int = 0,
    *,
    n_neighbors: int = 15,
    min_dist: float = 0.1,
    metric: str = "cosine",
    perplexity: float = 30.0,
) -> np.ndarray:
    """Rows of `matrix` as points in `n_components` dimensions (float32, n x n_components)."""
    if method not in METHODS:
        raise UserInputError("error.unknown_method", "Unknown projection method {method!r}", method=method)
    if n_components not in (2, 3):
        raise UserInputError("error.components", "Projections are 2-D or 3-D, not {n}-D", n=n_components)
    matrix = np.asarray(matrix, dtype=np.float32)
    n = matrix.shape[0]
    if n < n_components + 2:
        raise UserInputError(
            "error.too_few_points", "A projection needs at least {minimum} words, got {n}",
            minimum=n_components + 2, n=n,
        )
    if method == "pca":
        with IMPORT_LOCK:
            from sklearn.decomposition import PCA
        points = PCA(n_components=n_components, random_state=seed).fit_transform(matrix)
    elif method == "tsne":
        points = _tsne(matrix, n_components, seed, perplexity, metric)
    else:
        points = _umap(matrix, n_components, seed, min(n_neighbors, n - 1), min_dist, metric)
    return np.asarray(points, dtype=np.float32)


# t-SNE by openTSNE (Poličar et al.), not scikit-learn: on 5,000 GloVe words scikit-learn took
# 34 s in 2-D and 77 s in 3-D on two cores (DESIGN.md). The schedule was measured on those words
# (bench/tsne.py; trustworthiness k = 10; scikit-learn's: 0.965 in 2-D, 0.976 in 3-D):
# - 2-D, big maps: FFT-interpolated gradients (FIt-SNE). With one interpolation interval per
#   unit of the picture the grid grows with it (33 CPU s); with two, 10 s for the same
#   trustworthiness. After the early exaggeration, 300 steps at a learning rate of n/5 keep more
#   neighbours (0.962, 7.6 s) than openTSNE's usual 500 at n (0.957).
# - 2-D, small maps: the FFT grid has at least 50 intervals a side, a fixed ~3.5 s; Barnes-Hut
#   is faster below about 3,000 words (1,000: 1.6 s against 4.1 s; 2,000: 3.3 s against 5.4 s).
# - 3-D: openTSNE's FFT does 1-2 components only, so Barnes-Hut: at theta 0.5 with the usual
#   250 + 500 steps it took 33 CPU s (0.972); theta 1.2 with 125 + 200 steps takes 7.7 s (0.967).
# One thread: on a shared two-core server a second thread mostly waited (22 CPU s instead of 13),
# and only in one thread is the picture bit-for-bit the same for the same seed.
FFT_FROM = 3000


def tsne_schedule(n: int, n_components: int) -> tuple[int, int, str, dict]:
    """(early exaggeration steps, normal steps, gradient method, its options)."""
    if n_components == 3:
        return 125, 200, "bh", {"theta": 1.2}
    if n >= FFT_FROM:
        return 250, 300, "fft", {"ints_in_interval": 2}
    return 250, 300, "bh", {"theta": 0.5}


TSNE_EXAGGERATION = 12.0


def _tsne(matrix: np.ndarray, n_components: int, seed: int, perplexity: float, metric: str) -> np.ndarray:
    with IMPORT_LOCK:
        from openTSNE import TSNEEmbedding, affinity, initialization
        from openTSNE.nearest_neighbors import PrecomputedNeighbors

    n = len(matrix)
    # t-SNE requires perplexity < n; keep the user's value where it is legal.
    perplexity = min(perplexity, (n - 1) / 3)
    k = int(min(n - 1, max(1, 3 * perplexity)))  # openTSNE's own choice of neighbours
    # Exact neighbours (a matrix product) instead of openTSNE's Annoy: 0.1 s against 1.5 s for
    # 5,000 words, and nothing approximate in the picture.
    indices, distances = exact_knn(matrix, k + 1, metric)
    if metric == "cosine":
        # the distance between unit vectors, which openTSNE squares: 2(1 - cos), as Annoy gives it
        distances = np.sqrt(2.0 * np.maximum(distances, 0.0))
    knn = PrecomputedNeighbors(indices[:, 1:].astype(np.int64), distances[:, 1:].astype(np.float64))
    affinities = affinity.PerplexityBasedNN(knn_index=knn, perplexity=perplexity, n_jobs=1, random_state=seed)
    start = initialization.pca(matrix, n_components=n_components, random_state=seed)
    early, steps, gradient, options = tsne_schedule(n, n_components)
    embedding = TSNEEmbedding(start, affinities, negative_gradient_method=gradient, n_jobs=1, random_state=seed,
                              **options)
    embedding = embedding.optimize(early, exaggeration=TSNE_EXAGGERATION, momentum=0.5,
                                   learning_rate=max(n / TSNE_EXAGGERATION, 200.0))
    embedding = embedding.optimize(steps, momentum=0.8, learning_rate=max(n / 5, 200.0))
    return np.asarray(embedding)


# Above this many points umap-learn switches to pynndescent, whose numba code takes ~30 s to
# compile on two cores and is not cached between processes. We hand UMAP an exact neighbour
# graph instead (a brute-force matrix product: 0.1 s for 10k words), so only the exact path's
# code ever needs compiling.
_UMAP_EXACT_LIMIT = 4096


def exact_knn(matrix: np.ndarray, k: int, metric: str) -> tuple[np.ndarray, np.ndarray]:
    """Each row's k nearest rows (itself first) and their distances, by brute force."""
    if metric == "cosine":
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        unit = matrix / np.where(norms == 0, 1, norms)
    indices = np.empty((len(matrix), k), dtype=np.int32)
    distances = np.empty((len(matrix), k), dtype=np.float32)
    squared = np.einsum("ij,ij->i", matrix, matrix)
    for start in range(0, len(matrix), 2048):
        block = slice(start, start + 2048)
        if metric == "cosine":
            dist = 1.0 - unit[block] @ unit.T
        else:
            dist = squared[block, None] - 2.0 * matrix[block] @ matrix.T + squared[None, :]
        rows = np.arange(dist.shape[0])
        dist[rows, rows + start] = -np.inf  # a point is its own first neighbour
        nearest = np.argpartition(dist, k - 1, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(dist, nearest, axis=1), axis=1)
        indices[block] = np.take_along_axis(nearest, order, axis=1)
        chosen = np.take_along_axis(dist, indices[block], axis=1)
        chosen[:, 0] = 0.0
        chosen = np.maximum(chosen, 0.0)
        distances[block] = np.sqrt(chosen) if metric == "euclidean" else chosen
    return indices, distances


# umap pulls in much of scikit-learn and scipy. Imported by the warm-up thread while a page
# imports scikit-learn too, a module can be handed out half-initialised (Python breaks
# cross-thread import cycles that way); so these imports take turns.
IMPORT_LOCK = threading.RLock()


def _import_umap_with_cached_numba():
    """Import umap with numba's on-disk cache switched on for every function it compiles.

    umap-learn declares its numba functions without cache=True, so each server process
    compiled them again: 11 s before the first picture. With the cache, a restarted server
    loads the machine code in about a second. numba keeps the cache beside the sources
    (__pycache__) or, if that is read-only, in the user's cache directory, and checks it
    against the source files, so an upgrade of umap recompiles.
    """
    import sys

    with IMPORT_LOCK:
        if "umap" in sys.modules:
            return sys.modules["umap"]
        return _import_patched()


def _import_patched():
    import numba

    original = numba.njit, numba.jit

    def cached(decorator):
        def wrapper(*args, **kwargs):
            kwargs.setdefault("cache", True)
            return decorator(*args, **kwargs)

        return wrapper

    numba.njit, numba.jit = cached(numba.njit), cached(numba.jit)
    try:
        import umap
    finally:
        numba.njit, numba.jit = original
    return umap


def umap_epochs(n: int) -> int:
    """umap-learn runs 500 epochs below 10,000 points and 200 above. Past 2,000 words we run
    300: on 5,000 GloVe words the layout is as trustworthy (0.915 against 0.914, k = 10) and
    comes in 3.1 s instead of 5.1 s, inside the 5 s budget with room for a busy machine."""
    return 500 if n <= 2000 else 300 if n <= 10000 else 200


def _umap(matrix, n_components, seed, n_neighbors, min_dist, metric, **extra):
    umap = _import_umap_with_cached_numba()
    extra.setdefault("n_epochs", umap_epochs(len(matrix)))

    n_neighbors = max(2, n_neighbors)
    if len(matrix) > _UMAP_EXACT_LIMIT and metric in ("cosine", "euclidean"):
        knn_indices, knn_distances = exact_knn(matrix, n_neighbors, metric)
        extra["precomputed_knn"] = (knn_indices, knn_distances, None)

    with warnings.catch_warnings():
        # A fixed random_state makes umap drop to one thread and say so on every fit.
        warnings.filterwarnings("ignore", message=".*n_jobs value.*")
        # We never call transform(), so the search index it warns about is not needed.
        warnings.filterwarnings("ignore", message=".*knn_search_index.*")
        model = umap.UMAP(
            n_components=n_components, n_neighbors=n_neighbors, min_dist=min_dist,
            metric=metric, random_state=seed, **extra,
        )
        return model.fit_transform(matrix)


def warm_up_umap() -> dict[str, float]:
    """Compile UMAP's numba code paths once, so the first real fit is fast.

    Tiny fits on the exact-neighbours path with both metrics the app offers (see
    _UMAP_EXACT_LIMIT for why the approximate path is never needed). Returns the seconds each
    stage took.
    """
    timings = {}
    start = time.perf_counter()
    _import_umap_with_cached_numba()

    timings["import"] = time.perf_counter() - start
    data = np.random.default_rng(0).normal(size=(64, 8)).astype(np.float32)
    for metric, n_components in (("cosine", 2), ("euclidean", 2), ("cosine", 3)):
        start = time.perf_counter()
        _umap(data, n_components, 0, 10, 0.1, metric, n_epochs=20)
        timings[f"{metric} {n_components}-D"] = time.perf_counter() - start
    return timings


def _row_distances(matrix: np.ndarray, rows: np.ndarray, metric: str) -> np.ndarray:
    if metric == "cosine":
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        unit = matrix / np.where(norms == 0, 1, norms)
        return 1.0 - unit[rows] @ unit.T
    squared = np.einsum("ij,ij->i", matrix, matrix)
    d2 = squared[rows, None] - 2.0 * matrix[rows] @ matrix.T + squared[None, :]
    return np.sqrt(np.maximum(d2, 0.0))


def neighbours_within(matrix: np.ndarray, index: int, k: int, metric: str = "cosine") -> list[int]:
    """The k rows of `matrix` nearest row `index` (itself excluded), nearest first."""
    matrix = np.asarray(matrix, dtype=np.float64)
    k = int(min(max(k, 1), len(matrix) - 1))
    distances = _row_distances(matrix, np.array([index]), metric)[0]
    distances[index] = np.inf
    nearest = np.argpartition(distances, k - 1)[:k] if k < len(distances) else np.arange(len(distances))
    return [int(i) for i in nearest[np.argsort(distances[nearest], kind="stable")]]


def _drop_self(indices: np.ndarray) -> np.ndarray:
    """Each row's neighbours without the row itself (which duplicates may push off first place)."""
    rows = np.arange(len(indices))[:, None]
    keep = indices != rows
    # A row whose own index is missing (k+1 exact duplicates) loses its last neighbour instead.
    keep[keep.all(axis=1), -1] = False
    return indices[keep].reshape(len(indices), -1)


def trustworthiness(
    original: np.ndarray, projected: np.ndarray, k: int = 10, metric: str = "cosine",
    sample: int | None = None, seed: int = 0,
) -> float:
    """How far a projection can be trusted (Venna and Kaski 2001; as scikit-learn's
    `trustworthiness`): 1 when every word's k nearest in the picture are among its k nearest
    in the original space; each intruder is penalised by how far down the original ranking
    it really sits. Worked in blocks of rows, so 10,000 words never need a 10,000² matrix.

    With `sample`, the penalty is summed over that many words drawn at random (their ranks
    still against all words) and scaled up: an unbiased estimate, 10x faster at 10,000 words.
    """
    original = np.asarray(original, dtype=np.float64)
    projected = np.asarray(projected, dtype=np.float64)
    n = len(original)
    if not 1 <= k < n / 2:
        raise UserInputError(
            "error.trust_k", "Trustworthiness needs k below half the words ({n}), got {k}", n=n, k=k
        )
    with IMPORT_LOCK:
        from scipy.spatial import cKDTree

    # In 2-D or 3-D a k-d tree finds neighbours in milliseconds; ties are broken by index.
    _, in_picture = cKDTree(projected).query(projected, k=k + 1)
    in_picture = _drop_self(in_picture)
    queries = np.arange(n)
    if sample is not None and sample < n:
        queries = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))
    penalty = 0.0
    for start in range(0, len(queries), 256):
        rows = queries[start : start + 256]
        distances = _row_distances(original, rows, metric)
        distances[np.arange(len(rows)), rows] = np.inf
        chosen = np.take_along_axis(distances, in_picture[rows], axis=1)
        # rank of each picture neighbour in the original space (1 = nearest there)
        ranks = (distances[:, None, :] < chosen[:, :, None]).sum(axis=2) + 1
        penalty += float(np.sum(np.maximum(ranks - k, 0)))
    penalty *= n / len(queries)
    return 1.0 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))
