"""Figures of the Texts pages: the similarity matrix and WMD as a flow, from plain arrays."""

import re
from collections import Counter

import numpy as np
import plotly.graph_objects as go
import pytest

from core.figures.label_places import label_box
from core.figures.texts import (
    COST_SCALE, PLANE_MARKER, PLANE_PLOT, PLANE_WORD_SIZE, SMALL_FONT_SIZE, _note_box, _word_box, cost_color,
    flow_arrows_figure, flow_figure, plan_heatmap, plane_pixels, similarity_heatmap, terms_table_rows,
)
from core.figures.theme import BLUE, DIVERGING, ORANGE

# Two short documents in the spirit of the paper's figure: A has a repeated word (weight 0.4).
WORDS_A = ["obama", "speaks", "media", "чикаго"]
WORDS_B = ["president", "greets", "press", "город"]
WEIGHTS_A = np.array([0.4, 0.2, 0.2, 0.2])
WEIGHTS_B = np.array([0.25, 0.25, 0.25, 0.25])
PLAN = np.array([
    [0.25, 0.05, 0.05, 0.05],
    [0.0, 0.2, 0.0, 0.0],
    [0.0, 0.0, 0.2, 0.0],
    [0.0, 0.0, 0.0, 0.2],
])
COST = np.array([
    [0.79, 1.19, 0.95, 1.17],
    [1.20, 1.13, 1.30, 1.25],
    [1.10, 1.05, 0.65, 1.15],
    [1.30, 1.22, 1.12, 0.83],
])
FLOWS = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 1), (2, 2), (3, 3)]


def _of(fig, meta):
    return [tr for tr in fig.data if tr.meta == meta]


def _luminance(color: str) -> float:
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _end_height(band, x):
    """Thickness of a band polygon at one of its ends."""
    ys = [y for xx, y in zip(band.x, band.y) if xx == x]
    return max(ys) - min(ys)


# --- similarity heatmap ----------------------------------------------------------------------


def test_similarity_heatmap_shows_the_matrix_on_the_diverging_scale():
    matrix = np.array([[1.0, 1.0, 0.31234, -0.2], [1.0, 1.0, 0.31234, -0.2],
                       [0.31234, 0.31234, 1.0, 0.0], [-0.2, -0.2, 0.0, 0.0]])
    short = ["dog bites man", "man bites dog", "a cat…", "a cat…"]  # two sentences shorten alike
    full = ["dog bites man", "man bites dog", "a cat sat on the mat", "a cat ate the mouse"]
    fig = similarity_heatmap(short, matrix, "Mean of word vectors", full_labels=full)
    assert isinstance(fig, go.Figure) and len(fig.data) == 1
    heat = fig.data[0]
    assert np.array_equal(np.asarray(heat.z), matrix)
    assert (heat.zmin, heat.zmax) == (-1, 1)
    assert [list(step) for step in heat.colorscale] == DIVERGING
    assert [list(row) for row in heat.text][0] == ["1", "1", "0.312", "-0.2"]
    # Both "a cat…" stay separate rows and columns: positions, not category names.
    assert list(heat.x) == list(heat.y) == [0, 1, 2, 3]
    assert list(fig.layout.xaxis.ticktext) == list(fig.layout.yaxis.ticktext) == short
    assert list(heat.customdata[2][3]) == ["a cat sat on the mat", "a cat ate the mouse"]
    assert fig.layout.title.text == "Mean of word vectors"
    assert fig.layout.xaxis.title.text == fig.layout.yaxis.title.text == "sentence"
    assert heat.colorbar.title.text == "cosine similarity"


def test_similarity_heatmap_labels_are_translated_and_hover_falls_back_to_short_labels():
    fig = similarity_heatmap(["кітап", "книга"], np.eye(2), "", labels={"sentence": "сөйлем", "cosine": "косинус"})
    assert fig.layout.xaxis.title.text == "сөйлем" and fig.data[0].colorbar.title.text == "косинус"
    assert list(fig.data[0].customdata[0][1]) == ["кітап", "книга"]
    assert "косинус" in fig.data[0].hovertemplate
    assert not fig.layout.title.text


# --- flow diagram --------------------------------------------------------------------------


def test_flow_has_one_band_per_flow_with_hover_text():
    fig = flow_figure(WORDS_A, WORDS_B, WEIGHTS_A, WEIGHTS_B, PLAN, COST)
    bands = _of(fig, "band")
    assert len(bands) == len(FLOWS) == np.count_nonzero(PLAN)
    assert [b.name for b in bands] == [f"{WORDS_A[i]} → {WORDS_B[j]}" for i, j in FLOWS]
    assert bands[0].text == "obama → president: mass 0.25, distance 0.79, m·d = 0.198"
    assert all(b.fill == "toself" and b.hoveron == "fills" for b in bands)
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible


def test_flow_band_thickness_follows_mass_and_a_words_bands_fill_its_weight():
    fig = flow_figure(WORDS_A, WORDS_B, WEIGHTS_A, WEIGHTS_B, PLAN, COST)
    bands = _of(fig, "band")
    left = [_end_height(b, 0.0) for b in bands]
    right = [_end_height(b, 1.0) for b in bands]
    masses = [PLAN[i, j] for i, j in FLOWS]
    assert np.allclose(left, right)
    ratio = np.array(left) / masses
    assert np.allclose(ratio, ratio[0])  # thickness ∝ mass, so monotone in it
    assert left[0] > left[1]  # 0.25 is drawn thicker than 0.05
    # At each word, its bands stack without overlapping and together are as thick as its weight.
    for i, weight in enumerate(WEIGHTS_A):
        slots = sorted((min(y for x, y in zip(b.x, b.y) if x == 0.0), max(y for x, y in zip(b.x, b.y) if x == 0.0))
                       for b, (a, _) in zip(bands, FLOWS) if a == i)
        assert all(low >= prev_high - 1e-12 for (_, prev_high), (low, _) in zip(slots, slots[1:]))
        assert slots[-1][1] - slots[0][0] == pytest.approx(weight * ratio[0])


def test_flow_band_colours_follow_the_cost():
    fig = flow_figure(WORDS_A, WORDS_B, WEIGHTS_A, WEIGHTS_B, PLAN, COST)
    bands = _of(fig, "band")
    costs = [COST[i, j] for i, j in FLOWS]
    top = max(costs)
    for band, c in zip(bands, costs):
        assert band.line.color == cost_color(c, 0.0, top)
        assert band.fillcolor.startswith("rgba(")
    by_cost = sorted(zip(costs, bands), key=lambda t: t[0])
    lum = [_luminance(b.line.color) for _, b in by_cost]
    assert all(a > b for a, b in zip(lum, lum[1:]))  # dearer moves are darker
    scale = _of(fig, "colour bar")[0].marker
    assert scale.showscale and (scale.cmin, scale.cmax) == (0.0, top)
    assert [list(s) for s in scale.colorscale] == COST_SCALE
    assert scale.colorbar.title.text == "distance"


def test_flow_weight_bars_are_proportional_to_weights_and_words_stand_in_two_columns():
    fig = flow_figure(WORDS_A, WORDS_B, WEIGHTS_A, WEIGHTS_B, PLAN, COST)
    left_bars, right_bars = _of(fig, "weight")
    assert np.allclose(np.abs(left_bars.x) / WEIGHTS_A, abs(left_bars.x[0]) / 0.4)
    assert np.allclose(np.abs(right_bars.x) / WEIGHTS_B, abs(left_bars.x[0]) / 0.4)  # one scale for both
    assert all(x < 0 for x in left_bars.x) and all(x > 0 for x in right_bars.x)  # growing outwards
    assert list(left_bars.text) == ["0.4", "0.2", "0.2", "0.2"]
    assert fig.layout.barmode == "overlay"  # not grouped: each bar beside its own word
    left_words, right_words = _of(fig, "word")
    assert list(left_words.text) == WORDS_A and list(right_words.text) == WORDS_B  # Cyrillic intact
    assert len(set(left_words.x)) == 1 and len(set(right_words.x)) == 1 and left_words.x[0] < 0 < 1 < right_words.x[0]
    assert all(a > b for a, b in zip(left_words.y, left_words.y[1:]))  # first word at the top
    assert np.allclose(left_bars.y, left_words.y) and np.allclose(right_bars.y, right_words.y)


def test_flow_columns_of_different_lengths_are_spread_evenly():
    plan = np.array([[0.5, 0.0, 0.0], [0.0, 0.25, 0.25]])
    fig = flow_figure(["a", "b"], ["x", "y", "z"], [0.5, 0.5], [0.5, 0.25, 0.25], plan, np.ones((2, 3)))
    left, right = _of(fig, "word")
    assert np.allclose(left.y, [0.75, 0.25]) and np.allclose(np.diff(right.y), -1 / 3)
    assert len(_of(fig, "band")) == 3


def test_flow_ignores_dust_and_translates_labels():
    plan = np.array([[1.0, 1e-15]])
    fig = flow_figure(["кітап"], ["книга", "book"], [1.0], [1.0, 0.0], plan, np.array([[0.0, 0.5]]),
                      labels={"distance": "қашықтық", "mass": "масса", "a": "A сөйлем"})
    bands = _of(fig, "band")
    assert len(bands) == 1 and bands[0].text.startswith("кітап → книга: масса 1, қашықтық 0")
    assert _of(fig, "colour bar")[0].marker.colorbar.title.text == "қашықтық"
    assert "A сөйлем" in [a.text.replace("<b>", "").replace("</b>", "") for a in fig.layout.annotations]
    assert bands[0].line.color == cost_color(0.0, 0.0, 1.0)  # a free move takes the light end


def test_flow_of_empty_documents_is_still_a_figure():
    fig = flow_figure([], ["x"], [], [1.0], np.zeros((0, 1)), np.zeros((0, 1)))
    assert not _of(fig, "band")


# --- arrows in 2-D -----------------------------------------------------------------------


def test_arrows_one_per_flow_from_a_to_b_labelled_with_the_true_distance():
    points_a = np.array([[0.0, 0.0], [-0.4, 0.0], [0.1, -0.5], [0.6, 0.5]])
    points_b = np.array([[0.0, -0.25], [-0.9, 0.4], [0.1, -0.45], [0.55, 0.3]])
    fig = flow_arrows_figure(WORDS_A, WORDS_B, points_a, points_b, PLAN, COST)
    arrows = [a for a in fig.layout.annotations if a.showarrow]
    notes = [a for a in fig.layout.annotations if not a.showarrow]
    assert len(arrows) == len(notes) == len(FLOWS)
    assert [((a.ax, a.ay), (a.x, a.y)) for a in arrows] == [
        (tuple(points_a[i]), tuple(points_b[j])) for i, j in FLOWS]
    assert all(a.axref == "x" and a.ayref == "y" for a in arrows)
    widths = [a.arrowwidth for a in arrows]
    masses = [PLAN[i, j] for i, j in FLOWS]
    assert all((wa > wb) == (ma > mb) for wa, ma in zip(widths, masses) for wb, mb in zip(widths, masses))
    assert [n.text for n in notes] == ["0.79", "1.19", "0.95", "1.17", "1.13", "0.65", "0.83"]
    for note, (i, j) in zip(notes, FLOWS):  # each distance sits by its own arrow, away from its ends
        start, end = points_a[i], points_b[j]
        fraction = np.dot(np.array([note.x, note.y]) - start, end - start) / np.dot(end - start, end - start)
        assert 0.2 <= fraction <= 0.8
        off = np.linalg.norm(start + fraction * (end - start) - [note.x, note.y])
        assert off < 0.1 * np.ptp(np.vstack([points_a, points_b]))  # on it, or just beside a short one


def _plane_boxes(fig, plot):
    """Every label of the word plane as a pixel box (words, with their marker, and distances),
    from the figure's positions and the texts' lengths, as place_labels estimates them."""
    x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
    words, markers = [], []
    for trace in fig.data:
        pixels = plane_pixels(np.column_stack([trace.x, trace.y]), x_range, y_range, plot)
        places = trace.textposition if isinstance(trace.textposition, tuple) else [trace.textposition] * len(pixels)
        shown = trace.texttemplate if isinstance(trace.texttemplate, tuple) else ["%{text}"] * len(pixels)
        for (x, y), text, place, template in zip(pixels, trace.text, places, shown):
            if template:  # an empty one: the word is an annotation, moved out of a crowd
                words.append((f"{trace.name}:{text}", label_box(x, y, text, place, PLANE_WORD_SIZE, PLANE_MARKER)))
            markers.append((f"{trace.name}:{text}", np.array([x - PLANE_MARKER / 2, y - PLANE_MARKER / 2,
                                            x + PLANE_MARKER / 2, y + PLANE_MARKER / 2])))
    for note in (a for a in fig.layout.annotations if a.name == "word"):  # moved out of a crowd, with a line
        (x, y), = plane_pixels(np.array([[note.x, note.y]]), x_range, y_range, plot)
        words.append((f"moved:{note.text}", _word_box((x + note.ax, y - note.ay), note.text)))
    notes = []
    for note in (a for a in fig.layout.annotations if not a.showarrow):
        (x, y), = plane_pixels(np.array([[note.x, note.y]]), x_range, y_range, plot)
        notes.append((note.text, _note_box(x, y, note.text)))
    return words, markers, notes


def _meet(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


@pytest.mark.parametrize("pair", [
    ("obama speaks media illinois", "president greets press chicago"),  # the English page's default
    ("this is a cat", "this is a dog"),
    ("stocks fell sharply monday", "markets dropped steeply tuesday"),
    # the Russian page's default: five of its nine words in one tight cluster
    ("президент выступил журналистами москве", "глава государства обратился прессе столице"),
])
@pytest.mark.parametrize("width", [PLANE_PLOT[0], 560.0])
def test_plane_labels_lie_on_no_other_label_or_marker(glove, navec, pair, width):
    """The WMD page's word plane: "greets" under an arrow head, "speaks" on "obama" and
    "media" on "0.651" and "press" before, "обратился" on "глава"; now no word's label meets
    another word's label, a distance or a marker, and no two distances meet."""
    from core.text.wmd import wmd
    from core.text.word_plane import word_plane
    a, b = pair[0].split(), pair[1].split()
    kv = navec if a[0] == "президент" else glove
    glove = kv
    result = wmd(kv, a, b)
    plane = word_plane(glove, [*result.words_a, *result.words_b])
    n = len(result.words_a)
    fig = flow_arrows_figure(result.words_a, result.words_b, plane[:n], plane[n:], result.plan, result.cost)
    words, markers, notes = _plane_boxes(fig, (width, PLANE_PLOT[1]))
    clashes = [(x, y) for k, (x, box) in enumerate(words) for y, other in [*words[k + 1:], *notes]
               if _meet(box, other)]
    clashes += [(x, y) for x, box in words for y, marker in markers if x != y and _meet(box, marker)]
    clashes += [(x, y) for k, (x, box) in enumerate(notes) for y, other in notes[k + 1:] if _meet(box, other)]
    assert not clashes


def test_arrows_points_in_two_colours_with_equal_aspect_and_axis_titles():
    points_a, points_b = np.arange(8.0).reshape(4, 2), -np.arange(8.0).reshape(4, 2)
    fig = flow_arrows_figure(WORDS_A, WORDS_B, points_a, points_b, PLAN, COST,
                             labels={"a": "первое", "x": "ось 1"})
    a, b = fig.data
    assert (a.name, b.name) == ("первое", "sentence B")
    assert a.marker.color == ORANGE and b.marker.color == BLUE
    assert list(a.text) == WORDS_A and list(b.text) == WORDS_B
    assert np.array_equal(a.x, points_a[:, 0]) and np.array_equal(b.y, points_b[:, 1])
    assert fig.layout.xaxis.title.text == "ось 1" and fig.layout.yaxis.title.text == "dimension 2"
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1


# --- the plan as a matrix, and its terms --------------------------------------------------


def test_plan_heatmap_shows_the_plan_with_blank_empty_cells_and_the_costs_in_hover():
    fig = plan_heatmap(WORDS_A, WORDS_B, PLAN, COST)
    heat = fig.data[0]
    assert np.array_equal(np.asarray(heat.z), PLAN)
    assert list(heat.text[0]) == ["0.25", "0.05", "0.05", "0.05"] and list(heat.text[1]) == ["", "0.2", "", ""]
    assert list(fig.layout.yaxis.ticktext) == WORDS_A and list(fig.layout.xaxis.ticktext) == WORDS_B
    assert list(heat.customdata[0][0]) == ["obama", "president", 0.79, pytest.approx(0.25 * 0.79)]
    assert "m·d" in heat.hovertemplate and heat.zmin == 0 and heat.zmax == 0.25
    assert fig.layout.yaxis.title.text == "sentence A" and heat.colorbar.title.text == "mass"


def test_plan_heatmap_without_costs_and_in_another_language():
    fig = plan_heatmap(["кітап"], ["книга"], np.array([[1.0]]), labels={"mass": "масса", "b": "Б"})
    heat = fig.data[0]
    assert "m·d" not in heat.hovertemplate and "масса" in heat.hovertemplate
    assert list(heat.customdata[0][0]) == ["кітап", "книга"]
    assert fig.layout.xaxis.title.text == "Б"


def test_terms_rows_sorted_by_contribution_and_summing_to_the_distance():
    rows = terms_table_rows(WORDS_A, WORDS_B, PLAN + 1e-14, COST)  # dust below 1e-12 is no flow
    assert len(rows) == len(FLOWS)
    contributions = [r[4] for r in rows]
    assert contributions == sorted(contributions, reverse=True)
    assert rows[0][:2] == ("speaks", "greets") and rows[0][4] == pytest.approx(0.2 * 1.13)
    assert all(r[4] == r[2] * r[3] for r in rows)
    assert abs(sum(contributions) - float(np.sum(PLAN * COST))) < 1e-12


def test_terms_rows_add_up_to_gensims_wmd(glove):
    ot = pytest.importorskip("ot")
    from scipy.spatial.distance import cdist

    a, b = "obama speaks media illinois obama".split(), "president greets press chicago".split()

    def nbow(tokens):
        counts = Counter(tokens)
        words = list(counts)
        weights = np.array([counts[w] for w in words], dtype=float)
        return words, weights / weights.sum(), np.array([glove.get_vector(w, norm=True) for w in words], float)

    words_a, da, va = nbow(a)
    words_b, db, vb = nbow(b)
    cost = cdist(va, vb)
    plan = ot.emd(da, db, cost)
    rows = terms_table_rows(words_a, words_b, plan, cost)
    assert abs(sum(r[4] for r in rows) - glove.wmdistance(a, b)) < 1e-9
    fig = flow_figure(words_a, words_b, da, db, plan, cost)
    assert len(_of(fig, "band")) == np.count_nonzero(plan > 1e-12)
