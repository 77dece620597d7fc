"""MLP.to_dict / MLP.from_dict: JSON-safe, identical predictions after a round trip, and a
clear ValueError for anything malformed (read as data, never evaluated)."""

import copy
import json

import numpy as np
import pytest

from core.nn import MLP, make_optimizer
from core.nn.activations import leaky_relu

NETWORKS = {
    "binary": lambda: MLP([2, 8, 1], activation="tanh", seed=0),
    "regression": lambda: MLP([1, 6, 6, 1], activation="relu", output="linear", seed=1),
    "softmax3": lambda: MLP([2, 8, 3], activation="tanh", output="softmax", seed=0),
    "softmax5": lambda: MLP([7, 4, 5], activation="gelu", output="softmax", seed=2, init="playground"),
    "leaky": lambda: MLP([2, 3, 2], activation=leaky_relu(0.2), output="softmax", seed=3),
}


def trained(net):
    """A few Adam steps, so the weights are not the seeded initial ones."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, net.sizes[0]))
    if net.output.name == "softmax":
        y, loss = rng.integers(0, net.sizes[-1], 40), "cross_entropy"
    elif net.output.name == "sigmoid":
        y, loss = rng.integers(0, 2, 40).astype(float), "bce"
    else:
        y, loss = rng.normal(size=40), "mse"
    opt = make_optimizer("adam", lr=0.05)
    for _ in range(20):
        opt.step(net.params, net.loss_and_grads(X, y, loss=loss)[1])
    return net


@pytest.mark.parametrize("name", list(NETWORKS))
def test_round_trip_through_json_text_gives_identical_predictions(name):
    net = trained(NETWORKS[name]())
    text = json.dumps(net.to_dict(), allow_nan=False)  # strict JSON
    back = MLP.from_dict(json.loads(text))
    X = np.random.default_rng(9).normal(size=(200, net.sizes[0])) * 3
    np.testing.assert_array_equal(back.forward(X), net.forward(X))
    np.testing.assert_array_equal(back.classify(X), net.classify(X))
    assert (back.sizes, back.activation.name, back.output.name) == (net.sizes, net.activation.name, net.output.name)
    assert back.activation.args == net.activation.args
    assert (back.init, back.seed) == (net.init, net.seed)


def test_dict_holds_plain_python_values():
    d = MLP([2, 8, 3], activation="tanh", output="softmax", seed=0).to_dict()
    assert d["format"] == "vectorlab.mlp" and d["version"] == 1
    assert d["sizes"] == [2, 8, 3] and d["output"] == "softmax" and d["activation"] == "tanh"
    assert type(d["weights"][0][0][0]) is float and type(d["biases"][1][0]) is float
    assert [len(w) for w in d["weights"]] == [2, 8] and [len(b) for b in d["biases"]] == [8, 3]


def test_a_diverged_network_is_not_saved():
    net = MLP([2, 3, 1], seed=0)
    net.params[0][0, 0] = np.nan
    with pytest.raises(ValueError, match="diverged"):
        net.to_dict()


def _good():
    return MLP([2, 3, 3], activation="tanh", output="softmax", seed=0).to_dict()


def _with(**changes):
    d = copy.deepcopy(_good())
    for key, value in changes.items():
        if value is KeyError:
            del d[key]
        else:
            d[key] = value
    return d


BAD = [
    ([1, 2], "JSON object"),
    (_with(format="pickle"), "format"),
    (_with(format=KeyError), "format"),
    (_with(version=2), "version"),
    (_with(version=True), "version"),
    (_with(sizes=[2]), "sizes"),
    (_with(sizes=[2, 0, 3]), "sizes"),
    (_with(sizes=[2, "3", 3]), "sizes"),
    (_with(sizes=[2, 100000, 100000]), "shape"),  # refused before allocating 80 GB
    (_with(activation="__import__('os')"), "unknown activation"),
    (_with(activation="softmax"), "unknown activation"),
    (_with(output="swish"), "unknown output"),
    (_with(activation_args=["0.1"]), "activation_args"),
    (_with(activation_args=[0.1, 0.2]), "activation_args"),
    (_with(init="random"), "unknown init"),
    (_with(seed="0"), "seed"),
    (_with(weights=[]), "2 arrays"),
    (_with(weights="[[1]]"), "2 arrays"),
]


@pytest.mark.parametrize("data,message", BAD)
def test_malformed_data_is_refused_with_a_message(data, message):
    with pytest.raises(ValueError, match=message):
        MLP.from_dict(data)


@pytest.mark.parametrize(
    "mutate,message",
    [
        (lambda d: d["weights"].__setitem__(0, [[1.0, 2.0, 3.0]]), "shape"),
        (lambda d: d["weights"][0].__setitem__(0, [1.0, 2.0]), "rectangular"),
        (lambda d: d["weights"][0][0].__setitem__(0, "1.0"), "numbers"),
        (lambda d: d["weights"][0][0].__setitem__(0, None), "numbers"),
        (lambda d: d["weights"][0][0].__setitem__(0, True), "numbers"),
        (lambda d: d["biases"][1].__setitem__(0, float("inf")), "finite"),
        (lambda d: d["biases"].pop(), "2 arrays"),
    ],
)
def test_bad_arrays_are_refused_with_the_layer_named(mutate, message):
    d = _good()
    mutate(d)
    with pytest.raises(ValueError, match=message):
        MLP.from_dict(d)


def test_integer_weights_and_missing_optional_fields_are_fine():
    d = _good()
    d["weights"][0] = [[1, 0, -1], [0, 1, 2]]
    for key in ("activation_args", "output_args", "init", "seed"):
        del d[key]
    net = MLP.from_dict(d)
    np.testing.assert_array_equal(net.weights[0], [[1, 0, -1], [0, 1, 2]])
    assert net.weights[0].dtype == np.float64
