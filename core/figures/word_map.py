"""The word map: projected words in 2-D or 3-D, coloured by group, with a searched word, its
true neighbours (found in the original space) and lines to where the projection put them.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.shared import built_once
from core.figures.theme import BLACK, LINE_COLORS, SMALL_FONT_SIZE, VERMILLION, use_vectorlab_template

DEFAULT_LABELS = {"axis": "component {n}", "words": "words", "query": "searched word",
                  "neighbours": "its nearest in the original space"}
WEBGL_FROM = 1500  # SVG slows down beyond this many points; WebGL keeps panning smooth
LABEL_ALL_UP_TO = 400  # more labels than this cover each other completely
SYMBOLS_2D = ("circle", "square", "diamond", "triangle-up", "cross", "x")
SYMBOLS_3D = ("circle", "square", "diamond", "cross", "x", "circle-open")


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def group_style(group: int, three_d: bool) -> tuple[str, str]:
    """A colour-blind-safe colour per group; past eight groups the marker shape changes too."""
    symbols = SYMBOLS_3D if three_d else SYMBOLS_2D
    return LINE_COLORS[group % len(LINE_COLORS)], symbols[(group // len(LINE_COLORS)) % len(symbols)]


@built_once
def word_map_figure(
    points: np.ndarray, words: Sequence[str], groups: Sequence[int] | None = None,
    group_names: Sequence[str] | None = None, query: int | None = None, neighbours: Sequence[int] = (),
    label_all: bool = False, labels=None, height: int = 640,
) -> go.Figure:
    use_vectorlab_template()
    lab = _labels(labels)
    points = np.asarray(points, dtype=float)
    three_d = points.shape[1] == 3
    n = len(points)
    groups = np.zeros(n, dtype=int) if groups is None else np.asarray(groups, dtype=int)
    names = list(group_names) if group_names is not None else [lab["words"]]
    show_text = label_all and n <= LABEL_ALL_UP_TO
    words = list(words)
    # The searched word and its neighbours carry their own, bolder labels.
    labelled_apart = set() if query is None else {query, *neighbours}
    fig = go.Figure()
    for g in np.unique(groups):
        idx = np.flatnonzero(groups == g)
        color, symbol = group_style(int(g), three_d)
        common = dict(
            mode="markers+text" if show_text else "markers", name=names[g] if g < len(names) else str(g),
            text=[words[i] for i in idx], hovertemplate="%{text}<extra>%{fullData.name}</extra>",
            textposition="top center", showlegend=len(names) > 1,
        )
        if show_text and labelled_apart & set(idx.tolist()):
            common["texttemplate"] = ["" if i in labelled_apart else "%{text}" for i in idx]
        if three_d:
            fig.add_scatter3d(
                x=points[idx, 0], y=points[idx, 1], z=points[idx, 2], **common,
                marker=dict(size=3.5, color=color, symbol=symbol, opacity=0.85), textfont=dict(size=SMALL_FONT_SIZE),
            )
        else:
            trace = go.Scattergl if n >= WEBGL_FROM else go.Scatter
            fig.add_trace(trace(
                x=points[idx, 0], y=points[idx, 1], **common,
                marker=dict(size=7 if n < 2000 else 5, color=color, symbol=symbol, opacity=0.8),
                textfont=dict(size=SMALL_FONT_SIZE),
            ))
    if query is not None:
        _highlight(fig, points, words, query, list(neighbours), lab, three_d)
    axes = {f"{a}axis": dict(title=lab["axis"].format(n=i + 1), showgrid=True, zeroline=False)
            for i, a in enumerate(("x", "y", "z")[: points.shape[1]])}
    if three_d:
        fig.update_layout(scene=dict(**axes, aspectmode="cube", camera=dict(eye=dict(x=1.6, y=1.6, z=1.0))),
                          height=height, margin=dict(l=0, r=0, t=60, b=0))
    else:
        fig.update_layout(**axes, height=height, margin=dict(l=60, r=10, t=60, b=50))
    if query is not None:
        _zoom_to(fig, points, [query, *neighbours], three_d)
    # A new search zooms anew; otherwise the student's own zoom survives reruns.
    # Above the picture, in a row: long category names would otherwise squeeze the map sideways.
    fig.update_layout(legend=dict(itemsizing="constant", title=None, orientation="h", x=0, xanchor="left",
                                  y=1.0, yanchor="bottom"), uirevision=f"map-{query}")
    return fig


def _zoom_to(fig, points, indices, three_d: bool = False) -> None:
    """Zoom onto the searched word and its true neighbours (double-click shows everything):
    in a map of thousands of words their labels would otherwise sit on top of each other.
    In 3-D the scene's axis ranges do it (plotly clips points outside them); all three get
    one span, so that the cube of the zoomed scene does not stretch distances along one axis."""
    box = points[indices]
    low, high = box.min(axis=0), box.max(axis=0)
    whole = points.max(axis=0) - points.min(axis=0)
    span = np.maximum(high - low, 0.08 * whole)
    if three_d:
        span = np.full_like(span, span.max())
    centre = (low + high) / 2
    low, high = centre - 0.65 * span, centre + 0.65 * span
    if three_d:
        fig.update_scenes(xaxis_range=[low[0], high[0]], yaxis_range=[low[1], high[1]],
                          zaxis_range=[low[2], high[2]])
    else:
        fig.update_layout(xaxis_range=[low[0], high[0]], yaxis_range=[low[1], high[1]])


def _highlight(fig, points, words, query, neighbours, lab, three_d) -> None:
    def xyz(indices):
        return {axis: points[indices, i] for i, axis in enumerate(("x", "y", "z")[: points.shape[1]])}

    add = fig.add_scatter3d if three_d else fig.add_scatter
    # a line from the searched word to each true neighbour: long lines are what the picture distorts
    segments = {axis: [] for axis in ("x", "y", "z")[: points.shape[1]]}
    for j in neighbours:
        for axis, values in xyz([query, j]).items():
            segments[axis] += [*values, None]
    if neighbours:
        add(**segments, mode="lines", line=dict(color=VERMILLION, width=2 if three_d else 1.5),
            hoverinfo="skip", showlegend=False, opacity=0.7)
        add(**xyz(neighbours), mode="markers+text", text=[words[j] for j in neighbours], name=lab["neighbours"],
            textposition="top center", textfont=dict(size=SMALL_FONT_SIZE + 1, color=BLACK),
            marker=dict(size=8 if three_d else 12, color="rgba(0,0,0,0)", line=dict(color=VERMILLION, width=2.5),
                        symbol="circle-open" if three_d else "circle"),
            hovertemplate="%{text}<extra>%{fullData.name}</extra>")
    add(**xyz([query]), mode="markers+text", text=[words[query]], name=lab["query"], textposition="top center",
        textfont=dict(size=SMALL_FONT_SIZE + 4, color=BLACK),
        marker=dict(size=10 if three_d else 20, color=VERMILLION, symbol="diamond" if three_d else "star",
                    line=dict(color=BLACK, width=1)),
        hovertemplate="%{text}<extra>%{fullData.name}</extra>")
