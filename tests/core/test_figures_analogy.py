"""Figures of the Analogies page."""

import numpy as np

from core.figures.analogy import answers_figure, axes_figure, parallelogram_figure

WORDS = ["king", "woman", "man", "queen", "king − man + woman"]
ROLES = ["added", "added", "subtracted", "answer", "target"]
POINTS = np.array([[1.0, 1.0], [0.0, 0.0], [0.0, 1.0], [1.0, 0.1], [1.1, 0.0]])


def _arrows(fig):
    return [((a.ax, a.ay), (a.x, a.y)) for a in fig.layout.annotations]


def test_the_parallelogram_has_its_four_sides_and_the_real_landing():
    arrows = _arrows(parallelogram_figure(WORDS, ROLES, POINTS))
    man, king, woman, queen, target = (tuple(POINTS[i]) for i in (2, 0, 1, 3, 4))
    assert set(arrows) == {(man, king), (woman, queen), (man, woman), (king, queen), (woman, target)}


def test_without_three_words_there_is_no_parallelogram():
    fig = parallelogram_figure(["a", "b", "c", "d"], ["added", "added", "added", "target"], POINTS[:4])
    assert not fig.layout.annotations
    assert [tr.name for tr in fig.data] == ["added", "the computed vector"]


def test_every_role_keeps_its_style_and_name():
    fig = axes_figure(WORDS[:4], ROLES[:4], POINTS[:4], "man → woman", "man → king", labels={"answer": "ответ"})
    names = {tr.name: list(tr.text) for tr in fig.data}
    assert names == {"added": ["king", "woman"], "subtracted": ["man"], "ответ": ["queen"]}
    assert fig.layout.xaxis.title.text == "man → woman"


def test_answers_highlight_the_expected_word():
    fig = answers_figure([("queen", 0.85), ("throne", 0.77)], highlight="queen")
    assert list(fig.data[0].marker.color) == ["#009E73", "#0072B2"]
    assert list(fig.data[0].y) == ["queen", "throne"]
