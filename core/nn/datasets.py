"""Toy data sets for the playground, feature maps and a train/test split (uploads: core.nn.csv_data).

Every generator takes ``(n_points, noise, seed)`` and returns ``(X, y)`` as float64 arrays,
shuffled once (like TensorFlow Playground), with ``y`` of shape (n,):

* classification (``X`` shape (n, 2), labels 0.0 / 1.0, points inside about [−6, 6]²):
  "circle", "xor", "gaussians", "spiral" follow TensorFlow Playground's ``dataset.ts``
  (its −1 labels become 0); "moons" is two interleaved half circles, scaled to the same box.
* several classes (``X`` shape (n, 2), int64 labels 0..K−1, same box), in their own registry
  `MULTICLASS_DATASETS` so that lists of today's two-class sets stay as they are: "spiral3"
  (three interleaved spiral arms, TensorFlow Playground's spiral with arms 120° apart) and
  "blobs" (K Gaussian blobs on a circle of radius 3.5, K = 3..5 chosen by ``classes=``,
  default 3; noise widens them from std 0.71 to 1.41). Classes are as equal in size as n allows.
* regression on the plane (``X`` shape (n, 2)): "plane" (y = (x1 + x2)/10) and
  "multi_gaussian", both as in TensorFlow Playground.
* 1-D function fitting (``X`` shape (n, 1), x uniform in [−3, 3]): "sine" (sin 2x),
  "step" (−1 for x < 0, +1 otherwise), "abs" (|x|) and "poly" ((x³ − 4x)/6).

``noise`` is a fraction from 0 to 0.5 (the playground's 0–50 % slider). For the 2-D sets it
means what it means in the playground (an input jitter before labelling for circle, xor,
plane and multi_gaussian, a uniform displacement for spiral, a wider spread for gaussians);
for moons it is Gaussian jitter of 0.6·noise in half-circle radii; for the 1-D functions it
is Gaussian noise on y with standard deviation noise × the function's half-range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Sequence

import numpy as np

DOMAIN_2D = 6.0  # the playground's heatmap shows [-6, 6] x [-6, 6]
DOMAIN_1D = 3.0  # 1-D functions are sampled on [-3, 3]
MAX_NOISE = 0.5

Generator = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    task: str  # "classification" or "regression"
    n_inputs: int  # 2 for points on the plane, 1 for function fitting
    default_points: int
    generate: Generator = field(repr=False)
    # The class counts it can make, the default first: (2,) for two classes, () for regression;
    # a multi-class generator takes the count as a 4th argument.
    classes: tuple[int, ...] = ()

    @property
    def n_classes(self) -> int:
        """The default number of classes (0 for regression)."""
        return self.classes[0] if self.classes else 0

    @property
    def is_multiclass(self) -> bool:
        return bool(self.classes) and max(self.classes) > 2


# --------------------------------------------------------------------------- generators


def _halves(n: int) -> tuple[int, int]:
    """Sizes of the 0-class and the 1-class (the 1-class gets the odd point)."""
    return n // 2, n - n // 2


def _circle(n, noise, rng):
    radius = 5.0
    n0, n1 = _halves(n)
    r = np.concatenate([rng.uniform(0, radius * 0.5, n1), rng.uniform(radius * 0.7, radius, n0)])
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    jitter = rng.uniform(-radius, radius, (n, 2)) * noise
    y = (np.hypot(*(X + jitter).T) < radius * 0.5).astype(np.float64)
    return X, y


def _xor(n, noise, rng):
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)  # keep points off the axes, as the playground does
    jitter = rng.uniform(-5, 5, (n, 2)) * noise
    moved = X + jitter
    y = (moved[:, 0] * moved[:, 1] >= 0).astype(np.float64)
    return X, y


def _gaussians(n, noise, rng):
    variance = 0.5 + noise / MAX_NOISE * 3.5  # the playground maps noise [0, .5] to [0.5, 4]
    n0, n1 = _halves(n)
    std = np.sqrt(variance)
    X = np.concatenate([rng.normal(2.0, std, (n1, 2)), rng.normal(-2.0, std, (n0, 2))])
    y = np.concatenate([np.ones(n1), np.zeros(n0)])
    return X, y


def _spiral(n, noise, rng):
    parts, labels = [], []
    for count, delta, label in zip(_halves(n)[::-1], (0.0, np.pi), (1.0, 0.0)):
        i = np.arange(count)
        r = i / count * 5
        t = 1.75 * i / count * 2 * np.pi + delta
        points = np.column_stack([r * np.sin(t), r * np.cos(t)])
        points += rng.uniform(-1, 1, (count, 2)) * noise
        parts.append(points)
        labels.append(np.full(count, label))
    return np.concatenate(parts), np.concatenate(labels)


def _moons(n, noise, rng):
    n0, n1 = _halves(n)
    t0, t1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])  # class 0
    inner = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])  # class 1
    X = np.concatenate([outer, inner])
    X += rng.normal(0.0, 0.6 * noise, X.shape) if noise > 0 else 0.0
    X = (X - [0.5, 0.25]) * 2.5  # centre it and fill about [-4, 4] x [-2, 2]
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X, y


def _plane(n, noise, rng):
    X = rng.uniform(-DOMAIN_2D, DOMAIN_2D, (n, 2))
    jitter = rng.uniform(-DOMAIN_2D, DOMAIN_2D, (n, 2)) * noise
    y = (X + jitter).sum(axis=1) / 10.0
    return X, y


_BUMPS = np.array(
    [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]],
    dtype=np.float64,
)


def _multi_gaussian(n, noise, rng):
    X = rng.uniform(-DOMAIN_2D, DOMAIN_2D, (n, 2))
    moved = X + rng.uniform(-DOMAIN_2D, DOMAIN_2D, (n, 2)) * noise
    dist = np.hypot(moved[:, None, 0] - _BUMPS[:, 0], moved[:, None, 1] - _BUMPS[:, 1])
    values = _BUMPS[:, 2] * np.clip(1.0 - dist / 2.0, 0.0, 1.0)
    # the label is the bump value that is largest in absolute value (first one on ties)
    y = values[np.arange(n), np.argmax(np.abs(values), axis=1)]
    return X, y


def _class_sizes(n: int, k: int) -> list[int]:
    """k class sizes summing to n, differing by at most one (the first classes get the extra)."""
    return [n // k + (1 if c < n % k else 0) for c in range(k)]


def _spiral_arms(n, noise, rng, k=3):
    parts, labels = [], []
    for label, count in enumerate(_class_sizes(n, k)):
        i = np.arange(count)
        r = i / max(count, 1) * 5
        t = 1.75 * i / max(count, 1) * 2 * np.pi + 2 * np.pi * label / k
        points = np.column_stack([r * np.sin(t), r * np.cos(t)])
        points += rng.uniform(-1, 1, (count, 2)) * noise
        parts.append(points)
        labels.append(np.full(count, label, dtype=np.int64))
    return np.concatenate(parts), np.concatenate(labels)


BLOB_RADIUS = 3.5  # centres on this circle: 5 blobs stay 4.1 apart and inside [-6, 6]²


def _blobs(n, noise, rng, k=3):
    # Variance 0.5 → 2 (std 0.71 → 1.41): at full noise neighbouring blobs overlap, and points
    # reach about as far as "gaussians" at its full noise (|x| ≲ 8); its 0.5 → 4 went to ±11.
    std = np.sqrt(0.5 + noise / MAX_NOISE * 1.5)
    parts, labels = [], []
    for label, count in enumerate(_class_sizes(n, k)):
        angle = np.pi / 2 + 2 * np.pi * label / k  # class 0 at the top, then anticlockwise
        centre = BLOB_RADIUS * np.array([np.cos(angle), np.sin(angle)])
        parts.append(rng.normal(centre, std, (count, 2)))
        labels.append(np.full(count, label, dtype=np.int64))
    return np.concatenate(parts), np.concatenate(labels)


FUNCTIONS_1D: dict[str, tuple[Callable[[np.ndarray], np.ndarray], float, str]] = {
    # name: (f, half-range of f on [-3, 3], LaTeX)
    "sine": (lambda x: np.sin(2 * x), 1.0, r"y = \sin 2x"),
    "step": (lambda x: np.where(x < 0, -1.0, 1.0), 1.0, r"y = \operatorname{sign} x"),
    "abs": (np.abs, 1.5, r"y = |x|"),
    "poly": (lambda x: (x**3 - 4 * x) / 6, 2.5, r"y = (x^3 - 4x)/6"),
}


def _function_1d(name: str) -> Generator:
    f, half_range, _ = FUNCTIONS_1D[name]

    def generate(n, noise, rng):
        X = rng.uniform(-DOMAIN_1D, DOMAIN_1D, (n, 1))
        y = f(X[:, 0]) + rng.normal(0.0, noise * half_range, n)
        return X, y

    return generate


DATASETS: dict[str, DatasetInfo] = {
    "circle": DatasetInfo("circle", "classification", 2, 500, _circle, (2,)),
    "xor": DatasetInfo("xor", "classification", 2, 500, _xor, (2,)),
    "gaussians": DatasetInfo("gaussians", "classification", 2, 500, _gaussians, (2,)),
    "spiral": DatasetInfo("spiral", "classification", 2, 500, _spiral, (2,)),
    "moons": DatasetInfo("moons", "classification", 2, 500, _moons, (2,)),
    "plane": DatasetInfo("plane", "regression", 2, 1200, _plane),
    "multi_gaussian": DatasetInfo("multi_gaussian", "regression", 2, 1200, _multi_gaussian),
    **{name: DatasetInfo(name, "regression", 1, 200, _function_1d(name)) for name in FUNCTIONS_1D},
}
CLASSIFICATION_DATASETS = tuple(k for k, v in DATASETS.items() if v.task == "classification")
REGRESSION_DATASETS = tuple(k for k, v in DATASETS.items() if v.task == "regression")
MULTICLASS_DATASETS: dict[str, DatasetInfo] = {
    "spiral3": DatasetInfo("spiral3", "classification", 2, 600, _spiral_arms, (3,)),
    "blobs": DatasetInfo("blobs", "classification", 2, 600, _blobs, (3, 4, 5)),
}


def dataset_info(name: str) -> DatasetInfo:
    """The registry entry of a two-class, regression or multi-class data set."""
    info = DATASETS.get(name) or MULTICLASS_DATASETS.get(name)
    if info is None:
        known = ", ".join([*DATASETS, *MULTICLASS_DATASETS])
        raise ValueError(f"unknown data set {name!r}; choose one of {known}")
    return info


def make_dataset(
    name: str, n_points: int | None = None, noise: float = 0.0, seed: int = 0, classes: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) for a named data set; the same arguments always give the same arrays. `classes`
    picks the number of classes where a set offers several ("blobs": 3, 4 or 5); None takes
    its default. Multi-class sets return int64 labels 0..K−1, the others float64 y."""
    info = dataset_info(name)
    k = info.n_classes if classes is None else classes
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or (classes is not None and k not in info.classes):
        offered = ", ".join(map(str, info.classes)) if info.classes else "none (it is a regression set)"
        raise ValueError(f"data set {name!r} cannot make {classes!r} classes; it offers {offered}")
    n = info.default_points if n_points is None else int(n_points)
    if n < 2:
        raise ValueError(f"n_points must be at least 2, got {n_points}")
    noise = float(noise)
    if not 0.0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise is a fraction in [0, {MAX_NOISE}], got {noise}")
    if info.is_multiclass and n < k:
        raise ValueError(f"{k} classes need at least {k} points, got {n}")
    rng = np.random.default_rng(seed)
    X, y = info.generate(n, noise, rng, int(k)) if info.is_multiclass else info.generate(n, noise, rng)
    order = rng.permutation(n)  # shuffled once, so any prefix is a fair sample
    y_type = np.int64 if info.is_multiclass else np.float64
    return np.ascontiguousarray(X[order], dtype=np.float64), np.ascontiguousarray(y[order], dtype=y_type)


def _named(name: str):
    def generate(n_points: int | None = None, noise: float = 0.0, seed: int = 0, **kwargs):
        return make_dataset(name, n_points, noise, seed, **kwargs)

    generate.__name__ = f"make_{name}"
    generate.__doc__ = f"(X, y) for the {name!r} data set; see the module docstring."
    return generate


make_circle = _named("circle")
make_xor = _named("xor")
make_gaussians = _named("gaussians")
make_spiral = _named("spiral")
make_moons = _named("moons")
make_plane = _named("plane")
make_multi_gaussian = _named("multi_gaussian")
make_sine = _named("sine")
make_step = _named("step")
make_abs = _named("abs")
make_poly = _named("poly")
make_spiral3 = _named("spiral3")
make_blobs = _named("blobs")


# --------------------------------------------------------------------------- split


class Split(NamedTuple):
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def train_test_split(X, y, train_ratio: float = 0.5, seed: int = 0) -> Split:
    """A seeded random split; round(train_ratio · n) points train (at least one point on
    each side when n ≥ 2). The playground's default ratio is 50 %."""
    X = np.asarray(X)
    y = np.asarray(y)
    n = len(X)
    if len(y) != n:
        raise ValueError(f"X has {n} rows but y has {len(y)}")
    if not 0.0 < train_ratio < 1.0:
        raise ValueError(f"train_ratio must be strictly between 0 and 1, got {train_ratio}")
    n_train = int(round(train_ratio * n))
    if n >= 2:
        n_train = min(max(n_train, 1), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    train, test = order[:n_train], order[n_train:]
    return Split(X[train], y[train], X[test], y[test])


# --------------------------------------------------------------------------- features


@dataclass(frozen=True)
class Feature:
    name: str
    label: str  # LaTeX, as the playground writes it
    uses_x2: bool
    compute: Callable[[np.ndarray, np.ndarray], np.ndarray] = field(repr=False)


FEATURES: dict[str, Feature] = {
    "x1": Feature("x1", r"X_1", False, lambda a, b: a),
    "x2": Feature("x2", r"X_2", True, lambda a, b: b),
    "x1^2": Feature("x1^2", r"X_1^2", False, lambda a, b: a * a),
    "x2^2": Feature("x2^2", r"X_2^2", True, lambda a, b: b * b),
    "x1*x2": Feature("x1*x2", r"X_1 X_2", True, lambda a, b: a * b),
    "sin x1": Feature("sin x1", r"\sin(X_1)", False, lambda a, b: np.sin(a)),
    "sin x2": Feature("sin x2", r"\sin(X_2)", True, lambda a, b: np.sin(b)),
}
DEFAULT_FEATURES = ("x1", "x2")


def make_features(X, names: Sequence[str]) -> np.ndarray:
    """The matrix whose columns are the named features of X (shape (n, 2), or (n, 1) for
    function fitting, where only the x1 features exist)."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] not in (1, 2):
        raise ValueError(f"X must have shape (n, 2) or (n, 1), got {X.shape}")
    names = list(names)
    if not names:
        raise ValueError("choose at least one feature")
    columns = []
    for name in names:
        feature = FEATURES.get(name)
        if feature is None:
            raise ValueError(f"unknown feature {name!r}; choose from {', '.join(FEATURES)}")
        if feature.uses_x2 and X.shape[1] < 2:
            raise ValueError(f"feature {name!r} needs a second input column")
        x1 = X[:, 0]
        x2 = X[:, 1] if X.shape[1] > 1 else x1
        columns.append(feature.compute(x1, x2))
    return np.column_stack(columns).astype(np.float64, copy=False)


# --------------------------------------------------------------------------- CSV upload

# The uploaded data sets live in core.nn.csv_data; these names stay importable from here.
from core.nn.csv_data import MAX_CSV_BYTES, MAX_CSV_ROWS, MIN_CSV_ROWS, CsvData, load_csv  # noqa: E402,F401
