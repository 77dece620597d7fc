"""Take a trained network away: a short standalone Python script that needs only numpy.

`standalone_script(net, feature_names)` writes the weights into the script's text and defines
`features(X)` (the playground's input features computed from raw points (x1, x2), or from x
alone for a 1-D function), `predict(X)` (what `net.forward` gives on those features) and
`classify(X)` (what `net.classify` gives). Uploaded data is standardised before the network
sees it (see core.nn.csv_data); pass that data's mean and std and the script does the same to
the file's own values.

Only numbers the program made and names from fixed tables are written as code. Text a user
chose (column or class names) is written with `repr`, a string literal that cannot end early,
so running the script cannot run anything hidden in a name.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from core.nn.datasets import FEATURES
from core.nn.mlp import MLP

# Each playground feature as numpy code over the raw columns x1, x2 (as core.nn.datasets
# computes them), with the name a reader sees.
FEATURE_CODE: dict[str, tuple[str, str]] = {
    "x1": ("x1", "x1"),
    "x2": ("x2", "x2"),
    "x1^2": ("x1 * x1", "x1²"),
    "x2^2": ("x2 * x2", "x2²"),
    "x1*x2": ("x1 * x2", "x1·x2"),
    "sin x1": ("np.sin(x1)", "sin(x1)"),
    "sin x2": ("np.sin(x2)", "sin(x2)"),
}

# Each activation as a numpy function body over z, the same formula core.nn.activations uses
# (sigmoid without overflow, softmax with the row maximum subtracted). GELU's erf comes from
# the standard library, since numpy has none.
_ACTIVATION_CODE: dict[str, str] = {
    "linear": "return z",
    "step": "return (z >= 0).astype(float)",
    "sigmoid": "e = np.exp(-np.abs(z))\n    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
    "tanh": "return np.tanh(z)",
    "relu": "return np.maximum(z, 0.0)",
    "leaky_relu": "return np.where(z > 0, z, {0!r} * z)",
    "softplus": "return np.logaddexp(0.0, z)",
    "elu": "return np.where(z > 0, z, {0!r} * np.expm1(np.minimum(z, 0.0)))",
    "gelu": "import math\n    return 0.5 * z * (1.0 + np.vectorize(math.erf, otypes=[float])(z / math.sqrt(2.0)))",
    "softmax": "e = np.exp(z - z.max(axis=1, keepdims=True))\n    return e / e.sum(axis=1, keepdims=True)",
}

_OUTPUT_TEXT = {
    "softmax": "(n, {k}) class probabilities, each row sums to 1; classify(X) gives the class 0..{last}",
    "sigmoid": "(n, 1) probability of class 1; classify(X) gives 0 or 1 (threshold 0.5)",
}


def _function(name: str, activation) -> str:
    try:
        body = _ACTIVATION_CODE[activation.name]
    except KeyError:
        raise ValueError(f"no standalone code for the activation {activation.name!r}") from None
    return f"def {name}(z):\n    {body.format(*(float(a) for a in activation.args))}\n"


def _vector(values) -> str:
    return repr([float(v) for v in values])


def standalone_script(
    net: MLP,
    feature_names: Sequence[str],
    input_mean: Sequence[float] | None = None,
    input_std: Sequence[float] | None = None,
    input_names: Sequence[str] | None = None,
    class_names: Sequence[str] | None = None,
    n_inputs: int | None = None,
) -> str:
    """Python source of a script that reproduces `net` on raw points (see the module text).
    `feature_names` are the playground's feature names in the order the network takes them;
    `input_mean` / `input_std` the standardisation of uploaded data; `input_names` and
    `class_names` only label the raw columns and the classes in the script; `n_inputs` is the
    number of raw columns (2 for points on the plane, 1 for a function of x; by default 2
    unless every feature is of x1 alone and no mean says otherwise)."""
    names = list(feature_names)
    unknown = [n for n in names if n not in FEATURE_CODE]
    if unknown:
        raise ValueError(f"unknown feature {unknown[0]!r}; choose from {', '.join(FEATURES)}")
    if len(names) != net.sizes[0]:
        raise ValueError(f"the network takes {net.sizes[0]} inputs but {len(names)} features were named")
    if not net.is_finite():
        raise ValueError("the network has diverged (some weight is inf or NaN); there is nothing to export")
    if n_inputs is None:
        n_inputs = len(input_mean) if input_mean is not None else 2 if any(FEATURES[n].uses_x2 for n in names) else 1
    n_raw = int(n_inputs)
    if n_raw not in (1, 2) or (n_raw == 1 and any(FEATURES[n].uses_x2 for n in names)):
        raise ValueError(f"features {', '.join(names)} cannot come from {n_inputs} raw column(s)")
    k = net.sizes[-1]
    output_text = _OUTPUT_TEXT.get(net.output.name, f"(n, {k}) values of the {net.output.name} output")
    columns = "x1, x2" if n_raw == 2 else "x"
    lines = [
        '"""A network trained in Vectorlab, standalone: needs only numpy.',
        "",
        f"Input: X, raw points of shape (n, {n_raw}), columns {columns}"
        + (" as in the uploaded file (standardised here with its mean and std)." if input_mean is not None else "."),
        f"Features the network takes, computed from them: {', '.join(FEATURE_CODE[n][1] for n in names)}.",
        f"Output of predict(X): {output_text.format(k=k, last=k - 1)}.",
        f"Network: {' -> '.join(map(str, net.sizes))}, {net.activation.name} hidden layers, "
        f"{net.output.name} output.",
        '"""',
        "import numpy as np",
        "",
    ]
    if input_names is not None:
        lines.append(f"INPUT_COLUMNS = {[str(n) for n in input_names]!r}")
    if class_names is not None:
        lines.append(f"CLASSES = {[str(n) for n in class_names]!r}")
    if input_mean is not None:
        if input_std is None or len(input_std) != len(input_mean):
            raise ValueError("input_mean and input_std go together, one value per raw column")
        lines += [f"MEAN = np.array({_vector(input_mean)})", f"STD = np.array({_vector(input_std)})"]
    lines.append("WEIGHTS = [")
    lines += [f"    np.array({W.tolist()!r})," for W in net.weights]
    lines += ["]", "BIASES = ["]
    lines += [f"    np.array({b.tolist()!r})," for b in net.biases]
    lines += ["]", "", ""]
    lines += [_function("hidden", net.activation), "", _function("output", net.output), ""]
    lines += [
        "def features(X):",
        "    X = np.asarray(X, dtype=float)",
        "    if X.ndim == 1:",
        "        X = X[:, None]  # a plain list of x values",
    ]
    if input_mean is not None:
        lines.append("    X = (X - MEAN) / STD")
    lines += [
        "    x1 = X[:, 0]",
        "    x2 = X[:, 1] if X.shape[1] > 1 else x1",
        f"    return np.column_stack([{', '.join(FEATURE_CODE[n][0] for n in names)}])",
        "",
        "",
        "def predict(X):",
        "    a = features(X)",
        "    for layer, (W, b) in enumerate(zip(WEIGHTS, BIASES)):",
        "        z = a @ W + b",
        "        a = output(z) if layer == len(WEIGHTS) - 1 else hidden(z)",
        "    return a",
        "",
        "",
        "def classify(X):",
        "    out = predict(X)",
    ]
    if net.output.name == "softmax":
        lines.append("    return np.argmax(out, axis=1)")
    else:
        threshold = 0.5 if net.output.name == "sigmoid" else 0.0
        labels = "labels[:, 0]" if k == 1 else "labels"
        lines += [f"    labels = (out >= {threshold!r}).astype(int)", f"    return {labels}"]
    lines += [
        "",
        "",
        'if __name__ == "__main__":',
        f"    print(predict(np.zeros((1, {n_raw}))))",
        "",
    ]
    return "\n".join(lines)
