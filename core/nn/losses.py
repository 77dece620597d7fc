"""Loss functions and weight regularisers, with their gradients.

Conventions (used everywhere in `core.nn`, and shown to students):

* **MSE** is the plain mean of squared errors, *without* a factor 1/2:
  ``L = (1/N) Σ (ŷ − y)²`` over all N output values (N = samples × outputs), so
  ``∂L/∂ŷ = 2 (ŷ − y) / N``. This is PyTorch's ``nn.MSELoss()``. (TensorFlow Playground
  uses ``½ (ŷ − y)²``; its numbers are half of ours.)
* **BCE** is binary cross-entropy ``L = −(1/N) Σ [y ln p + (1 − y) ln(1 − p)]`` with
  ``p = σ(z)``. It is always computed from the logit z, never from p, as
  ``max(z, 0) − y z + ln(1 + e^{−|z|})`` (PyTorch's ``BCEWithLogitsLoss``), so it cannot
  overflow or take ln 0, and ``∂L/∂z = (p − y) / N`` exactly.
* **Regularisers** act on weights only, never on biases (as in TensorFlow Playground):
  L1 adds ``λ Σ |w|`` with subgradient ``λ sign(w)`` (0 at w = 0); L2 adds ``(λ/2) Σ w²``
  with gradient ``λ w``, so L2 with rate λ equals PyTorch's ``weight_decay=λ`` for SGD.
  The penalty is added to the mean data loss once, not per sample.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from core.nn.activations import Activation, sigmoid

LOSSES: tuple[str, ...] = ("mse", "bce")

LOSS_FORMULAS: dict[str, str] = {
    "mse": r"L = \frac{1}{N} \sum_{i=1}^{N} (\hat{y}_i - y_i)^2",
    "bce": r"L = -\frac{1}{N} \sum_{i=1}^{N} \bigl[y_i \ln p_i + (1 - y_i) \ln(1 - p_i)\bigr],"
    r"\quad p_i = \sigma(z_i)",
}


def mse(pred, y) -> float:
    """Mean squared error, mean over every element, no 1/2."""
    diff = np.asarray(pred, dtype=np.float64) - np.asarray(y, dtype=np.float64)
    return float(np.mean(diff * diff))


def mse_grad(pred, y) -> np.ndarray:
    """∂ mse / ∂ pred = 2 (pred − y) / N."""
    pred = np.asarray(pred, dtype=np.float64)
    return 2.0 * (pred - np.asarray(y, dtype=np.float64)) / pred.size


def bce_with_logits(z, y) -> float:
    """Binary cross-entropy of p = σ(z) against labels y in [0, 1], from the logits z."""
    z = np.asarray(z, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    per_value = np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(per_value))


def bce_with_logits_grad(z, y) -> np.ndarray:
    """∂ bce / ∂ z = (σ(z) − y) / N."""
    z = np.asarray(z, dtype=np.float64)
    return (sigmoid(z) - np.asarray(y, dtype=np.float64)) / z.size


def bce(p, y, eps: float = 1e-12) -> float:
    """Binary cross-entropy from probabilities, for reporting when only p is at hand.
    p is clipped to [eps, 1 − eps]; prefer `bce_with_logits` when the logit is known."""
    p = np.clip(np.asarray(p, dtype=np.float64), eps, 1.0 - eps)
    y = np.asarray(y, dtype=np.float64)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))


def output_loss_and_delta(
    loss: str, z: np.ndarray, out: np.ndarray, output: Activation, y: np.ndarray
) -> tuple[float, np.ndarray]:
    """The data loss and ∂L/∂z at the output layer's pre-activation z (out = output.f(z)).

    For "bce" the loss is always cross-entropy of σ(z): with a sigmoid output that is the
    probability the network shows; with a linear output z is read as a logit (PyTorch's
    BCEWithLogitsLoss). Either way ∂L/∂z = (σ(z) − y)/N, without going through σ'.
    """
    if loss == "mse":
        return mse(out, y), mse_grad(out, y) * output.df(z)
    if loss == "bce":
        if output.name not in ("sigmoid", "linear"):
            raise ValueError(
                "bce needs a sigmoid output (or a linear one read as logits), "
                f"not {output.name!r}"
            )
        return bce_with_logits(z, y), bce_with_logits_grad(z, y)
    raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}")


@dataclass(frozen=True)
class Regularizer:
    name: str
    penalty: Callable[[np.ndarray], float] = field(repr=False)  # without the rate
    grad: Callable[[np.ndarray], np.ndarray] = field(repr=False)  # without the rate
    formula: str = field(repr=False)


def _l1_penalty(w):
    return float(np.sum(np.abs(w)))


def _l1_grad(w):
    return np.sign(w)


def _l2_penalty(w):
    return float(0.5 * np.sum(w * w))


def _l2_grad(w):
    return np.array(w, dtype=np.float64, copy=True)


REGULARIZERS: dict[str, Regularizer] = {
    "l1": Regularizer("l1", _l1_penalty, _l1_grad, r"\lambda \sum_j |w_j|"),
    "l2": Regularizer("l2", _l2_penalty, _l2_grad, r"\frac{\lambda}{2} \sum_j w_j^2"),
}


def get_regularizer(name: str | None) -> Regularizer | None:
    if name is None or name == "none":
        return None
    try:
        return REGULARIZERS[name]
    except KeyError:
        raise ValueError(
            f"unknown regularization {name!r}; choose None, 'l1' or 'l2'"
        ) from None


def regularization_penalty(weights: Sequence[np.ndarray], name: str | None, rate: float) -> float:
    """rate × Σ penalty(W) over the weight matrices (pass weights only, not biases)."""
    reg = get_regularizer(name)
    if reg is None or rate == 0.0:
        return 0.0
    return float(rate) * sum(reg.penalty(w) for w in weights)
