"""Activation functions with their derivatives and formulas, in plain numpy.

Each activation is an `Activation` with `f(x)`, `df(x)` (the elementwise derivative with
respect to x), a `name`, and LaTeX for the function (`formula`) and its derivative
(`dformula`). `kinks` lists the points where the function is not differentiable; there
`df` returns the value stated in `dformula` (for example ReLU'(0) = 0, as PyTorch does).

`ACTIVATIONS` keeps the order in which a page should list them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

ArrayFn = Callable[[np.ndarray], np.ndarray]

_SQRT2 = np.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / np.sqrt(2.0 * np.pi)


@dataclass(frozen=True)
class Activation:
    name: str
    f: ArrayFn = field(repr=False)
    df: ArrayFn = field(repr=False)
    formula: str = field(repr=False)
    dformula: str = field(repr=False)
    kinks: tuple[float, ...] = ()
    trainable: bool = True  # False for step: its derivative is zero everywhere
    args: tuple[float, ...] = ()  # the factory's arguments (leaky_relu's slope, elu's alpha)

    def __reduce__(self):
        # Pickle by name and arguments (the functions may be closures), so networks can go
        # through st.cache_data and multiprocessing.
        return _rebuild, (self.name, self.args)


def _as_float(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _linear(x):
    return _as_float(x).copy()


def _linear_df(x):
    return np.ones_like(_as_float(x))


def _step(x):
    # Heaviside with H(0) = 1: a perceptron "fires" at exactly zero.
    return (_as_float(x) >= 0).astype(np.float64)


def _step_df(x):
    # Zero everywhere (undefined at 0; we use 0): gradient descent gets no signal.
    return np.zeros_like(_as_float(x))


def sigmoid(x) -> np.ndarray:
    """1 / (1 + e^-x) without overflow: exp is only ever taken of -|x|."""
    x = _as_float(x)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_df(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def _tanh(x):
    return np.tanh(_as_float(x))


def _tanh_df(x):
    t = np.tanh(_as_float(x))
    return 1.0 - t * t


def _relu(x):
    return np.maximum(_as_float(x), 0.0)


def _relu_df(x):
    return (_as_float(x) > 0).astype(np.float64)


def _softplus(x):
    # log(1 + e^x) computed as logaddexp(0, x): no overflow for large x.
    return np.logaddexp(0.0, _as_float(x))


def _elu_factory(alpha: float):
    def f(x):
        x = _as_float(x)
        # expm1 only of the non-positive part, so large positive x cannot overflow.
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))

    def df(x):
        x = _as_float(x)
        return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))

    return f, df


def erf(x) -> np.ndarray:
    """The error function, elementwise. scipy.special is imported on first use: it costs
    about 0.3 s, which app start-up should not pay for an activation few pages show."""
    from scipy.special import erf as scipy_erf

    return scipy_erf(x)


def _gelu(x):
    x = _as_float(x)
    return 0.5 * x * (1.0 + erf(x / _SQRT2))


def _gelu_df(x):
    # d/dx [x Φ(x)] = Φ(x) + x φ(x)
    x = _as_float(x)
    return 0.5 * (1.0 + erf(x / _SQRT2)) + x * _INV_SQRT_2PI * np.exp(-0.5 * x * x)


def _fmt(value: float) -> str:
    return f"{value:g}"


def leaky_relu(slope: float = 0.01) -> Activation:
    """Leaky ReLU with the given negative-side slope: f(x) = x for x > 0, slope·x otherwise.
    The derivative at 0 is `slope` (the left one), matching PyTorch."""
    slope = float(slope)

    def f(x):
        x = _as_float(x)
        return np.where(x > 0, x, slope * x)

    def df(x):
        x = _as_float(x)
        return np.where(x > 0, 1.0, slope)

    s = _fmt(slope)
    return Activation(
        name="leaky_relu",
        f=f,
        df=df,
        formula=rf"f(x) = \begin{{cases}} x & x > 0 \\ {s}\,x & x \le 0 \end{{cases}}",
        dformula=rf"f'(x) = \begin{{cases}} 1 & x > 0 \\ {s} & x \le 0 \end{{cases}}",
        kinks=(0.0,),
        args=(slope,),
    )


def elu(alpha: float = 1.0) -> Activation:
    """ELU: x for x > 0, alpha·(e^x − 1) otherwise. Smooth at 0 only when alpha = 1."""
    alpha = float(alpha)
    f, df = _elu_factory(alpha)
    a = "" if alpha == 1.0 else _fmt(alpha) + r"\,"
    return Activation(
        name="elu",
        f=f,
        df=df,
        formula=rf"f(x) = \begin{{cases}} x & x > 0 \\ {a}(e^{{x}} - 1) & x \le 0 \end{{cases}}",
        dformula=rf"f'(x) = \begin{{cases}} 1 & x > 0 \\ {a}e^{{x}} & x \le 0 \end{{cases}}",
        kinks=() if alpha == 1.0 else (0.0,),
        args=(alpha,),
    )


ACTIVATIONS: dict[str, Activation] = {
    "linear": Activation(
        name="linear",
        f=_linear,
        df=_linear_df,
        formula=r"f(x) = x",
        dformula=r"f'(x) = 1",
    ),
    "step": Activation(
        name="step",
        f=_step,
        df=_step_df,
        formula=r"f(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        dformula=r"f'(x) = 0 \quad (x \ne 0)",
        kinks=(0.0,),
        trainable=False,
    ),
    "sigmoid": Activation(
        name="sigmoid",
        f=sigmoid,
        df=_sigmoid_df,
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        dformula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
    ),
    "tanh": Activation(
        name="tanh",
        f=_tanh,
        df=_tanh_df,
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        dformula=r"\tanh'(x) = 1 - \tanh^2(x)",
    ),
    "relu": Activation(
        name="relu",
        f=_relu,
        df=_relu_df,
        formula=r"\mathrm{ReLU}(x) = \max(0, x)",
        dformula=r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        kinks=(0.0,),
    ),
    "leaky_relu": leaky_relu(0.01),
    "softplus": Activation(
        name="softplus",
        f=_softplus,
        df=sigmoid,
        formula=r"f(x) = \ln\bigl(1 + e^{x}\bigr)",
        dformula=r"f'(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
    ),
    "elu": elu(1.0),
    "gelu": Activation(
        name="gelu",
        f=_gelu,
        df=_gelu_df,
        formula=r"\mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\Bigl(1 + \operatorname{erf}\bigl(x/\sqrt{2}\bigr)\Bigr)",
        dformula=r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x), \quad \varphi(x) = \frac{e^{-x^2/2}}{\sqrt{2\pi}}",
    ),
}


def get_activation(activation: str | Activation) -> Activation:
    """Look an activation up by name (or pass an `Activation` through)."""
    if isinstance(activation, Activation):
        return activation
    try:
        return ACTIVATIONS[activation]
    except KeyError:
        raise ValueError(
            f"unknown activation {activation!r}; choose one of {', '.join(ACTIVATIONS)}"
        ) from None


def _rebuild(name: str, args: tuple) -> Activation:
    factories = {"leaky_relu": leaky_relu, "elu": elu}
    return factories[name](*args) if name in factories else ACTIVATIONS[name]
