"""Figures of the Word senses page: the map shows every neighbour once in its sense's colour,
names every sense's central words, keeps labels apart and escapes words; bars and the α chart
carry the numbers they are given."""

from __future__ import annotations

import numpy as np
import pytest

from core.embeddings import load_vectors
from core.embeddings.word_senses import neighbourhood_plane, split_senses
from core.figures.label_places import label_box
from core.figures.senses import (
    LABEL_SIZE, LEGEND_ROW, NEIGHBOUR_SIZE, PLOT_WIDTHS, MAP_HEIGHT, MAP_MARGIN, WORD_SIZE, _ranges,
    sense_bars_figure, sense_color, sense_map_figure, sense_title, senses_by_alpha_figure,
)


@pytest.fixture(scope="module")
def python_split():
    return split_senses(load_vectors("glove-en-50"), "python", 60)


def _map(split, **kwargs):
    return sense_map_figure(neighbourhood_plane(split), split.word, split.neighbours, split.sense_of,
                            [s.name for s in split.senses], split.edges, split.similarities, **kwargs)


def test_every_neighbour_is_drawn_once_in_its_senses_colour(python_split):
    fig = _map(python_split)
    senses = [tr for tr in fig.data if tr.name and tr.name.startswith("sense")]
    assert len(senses) == len(python_split.senses)
    drawn = [c[0] for tr in senses for c in tr.customdata]
    assert sorted(drawn) == sorted(python_split.neighbours)
    for s, trace in enumerate(senses):
        assert trace.marker.color == sense_color(s)
        assert trace.name == sense_title(s, python_split.senses[s].name)
        assert {c[0] for c in trace.customdata} == set(python_split.senses[s].words)
    word = fig.data[-1]
    assert word.marker.symbol == "star" and "python" in word.text[0]
    # the legend's lines (a sense each, and the word) are added to the figure, not taken from the plot
    assert fig.layout.height == MAP_HEIGHT + LEGEND_ROW * (len(senses) + 1)
    graph = fig.data[0]
    assert graph.mode == "lines" and len(graph.x) == 3 * len(python_split.edges)


def test_every_senses_name_is_labelled_and_labels_keep_apart(python_split):
    fig = _map(python_split)
    plane = neighbourhood_plane(python_split)
    shown = {}
    for trace in fig.data[1:-1]:
        for text, place, data in zip(trace.text, trace.textposition, trace.customdata):
            if text:
                shown[data[0]] = place
    for sense in python_split.senses:
        assert set(sense.name) <= set(shown), sense.name
    # at the narrowest width no two shown labels cover each other (boxes estimated as placed)
    index = {w: i + 1 for i, w in enumerate(python_split.neighbours)}
    x_range, y_range = _ranges(plane)
    plot = np.array([PLOT_WIDTHS[0], MAP_HEIGHT - MAP_MARGIN["t"] - MAP_MARGIN["b"]])
    low, spans = np.array([x_range[0], y_range[0]]), np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]])
    boxes = [label_box(*((plane[index[w]] - low) / spans * plot), w, place, LABEL_SIZE, NEIGHBOUR_SIZE)
             for w, place in shown.items()]
    word_place = fig.data[-1].textposition
    boxes.append(label_box(*((plane[0] - low) / spans * plot), "python", word_place, LABEL_SIZE, WORD_SIZE))
    for a in range(len(boxes)):
        for b in range(a + 1, len(boxes)):
            left, bottom = np.maximum(boxes[a][:2], boxes[b][:2])
            right, top = np.minimum(boxes[a][2:], boxes[b][2:])
            assert right <= left or top <= bottom, (a, b)


def test_words_are_escaped_for_plotly():
    plane = np.array([[0.0, 0.0], [1.0, 0.5], [0.5, 1.0], [-1.0, 0.2]])
    fig = sense_map_figure(plane, "<b>x</b>", ["<i>a", "b&c", "d"], [0, 0, 1], [["<i>a", "b&c"], ["d"]])
    texts = [t for tr in fig.data for t in (tr.text or ()) if t]
    names = [tr.name for tr in fig.data]
    assert all("<i>" not in t for t in texts + names)
    assert any("&lt;i&gt;a" in t for t in texts)
    assert "<b>&lt;b&gt;x&lt;/b&gt;</b>" in fig.data[-1].text[0]


def test_bars_carry_values_in_order_with_the_chosen_one_outlined():
    fig = sense_bars_figure(["sense 1 · a", "sense 2 · <b>"], [0.25, 0.75], "share", highlight=1)
    bar = fig.data[0]
    assert list(bar.x) == [0.25, 0.75]
    assert list(bar.y) == ["sense 1 · a", "sense 2 · &lt;b&gt;"]
    assert list(bar.text) == ["0.25", "0.75"]
    assert list(bar.marker.line.width) == [0, 2.5]
    assert list(bar.marker.color) == [sense_color(0), sense_color(1)]
    assert fig.layout.yaxis.autorange == "reversed"  # the first sense on top
    assert fig.layout.xaxis.title.text == "share"


def test_bars_with_negative_values_get_a_range_that_holds_them():
    fig = sense_bars_figure(["a", "b"], [-0.2, 0.6], "cosine", x_range=None)
    low, high = fig.layout.xaxis.range
    assert low <= -0.2 and high > 0.6


def test_senses_by_alpha_has_one_line_per_group_on_a_log_axis():
    fig = senses_by_alpha_figure([0.01, 0.1, 1.0], {"ambiguous": [1.0, 2.0, 3.0], "control": [1.0, 1.0, 1.5]},
                                 labels={"alpha": "α"})
    assert fig.layout.xaxis.type == "log" and fig.layout.xaxis.title.text == "α"
    assert [tr.name for tr in fig.data] == ["ambiguous", "control"]
    assert list(fig.data[0].y) == [1.0, 2.0, 3.0]
    assert fig.layout.yaxis.range[1] >= 3.0
    assert list(fig.layout.xaxis.tickvals) == [0.01, 0.1, 1.0] and list(fig.layout.xaxis.ticktext) == ["0.01", "0.1", "1"]
