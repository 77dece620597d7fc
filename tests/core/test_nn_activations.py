"""Activations: derivatives against finite differences, stability, and the facts students see."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.nn import ACTIVATIONS, leaky_relu
from core.nn.activations import elu, get_activation

EXPECTED_NAMES = ["linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu", "gelu"]


def away_from_kinks(act, x, margin=1e-3):
    keep = np.ones_like(x, dtype=bool)
    for kink in act.kinks:
        keep &= np.abs(x - kink) > margin
    return x[keep]


def test_all_required_activations_in_display_order():
    assert list(ACTIVATIONS) == EXPECTED_NAMES
    for name, act in ACTIVATIONS.items():
        assert act.name == name
        assert act.formula and act.dformula
        for text in (act.formula, act.dformula):  # LaTeX braces balance
            assert text.count("{") == text.count("}")


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_derivative_matches_central_differences(name):
    act = ACTIVATIONS[name]
    x = away_from_kinks(act, np.linspace(-6, 6, 1201))
    h = 1e-6
    numeric = (act.f(x + h) - act.f(x - h)) / (2 * h)
    np.testing.assert_allclose(act.df(x), numeric, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("slope", [0.01, 0.2, 0.5])
def test_leaky_relu_factory(slope):
    act = leaky_relu(slope)
    assert act.name == "leaky_relu"
    assert f"{slope:g}" in act.formula
    np.testing.assert_allclose(act.f([-2.0, 0.0, 3.0]), [-2.0 * slope, 0.0, 3.0])
    np.testing.assert_allclose(act.df([-2.0, 0.0, 3.0]), [slope, slope, 1.0])
    x = away_from_kinks(act, np.linspace(-3, 3, 301))
    numeric = (act.f(x + 1e-6) - act.f(x - 1e-6)) / 2e-6
    np.testing.assert_allclose(act.df(x), numeric, rtol=1e-6, atol=1e-8)


def test_default_leaky_slope_is_one_hundredth():
    assert ACTIVATIONS["leaky_relu"].f(-1.0) == pytest.approx(-0.01)


def test_values_at_zero_and_kinks():
    assert ACTIVATIONS["relu"].df(0.0) == 0.0
    assert ACTIVATIONS["relu"].f(0.0) == 0.0
    assert ACTIVATIONS["step"].f(0.0) == 1.0 and ACTIVATIONS["step"].f(-1e-9) == 0.0
    assert ACTIVATIONS["sigmoid"].f(0.0) == 0.5
    assert ACTIVATIONS["sigmoid"].df(0.0) == 0.25
    assert ACTIVATIONS["tanh"].df(0.0) == 1.0
    assert ACTIVATIONS["softplus"].f(0.0) == pytest.approx(math.log(2))
    assert ACTIVATIONS["gelu"].df(0.0) == pytest.approx(0.5)
    assert ACTIVATIONS["elu"].df(0.0) == pytest.approx(1.0)  # alpha = 1: smooth at 0


def test_step_cannot_be_trained():
    step = ACTIVATIONS["step"]
    x = np.linspace(-10, 10, 1001)
    assert np.all(step.df(x) == 0.0)
    assert not step.trainable
    assert all(a.trainable for n, a in ACTIVATIONS.items() if n != "step")


def test_gelu_is_exact_erf_form():
    x = np.linspace(-5, 5, 101)
    expected = [v * 0.5 * (1 + math.erf(v / math.sqrt(2))) for v in x]
    np.testing.assert_allclose(ACTIVATIONS["gelu"].f(x), expected, rtol=1e-12, atol=1e-15)


def test_elu_alpha():
    act = elu(2.0)
    assert act.f(-np.inf) == -2.0
    assert act.kinks == (0.0,)
    assert ACTIVATIONS["elu"].f(-50.0) == pytest.approx(-1.0)


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_no_overflow_warnings_for_huge_inputs(name):
    act = ACTIVATIONS[name]
    x = np.array([-1e3, -800.0, -40.0, 0.0, 40.0, 800.0, 1e3])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            fx, dfx = act.f(x), act.df(x)
    assert np.all(np.isfinite(fx)) and np.all(np.isfinite(dfx))


def test_sigmoid_saturates_exactly():
    s = ACTIVATIONS["sigmoid"]
    assert s.f(1e4) == 1.0 and s.f(-1e4) == 0.0
    assert s.df(1e4) == 0.0


@pytest.mark.parametrize("name", EXPECTED_NAMES)
def test_shapes_and_scalars(name):
    act = ACTIVATIONS[name]
    x = np.random.default_rng(0).normal(size=(3, 4))
    assert act.f(x).shape == (3, 4) and act.df(x).shape == (3, 4)
    assert np.ndim(act.f(0.3)) == 0
    assert act.f([1, 2]).dtype == np.float64  # ints come back as floats


def test_unknown_name():
    with pytest.raises(ValueError, match="unknown activation"):
        get_activation("swish")


finite = st.floats(min_value=-60, max_value=60, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(finite)
def test_sigmoid_symmetry_and_range(x):
    s = ACTIVATIONS["sigmoid"].f
    assert 0.0 <= s(x) <= 1.0
    assert s(x) + s(-x) == pytest.approx(1.0, abs=1e-15)


@settings(max_examples=200, deadline=None)
@given(finite)
def test_tanh_is_a_rescaled_sigmoid(x):
    s, t = ACTIVATIONS["sigmoid"].f, ACTIVATIONS["tanh"].f
    assert t(x) == pytest.approx(2 * s(2 * x) - 1, abs=1e-14)


@settings(max_examples=200, deadline=None)
@given(finite)
def test_softplus_derivative_is_sigmoid_and_relu_is_its_limit(x):
    sp = ACTIVATIONS["softplus"]
    assert sp.df(x) == ACTIVATIONS["sigmoid"].f(x)
    assert 0.0 <= sp.f(x) - ACTIVATIONS["relu"].f(x) <= math.log(2) + 1e-15


@settings(max_examples=200, deadline=None)
@given(finite)
def test_monotone_activations_have_nonnegative_derivative(x):
    for name in ("linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "softplus", "elu"):
        assert ACTIVATIONS[name].df(x) >= 0.0
