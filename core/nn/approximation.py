"""The universal approximation theorem, tried: one hidden layer of 1, 2, 4, 8 and 16 neurons
fitted to the same function of one variable, and the error each width reaches.

The theorem (Cybenko 1989 for sigmoids, Hornik 1991 for any bounded non-constant activation;
Leshno et al. 1993 for any non-polynomial one, ReLU included) says that for a continuous function
on a bounded interval and any tolerance, *some* single hidden layer, wide enough, stays within
that tolerance everywhere. It does not say how wide, nor how to find the weights: here gradient
descent has to find them, and a fit is only as good as that search.

Each fit is a `core.nn.MLP([1, n, 1])` (hidden activation of choice, linear output, MSE) trained
by the playground's Adam, full batch, with the learning rate lowered along a cosine. Two choices
make the search reliable enough to show the theorem rather than the optimizer's luck (measured
on the four targets, tanh, seeds 0-3: without them a 16-neuron tanh net stayed at the error of a
flat line in 1 of 3 sine fits):

* the neurons start spread over the interval (each turns at a random point in it, steeper for
  wider layers), rather than all turning near 0 as small random weights make them;
* the output layer is linear, so for given hidden neurons its best weights are a least-squares
  solution: it is solved exactly before and after the descent;
* each width is fitted from `RESTARTS` seeds and the lowest error kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from core.nn.mlp import MLP
from core.nn.optimizers import make_optimizer

WIDTHS: tuple[int, ...] = (1, 2, 4, 8, 16)
INTERVAL = (-1.0, 1.0)
POINTS = 121  # training points, evenly spaced (the step's jump falls between two of them)
STEPS = 800
LR = 0.02
RESTARTS = 2
HIDDEN = ("tanh", "sigmoid", "relu")


@dataclass(frozen=True)
class Target:
    name: str
    f: Callable[[np.ndarray], np.ndarray]
    formula: str  # LaTeX


TARGETS: dict[str, Target] = {
    "sine": Target("sine", lambda x: np.sin(2 * np.pi * x), r"y = \sin 2\pi x"),
    "abs": Target("abs", np.abs, r"y = |x|"),
    "step": Target("step", lambda x: (x >= 0).astype(np.float64),
                   r"y = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}"),
    "bump": Target("bump", lambda x: np.exp(-(x / 0.3) ** 2), r"y = e^{-(x / 0.3)^2}"),
}


@dataclass(frozen=True)
class Fit:
    width: int
    mse: float  # on the training points
    net: MLP

    def parts(self, x: np.ndarray) -> np.ndarray:
        """Each hidden neuron's share of the output, v_j f(w_j x + b_j), shape (len(x), width);
        the output is their sum plus the output bias."""
        hidden = self.net.forward_all(np.asarray(x, dtype=np.float64)[:, None]).post[0]
        return hidden * self.net.params[2][:, 0]


@dataclass(frozen=True)
class Approximation:
    target: str
    activation: str
    x: np.ndarray
    y: np.ndarray
    fits: tuple[Fit, ...]
    seconds: float

    @property
    def errors(self) -> list[float]:
        return [fit.mse for fit in self.fits]


def training_points(target: str) -> tuple[np.ndarray, np.ndarray]:
    x = np.linspace(*INTERVAL, POINTS)
    return x, TARGETS[target].f(x)


def _solve_output(net: MLP, x: np.ndarray, y: np.ndarray) -> None:
    """The output layer's least-squares weights for the current hidden neurons (in place)."""
    hidden = net.forward_all(x[:, None]).post[0]
    design = np.column_stack([hidden, np.ones(len(x))])
    solution, *_ = np.linalg.lstsq(design, y, rcond=None)
    net.params[2][:, 0] = solution[:-1]
    net.params[3][0] = solution[-1]


def fit_width(x: np.ndarray, y: np.ndarray, width: int, activation: str = "tanh", seed: int = 0,
              steps: int = STEPS, lr: float = LR) -> Fit:
    """One network with `width` hidden neurons, fitted to (x, y) from one seed."""
    net = MLP([1, width, 1], activation=activation, output="linear", seed=seed)
    rng = np.random.default_rng(seed)
    lo, hi = INTERVAL
    turns = rng.uniform(lo, hi, width)
    # tanh and sigmoid: steep enough that n neurons' turns can each cover 1/n of the interval;
    # ReLU's slope sets only its height, which the output weights take over
    steepness = 1.0 if activation == "relu" else width + 2.0
    slopes = steepness * rng.choice([-1.0, 1.0], width) * rng.uniform(0.5, 1.5, width)
    net.set_params([slopes[None, :], -slopes * turns, net.params[2], net.params[3]])
    _solve_output(net, x, y)
    optimizer = make_optimizer("adam", lr=lr)
    X = x[:, None]
    for step in range(steps):
        optimizer.lr = lr * (0.02 + 0.49 * (1 + np.cos(np.pi * step / steps)))
        _, grads = net.loss_and_grads(X, y, loss="mse")
        optimizer.step(net.params, grads)
    _solve_output(net, x, y)
    return Fit(width, float(net.loss(X, y, loss="mse")), net)


def approximate(target: str, activation: str = "tanh", widths=WIDTHS, seed: int = 0,
                restarts: int = RESTARTS) -> Approximation:
    """Every width fitted to the target; for each, the best of `restarts` seeds."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; choose one of {', '.join(TARGETS)}")
    began = time.perf_counter()
    x, y = training_points(target)
    fits = []
    for width in widths:
        tries = [fit_width(x, y, width, activation, seed=seed + 1000 * k) for k in range(restarts)]
        fits.append(min(tries, key=lambda fit: fit.mse))
    return Approximation(target, activation, x, y, tuple(fits), time.perf_counter() - began)
