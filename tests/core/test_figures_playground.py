"""The plotly template and the playground figures: frames against the recorded snapshots, the
decision surface against an independent forward pass, edges against hand-set weights, the
slider, labels, payload thinning, and the edge walk that draws each weight bin.

Measured when the module was written (2-core machine, headless Chromium without GPU, median
time per frame of back-to-back full redraws; a bare 40x40 heatmap with a slider takes 25 ms
there): circle [2,4,2,1] 47 ms, spiral 7 features 4x8 53 ms, 7 features 6x16 54 ms, plane
41 ms, sine 51 ms. Building: (a) circle [2,4,2,1], 100 snapshots 61 ms (+34 ms to_json,
1.75 MB); (b) 7 features 6x16, 300 snapshots 233 ms (+67 ms, 5.37 MB, thinned to 84 frames).
"""

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.figures import theme
from core.figures.playground import (
    CURVE_POINTS,
    LOSS_AXIS_CAP,
    MOSAIC_LEVELS,
    DEFAULT_LABELS,
    N_BINS,
    PLAYBACK_STEPS,
    WIDTH_BINS,
    _edges,
    _network_geometry,
    _walk,
    compare_figure,
    playground_figure,
    playground_frames,
    playback_axes,
    playground_playback,
)
from core.nn import make_features
from core.nn.trainer import GRID_EXTENT, Run, Setup, Training

ALL_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")
LABELS = {  # what a page passes: every key, in another language
    "epoch": "эпоха", "train": "обучение", "test": "тест", "loss": "потери", "accuracy": "точность",
    "weight": "вес", "bias": "сдвиг", "input": "вход", "hidden": "скрытый {n}", "output": "выход",
    "x1": "X1", "x2": "X2", "x": "икс", "y": "игрек", "play": "Пуск", "pause": "Пауза",
    "probability": "P(класс 1)", "prediction": "прогноз", "class": "класс", "target": "цель",
}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def circle_run():
    run = Run(Setup(dataset="circle", n_points=200), Training(optimizer="adam", lr=0.03, batch_size=10))
    run.train(30)
    return run


@pytest.fixture(scope="module")
def circle_fig(circle_run):
    return playground_figure(circle_run, labels=LABELS)


@pytest.fixture(scope="module")
def sine_run():
    run = Run(Setup(dataset="sine", features=("x1", "x1^2", "sin x1"), hidden=(6,), loss="mse"),
              Training(optimizer="adam", lr=0.03, batch_size=10))
    run.train(12)
    return run


def frame_dicts(fig):
    return fig.to_plotly_json()["frames"]


def decode(value):
    """A trace attribute from to_dict(): plotly's base64 typed array, or a plain list."""
    if isinstance(value, dict) and "bdata" in value:
        import base64

        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if "shape" in value:
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return array
    return np.asarray(value)


def trace_index(fig, predicate):
    return [i for i, t in enumerate(fig.data) if predicate(t)]


# --------------------------------------------------------------------------- theme


def test_template_registered_and_idempotent():
    assert theme.use_vectorlab_template() == "vectorlab"
    first = pio.templates["vectorlab"]
    theme.use_vectorlab_template()
    assert pio.templates["vectorlab"] is first
    layout = first.layout
    assert layout.paper_bgcolor == "#FFFFFF" and layout.plot_bgcolor == "#FFFFFF"
    assert list(layout.colorway) == list(theme.OKABE_ITO)
    assert layout.font.size >= 14  # readable on a projector


def test_colors():
    assert theme.CLASS_COLORS[:2] == ("#E69F00", "#0072B2")  # classes 0 and 1 as always
    assert len(set(theme.CLASS_COLORS)) == 5 and set(theme.CLASS_COLORS) <= set(theme.OKABE_ITO)  # up to 5 classes
    assert theme.DIVERGING[0][1] == theme.CLASS_COLORS[0]  # negative = class-0 side
    assert theme.DIVERGING[-1][1] == theme.CLASS_COLORS[1]
    assert dict((p, c) for p, c in theme.DIVERGING)[0.5] == "#FFFFFF"  # white at zero
    assert theme.TRAIN_COLOR != theme.TEST_COLOR


@pytest.mark.parametrize(
    "value, text",
    [(0.123456, "0.123"), (12.3456, "12.3"), (-0.0004567, "-0.000457"), (1234567, "1.23e+06"),
     (100, "100"), (0, "0"), (-0.0, "0"), (float("nan"), "–"), (None, "–")],
)
def test_round3(value, text):
    assert theme.round3(value) == text


def test_lighten():
    assert theme.lighten([[0, "#000000"], [1, "#FFFFFF"]], 0.5) == [[0, "#808080"], [1, "#FFFFFF"]]


# --------------------------------------------------------------------------- frames and slider


def test_one_frame_per_snapshot_named_by_epoch(circle_run, circle_fig):
    names = [f.name for f in circle_fig.frames]
    assert names == [str(s.epoch) for s in circle_run.snapshots]
    assert len(names) == 31


def test_a_fresh_run_shows_its_epoch_counter_and_room_to_train():
    """Plotly hides a slider of fewer than two steps, and with it the epoch counter that Play
    paints into on this very figure: a fresh run's slider has its one epoch twice, unlabelled,
    the grip at the start, animating nothing (so it needs no frame); its epoch axes have room
    to train into, not 0..1 in fractions."""
    run = Run(Setup(dataset="circle", n_points=100), Training())
    layout = playground_figure(run, labels=LABELS, play_buttons=False, frames=False).to_plotly_json()["layout"]
    slider = layout["sliders"][0]
    assert [step["args"][0] for step in slider["steps"]] == [["0"], ["0"]] and slider["active"] == 0
    assert [step["method"] for step in slider["steps"]] == ["skip", "skip"]
    assert slider["font"]["color"] == "rgba(0,0,0,0)" and slider["ticklen"] == 0
    assert list(layout["xaxis3"]["range"]) == [0, 50] == list(layout["xaxis4"]["range"])


def _sent(fig) -> dict:
    return json.loads(pio.to_json(fig, validate=False))


@pytest.mark.parametrize("make", ["still", "hover-less", "playback"])
def test_the_unvalidated_figure_is_what_plotly_would_validate(make, circle_run, sine_run):
    """The figures are built from plain dicts without plotly.py's validation (its checks were a
    third of the page's script run): plotly must find nothing invalid in them and nothing to
    change (a template named instead of resolved, an empty list it would drop...)."""
    for run in (circle_run, sine_run):
        if make == "playback":
            fig = playground_playback(run, labels=LABELS, play=[2, 4], open_at=2).figure
        else:
            fig = playground_figure(run, labels=LABELS, hover=make == "still", play_buttons=make == "still",
                                    max_frames=6)
        sent = _sent(fig)
        assert _sent(go.Figure(sent)) == sent  # go.Figure(dict) validates, and raises on what is invalid


@pytest.mark.parametrize("kwargs", [
    {}, {"open_at": 7, "frame_epochs": [0, 3, 7, 12]}, {"discretize": True, "show_test": False, "max_frames": 9},
    {"hover": False, "play_buttons": False, "max_bytes": 10_000},
])
def test_a_figure_sent_before_its_frames_is_the_figure_with_frames(kwargs, circle_run, sine_run):
    """The page sends the picture, then its frames: together they are the whole figure."""
    frame_args = {k: v for k, v in kwargs.items() if k not in ("open_at", "play_buttons")}
    for run in (circle_run, sine_run):
        whole = _sent(playground_figure(run, labels=LABELS, **kwargs))
        picture = _sent(playground_figure(run, labels=LABELS, frames=False, **kwargs))
        frames = json.loads(json.dumps(playground_frames(run, **frame_args)))  # JSON as built
        assert "frames" not in picture and len(frames) == len(whole["frames"]) > 1
        assert {**picture, "frames": frames} == whole


def test_an_exploding_loss_leaves_the_top_of_a_readable_loss_axis():
    """Diverged, the loss reached ~1e281: on an axis up to there every epoch but the last lay flat
    at zero and the tick labels ("2×10²⁸¹") ran into the axis title."""
    run = Run(Setup(dataset="plane", hidden=(8, 8), loss="mse"), Training(optimizer="sgd", lr=1.0))
    run.train(60)
    assert run.diverged_at is not None
    first = max(run.history.train_loss[0], run.history.test_loss[0])
    for fig in (playground_figure(run, labels=LABELS, max_frames=6),
                playground_playback(run, labels=LABELS, play=[1, 2], open_at=1).figure):
        top = fig.layout.yaxis3.range[1]
        assert first < top <= min(2.5 * LOSS_AXIS_CAP, 100) * first  # a round number above the cap at most
    assert playback_axes(run)[1] <= min(2.5 * LOSS_AXIS_CAP, 100) * first


def test_slider_one_step_per_frame_starting_at_the_last(circle_fig):
    layout = circle_fig.to_plotly_json()["layout"]
    slider = layout["sliders"][0]
    frames = [f.name for f in circle_fig.frames]
    assert [list(step["args"][0]) for step in slider["steps"]] == [[name] for name in frames]
    assert [step["label"] for step in slider["steps"]] == frames
    assert all(step["method"] == "animate" for step in slider["steps"])
    assert slider["steps"][0]["args"][1] == {"mode": "immediate", "frame": {"duration": 0, "redraw": True},
                                             "transition": {"duration": 0}}
    assert slider["active"] == len(frames) - 1
    assert slider["currentvalue"]["prefix"] == LABELS["epoch"] + " "
    play, pause = layout["updatemenus"][0]["buttons"]
    assert play["args"][0] is None
    assert play["args"][1] == {"frame": {"duration": 40, "redraw": True}, "transition": {"duration": 0},
                               "fromcurrent": True, "mode": "immediate"}
    assert list(pause["args"][0]) == [None] and pause["args"][1]["mode"] == "immediate"
    assert LABELS["play"] in play["label"] and LABELS["pause"] in pause["label"]


def test_frames_update_the_same_traces_and_count_stays_small(circle_fig):
    frames = frame_dicts(circle_fig)
    first = frames[0]["traces"]
    for frame in frames:
        assert frame["traces"] == first
        assert len(frame["data"]) == len(first)
    # static traces (the data points) are not in frames
    points = trace_index(circle_fig, lambda t: t.name == "points")
    assert points and not set(points) & set(first)
    # the + / − handles under the diagram and the neurons' hover targets are static too, and last
    tail = trace_index(circle_fig, lambda t: t.meta in ("edit_handles", "neuron_targets"))
    assert tail == [len(circle_fig.data) - 2, len(circle_fig.data) - 1] and not set(tail) & set(first)
    assert len(circle_fig.data) <= 19


def test_trace_count_is_small_for_a_big_network():
    run = Run(Setup(dataset="spiral", n_points=200, features=ALL_FEATURES, hidden=(16,) * 6),
              Training(optimizer="adam", lr=0.01, batch_size=25))
    run.train(3)
    fig = playground_figure(run, labels={})
    assert len(fig.data) <= 20
    for frame in frame_dicts(fig):
        assert len(frame["data"]) == len(frame["traces"]) <= 20
    json.loads(fig.to_json())  # serialises


def test_initial_data_is_the_last_snapshot(circle_fig):
    last = frame_dicts(circle_fig)[-1]
    data = circle_fig.to_plotly_json()["data"]
    for index, update in zip(last["traces"], last["data"]):
        for key, value in update.items():
            if key in ("type", "marker"):
                continue
            np.testing.assert_array_equal(decode(data[index][key]), decode(value))


def test_loss_lines_end_at_the_frames_epoch(circle_run, circle_fig):
    loss = trace_index(circle_fig, lambda t: t.yaxis in ("y3", "y4"))
    assert len(loss) == 4  # train / test loss, train / test accuracy
    frames = frame_dicts(circle_fig)
    for frame in frames:
        epoch = int(frame["name"])
        for index, update in zip(frame["traces"], frame["data"]):
            if index not in loss:
                continue
            y = decode(update["y"])
            x = np.asarray(circle_fig.data[index].x)
            assert x[len(y) - 1] == epoch  # plotly draws min(len(x), len(y)) points
            history = circle_run.history
            series = {loss[0]: history.train_loss, loss[1]: history.test_loss,
                      loss[2]: history.train_accuracy, loss[3]: history.test_accuracy}[index]
            np.testing.assert_allclose(y, np.asarray(series)[x[: len(y)].astype(int)], rtol=1e-6)


def test_decision_surface_is_the_network_output(circle_run, circle_fig):
    surface = trace_index(circle_fig, lambda t: t.type == "heatmap" and t.xaxis == "x2")
    assert len(surface) == 1
    heatmap = circle_fig.data[surface[0]]
    grid = 40
    step = 2 * GRID_EXTENT / grid
    centres = -GRID_EXTENT + step * (np.arange(grid) + 0.5)
    assert heatmap.x0 == pytest.approx(centres[0]) and heatmap.dx == pytest.approx(step)
    x1, x2 = np.meshgrid(centres, centres)  # rows = x2
    X = make_features(np.column_stack([x1.ravel(), x2.ravel()]), circle_run.setup.features)
    frames = frame_dicts(circle_fig)
    for snapshot, frame in zip(circle_run.snapshots[::7], frames[::7]):
        z = decode(frame["data"][frame["traces"].index(surface[0])]["z"])
        expected = circle_run.net_at(snapshot).forward(X)[:, 0].reshape(grid, grid)
        np.testing.assert_allclose(z, expected, atol=1e-6)
    assert (heatmap.zmin, heatmap.zmax) == (0.0, 1.0)


def test_discretize_gives_two_values(circle_run):
    fig = playground_figure(circle_run, labels=LABELS, discretize=True)
    surface = trace_index(fig, lambda t: t.type == "heatmap" and t.xaxis == "x2")[0]
    values = set()
    for frame in frame_dicts(fig):
        values |= set(np.unique(decode(frame["data"][frame["traces"].index(surface)]["z"])).tolist())
    assert values <= {0.0, 1.0} and len(values) == 2


def test_hidden_neuron_thumbnail_is_its_output(circle_run, circle_fig):
    """The mosaic's first hidden neuron (top of column 1) shows tanh(z) on an 8x8 lattice."""
    geo = _network_geometry(list(circle_run.net.sizes), 2)
    lattice = geo.mosaic()
    frame = frame_dicts(circle_fig)[-1]
    mosaic = decode(frame["data"][0]["z"])
    assert mosaic.dtype == np.uint8 and mosaic.shape == lattice.shape
    cells = geo.cells
    thumb = mosaic[lattice.rows[: cells * cells], lattice.cols[: cells * cells]].reshape(cells, cells)
    step = 2 * GRID_EXTENT / cells
    centres = -GRID_EXTENT + step * (np.arange(cells) + 0.5)
    x1, x2 = np.meshgrid(centres, centres)
    net = circle_run.net_at(circle_run.snapshots[-1])
    hidden = net.forward_all(np.column_stack([x1.ravel(), x2.ravel()])).post[0][:, 0].reshape(cells, cells)
    np.testing.assert_allclose((thumb.astype(float) - 1) / (MOSAIC_LEVELS / 2) - 1, hidden, atol=1 / MOSAIC_LEVELS + 1e-9)
    assert (mosaic == 0).any()  # transparent gaps between neurons


# --------------------------------------------------------------------------- edges


def test_edge_bins_follow_hand_set_weights():
    run = Run(Setup(dataset="circle", n_points=40, hidden=(2,)), Training())
    weights = [np.array([[2.0, -0.5], [-1.0, 0.1]]), np.array([0.3, -0.2]), np.array([[-2.0], [0.8]]), np.array([0.4])]
    for target, value in zip(run.snapshots[0].params, weights):
        target[...] = value
    fig = playground_figure(run, labels=LABELS)
    expected_w = np.concatenate([weights[0].ravel(), weights[2].ravel()])
    hover = fig.data[trace_index(fig, lambda t: t.name == LABELS["weight"])[0]]
    np.testing.assert_allclose(np.asarray(hover.customdata), expected_w, rtol=1e-6)
    # where each edge starts and ends, by the figure's own geometry
    geo = _network_geometry(list(run.net.sizes), 2)
    edges = _edges(geo, [["a", "b"], ["c", "d"], ["e"]])
    ends = {}
    for k, (u, v) in enumerate(zip(edges.src, edges.dst)):
        key = frozenset({(float(edges.node_x[u]), float(edges.node_y[u])), (float(edges.node_x[v]), float(edges.node_y[v]))})
        ends[key] = k
    np.testing.assert_allclose(hover.x, edges.x_mid)  # hover targets sit on the edges' midpoints
    bins = trace_index(fig, lambda t: t.type == "scatter" and t.mode == "lines" and t.xaxis == "x")
    assert len(bins) == N_BINS
    drawn = {}
    for k, index in enumerate(bins):
        trace = fig.data[index]
        sign_color = theme.CLASS_COLORS[k // 4]
        rgb = ",".join(str(int(sign_color[i : i + 2], 16)) for i in (1, 3, 5))
        assert trace.line.color.startswith(f"rgba({rgb},")  # orange for w < 0, blue for w >= 0
        x, y = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
        for a in range(len(x) - 1):
            if np.isnan(y[a]) or np.isnan(y[a + 1]):
                continue
            key = frozenset({(x[a], y[a]), (x[a + 1], y[a + 1])})
            assert key in ends, "a drawn segment that is no edge"
            drawn.setdefault(ends[key], set()).add(k)
    assert sorted(drawn) == list(range(len(expected_w)))  # every edge drawn
    for edge, ks in drawn.items():
        w = expected_w[edge]
        assert ks == {4 * (w >= 0) + int(np.digitize(abs(w), WIDTH_BINS))}
    widths = [fig.data[i].line.width for i in bins]
    assert widths[:4] == sorted(widths[:4]) and widths[0] < widths[3]  # wider for larger |w|


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(10, 15)), max_size=30, unique=True))
def test_walk_draws_exactly_the_edges(edges):
    src = [u for u, _ in edges]
    dst = [v for _, v in edges]
    walk = _walk(src, dst)
    segments = set()
    for a, b in zip(walk, walk[1:]):
        if a < 0 or b < 0:
            continue
        segments.add(frozenset((a, b)))
    assert segments == {frozenset(e) for e in edges}
    assert len([n for n in walk if n >= 0]) <= 2 * len(edges) + len(edges)  # about 2 points an edge
    assert not walk or (walk[0] >= 0 and walk[-1] >= 0)


# --------------------------------------------------------------------------- other tasks and options


def test_regression_1d_draws_the_fitted_curve(sine_run):
    fig = playground_figure(sine_run, labels=LABELS)
    curves = trace_index(fig, lambda t: t.type == "scatter" and t.mode == "lines" and t.xaxis == "x2")
    assert len(curves) == 1
    curve = fig.data[curves[0]]
    assert len(curve.x) == CURVE_POINTS and curve.x[0] == pytest.approx(-3) and curve.x[-1] == pytest.approx(3)
    X = make_features(np.asarray(curve.x, dtype=float)[:, None], sine_run.setup.features)
    expected = sine_run.net_at(sine_run.snapshots[-1]).forward(X)[:, 0]
    np.testing.assert_allclose(curve.y, expected, atol=1e-5)
    points = fig.data[trace_index(fig, lambda t: t.name == "points")[0]]
    assert points.mode == "markers" and len(points.x) == len(sine_run.data.raw.X_train) + len(sine_run.data.raw.X_test)
    assert fig.layout.xaxis2.title.text == LABELS["x"] and fig.layout.yaxis2.title.text == LABELS["y"]
    assert "xaxis4" not in fig.to_plotly_json()["layout"]  # no accuracy for regression
    for frame in frame_dicts(fig):
        assert len(decode(frame["data"][frame["traces"].index(curves[0])]["y"])) == CURVE_POINTS


def test_regression_2d_surface_on_the_targets_scale():
    run = Run(Setup(dataset="plane", n_points=120, loss="mse"), Training(optimizer="sgd", lr=0.01))
    run.train(3)
    fig = playground_figure(run, labels={}, discretize=True)
    surface = fig.data[trace_index(fig, lambda t: t.type == "heatmap" and t.xaxis == "x2")[0]]
    ymax = np.abs(np.concatenate([run.data.raw.y_train, run.data.raw.y_test])).max()
    assert surface.zmin == pytest.approx(-ymax) and surface.zmax == pytest.approx(ymax)
    values = np.unique(np.asarray(surface.z, dtype=float))
    assert len(values) <= 2 and np.allclose(np.abs(values), ymax, rtol=1e-6)


def test_labels_appear_in_the_figure(circle_fig):
    layout = circle_fig.layout
    assert layout.xaxis2.title.text == LABELS["x1"] and layout.yaxis2.title.text == LABELS["x2"]
    assert layout.xaxis3.title.text == LABELS["epoch"] and layout.yaxis3.title.text == LABELS["loss"]
    assert layout.yaxis4.title.text == LABELS["accuracy"]
    assert layout.sliders[0].currentvalue.prefix.startswith(LABELS["epoch"])
    text = circle_fig.to_json()
    decoded = json.loads(text)
    blob = json.dumps(decoded, ensure_ascii=False)
    for key in ("train", "test", "weight", "bias", "class"):
        assert LABELS[key] in blob, key
    assert layout.height <= 700 and layout.uirevision


def _column_titles(fig) -> list[str]:
    import base64
    import re

    svg = base64.b64decode(fig.layout.images[0].source.split(",", 1)[1]).decode("utf-8")
    return re.findall(r'text-anchor="middle">([^<]*)</text>', svg)


@pytest.mark.parametrize(("hidden", "expect_words"), [((4,), True), ((8, 8, 8, 8), False)])
def test_hidden_column_titles_fit_their_columns(hidden, expect_words):
    """A long title ("жасырын 3") in a narrow column would run into the next one: the column's
    number stands in for it then."""
    run = Run(Setup(hidden=hidden, features=ALL_FEATURES), Training())
    fig = playground_figure(run, labels={**LABELS, "hidden": "жасырын {n}"})
    titles = _column_titles(fig)
    assert titles[0] == LABELS["input"] and titles[-1] == LABELS["output"]
    hidden_titles = titles[1:-1]
    assert len(hidden_titles) == len(hidden)
    if expect_words:
        assert hidden_titles == [f"жасырын {n}" for n in range(1, len(hidden) + 1)]
    else:
        assert hidden_titles == [str(n) for n in range(1, len(hidden) + 1)]


def test_missing_labels_fall_back_to_english(circle_run):
    fig = playground_figure(circle_run, labels={"epoch": "Epoche"})
    assert fig.layout.sliders[0].currentvalue.prefix == "Epoche "
    assert fig.layout.yaxis3.title.text == DEFAULT_LABELS["loss"]


def test_equal_aspect_and_fixed_ranges(circle_fig):
    layout = circle_fig.layout
    assert layout.yaxis2.scaleanchor == "x2"
    assert list(layout.xaxis2.range) == [-GRID_EXTENT, GRID_EXTENT] == list(layout.yaxis2.range)
    for name in ("xaxis3", "yaxis3", "xaxis4", "yaxis4"):
        assert layout[name].range is not None


def test_frame_epochs_and_show_test(circle_run):
    fig = playground_figure(circle_run, labels={}, frame_epochs=[0, 5, 10], show_test=False)
    assert [f.name for f in fig.frames] == ["0", "5", "10", str(circle_run.snapshots[-1].epoch)]
    points = fig.data[trace_index(fig, lambda t: t.name == "points")[0]]
    assert len(points.x) == len(circle_run.data.raw.X_train)


def test_payload_budget_thins_frames_evenly():
    run = Run(Setup(dataset="circle", n_points=60), Training(optimizer="sgd", lr=0.03, batch_size=10))
    run.train(99)
    full = playground_figure(run, labels={})
    assert len(full.frames) == 100
    budget = len(full.to_json()) // 2
    fig = playground_figure(run, labels={}, max_bytes=budget)
    names = [f.name for f in fig.frames]
    assert 40 <= len(names) < 100
    assert names[0] == "0" and names[-1] == "99"
    steps = np.diff([int(n) for n in names])
    assert steps.max() - steps.min() <= 1  # evenly
    assert len(fig.layout.sliders[0].steps) == len(names)
    assert len(fig.to_json()) <= budget * 1.05


def test_many_snapshots_are_thinned_to_max_frames():
    run = Run(Setup(dataset="circle", n_points=40), Training(optimizer="sgd", lr=0.03, batch_size=20))
    run.train(199)
    fig = playground_figure(run, labels={}, max_frames=50)
    names = [int(f.name) for f in fig.frames]
    assert len(names) == 50 and names[0] == 0 and names[-1] == 199
    assert max(np.diff(names)) - min(np.diff(names)) <= 1


def test_frames_stay_usable_as_plotly_objects(circle_fig):
    frame = circle_fig.frames[3]
    assert frame.name == "3" and frame.data[0].type == "heatmap"
    copy = go.Figure(circle_fig)
    assert len(copy.frames) == len(circle_fig.frames)


def test_untrained_run_and_no_hidden_layer():
    run = Run(Setup(dataset="xor", n_points=60, hidden=()), Training())
    fig = playground_figure(run, labels={})
    assert [f.name for f in fig.frames] == ["0"]
    assert fig.layout.sliders[0].active == 0


# --------------------------------------------------------------------------- comparison


def test_compare_figure_one_loss_line_per_run(circle_run):
    other = Run(Setup(dataset="circle", n_points=200), Training(optimizer="sgd", lr=0.03, batch_size=10))
    other.train(10)
    fig = compare_figure([circle_run, other], ["Adam", "SGD"], labels=LABELS)
    lines = [t for t in fig.data if t.xaxis == "x" and t.mode == "lines"]
    assert [t.name for t in lines] == ["Adam", "SGD"]
    assert len({t.line.color for t in lines}) == 2
    assert len(lines[0].y) == len(circle_run.history.train_loss)
    surfaces = [t for t in fig.data if t.type == "heatmap"]
    assert len(surfaces) == 2 and surfaces[0].xaxis != surfaces[1].xaxis
    assert not fig.frames
    assert fig.layout.xaxis.title.text == LABELS["epoch"]
    with pytest.raises(ValueError):
        compare_figure([circle_run], ["a", "b"], labels={})


# --------------------------------------------------------------------------- playback chunks


def _frame_by_name(fig, name):
    return next(f for f in frame_dicts(fig) if f["name"] == name)


@pytest.mark.parametrize("run_name", ["circle_run", "sine_run"])
def test_playback_chunk_paints_what_the_plotly_frames_show(run_name, request):
    """Every painted frame carries the same mosaic, edges, surface and loss lines as the plotly
    frame of that epoch, naming the traces by meta (so it paints on a still figure too, whose
    hover traces shift the trace numbers)."""
    run = request.getfixturevalue(run_name)
    play = [e for e in range(11, run.epoch + 1, 2)]
    playback = playground_playback(run, labels=LABELS, play=play, open_at=10)
    chunk, fig = playback.chunk, playback.figure
    reference = playground_figure(run, labels=LABELS, frame_epochs=[10, *play])
    assert not fig.frames  # the player paints; plotly gets no frames to parse
    alone = playground_playback(run, labels=LABELS, play=play, open_at=10, figure=False)
    assert alone.figure is None and alone.chunk == chunk and alone.axes == playback.axes  # frames without the figure
    assert [f["name"] for f in chunk["frames"]] == [str(e) for e in play]
    for figure in (fig, reference):
        traces = {t.meta: t for t in figure.data}
        assert traces[chunk["mosaic"]].type == "heatmap" and traces[chunk["mosaic"]].xaxis == "x"
        assert all(traces[u].type == "scatter" and traces[u].mode == "lines" for u in chunk["edges"])
        assert [traces[u].yaxis for u in chunk["lines"]] == ["y3", "y3", "y4", "y4"][: len(chunk["lines"])]
        assert traces[chunk["surface"]].xaxis == "x2"
    surface = {t.meta: t for t in reference.data}[chunk["surface"]]
    assert surface.type == ("heatmap" if run_name == "circle_run" else "scatter")
    number = {t.meta: i for i, t in enumerate(reference.data)}
    series = [decode(s) for s in chunk["series"]]
    line_x = decode(chunk["line_x"])
    for painted in chunk["frames"]:
        frame = _frame_by_name(reference, painted["name"])
        data = {i: d for i, d in zip(frame["traces"], frame["data"])}
        np.testing.assert_array_equal(decode(painted["mosaic"]), decode(data[number[chunk["mosaic"]]]["z"]))
        for (x, y), name in zip(painted["edges"], chunk["edges"]):
            np.testing.assert_array_equal(decode(x), decode(data[number[name]]["x"]))
            np.testing.assert_array_equal(decode(y), decode(data[number[name]]["y"]))
        for k, name in enumerate(chunk["lines"]):
            np.testing.assert_array_equal(series[k][: painted["upto"]], decode(data[number[name]]["y"]))
        assert line_x[painted["upto"] - 1] == int(painted["name"])  # a line ends at its frame's epoch
        plotly_surface = data[number[chunk["surface"]]]
        if surface.type == "heatmap":
            z = decode(plotly_surface["z"])
            levels = np.rint((z - surface.zmin) / (surface.zmax - surface.zmin) * 255)
            np.testing.assert_array_equal(decode(painted["surface"]), levels)
        else:
            np.testing.assert_array_equal(decode(painted["surface"]), decode(plotly_surface["y"]))


def test_playback_figure_opens_on_its_epoch_with_round_axes(circle_run):
    play = list(range(1, circle_run.epoch + 1))
    fig = playground_playback(circle_run, labels=LABELS, play=play, open_at=0).figure
    axis_end, loss_top = playback_axes(circle_run)
    assert axis_end >= circle_run.epoch and loss_top >= max(circle_run.history.train_loss)
    assert list(fig.layout.xaxis3.range) == [0, axis_end] == list(fig.layout.xaxis4.range)
    assert list(fig.layout.yaxis3.range) == [0, loss_top]
    slider = fig.layout.sliders[0]
    marks = [int(step.args[0][0]) for step in slider.steps]
    assert marks[0] == 0 and marks[-1] == axis_end and len(marks) <= PLAYBACK_STEPS
    assert marks[slider.active] == 0
    assert {step.method for step in slider.steps} == {"skip"}
    assert {step.label for step in slider.steps} == {"\u2007" * len(str(axis_end))}
    # The figure shows the opening epoch: the surface is the network's output at epoch 0.
    opened = playground_figure(circle_run, labels=LABELS, frame_epochs=[0], open_at=0, hover=False)
    surface = trace_index(fig, lambda t: t.type == "heatmap" and t.xaxis == "x2")[0]
    np.testing.assert_array_equal(fig.data[surface].z, opened.data[surface].z)


@pytest.mark.parametrize(("epoch", "loss", "axes"), [
    (0, 0.7, (50, 1.0)), (50, 0.7, (50, 1.0)), (51, 0.3, (100, 0.5)), (300, 2.5, (500, 5.0)), (2001, 0.04, (5000, 0.2)),
])
def test_playback_axes_are_round_and_hold_the_run(epoch, loss, axes):
    class FakeRun:
        pass

    run = FakeRun()
    run.epoch = epoch
    run.history = type("H", (), {"train_loss": [loss, loss / 2], "test_loss": [0.1]})()
    assert playback_axes(run) == axes


def test_in_presenting_mode_accuracy_keeps_clear_of_the_loss_chart(circle_fig):
    """The gap between the loss and the accuracy charts holds accuracy's tick labels ("100%")
    and its title, at Presenting mode's larger text, in the width the figure gets beside the
    controls at a 1400 px window (a 525 px plot area, measured): at 0.12 of it, "accuracy"
    touched the loss chart."""
    from core.figures.presenting import for_projector

    presented = for_projector(circle_fig).layout
    template = presented.template.layout
    tick = presented.yaxis4.tickfont.size or template.yaxis.tickfont.size
    title = presented.yaxis4.title.font.size or template.yaxis.title.font.size or template.font.size
    # measured in Chromium: "100%" is 2.75 em of its font, the rotated title 0.9 em of its;
    # 12 px between title and ticks, 9 px between ticks and axis, and 8 px of air
    needed = 4 * 0.69 * tick + 0.9 * title + 12 + 9 + 8
    gap = presented.xaxis4.domain[0] - presented.xaxis3.domain[1]
    assert gap * 525 >= needed
