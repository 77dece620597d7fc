"""The playground figure of a softmax run (3-5 classes): K output neurons, the surface coloured by
the argmax class, the class key, the confusion matrix figure, and class names kept as text."""

import base64
import html
import re

import numpy as np
import pytest

from core.figures.confusion import accuracy, confusion_figure
from core.figures.playground import compare_figure, playground_figure, playground_frames, playground_playback
from core.figures.playground import classes
from core.figures.playground.encoding import levels
from core.figures.theme import CLASS_COLORS, lighten
from core.nn.csv_data import load_csv
from core.nn.datasets import make_features
from core.nn.trainer import Run, Setup, Training
from tests.app.apptest import plotly_array


def _run(k=3, hidden=(6,), epochs=5, dataset="blobs", csv=None, **setup):
    setup = Setup(dataset=dataset, classes=k if dataset == "blobs" else None, hidden=hidden, **setup)
    run = Run(setup, Training(optimizer="adam", lr=0.03), csv=csv)
    run.train(epochs)
    return run


def _trace(fig: dict, meta: str) -> dict:
    return next(t for t in fig["data"] if t.get("meta") == meta)


def _svg(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")


def _color_at(colorscale, level: int) -> np.ndarray:
    """The colour plotly and the player give a level: linear in RGB between the scale's stops."""
    stops = np.array([p for p, _ in colorscale])
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in colorscale], dtype=float)
    return np.array([np.interp(level / 255, stops, rgb[:, ch]) for ch in range(3)])


def _hex(color: str) -> np.ndarray:
    return np.array([int(color[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_k_output_neurons_each_with_its_edges_and_name(k):
    run = _run(k, hidden=(5,))
    fig = playground_figure(run, labels={}).to_dict()
    weights = next(t for t in fig["data"] if t.get("name") == "weight")
    biases = next(t for t in fig["data"] if t.get("name") == "bias")
    names = [f"class {c}" for c in range(k)]
    assert list(biases["text"])[-k:] == [f"output · {name}" for name in names]  # K output neurons
    edges_in = [text for text in weights["text"] if text.startswith("hidden 1")]
    assert len(edges_in) == 5 * k  # every hidden neuron to every output
    for name in names:
        assert sum(text.endswith(f"→ output · {name}") for text in weights["text"]) == 5
    # the mosaic holds K output thumbnails, each on its own class's band of levels
    mosaic = plotly_array(_trace(fig, "mosaic")["z"])
    band = classes.output_band(k)
    for c in range(k):
        start = classes.OUTPUT_START + c * band
        assert np.any((mosaic >= start) & (mosaic < start + band)), c
    assert mosaic.max() <= classes.OUTPUT_START + k * band - 1
    # a scale plotly.js takes: from 0 to 1, never going back (else it draws Cividis instead)
    for scale in (_trace(fig, "mosaic")["colorscale"], _trace(fig, "surface")["colorscale"]):
        positions = [p for p, _ in scale]
        assert positions[0] == 0.0 and positions[-1] == 1.0 and positions == sorted(positions)


def test_surface_is_the_argmax_class_of_a_known_network():
    """No hidden layer, weights set by hand: logits 2 (x1, -x1, x2) + (0, 0, 0.3) (the bias keeps
    the cell centres off the ties), so the class is known everywhere; the surface's level is that
    class's band, paler where the top two are close."""
    run = _run(3, hidden=(), epochs=0)
    W = np.array([[2.0, -2.0, 0.0], [0.0, 0.0, 2.0]])
    b = np.array([0.0, 0.0, 0.3])
    run.net.set_params([W, b])
    run.snapshots[-1].params = [W.copy(), b.copy()]
    fig = playground_figure(run, labels={}, grid=20).to_dict()
    z = plotly_array(_trace(fig, "surface")["z"])
    assert z.shape == (20, 20)
    e = 2 * 6.0 / 20
    centres = -6.0 + e * (np.arange(20) + 0.5)
    x1, x2 = np.meshgrid(centres, centres)
    logits = np.stack([2 * x1, -2 * x1, 2 * x2 + 0.3], axis=-1)
    expected = np.argmax(logits, axis=-1)
    np.testing.assert_array_equal(classes.surface_class(z, 3), expected)
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    sure = classes.confidence(p.max(axis=-1), 3)
    first, last = classes.bands(3)
    np.testing.assert_array_equal(z, first[expected] + np.rint(sure * (last - first)[expected]))
    # the colour of each cell is its class's colour, between the pale and the full one
    scale = _trace(fig, "surface")["colorscale"]
    for level, c in [(z[0, 0], expected[0, 0]), (z[10, 19], expected[10, 19]), (z[19, 10], expected[19, 10])]:
        pale, full = (_hex(lighten([[0, CLASS_COLORS[c]]], a)[0][1]) for a in (classes.PALE, classes.FULL))
        color = _color_at(scale, int(level))
        t = np.dot(color - pale, full - pale) / np.dot(full - pale, full - pale)
        np.testing.assert_allclose(color, pale + t * (full - pale), atol=1.0)
    # discretized: every cell at its class's full colour
    flat = plotly_array(_trace(playground_figure(run, labels={}, grid=20, discretize=True).to_dict(), "surface")["z"])
    np.testing.assert_array_equal(flat, last[expected])


@pytest.mark.parametrize("k", [3, 4, 5])
def test_every_level_lies_inside_one_class_band(k):
    """No level falls between two classes' colours (the jumps lie between whole levels), so the
    player's 256-colour table and plotly agree on every cell."""
    scale = classes.surface_colorscale(k)
    first, last = classes.bands(k)
    assert first[0] == 0 and last[-1] == 255 and np.all(first[1:] == last[:-1] + 1)
    for c in range(k):
        pale, full = _hex(scale[2 * c][1]), _hex(scale[2 * c + 1][1])
        for level in range(first[c], last[c] + 1):
            t = (level - first[c]) / (last[c] - first[c])
            np.testing.assert_allclose(_color_at(scale, level), pale + t * (full - pale), atol=1e-9)
    probs = np.random.default_rng(0).dirichlet(np.ones(k), size=500)
    assert np.all(classes.surface_class(classes.surface_levels(probs), k) == probs.argmax(axis=1))
    assert np.isnan(probs).sum() == 0 and classes.surface_levels(np.full((2, k), np.nan)).tolist() == [0.0, 0.0]


def test_points_keep_their_class_colours_and_the_key_names_the_classes():
    run = _run(5)
    fig = playground_figure(run, labels={"class": "класс"}).to_dict()
    points = _svg(next(im["source"] for im in fig["layout"]["images"] if im["xref"] == "x2"))
    for c in range(5):
        assert f".c{c}{{fill:{CLASS_COLORS[c]}}}" in points
    assert len(re.findall(r'class="t c4"', points)) == int(np.sum(run.data.raw.y_train == 4))
    key = [_svg(im["source"]) for im in fig["layout"]["images"] if im["xref"] == "paper"]
    assert len(key) == 1  # the key, no P(class 1) colour bar
    assert [f"класс {c}" in key[0] for c in range(5)] == [True] * 5
    assert "P(class 1)" not in key[0]
    assert len(set(CLASS_COLORS)) == 5


CSV = "x1,x2,label\n" + "".join(
    f"{x},{y},{name}\n"
    for i, name in enumerate(["<script>alert(1)</script>", "b&c", "ok"])
    for x, y in [(i * 3.0 + d, (-1) ** d * 0.5 * d) for d in range(12)]
)


def test_an_uploads_class_names_are_shown_as_text():
    csv = load_csv(CSV.encode())
    assert csv.n_classes == 3
    run = _run(dataset="csv", csv=csv, csv_id="x")
    assert run.data.class_names == csv.classes
    fig = playground_figure(run, labels={})
    spec = fig.to_json()
    assert "<script>" not in spec  # not in any hover text, name or image
    points = next(t for t in fig.to_dict()["data"] if t.get("name") == "points")
    escaped = html.escape("<script>alert(1)</script>")
    assert any(escaped in text for text in points["text"]) and any("b&amp;c" in text for text in points["text"])
    key = _svg(next(im["source"] for im in fig.to_dict()["layout"]["images"] if im["xref"] == "paper"))
    assert "<script>" not in key and "&lt;script" in key and "b&amp;c" in key
    weights = next(t for t in fig.to_dict()["data"] if t.get("name") == "weight")
    assert not any("<script>" in text for text in weights["text"])


def test_frames_and_playback_carry_the_same_class_levels():
    run = _run(4, epochs=8)
    frames = playground_frames(run, frame_epochs=[0, 4, 8])
    figure = playground_figure(run, labels={}, frame_epochs=[0, 4, 8], open_at=4, frames=False).to_dict()
    chunk = playground_playback(run, labels={}, play=[4, 8], open_at=4, figure=False).chunk
    by_name = {f["name"]: f for f in frames}
    still = plotly_array(by_name["4"]["data"][-5]["z"])  # surface, then the 4 loss and accuracy lines
    np.testing.assert_array_equal(still, plotly_array(_trace(figure, "surface")["z"]))
    painted = plotly_array(chunk["frames"][0]["surface"])
    np.testing.assert_array_equal(painted, levels(still, (0.0, 255.0)))
    np.testing.assert_array_equal(painted, still.astype(np.uint8))
    assert len(chunk["series"]) == 4  # loss and accuracy, train and test


def test_accuracy_lines_are_the_argmax_share():
    run = _run(3, epochs=6)
    fig = playground_figure(run, labels={}).to_dict()
    test_accuracy = plotly_array(_trace(fig, "line3")["y"])
    predicted = run.net.classify(run.data.inputs.X_test)
    assert test_accuracy[-1] == pytest.approx(np.mean(predicted == run.data.inputs.y_test), abs=1e-6)


def test_confusion_at_an_earlier_epoch_is_that_snapshots():
    run = _run(3, epochs=10)
    early = run.confusion("train", epoch=0)
    net = run.net_at(run.snapshots[0])
    expected = np.bincount(run.data.inputs.y_train * 3 + net.classify(run.data.inputs.X_train), minlength=9)
    np.testing.assert_array_equal(early, expected.reshape(3, 3))
    np.testing.assert_array_equal(run.confusion("test", epoch=run.epoch), run.confusion("test"))
    assert early.sum() == len(run.data.inputs.y_train)


def test_confusion_figure_writes_counts_and_escapes_names():
    m = np.array([[3, 1, 0], [0, 4, 1], [0, 0, 5]])
    fig = confusion_figure({"train": m, "test <i>": np.eye(3, dtype=int)}, ["a", "<b>x</b>", "c"],
                           labels={"true": "истинный класс"}).to_dict()
    assert [t["text"] for t in fig["data"]][0] == m.tolist() or np.array_equal(plotly_array(fig["data"][0]["text"]), m)
    assert fig["data"][0]["x"] == ["a", "&lt;b&gt;x&lt;/b&gt;", "c"]
    assert fig["layout"]["yaxis"]["title"]["text"] == "истинный класс"
    assert fig["layout"]["yaxis"]["autorange"] == "reversed"  # class 0 at the top, as the matrix reads
    titles = [a["text"] for a in fig["layout"]["annotations"]]
    assert titles[0] == "<b>train</b>: 85.7% right" and "test &lt;i&gt;" in titles[1]
    assert accuracy(m) == pytest.approx(12 / 14)
    with pytest.raises(ValueError):
        confusion_figure({"train": m}, ["a", "b"])


def test_compare_draws_class_bands_for_a_softmax_run():
    run = _run(3, epochs=3)
    fig = compare_figure([run], ["Adam"], labels={}).to_dict()
    surface = next(t for t in fig["data"] if t["type"] == "heatmap")
    z = plotly_array(surface["z"])
    X = make_features(np.column_stack([c.ravel() for c in np.meshgrid(*[-6 + 0.3 * (np.arange(40) + 0.5)] * 2)]),
                      run.setup.features)
    np.testing.assert_array_equal(classes.surface_class(z.ravel(), 3), run.net.classify(X))
