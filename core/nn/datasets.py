"""Toy data sets for the playground, feature maps, a train/test split and a CSV loader.

Every generator takes ``(n_points, noise, seed)`` and returns ``(X, y)`` as float64 arrays,
shuffled once (like TensorFlow Playground), with ``y`` of shape (n,):

* classification (``X`` shape (n, 2), labels 0.0 / 1.0, points inside about [−6, 6]²):
  "circle", "xor", "gaussians", "spiral" follow TensorFlow Playground's ``dataset.ts``
  (its −1 labels become 0); "moons" is two interleaved half circles, scaled to the same box.
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

import csv
import io
from dataclasses import dataclass, field
from typing import Callable, NamedTuple, Sequence

import numpy as np

from core.errors import UserInputError

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
    "circle": DatasetInfo("circle", "classification", 2, 500, _circle),
    "xor": DatasetInfo("xor", "classification", 2, 500, _xor),
    "gaussians": DatasetInfo("gaussians", "classification", 2, 500, _gaussians),
    "spiral": DatasetInfo("spiral", "classification", 2, 500, _spiral),
    "moons": DatasetInfo("moons", "classification", 2, 500, _moons),
    "plane": DatasetInfo("plane", "regression", 2, 1200, _plane),
    "multi_gaussian": DatasetInfo("multi_gaussian", "regression", 2, 1200, _multi_gaussian),
    **{name: DatasetInfo(name, "regression", 1, 200, _function_1d(name)) for name in FUNCTIONS_1D},
}
CLASSIFICATION_DATASETS = tuple(k for k, v in DATASETS.items() if v.task == "classification")
REGRESSION_DATASETS = tuple(k for k, v in DATASETS.items() if v.task == "regression")


def make_dataset(
    name: str, n_points: int | None = None, noise: float = 0.0, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(X, y) for a named data set; the same arguments always give the same arrays."""
    try:
        info = DATASETS[name]
    except KeyError:
        raise ValueError(f"unknown data set {name!r}; choose one of {', '.join(DATASETS)}") from None
    n = info.default_points if n_points is None else int(n_points)
    if n < 2:
        raise ValueError(f"n_points must be at least 2, got {n_points}")
    noise = float(noise)
    if not 0.0 <= noise <= MAX_NOISE:
        raise ValueError(f"noise is a fraction in [0, {MAX_NOISE}], got {noise}")
    rng = np.random.default_rng(seed)
    X, y = info.generate(n, noise, rng)
    order = rng.permutation(n)  # shuffled once, so any prefix is a fair sample
    return np.ascontiguousarray(X[order], dtype=np.float64), np.ascontiguousarray(y[order], dtype=np.float64)


def _named(name: str):
    def generate(n_points: int | None = None, noise: float = 0.0, seed: int = 0):
        return make_dataset(name, n_points, noise, seed)

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

MAX_CSV_BYTES = 5 * 1024 * 1024
MIN_CSV_ROWS = 4
MAX_CSV_ROWS = 10_000
_COORDINATE_NAMES = ({"x1", "x2"}, {"x", "y"})
_LABEL_NAMES = ("label", "class", "target")


@dataclass(frozen=True)
class CsvData:
    """A validated upload: `task` is "classification" (X (n, 2), y 0/1, `classes` holds the
    file's label for class 0 and for class 1) or "regression" (X (n, 1), y, classes None)."""

    X: np.ndarray
    y: np.ndarray
    task: str
    columns: tuple[str, ...]  # the columns as named in the file, in the order used
    classes: tuple[str, str] | None = None


def _shown(text: str, limit: int = 30) -> str:
    """User text trimmed for an error message (pages must still show it as plain text)."""
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decode(data) -> str:
    if hasattr(data, "getvalue"):  # an uploaded file object
        data = data.getvalue()
    if isinstance(data, str):
        size = len(data.encode("utf-8", errors="replace"))
    elif isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        size = len(data)
    else:
        raise TypeError(f"load_csv takes text or bytes, not {type(data).__name__}")
    if size > MAX_CSV_BYTES:
        raise UserInputError(
            "error.csv_too_large",
            "The file is {size_mb} MB; the limit is {max_mb} MB.",
            size_mb=f"{size / 2**20:.1f}",
            max_mb=MAX_CSV_BYTES // 2**20,
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserInputError(
                "error.csv_encoding",
                "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.",
            ) from None
    return data.lstrip("\ufeff")


def _delimiter(text: str) -> str:
    """Comma, or semicolon / tab when the first line has no comma (spreadsheet exports)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "," in first:
        return ","
    for candidate in (";", "\t"):
        if candidate in first:
            return candidate
    return ","


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _columns_error(found: Sequence[str]) -> UserInputError:
    return UserInputError(
        "error.csv_columns",
        "The file needs the columns x1,x2,label (two classes) or x,y (a 1-D function); "
        "it has: {columns}.",
        columns=_shown(",".join(found), 60),
    )


def _layout(first_row: list[str]) -> tuple[bool, list[int], str]:
    """(has_header, column indices in the order [inputs..., target], task)."""
    cells = [c.strip() for c in first_row]
    if cells and _is_number(cells[0]):  # no header: the shape decides
        if len(cells) == 3:
            return False, [0, 1, 2], "classification"
        if len(cells) == 2:
            return False, [0, 1], "regression"
        raise UserInputError(
            "error.csv_column_count",
            "Each row needs 3 values (x1,x2,label) or 2 values (x,y); the first row has {count}.",
            count=len(cells),
        )
    names = [c.lower() for c in cells]
    if len(set(names)) == len(names):
        index = {name: i for i, name in enumerate(names)}
        if len(names) == 3:
            label = next((n for n in _LABEL_NAMES if n in index), None)
            for pair in _COORDINATE_NAMES:
                if label and pair <= index.keys():
                    first, second = sorted(pair)
                    return True, [index[first], index[second], index[label]], "classification"
        if len(names) == 2 and set(names) == {"x", "y"}:
            return True, [index["x"], index["y"]], "regression"
    raise _columns_error(cells)


def _number(cell: str, row: int, column: str) -> float:
    if not cell:
        raise UserInputError(
            "error.csv_empty_cell",
            "Row {row} has an empty cell in column {column}.",
            row=row,
            column=column,
        )
    try:
        value = float(cell)
    except ValueError:
        raise UserInputError(
            "error.csv_not_numeric",
            "Row {row}, column {column}: “{value}” is not a number.",
            row=row,
            column=column,
            value=_shown(cell),
        ) from None
    if not np.isfinite(value):
        raise UserInputError(
            "error.csv_not_finite",
            "Row {row}, column {column}: “{value}” is not a finite number.",
            row=row,
            column=column,
            value=_shown(cell),
        )
    return value


def _two_classes(labels: list[str], rows: list[int], column: str) -> tuple[np.ndarray, tuple[str, str]]:
    """Map the label column to 0/1: numbers in increasing order, otherwise text in
    alphabetical order (so 0/1 stay 0/1 and −1/1 become 0/1)."""
    if all(_is_number(label) for label in labels):
        values = [_number(label, row, column) for label, row in zip(labels, rows)]
        distinct = sorted(set(values))
        names = [f"{v:g}" for v in distinct]
    else:
        values = labels
        distinct = sorted(set(labels))
        names = list(distinct)
    if len(distinct) > 2:
        raise UserInputError(
            "error.csv_too_many_classes",
            "The label column has {count} different values; it needs exactly two classes.",
            count=len(distinct),
        )
    if len(distinct) < 2:
        raise UserInputError(
            "error.csv_one_class",
            "Every row has the same label; the label column needs two different values.",
        )
    code = {value: float(i) for i, value in enumerate(distinct)}
    return np.array([code[v] for v in values], dtype=np.float64), (names[0], names[1])


def load_csv(data) -> CsvData:
    """Read an uploaded CSV: ``x1,x2,label`` (two classes; any two label values, mapped to
    0/1) or ``x,y`` (a 1-D function). A header row is optional (without one, 3 columns mean
    classification and 2 mean regression); ``x,y,label`` and the label names "class" and
    "target" are accepted too; comma, semicolon or tab separated; UTF-8 (a BOM is fine).

    Parsed as data only (the csv module and float()); anything wrong raises
    `core.errors.UserInputError` with an ``error.csv_*`` key.
    """
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    has_header = None
    order: list[int] = []
    task = ""
    names: list[str] = []
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    try:
        for raw in reader:
            cells = [c.strip() for c in raw]
            if not any(cells):
                continue  # blank line
            if has_header is None:
                has_header, order, task = _layout(cells)
                if has_header:
                    names = [cells[i] for i in order]
                    continue
                names = ["x1", "x2", "label"] if task == "classification" else ["x", "y"]
            if len(cells) != len(order):
                raise UserInputError(
                    "error.csv_row_length",
                    "Row {row} has {found} values; every row needs {expected}.",
                    row=reader.line_num,
                    found=len(cells),
                    expected=len(order),
                )
            if len(rows) >= MAX_CSV_ROWS:
                raise UserInputError(
                    "error.csv_too_many_rows",
                    "The file has more than {maximum} data rows; use at most {maximum}.",
                    maximum=MAX_CSV_ROWS,
                )
            rows.append([cells[i] for i in order])
            line_numbers.append(reader.line_num)
    except csv.Error:
        raise UserInputError(
            "error.csv_malformed",
            "Line {row} could not be read as CSV.",
            row=reader.line_num,
        ) from None
    if has_header is None:
        raise UserInputError("error.csv_empty", "The file is empty.")
    if len(rows) < MIN_CSV_ROWS:
        raise UserInputError(
            "error.csv_too_few_rows",
            "The file has {rows} data rows; at least {minimum} are needed.",
            rows=len(rows),
            minimum=MIN_CSV_ROWS,
        )
    n_inputs = len(order) - 1
    X = np.array(
        [
            [_number(row[j], line, names[j]) for j in range(n_inputs)]
            for row, line in zip(rows, line_numbers)
        ],
        dtype=np.float64,
    )
    targets = [row[-1] for row in rows]
    if task == "classification":
        for label, line in zip(targets, line_numbers):
            if not label:
                _number(label, line, names[-1])  # raises the empty-cell error
        y, classes = _two_classes(targets, line_numbers, names[-1])
    else:
        y = np.array([_number(v, line, names[-1]) for v, line in zip(targets, line_numbers)])
        classes = None
    return CsvData(X=X, y=y, task=task, columns=tuple(names), classes=classes)
