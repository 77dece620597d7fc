"""A layer is f(Wx + b): the Backpropagation page's matrix form gives the very numbers of its
per-neuron sums, and the nested function gives its output."""

import numpy as np
import pytest

from core.figures.backprop import forward_lines, matrix_lines, nested_lines, num
from core.nn.backprop import EXAMPLE, EXAMPLE_TARGET, EXAMPLE_X, TinyParams, layers, walkthrough

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_matrix_products_give_the_per_neuron_numbers(activation):
    rng = np.random.default_rng(1)
    for _ in range(10):
        params = TinyParams.from_vector(rng.normal(0, 2, 9))
        x = rng.normal(0, 2, 2)
        walk = walkthrough(params, x, 0.3, activation)
        form = layers(walk)
        np.testing.assert_allclose(form.z1, walk.z, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(form.a1, walk.h, rtol=1e-12, atol=1e-12)
        assert form.z2[0] == pytest.approx(walk.z_out, rel=1e-12, abs=1e-12)
        assert form.y[0] == pytest.approx(walk.y, rel=1e-12, abs=1e-12)
        # row j of W₁ holds the weights into hidden neuron j
        for j in range(2):
            assert list(form.W1[j]) == [params.w[0][j], params.w[1][j]]
        assert list(form.W2[0]) == list(params.v) and form.b2[0] == params.c


def test_the_matrix_lines_write_the_same_numbers_as_the_sums():
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET)
    sums, matrices, nested = " ".join(forward_lines(walk)), " ".join(matrix_lines(walk)), " ".join(nested_lines(walk))
    for value in (*walk.z, *walk.h, walk.z_out, walk.y):
        assert num(value) in sums and num(value) in matrices
    assert r"\begin{bmatrix} 0.15 & 0.2 \\ 0.25 & 0.3 \end{bmatrix}" in matrices  # W₁ = wᵀ
    assert r"\begin{bmatrix} 0.4 & 0.45 \end{bmatrix}" in matrices
    assert nested.endswith(f"= {num(walk.y)}") and r"\sigma\Bigl(" in nested
    assert r"\sigma(\mathbf{{W}}_1".replace("{{", "{").replace("}}", "}") in nested


def test_the_hidden_activation_is_named_in_the_nested_function():
    walk = walkthrough(EXAMPLE, EXAMPLE_X, EXAMPLE_TARGET, "tanh")
    first, numbers = nested_lines(walk)
    assert r"\tanh(\mathbf{W}_1" in first and r"\tanh\Bigl(" in numbers
