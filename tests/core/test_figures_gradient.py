"""The gradient's arrows, the secant and the slices draw the numbers they are given."""

import math

import numpy as np
import pytest

from core.figures.descent import race_figure
from core.figures.gradient import ARROW, add_gradient, arrow_angle, secant_figure, slices_figure
from core.nn.derivatives import gradient_at, gradient_field, secant, slices
from core.nn.descent import CURVES, SURFACES, Contestant, quadratic, race


def _race(surface):
    results = race(surface, [Contestant("sgd", 0.01), Contestant("adam", 0.1)], surface.start, steps=100)
    return results, race_figure(surface, results, ["SGD", "Adam"], steps=100)


def test_the_arrows_at_the_start_point_up_and_down_the_gradient():
    surface = quadratic(10)
    results, fig = _race(surface)
    point = gradient_at(surface, *surface.start)
    add_gradient(fig, surface, [point])
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    assert len(arrows) == 2
    length = ARROW * 5.0  # the box is 10 × 5
    for arrow, sign in zip(arrows, (-1, 1)):  # ∇f first, then −∇f
        assert (arrow.ax, arrow.ay) == surface.start
        dx, dy = arrow.x - arrow.ax, arrow.y - arrow.ay
        assert math.hypot(dx, dy) == pytest.approx(length)
        # parallel to ∓∇f = ∓(−4, 15)
        assert dx * point.dfdy - dy * point.dfdx == pytest.approx(0.0, abs=1e-9)
        assert np.sign(dy) == np.sign(-sign * point.dfdy)


def test_the_race_animation_still_moves_the_paths_after_the_arrows_are_added():
    surface = SURFACES["himmelblau"]
    results, fig = _race(surface)
    before = len(fig.data)
    add_gradient(fig, surface, [gradient_at(surface, *surface.start)], field=gradient_field(surface))
    assert len(fig.data) > before  # appended after the race's own traces
    frame = fig.frames[-1]
    for index, result in zip(frame.traces, results):
        assert fig.data[index].name in ("SGD", "Adam")
        np.testing.assert_allclose(fig.data[index].x, result.path[:, 0])


def test_field_heads_turn_the_way_their_arrows_point():
    assert arrow_angle(0.0, 1.0) == 0.0 and arrow_angle(1.0, 0.0) == 90.0 and arrow_angle(0.0, -1.0) == 180.0
    surface = SURFACES["himmelblau"]
    _, fig = _race(surface)
    field = gradient_field(surface)
    add_gradient(fig, surface, [], field=field)
    heads = next(t for t in fig.data if t.type == "scatter" and t.marker.symbol == "arrow")
    segments = next(t for t in fig.data if t.type == "scatter" and t.mode == "lines" and t.line.color == "#5A5A5A")
    x, y = np.asarray(segments.x, dtype=float).reshape(-1, 3), np.asarray(segments.y, dtype=float).reshape(-1, 3)
    directions = np.column_stack([x[:, 1] - x[:, 0], y[:, 1] - y[:, 0]])
    np.testing.assert_allclose(np.degrees(np.arctan2(directions[:, 0], directions[:, 1])), heads.marker.angle, atol=1e-9)
    np.testing.assert_allclose(np.column_stack([x[:, 1], y[:, 1]]), np.column_stack([heads.x, heads.y]))
    # hover: the partials of f at the arrow's point, −|∇f|·(u, v)
    data = np.asarray(heads.customdata, dtype=float)
    for px, py, gx, gy, norm in data[:5]:
        exact = gradient_at(surface, px, py)
        assert (gx, gy, norm) == pytest.approx((exact.dfdx, exact.dfdy, exact.norm), rel=1e-9)


def test_no_arrow_where_the_gradient_vanishes():
    surface = SURFACES["saddle"]
    _, fig = _race(surface)
    add_gradient(fig, surface, [gradient_at(surface, 0.0, 0.0)])
    assert not [a for a in fig.layout.annotations if a.showarrow]


def test_the_secant_runs_through_both_points_and_names_both_slopes():
    curve = CURVES["two_valleys"]
    cut = secant(curve, -1.0, 0.5)
    fig = secant_figure(curve, cut, labels={"secant": "секущая", "tangent": "касательная"})
    tangent, line = fig.data[1], fig.data[2]
    assert line.name == f"секущая: Δf/Δx = {cut.slope:.6g}" and tangent.name == f"касательная: f′(x₀) = {cut.derivative:.6g}"
    for x, y in ((cut.x, cut.f0), (cut.x + cut.dx, cut.f1)):
        assert np.interp(x, line.x, line.y) == pytest.approx(y)
    slope = (tangent.y[1] - tangent.y[0]) / (tangent.x[1] - tangent.x[0])
    assert slope == pytest.approx(cut.derivative)


def test_the_secant_window_stays_put_while_dx_shrinks():
    curve = CURVES["parabola"]
    ranges = {tuple(secant_figure(curve, secant(curve, 1.0, dx)).layout.xaxis.range) for dx in (1.0, 0.1, 0.001)}
    assert len(ranges) == 1
    wide = secant_figure(curve, secant(curve, 1.0, 2.0)).layout.xaxis.range
    assert wide[1] > 3.0  # x₀ + Δx = 3 stays in the picture


def test_the_slices_tangents_have_the_partial_derivatives_as_slopes():
    surface = SURFACES["himmelblau"]
    cut = slices(surface, 1.0, -2.0)
    fig = slices_figure(cut)
    tangents = [t for t in fig.data if t.mode == "lines" and t.hoverinfo == "skip"]
    slopes = [(t.y[1] - t.y[0]) / (t.x[1] - t.x[0]) for t in tangents]
    assert slopes == pytest.approx([cut.point.dfdx, cut.point.dfdy])
    texts = [a.text for a in fig.layout.annotations]
    assert f"∂f/∂x = {cut.point.dfdx:.3g}" in texts and f"∂f/∂y = {cut.point.dfdy:.3g}" in texts
