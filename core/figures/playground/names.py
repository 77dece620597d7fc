"""The words of the playground figures: the page's translated labels and the feature names."""

from __future__ import annotations

import html
from typing import Mapping

# ``labels`` holds the page's translated strings; a missing or empty key falls back to English.
# "hidden" may contain "{n}" (the layer's number); "play"/"pause" are drawn with ▶ and ❚❚.
DEFAULT_LABELS: dict[str, str] = {
    "epoch": "epoch",  # slider prefix, epoch axes
    "train": "train",  # loss lines' key, point hover
    "test": "test",
    "loss": "loss",
    "accuracy": "accuracy",
    "weight": "weight",  # edge hover
    "bias": "bias",
    "input": "input",  # column titles
    "hidden": "hidden {n}",
    "output": "output",
    "x1": "x₁",  # axes of the 2-D plane
    "x2": "x₂",
    "x": "x",  # axes of a 1-D function fit
    "y": "y",
    "play": "Play",
    "pause": "Pause",
    "probability": "P(class 1)",  # colour bar of a classification surface
    "prediction": "prediction",  # colour bar / curve of regression
    "class": "class",  # point hover, "class 0"
    "target": "target",  # point hover for regression
    "click_to_set": "click to set it",  # weight and bias hover
    "add_neuron": "add a neuron to hidden layer {n}",  # the + / − handles under the diagram
    "remove_neuron": "remove a neuron from hidden layer {n}",
    "add_layer": "add a hidden layer",
    "remove_layer": "remove the last hidden layer",
    "edit": "edit the network",
}

# Feature names without LaTeX (`FEATURES[...].label` is LaTeX, which plotly cannot typeset in
# SVG text); 1-D data has a single input, called x.
FEATURE_NAMES_2D = {
    "x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁·x₂",
    "sin x1": "sin x₁", "sin x2": "sin x₂",
}
FEATURE_NAMES_1D = {"x1": "x", "x1^2": "x²", "sin x1": "sin x"}


def merged_labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(DEFAULT_LABELS)
    merged.update({k: v for k, v in (labels or {}).items() if v})
    return merged


def hidden_title(labels: Mapping[str, str], n: int) -> str:
    text = labels["hidden"]
    return text.replace("{n}", str(n)) if "{n}" in text else f"{text} {n}"


def neuron_names(labels: Mapping[str, str], features, sizes, one_d: bool, classes=()) -> list[list[str]]:
    """Every neuron's name by column (hover texts): the features, "hidden n #j", the output, or
    "output · <class>" per output neuron of a softmax run (the class names escaped: they go
    into hover texts, and an upload's may hold markup)."""
    feature_names = FEATURE_NAMES_1D if one_d else FEATURE_NAMES_2D
    names = [[feature_names.get(f, f) for f in features]]
    for h, n in enumerate(sizes[1:-1], start=1):
        names.append([f"{hidden_title(labels, h)} #{j + 1}" for j in range(n)])
    if classes:
        names.append([f"{labels['output']} · {html.escape(name)}" for name in classes])
    else:
        names.append([labels["output"]])
    return names
