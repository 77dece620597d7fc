"""Chart exports: CSV of any figure's data, and the projector version of any figure."""

import csv
import io

import numpy as np
import plotly.graph_objects as go
import pytest

from core.figures.export import COLUMNS, figure_csv
from core.figures.presenting import FONT_SCALE, LINE_SCALE, MARKER_SCALE, for_projector
from core.figures.theme import FONT_SIZE


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_heatmap_exports_one_row_per_cell_with_its_labels():
    z = np.array([[0.1, 2.0, 3.0], [4.0, 5.5, 1e-7]])
    rows = _rows(figure_csv(go.Figure(go.Heatmap(z=z, x=["a", "b", "c"], y=["r", "s"], name="cos"))))
    assert len(rows) == 6
    assert {(r["y"], r["x"]): float(r["z"]) for r in rows} == {
        (y, x): z[i, j] for i, y in enumerate("rs") for j, x in enumerate("abc")
    }
    assert rows[5]["z"] == "1e-07"  # full precision, not the picture's rounding


def test_points_keep_their_text_and_every_trace_is_there():
    figure = go.Figure([
        go.Scatter(x=[1.5, 2.25], y=[3, 4], text=["кот", "a,\"b\""], name="words"),
        go.Bar(x=["x", "y"], y=[7, 8]),
        go.Scatter3d(x=[0], y=[1], z=[2]),
    ])
    rows = _rows(figure_csv(figure))
    assert [r["trace"] for r in rows] == ["0", "0", "1", "1", "2"]
    assert rows[0]["name"] == "words" and rows[0]["text"] == "кот" and float(rows[0]["x"]) == 1.5
    assert rows[1]["text"] == 'a,"b"'  # quoted, not split
    assert rows[4]["z"] == "2"


def test_a_typed_formula_stays_text_in_a_spreadsheet():
    rows = _rows(figure_csv(go.Figure(go.Scatter(x=[1, 2, 3], y=[-1, 2, 3], text=["=1+1", "+cmd", "@sum"]))))
    assert [r["text"] for r in rows] == ["'=1+1", "'+cmd", "'@sum"]
    assert rows[0]["y"] == "-1"  # a negative number is a number, not a formula


def test_an_empty_figure_exports_just_the_header():
    assert figure_csv(go.Figure()) == ",".join(COLUMNS) + "\n"


def test_for_projector_enlarges_text_lines_and_points_and_leaves_the_original():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[1, 2], line=dict(width=2), marker=dict(size=[4, 8]),
                                  textfont=dict(size=10)))
    figure.update_layout(title=dict(text="t", font=dict(size=20)))
    big = for_projector(figure)
    assert big.data[0].line.width == pytest.approx(2 * LINE_SCALE)
    assert list(big.data[0].marker.size) == pytest.approx([4 * MARKER_SCALE, 8 * MARKER_SCALE])
    assert big.data[0].textfont.size == pytest.approx(10 * FONT_SCALE)
    assert big.layout.title.font.size == pytest.approx(20 * FONT_SCALE)
    assert big.layout.template.layout.font.size == pytest.approx(FONT_SIZE * FONT_SCALE)
    assert big.layout.template.layout.font.color == "#000000"
    assert figure.data[0].line.width == 2 and figure.layout.title.font.size == 20  # untouched


def test_for_projector_gives_the_larger_text_larger_margins_and_keeps_the_plot_size():
    """Presenting clipped chart text: the playground's "loss" and "accuracy" printed over their
    tick labels, kept inside margins sized for the usual text. Margins grow with the text."""
    from core.figures.theme import use_vectorlab_template

    use_vectorlab_template()
    figure = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))
    figure.update_layout(height=400, margin=dict(l=60, t=30, b=110))  # r from the template
    big = for_projector(figure)
    template_r = figure.layout.template.layout.margin.r
    assert (big.layout.margin.l, big.layout.margin.t, big.layout.margin.b) == (84, 42, 154)
    assert big.layout.margin.r == round(template_r * FONT_SCALE)
    plot_height = lambda f: f.layout.height - f.layout.margin.t - f.layout.margin.b  # noqa: E731
    assert plot_height(big) == plot_height(figure)
    assert figure.layout.margin.l == 60 and figure.layout.height == 400  # untouched


def test_for_projector_leaves_a_3d_scene_its_margins():
    figure = go.Figure(go.Scatter3d(x=[0], y=[1], z=[2]))
    figure.update_layout(height=500, margin=dict(l=0, r=0, t=60, b=0))
    big = for_projector(figure)
    assert big.layout.height == 500 and big.layout.margin.t == 60


def test_for_projector_also_thickens_lines_that_use_plotlys_defaults():
    big = for_projector(go.Figure(go.Scatter(x=[1, 2], y=[1, 2])))
    assert big.data[0].line.width > 2 and big.data[0].marker.size > 6


def test_every_chart_of_the_app_survives_the_projector():
    """Real figures from the app's figure modules keep their traces and data."""
    from core.figures.activations import activation_figure
    from core.nn.activations import ACTIVATIONS

    figure = activation_figure(ACTIVATIONS["tanh"])
    big = for_projector(figure)
    assert len(big.data) == len(figure.data)
    np.testing.assert_array_equal(np.asarray(big.data[0].y, dtype=float), np.asarray(figure.data[0].y, dtype=float))
