"""A fully connected network (multi-layer perceptron) with hand-written backpropagation.

Layout: ``sizes = [n_in, h1, ..., hk, n_out]``; layer l computes
``z_l = a_{l-1} W_l + b_l`` and ``a_l = f(z_l)`` with rows = samples, so ``W_l`` has shape
(n_in, n_out) and one matrix product handles the whole batch. Hidden layers share one
activation; the output layer has its own (sigmoid for classification, linear for regression).

``net.params`` is the flat list ``[W1, b1, W2, b2, ...]`` (float64). Optimizers update these
arrays in place, so code that holds them keeps seeing the current values.

Initialisation (seeded by ``seed``; biases start at 0 unless said otherwise):

* ``"xavier"`` – Glorot uniform, ``W ~ U(−a, a)``, ``a = √(6 / (fan_in + fan_out))``;
  the ``"auto"`` choice for tanh, sigmoid, linear, step and softplus.
* ``"he"`` – He uniform, ``a = √(6 / fan_in)``; the ``"auto"`` choice for relu, leaky_relu,
  elu and gelu, whose outputs are about half zero.
* ``"playground"`` – TensorFlow Playground's ``U(−0.5, 0.5)`` with biases 0.1.
* ``"zeros"`` – everything 0: every neuron of a layer stays identical (a lesson on symmetry).

Backpropagation, for loss L and ``δ_l = ∂L/∂z_l``:
``δ_out`` from the loss (see `core.nn.losses`), ``∂L/∂W_l = a_{l-1}ᵀ δ_l``,
``∂L/∂b_l = Σ_rows δ_l``, ``δ_{l-1} = (δ_l W_lᵀ) ⊙ f'(z_{l-1})``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from core.nn.activations import Activation, get_activation
from core.nn.losses import (
    get_regularizer,
    output_loss_and_delta,
    regularization_penalty,
)

MAX_HIDDEN_LAYERS = 6  # what the playground offers; the class itself does not enforce it
MAX_NEURONS = 16
INITS: tuple[str, ...] = ("auto", "xavier", "he", "playground", "zeros")
_HE_FAMILY = {"relu", "leaky_relu", "elu", "gelu"}


@dataclass
class ForwardTrace:
    """Everything a forward pass computed: `pre[l]` = z and `post[l]` = a of layer l+1
    (hidden layers first, the output layer last); `inputs` is the X that went in."""

    inputs: np.ndarray
    pre: list[np.ndarray]
    post: list[np.ndarray]

    @property
    def output(self) -> np.ndarray:
        return self.post[-1]


@dataclass
class Backprop:
    """The result of one backward pass: `loss` = `data_loss` + `penalty`; `deltas[l]` is
    ∂L/∂z of layer l+1; `grads` aligns with `MLP.params`."""

    loss: float
    data_loss: float
    penalty: float
    deltas: list[np.ndarray]
    grads: list[np.ndarray]


class MLP:
    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | Activation = "tanh",
        output: str | Activation = "sigmoid",
        seed: int = 0,
        init: str = "auto",
    ):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError("sizes needs at least an input and an output size")
        if min(sizes) < 1:
            raise ValueError(f"every layer needs at least one unit, got {sizes}")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of {', '.join(INITS)}")
        self.sizes = sizes
        self.activation = get_activation(activation)
        self.output = get_activation(output)
        self.seed = seed
        self.init = init
        self.params: list[np.ndarray] = self._initial_params(np.random.default_rng(seed))

    # ------------------------------------------------------------------ structure

    def _initial_params(self, rng: np.random.Generator) -> list[np.ndarray]:
        scheme = self.init
        if scheme == "auto":
            scheme = "he" if self.activation.name in _HE_FAMILY else "xavier"
        params = []
        for fan_in, fan_out in zip(self.sizes[:-1], self.sizes[1:]):
            bias = np.zeros(fan_out)
            if scheme == "xavier":
                limit = np.sqrt(6.0 / (fan_in + fan_out))
                weight = rng.uniform(-limit, limit, size=(fan_in, fan_out))
            elif scheme == "he":
                limit = np.sqrt(6.0 / fan_in)
                weight = rng.uniform(-limit, limit, size=(fan_in, fan_out))
            elif scheme == "playground":
                weight = rng.uniform(-0.5, 0.5, size=(fan_in, fan_out))
                bias = np.full(fan_out, 0.1)
            else:  # zeros
                weight = np.zeros((fan_in, fan_out))
            params += [weight, bias]
        return params

    @property
    def n_layers(self) -> int:
        """Number of weight layers (hidden layers + the output layer)."""
        return len(self.sizes) - 1

    @property
    def hidden_sizes(self) -> list[int]:
        return self.sizes[1:-1]

    @property
    def weights(self) -> list[np.ndarray]:
        return self.params[0::2]

    @property
    def biases(self) -> list[np.ndarray]:
        return self.params[1::2]

    @property
    def n_params(self) -> int:
        return int(sum(p.size for p in self.params))

    def copy(self) -> "MLP":
        twin = object.__new__(MLP)
        twin.__dict__.update(self.__dict__)
        twin.sizes = list(self.sizes)
        twin.params = [p.copy() for p in self.params]
        return twin

    def set_params(self, values: Sequence[np.ndarray]) -> None:
        """Copy `values` into the existing arrays (in place, so optimizers stay attached)."""
        if len(values) != len(self.params):
            raise ValueError(f"expected {len(self.params)} arrays, got {len(values)}")
        for target, value in zip(self.params, values):
            value = np.asarray(value, dtype=np.float64)
            if value.shape != target.shape:
                raise ValueError(f"shape {value.shape} does not fit {target.shape}")
        for target, value in zip(self.params, values):
            np.copyto(target, value)

    def is_finite(self) -> bool:
        """False once training has diverged (some weight is inf or NaN)."""
        return all(np.isfinite(p).all() for p in self.params)

    def __repr__(self) -> str:
        return (
            f"MLP(sizes={self.sizes}, activation={self.activation.name!r}, "
            f"output={self.output.name!r}, seed={self.seed}, init={self.init!r})"
        )

    # ------------------------------------------------------------------ forward

    def _inputs(self, X) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1 and self.sizes[0] == 1:
            X = X[:, None]
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}), got {X.shape}")
        return X

    def _targets(self, y, n: int) -> np.ndarray:
        y = np.asarray(y, dtype=np.float64)
        if y.ndim == 1:
            y = y[:, None]
        if y.shape != (n, self.sizes[-1]):
            raise ValueError(f"y must have shape ({n},) or ({n}, {self.sizes[-1]}), got {y.shape}")
        return y

    def forward_all(self, X) -> ForwardTrace:
        """Forward pass keeping every layer's pre-activation z and activation a (the
        playground draws each neuron's own output as a heatmap)."""
        a = self._inputs(X)
        trace = ForwardTrace(inputs=a, pre=[], post=[])
        last = self.n_layers - 1
        # A diverging run overflows on purpose; callers check is_finite / the loss.
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in range(self.n_layers):
                W, b = self.params[2 * layer], self.params[2 * layer + 1]
                z = a @ W + b
                a = (self.output if layer == last else self.activation).f(z)
                trace.pre.append(z)
                trace.post.append(a)
        return trace

    def forward(self, X) -> np.ndarray:
        """The network's output, shape (n, n_out)."""
        a = self._inputs(X)
        last = self.n_layers - 1
        with np.errstate(over="ignore", invalid="ignore"):
            for layer in range(self.n_layers):
                z = a @ self.params[2 * layer] + self.params[2 * layer + 1]
                a = (self.output if layer == last else self.activation).f(z)
        return a

    __call__ = forward

    def classify(self, X) -> np.ndarray:
        """0/1 labels, shape (n,) for one output: threshold 0.5 for a sigmoid output, 0 for
        any other (a linear output is read as a logit, a tanh output as ±1)."""
        out = self.forward(X)
        threshold = 0.5 if self.output.name == "sigmoid" else 0.0
        labels = (out >= threshold).astype(np.int64)
        return labels[:, 0] if labels.shape[1] == 1 else labels

    # ------------------------------------------------------------------ backward

    def backward(
        self,
        trace: ForwardTrace,
        y,
        loss: str = "bce",
        regularization: str | None = None,
        reg_rate: float = 0.0,
    ) -> Backprop:
        """Backpropagate through a trace from `forward_all`."""
        X = trace.inputs
        n = X.shape[0]
        if n == 0:
            raise ValueError("cannot compute a loss on zero samples")
        y = self._targets(y, n)
        reg = get_regularizer(regularization)
        reg_rate = float(reg_rate)
        with np.errstate(over="ignore", invalid="ignore"):
            data_loss, delta = output_loss_and_delta(
                loss, trace.pre[-1], trace.post[-1], self.output, y
            )
            deltas: list[np.ndarray] = [delta]
            grads: list[np.ndarray] = [None] * len(self.params)  # type: ignore[list-item]
            for layer in range(self.n_layers - 1, -1, -1):
                a_prev = X if layer == 0 else trace.post[layer - 1]
                W = self.params[2 * layer]
                grad_W = a_prev.T @ delta
                if reg is not None and reg_rate != 0.0:
                    grad_W = grad_W + reg_rate * reg.grad(W)
                grads[2 * layer] = grad_W
                grads[2 * layer + 1] = delta.sum(axis=0)
                if layer > 0:
                    delta = (delta @ W.T) * self.activation.df(trace.pre[layer - 1])
                    deltas.append(delta)
            penalty = regularization_penalty(self.weights, regularization, reg_rate)
        deltas.reverse()
        return Backprop(
            loss=data_loss + penalty,
            data_loss=data_loss,
            penalty=penalty,
            deltas=deltas,
            grads=grads,
        )

    def loss_and_grads(
        self,
        X,
        y,
        loss: str = "bce",
        regularization: str | None = None,
        reg_rate: float = 0.0,
    ) -> tuple[float, list[np.ndarray]]:
        """Total loss (mean data loss + weight penalty) and its gradient, aligned with
        `params`."""
        result = self.backward(self.forward_all(X), y, loss, regularization, reg_rate)
        return result.loss, result.grads

    def loss(
        self,
        X,
        y,
        loss: str = "bce",
        regularization: str | None = None,
        reg_rate: float = 0.0,
    ) -> float:
        """Total loss without the gradient (one forward pass)."""
        X = self._inputs(X)
        if X.shape[0] == 0:
            raise ValueError("cannot compute a loss on zero samples")
        trace = self.forward_all(X)
        y = self._targets(y, X.shape[0])
        with np.errstate(over="ignore", invalid="ignore"):
            data_loss, _ = output_loss_and_delta(loss, trace.pre[-1], trace.post[-1], self.output, y)
        return data_loss + regularization_penalty(self.weights, regularization, reg_rate)
