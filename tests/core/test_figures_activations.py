"""The activations page's figures draw each activation and its true derivative."""

import numpy as np
import pytest

from core.figures.activations import FLAT, X_RANGE, activation_figure, flat_zones, neuron_figure
from core.nn.activations import ACTIVATIONS, elu, leaky_relu

LABELS = {"f": "функция", "df": "производная", "flat": "градиент ≈ 0", "kink": "излом", "neuron": "нейрон",
          "plain": "сравнение", "centre": "центр"}


def line(fig, name):
    trace = next(t for t in fig.data if t.name == name)
    x, y = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
    keep = ~np.isnan(x)
    return x[keep], y[keep]


@pytest.mark.parametrize("activation", [*ACTIVATIONS.values(), leaky_relu(0.3), elu(0.5)], ids=lambda a: f"{a.name}{a.args}")
def test_the_curves_are_the_function_and_its_derivative(activation):
    fig = activation_figure(activation, labels=LABELS)
    x, f = line(fig, "функция")
    np.testing.assert_allclose(f, activation.f(x))
    x, df = line(fig, "производная")
    np.testing.assert_allclose(df, activation.df(x))
    # and the dashed line is the slope of the solid one (finite differences, away from kinks)
    h = 1e-5
    smooth = np.all(np.abs(x[:, None] - np.asarray(activation.kinks or [99.0])[None, :]) > 0.05, axis=1)
    if activation.trainable:
        numeric = (activation.f(x + h) - activation.f(x - h)) / (2 * h)
        np.testing.assert_allclose(df[smooth], numeric[smooth], atol=1e-5)
    assert x[0] == X_RANGE[0] and x[-1] == X_RANGE[1]


def test_jumps_are_not_drawn_as_vertical_lines():
    step = activation_figure(ACTIVATIONS["step"], labels=LABELS)
    trace = next(t for t in step.data if t.name == "функция")
    gap = int(np.flatnonzero(np.isnan(np.asarray(trace.y, dtype=float)))[0])
    assert trace.x[gap - 1] < 0 <= trace.x[gap + 1] and trace.y[gap - 1] == 0 and trace.y[gap + 1] == 1
    relu = activation_figure(ACTIVATIONS["relu"], labels=LABELS)
    assert np.isnan(np.asarray(next(t for t in relu.data if t.name == "производная").y, dtype=float)).sum() == 1
    sigmoid = activation_figure(ACTIVATIONS["sigmoid"], labels=LABELS)
    assert not any(np.isnan(np.asarray(t.y, dtype=float)).any() for t in sigmoid.data if t.mode == "lines")


def test_flat_zones_show_where_gradient_descent_gets_no_signal():
    assert flat_zones(ACTIVATIONS["step"]) == [X_RANGE]
    assert flat_zones(ACTIVATIONS["relu"]) == [(X_RANGE[0], 0.0)]  # the dead side
    assert flat_zones(ACTIVATIONS["linear"]) == [] and flat_zones(leaky_relu(0.01)) == []
    (left, right) = flat_zones(ACTIVATIONS["sigmoid"])  # saturated on both sides
    assert left[0] == X_RANGE[0] and right[1] == X_RANGE[1] and left[1] == pytest.approx(-right[0])
    assert ACTIVATIONS["sigmoid"].df(np.array([right[0]]))[0] < FLAT < ACTIVATIONS["sigmoid"].df(np.array([right[0] - 0.05]))[0]
    fig = activation_figure(ACTIVATIONS["relu"], labels=LABELS)
    assert [(s.x0, s.x1) for s in fig.layout.shapes] == [(X_RANGE[0], 0.0)]
    assert any(t.name == "градиент ≈ 0" for t in fig.data)  # named in the legend
    assert not activation_figure(ACTIVATIONS["linear"], labels=LABELS).layout.shapes


def test_points_without_a_derivative_are_marked():
    relu = activation_figure(ACTIVATIONS["relu"], labels=LABELS)
    kink = next(t for t in relu.data if t.name == "излом")
    assert list(kink.x) == [0.0] and list(kink.y) == [0.0]
    assert not any(t.name == "излом" for t in activation_figure(ACTIVATIONS["sigmoid"], labels=LABELS).data)


@pytest.mark.parametrize(("w", "b", "centre"), [(1.0, 0.0, 0.0), (2.0, -3.0, 1.5), (-0.5, 1.0, 2.0), (0.0, 1.0, None),
                                                (0.1, 5.0, None)])
def test_one_neuron_is_f_of_w_x_plus_b(w, b, centre):
    activation = ACTIVATIONS["tanh"]
    fig = neuron_figure(activation, w, b, labels=LABELS)
    x, y = line(fig, "нейрон")
    np.testing.assert_allclose(y, activation.f(w * x + b))
    x, y = line(fig, "сравнение")
    np.testing.assert_allclose(y, activation.f(x))
    marks = [t for t in fig.data if t.name == "центр"]
    if centre is None:  # w = 0, or the middle lies outside the picture
        assert not marks
    else:
        assert marks[0].x[0] == pytest.approx(centre) and marks[0].y[0] == pytest.approx(0.0)


def test_both_charts_have_axis_titles():
    """DESIGN: axis titles on every chart; the y axes had none."""
    from core.figures.activations import activation_figure, neuron_figure
    from core.nn.activations import ACTIVATIONS

    for fig in (activation_figure(ACTIVATIONS["sigmoid"]), neuron_figure(ACTIVATIONS["sigmoid"], 1.0, 0.0)):
        assert fig.layout.xaxis.title.text and fig.layout.yaxis.title.text
    assert activation_figure(ACTIVATIONS["tanh"]).layout.yaxis.title.text == "f(x), f′(x)"
