"""A fully connected network (multi-layer perceptron) with hand-written backpropagation.

Layout: ``sizes = [n_in, h1, ..., hk, n_out]``; layer l computes
``z_l = a_{l-1} W_l + b_l`` and ``a_l = f(z_l)`` with rows = samples, so ``W_l`` has shape
(n_in, n_out) and one matrix product handles the whole batch. Hidden layers share one
activation; the output layer has its own: ``output="sigmoid"`` (the default) for two classes,
``"linear"`` for regression, ``"softmax"`` for K ≥ 2 classes (one output per class, each row of
`forward` sums to 1; train it with ``loss="cross_entropy"`` and integer labels 0..K−1).

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
For softmax + cross-entropy ``δ_out = (p − onehot(y)) / n``: since ln p_y = z_y − ln Σ_j e^{z_j},
∂(−ln p_y)/∂z_k = p_k − [k = y], averaged over the n samples.

`to_dict` / `from_dict` carry a network through JSON (sizes, activations, weights as lists of
floats, a format version); `core.nn.export` turns one into a standalone numpy script.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from core.nn.activations import ACTIVATIONS, Activation, elu, get_activation, leaky_relu
from core.nn.losses import (
    SOFTMAX,
    class_labels,
    get_regularizer,
    one_hot,
    output_loss_and_delta,
    regularization_penalty,
)

MAX_HIDDEN_LAYERS = 6  # what the playground offers; the class itself does not enforce it
MAX_NEURONS = 16
INITS: tuple[str, ...] = ("auto", "xavier", "he", "playground", "zeros")
_HE_FAMILY = {"relu", "leaky_relu", "elu", "gelu"}
OUTPUTS: tuple[str, ...] = ("sigmoid", "linear", "softmax")  # what each task uses; any activation works
FORMAT = "vectorlab.mlp"
FORMAT_VERSION = 1
_ACTIVATION_FACTORIES = {"leaky_relu": leaky_relu, "elu": elu}


def _output_function(output: str | Activation) -> Activation:
    if output == "softmax" or (isinstance(output, Activation) and output.name == "softmax"):
        return SOFTMAX
    return get_activation(output)


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
        self.output = _output_function(output)
        if self.output.name == "softmax" and sizes[-1] < 2:
            raise ValueError(f"a softmax output needs at least 2 outputs (one per class), got {sizes[-1]}")
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

    @property
    def is_softmax(self) -> bool:
        return self.output.name == "softmax"

    def _targets(self, y, n: int, loss: str = "bce") -> np.ndarray:
        """y as the loss wants it: validated integer labels (n,) for cross-entropy; otherwise
        (n, n_out) floats, where a softmax net also takes labels (n,) and one-hot encodes them."""
        if loss == "cross_entropy":
            return class_labels(y, self.sizes[-1], n)
        if self.is_softmax and np.ndim(y) == 1:
            return one_hot(class_labels(y, self.sizes[-1], n), self.sizes[-1])
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
        """Class labels. Softmax: the most probable class 0..K−1 per row (argmax), shape (n,).
        Otherwise 0/1 labels, shape (n,) for one output: threshold 0.5 for a sigmoid output, 0
        for any other (a linear output is read as a logit, a tanh output as ±1)."""
        out = self.forward(X)
        if self.is_softmax:
            return np.argmax(out, axis=1).astype(np.int64)
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
        y = self._targets(y, n, loss)
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
        y = self._targets(y, X.shape[0], loss)
        with np.errstate(over="ignore", invalid="ignore"):
            data_loss, _ = output_loss_and_delta(loss, trace.pre[-1], trace.post[-1], self.output, y)
        return data_loss + regularization_penalty(self.weights, regularization, reg_rate)

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict:
        """The network as plain JSON-safe data: sizes, activations (with their arguments, such
        as leaky ReLU's slope), initialisation, and every weight and bias as lists of floats
        (Python floats print back exactly, so `from_dict` gives identical predictions)."""
        if not self.is_finite():
            raise ValueError("the network has diverged (some weight is inf or NaN); there is nothing to save")
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "sizes": list(self.sizes),
            "activation": self.activation.name,
            "activation_args": [float(a) for a in self.activation.args],
            "output": self.output.name,
            "output_args": [float(a) for a in self.output.args],
            "init": self.init,
            "seed": int(self.seed) if isinstance(self.seed, (int, np.integer)) else None,
            "weights": [W.tolist() for W in self.weights],
            "biases": [b.tolist() for b in self.biases],
        }

    @classmethod
    def from_dict(cls, data) -> "MLP":
        """A network from `to_dict`'s data (e.g. parsed from an uploaded JSON file). Everything
        is checked and read as data, never evaluated; anything wrong is a ValueError saying
        what. The weights are checked against the sizes before any array is allocated, so a
        small file cannot ask for a huge network."""
        if not isinstance(data, dict):
            raise ValueError(f"a saved network is a JSON object, not {type(data).__name__}")
        if data.get("format") != FORMAT:
            raise ValueError(f"not a saved network: 'format' must be {FORMAT!r}")
        version = data.get("version")
        if version != FORMAT_VERSION or isinstance(version, bool):
            raise ValueError(f"unsupported format version {version!r}; this program reads version {FORMAT_VERSION}")
        sizes = data.get("sizes")
        if (not isinstance(sizes, list) or len(sizes) < 2
                or not all(isinstance(s, int) and not isinstance(s, bool) and s >= 1 for s in sizes)):
            raise ValueError("'sizes' must be a list of at least two positive integers")
        activation = _saved_activation(data, "activation")
        output = SOFTMAX if data.get("output") == "softmax" else _saved_activation(data, "output")
        init = data.get("init", "auto")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; expected one of {', '.join(INITS)}")
        seed = data.get("seed")
        if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
            raise ValueError("'seed' must be an integer or null")
        shapes = [(a, b) for a, b in zip(sizes[:-1], sizes[1:])]
        weights = _saved_arrays(data, "weights", shapes)
        biases = _saved_arrays(data, "biases", [(b,) for _, b in shapes])
        net = cls(sizes, activation=activation, output=output, seed=0, init="zeros")
        net.set_params([p for pair in zip(weights, biases) for p in pair])
        net.init, net.seed = init, seed
        return net


def _saved_activation(data: dict, key: str) -> Activation:
    name = data.get(key)
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown {key} {name!r}; expected one of {', '.join(ACTIVATIONS)}")
    args = data.get(f"{key}_args", [])
    if (not isinstance(args, list) or len(args) > 1
            or not all(isinstance(a, (int, float)) and not isinstance(a, bool) and np.isfinite(a) for a in args)):
        raise ValueError(f"'{key}_args' must be a list of at most one finite number")
    if args and name in _ACTIVATION_FACTORIES:
        return _ACTIVATION_FACTORIES[name](float(args[0]))
    return ACTIVATIONS[name]


def _saved_arrays(data: dict, key: str, shapes: list[tuple[int, ...]]) -> list[np.ndarray]:
    values = data.get(key)
    if not isinstance(values, list) or len(values) != len(shapes):
        raise ValueError(f"'{key}' must be a list of {len(shapes)} arrays, one per layer")
    arrays = []
    for layer, (value, shape) in enumerate(zip(values, shapes), start=1):
        try:
            array = np.asarray(value)
        except ValueError:
            raise ValueError(f"{key} of layer {layer} are not a rectangular array of numbers") from None
        # numbers only: no text, nulls or objects (numpy would turn "1.0" into text and True into 1.0)
        if array.dtype.kind not in "iuf" or _holds_bool(value):
            raise ValueError(f"{key} of layer {layer} must be numbers")
        if array.shape != shape:
            raise ValueError(f"{key} of layer {layer} have shape {array.shape}; the sizes need {shape}")
        array = array.astype(np.float64)
        if not np.isfinite(array).all():
            raise ValueError(f"{key} of layer {layer} hold a value that is not a finite number")
        arrays.append(array)
    return arrays


def _holds_bool(value) -> bool:
    if isinstance(value, list):
        return any(_holds_bool(v) for v in value)
    return isinstance(value, (bool, np.bool_))
