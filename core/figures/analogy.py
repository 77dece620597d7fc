"""Figures of the "Analogies" page: the parallelogram in a PCA of the analogy's own words, the
same words on two word axes, and answer scores.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.label_places import place_labels, segment_polygon
from core.figures.presenting import FONT_SCALE, MARKER_SCALE
from core.figures.shared import built_once
from core.figures.theme import (
    BLACK, BLUE, D3_FORMAT, GREEN, ORANGE, PURPLE, SMALL_FONT_SIZE, VERMILLION, round3, use_vectorlab_template,
)

DEFAULT_LABELS = {
    "added": "added", "subtracted": "subtracted", "answer": "answer", "neighbour": "near the answer",
    "target": "the computed vector", "axis": "component {n}", "offset": "the same offset",
}
ROLE_STYLE = {  # colour, marker
    "added": (BLUE, "circle"), "subtracted": (VERMILLION, "circle"), "answer": (GREEN, "star"),
    "neighbour": ("#999999", "circle"), "target": (PURPLE, "x"),
}
LABEL_SIZE = SMALL_FONT_SIZE + 2
# The plot area the labels are placed for, in pixels: the page's right column on a 1280-pixel
# laptop screen less the margins (463 px measured in Chromium), rounded down: a wider screen
# only spreads the points further apart.
PLOT_WIDTH = 440
MARGIN = dict(l=60, r=10, t=60, b=50)
# Labels are placed for every one of these plot widths (the column grows with the screen, and
# with one scale on both axes the parallelogram grows with it until the height stops it): the
# laptop's, wider ones up to a 1920-pixel screen's, and the laptop's in Presenting mode, whose
# larger margins and wider sidebar leave the plot 402 px (measured in Chromium), rounded down.
PLOT_WIDTHS = (400, PLOT_WIDTH, 520, 640, 800, 1000)
# The arrows, as plotly draws them: arrowhead 3 (a swept-back head 6 x 6 units, its tip on the
# point) scaled by arrowsize x arrowwidth.
ARROW_WIDTH, ARROW_SIZE = 2.5, 1.3
HEAD = 6 * ARROW_WIDTH * ARROW_SIZE
CLEARANCE = 2.0  # pixels kept free between a label and a line


OPTIONAL_LABELS = ("neighbour", "target")


def _marker_size(role: str) -> int:
    return 18 if role == "answer" else 12


def _pixels(points: np.ndarray, x_range, y_range, plot: np.ndarray, equal_scale: bool) -> np.ndarray:
    spans = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]], dtype=float)
    scale = plot / spans
    if equal_scale:  # scaleanchor: plotly widens one range so that a unit is as long on both axes
        scale[:] = scale.min()
    centre = np.array([sum(x_range), sum(y_range)]) / 2
    return (np.asarray(points, dtype=float)[:, :2] - centre) * scale + plot / 2


def arrow_polygons(start, end) -> list[np.ndarray]:
    """What an arrow from `start` to `end` (pixels) covers: its line and its head, with a
    little room around them."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    length = float(np.hypot(*(end - start)))
    if length == 0:
        return []
    along = (end - start) / length
    across = np.array([-along[1], along[0]])
    back = end - along * (HEAD + CLEARANCE)
    half = HEAD / 2 + CLEARANCE
    head = np.array([end + along * CLEARANCE, back - across * half, back + across * half])
    return [segment_polygon(start, end, ARROW_WIDTH + 2 * CLEARANCE), head]


def label_places(points: np.ndarray, words: Sequence[str], roles: Sequence[str], x_range, y_range,
                 height: int, equal_scale: bool, arrows: Sequence[tuple[int, int]] = ()) -> list[str | None]:
    """Each word's label place (None: shown on hover only), chosen so that labels cover neither
    each other, a marker nor an arrow (`arrows`: pairs of indices, from and to) and stay in the
    plot, at every width in PLOT_WIDTHS, at the usual and at the projector's sizes: the answer
    and the question's words first; a neighbour of the answer, or the computed vector (named in
    the legend), that finds no free place keeps its label for the hover."""
    rank = {"answer": 0, "added": 1, "subtracted": 1, "target": 2, "neighbour": 3}
    order = sorted(range(len(words)), key=lambda i: rank.get(roles[i], 3))
    layouts = []
    for width in PLOT_WIDTHS:
        plot = np.array([width, height - MARGIN["t"] - MARGIN["b"]], dtype=float)
        pixels = _pixels(points, x_range, y_range, plot, equal_scale)
        polygons = [polygon for i, j in arrows for polygon in arrow_polygons(pixels[i], pixels[j])]
        for font, marker in ((1.0, 1.0), (FONT_SCALE, MARKER_SCALE)):  # the presenting switch's sizes
            layouts.append(dict(pixels=pixels, font_sizes=[LABEL_SIZE * font] * len(words),
                                marker_sizes=[_marker_size(r) * marker for r in roles], area=tuple(plot),
                                polygons=polygons))
    first, *also = layouts
    return place_labels(first.pop("pixels"), list(words), first.pop("font_sizes"), first.pop("marker_sizes"),
                        [r in OPTIONAL_LABELS for r in roles], order, also=also, **first)


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def _ranges(points: np.ndarray, equal_scale: bool) -> tuple[list[float], list[float]]:
    pads = 0.15 * np.maximum(np.ptp(points[:, :2], axis=0), 1e-6)
    if equal_scale:
        pads[:] = pads.max()
    low, high = points[:, :2].min(axis=0) - pads, points[:, :2].max(axis=0) + pads
    return [low[0], high[0]], [low[1], high[1]]


def _points(fig, points, words, roles, lab, places) -> None:
    for role, (color, symbol) in ROLE_STYLE.items():
        idx = [i for i, r in enumerate(roles) if r == role]
        if not idx:
            continue
        fig.add_scatter(
            x=points[idx, 0], y=points[idx, 1], mode="markers+text", text=[words[i] for i in idx], name=lab[role],
            textposition=[places[i] or "top center" for i in idx],
            # a label left to the hover is not drawn: it had no place free of other labels
            texttemplate=["%{text}" if places[i] else "" for i in idx],
            textfont=dict(size=LABEL_SIZE, color=BLACK if role != "neighbour" else "#666666"),
            marker=dict(size=_marker_size(role), color=color, symbol=symbol, line=dict(color=BLACK, width=1)),
            hovertemplate="%{text}<extra>%{fullData.name}</extra>", cliponaxis=False,
        )


def _arrow(fig, start, end, color, dash=None) -> None:
    fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                       showarrow=True, arrowhead=3, arrowsize=ARROW_SIZE, arrowwidth=ARROW_WIDTH, arrowcolor=color,
                       text="",
                       opacity=0.9 if dash is None else 0.6)


@built_once
def parallelogram_figure(words: Sequence[str], roles: Sequence[str], points: np.ndarray, labels=None) -> go.Figure:
    """For a − b + c (one subtracted word, two added): arrows b→a and c→answer, the offset
    the analogy assumes to be shared, and b→c and a→answer, the other pair of sides."""
    use_vectorlab_template()
    lab = _labels(labels)
    points = np.asarray(points, dtype=float)
    fig = go.Figure()
    added = [i for i, r in enumerate(roles) if r == "added"]
    subtracted = [i for i, r in enumerate(roles) if r == "subtracted"]
    answer = [i for i, r in enumerate(roles) if r == "answer"]
    target = [i for i, r in enumerate(roles) if r == "target"]
    arrows = []  # (from, to, colour, dash)
    if len(added) == 2 and len(subtracted) == 1:
        a, c, b = added[0], added[1], subtracted[0]
        end = answer[0] if answer else target[0]
        arrows = [(b, a, ORANGE, None), (c, end, ORANGE, None), (b, c, BLUE, None), (a, end, BLUE, None)]
        if answer:  # where c + (a − b) really lands, against the answer found near it
            arrows.append((c, target[0], PURPLE, "dot"))
    for start, end, color, dash in arrows:
        _arrow(fig, points[start], points[end], color, dash)
    x_range, y_range = _ranges(points, equal_scale=True)
    height = 520
    places = label_places(points, words, roles, x_range, y_range, height, True, [(i, j) for i, j, _, _ in arrows])
    _points(fig, points, words, roles, lab, places)
    fig.update_layout(
        height=height, margin=MARGIN,
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
        xaxis=dict(title=lab["axis"].format(n=1), range=x_range),
        yaxis=dict(title=lab["axis"].format(n=2), range=y_range, scaleanchor="x", scaleratio=1),
    )
    return fig


@built_once
def axes_figure(words: Sequence[str], roles: Sequence[str], points: np.ndarray, x_title: str, y_title: str,
                labels=None) -> go.Figure:
    """The words placed by their projections on two word directions."""
    use_vectorlab_template()
    lab = _labels(labels)
    fig = go.Figure()
    points = np.asarray(points, dtype=float)
    x_range, y_range = _ranges(points, equal_scale=False)
    height = 460
    _points(fig, points, words, roles, lab, label_places(points, words, roles, x_range, y_range, height, False))
    fig.update_layout(height=height, margin=MARGIN,
                      legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
                      xaxis=dict(title=x_title, zeroline=True, range=x_range),
                      yaxis=dict(title=y_title, zeroline=True, range=y_range))
    return fig


@built_once
def answers_figure(pairs: Sequence[tuple[str, float]], highlight: str | None = None, labels=None,
                   title: str = "") -> go.Figure:
    """Top answers as bars, best at the top; the expected answer, if among them, in green."""
    use_vectorlab_template()
    words = [w for w, _ in pairs]
    scores = [s for _, s in pairs]
    fig = go.Figure(go.Bar(
        x=scores, y=words, orientation="h", text=[round3(s) for s in scores], textposition="outside",
        marker_color=[GREEN if w == highlight else BLUE for w in words], cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{D3_FORMAT}}}<extra></extra>",
    ))
    top = max(scores, default=1.0)
    fig.update_layout(title=title or None, height=90 + 28 * len(words) + (30 if title else 0),
                      margin=dict(l=10, r=40, t=40 if title else 10, b=40),
                      xaxis=dict(range=[min(0.0, min(scores, default=0.0)), top * 1.18 if top > 0 else 1]),
                      yaxis=dict(autorange="reversed", showgrid=False))
    return fig
