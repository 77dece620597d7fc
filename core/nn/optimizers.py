"""Gradient-descent optimizers with PyTorch's exact update rules and defaults.

`make_optimizer(name, lr=None, **hyper)` builds one; `opt.step(params, grads)` changes the
arrays in `params` in place. Each optimizer keeps its state (step count, buffers) in plain
numpy arrays; `opt.copy()` makes an independent snapshot and `opt.reset()` forgets it.
The state belongs to one list of parameter arrays, matched by position and shape.

Rules, in the symbols of the torch.optim documentation (γ learning rate, θ parameters,
g_t gradient, t the step count starting at 1):

* sgd       θ_t = θ_{t−1} − γ g_t
* momentum  b_t = μ b_{t−1} + (1 − τ) g_t (b_1 = g_1), θ_t = θ_{t−1} − γ b_t; μ = 0.9, τ = 0
* nesterov  the same b_t, then θ_t = θ_{t−1} − γ (g_t + μ b_t)
* adagrad   γ̃ = γ / (1 + (t − 1) η), s_t = s_{t−1} + g_t², θ_t = θ_{t−1} − γ̃ g_t / (√s_t + ε)
* rmsprop   v_t = α v_{t−1} + (1 − α) g_t², θ_t = θ_{t−1} − γ g_t / (√v_t + ε)
* adam      m_t = β1 m_{t−1} + (1 − β1) g_t, v_t = β2 v_{t−1} + (1 − β2) g_t²,
            m̂_t = m_t / (1 − β1^t), v̂_t = v_t / (1 − β2^t), θ_t = θ_{t−1} − γ m̂_t / (√v̂_t + ε)

Default learning rates are torch's where torch has one (Adagrad 0.01, RMSprop 0.01,
Adam 0.001); torch's SGD has none, so the SGD family uses TensorFlow Playground's 0.03.
Weight decay is left out: regularisation lives in the loss (`core.nn.losses`).
"""

from __future__ import annotations

import copy as _copy
from typing import Sequence

import numpy as np

OPTIMIZERS: tuple[str, ...] = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

DEFAULT_LR: dict[str, float] = {
    "sgd": 0.03,
    "momentum": 0.03,
    "nesterov": 0.03,
    "adagrad": 0.01,
    "rmsprop": 0.01,
    "adam": 0.001,
}


class Optimizer:
    """Base class: holds `hyper` (a dict whose first entry is "lr"), the step count `t`
    and per-parameter state arrays in `state` (name -> list aligned with params)."""

    name = "optimizer"

    def __init__(self, lr: float, **hyper):
        lr = float(lr)
        if not np.isfinite(lr) or lr < 0:
            raise ValueError(f"learning rate must be a finite number ≥ 0, got {lr}")
        self.hyper: dict = {"lr": lr, **hyper}
        self.t = 0
        self.state: dict[str, list[np.ndarray]] = {}
        self._shapes: list[tuple[int, ...]] | None = None

    # The learning rate may change between steps without resetting the state
    # (TensorFlow Playground issue #4); the rules above then use the new γ.
    @property
    def lr(self) -> float:
        return self.hyper["lr"]

    @lr.setter
    def lr(self, value: float) -> None:
        self.hyper["lr"] = float(value)

    def reset(self) -> None:
        self.t = 0
        self.state = {}
        self._shapes = None

    def copy(self) -> "Optimizer":
        return _copy.deepcopy(self)

    def _check(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        if len(params) != len(grads):
            raise ValueError(f"{len(params)} parameter arrays but {len(grads)} gradients")
        shapes = [np.shape(p) for p in params]
        for p, g in zip(params, grads):
            if np.shape(g) != np.shape(p):
                raise ValueError(f"gradient shape {np.shape(g)} does not match {np.shape(p)}")
            if not isinstance(p, np.ndarray) or not p.flags.writeable:
                raise TypeError("parameters must be writeable numpy arrays (updated in place)")
        if self._shapes is None:
            self._shapes = shapes
        elif shapes != self._shapes:
            raise ValueError(
                "these parameters do not match the optimizer's state; call reset() first"
            )

    def _buffers(self, key: str, fill: float = 0.0) -> list[np.ndarray]:
        """The state arrays called `key`, one per parameter, created on first use."""
        if key not in self.state:
            self.state[key] = [np.full(shape, fill, dtype=np.float64) for shape in self._shapes]
        return self.state[key]

    def step(self, params: Sequence[np.ndarray], grads: Sequence[np.ndarray]) -> None:
        self._check(params, grads)
        self.t += 1
        for i, (p, g) in enumerate(zip(params, grads)):
            self._update(i, p, np.asarray(g, dtype=np.float64))

    def _update(self, i: int, p: np.ndarray, g: np.ndarray) -> None:  # pragma: no cover
        raise NotImplementedError

    @property
    def formula(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyper.items())
        return f"{type(self).__name__}({self.name!r}, {args})"


class SGD(Optimizer):
    """torch.optim.SGD without weight decay: plain, with momentum, or Nesterov."""

    def __init__(self, name: str, lr: float, momentum: float = 0.0, dampening: float = 0.0,
                 nesterov: bool = False):
        momentum, dampening, nesterov = float(momentum), float(dampening), bool(nesterov)
        if momentum < 0:
            raise ValueError(f"momentum must be ≥ 0, got {momentum}")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum > 0 and zero dampening")
        if name == "sgd" and momentum == 0.0:
            super().__init__(lr)
        else:
            super().__init__(lr, momentum=momentum, dampening=dampening, nesterov=nesterov)
        self.name = name

    def _update(self, i, p, g):
        mu = self.hyper.get("momentum", 0.0)
        if mu != 0.0:
            bufs = self.state.setdefault("momentum_buffer", [None] * len(self._shapes))
            if bufs[i] is None:  # torch: the first buffer is a copy of the gradient
                bufs[i] = g.copy()
            else:
                bufs[i] *= mu
                bufs[i] += (1.0 - self.hyper["dampening"]) * g
            g = g + mu * bufs[i] if self.hyper["nesterov"] else bufs[i]
        p -= self.lr * g

    @property
    def formula(self) -> str:
        mu = self.hyper.get("momentum", 0.0)
        if mu == 0.0:
            return r"\theta_t = \theta_{t-1} - \gamma\, g_t"
        tau = self.hyper["dampening"]
        gterm = "g_t" if tau == 0 else r"(1 - \tau)\, g_t"
        buf = rf"b_t = \mu\, b_{{t-1}} + {gterm} \;\; (b_1 = g_1)"
        if self.hyper["nesterov"]:
            return buf + r", \qquad \theta_t = \theta_{t-1} - \gamma\,(g_t + \mu\, b_t)"
        return buf + r", \qquad \theta_t = \theta_{t-1} - \gamma\, b_t"


class Adagrad(Optimizer):
    """torch.optim.Adagrad without weight decay."""

    name = "adagrad"

    def __init__(self, lr: float, lr_decay: float = 0.0, initial_accumulator_value: float = 0.0,
                 eps: float = 1e-10):
        super().__init__(lr, lr_decay=float(lr_decay),
                         initial_accumulator_value=float(initial_accumulator_value),
                         eps=float(eps))

    def _update(self, i, p, g):
        h = self.hyper
        sums = self._buffers("sum", fill=h["initial_accumulator_value"])
        clr = self.lr / (1.0 + (self.t - 1) * h["lr_decay"])
        sums[i] += g * g
        p -= clr * g / (np.sqrt(sums[i]) + h["eps"])

    @property
    def formula(self) -> str:
        return (
            r"\tilde{\gamma} = \frac{\gamma}{1 + (t-1)\,\eta}, \quad "
            r"\mathit{state\_sum}_t = \mathit{state\_sum}_{t-1} + g_t^2, \quad "
            r"\theta_t = \theta_{t-1} - \tilde{\gamma}\,\frac{g_t}{\sqrt{\mathit{state\_sum}_t} + \epsilon}"
        )


class RMSprop(Optimizer):
    """torch.optim.RMSprop without weight decay (ε added after the square root)."""

    name = "rmsprop"

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0,
                 centered: bool = False):
        super().__init__(lr, alpha=float(alpha), eps=float(eps), momentum=float(momentum),
                         centered=bool(centered))

    def _update(self, i, p, g):
        h = self.hyper
        sq = self._buffers("square_avg")
        sq[i] *= h["alpha"]
        sq[i] += (1.0 - h["alpha"]) * g * g
        if h["centered"]:
            ga = self._buffers("grad_avg")
            ga[i] *= h["alpha"]
            ga[i] += (1.0 - h["alpha"]) * g
            avg = np.sqrt(sq[i] - ga[i] * ga[i]) + h["eps"]
        else:
            avg = np.sqrt(sq[i]) + h["eps"]
        if h["momentum"] > 0:
            buf = self._buffers("momentum_buffer")
            buf[i] *= h["momentum"]
            buf[i] += g / avg
            p -= self.lr * buf[i]
        else:
            p -= self.lr * g / avg

    @property
    def formula(self) -> str:
        h = self.hyper
        v = r"v_t = \alpha\, v_{t-1} + (1 - \alpha)\, g_t^2"
        if h["centered"]:
            v += r", \quad g^{ave}_t = \alpha\, g^{ave}_{t-1} + (1 - \alpha)\, g_t"
            root = r"\sqrt{v_t - (g^{ave}_t)^2}"
        else:
            root = r"\sqrt{v_t}"
        if h["momentum"] > 0:
            return (v + rf", \quad b_t = \mu\, b_{{t-1}} + \frac{{g_t}}{{{root} + \epsilon}}"
                    r", \quad \theta_t = \theta_{t-1} - \gamma\, b_t")
        return v + rf", \quad \theta_t = \theta_{{t-1}} - \gamma\,\frac{{g_t}}{{{root} + \epsilon}}"


class Adam(Optimizer):
    """torch.optim.Adam without weight decay; the arithmetic follows torch's single-tensor
    implementation: step size γ/(1 − β1^t), denominator √v_t/√(1 − β2^t) + ε."""

    name = "adam"

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8,
                 amsgrad: bool = False, betas: tuple[float, float] | None = None):
        if betas is not None:  # torch spells them as a pair
            beta1, beta2 = betas
        for label, beta in (("beta1", beta1), ("beta2", beta2)):
            if not 0.0 <= float(beta) < 1.0:
                raise ValueError(f"{label} must be in [0, 1), got {beta}")
        super().__init__(lr, beta1=float(beta1), beta2=float(beta2), eps=float(eps),
                         amsgrad=bool(amsgrad))

    def _update(self, i, p, g):
        h = self.hyper
        m = self._buffers("exp_avg")
        v = self._buffers("exp_avg_sq")
        b1, b2 = h["beta1"], h["beta2"]
        m[i] *= b1
        m[i] += (1.0 - b1) * g
        v[i] *= b2
        v[i] += (1.0 - b2) * g * g
        bias_correction1 = 1.0 - b1 ** self.t
        bias_correction2 = 1.0 - b2 ** self.t
        if h["amsgrad"]:
            vmax = self._buffers("max_exp_avg_sq")
            np.maximum(vmax[i], v[i], out=vmax[i])
            second = vmax[i]
        else:
            second = v[i]
        denom = np.sqrt(second) / np.sqrt(bias_correction2) + h["eps"]
        p -= (self.lr / bias_correction1) * (m[i] / denom)

    @property
    def formula(self) -> str:
        v_hat = r"\hat{v}_t^{max}" if self.hyper["amsgrad"] else r"\hat{v}_t"
        extra = (r", \quad \hat{v}_t^{max} = \max(\hat{v}_{t-1}^{max}, \hat{v}_t)"
                 if self.hyper["amsgrad"] else "")
        return (
            r"m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g_t, \quad "
            r"v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g_t^2, \quad "
            r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}, \quad \hat{v}_t = \frac{v_t}{1 - \beta_2^t}"
            + extra
            + rf", \quad \theta_t = \theta_{{t-1}} - \gamma\,\frac{{\hat{{m}}_t}}{{\sqrt{{{v_hat}}} + \epsilon}}"
        )


def make_optimizer(name: str, lr: float | None = None, **hyper) -> Optimizer:
    """An optimizer by name (one of `OPTIMIZERS`); `lr=None` takes the default in
    `DEFAULT_LR`; other keywords are that optimizer's hyper-parameters (torch's names)."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    lr = DEFAULT_LR[name] if lr is None else lr
    if name == "sgd":
        return SGD("sgd", lr, **hyper)
    if name == "momentum":
        return SGD("momentum", lr, **{"momentum": 0.9, **hyper})
    if name == "nesterov":
        return SGD("nesterov", lr, **{"momentum": 0.9, "nesterov": True, **hyper})
    if name == "adagrad":
        return Adagrad(lr, **hyper)
    if name == "rmsprop":
        return RMSprop(lr, **hyper)
    return Adam(lr, **hyper)
