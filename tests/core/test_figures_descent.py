"""The gradient-descent figures draw the runs they are given, frame by frame."""

import numpy as np
import pytest

from core.figures.descent import RACE_FRAMES, one_d_figure, race_figure, race_loss_figure, race_surface_figure
from core.nn.descent import CURVES, SURFACES, Contestant, descend_1d, race

LABELS = {"path": "шаги", "tangent": "касательная", "step": "шаг", "loss": "потери", "start": "старт",
          "minimum": "минимум", "play": "Пуск", "pause": "Пауза"}


def test_one_dimension_shows_each_step_with_its_tangent():
    curve = CURVES["parabola"]
    run = descend_1d(curve, 0.3, 2.5)
    fig = one_d_figure(curve, run, labels=LABELS)
    assert [f.name for f in fig.frames] == [str(k) for k in range(len(run.xs))]
    for k in (0, 3, len(run.xs) - 1):
        path, tangent, point = fig.frames[k].data
        np.testing.assert_allclose(path.x, run.xs[: k + 1])
        np.testing.assert_allclose(point.y, [run.xs[k] ** 2])
        # the tangent touches the curve at x_k with slope f'(x_k) = 2 x_k
        slope = (tangent.y[1] - tangent.y[0]) / (tangent.x[1] - tangent.x[0])
        assert slope == pytest.approx(2 * run.xs[k])
        assert np.interp(run.xs[k], tangent.x, tangent.y) == pytest.approx(run.xs[k] ** 2)
    assert fig.layout.sliders[0].active == len(run.xs) - 1  # opens on the last step
    assert fig.layout.updatemenus[0].buttons[0].label.endswith("Пуск")


def test_race_paths_grow_frame_by_frame_and_end_as_run():
    surface = SURFACES["rosenbrock"]
    results = race(surface, [Contestant("sgd", 1e-3), Contestant("adam", 0.05)], surface.start, steps=300)
    fig = race_figure(surface, results, ["SGD", "Adam"], labels=LABELS, steps=300)
    paths = [t for t in fig.data if t.name in ("SGD", "Adam")]
    for trace, result in zip(paths, results):
        np.testing.assert_allclose(np.column_stack([trace.x, trace.y]), result.path)
    assert len(fig.frames) == RACE_FRAMES + 1 and fig.frames[-1].name == "300"
    middle = fig.frames[len(fig.frames) // 2]
    k = int(middle.name)
    np.testing.assert_allclose(middle.data[1].x, results[1].path[: k + 1, 0])
    assert any(t.name == "минимум" for t in fig.data) and any(t.name == "старт" for t in fig.data)
    assert fig.layout.yaxis.scaleanchor == "x"  # contours keep their true shape


def test_the_race_slider_shows_its_step_number_and_no_smudge_of_marks():
    """The race's slider has too many steps to write (its labels are transparent): its step
    counter took their colour and vanished, and hundreds of minor marks made a smudge."""
    surface = SURFACES["rosenbrock"]
    results = race(surface, [Contestant("sgd", 1e-3)], surface.start, steps=300)
    slider = race_figure(surface, results, ["SGD"], labels=LABELS, steps=300).layout.sliders[0]
    assert slider.font.color == "rgba(0,0,0,0)"  # too many labels to write
    assert slider.currentvalue.font.color == "#222222" and slider.currentvalue.visible is not False
    assert slider.ticklen == 0 and slider.minorticklen == 0


def test_loss_chart_and_3d_view():
    surface = SURFACES["saddle"]  # losses go negative: a linear scale
    results = race(surface, [Contestant("sgd", 0.1)], surface.start, steps=50)
    loss = race_loss_figure([r.losses for r in results], ["SGD"], labels=LABELS)
    assert loss.layout.yaxis.type == "linear"
    np.testing.assert_allclose(loss.data[0].y, results[0].losses)
    bowl = SURFACES["quadratic"]
    results = race(bowl, [Contestant("adam", 0.1)], bowl.start, steps=50)
    assert race_loss_figure([r.losses for r in results], ["Adam"], labels=LABELS).layout.yaxis.type == "log"
    three_d = race_surface_figure(bowl, results, ["Adam"], labels=LABELS)
    assert three_d.data[0].type == "surface" and three_d.data[1].type == "scatter3d"
    np.testing.assert_allclose(three_d.data[1].z, results[0].losses)


def test_batch_paths_are_drawn_over_the_mse_bowl():
    from core.figures.descent import batch_figure
    from core.nn.descent import minibatch_runs, regression_data

    data = regression_data(n=40, seed=3)
    runs = minibatch_runs(data, [40, 1], lr=0.02, epochs=5)
    fig = batch_figure(data, runs, ["batch", "SGD"], labels=LABELS)
    contour = fig.data[0]
    i, j = len(contour.y) // 2, len(contour.x) // 3
    assert contour.z[i][j] == pytest.approx(float(data.loss(contour.x[j], contour.y[i])))
    for trace, run in zip(fig.data[1:3], runs):
        np.testing.assert_allclose(np.column_stack([trace.x, trace.y]), run.path)
    star = next(t for t in fig.data if t.name == "минимум")
    np.testing.assert_allclose([star.x[0], star.y[0]], np.polyfit(data.x, data.y, 1))


@pytest.mark.parametrize(("curve", "lr", "start"), [("parabola", 1.1, 2.5), ("parabola", 1.1, -2.2),
                                                     ("two_valleys", 1.0, 2.2), ("parabola", 0.9, 2.5)])
def test_one_dimension_keeps_the_path_in_the_picture_or_says_what_left_it(curve, lr, start):
    """γ = 1.1 on the parabola grows x by 1.2 a step: the path was drawn far outside the fixed
    box [-3, 3]. The axes widen to cover it (the curve with them), up to five half-boxes; any
    step beyond that is named in a note with how far x went."""
    curve = CURVES[curve]
    run = descend_1d(curve, lr, start, steps=20)
    fig = one_d_figure(curve, run, labels={"off_picture": "{n} off, |x| {x}"})
    lo, hi = fig.layout.xaxis.range
    assert lo <= curve.box[0] and hi >= curve.box[1]
    drawn = np.asarray(fig.data[0].x)
    assert drawn.min() == pytest.approx(lo) and drawn.max() == pytest.approx(hi)  # the curve spans the axes
    off = int(np.count_nonzero((run.xs < lo) | (run.xs > hi)))
    inside = run.xs[(run.xs >= lo) & (run.xs <= hi)]
    y_lo, y_hi = fig.layout.yaxis.range
    assert np.all((curve.f(inside) >= y_lo) & (curve.f(inside) <= y_hi))
    notes = [a.text for a in fig.layout.annotations]
    if off:
        assert notes == [f"{off} off, |x| {float(np.max(np.abs(run.xs))):.3g}"]
    else:
        assert notes == []
    if lr == 1.1 and curve.name == "parabola":
        assert off > 0 and np.abs(inside).max() > 3.0 and len(inside) >= 8  # the growing steps seen, the rest named
