"""The playground figure's pieces alone (core/figures/playground/): the snapshot numbers every
form is built from, their compact encoding, and how the still figure, its plotly frames and the
player's chunk are all the same numbers."""

import base64

import numpy as np
import pytest

from core.figures.playground import playground_figure, playground_frames, playground_playback
from core.figures.playground.encoding import MOSAIC_GAP, MOSAIC_LEVELS, encoded, float32, levels, quantize, typed
from core.figures.playground.figure import plotly_frame
from core.figures.playground.geometry import BIAS
from core.figures.playground.snapshot import Lines, frame_cap, lines, numbers, opening, pick, scene
from core.nn import make_features
from core.nn.trainer import Run, Setup, Training


@pytest.fixture(scope="module")
def run():
    run = Run(Setup(dataset="xor", n_points=120, hidden=(3, 2)), Training(optimizer="adam", lr=0.03))
    run.train(12)
    return run


@pytest.fixture(scope="module")
def curve_run():
    run = Run(Setup(dataset="sine", features=("x1",), hidden=(4,), loss="mse"), Training(optimizer="adam"))
    run.train(6)
    return run


def untyped(spec: dict) -> np.ndarray:
    array = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    return array.reshape([int(n) for n in spec["shape"].split(",")]) if "shape" in spec else array


# --------------------------------------------------------------------------- encoding


def test_quantize_maps_minus_one_zero_one_to_the_ends_and_middle_and_never_to_the_gap():
    q = quantize(np.array([-1.0, 0.0, 1.0, np.nan, -7.0, 7.0]))
    assert q.dtype == np.uint8 and list(q) == [1, 1 + MOSAIC_LEVELS // 2, 1 + MOSAIC_LEVELS, 128, 1, 255]
    assert MOSAIC_GAP not in q


def test_levels_spans_the_colour_scale_and_puts_nan_in_the_middle():
    assert list(levels(np.array([-2.0, 0.0, 2.0, np.nan, 9.0]), (-2.0, 2.0))) == [0, 128, 255, 128, 255]


@pytest.mark.parametrize("value", [np.arange(6, dtype=np.float32).reshape(2, 3), np.array([1, 2, 500], np.uint16)])
def test_typed_arrays_decode_to_the_same_array(value):
    spec = typed(value)
    assert np.array_equal(untyped(spec), value) and untyped(spec).dtype == value.dtype


def test_float32_keeps_huge_finite_values_finite():
    assert np.isfinite(float32(np.array([1e300, -1e300]))).all()


# --------------------------------------------------------------------------- which snapshots


def test_pick_thins_evenly_keeping_the_first_and_the_newest(run):
    chosen = pick(run.snapshots, None, 5)
    assert len(chosen) == 5 and chosen[0] is run.snapshots[0] and chosen[-1] is run.snapshots[-1]
    assert pick(run.snapshots, None, 100) == list(run.snapshots)


def test_pick_by_epochs_always_adds_the_newest_and_opening_finds_the_last_at_or_before(run):
    chosen = pick(run.snapshots, [2, 5, 99], 0)
    assert [s.epoch for s in chosen] == [2, 5, 12]
    assert [opening(chosen, e) for e in (None, 0, 4, 5, 11, 50)] == [2, 0, 0, 1, 1, 2]


def test_the_measured_frame_size_sets_how_many_frames_fit(run):
    sc = scene(run, {}, 40)
    assert frame_cap(sc, True, 10**9, 150) == 150  # the cap on slider steps
    assert frame_cap(sc, True, 10_000, 150) == 40  # never below MIN_FRAMES
    small, big = (frame_cap(sc, True, 2_000_000, 10**6, size) for size in (10_000, 20_000))
    assert small > big and abs(small / big - 2) < 0.2


def test_a_frame_line_ends_at_its_epoch(run):
    drawn = lines(run, pick(run.snapshots, None, 4))
    assert len(drawn.series) == 4 and all(len(s) == len(drawn.epochs) for s in drawn.series)
    for epoch in (0, 5, 12):
        assert drawn.epochs[drawn.upto(epoch) - 1] == epoch
    assert Lines(np.array([0, 3, 6]), []).upto(4) == 2


# --------------------------------------------------------------------------- a snapshot's numbers


def test_numbers_match_a_forward_pass_of_each_snapshot(run):
    sc = scene(run, {}, 12)
    snaps = [run.snapshots[0], run.snapshots[7]]
    for snap, n in zip(snaps, numbers(sc, snaps, discretize=False)):
        net = run.net_at(snap)
        out = net.forward(make_features(sc.surface_x, run.setup.features))[:, 0]
        assert n.epoch == snap.epoch and n.surface.shape == (12, 12)
        np.testing.assert_allclose(n.surface.ravel(), out, atol=1e-5)
        assert np.array_equal(n.weights, np.concatenate([w.ravel() for w in snap.params[0::2]]).astype(np.float32))
        # every neuron's bias block holds its quantized bias; the gaps stay transparent
        blocks = n.mosaic[sc.mosaic.bias_rows, sc.mosaic.bias_cols].reshape(-1, BIAS * BIAS)
        assert np.array_equal(blocks[:, 0], quantize(np.clip(n.biases, -1, 1))) and (blocks.T == blocks[:, 0]).all()
        assert (n.mosaic[sc.mosaic.rows, sc.mosaic.cols] != MOSAIC_GAP).all() and (n.mosaic == MOSAIC_GAP).any()


def test_discretize_leaves_two_flat_colours_split_at_one_half(run):
    sc = scene(run, {}, 20)
    smooth, flat = (numbers(sc, [run.snapshots[-1]], d)[0].surface for d in (False, True))
    assert set(np.unique(flat)) <= {0.0, 1.0}
    assert np.array_equal(flat == 1.0, smooth >= 0.5)


def test_a_curve_run_has_strips_of_one_row_repeated_up_each_thumbnail(curve_run):
    sc = scene(curve_run, {}, 40)
    n = numbers(sc, [curve_run.snapshots[-1]], False)[0]
    cells = sc.geo.cells
    thumbs = n.mosaic[sc.mosaic.rows, sc.mosaic.cols].reshape(-1, cells, cells)
    assert (thumbs == thumbs[:, :1, :]).all() and n.surface.shape == (len(sc.surface_x),)


# --------------------------------------------------------------------------- the three forms


def test_plotly_frame_order_with_and_without_hover(run):
    sc = scene(run, {}, 10)
    n, drawn = numbers(sc, [run.snapshots[3]], False)[0], lines(run, run.snapshots)
    with_hover, without = (plotly_frame(sc, n, drawn, hover)["data"] for hover in (True, False))
    assert len(with_hover) == 1 + 8 + 2 + 1 + 4 and len(without) == len(with_hover) - 2
    assert with_hover[0]["z"] is n.mosaic and with_hover[11]["z"] is n.surface and without[9]["z"] is n.surface
    assert list(encoded(plotly_frame(sc, n, drawn, False))["traces"]) == list(range(len(without)))


def test_the_still_figure_its_frames_and_the_chunk_show_the_same_numbers(run):
    """One computation, three forms: the figure opening on epoch 5, its plotly frame for epoch 5
    and the player's frame for epoch 5 carry the same mosaic, edges and surface."""
    epochs = [0, 5, 9]
    sc = scene(run, {}, 40)
    n = numbers(sc, [s for s in run.snapshots if s.epoch == 5], False)[0]
    fig = playground_figure(run, labels={}, frame_epochs=epochs, open_at=5, frames=False)
    assert np.array_equal(fig.data[0].z, n.mosaic) and np.array_equal(fig.data[11].z, n.surface)
    frame = next(f for f in playground_frames(run, frame_epochs=epochs) if f["name"] == "5")
    assert np.array_equal(untyped(frame["data"][0]["z"]), n.mosaic)
    chunk = playground_playback(run, labels={}, play=[5, 9], open_at=5, figure=False).chunk
    painted = chunk["frames"][0]
    assert [f["name"] for f in chunk["frames"]] == ["5", "9"]
    assert np.array_equal(untyped(painted["mosaic"]), n.mosaic)
    assert np.array_equal(untyped(painted["surface"]), levels(n.surface, sc.z_range))
    for (x, y), (tx, ty) in zip(n.edges, painted["edges"]):
        assert np.array_equal(untyped(tx), x) and np.array_equal(untyped(ty), y, equal_nan=True)
