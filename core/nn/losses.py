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
* **Cross-entropy** (K ≥ 2 classes, a softmax output ``p = softmax(z)`` per row) is
  ``L = −(1/n) Σ_i ln p_{i, y_i}`` over n samples with integer labels y_i in 0..K−1, the mean
  over samples (PyTorch's ``nn.CrossEntropyLoss()``). It is computed from the logits with
  log-sum-exp, ``ln p_{ik} = z_ik − m_i − ln Σ_j e^{z_ij − m_i}`` with m_i the row's maximum, so
  it never overflows or takes ln 0; and ``∂L/∂z = (p − onehot(y)) / n`` exactly.
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

LOSSES: tuple[str, ...] = ("mse", "bce", "cross_entropy")

LOSS_FORMULAS: dict[str, str] = {
    "mse": r"L = \frac{1}{N} \sum_{i=1}^{N} (\hat{y}_i - y_i)^2",
    "bce": r"L = -\frac{1}{N} \sum_{i=1}^{N} \bigl[y_i \ln p_i + (1 - y_i) \ln(1 - p_i)\bigr],"
    r"\quad p_i = \sigma(z_i)",
    "cross_entropy": r"L = -\frac{1}{n} \sum_{i=1}^{n} \ln p_{i, y_i},"
    r"\quad p_{ik} = \frac{e^{z_{ik}}}{\sum_j e^{z_{ij}}}",
}


# --------------------------------------------------------------------------- softmax


def softmax(z) -> np.ndarray:
    """Row-wise softmax over the last axis; the row maximum is subtracted first, so e^z never
    overflows (softmax(z) = softmax(z − c) for any c per row)."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z) -> np.ndarray:
    """ln softmax(z) by log-sum-exp: finite for any finite z, even where softmax(z) rounds to 0."""
    z = np.asarray(z, dtype=np.float64)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def _softmax_diagonal(z) -> np.ndarray:
    # Only the diagonal of softmax's Jacobian, ∂p_k/∂z_k = p_k (1 − p_k), for code that wants
    # an elementwise slope; backpropagation uses the full Jacobian (see softmax_backward).
    p = softmax(z)
    return p * (1.0 - p)


@dataclass(frozen=True)
class _RowActivation(Activation):
    """An output function of a whole row (softmax), not of each value alone."""

    def __reduce__(self):
        # Activation pickles through the ACTIVATIONS registry, which lists elementwise
        # functions for hidden layers only; softmax rebuilds itself.
        return _softmax_activation, ()


def _softmax_activation() -> Activation:
    return SOFTMAX


SOFTMAX: Activation = _RowActivation(
    name="softmax",
    f=softmax,
    df=_softmax_diagonal,
    formula=r"\mathrm{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}",
    dformula=r"\frac{\partial p_k}{\partial z_j} = p_k (\delta_{kj} - p_j)",
)


def softmax_backward(p: np.ndarray, grad_p: np.ndarray) -> np.ndarray:
    """∂L/∂z from ∂L/∂p through softmax's Jacobian p_k (δ_kj − p_j), row by row:
    ``p ⊙ (g − Σ_j g_j p_j)`` (for MSE on a softmax output)."""
    return p * (grad_p - np.sum(grad_p * p, axis=-1, keepdims=True))


def cross_entropy_with_logits(z, labels) -> float:
    """Mean cross-entropy of softmax(z) (shape (n, K)) against integer labels (shape (n,))."""
    z = np.asarray(z, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    return float(-np.mean(log_softmax(z)[np.arange(len(labels)), labels]))


def cross_entropy_with_logits_grad(z, labels) -> np.ndarray:
    """∂L/∂z = (p − onehot(y)) / n: ln p_y = z_y − ln Σ_j e^{z_j}, so ∂(−ln p_y)/∂z_k = p_k − [k = y]."""
    z = np.asarray(z, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    grad = softmax(z)
    grad[np.arange(len(labels)), labels] -= 1.0
    return grad / len(labels)


def one_hot(labels, k: int) -> np.ndarray:
    """(n, k) float matrix with a 1 in each row's label column."""
    labels = np.asarray(labels, dtype=np.int64)
    out = np.zeros((len(labels), int(k)))
    out[np.arange(len(labels)), labels] = 1.0
    return out


def class_labels(y, k: int, n: int | None = None) -> np.ndarray:
    """Validated class labels as an int64 array of shape (n,): integers 0..k−1 (ints, or floats
    that are whole numbers such as 2.0, as data sets store them); anything else is a ValueError
    that says what is wrong."""
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"class labels must be a 1-D array of integers 0..{k - 1}, got shape {arr.shape}")
    if n is not None and len(arr) != n:
        raise ValueError(f"expected {n} class labels, got {len(arr)}")
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)):
        raise ValueError(f"class labels must be integers 0..{k - 1}, got dtype {arr.dtype}")
    if np.issubdtype(arr.dtype, np.floating):
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            bad = arr[~np.isfinite(arr) | (arr != np.round(arr))][0]
            raise ValueError(f"class labels must be whole numbers 0..{k - 1}, got {bad!r}")
    if len(arr) and (arr.min() < 0 or arr.max() > k - 1):
        bad = arr[(arr < 0) | (arr > k - 1)][0]
        raise ValueError(f"class label {bad!r} is outside 0..{k - 1} (the network has {k} outputs)")
    return arr.astype(np.int64)


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

    For "cross_entropy" y holds integer labels (n,) and the loss is cross-entropy of
    softmax(z), with a softmax output or a linear one read as logits; ∂L/∂z = (p − onehot)/n.
    MSE on a softmax output goes through softmax's full Jacobian (`softmax_backward`).
    """
    if loss == "mse":
        if output.name == "softmax":
            return mse(out, y), softmax_backward(out, mse_grad(out, y))
        return mse(out, y), mse_grad(out, y) * output.df(z)
    if loss == "cross_entropy":
        if output.name not in ("softmax", "linear"):
            raise ValueError(
                "cross_entropy needs a softmax output (or a linear one read as logits), "
                f"not {output.name!r}; use bce for a single sigmoid output"
            )
        return cross_entropy_with_logits(z, y), cross_entropy_with_logits_grad(z, y)
    if loss == "bce":
        if output.name not in ("sigmoid", "linear"):
            raise ValueError(
                "bce needs a sigmoid output (or a linear one read as logits), "
                f"not {output.name!r}; use cross_entropy for a softmax output"
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
