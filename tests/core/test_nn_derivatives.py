"""The derivative as a limit, partial derivatives as slices, the gradient and its field: the
numbers the descent page shows agree with calculus and with finite differences."""

import numpy as np
import pytest

from core.nn.derivatives import (DX_STEPS, Gradient, gradient_at, gradient_field, numeric_gradient, secant, secants,
                                 slices)
from core.nn.descent import CURVES, SURFACES, quadratic


def test_the_secant_slope_is_the_difference_quotient():
    cut = secant(CURVES["parabola"], 2.5, 0.5)
    assert (cut.f0, cut.f1) == (6.25, 9.0)
    assert cut.slope == pytest.approx((9.0 - 6.25) / 0.5) and cut.derivative == 5.0
    assert cut.difference == pytest.approx(0.5)


@pytest.mark.parametrize("x0", [-3.0, -0.7, 0.0, 1.3, 2.5])
def test_on_the_parabola_the_secant_misses_the_derivative_by_exactly_dx(x0):
    """((x + Δx)² − x²)/Δx = 2x + Δx: the difference from f′(x) = 2x is Δx itself."""
    for row in secants(CURVES["parabola"], x0):
        assert row.difference == pytest.approx(row.dx, rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("x0", [-2.0, -1.0, 0.3, 1.5, 2.2])
def test_the_secant_slope_tends_to_the_derivative(x0):
    rows = secants(CURVES["two_valleys"], x0)
    assert [row.dx for row in rows] == list(DX_STEPS) and DX_STEPS[-1] == 0.001
    assert rows[-1].difference < 0.03 and rows[-1].difference < rows[0].difference / 100  # f″ ≤ 52 here
    # from Δx = 0.1 down, every smaller Δx comes closer (the error is about f″(x) Δx / 2)
    tail = [row.difference for row in rows if row.dx <= 0.1]
    assert tail == sorted(tail, reverse=True)


def test_a_zero_step_is_refused():
    with pytest.raises(ValueError):
        secant(CURVES["parabola"], 1.0, 0.0)


@pytest.mark.parametrize("name", list(SURFACES))
def test_the_gradient_is_the_partial_derivatives_as_limits(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.box
    points = [surface.start, *zip(rng.uniform(x0, x1, 5), rng.uniform(y0, y1, 5))]
    for x, y in points:
        exact = gradient_at(surface, x, y)
        numeric = numeric_gradient(surface, x, y)
        scale = max(1.0, exact.norm)
        assert abs(exact.dfdx - numeric[0]) < 1e-5 * scale and abs(exact.dfdy - numeric[1]) < 1e-5 * scale


def test_downhill_is_the_unit_vector_against_the_gradient():
    point = Gradient(0.0, 0.0, 3.0, -4.0)
    assert point.norm == 5.0 and point.downhill() == pytest.approx((-0.6, 0.8))
    assert Gradient(0.0, 0.0, 0.0, 0.0).downhill() == (0.0, 0.0)


@pytest.mark.parametrize("name", list(SURFACES))
def test_field_arrows_are_unit_steps_downhill_across_the_contours(name):
    """−∇f is perpendicular to the level line: f hardly changes along (−v, u), and a small step
    along (u, v) lowers f."""
    surface = SURFACES[name]
    field = gradient_field(surface)
    moving = field.norm > 1e-9
    assert moving.mean() > 0.95
    np.testing.assert_allclose(np.hypot(field.u, field.v)[moving], 1.0)
    h = 1e-6
    x, y, u, v, norm = field.x[moving], field.y[moving], field.u[moving], field.v[moving], field.norm[moving]
    along_level = surface.f(x - h * v, y + h * u) - surface.f(x + h * v, y - h * u)
    assert np.all(np.abs(along_level) < 1e-3 * h * norm + 1e-9)
    assert np.all(surface.f(x + h * u, y + h * v) < surface.f(x, y))
    # an even grid over the box, equally spaced across and up
    assert np.allclose(np.diff(np.unique(field.x)), field.spacing) and np.allclose(np.diff(np.unique(field.y)), field.spacing)


def test_on_a_stretched_bowl_every_arrow_points_more_across_the_valley_than_along_it():
    field = gradient_field(quadratic(50))
    assert np.all(np.abs(field.v) > np.abs(field.u))


@pytest.mark.parametrize("name", ["quadratic", "himmelblau", "rosenbrock"])
def test_slices_have_the_partial_derivatives_as_slopes(name):
    surface = SURFACES[name]
    x0, y0 = surface.start
    cut = slices(surface, x0, y0)
    np.testing.assert_allclose(cut.along_x, surface.f(cut.xs, np.full_like(cut.xs, y0)))
    np.testing.assert_allclose(cut.along_y, surface.f(np.full_like(cut.ys, x0), cut.ys))
    assert cut.value == pytest.approx(float(surface.f(x0, y0)))
    h = 1e-5
    slope_x = (surface.f(x0 + h, y0) - surface.f(x0 - h, y0)) / (2 * h)
    slope_y = (surface.f(x0, y0 + h) - surface.f(x0, y0 - h)) / (2 * h)
    assert cut.point.dfdx == pytest.approx(slope_x, rel=1e-5) and cut.point.dfdy == pytest.approx(slope_y, rel=1e-5)


def test_a_start_outside_the_box_widens_the_slices():
    surface = SURFACES["saddle"]
    cut = slices(surface, 8.0, -9.0)
    assert cut.xs[-1] == 8.0 and cut.ys[0] == -9.0
