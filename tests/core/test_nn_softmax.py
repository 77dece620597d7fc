"""Softmax output and cross-entropy: gradients against central finite differences (several
activations, L1/L2, K = 3 and 5), numerical stability, label checks and argmax classification."""

import importlib.util
import pickle

import numpy as np
import pytest

from core.nn import MLP, make_optimizer
from core.nn.losses import (
    LOSSES,
    SOFTMAX,
    class_labels,
    cross_entropy_with_logits,
    log_softmax,
    softmax,
)
from tests.core.gradients import numeric_grads, relative_error


def problem(n_in, k, n=9, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    labels = rng.integers(0, k, size=n)
    labels[:k] = np.arange(k)  # every class present
    return X, labels


@pytest.mark.parametrize("k", [3, 5])
@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "leaky_relu", "elu", "gelu", "softplus", "linear"])
@pytest.mark.parametrize("regularization,rate", [(None, 0.0), ("l1", 0.01), ("l2", 0.05)])
def test_cross_entropy_gradients_match_finite_differences(k, activation, regularization, rate):
    net = MLP([2, 5, 4, k], activation=activation, output="softmax", seed=1)
    X, labels = problem(2, k)
    kwargs = dict(loss="cross_entropy", regularization=regularization, reg_rate=rate)
    loss, grads = net.loss_and_grads(X, labels, **kwargs)
    assert loss == pytest.approx(net.loss(X, labels, **kwargs), rel=1e-12)
    for g, ng, p in zip(grads, numeric_grads(net, X, labels, **kwargs), net.params):
        assert g.shape == p.shape
        assert relative_error(g, ng) < 1e-6


@pytest.mark.parametrize("k", [3, 5])
def test_mse_on_softmax_goes_through_the_full_jacobian(k):
    net = MLP([3, 4, k], activation="tanh", output="softmax", seed=2)
    X, labels = problem(3, k)
    _, grads = net.loss_and_grads(X, labels, loss="mse")  # labels one-hot encoded
    for g, ng in zip(grads, numeric_grads(net, X, labels, loss="mse")):
        assert relative_error(g, ng) < 1e-6


def test_output_delta_is_p_minus_onehot_over_n():
    net = MLP([2, 3], activation="tanh", output="softmax", seed=0)  # no hidden layer
    X, labels = problem(2, 3, n=6)
    trace = net.forward_all(X)
    result = net.backward(trace, labels, loss="cross_entropy")
    expected = (trace.output - np.eye(3)[labels]) / 6
    np.testing.assert_allclose(result.deltas[-1], expected, atol=1e-15)


def test_forward_rows_sum_to_one_and_loss_is_mean_negative_log_probability():
    net = MLP([2, 8, 3], activation="tanh", output="softmax", seed=0)
    X, labels = problem(2, 3, n=20)
    p = net.forward(X)
    assert p.shape == (20, 3)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    assert (p > 0).all()
    expected = -np.mean(np.log(p[np.arange(20), labels]))
    assert net.loss(X, labels, loss="cross_entropy") == pytest.approx(expected, rel=1e-12)


def test_uniform_prediction_costs_ln_k():
    for k in (3, 5):
        z = np.zeros((4, k))
        assert cross_entropy_with_logits(z, [0, 1, 2, 0]) == pytest.approx(np.log(k))


def test_softmax_is_stable_for_huge_logits():
    z = np.array([[1000.0, 0.0, -1000.0], [-800.0, -800.0, -800.0], [5e307, 1e307, 0.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is fine
        p = softmax(z)
        lp = log_softmax(z)
    assert np.isfinite(p).all() and np.isfinite(lp).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], 1 / 3)
    # the correct class at -2000 below the best: a finite, exact loss (no ln 0)
    assert cross_entropy_with_logits(np.array([[1000.0, -1000.0, 0.0]]), [1]) == pytest.approx(2000.0)


def test_softmax_equals_shifted_softmax():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4))
    np.testing.assert_allclose(softmax(z), softmax(z + 123.0), atol=1e-15)
    np.testing.assert_allclose(np.exp(log_softmax(z)), softmax(z), atol=1e-15)


def test_classify_is_argmax():
    net = MLP([2, 6, 4], activation="relu", output="softmax", seed=3)
    X, _ = problem(2, 4, n=30)
    predicted = net.classify(X)
    assert predicted.dtype == np.int64 and predicted.shape == (30,)
    np.testing.assert_array_equal(predicted, np.argmax(net.forward(X), axis=1))


@pytest.mark.parametrize(
    "labels,message",
    [
        ([0, 1, 3], "outside 0..2"),
        ([0, -1, 2], "outside 0..2"),
        ([0, 1.5, 2], "whole numbers"),
        ([0, np.nan, 2], "whole numbers"),
        (["a", "b", "c"], "integers"),
        ([True, False, True], "integers"),
        ([[0, 1], [1, 0], [2, 0]], "1-D"),
        ([0, 1], "expected 3"),
    ],
)
def test_bad_labels_say_what_is_wrong(labels, message):
    net = MLP([2, 4, 3], output="softmax", seed=0)
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match=message):
        net.loss_and_grads(X, labels, loss="cross_entropy")


def test_whole_float_labels_are_accepted_like_data_sets_store_them():
    np.testing.assert_array_equal(class_labels(np.array([0.0, 2.0, 1.0]), 3), [0, 2, 1])
    assert class_labels(np.array([[1], [0]]), 2).shape == (2,)


def test_wrong_pairings_of_output_and_loss_are_refused():
    X, labels = problem(2, 3)
    with pytest.raises(ValueError, match="cross_entropy"):
        MLP([2, 3], output="softmax").loss_and_grads(X, labels, loss="bce")
    with pytest.raises(ValueError, match="softmax output"):
        MLP([2, 3], output="sigmoid").loss_and_grads(X, labels, loss="cross_entropy")
    with pytest.raises(ValueError, match="at least 2 outputs"):
        MLP([2, 4, 1], output="softmax")
    with pytest.raises(ValueError, match="unknown activation"):
        MLP([2, 4, 3], activation="softmax", output="softmax")
    assert "cross_entropy" in LOSSES


def test_linear_output_with_cross_entropy_reads_logits():
    soft = MLP([2, 4, 3], activation="tanh", output="softmax", seed=5)
    lin = MLP([2, 4, 3], activation="tanh", output="linear", seed=5)
    X, labels = problem(2, 3)
    a, ga = soft.loss_and_grads(X, labels, loss="cross_entropy")
    b, gb = lin.loss_and_grads(X, labels, loss="cross_entropy")
    assert a == pytest.approx(b, rel=1e-14)
    for x, y in zip(ga, gb):
        np.testing.assert_allclose(x, y, atol=1e-15)


def test_defaults_unchanged_when_output_is_not_given():
    net = MLP([2, 3, 1], seed=0)
    assert net.output.name == "sigmoid" and not net.is_softmax


def test_softmax_network_pickles_and_copies():
    net = MLP([2, 4, 3], output="softmax", seed=0)
    twin = pickle.loads(pickle.dumps(net))
    assert twin.output is SOFTMAX
    X, _ = problem(2, 3)
    np.testing.assert_array_equal(twin.forward(X), net.forward(X))
    assert net.copy().output is SOFTMAX


@pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed in this venv")
def test_matches_torch_cross_entropy():  # pragma: no cover - torch is optional
    import torch

    net = MLP([2, 5, 4], activation="tanh", output="softmax", seed=0)
    X, labels = problem(2, 4, n=11)
    loss, grads = net.loss_and_grads(X, labels, loss="cross_entropy", regularization="l2", reg_rate=0.1)
    params = [torch.tensor(p, requires_grad=True) for p in net.params]
    a = torch.tensor(X)
    a = torch.tanh(a @ params[0] + params[1])
    logits = a @ params[2] + params[3]
    t_loss = torch.nn.functional.cross_entropy(logits, torch.tensor(labels))
    t_loss = t_loss + 0.1 * 0.5 * sum((w * w).sum() for w in params[0::2])
    t_loss.backward()
    assert loss == pytest.approx(t_loss.item(), rel=1e-12)
    for g, p in zip(grads, params):
        np.testing.assert_allclose(g, p.grad.numpy(), atol=1e-12)
