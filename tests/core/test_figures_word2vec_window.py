"""The window diagram: one arrow per skip-gram example, CBOW's context into one mean node and
one arrow to the centre word, and a row of boxes that hold their words at the projector's font,
Cyrillic included, within the plot's width."""

from __future__ import annotations

import numpy as np
import pytest

from core.embeddings.negative_sampling import cbow_example, skipgram_pairs
from core.figures.label_places import CHAR_WIDTH
from core.figures.presenting import FONT_SCALE, for_projector
from core.figures.word2vec_window import (
    GAP, MIN_FONT_RATIO, PLOT_WIDTH, PRESENTING_PLOT_WIDTH, TOKEN_SIZE, token_row, window_figure,
)

CAT = "the furry cat is on the mat".split()
RU = "skipgram пытается предсказывать контекст по слову".split()
KK = "ұқсас контексте кездесетін сөздердің мағыналары ұқсас".split()


def arrows(fig):
    return [a for a in fig.layout.annotations if a.showarrow]


def boxes(fig):
    return [s for s in fig.layout.shapes if s.type == "rect"]


def word_boxes(fig):
    """The token boxes, by their y (the row sits lowest)."""
    low = min(s.y0 for s in boxes(fig))
    return sorted((s for s in boxes(fig) if s.y0 == low), key=lambda s: s.x0)


def texts(fig) -> dict[str, tuple]:
    """Each drawn word's text and where it is, from the text traces."""
    out = {}
    for trace in fig.data:
        if trace.mode == "text" and trace.customdata is not None:
            for x, y, text, word in zip(trace.x, trace.y, trace.text, trace.customdata):
                out[x] = (text, word, trace.textfont.size)
    return out


def inside(box, x: float, y: float, tolerance: float = 2.0) -> bool:
    """(x, y) in the box or within `tolerance` pixels of it: an arrow's tip stops just short."""
    return box.x0 - tolerance <= x <= box.x1 + tolerance and box.y0 - tolerance <= y <= box.y1 + tolerance


def test_skipgram_draws_one_arrow_from_the_centre_to_each_context_word():
    fig = window_figure(CAT, 2, 2, "sg")
    heads = arrows(fig)
    row = word_boxes(fig)
    assert len(heads) == len(skipgram_pairs(CAT, 2, 2)) == 4
    words = {x: word for x, (_, word, _) in texts(fig).items()}
    landed = []
    for head in heads:
        (box,) = [b for b in row if inside(b, head.x, head.y)]
        landed.append(words[next(x for x in words if box.x0 <= x <= box.x1)])
    assert landed == ["the", "furry", "is", "on"]
    # every arc leaves from the centre word's box
    centre = next(b for b in row if b.fillcolor == "#0072B2")
    curves = [tr for tr in fig.data if tr.mode == "lines"]
    assert len(curves) == 4 and all(inside(centre, c.x[0], c.y[0]) for c in curves)


def test_cbow_draws_the_context_into_one_mean_node_and_one_arrow_to_the_centre():
    fig = window_figure(CAT, 2, 2, "cbow", labels={"mean": "среднее векторов контекста"})
    row = word_boxes(fig)
    (node,) = [b for b in boxes(fig) if b not in row]
    heads = arrows(fig)
    context, target = cbow_example(CAT, 2, 2)
    assert len(heads) == len(context) + 1
    into_node = [a for a in heads if inside(node, a.x, a.y)]
    out_of_node = [a for a in heads if inside(node, a.ax, a.ay)]
    assert len(into_node) == len(context) and len(out_of_node) == 1
    centre = next(b for b in row if b.fillcolor == "#0072B2")
    assert inside(centre, out_of_node[0].x, out_of_node[0].y)
    # the arrows into the node come from the context words' boxes, left ones to its left part
    starts = sorted((a.ax, a.x) for a in into_node)
    assert [s[1] for s in starts] == sorted(s[1] for s in starts)
    shown = [text for tr in fig.data if tr.mode == "text" for text in tr.text]
    assert "среднее векторов контекста" in shown


def test_the_window_is_marked_and_cut_at_the_sentence_ends():
    fig = window_figure(CAT, 0, 2, "sg")
    colours = [b.fillcolor for b in word_boxes(fig)]
    assert colours[:3] == ["#0072B2", "#CCECE3", "#CCECE3"] and set(colours[3:]) == {"#FFFFFF"}
    assert len(arrows(fig)) == 2


@pytest.mark.parametrize("sentence", [CAT, RU, KK])
@pytest.mark.parametrize("architecture", ["sg", "cbow"])
@pytest.mark.parametrize("presenting", [False, True])
def test_the_lectures_sentences_are_drawn_and_every_word_fits_its_box(sentence, architecture, presenting):
    """The three corpora's default sentences at window 2, every centre word: each word whole in
    a box wide enough for its estimated text at the size it is drawn (for_projector's in
    Presenting mode), the boxes apart and inside the plot; in the usual mode the whole sentence."""
    width = PRESENTING_PLOT_WIDTH if presenting else PLOT_WIDTH
    for index in range(len(sentence)):
        fig = window_figure(sentence, index, 2, architecture, presenting=presenting)
        row = word_boxes(fig)
        if not presenting:
            assert len(row) == len(sentence)  # no "…": these fit in the plot
        shown = for_projector(fig) if presenting else fig
        drawn = texts(shown)
        for box in row:
            (x,) = [x for x in drawn if box.x0 <= x <= box.x1]
            text, word, size = drawn[x]
            assert text == word
            assert len(text) * CHAR_WIDTH * size <= box.x1 - box.x0
        assert all(a.x1 + GAP - 1e-6 <= b.x0 for a, b in zip(row, row[1:]))  # apart
        assert row[0].x0 >= 0 and row[-1].x1 <= width and fig.layout.xaxis.range[1] == width


def test_far_words_are_left_out_behind_an_ellipsis():
    sentence = [f"слово{i:02d}" for i in range(40)]
    layout = token_row(sentence, 20, 2)
    assert layout.cut_before and layout.cut_after and 20 in layout.positions
    assert set(range(18, 23)) <= set(layout.positions) and len(layout.positions) < 40
    assert layout.texts == [sentence[p] for p in layout.positions]
    fig = window_figure(sentence, 20, 2, "sg")
    assert [tr.text for tr in fig.data if tr.mode == "text" and tr.customdata is None] == [("…", "…")]


def test_a_window_too_wide_gets_a_smaller_font_then_cut_words_but_keeps_the_centre_word():
    sentence = ["антидискриминационный"] * 11
    layout = token_row(sentence, 5, 5)
    assert layout.positions == list(range(11))
    assert layout.font_size == pytest.approx(TOKEN_SIZE * MIN_FONT_RATIO)
    assert layout.texts[5] == sentence[5]
    assert all(t.endswith("…") and len(t) < len(sentence[0]) for i, t in enumerate(layout.texts) if i != 5)
    assert layout.left[0] >= 0 and layout.right[-1] <= PLOT_WIDTH
    widths = layout.right - layout.left
    needed = np.array([len(t) * CHAR_WIDTH * layout.font_size for t in layout.texts])
    assert np.all(needed <= widths)
    projected = token_row(sentence, 5, 5, PRESENTING_PLOT_WIDTH, font_scale=FONT_SCALE)
    needed = np.array([len(t) * CHAR_WIDTH * projected.font_size * FONT_SCALE for t in projected.texts])
    assert np.all(needed <= projected.right - projected.left) and projected.right[-1] <= PRESENTING_PLOT_WIDTH
    assert projected.texts[5] == sentence[5]
    fig = window_figure(sentence, 5, 5, "cbow")
    hover = {word for tr in fig.data if tr.customdata is not None for word in tr.customdata}
    assert hover == {"антидискриминационный"}  # the hover keeps the whole word


def test_a_one_word_sentence_has_no_arrows():
    for architecture in ("sg", "cbow"):
        fig = window_figure(["кот"], 0, 3, architecture)
        assert not arrows(fig) and len(boxes(fig)) == 1


def test_words_reach_plotly_as_plain_text():
    fig = window_figure(["a<b>", "x&y", "c"], 1, 1, "sg")
    shown = [t for tr in fig.data if tr.mode == "text" for t in tr.text]
    assert "x&amp;y" in shown and "a&lt;b&gt;" in shown


@pytest.mark.parametrize(("args", "error"), [((CAT, 7, 2, "sg"), ValueError), ((CAT, 1, 0, "sg"), ValueError),
                                             ((CAT, 1, 2, "glove"), ValueError)])
def test_bad_arguments(args, error):
    with pytest.raises(error):
        window_figure(*args)


def test_the_figure_fits_the_arcs_and_the_node():
    for architecture in ("sg", "cbow"):
        fig = window_figure(CAT, 3, 5, architecture)
        top = fig.layout.yaxis.range[1]
        ys = [y for tr in fig.data if tr.y is not None for y in tr.y]
        ys += [s.y1 for s in boxes(fig)]
        assert max(ys) <= top and fig.layout.height >= top
