"""Backpropagation spelled out for a tiny network: 2 inputs, 2 hidden neurons, 1 sigmoid output,
one training example, loss L = (y − t)² (the playground's MSE for one example).

`walkthrough(params, x, t, activation)` runs the forward pass and then the chain rule by hand,
keeping every intermediate number, so that a page can show each step with its numbers filled
in. `mlp_gradients` gets the same gradients from `core.nn.MLP` (the implementation the
playground trains with) and `numeric_gradients` from central finite differences: the page's
"check" button and the tests compare all three.

Weights: w[i][j] goes from input i to hidden neuron j, b[j] is hidden neuron j's bias, v[j]
goes from hidden neuron j to the output, c is the output's bias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.nn.activations import get_activation, sigmoid
from core.nn.mlp import MLP


@dataclass(frozen=True)
class TinyParams:
    w: tuple[tuple[float, float], tuple[float, float]]  # w[i][j]: input i -> hidden j
    b: tuple[float, float]
    v: tuple[float, float]
    c: float

    def as_vector(self) -> np.ndarray:
        """w11 w12 w21 w22 b1 b2 v1 v2 c (the page's order)."""
        return np.array([*self.w[0], *self.w[1], *self.b, *self.v, self.c], dtype=np.float64)

    @classmethod
    def from_vector(cls, values) -> "TinyParams":
        p = [float(value) for value in values]
        return cls(w=((p[0], p[1]), (p[2], p[3])), b=(p[4], p[5]), v=(p[6], p[7]), c=p[8])


NAMES = ("w11", "w12", "w21", "w22", "b1", "b2", "v1", "v2", "c")  # as_vector's order

# Matt Mazur's worked example ("A Step by Step Backpropagation Example"), with one output:
# the numbers students can find worked by hand on the web.
EXAMPLE = TinyParams(w=((0.15, 0.25), (0.20, 0.30)), b=(0.35, 0.35), v=(0.40, 0.45), c=0.60)
EXAMPLE_X = (0.05, 0.10)
EXAMPLE_TARGET = 0.01


@dataclass(frozen=True)
class Walkthrough:
    params: TinyParams
    x: np.ndarray  # (2,)
    t: float
    activation: str
    # forward
    z: np.ndarray  # hidden pre-activations (2,)
    h: np.ndarray  # hidden outputs (2,)
    z_out: float
    y: float
    loss: float
    # backward, each by the chain rule
    dL_dy: float  # 2 (y − t)
    dy_dz: float  # σ'(z_out) = y (1 − y)
    delta_out: float  # ∂L/∂z_out = dL_dy · dy_dz
    dL_dv: np.ndarray  # delta_out · h_j
    dL_dc: float  # delta_out
    dL_dh: np.ndarray  # delta_out · v_j
    dh_dz: np.ndarray  # f'(z_j)
    delta_hidden: np.ndarray  # ∂L/∂z_j = dL_dh_j · dh_dz_j
    dL_dw: np.ndarray = field(repr=False)  # (2, 2): delta_hidden_j · x_i
    dL_db: np.ndarray = field(repr=False)  # delta_hidden

    def gradient(self) -> TinyParams:
        return TinyParams(w=tuple(map(tuple, self.dL_dw.tolist())), b=tuple(self.dL_db.tolist()),
                          v=tuple(self.dL_dv.tolist()), c=self.dL_dc)

    def updated(self, lr: float) -> TinyParams:
        """One gradient-descent step: every parameter minus lr times its gradient."""
        return TinyParams.from_vector(self.params.as_vector() - lr * self.gradient().as_vector())


def walkthrough(params: TinyParams, x, t: float, activation: str = "sigmoid") -> Walkthrough:
    act = get_activation(activation)
    x = np.asarray(x, dtype=np.float64)
    w, b, v = np.asarray(params.w), np.asarray(params.b), np.asarray(params.v)
    with np.errstate(all="ignore"):
        z = x @ w + b
        h = act.f(z)
        z_out = float(h @ v + params.c)
        y = float(sigmoid(z_out))
        loss = (y - t) ** 2
        dL_dy = 2.0 * (y - t)
        dy_dz = y * (1.0 - y)
        delta_out = dL_dy * dy_dz
        dL_dh = delta_out * v
        dh_dz = act.df(z)
        delta_hidden = dL_dh * dh_dz
    return Walkthrough(
        params=params, x=x, t=float(t), activation=act.name, z=z, h=h, z_out=z_out, y=y, loss=float(loss),
        dL_dy=dL_dy, dy_dz=dy_dz, delta_out=delta_out, dL_dv=delta_out * h, dL_dc=delta_out, dL_dh=dL_dh,
        dh_dz=dh_dz, delta_hidden=delta_hidden, dL_dw=np.outer(x, delta_hidden), dL_db=delta_hidden,
    )


def _mlp(params: TinyParams, activation: str) -> MLP:
    net = MLP([2, 2, 1], activation=activation, output="sigmoid", seed=0)
    net.set_params([np.asarray(params.w, dtype=np.float64), np.asarray(params.b, dtype=np.float64),
                    np.asarray(params.v, dtype=np.float64)[:, None], np.array([params.c])])
    return net


def mlp_gradients(params: TinyParams, x, t: float, activation: str = "sigmoid") -> tuple[float, TinyParams]:
    """(loss, gradient) from core.nn.MLP, the playground's own backpropagation."""
    loss, grads = _mlp(params, activation).loss_and_grads(np.asarray([x], dtype=np.float64), np.array([[t]]), loss="mse")
    gw, gb, gv, gc = grads
    return float(loss), TinyParams(w=tuple(map(tuple, gw.tolist())), b=tuple(gb.tolist()),
                                   v=tuple(gv[:, 0].tolist()), c=float(gc[0]))


def loss_at(params: TinyParams, x, t: float, activation: str = "sigmoid") -> float:
    return walkthrough(params, x, t, activation).loss


def numeric_gradients(params: TinyParams, x, t: float, activation: str = "sigmoid", h: float = 1e-6) -> TinyParams:
    """Central finite differences (L(p + h) − L(p − h)) / 2h, one parameter at a time."""
    base = params.as_vector()
    out = np.empty_like(base)
    for k in range(len(base)):
        up, down = base.copy(), base.copy()
        up[k] += h
        down[k] -= h
        out[k] = (loss_at(TinyParams.from_vector(up), x, t, activation)
                  - loss_at(TinyParams.from_vector(down), x, t, activation)) / (2 * h)
    return TinyParams.from_vector(out)


@dataclass(frozen=True)
class Layers:
    """The same forward pass written the lecture's way, a layer at a time: a = f(W x + b), with
    W's row j holding the weights into neuron j (so W₁ is the transpose of the w[i][j] table)."""

    W1: np.ndarray  # (2, 2): W1[j, i] = w[i][j]
    b1: np.ndarray  # (2,)
    z1: np.ndarray  # W1 x + b1
    a1: np.ndarray  # f(z1)
    W2: np.ndarray  # (1, 2): v as a row
    b2: np.ndarray  # (1,): c
    z2: np.ndarray  # W2 a1 + b2
    y: np.ndarray  # σ(z2)


def layers(walk: Walkthrough) -> Layers:
    """Matrix products, computed anew (not copied from the per-neuron sums), so that a test can
    check the two ways give the same numbers."""
    act = get_activation(walk.activation)
    W1 = np.asarray(walk.params.w, dtype=np.float64).T
    b1 = np.asarray(walk.params.b, dtype=np.float64)
    W2 = np.asarray(walk.params.v, dtype=np.float64)[None, :]
    b2 = np.array([walk.params.c], dtype=np.float64)
    with np.errstate(all="ignore"):
        z1 = W1 @ walk.x + b1
        a1 = act.f(z1)
        z2 = W2 @ a1 + b2
        y = sigmoid(z2)
    return Layers(W1, b1, z1, a1, W2, b2, z2, y)
