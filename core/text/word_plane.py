"""Two-dimensional coordinates for a handful of words (the two texts of a WMD), by PCA of only
these words' unit vectors. The picture is for orientation: every distance printed on it comes
from the full space, never from the plane."""

from __future__ import annotations

from typing import Sequence

import numpy as np


def word_plane(kv, words: Sequence[str]) -> np.ndarray:
    """n x 2 coordinates; one word sits at the origin, two words on the x axis."""
    if not words:
        return np.zeros((0, 2))
    unit = np.asarray([kv.get_vector(w, norm=True) for w in words], dtype=np.float64)
    centred = unit - unit.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axes = np.zeros((unit.shape[1], 2))
    axes[:, : min(2, len(vt))] = vt[:2].T
    points = centred @ axes
    # A stable orientation: the first word on the left, above or on the axis.
    if len(points) and points[0, 0] > 0:
        points[:, 0] *= -1
    if len(points) and points[0, 1] < 0:
        points[:, 1] *= -1
    return points
