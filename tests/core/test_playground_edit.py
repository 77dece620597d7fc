"""Editing the network by hand: Run.edit, the session's verb, and the + / − handles' trace."""

import numpy as np
import pytest

from core.figures.playground import playground_figure
from core.figures.playground.encoding import quantize
from core.figures.playground.handles import handles_trace, neurons_trace
from core.figures.playground.snapshot import numbers, scene
from core.nn.datasets import make_features
from core.nn.mlp import MAX_HIDDEN_LAYERS, MAX_NEURONS
from core.nn.trainer import Run, Setup, Training
from core.playground.messages import EpochReport, PlayerReport
from core.playground.session import Look, PlaygroundSession


def test_run_edit_sets_one_weight_and_remeasures_this_epoch():
    run = Run(Setup(), Training())
    run.train(3)
    W2 = run.net.weights[1].copy()
    run.edit("weight", 8 + 3, -1.5)  # W1 is 2x4 (8 weights); then W2[1, 1] of 4x2
    assert run.net.weights[1][1, 1] == -1.5
    changed = run.net.weights[1] != W2
    assert changed.sum() == 1 and changed[1, 1]
    assert run.snapshots[-1].epoch == 3 and run.snapshots[-1].params[2][1, 1] == -1.5
    inputs = run.data.inputs
    assert len(run.history.train_loss) == 4
    assert run.history.train_loss[-1] == pytest.approx(run.net.loss(inputs.X_train, inputs.y_train, loss=run.loss_name))
    run.edit("bias", 4, 0.25)  # the biases of hidden 1 (4), then hidden 2's first
    assert run.net.biases[1][0] == 0.25
    run.train(1)
    assert run.epoch == 4


@pytest.mark.parametrize("kind, index, value", [("weight", 99, 1.0), ("bias", -1, 1.0), ("weight", 0, float("nan")),
                                                ("weight", 0, float("inf")), ("gain", 0, 1.0)])
def test_run_edit_refuses_what_is_not_there(kind, index, value):
    run = Run(Setup(), Training())
    with pytest.raises(ValueError):
        run.edit(kind, index, value)


def test_the_session_edits_the_epoch_on_screen_and_starts_a_new_picture():
    own = PlaygroundSession()
    look = Look({}, False, False)
    reply = own.update(Setup(), Training(), 2, look, PlayerReport())
    for _ in range(6):
        own.step(PlayerReport())
    reply = own.update(Setup(), Training(), 2, look, PlayerReport())
    serial = reply.serial
    own.edit("weight", 0, 3.0, PlayerReport(epoch=EpochReport(2, own.token)))  # the student scrubbed back to 2
    assert own.run.epoch == 2 and own.run.net.weights[0][0, 0] == 3.0 and not own.running
    reply = own.update(Setup(), Training(), 2, look, PlayerReport())
    assert reply.serial == serial + 1 and reply.shown == 2
    weights = next(t for t in reply.figure.data if t.meta == "edit_weight").customdata
    assert weights[0] == 3.0


def test_edges_and_weights_count_in_the_same_order():
    """The diagram's weight k is the k-th entry of the weight matrices, row-major: what the
    student clicks is what Run.edit changes."""
    run = Run(Setup(features=("x1", "x2", "x1^2"), hidden=(3, 2)), Training())
    for k in (0, 4, 9, 13):
        run.edit("weight", k, 7.0 + k)
    fig = playground_figure(run, labels={})
    trace = next(t for t in fig.data if t.meta == "edit_weight")
    for k in (0, 4, 9, 13):
        assert trace.customdata[k] == pytest.approx(7.0 + k)
    assert trace.text[4] == "x₂ → hidden 1 #2"  # 1 * 3 + 1


def _handles(hidden):
    run = Run(Setup(hidden=hidden), Training())
    return handles_trace(scene(run, {}, 40))


def test_handles_offer_only_what_the_limits_allow():
    actions = lambda t: [tuple(c) for c in t["customdata"]]  # noqa: E731
    assert actions(_handles((4, 2))) == [("remove_neuron", 1), ("add_neuron", 1), ("remove_neuron", 2),
                                         ("add_neuron", 2), ("remove_layer", 0), ("add_layer", 0)]
    assert actions(_handles(())) == [("add_layer", 0)]
    assert actions(_handles((1,))) == [("add_neuron", 1), ("remove_layer", 0), ("add_layer", 0)]
    full = actions(_handles((MAX_NEURONS,) * MAX_HIDDEN_LAYERS))
    assert ("add_layer", 0) not in full and not any(a == "add_neuron" for a, _ in full)
    trace = _handles((4, 2))
    assert trace["meta"] == "edit_handles" and len(set(np.round(trace["y"], 4))) == 1
    assert trace["hovertext"][1] == "add a neuron to hidden layer 1"


def test_handles_sit_below_every_neuron_inside_the_panel():
    run = Run(Setup(hidden=(MAX_NEURONS, 2)), Training())
    sc = scene(run, {}, 40)
    lowest = float(sc.geo.centre_y(MAX_NEURONS - 1)) - sc.geo.cells / 2
    assert sc.geo.y_range[0] < sc.geo.handle_y < lowest


def test_a_hovered_neurons_corner_finds_its_own_picture_in_the_mosaic():
    """The player cuts a hovered neuron's picture out of the mosaic heatmap at the corner its
    hover target carries: there, the mosaic holds that neuron's output over the plane."""
    run = Run(Setup(hidden=(3, 2)), Training())
    run.train(5)
    sc = scene(run, {}, 40)
    trace = neurons_trace(sc)
    n = numbers(sc, run.snapshots[-1:], discretize=False)[0]
    cells = sc.geo.cells
    lattice = sc.domain.lattice(cells)
    hidden_1 = np.tanh(make_features(lattice, run.setup.features) @ run.net.weights[0] + run.net.biases[0])
    for k in range(3):  # hidden 1's neurons: their outputs over the thumbnail's lattice
        row, col, side = trace["customdata"][k]
        assert side == cells
        picture = n.mosaic[row:row + cells, col:col + cells]
        assert np.abs(picture.astype(int) - quantize(hidden_1[:, k]).reshape(cells, cells)).max() <= 1
    assert trace["hovertext"][:3] == ["hidden 1 #1", "hidden 1 #2", "hidden 1 #3"] and len(trace["x"]) == 3 + 2 + 1


def test_every_edge_bin_has_a_point_so_plotly_keeps_it_visible_for_the_player():
    """At epoch 0 no weight is thick: an empty bin trace was invisible in plotly (no defaults
    filled in), and the player, painting on that figure, never drew the thick edges that grew
    later. Every bin keeps at least one (NaN) point, in the figure and in every frame."""
    run = Run(Setup(), Training())
    fig = playground_figure(run, labels={})
    edges = [t for t in fig.data if isinstance(t.meta, str) and t.meta.startswith("edges")]
    assert len(edges) == 8 and all(len(t.x) >= 1 and len(t.y) >= 1 for t in edges)
    sc = scene(run, {}, 40)
    empty = [np.isnan(y).all() for _, y in sc.edges.lines(np.zeros(sc.edges.src.size))]
    assert sum(empty) == 7  # all weights 0: one bin holds them all, the others one NaN point each
