"""Gradient descent on two-dimensional losses: the surfaces of the optimizer race, and races run
with the very optimizers the playground trains with (`core.nn.optimizers`, torch's rules).

`SURFACES` holds each loss with its gradient, its known minima, a start point and the box a
picture should show. `race(surface, contestants, start, steps)` moves one point per
contestant and reports, for each, the path, the loss at every step and the outcome: "reached"
(the first step within distance `eps` of a global minimum), "diverged" (the loss or the point
went non-finite or far out of the picture) or "stuck" (neither, after all the steps: a plateau,
a saddle, a local minimum, or too small a learning rate). The saddle has no minimum: there a
run either stays ("stuck" near the saddle point) or runs away downhill ("diverged").
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from core.nn.optimizers import make_optimizer

Fn = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Surface:
    name: str
    f: Fn  # f(x, y), elementwise
    grad: Callable[[float, float], tuple[float, float]]
    minima: tuple[tuple[float, float], ...]  # global minima (none for the saddle)
    start: tuple[float, float]
    box: tuple[tuple[float, float], tuple[float, float]]  # (x range, y range) to draw
    formula: str  # LaTeX
    log_scale: bool = False  # contour the log of the loss (Rosenbrock, Beale: huge ranges)

    def distance_to_minimum(self, points: np.ndarray) -> np.ndarray:
        """Each point's distance to the nearest global minimum (inf without minima)."""
        if not self.minima:
            return np.full(len(points), np.inf)
        minima = np.asarray(self.minima)
        return np.min(np.linalg.norm(points[:, None, :] - minima[None, :, :], axis=2), axis=1)


def quadratic(condition: float = 10.0) -> Surface:
    """f = (x² + κ y²) / 2: a bowl κ times steeper across than along; κ = 1 is round."""
    k = float(condition)
    return Surface(
        name="quadratic", f=lambda x, y: 0.5 * (x * x + k * y * y), grad=lambda x, y: (x, k * y),
        minima=((0.0, 0.0),), start=(-4.0, 1.5), box=((-5.0, 5.0), (-2.5, 2.5)),
        formula=rf"f(x, y) = \tfrac{{1}}{{2}}\,(x^2 + {k:g}\,y^2)",
    )


def _rosenbrock(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _beale(x, y):
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y ** 3) ** 2


def _beale_grad(x, y):
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3
    return (2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1),
            2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y)


def _himmelblau(x, y):
    return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2


def _himmelblau_grad(x, y):
    a, b = x * x + y - 11, x + y * y - 7
    return 4 * a * x + 2 * b, 2 * a + 4 * b * y


def _rastrigin(x, y):
    return 20 + x * x - 10 * np.cos(2 * np.pi * x) + y * y - 10 * np.cos(2 * np.pi * y)


SURFACES: dict[str, Surface] = {
    "quadratic": quadratic(10.0),
    "rosenbrock": Surface(
        name="rosenbrock", f=_rosenbrock,
        grad=lambda x, y: (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
        minima=((1.0, 1.0),), start=(-1.5, 2.0), box=((-2.0, 2.0), (-1.0, 3.0)),
        formula=r"f(x, y) = (1 - x)^2 + 100\,(y - x^2)^2", log_scale=True,
    ),
    "beale": Surface(
        name="beale", f=_beale, grad=_beale_grad, minima=((3.0, 0.5),), start=(1.0, 1.5),
        box=((-4.5, 4.5), (-4.5, 4.5)), log_scale=True,
        formula=r"f(x, y) = (1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2",
    ),
    "himmelblau": Surface(
        name="himmelblau", f=_himmelblau, grad=_himmelblau_grad,
        minima=((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
        start=(0.0, 0.0), box=((-5.0, 5.0), (-5.0, 5.0)),
        formula=r"f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    ),
    "saddle": Surface(
        name="saddle", f=lambda x, y: x * x - y * y, grad=lambda x, y: (2 * x, -2 * y),
        minima=(), start=(-2.0, 1e-3), box=((-3.0, 3.0), (-3.0, 3.0)),
        formula=r"f(x, y) = x^2 - y^2",
    ),
    "rastrigin": Surface(
        name="rastrigin", f=_rastrigin,
        grad=lambda x, y: (2 * x + 20 * np.pi * np.sin(2 * np.pi * x), 2 * y + 20 * np.pi * np.sin(2 * np.pi * y)),
        minima=((0.0, 0.0),), start=(2.2, 1.7), box=((-3.0, 3.0), (-3.0, 3.0)),
        formula=r"f(x, y) = 20 + x^2 - 10\cos 2\pi x + y^2 - 10\cos 2\pi y",
    ),
}


@dataclass(frozen=True)
class Contestant:
    optimizer: str  # a name in core.nn.optimizers.OPTIMIZERS
    lr: float
    hyper: tuple[tuple[str, float], ...] = ()  # torch's hyper-parameter names and values


@dataclass(frozen=True)
class Result:
    contestant: Contestant
    path: np.ndarray  # (steps + 1, 2): the start, then the point after each step (stops early if diverged)
    losses: np.ndarray  # the loss at each point of the path
    outcome: str  # "reached", "diverged" or "stuck"
    reached_at: int | None  # the first step within eps of a global minimum


def run(surface: Surface, contestant: Contestant, start: Sequence[float], steps: int, eps: float = 1e-2,
        escape: float = 1e6) -> Result:
    """`steps` optimizer steps from `start`; stops when the point leaves `escape` times the box's
    size or anything goes non-finite."""
    point = np.array(start, dtype=np.float64)
    optimizer = make_optimizer(contestant.optimizer, contestant.lr, **dict(contestant.hyper))
    (x0, x1), (y0, y1) = surface.box
    limit = escape * max(x1 - x0, y1 - y0)
    path, losses = [point.copy()], [float(surface.f(point[0], point[1]))]
    diverged = False
    with np.errstate(all="ignore"):
        for _ in range(steps):
            gx, gy = surface.grad(point[0], point[1])
            optimizer.step([point], [np.array([gx, gy], dtype=np.float64)])
            loss = float(surface.f(point[0], point[1]))
            if not (np.all(np.isfinite(point)) and np.isfinite(loss)) or np.max(np.abs(point)) > limit:
                diverged = True
                break
            path.append(point.copy())
            losses.append(loss)
    path_arr = np.asarray(path)
    close = np.flatnonzero(surface.distance_to_minimum(path_arr) <= eps)
    reached_at = int(close[0]) if len(close) else None
    # A run that ends far off, and farther off than it started, is running away, not resting:
    # on the saddle one ended at y ~ 4.5e5 with a loss of -2e11, short of `escape`, and was "stuck".
    off = _outside(path_arr[-1], surface.box)
    diverged = diverged or (off > 1.0 and off > _outside(path_arr[0], surface.box))
    outcome = "diverged" if diverged else "reached" if reached_at is not None else "stuck"
    return Result(contestant, path_arr, np.asarray(losses), outcome, reached_at)


def _outside(point: np.ndarray, box) -> float:
    """How far `point` lies outside `box`, in widths of the box (0 inside it)."""
    (x0, x1), (y0, y1) = box
    dx = max(x0 - point[0], point[0] - x1, 0.0) / (x1 - x0)
    dy = max(y0 - point[1], point[1] - y1, 0.0) / (y1 - y0)
    return float(max(dx, dy))


def sharp_turns(path: np.ndarray, tol: float = 1e-2) -> int:
    """How often a path zigzags: steps at more than 90° to the step before (it turns back),
    counting only steps longer than `tol`, since a path resting at its minimum jitters in place."""
    steps = np.diff(np.asarray(path, dtype=np.float64), axis=0)
    moving = np.linalg.norm(steps, axis=1) > tol
    back = np.sum(steps[1:] * steps[:-1], axis=1) < 0
    return int(np.count_nonzero(back & moving[1:] & moving[:-1]))


def race(surface: Surface, contestants: Sequence[Contestant], start: Sequence[float] | Sequence[Sequence[float]],
         steps: int = 200, eps: float = 1e-2) -> list[Result]:
    """Every contestant from the same start point, or each from its own (a list of points)."""
    starts = start if np.ndim(start) == 2 else [start] * len(contestants)
    return [run(surface, c, s, steps, eps) for c, s in zip(contestants, starts)]


# --------------------------------------------------------------------------- one dimension


@dataclass(frozen=True)
class Curve:
    name: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    minima: tuple[float, ...]  # every local minimum; the first is the global one
    box: tuple[float, float]
    formula: str


CURVES: dict[str, Curve] = {
    "parabola": Curve("parabola", lambda x: x * x, lambda x: 2 * x, (0.0,), (-3.0, 3.0), r"f(x) = x^2"),
    "two_valleys": Curve(
        "two_valleys", lambda x: x ** 4 - 3 * x ** 2 + x, lambda x: 4 * x ** 3 - 6 * x + 1,
        (-1.300839566, 1.130901123), (-2.2, 2.2), r"f(x) = x^4 - 3x^2 + x",
    ),
}


@dataclass(frozen=True)
class Descent1D:
    xs: np.ndarray  # the start, then x after each step (stops early when it diverges)
    behaviour: str  # "good", "slow", "oscillating", "diverging"
    minimum: float | None  # the minimum it went to (None when diverging)
    local: bool  # that minimum is not the global one


def descend_1d(curve: Curve, lr: float, start: float, steps: int = 20, eps: float = 1e-3) -> Descent1D:
    """x(n+1) = x(n) − γ f′(x(n)), the lecture's step, and what kind of run it was."""
    xs = [float(start)]
    with np.errstate(all="ignore"):
        for _ in range(steps):
            x = xs[-1] - lr * float(curve.df(np.array(xs[-1])))
            if not np.isfinite(x) or abs(x) > 1e6:
                return Descent1D(np.asarray(xs), "diverging", None, False)
            xs.append(x)
    xs_arr = np.asarray(xs)
    minima = np.asarray(curve.minima)
    nearest = float(minima[np.argmin(np.abs(minima - xs_arr[-1]))])
    errors = xs_arr - nearest
    box = curve.box[1] - curve.box[0]
    if abs(errors[-1]) > abs(errors[0]) or abs(errors[-1]) > box:
        return Descent1D(xs_arr, "diverging", None, False)
    moving = errors[np.abs(errors) > eps]
    flips = np.count_nonzero(np.sign(moving[1:]) != np.sign(moving[:-1])) if len(moving) > 1 else 0
    if flips >= max(2, len(moving) // 3):
        behaviour = "oscillating"
    else:
        behaviour = "good" if abs(errors[-1]) <= eps else "slow"
    return Descent1D(xs_arr, behaviour, nearest, nearest != curve.minima[0])


# --------------------------------------------------------------------------- batch, stochastic, mini-batch


@dataclass(frozen=True)
class Regression:
    x: np.ndarray
    y: np.ndarray
    true_w: float
    true_b: float

    def loss(self, w, b) -> np.ndarray:
        """The mean squared error over all points, for scalars or grids of (w, b)."""
        w, b = np.asarray(w, dtype=np.float64), np.asarray(b, dtype=np.float64)
        residual = w[..., None] * self.x + b[..., None] - self.y
        return np.mean(residual * residual, axis=-1)


def regression_data(n: int = 100, noise: float = 0.5, seed: int = 0, true_w: float = 2.0, true_b: float = -1.0) -> Regression:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2.0, 2.0, n)
    return Regression(x=x, y=true_w * x + true_b + rng.normal(0.0, noise, n), true_w=true_w, true_b=true_b)


@dataclass(frozen=True)
class BatchRun:
    batch_size: int
    path: np.ndarray  # (updates + 1, 2): (w, b) from the start, after every update
    epoch_losses: np.ndarray  # the full-data loss at the start and after each epoch
    updates_per_epoch: int
    seconds: float


def minibatch_runs(data: Regression, batch_sizes: Sequence[int], lr: float = 0.05, epochs: int = 10,
                   start: tuple[float, float] = (-2.0, 3.0), seed: int = 0) -> list[BatchRun]:
    """Plain SGD on the MSE of y ≈ w·x + b, once per batch size (all points = batch gradient
    descent, 1 = stochastic), shuffling every epoch with the same seed."""
    import time

    runs = []
    n = len(data.x)
    for size in batch_sizes:
        size = max(1, min(int(size), n))
        rng = np.random.default_rng(seed)
        w, b = start
        path, losses = [(w, b)], [float(data.loss(w, b))]
        began = time.perf_counter()
        with np.errstate(all="ignore"):
            for _ in range(epochs):
                order = rng.permutation(n)
                for first in range(0, n, size):
                    rows = order[first:first + size]
                    residual = w * data.x[rows] + b - data.y[rows]
                    w, b = w - lr * 2 * float(np.mean(residual * data.x[rows])), b - lr * 2 * float(np.mean(residual))
                    path.append((w, b))
                losses.append(float(data.loss(w, b)))
        runs.append(BatchRun(size, np.asarray(path), np.asarray(losses), -(-n // size), time.perf_counter() - began))
    return runs
