"""word2vec's window on its sentence, the lecture's two diagrams: skip-gram predicts each context
word from the centre word (one arrow, one training example, per context word); CBOW averages the
context words' vectors into one hidden vector that predicts the centre word (one example).

The picture is laid out in pixels: plotly's text does not scale with the plot, so each token's
box is as wide as its estimated text (label_places.CHAR_WIDTH) at the font it is shown with (the
projector's larger one in Presenting mode), and the x-axis spans the plot's narrowest width. A
wider plot only spreads the boxes apart; far tokens that do not fit are left out behind "…", and
a window too wide even alone gets a smaller font, then its longest words cut (whole in the hover).

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.label_places import CHAR_WIDTH, LINE_HEIGHT
from core.figures.presenting import FONT_SCALE
from core.figures.shared import built_once
from core.figures.theme import BLACK, BLUE, FONT_SIZE, GREEN, SMALL_FONT_SIZE, use_vectorlab_template
from core.text.plain import plain_plotly

ARCHITECTURES = ("sg", "cbow")
DEFAULT_LABELS = {
    "mean": "mean of the context vectors", "centre": "centre word", "context": "context word",
    "outside": "outside the window", "example": "training example",
}
TOKEN_SIZE = FONT_SIZE + 1  # the sentence's words: the picture's main text
NODE_SIZE = SMALL_FONT_SIZE + 1
MIN_FONT_RATIO = 0.7  # smallest font a too-wide window is drawn with, before its words are cut
# Pixels across the plot that the row is laid out for: the page's whole width on a 1280-pixel
# laptop screen less the margins, measured in Chromium: 800 px (chart 820), and in Presenting
# mode, whose wider sidebar and larger margins leave 752 px (chart 780); rounded down.
PLOT_WIDTH, PRESENTING_PLOT_WIDTH = 790, 745
PAD_X, PAD_Y = 7.0, 5.0  # inside a token's box, around its text
GAP = 12.0  # between two boxes
MARGIN = dict(l=10, r=10, t=10, b=10)
ROW_BOTTOM = 8.0
ARC_BASE, ARC_STEP = 34.0, 26.0  # skip-gram: the arc to a word d places away rises BASE + STEP·(d − 1)
NODE_RISE = 92.0  # CBOW: the mean node's bottom above the row's top
ARROW_WIDTH, ARROW_SIZE = 2.0, 1.2
HEAD_STEM = 10.0  # pixels of arc along which a skip-gram arrow's head is drawn
CONTEXT_FILL, OUTSIDE_INK, OUTSIDE_LINE = "#CCECE3", "#595959", "#BBBBBB"
MEAN_COLOR = "#CC79A7"  # Okabe–Ito reddish purple: neither a word's colour


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def text_width(text: str, font_size: float) -> float:
    return len(text) * CHAR_WIDTH * font_size


@dataclass(frozen=True)
class TokenRow:
    """The part of the sentence drawn and where: sentence positions in order, the text each box
    shows (cut with "…" if it had to be), the boxes' left and right edges in pixels, the font
    size, and whether words were left out before and after."""

    positions: list[int]
    texts: list[str]
    left: np.ndarray
    right: np.ndarray
    font_size: float
    cut_before: bool
    cut_after: bool

    def centre(self, position: int) -> float:
        i = self.positions.index(position)
        return float(self.left[i] + self.right[i]) / 2


def _window(n: int, target_index: int, window: int) -> tuple[int, int]:
    return max(0, target_index - window), min(n - 1, target_index + window)


def token_row(tokens: Sequence[str], target_index: int, window: int, width: float = PLOT_WIDTH,
              font_size: float = TOKEN_SIZE, font_scale: float = 1.0) -> TokenRow:
    """The row of tokens laid out in `width` pixels, every box wide enough for its text at
    font_scale × font_size (for_projector enlarges the font by FONT_SCALE): the whole window
    always, then the nearest words outside it, one side and then the other, while they fit."""
    n = len(tokens)
    if not 0 <= target_index < n:
        raise ValueError(f"target_index must be in 0..{n - 1}, got {target_index!r}")
    if window < 1:
        raise ValueError(f"window must be at least 1, got {window!r}")
    ellipsis = text_width("…", font_size * font_scale) + GAP

    def needed(lo: int, hi: int, texts: Sequence[str], size: float) -> float:
        boxes = sum(text_width(texts[p], size * font_scale) + 2 * PAD_X for p in range(lo, hi + 1))
        return boxes + GAP * (hi - lo) + ellipsis * ((lo > 0) + (hi < n - 1))

    texts = list(tokens)
    lo, hi = _window(n, target_index, window)
    size = font_size
    if needed(lo, hi, texts, size) > width:  # the window alone is too wide: a smaller font first
        fixed = needed(lo, hi, [""] * n, size)
        size = font_size * max(MIN_FONT_RATIO, min(1.0, (width - fixed) / (needed(lo, hi, texts, size) - fixed)))
    # then cut the longest words (the centre word last), one letter at a time
    while needed(lo, hi, texts, size) > width:
        others = [p for p in range(lo, hi + 1) if p != target_index and len(texts[p]) > 2]
        candidates = others or ([target_index] if len(texts[target_index]) > 2 else [])
        if not candidates:
            break
        longest = max(candidates, key=lambda p: len(texts[p]))
        kept = texts[longest].rstrip("…")
        texts[longest] = kept[:-1] + "…"
    grew = True
    while grew:  # words outside the window while they fit, nearest first, left then right
        grew = False
        if lo > 0 and needed(lo - 1, hi, texts, size) <= width:
            lo, grew = lo - 1, True
        if hi < n - 1 and needed(lo, hi + 1, texts, size) <= width:
            hi, grew = hi + 1, True
    used = needed(lo, hi, texts, size)
    x = (width - used) / 2 + (ellipsis if lo > 0 else 0.0)
    left, right = [], []
    for p in range(lo, hi + 1):
        left.append(x)
        x += text_width(texts[p], size * font_scale) + 2 * PAD_X
        right.append(x)
        x += GAP
    return TokenRow(list(range(lo, hi + 1)), [texts[p] for p in range(lo, hi + 1)], np.array(left),
                    np.array(right), size, lo > 0, hi < n - 1)


def _box_height(font_size: float, font_scale: float) -> float:
    return LINE_HEIGHT * font_size * font_scale + 2 * PAD_Y


def _arc(start: tuple[float, float], end: tuple[float, float], rise: float, points: int = 40) -> np.ndarray:
    """A quadratic Bézier from start to end whose middle is `rise` pixels above them."""
    control = np.array([(start[0] + end[0]) / 2, start[1] + 2 * rise])
    s = np.linspace(0.0, 1.0, points)[:, None]
    return (1 - s) ** 2 * np.array(start) + 2 * s * (1 - s) * control + s ** 2 * np.array(end)


def _arrow(fig: go.Figure, start, end, color: str) -> None:
    fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                       showarrow=True, arrowhead=3, arrowsize=ARROW_SIZE, arrowwidth=ARROW_WIDTH,
                       arrowcolor=color, text="")


@built_once
def window_figure(tokens: Sequence[str], target_index: int, window: int, architecture: str = "sg",
                  labels: Mapping[str, str] | None = None, presenting: bool = False) -> go.Figure:
    """The sentence's words in a row, the centre word (blue) and its window (green) marked; for
    "sg" an arrow from the centre word to each context word, for "cbow" arrows from each context
    word into one "mean of the context vectors" node and one from it to the centre word.
    `presenting`: laid out for the projector's font (the page then draws for_projector of it)."""
    if architecture not in ARCHITECTURES:
        raise ValueError(f"architecture must be one of {ARCHITECTURES}, got {architecture!r}")
    use_vectorlab_template()
    lab = _labels(labels)
    font_scale, width = (FONT_SCALE, PRESENTING_PLOT_WIDTH) if presenting else (1.0, PLOT_WIDTH)
    row = token_row(tokens, target_index, window, width, font_scale=font_scale)
    lo, hi = _window(len(tokens), target_index, window)
    height = _box_height(row.font_size, font_scale)
    top = ROW_BOTTOM + height
    fig = go.Figure()
    role = {p: "centre" if p == target_index else "context" if lo <= p <= hi else "outside" for p in row.positions}
    styles = {"centre": (BLUE, BLUE), "context": (CONTEXT_FILL, GREEN), "outside": ("#FFFFFF", OUTSIDE_LINE)}
    for p, x0, x1 in zip(row.positions, row.left, row.right):
        fill, line = styles[role[p]]
        fig.add_shape(type="rect", x0=x0, x1=x1, y0=ROW_BOTTOM, y1=top, fillcolor=fill,
                      line=dict(color=line, width=2 if role[p] != "outside" else 1), layer="below")
    inks = {"centre": "#FFFFFF", "context": BLACK, "outside": OUTSIDE_INK}
    for kind in ("centre", "context", "outside"):
        shown = [i for i, p in enumerate(row.positions) if role[p] == kind]
        if not shown:
            continue
        fig.add_scatter(
            x=[(row.left[i] + row.right[i]) / 2 for i in shown], y=[ROW_BOTTOM + height / 2] * len(shown),
            mode="text", text=[plain_plotly(row.texts[i]) for i in shown], name=lab[kind], showlegend=False,
            customdata=[plain_plotly(tokens[row.positions[i]]) for i in shown],
            textfont=dict(size=row.font_size, color=inks[kind]), cliponaxis=False,
            hovertemplate=f"%{{customdata}}<extra>{plain_plotly(lab[kind])}</extra>",
        )
    ends = [x for x, cut in ((row.left[0] - GAP / 2, row.cut_before), (row.right[-1] + GAP / 2, row.cut_after)) if cut]
    if ends:
        fig.add_scatter(x=ends, y=[ROW_BOTTOM + height / 2] * len(ends), mode="text", text=["…"] * len(ends),
                        textposition=["middle left" if x < row.left[0] else "middle right" for x in ends],
                        textfont=dict(size=row.font_size, color=OUTSIDE_INK), hoverinfo="skip", showlegend=False)
    contexts = [p for p in row.positions if role[p] == "context"]
    centre_word = plain_plotly(tokens[target_index])
    if architecture == "sg":
        apex = _skipgram_arrows(fig, row, target_index, contexts, top, centre_word, tokens, lab, font_scale)
    else:
        apex = _cbow_arrows(fig, row, target_index, contexts, top, centre_word, tokens, lab, width, font_scale)
    plot_height = apex + 12
    fig.update_layout(
        height=round(plot_height + MARGIN["t"] + MARGIN["b"]), margin=MARGIN, showlegend=False, dragmode=False,
        xaxis=dict(range=[0, width], visible=False, fixedrange=True),
        yaxis=dict(range=[0, plot_height], visible=False, fixedrange=True),
        hovermode="closest",
    )
    return fig


def _skipgram_arrows(fig, row: TokenRow, target_index: int, contexts: list[int], top: float, centre_word: str,
                     tokens, lab, font_scale: float) -> float:
    """One arc per (centre, context) example, higher the further the context word; arcs leave
    the centre box's top from its side of the box, so that arcs to the left and right part."""
    i = row.positions.index(target_index)
    x0, x1 = row.left[i], row.right[i]
    apex = top
    for p in contexts:
        d = p - target_index
        side = x0 + (x1 - x0) * (0.3 if d < 0 else 0.7)
        rise = (ARC_BASE + ARC_STEP * (abs(d) - 1)) * font_scale
        curve = _arc((side, top), (row.centre(p), top + 1), rise)
        word = plain_plotly(tokens[p])
        fig.add_scatter(x=curve[:, 0], y=curve[:, 1], mode="lines", line=dict(color=BLUE, width=ARROW_WIDTH),
                        hovertemplate=f"{plain_plotly(lab['example'])}: {centre_word} → {word}<extra></extra>",
                        showlegend=False)
        # the head: a short stem along the arc's last stretch
        back = curve[-1] - curve[-4]
        stem = curve[-1] - back / max(np.hypot(*back), 1e-9) * HEAD_STEM
        _arrow(fig, stem, curve[-1], BLUE)
        apex = max(apex, top + rise)
    return apex


def _cbow_arrows(fig, row: TokenRow, target_index: int, contexts: list[int], top: float, centre_word: str,
                 tokens, lab, width: float, font_scale: float) -> float:
    """Each context word's arrow into the mean node above the centre word, then one arrow from
    the node down to the centre word: the single example this position gives (none, and no
    node, for a one-word sentence)."""
    if not contexts:
        return top
    size = NODE_SIZE * font_scale
    text = plain_plotly(lab["mean"])
    node_width = min(text_width(lab["mean"], size) + 2 * PAD_X, width - 4)
    node_height = LINE_HEIGHT * size + 2 * PAD_Y
    centre_x = row.centre(target_index)
    left = min(max(centre_x - node_width / 2, 2.0), width - 2 - node_width)
    bottom = top + NODE_RISE * font_scale
    fig.add_shape(type="rect", x0=left, x1=left + node_width, y0=bottom, y1=bottom + node_height,
                  fillcolor="#FFFFFF", line=dict(color=MEAN_COLOR, width=2), layer="below")
    words = ", ".join(plain_plotly(tokens[p]) for p in contexts)
    fig.add_scatter(x=[left + node_width / 2], y=[bottom + node_height / 2], mode="text", text=[text],
                    textfont=dict(size=NODE_SIZE, color=BLACK), showlegend=False, cliponaxis=False,
                    hovertemplate=f"{text} ({words})<extra></extra>")
    # the down arrow leaves from the middle of the node's bottom over the centre word; the
    # context arrows arrive spread over the rest of it, left words on the left
    down = min(max(centre_x, left + 10), left + node_width - 10)
    before = [p for p in contexts if p < target_index]
    after = [p for p in contexts if p > target_index]
    for group, a, b in ((before, left + 8, down - 14), (after, down + 14, left + node_width - 8)):
        for k, p in enumerate(group):
            x = a + (b - a) * (k + 1) / (len(group) + 1) if b > a else (a + b) / 2
            _arrow(fig, (row.centre(p), top + 2), (x, bottom - 1), GREEN)
    _arrow(fig, (down, bottom), (centre_x, top + 1), MEAN_COLOR)
    fig.add_scatter(x=[down, centre_x], y=[bottom, top + 1], mode="lines", line=dict(color="rgba(0,0,0,0)"),
                    hovertemplate=f"{plain_plotly(lab['example'])}: {text} ({words}) → {centre_word}<extra></extra>",
                    showlegend=False)
    return bottom + node_height
