"""core.nn.export.standalone_script: the script, run with nothing but numpy, reproduces the
network's predictions from raw points, for binary, regression and softmax networks."""

import ast
import subprocess
import sys

import numpy as np
import pytest

from core.nn import FEATURES, MLP, make_features, make_optimizer
from core.nn.activations import elu, leaky_relu
from core.nn.export import FEATURE_CODE, standalone_script

ALL = list(FEATURES)


def run_script(text):
    """Exec the script in a fresh namespace; it must import what it needs itself."""
    namespace = {"__name__": "exported"}
    exec(compile(text, "<exported>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace


def nudged(net, seed=0):
    """Random non-zero biases and weights, so every parameter matters in the comparison."""
    rng = np.random.default_rng(seed)
    net.set_params([p + rng.normal(0, 0.3, p.shape) for p in net.params])
    return net


CASES = {
    "binary_sigmoid": (lambda: MLP([2, 8, 1], activation="tanh", seed=0), ["x1", "x2"], 2),
    "binary_all_features": (lambda: MLP([7, 4, 4, 1], activation="relu", seed=1), ALL, 2),
    "regression_plane": (lambda: MLP([3, 5, 1], activation="sigmoid", output="linear", seed=2),
                         ["x1", "x2", "x1*x2"], 2),
    "regression_1d": (lambda: MLP([3, 6, 1], activation="gelu", output="linear", seed=3),
                      ["x1", "x1^2", "sin x1"], 1),
    "softmax3": (lambda: MLP([2, 8, 3], activation="tanh", output="softmax", seed=0), ["x1", "x2"], 2),
    "softmax5_all": (lambda: MLP([7, 6, 5], activation=leaky_relu(0.2), output="softmax", seed=4), ALL, 2),
    "softmax_elu": (lambda: MLP([4, 3, 3, 4], activation=elu(0.5), output="softmax", seed=5),
                    ["sin x2", "x2^2", "x1", "x1*x2"], 2),
    "softplus_tanh_out": (lambda: MLP([2, 3, 1], activation="softplus", output="tanh", seed=6), ["x2", "x1"], 2),
    "step_linear": (lambda: MLP([2, 3, 1], activation="step", output="linear", seed=7), ["x1", "x2"], 2),
}


@pytest.mark.parametrize("case", list(CASES))
def test_script_reproduces_the_network_on_random_points(case):
    make, names, n_raw = CASES[case]
    net = nudged(make())
    X = np.random.default_rng(1).uniform(-6, 6, (300, n_raw))
    ns = run_script(standalone_script(net, names))
    expected = net.forward(make_features(X, names))
    got = ns["predict"](X)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ns["classify"](X), net.classify(make_features(X, names)))
    if net.output.name == "softmax":
        np.testing.assert_allclose(got.sum(axis=1), 1.0, atol=1e-12)


def test_trained_softmax_network_with_standardised_csv_inputs():
    rng = np.random.default_rng(0)
    raw = rng.normal([170.0, 65.0], [10.0, 8.0], (120, 2))  # heights and weights, not standardised
    mean, std = raw.mean(axis=0), raw.std(axis=0)
    labels = (raw[:, 0] > 170).astype(int) + (raw[:, 1] > 70).astype(int)
    names = ["x1", "x2", "x1*x2"]
    F = make_features((raw - mean) / std, names)
    net = MLP([3, 6, 3], activation="tanh", output="softmax", seed=0)
    opt = make_optimizer("adam", lr=0.05)
    for _ in range(100):
        opt.step(net.params, net.loss_and_grads(F, labels, loss="cross_entropy")[1])
    text = standalone_script(net, names, input_mean=mean, input_std=std,
                             input_names=["height", "weight"], class_names=["small", "medium", "large"])
    ns = run_script(text)
    np.testing.assert_allclose(ns["predict"](raw), net.forward(F), rtol=1e-12, atol=1e-12)
    assert ns["CLASSES"] == ["small", "medium", "large"] and ns["INPUT_COLUMNS"] == ["height", "weight"]
    assert "(n, 2), columns x1, x2 as in the uploaded file" in text


def test_names_from_users_stay_string_literals():
    evil = ['a"""\nimport os; os.system("echo pwned")\n"""', "b'] + __import__('os').listdir('/') + ['"]
    net = MLP([2, 3, 3], output="softmax", seed=0)
    text = standalone_script(net, ["x1", "x2"], input_names=evil, class_names=evil + ["c"])
    tree = ast.parse(text)
    calls = {node.func.attr for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute)}
    assert "system" not in calls and "listdir" not in calls
    ns = run_script(text)
    assert ns["INPUT_COLUMNS"] == evil and ns["CLASSES"] == evil + ["c"]


def test_script_runs_as_a_program_with_numpy_only():
    net = nudged(MLP([2, 4, 3], output="softmax", seed=0))
    text = standalone_script(net, ["x1", "x2"])
    done = subprocess.run([sys.executable, "-I", "-c", text], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[[") and len(done.stdout.split()) == 3  # one row of 3 probabilities
    imports = [n for n in ast.walk(ast.parse(text)) if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert [a.name for n in imports for a in n.names] == ["numpy"]


def test_script_is_short_and_documents_its_features():
    net = MLP([7, 8, 8, 3], output="softmax", seed=0)
    text = standalone_script(net, ALL)
    weight_lines = len(net.weights) + len(net.biases)
    assert len(text.splitlines()) - weight_lines < 60
    assert "x1, x2, x1², x2², x1·x2, sin(x1), sin(x2)" in text
    assert "(n, 3) class probabilities" in text and "7 -> 8 -> 8 -> 3" in text


def test_every_playground_feature_has_code():
    assert set(FEATURE_CODE) == set(FEATURES)


def test_bad_requests_are_refused():
    net = MLP([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match="unknown feature"):
        standalone_script(net, ["x1", "x3"])
    with pytest.raises(ValueError, match="takes 2 inputs"):
        standalone_script(net, ["x1"])
    with pytest.raises(ValueError, match="raw column"):
        standalone_script(net, ["x1", "x2"], n_inputs=1)
    with pytest.raises(ValueError, match="go together"):
        standalone_script(net, ["x1", "x2"], input_mean=[0.0, 0.0])
    net.params[0][0, 0] = np.inf
    with pytest.raises(ValueError, match="diverged"):
        standalone_script(net, ["x1", "x2"])
