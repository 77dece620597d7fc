"""The lecture's "Производная" and "Что такое градиент" slides in numbers.

* The derivative as a limit: the secant's slope Δf/Δx through x and x + Δx tends to f′(x) as
  Δx shrinks (`secant`, over `DX_STEPS`).
* Partial derivatives as slices: ∂f/∂x at (x₀, y₀) is the slope of the one-variable curve
  x ↦ f(x, y₀), and ∂f/∂y that of y ↦ f(x₀, y) (`slices`).
* The gradient ∇f = (∂f/∂x, ∂f/∂y): the direction of steepest ascent, so −∇f points downhill,
  the way gradient descent steps (`gradient_at`, `gradient_field`).

The surfaces and curves are the descent page's (`core.nn.descent`), with their exact derivatives.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.nn.descent import Curve, Surface

# Δx from the secant to (almost) the tangent: each about half or a fifth of the one before
DX_STEPS: tuple[float, ...] = (2.0, 1.0, 0.5, 0.2, 0.1, 0.05, 0.01, 0.001)


@dataclass(frozen=True)
class Secant:
    x: float
    dx: float
    f0: float  # f(x)
    f1: float  # f(x + Δx)
    derivative: float  # f′(x), exact

    @property
    def slope(self) -> float:
        """Δf / Δx = (f(x + Δx) − f(x)) / Δx."""
        return (self.f1 - self.f0) / self.dx

    @property
    def difference(self) -> float:
        """How far the secant's slope still is from the derivative: |Δf/Δx − f′(x)|."""
        return abs(self.slope - self.derivative)


def secant(curve: Curve, x: float, dx: float) -> Secant:
    x, dx = float(x), float(dx)
    if dx == 0 or not np.isfinite(dx):
        raise ValueError("Δx must be a finite number other than 0")
    value = lambda at: float(curve.f(np.array(at)))  # noqa: E731
    return Secant(x, dx, value(x), value(x + dx), float(curve.df(np.array(x))))


def secants(curve: Curve, x: float, steps=DX_STEPS) -> list[Secant]:
    """The same point's secants for every Δx, largest first: the limit, row by row."""
    return [secant(curve, x, dx) for dx in steps]


@dataclass(frozen=True)
class Gradient:
    x: float
    y: float
    dfdx: float
    dfdy: float

    @property
    def norm(self) -> float:
        return float(np.hypot(self.dfdx, self.dfdy))

    def downhill(self) -> tuple[float, float]:
        """−∇f / |∇f|: the unit direction of steepest descent ((0, 0) where the gradient is 0)."""
        norm = self.norm
        return (0.0, 0.0) if norm == 0 or not np.isfinite(norm) else (-self.dfdx / norm, -self.dfdy / norm)


def gradient_at(surface: Surface, x: float, y: float) -> Gradient:
    gx, gy = surface.grad(float(x), float(y))
    return Gradient(float(x), float(y), float(gx), float(gy))


def numeric_gradient(surface: Surface, x: float, y: float, h: float = 1e-6) -> tuple[float, float]:
    """Central differences, each partial derivative as the lecture's limit with a small Δx."""
    f = lambda a, b: float(surface.f(np.float64(a), np.float64(b)))  # noqa: E731
    return ((f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h))


@dataclass(frozen=True)
class Field:
    x: np.ndarray  # (n,) arrow tails
    y: np.ndarray
    u: np.ndarray  # unit direction of −∇f (0 where the gradient vanishes)
    v: np.ndarray
    norm: np.ndarray  # |∇f| at each point
    spacing: float  # the grid's step, the same across and up


def gradient_field(surface: Surface, across: int = 15) -> Field:
    """−∇f on an even grid over the surface's box: `across` points along its longer side and the
    same spacing along the other, so that arrows drawn on equal axes are evenly placed."""
    (x0, x1), (y0, y1) = surface.box
    spacing = max(x1 - x0, y1 - y0) / across
    xs = np.arange(x0 + spacing / 2, x1, spacing)
    ys = np.arange(y0 + spacing / 2, y1, spacing)
    gx_grid, gy_grid = np.meshgrid(xs, ys)
    px, py = gx_grid.ravel(), gy_grid.ravel()
    with np.errstate(all="ignore"):
        dx, dy = surface.grad(px, py)
        dx, dy = np.broadcast_to(dx, px.shape).astype(float), np.broadcast_to(dy, px.shape).astype(float)
        norm = np.hypot(dx, dy)
        safe = np.where(norm > 0, norm, 1.0)
        u, v = np.where(norm > 0, -dx / safe, 0.0), np.where(norm > 0, -dy / safe, 0.0)
    return Field(px, py, u, v, norm, float(spacing))


@dataclass(frozen=True)
class Slices:
    point: Gradient
    value: float  # f(x₀, y₀)
    xs: np.ndarray
    along_x: np.ndarray  # f(x, y₀)
    ys: np.ndarray
    along_y: np.ndarray  # f(x₀, y)


def slices(surface: Surface, x: float, y: float, points: int = 201) -> Slices:
    """The two one-variable curves through (x₀, y₀): x ↦ f(x, y₀) and y ↦ f(x₀, y), over the
    surface's box (widened to hold the point when it lies outside)."""
    (bx0, bx1), (by0, by1) = surface.box
    xs = np.linspace(min(bx0, x), max(bx1, x), points)
    ys = np.linspace(min(by0, y), max(by1, y), points)
    with np.errstate(all="ignore"):
        along_x = np.asarray(surface.f(xs, np.full_like(xs, y)), dtype=float)
        along_y = np.asarray(surface.f(np.full_like(ys, x), ys), dtype=float)
        value = float(surface.f(np.float64(x), np.float64(y)))
    return Slices(gradient_at(surface, x, y), value, xs, along_x, ys, along_y)
