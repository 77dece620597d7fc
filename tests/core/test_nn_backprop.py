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
