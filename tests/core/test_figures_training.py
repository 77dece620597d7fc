"""Figures of the Train embeddings page: what is drawn where, from plain data."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest

from core.embeddings.counting import RatioRow
from core.embeddings.training import BandScore
from core.figures.training import (
    analogies_figure, bands_figure, counts_heatmap, epochs_figure, noise_figure, ratios_figure, sgns_step_figure,
)


def test_counts_heatmap_shows_the_matrix_with_blank_zero_cells():
    words = ["ice", "steam", "water"]
    matrix = np.array([[0, 3, 12], [3, 0, 0.5], [12, 0.5, 0]])
    fig = counts_heatmap(words, matrix)
    assert isinstance(fig, go.Figure) and len(fig.data) == 1
    heat = fig.data[0]
    assert np.array_equal(np.asarray(heat.z), matrix)
    assert list(heat.x) == list(heat.y) == words
    assert [list(row) for row in heat.text] == [["", "3", "12"], ["3", "", "0.5"], ["12", "0.5", ""]]
    assert (heat.zmin, heat.zmax) == (0, 12)
    assert heat.colorbar.title.text == "count"
    translated = counts_heatmap(words, matrix, labels={"ppmi": "ППМИ"}, value="ppmi")
    assert translated.data[0].colorbar.title.text == "ППМИ"


def test_an_all_zero_heatmap_still_has_a_colour_range():
    fig = counts_heatmap(["a", "b"], np.zeros((2, 2)))
    assert fig.data[0].zmax == 1.0 and {c for row in fig.data[0].text for c in row} == {""}


@pytest.mark.parametrize("alpha", [0.75, 0.3])
def test_noise_figure_flattens_raw_frequencies_towards_uniform(alpha):
    words = ["cat", "the", "zebra", "a", "sat"]
    counts = np.array([20.0, 500.0, 1.0, 300.0, 40.0])
    fig = noise_figure(words, counts, alpha)
    assert isinstance(fig, go.Figure) and len(fig.data) == 3
    raw, uniform, flattened = fig.data
    for trace in fig.data:
        assert sum(trace.y) == pytest.approx(1.0)
        assert list(trace.x) == [1, 2, 3, 4, 5]
        assert list(trace.customdata) == ["the", "a", "sat", "cat", "zebra"]  # most frequent first
    assert np.allclose(raw.y, np.sort(counts)[::-1] / counts.sum())
    assert np.allclose(uniform.y, 0.2)
    weights = np.sort(counts)[::-1] ** alpha
    assert np.allclose(flattened.y, weights / weights.sum())
    assert uniform.y[0] < flattened.y[0] < raw.y[0]  # the most frequent word is drawn less often
    assert raw.y[-1] < flattened.y[-1] < uniform.y[-1]  # and the rarest more often
    assert flattened.name == f"α = {alpha}"
    assert fig.layout.xaxis.type == fig.layout.yaxis.type == "log"


def test_noise_figure_labels_are_translated():
    fig = noise_figure(["a", "b"], np.array([3.0, 1.0]), 0.5,
                       labels={"unigram": "α = 1 (частоты)", "rank": "ранг слова"})
    assert fig.data[0].name == "α = 1 (частоты)" and fig.data[1].name == "α = 0 (uniform)"
    assert fig.layout.xaxis.title.text == "ранг слова"


def test_sgns_step_draws_one_arrow_per_word_from_before_to_after():
    words = ["cat", "jam", "Tolstoy", "matrix"]
    roles = ["target", "context", "negative", "negative"]
    before = np.array([[0.5, -1.0], [1.2, 0.3], [-0.4, 0.8], [2.0, 1.5]])
    after = np.array([[0.7, -0.6], [1.0, 0.1], [-0.9, 1.1], [2.4, 1.9]])
    fig = sgns_step_figure(words, roles, before, after, labels={"negative": "отрицательное"})
    arrows = [((a.ax, a.ay), (a.x, a.y)) for a in fig.layout.annotations]
    assert arrows == [(tuple(b), tuple(a)) for b, a in zip(before, after)]
    assert all(a.showarrow and a.axref == "x" and a.ayref == "y" for a in fig.layout.annotations)
    named = {tr.name: (list(tr.x), list(tr.y), list(tr.text)) for tr in fig.data if tr.name}
    assert named["отрицательное"] == ([-0.9, 2.4], [1.1, 1.9], ["Tolstoy", "matrix"])
    assert named["target"] == ([0.7], [-0.6], ["cat"])
    assert named["отрицательное · before"] == ([-0.4, 2.0], [0.8, 1.5], ["Tolstoy", "matrix"])
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    points = np.vstack([before, after, [[0, 0]]])
    assert x0 < points[:, 0].min() and x1 > points[:, 0].max()
    assert y0 < points[:, 1].min() and y1 > points[:, 1].max()


@pytest.fixture(scope="module")
def moving():
    rng = np.random.default_rng(0)
    coordinates = np.cumsum(rng.normal(size=(6, 9, 2)), axis=0)  # 5 epochs + the start, 9 words
    words = [f"w{i}" for i in range(9)]
    return coordinates, words


def test_epochs_figure_has_one_frame_per_snapshot_with_its_coordinates(moving):
    coordinates, words = moving
    fig = epochs_figure(coordinates, words, highlighted=["w2", "w5"])
    assert isinstance(fig, go.Figure)
    assert [f.name for f in fig.frames] == [str(e) for e in range(6)]
    for epoch, frame in enumerate(fig.frames):
        (trace,) = frame.data
        assert np.array_equal(np.column_stack([trace.x, trace.y]), coordinates[epoch])
        assert list(trace.customdata) == words
    assert np.array_equal(np.column_stack([fig.data[0].x, fig.data[0].y]), coordinates[-1])
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [str(e) for e in range(6)]
    assert [list(s.args[0]) for s in steps] == [[str(e)] for e in range(6)]  # each step shows its frame
    assert fig.layout.sliders[0].active == 5
    assert list(fig.data[0].text) == ["", "", "w2", "", "", "w5", "", "", ""]
    assert [s for s in fig.data[0].marker.size if s > 6] == [11, 11]
    (x0, x1), (y0, y1) = fig.layout.xaxis.range, fig.layout.yaxis.range
    flat = coordinates.reshape(-1, 2)
    assert x0 < flat[:, 0].min() and x1 > flat[:, 0].max() and y0 < flat[:, 1].min() and y1 > flat[:, 1].max()


def test_epochs_figure_groups_words_into_traces(moving):
    coordinates, words = moving
    groups = ["royal", "common", "royal", "common", "common", "royal", "royal", "common", "royal"]
    fig = epochs_figure(coordinates, words, highlighted=words, groups=groups, labels={"epoch": "эпоха"})
    assert [tr.name for tr in fig.data] == ["common", "royal"]
    assert fig.data[0].marker.color != fig.data[1].marker.color
    for epoch, frame in enumerate(fig.frames):
        for trace in frame.data:
            rows = [i for i, g in enumerate(groups) if g == trace.name]
            assert list(trace.customdata) == [words[i] for i in rows]
            assert list(trace.text) == [words[i] for i in rows]  # every word highlighted
            assert np.array_equal(np.column_stack([trace.x, trace.y]), coordinates[epoch][rows])
    assert fig.layout.sliders[0].currentvalue.prefix == "эпоха: "


def test_bands_figure_draws_both_architectures_on_both_bands():
    scores = [BandScore("frequent", 100, 0.61, 0.58), BandScore("rare", 100, 0.42, 0.17)]
    fig = bands_figure(scores, labels={"rare": "редкие", "cbow": "CBOW (мешок)"})
    assert [tr.type for tr in fig.data] == ["bar", "bar"]
    assert [tr.name for tr in fig.data] == ["skip-gram", "CBOW (мешок)"]
    assert list(fig.data[0].x) == list(fig.data[1].x) == ["frequent", "редкие"]
    assert list(fig.data[0].y) == [0.61, 0.42] and list(fig.data[1].y) == [0.58, 0.17]
    assert fig.layout.barmode == "group"


def test_ratios_figure_grows_bars_from_one_on_a_log_axis():
    rows = [
        RatioRow("solid", 0.019, 0.000022, 0.019 / 0.000022),
        RatioRow("gas", 0.000066, 0.0078, 0.000066 / 0.0078),
        RatioRow("water", 0.003, 0.0022, 0.003 / 0.0022),
        RatioRow("only-ice", 0.01, 0.0, math.inf),
        RatioRow("neither", 0.0, 0.0, math.nan),
    ]
    fig = ratios_figure(rows, "ice", "steam", labels={"probe": "пробное слово k"})
    (bars,) = [tr for tr in fig.data if tr.type == "bar"]
    assert list(bars.x) == ["solid", "gas", "water"]
    assert bars.base == 1
    assert np.allclose(np.asarray(bars.y) + bars.base, [r.ratio for r in rows[:3]])
    assert np.allclose(bars.customdata, [r.ratio for r in rows[:3]])
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.yaxis.title.text == "P(k | ice) / P(k | steam)"
    assert fig.layout.xaxis.title.text == "пробное слово k"
    above, below = bars.marker.color[0], bars.marker.color[1]
    assert above != below and bars.marker.color[2] == above  # above 1 one colour, below 1 another


def test_analogies_figure_plots_percentages_by_epoch():
    shares = np.array([0.0, 0.125, 0.5, 0.75])
    fig = analogies_figure(shares, labels={"solved": "решено аналогий"})
    (line,) = fig.data
    assert list(line.x) == [0, 1, 2, 3]
    assert np.allclose(line.y, [0.0, 12.5, 50.0, 75.0])
    assert fig.layout.yaxis.title.text == "решено аналогий" and fig.layout.xaxis.title.text == "epoch"
    assert tuple(fig.layout.yaxis.range) == (0, 102)


def test_ratios_figure_labels_only_1_2_5_of_each_decade():
    """Over one or two decades plotly labels every digit of a log axis: at 300 px the 9, 8 and
    7 under 1 ran into each other and into 0.1 (the Russian page's default probes)."""
    rows = [RatioRow("sharon", 0.00949, 0.00314, 3.02), RatioRow("arafat", 0.00136, 0.011, 0.123)]
    axis = ratios_figure(rows, "israeli", "palestinian").layout.yaxis
    assert list(axis.tickvals) == [0.1, 0.2, 0.5, 1, 2, 5]
    assert list(axis.ticktext) == ["0.1", "0.2", "0.5", "1", "2", "5"]  # whole, not "5" for 0.5
