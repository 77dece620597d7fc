"""The MLP: backpropagation against finite differences, loss conventions, structure, and
training runs whose outcome is known (XOR, spiral)."""

import itertools
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.nn import ACTIVATIONS, FEATURES, MLP, make_dataset, make_features, make_optimizer, train_test_split
from tests.core.gradients import numeric_grads, relative_error

ARCHITECTURES = {
    "no_hidden": [2, 1],
    "one_hidden": [2, 3, 1],
    "two_outputs": [3, 5, 4, 2],
    "six_hidden": [2, 4, 3, 5, 4, 3, 4, 1],
}


def problem(sizes, loss, seed=0, n=7):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, sizes[0]))
    if loss == "bce":
        y = rng.integers(0, 2, size=(n, sizes[-1])).astype(float)
    else:
        y = rng.normal(size=(n, sizes[-1]))
    if sizes[-1] == 1:
        y = y[:, 0]  # also exercises y of shape (n,)
    return X, y


def assert_grads_match(net, X, y, **kwargs):
    loss, grads = net.loss_and_grads(X, y, **kwargs)
    assert loss == pytest.approx(net.loss(X, y, **kwargs), rel=1e-12)
    numeric = numeric_grads(net, X, y, **kwargs)
    assert len(grads) == len(net.params)
    for i, (g, ng, p) in enumerate(zip(grads, numeric, net.params)):
        assert g.shape == p.shape and g.dtype == np.float64
        assert relative_error(g, ng) < 1e-6, f"param {i}: {relative_error(g, ng):.2e}"


@pytest.mark.parametrize(
    "arch, loss, output, regularization",
    list(itertools.product(ARCHITECTURES, ["mse", "bce"], ["sigmoid", "linear"], [None, "l1", "l2"])),
)
def test_gradients_match_finite_differences(arch, loss, output, regularization):
    sizes = ARCHITECTURES[arch]
    net = MLP(sizes, activation="tanh", output=output, seed=3)
    for b in net.biases:  # non-zero biases, so their gradients are tested in general position
        b += np.random.default_rng(4).normal(scale=0.3, size=b.shape)
    X, y = problem(sizes, loss)
    assert_grads_match(net, X, y, loss=loss, regularization=regularization, reg_rate=0.03)


@pytest.mark.parametrize("activation", [a for a in ACTIVATIONS if a != "step"])
@pytest.mark.parametrize("loss", ["mse", "bce"])
def test_gradients_for_every_hidden_activation(activation, loss):
    net = MLP([2, 5, 3, 1], activation=activation, seed=1)
    X, y = problem(net.sizes, loss, seed=2, n=9)
    # kinks at 0 are hit with probability 0 for random inputs; make sure of it
    trace = net.forward_all(X)
    assert all(np.abs(z).min() > 1e-4 for z in trace.pre[:-1])
    assert_grads_match(net, X, y, loss=loss, regularization="l2", reg_rate=0.1)


def test_step_network_gets_no_gradient_below_the_output():
    net = MLP([2, 3, 1], activation="step", seed=0)
    X, y = problem(net.sizes, "bce")
    _, grads = net.loss_and_grads(X, y, loss="bce")
    assert np.all(grads[0] == 0) and np.all(grads[1] == 0)
    assert np.any(grads[2] != 0)


def test_tanh_output_with_mse_like_the_playground():
    net = MLP([2, 4, 1], activation="relu", output="tanh", seed=5)
    X, y = problem(net.sizes, "mse")
    assert_grads_match(net, X, np.sign(y), loss="mse")
    with pytest.raises(ValueError, match="bce needs"):
        net.loss_and_grads(X, y, loss="bce")


# ----------------------------------------------------------------------- loss conventions


def test_mse_is_plain_mean_of_squares():
    net = MLP([2, 3, 1], output="linear", seed=0)
    X, y = problem(net.sizes, "mse")
    out = net.forward(X)[:, 0]
    assert net.loss(X, y, loss="mse") == pytest.approx(np.mean((out - y) ** 2), rel=1e-14)


def test_bce_value_and_logit_gradient():
    net = MLP([2, 3, 1], output="sigmoid", seed=0)
    X, y = problem(net.sizes, "bce", n=11)
    p = net.forward(X)[:, 0]
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert net.loss(X, y, loss="bce") == pytest.approx(expected, rel=1e-12)
    back = net.backward(net.forward_all(X), y, loss="bce")
    np.testing.assert_allclose(back.deltas[-1][:, 0], (p - y) / len(y), rtol=1e-12)


def test_linear_output_with_bce_reads_the_output_as_logits():
    sig = MLP([2, 3, 1], output="sigmoid", seed=7)
    lin = sig.copy()
    lin.output = ACTIVATIONS["linear"]
    X, y = problem(sig.sizes, "bce")
    assert lin.loss(X, y, loss="bce") == pytest.approx(sig.loss(X, y, loss="bce"), rel=1e-14)
    for a, b in zip(lin.loss_and_grads(X, y)[1], sig.loss_and_grads(X, y)[1]):
        np.testing.assert_allclose(a, b, rtol=1e-14)
    np.testing.assert_array_equal(lin.classify(X), sig.classify(X))


def test_bce_is_stable_for_saturated_outputs():
    net = MLP([1, 1], output="sigmoid", seed=0)
    net.params[0][...] = 1.0
    X = np.array([[800.0], [-800.0], [800.0]])
    y = np.array([0.0, 1.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grads = net.loss_and_grads(X, y, loss="bce")
    assert loss == pytest.approx((800 + 800 + 0) / 3)
    # d/dz = (p - y)/n = (1 - 0)/3, (0 - 1)/3, 0  ->  dW = sum x * delta
    assert grads[0][0, 0] == pytest.approx((800 * 1 + (-800) * (-1)) / 3)
    assert grads[1][0] == pytest.approx(0.0)


def test_no_hidden_layer_is_logistic_regression():
    net = MLP([2, 1], output="sigmoid", seed=2)
    X, y = problem(net.sizes, "bce", n=20)
    _, grads = net.loss_and_grads(X, y, loss="bce")
    z = X @ net.params[0][:, 0] + net.params[1][0]
    p = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(grads[0][:, 0], X.T @ (p - y) / len(y), rtol=1e-12)
    np.testing.assert_allclose(grads[1][0], np.mean(p - y), rtol=1e-12)


@pytest.mark.parametrize("reg, rate", [("l1", 0.1), ("l2", 0.3)])
def test_regularisation_touches_weights_only(reg, rate):
    net = MLP([2, 3, 1], seed=1)
    X, y = problem(net.sizes, "bce")
    base_loss, base = net.loss_and_grads(X, y)
    loss, grads = net.loss_and_grads(X, y, regularization=reg, reg_rate=rate)
    weights = net.weights
    penalty = rate * (sum(np.abs(w).sum() for w in weights) if reg == "l1"
                      else 0.5 * sum((w * w).sum() for w in weights))
    assert loss - base_loss == pytest.approx(penalty, rel=1e-12)
    for i, (g, g0, p) in enumerate(zip(grads, base, net.params)):
        if i % 2:  # bias
            np.testing.assert_array_equal(g, g0)
        else:
            extra = np.sign(p) if reg == "l1" else p
            np.testing.assert_allclose(g - g0, rate * extra, rtol=1e-10, atol=1e-15)
    for b in net.biases:  # biases never add to the penalty
        b += 10.0
    assert net.loss(X, y, regularization=reg, reg_rate=rate) - net.loss(X, y) == pytest.approx(penalty)


def test_y_shapes_n_and_n1_agree():
    net = MLP([2, 3, 1], seed=0)
    X, y = problem(net.sizes, "bce")
    l1, g1 = net.loss_and_grads(X, y)
    l2, g2 = net.loss_and_grads(X, y[:, None])
    assert l1 == l2
    for a, b in zip(g1, g2):
        np.testing.assert_array_equal(a, b)


# ----------------------------------------------------------------------- structure


def test_params_layout_and_forward_all():
    net = MLP([2, 4, 3, 1], activation="relu", seed=0)
    assert [p.shape for p in net.params] == [(2, 4), (4,), (4, 3), (3,), (3, 1), (1,)]
    assert all(p.dtype == np.float64 for p in net.params)
    assert net.n_params == 8 + 4 + 12 + 3 + 3 + 1
    assert net.hidden_sizes == [4, 3] and net.n_layers == 3
    X = np.random.default_rng(0).normal(size=(10, 2))
    trace = net.forward_all(X)
    assert [z.shape for z in trace.pre] == [(10, 4), (10, 3), (10, 1)]
    np.testing.assert_array_equal(trace.post[0], np.maximum(trace.pre[0], 0))
    np.testing.assert_array_equal(trace.output, net.forward(X))
    assert np.all((0 < trace.output) & (trace.output < 1))


def test_forward_is_row_independent():
    net = MLP([2, 5, 5, 2], seed=4)
    X = np.random.default_rng(1).normal(size=(6, 2))
    whole = net.forward(X)
    for i in range(6):
        np.testing.assert_allclose(net.forward(X[i : i + 1])[0], whole[i], rtol=1e-14)


def test_seeded_initialisation():
    a, b, c = MLP([2, 8, 1], seed=1), MLP([2, 8, 1], seed=1), MLP([2, 8, 1], seed=2)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)
    assert not np.array_equal(a.params[0], c.params[0])
    glorot = np.sqrt(6 / (2 + 8))
    assert np.abs(a.params[0]).max() <= glorot and np.all(a.params[1] == 0)
    he = MLP([2, 8, 1], activation="relu", seed=1)
    assert np.abs(he.params[0]).max() > glorot  # He's wider range sqrt(6/2)
    assert np.abs(he.params[0]).max() <= np.sqrt(6 / 2)
    pg = MLP([2, 8, 1], seed=1, init="playground")
    assert np.abs(pg.params[0]).max() <= 0.5 and np.all(pg.params[1] == 0.1)


def test_zero_init_keeps_neurons_identical():
    net = MLP([2, 4, 1], seed=0, init="zeros")
    net.params[-1][...] = 0.3  # let the gradient reach the hidden layer
    X, y = make_dataset("circle", 40, seed=0)
    opt = make_optimizer("sgd", lr=0.1)
    for _ in range(5):
        opt.step(net.params, net.loss_and_grads(X, y)[1])
    W = net.params[0]
    assert np.allclose(W, W[:, :1])  # every hidden neuron learned the same thing


def test_copy_is_independent_and_set_params_is_in_place():
    net = MLP([2, 3, 1], seed=0)
    twin = net.copy()
    twin.params[0] += 1
    assert not np.array_equal(net.params[0], twin.params[0])
    arrays = list(net.params)
    net.set_params(twin.params)
    assert all(a is b for a, b in zip(arrays, net.params))
    np.testing.assert_array_equal(net.params[0], twin.params[0])
    with pytest.raises(ValueError):
        net.set_params(twin.params[:-1])


@pytest.mark.parametrize("sizes", [[2], [], [2, 0, 1]])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError):
        MLP(sizes)


def test_bad_shapes_and_names():
    net = MLP([2, 3, 1])
    with pytest.raises(ValueError, match="shape"):
        net.forward(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="y must"):
        net.loss_and_grads(np.zeros((4, 2)), np.zeros(5))
    with pytest.raises(ValueError, match="unknown loss"):
        net.loss_and_grads(np.zeros((4, 2)), np.zeros(4), loss="hinge")
    with pytest.raises(ValueError, match="regularization"):
        net.loss_and_grads(np.zeros((4, 2)), np.zeros(4), regularization="l3")
    with pytest.raises(ValueError):
        MLP([2, 1], activation="swish")
    with pytest.raises(ValueError):
        MLP([2, 1], init="orthogonal")


def test_divergence_is_quiet_and_detectable():
    net = MLP([2, 8, 8, 1], activation="relu", output="linear", seed=0)
    for w in net.weights:
        w *= 1e120
    X = np.random.default_rng(0).normal(size=(5, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grads = net.loss_and_grads(X, np.zeros(5), loss="mse")
    assert not np.isfinite(loss)
    make_optimizer("sgd", lr=1.0).step(net.params, grads)
    assert not net.is_finite()


@settings(max_examples=25, deadline=None)
@given(
    hidden=st.lists(st.integers(1, 16), min_size=0, max_size=6),
    n_in=st.integers(1, 7),
    n=st.integers(1, 20),
    seed=st.integers(0, 2**16),
)
def test_any_playground_shape_runs(hidden, n_in, n, seed):
    net = MLP([n_in, *hidden, 1], seed=seed)
    X = np.random.default_rng(seed).normal(size=(n, n_in))
    y = (X[:, 0] > 0).astype(float)
    loss, grads = net.loss_and_grads(X, y)
    assert np.isfinite(loss) and loss >= 0
    assert [g.shape for g in grads] == [p.shape for p in net.params]
    assert net.classify(X).shape == (n,)


# ----------------------------------------------------------------------- known outcomes


def train(net, opt, X, y, epochs, batch_size=None, seed=0):
    """Mini-batch training, reshuffled every epoch with a seeded generator."""
    rng = np.random.default_rng(seed)
    batch_size = batch_size or len(X)
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            _, grads = net.loss_and_grads(X[batch], y[batch], loss="bce")
            opt.step(net.params, grads)
    return net


def accuracy(net, X, y):
    return float(np.mean(net.classify(X) == y))


def xor_run(sizes, seed, epochs=300):
    X, y = make_dataset("xor", 500, noise=0.05, seed=seed)
    split = train_test_split(X, y, 0.5, seed=seed)
    net = MLP(sizes, activation="tanh", seed=seed)
    train(net, make_optimizer("adam", lr=0.03), split.X_train, split.y_train, epochs, seed=seed)
    return net, split


def test_xor_with_four_tanh_neurons():
    # [2, 4, 1] either finds the saddle-shaped solution (99-100 %) or stalls near 96 %,
    # depending on the initialisation (about 1 seed in 4 escapes, checked over seeds 0-7);
    # seed 5 is one that escapes. The deeper test below holds for every seed tried.
    net, split = xor_run([2, 4, 1], seed=5)
    assert accuracy(net, split.X_test, split.y_test) > 0.97


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_xor_with_two_hidden_layers_for_any_seed(seed):
    net, split = xor_run([2, 4, 4, 1], seed=seed, epochs=250)
    assert accuracy(net, split.X_test, split.y_test) > 0.97


def spiral_run(seed):
    X, y = make_dataset("spiral", 500, noise=0.0, seed=seed)
    split = train_test_split(X, y, 0.5, seed=seed)
    features = list(FEATURES)
    Xtr, Xte = make_features(split.X_train, features), make_features(split.X_test, features)
    net = MLP([7, 8, 8, 8, 8, 1], activation="tanh", seed=seed)
    train(net, make_optimizer("adam", lr=0.03), Xtr, split.y_train, epochs=300, seed=seed)
    return net, Xte, split.y_test


@pytest.mark.parametrize("seed", [0, 1])
def test_spiral_with_all_features_and_four_layers(seed):
    net, Xte, yte = spiral_run(seed)
    assert accuracy(net, Xte, yte) > 0.90


def test_training_is_deterministic_for_a_seed():
    a, _ = xor_run([2, 4, 1], seed=3, epochs=20)
    b, _ = xor_run([2, 4, 1], seed=3, epochs=20)
    for p, q in zip(a.params, b.params):
        np.testing.assert_array_equal(p, q)


def test_minibatch_training_learns_the_circle():
    X, y = make_dataset("circle", 400, noise=0.0, seed=0)
    split = train_test_split(X, y, 0.5, seed=0)
    net = MLP([2, 6, 1], activation="tanh", seed=0)
    train(net, make_optimizer("adam", lr=0.03), split.X_train, split.y_train, 60, batch_size=10)
    assert accuracy(net, split.X_test, split.y_test) > 0.97


def test_network_and_optimizer_pickle():
    import pickle

    from core.nn import leaky_relu

    net = MLP([2, 3, 1], activation=leaky_relu(0.2), seed=0)
    opt = make_optimizer("adam", lr=0.01)
    X, y = make_dataset("xor", 20, seed=0)
    opt.step(net.params, net.loss_and_grads(X, y)[1])
    net2, opt2 = pickle.loads(pickle.dumps((net, opt)))
    assert net2.activation.f(-1.0) == pytest.approx(-0.2)
    np.testing.assert_array_equal(net2.forward(X), net.forward(X))
    assert opt2.t == 1 and opt2.hyper == opt.hyper
    assert pickle.loads(pickle.dumps(ACTIVATIONS["tanh"])) is ACTIVATIONS["tanh"]
