"""Finished projections kept on disk, keyed by model, word list and parameters, so that a
map seen once (by anyone, before any restart) comes back at once instead of in seconds."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

import numpy as np

MAX_FILES = 2000
# Raised whenever Vectorlab itself computes projections differently (2: fewer UMAP epochs on
# big maps; 3: t-SNE by openTSNE), so that no picture made the old way is served again.
LAYOUT_VERSION = 3  # about 50 KB each: the cache stays under 100 MB


def cache_dir() -> Path:
    configured = os.environ.get("VECTORLAB_CACHE_DIR")
    if configured:
        return Path(configured) / "projections"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "vectorlab" / "projections"


def projection_key(model: str, words: tuple[str, ...], method: str, n_components: int, seed: int, **params) -> str:
    # Library versions are part of the key: a new umap-learn may place points differently.
    described = {
        "model": model, "words": list(words), "method": method, "n_components": n_components,
        "seed": seed, "params": params,
        "versions": [LAYOUT_VERSION, version("umap-learn"), version("scikit-learn"), version("numpy"),
                     version("openTSNE")],
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def load(key: str, shape: tuple[int, int]) -> np.ndarray | None:
    path = cache_dir() / f"{key}.npy"
    try:
        points = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):  # missing, damaged or cut short (a crash mid-write)
        return None
    if points.shape != shape or not np.all(np.isfinite(points)):
        return None
    return points


def save(key: str, points: np.ndarray) -> None:
    """Written to a temporary file and renamed, so a reader never sees half a file even
    with several server processes sharing the cache. A read-only disk only costs speed."""
    directory = cache_dir()
    temporary = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=directory, suffix=".tmp", delete=False) as handle:
            temporary = Path(handle.name)
            np.save(handle, np.asarray(points, dtype=np.float32), allow_pickle=False)
        os.replace(temporary, directory / f"{key}.npy")
        _prune(directory)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def _prune(directory: Path) -> None:
    files = sorted(directory.glob("*.npy"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - MAX_FILES)]:
        old.unlink(missing_ok=True)
