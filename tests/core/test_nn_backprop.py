"""Backpropagation by hand equals the playground's MLP and finite differences."""

import numpy as np
import pytest

from core.figures.backprop import backward_lines, forward_lines, graph_figure, loss_lines, num, update_lines
from core.nn.backprop import (
    EXAMPLE,
    EXAMPLE_TARGET,
    EXAMPLE_X,
    NAMES,
    TinyParams,
    mlp_gradients,
    numeric_gradients,
    walkthrough,
)


def test_forward_pass_matches_the_worked_example():
    """Matt Mazur's numbers: h1 = 0.593269992, h2 = 0.596884378, y = 0.75136507."""
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    np.testing.assert_allclose(walk.z, [0.3775, 0.3925])
    np.testing.assert_allclose(walk.h, [0.593269992, 0.596884378], atol=1e-9)
    assert walk.z_out == pytest.approx(1.105905967, abs=1e-9)
    assert walk.y == pytest.approx(0.75136507, abs=1e-8)
    assert walk.loss == pytest.approx((0.75136507 - 0.01) ** 2, abs=1e-8)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "leaky_relu", "linear"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_chain_rule_equals_the_mlp_and_finite_differences(activation, seed):
    rng = np.random.default_rng(seed)
    params = TinyParams.from_vector(rng.normal(0, 1.5, 9))
    x, t = rng.normal(0, 1, 2), float(rng.uniform(0, 1))
    walk = walkthrough(params, x, t, activation)
    loss, from_mlp = mlp_gradients(params, x, t, activation)
    assert loss == pytest.approx(walk.loss, rel=1e-12)
    np.testing.assert_allclose(walk.gradient().as_vector(), from_mlp.as_vector(), rtol=1e-10, atol=1e-14)
    if activation in ("relu", "leaky_relu") and np.min(np.abs(walk.z)) < 1e-4:
        return  # finite differences straddle the kink
    np.testing.assert_allclose(walk.gradient().as_vector(), numeric_gradients(params, x, t, activation).as_vector(),
                               rtol=1e-5, atol=1e-9)


def test_each_chain_rule_factor_is_the_product_of_the_ones_before():
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    assert walk.delta_out == pytest.approx(walk.dL_dy * walk.dy_dz)
    np.testing.assert_allclose(walk.delta_hidden, walk.delta_out * np.asarray(EXAMPLE.v) * walk.dh_dz)
    np.testing.assert_allclose(walk.dL_dw, np.outer(EXAMPLE_X, walk.delta_hidden))
    np.testing.assert_allclose(walk.dL_db, walk.delta_hidden)
    assert walk.dL_dc == walk.delta_out


def test_an_update_is_a_gradient_step_and_a_small_one_lowers_the_loss():
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    np.testing.assert_allclose(walk.updated(0.5).as_vector(), EXAMPLE.as_vector() - 0.5 * walk.gradient().as_vector())
    assert walkthrough(walk.updated(0.5), EXAMPLE_X, EXAMPLE_TARGET).loss < walk.loss
    assert TinyParams.from_vector(EXAMPLE.as_vector()) == EXAMPLE and len(NAMES) == 9


def test_extreme_weights_give_finite_numbers():
    huge = TinyParams.from_vector([100.0] * 9)
    walk = walkthrough(huge, (100.0, -100.0), 0.0, "sigmoid")
    assert np.all(np.isfinite(walk.gradient().as_vector())) and np.isfinite(walk.loss)


def test_the_written_steps_carry_the_same_numbers():
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    text = " ".join(forward_lines(walk) + loss_lines(walk) + backward_lines(walk) + update_lines(walk, 0.5))
    for value in (walk.z[0], walk.h[1], walk.y, walk.loss, walk.delta_out, walk.dL_dw[1][0], walk.updated(0.5).c):
        assert num(value) in text
    assert len(backward_lines(walk)) == 3 + 2 + 1 + 2 + 4 + 2  # dL/dy, dy/dz, δ; v; c; δ_j; w; b
    assert len(update_lines(walk, 0.5)) == 9


def test_the_graph_names_every_weight_and_its_gradient():
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    fig = graph_figure(walk, labels={"forward": "прямой", "backward": "обратный"})
    text = " ".join(a.text for a in fig.layout.annotations)
    for symbol, grad in (("w₁₁", walk.dL_dw[0][0]), ("w₂₂", walk.dL_dw[1][1]), ("v₂", walk.dL_dv[1])):
        assert f"∂L/∂{symbol} = {num(grad)}" in text
    assert f"L = (y − t)²<br>= {num(walk.loss)}" in text and "прямой" in text and "обратный" in text


def _label_boxes(fig, width: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every annotation's box and every node's circle in pixels (y down) in a chart `width`
    wide, from the positions and the text: a character is taken as 0.62 of the font size wide
    (the chart's sans-serif digits and Greek letters are narrower), a line as 1.3 high."""
    import re

    lay, m = fig.layout, fig.layout.margin
    pw, ph = width - m.l - m.r, lay.height - m.t - m.b
    (ax0, ax1), (ay0, ay1) = lay.xaxis.range, lay.yaxis.range

    def px(x, y, xref, yref):
        return (m.l + ((x - ax0) / (ax1 - ax0) * pw if xref != "paper" else x * pw),
                m.t + ((ay1 - y) / (ay1 - ay0) * ph if yref != "paper" else (1 - y) * ph))

    boxes = []
    for a in lay.annotations:
        lines = [re.sub(r"<[^>]+>", "", part) for part in a.text.split("<br>")]
        w, h = max(map(len, lines)) * a.font.size * 0.62 + 6, len(lines) * a.font.size * 1.3 + 4
        X, Y = px(a.x, a.y, a.xref, a.yref)
        x0 = X - {"left": 0, "right": w}.get(a.xanchor, w / 2)
        y0 = Y - {"top": 0, "bottom": h}.get(a.yanchor, h / 2)
        boxes.append((re.sub(r"<[^>]+>", "", a.text)[:20], (x0, y0, x0 + w, y0 + h)))
    nodes = next(t for t in fig.data if t.mode == "markers")
    r = nodes.marker.size / 2
    for x, y in zip(nodes.x, nodes.y):
        X, Y = px(x, y, "x", "y")
        boxes.append((f"node {x:g},{y:g}", (X - r, Y - r, X + r, Y + r)))
    return boxes


@pytest.mark.parametrize("width", [560, 640, 900])
@pytest.mark.parametrize("params", ["example", "long numbers"])
def test_no_two_labels_of_the_graph_overlap(width, params):
    """The graph's numbers lay on each other (∂L/∂w₁₁ on h₁'s, ∂L/∂v₂ under y's, y's beside
    L's) in the page's chart, 560-640 px wide on a laptop: every label box is clear of every
    other and of every node, and inside the chart."""
    import itertools

    if params == "example":
        walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    else:  # the longest numbers num() writes: a sign, four digits and an exponent
        walk = walkthrough(TinyParams.from_vector([-0.0001234, 0.1234, -1.234, 12.34, -0.001234, 123.4, -1234.0,
                                                   0.01234, -0.1234]), (-1.234e-05, 12.34), 0.5, "tanh")
    fig = graph_figure(walk, labels={"forward": "forward pass: values", "backward": "backward pass: ∂L/∂…"})
    boxes = _label_boxes(fig, width)
    clashes = []
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        own = {name_a.startswith("node"), name_b.startswith("node")} == {True, False} and (
            len(name_a) <= 2 or len(name_b) <= 2)  # a node's name inside its own circle
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3] and not own:
            clashes.append((name_a, name_b))
    assert not clashes
    for name, (x0, y0, x1, y1) in boxes:
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= fig.layout.height, name


@pytest.mark.parametrize("width", [700, 900, 1100])
@pytest.mark.parametrize("params", ["example", "long numbers"])
def test_no_two_labels_of_the_graph_overlap_when_presenting(width, params):
    """Presenting mode (text 40 % larger): the page gives the graph its whole width (700 px
    and more on a 1366-pixel projector) and 40 % more height; the labels stay apart. In its
    usual column (under 700 px) and height, w₂₁'s and w₁₂'s numbers lay on each other."""
    import itertools

    from core.figures.presenting import FONT_SCALE, for_projector

    if params == "example":
        walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    else:
        walk = walkthrough(TinyParams.from_vector([-0.0001234, 0.1234, -1.234, 12.34, -0.001234, 123.4, -1234.0,
                                                   0.01234, -0.1234]), (-1.234e-05, 12.34), 0.5, "tanh")
    graph = graph_figure(walk, labels={"forward": "forward pass: values", "backward": "backward pass: ∂L/∂…"})
    graph.update_layout(height=round(graph.layout.height * FONT_SCALE))  # as the page does
    fig = for_projector(graph)
    boxes = _label_boxes(fig, width)
    clashes = [(name_a, name_b) for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2)
               if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
               and not ({name_a.startswith("node"), name_b.startswith("node")} == {True, False}
                        and (len(name_a) <= 2 or len(name_b) <= 2))]
    assert not clashes
    for name, (x0, y0, x1, y1) in boxes:
        assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= fig.layout.height, name
