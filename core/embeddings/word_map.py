"""A map of words: their projection (cached on disk), how much of each word's neighbourhood
the picture keeps, the projection's trustworthiness, and the coordinates as CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from core.embeddings import projection_cache
from core.embeddings.projection import neighbours_within, project, trustworthiness

TRUST_K = 10
TRUST_EXACT_UP_TO = 3000  # above, estimated from a seeded sample of words (0.2 s at 10,000)
TRUST_SAMPLE = 2000


def method_params(method: str, n_neighbors: int = 15, min_dist: float = 0.1, metric: str = "cosine",
                  perplexity: float = 30.0) -> dict:
    """Only the parameters the method uses, so that changing another method's slider neither
    recomputes nor misses the cache."""
    if method == "umap":
        return {"n_neighbors": int(n_neighbors), "min_dist": float(min_dist), "metric": metric}
    if method == "tsne":
        return {"perplexity": float(perplexity), "metric": metric}
    return {}


def cached_points(model: str, words: tuple[str, ...], method: str, n_components: int, seed: int,
                  **params) -> np.ndarray | None:
    key = projection_cache.projection_key(model, words, method, n_components, seed, **params)
    return projection_cache.load(key, (len(words), n_components))


def computed_points(model: str, words: tuple[str, ...], matrix: np.ndarray, method: str, n_components: int,
                    seed: int, **params) -> np.ndarray:
    """Project afresh and keep the result in the disk cache."""
    points = project(matrix, method, n_components=n_components, seed=seed, **params)
    projection_cache.save(projection_cache.projection_key(model, words, method, n_components, seed, **params), points)
    return points


def map_points(
    model: str, words: tuple[str, ...], matrix: np.ndarray, method: str, n_components: int, seed: int, **params
) -> tuple[np.ndarray, bool]:
    """The projected points and whether they came from the disk cache."""
    cached = cached_points(model, words, method, n_components, seed, **params)
    if cached is not None:
        return cached, True
    return computed_points(model, words, matrix, method, n_components, seed, **params), False


def category_groups(categories: list[str]) -> tuple[list[int], list[str]]:
    """Each word's group number and the group names, in order of first appearance."""
    names = list(dict.fromkeys(categories))
    number = {name: i for i, name in enumerate(names)}
    return [number[c] for c in categories], names


def expected_seconds(method: str, n: int) -> float:
    """A rough duration for the progress bar, measured on a 2-core machine (bench/map.py)."""
    if method == "umap":
        return 0.8 + n / 1000 if n <= 2000 else 0.8 + n / 1600  # measured: 1,000 words 1.5-2.3 s, 5,000 3.1 s
    if method == "tsne":
        # openTSNE (projection.tsne_schedule), measured: 1,000 words 1.0-1.8 s, 2,000 3.3 s,
        # 5,000 7.6 s (2-D) and 7.7 s (3-D)
        return 0.3 + n / 650
    return 0.1 + n / 20000


@dataclass(frozen=True)
class NeighbourComparison:
    original: list[int]  # nearest among the shown words, measured in the model's space
    projected: list[int]  # nearest in the picture
    kept: int  # how many of the original neighbours the picture also puts nearest


def compare_neighbours(
    matrix: np.ndarray, points: np.ndarray, index: int, k: int, metric: str = "cosine"
) -> NeighbourComparison:
    original = neighbours_within(matrix, index, k, metric)
    projected = neighbours_within(points, index, k, "euclidean")
    return NeighbourComparison(original, projected, len(set(original) & set(projected)))


def map_trustworthiness(matrix: np.ndarray, points: np.ndarray, metric: str = "cosine") -> tuple[float, bool] | None:
    """(value, estimated?) with k = TRUST_K, or None when there are too few words for it."""
    n = len(matrix)
    if n <= 2 * TRUST_K:
        return None
    sample = TRUST_SAMPLE if n > TRUST_EXACT_UP_TO else None
    return trustworthiness(matrix, points, TRUST_K, metric, sample=sample), sample is not None


def coordinates_csv(words, points: np.ndarray, groups: list[str] | None = None) -> str:
    """word,x,y[,z][,group] with the exact coordinates (not rounded for reading)."""
    points = np.asarray(points, dtype=float)
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180: \r\n ends rows, and cells holding either are quoted
    header = ["word", *("x", "y", "z")[: points.shape[1]]] + (["group"] if groups is not None else [])
    writer.writerow(header)
    for i, word in enumerate(words):
        row = [_cell(word), *(repr(float(v)) for v in points[i])]
        if groups is not None:
            row.append(_cell(groups[i]))
        writer.writerow(row)
    return out.getvalue()


def _cell(text: str) -> str:
    # A cell starting like a formula would run as one in a spreadsheet (OWASP: CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
