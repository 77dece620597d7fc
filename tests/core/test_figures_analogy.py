"""Figures of the Analogies page."""

import itertools

import numpy as np
import pytest

from core.embeddings import load_vectors
from core.embeddings.analogy import analogy_picture, axis_coordinates
from core.embeddings.analogy_gallery import GALLERY
from core.embeddings.default_words import first_known_analogy
from core.figures.analogy import PLOT_WIDTH, answers_figure, axes_figure, parallelogram_figure
from core.figures.label_places import PLACES, label_box, place_labels
from core.figures.presenting import for_projector
from tests.app.apptest import plotly_array

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


def _plot(fig, width: float | None = None) -> np.ndarray:
    """The plot area's (width, height) in pixels: PLOT_WIDTH, or what a chart `width` pixels
    wide leaves between its margins."""
    layout = fig.layout
    plot_width = PLOT_WIDTH if width is None else width - layout.margin.l - layout.margin.r
    return np.array([plot_width, layout.height - layout.margin.t - layout.margin.b], dtype=float)


def _to_pixels(fig, plot: np.ndarray):
    """data (x, y) -> pixels (y upwards, from the plot's bottom left), as plotly draws them."""
    layout = fig.layout
    x0, x1 = layout.xaxis.range
    y0, y1 = layout.yaxis.range
    scale = plot / [x1 - x0, y1 - y0]
    if layout.yaxis.scaleanchor == "x":
        scale[:] = scale.min()
    centre = np.array([x0 + x1, y0 + y1]) / 2
    return lambda x, y: (np.array([x, y], dtype=float) - centre) * scale + plot / 2


def _label_boxes(fig, width: float | None = None) -> list[tuple[str, np.ndarray]]:
    """Every drawn label's box in pixels, from the figure alone: its axis ranges (one scale on
    both axes when y is anchored to x), each point's text, place, marker and font size."""
    to_pixels = _to_pixels(fig, _plot(fig, width))
    boxes = []
    for trace in fig.data:
        if not trace.mode or "text" not in trace.mode:
            continue
        templates = trace.texttemplate if isinstance(trace.texttemplate, tuple) else [trace.texttemplate] * len(trace.x)
        places = trace.textposition if isinstance(trace.textposition, tuple) else [trace.textposition] * len(trace.x)
        xs, ys = plotly_array(trace.x), plotly_array(trace.y)  # the projector's copy holds typed arrays
        for x, y, text, place, template in zip(xs, ys, trace.text, places, templates):
            if template == "":
                continue
            px, py = to_pixels(x, y)
            boxes.append((text, label_box(px, py, text, place, trace.textfont.size, trace.marker.size)))
    return boxes


def _overlapping(boxes):
    return [(a, b) for (a, p), (b, q) in itertools.combinations(boxes, 2)
            if min(p[2], q[2]) > max(p[0], q[0]) and min(p[3], q[3]) > max(p[1], q[1])]


def test_crowded_russian_labels_do_not_overlap():
    """Issue 20: королева, королевы and елизавета sit within a label's width of each other in
    navec's parallelogram, and all three labels were printed above their markers."""
    words = ["король", "женщина", "мужчина", "королева", "елизавета", "королевы", "перезаморозка",
             "король − мужчина + женщина"]
    roles = ["added", "added", "subtracted", "answer", "neighbour", "neighbour", "neighbour", "target"]
    points = np.array([[-0.25, -0.55], [0.71, -0.08], [0.91, 0.08], [-0.28, 0.17], [-0.2, 0.19], [-0.18, 0.14],
                       [-0.37, 0.61], [-0.33, -0.56]])
    fig = parallelogram_figure(words, roles, points)
    boxes = _label_boxes(fig)
    assert _overlapping(boxes) == []
    shown = [text for text, _ in boxes]
    # the computed vector's long label has no place off the arrows beside король: it is named in
    # the legend and on hover
    assert {"король", "женщина", "мужчина", "королева"} <= set(shown)


@pytest.mark.parametrize(("model", "language"), [("navec-ru-300", "ru"), ("glove-en-50", "en")])
def test_no_gallery_parallelogram_or_axes_picture_has_overlapping_labels(model, language):
    kv = load_vectors(model)
    for item in GALLERY[language]:
        picture = analogy_picture(kv, item.positive, item.negative, item.expected)
        fig = parallelogram_figure(picture.words, picture.roles, picture.points)
        boxes = _label_boxes(fig)
        assert _overlapping(boxes) == [], item
        assert _overlapping(_label_boxes(for_projector(fig))) == [], item  # the presenting switch's larger text
        main = {w for w, r in zip(picture.words, picture.roles) if r in ("added", "subtracted", "answer")}
        assert main <= {text for text, _ in boxes}, item  # the question's words and the answer are labelled
        shown = [w for w, r in zip(picture.words, picture.roles) if r != "target"]
        roles = [r for r in picture.roles if r != "target"]
        coords = axis_coordinates(kv, shown, (item.b, item.c), (item.b, item.a))
        assert _overlapping(_label_boxes(axes_figure(shown, roles, coords, "x", "y"))) == [], item


def test_labels_take_free_places_in_order_and_give_up_only_when_optional():
    # three markers in a row, 20 px apart: the middle label cannot go above beside its neighbours
    pixels = np.array([[100.0, 100.0], [120.0, 100.0], [140.0, 100.0]])
    places = place_labels(pixels, ["alpha", "beta", "gamma"], [13] * 3, [10] * 3, [False, False, True])
    assert places[0] == "top center" and places[1] == "bottom center"
    assert places[2] is None or places[2] in PLACES
    boxes = [label_box(*pixels[i], t, p, 13, 10) for i, (t, p) in enumerate(zip(["alpha", "beta", "gamma"], places)) if p]
    assert _overlapping(list(zip("abc", boxes))) == []


def _drawn_arrows(fig, width: float) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Each arrow's line (start, end, half its width) and head (a triangle), in pixels, as plotly
    draws arrowhead 3: 'M-4.45,-3L-1.65,-0.2V0.2L-4.45,3L1.55,0Z' scaled by arrowsize x
    arrowwidth, its tip on the arrow's end."""
    to_pixels = _to_pixels(fig, _plot(fig, width))
    drawn = []
    for note in fig.layout.annotations:
        assert note.arrowhead == 3
        start, end = to_pixels(note.ax, note.ay), to_pixels(note.x, note.y)
        along = (end - start) / np.hypot(*(end - start))
        across = np.array([-along[1], along[0]])
        unit = note.arrowsize * note.arrowwidth
        tip = end  # 1.55 units ahead of the head's origin, which plotly backs off by 1.55 units
        back = tip - 6 * unit * along
        head = np.array([tip, back + 3 * unit * across, back - 3 * unit * across])
        drawn.append((np.array([start, end]), note.arrowwidth / 2, head))
    return drawn


def _segment_meets_box(segment: np.ndarray, half_width: float, box: np.ndarray) -> bool:
    """Liang-Barsky: does the segment, `half_width` thick, pass through the box?"""
    left, bottom, right, top = box[0] - half_width, box[1] - half_width, box[2] + half_width, box[3] + half_width
    (x0, y0), (x1, y1) = segment
    low, high = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - left), (x1 - x0, right - x0), (y0 - y1, y0 - bottom), (y1 - y0, top - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _triangle_meets_box(triangle: np.ndarray, box: np.ndarray) -> bool:
    """Separating axes: the box's two and the triangle's three edge normals."""
    corners = np.array([[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]]])
    edges = triangle - np.roll(triangle, 1, axis=0)
    for axis in [np.array([1.0, 0.0]), np.array([0.0, 1.0]), *(np.array([-e[1], e[0]]) for e in edges)]:
        a, b = triangle @ axis, corners @ axis
        if a.max() <= b.min() or b.max() <= a.min():
            return False
    return True


def _defaults():
    for model, language in (("navec-ru-300", "ru"), ("glove-en-50", "en")):
        kv = load_vectors(model)
        item = first_known_analogy(kv, language)
        yield (item.a, item.b, item.c), analogy_picture(kv, item.positive, item.negative, item.expected)


@pytest.mark.parametrize("present", [False, True], ids=["usual", "presenting"])
def test_the_default_parallelograms_labels_keep_off_the_arrows_and_inside_the_plot(present):
    """Issue: in navec's король − мужчина + женщина, "король" sat on the pink line and an arrow
    head, "королевы" crossed the blue arrow, and in Presenting mode "женщина" sat on the orange
    arrow and "король − мужчина + женщина" touched the plot's bottom. Checked on the laptop's
    column and a 1920-pixel screen's, in the figure as shown (the projector's copy when
    presenting: larger text and margins, the same arrows)."""
    pictures = dict(_defaults())
    assert set(pictures) == {("король", "мужчина", "женщина"), ("king", "man", "woman")}
    for words, picture in pictures.items():
        fig = parallelogram_figure(picture.words, picture.roles, picture.points)
        shown = for_projector(fig) if present else fig
        for chart_width in (PLOT_WIDTH + 70, 1070):  # the chart's width, margins included (70 px usually)
            boxes = _label_boxes(shown, chart_width)
            plot = _plot(shown, chart_width)
            assert {w for w, r in zip(picture.words, picture.roles) if r in ("added", "subtracted", "answer")} <= {
                text for text, _ in boxes}, words
            assert _overlapping(boxes) == [], (words, chart_width)
            outside = [text for text, box in boxes if box[0] < 0 or box[1] < 0 or box[2] > plot[0] or box[3] > plot[1]]
            assert outside == [], (words, chart_width)
            arrows = _drawn_arrows(shown, chart_width)
            crossed = [(text, k) for text, box in boxes for k, (line, half, head) in enumerate(arrows)
                       if _segment_meets_box(line, half, box) or _triangle_meets_box(head, box)]
            assert crossed == [], (words, chart_width)
