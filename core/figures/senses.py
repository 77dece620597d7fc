"""Figures of the Word senses page: a word's neighbourhood coloured by sense (with the k-NN graph
Louvain split), bars over senses (a context's shares, the word's single vector against each
sense, AdaGram's priors and posteriors), and the number of AdaGram senses against α.

``labels`` holds the page's translated strings; missing keys fall back to English. Words come
from the model or from the user and go through ``plain_plotly``.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.label_places import place_labels
from core.figures.presenting import FONT_SCALE, MARKER_SCALE
from core.figures.shared import built_once
from core.figures.theme import BLACK, LINE_COLORS, SMALL_FONT_SIZE, round3, use_vectorlab_template
from core.text.plain import plain_plotly

DEFAULT_LABELS = {
    "x": "component 1", "y": "component 2", "sense": "sense {n}", "word": "the word",
    "value": "value", "alpha": "α (log scale)", "senses": "mean number of senses",
}
MAP_HEIGHT = 560
MAP_MARGIN = dict(l=60, r=20, t=30, b=50)
# Labels are placed free of each other at each of these plot widths (the column grows with the
# screen) and at the projector's sizes.
PLOT_WIDTHS = (420, 600, 800, 1000)
# The legend on top names every sense on a line of its own (a sense's name is too long to share
# one); the figure grows by its lines, so that the plot keeps its height (with six senses the
# legend took 130 of 560 pixels).
LEGEND_ROW = 20
WORD_SIZE, NEIGHBOUR_SIZE, LABEL_SIZE = 16, 8, SMALL_FONT_SIZE
EDGE_COLOR = "#D9D9D9"
BAR_HEIGHT_PER_ROW, BAR_BASE = 34, 110


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def sense_color(index: int) -> str:
    """One colour per sense, the same on the map and on every bar chart of the page."""
    return LINE_COLORS[index % len(LINE_COLORS)]


def sense_title(index: int, name: Sequence[str], labels: Mapping[str, str] | None = None) -> str:
    """"sense 1 · ape, monkey, dragonfly": what the legend and the bars call a sense."""
    return f"{_labels(labels)['sense'].format(n=index + 1)} · {', '.join(name)}"


def _ranges(points: np.ndarray) -> tuple[list[float], list[float]]:
    pads = 0.08 * np.maximum(np.ptp(points, axis=0), 1e-6)
    low, high = points.min(axis=0) - pads, points.max(axis=0) + pads
    return [float(low[0]), float(high[0])], [float(low[1]), float(high[1])]


def map_label_places(points: np.ndarray, texts: Sequence[str], must: Sequence[bool],
                     order: Sequence[int]) -> list[str | None]:
    """Each point's label place (None: hover only), free of other labels and markers at every
    width in PLOT_WIDTHS, at the usual and the projector's sizes."""
    x_range, y_range = _ranges(points)
    spans = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]])
    low = np.array([x_range[0], y_range[0]])
    height = MAP_HEIGHT - MAP_MARGIN["t"] - MAP_MARGIN["b"]
    layouts = []
    for width in PLOT_WIDTHS:
        plot = np.array([width, height], dtype=float)
        pixels = (points - low) / spans * plot
        for font, marker in ((1.0, 1.0), (FONT_SCALE, MARKER_SCALE)):
            sizes = [(WORD_SIZE if i == 0 else NEIGHBOUR_SIZE) * marker for i in range(len(texts))]
            layouts.append(dict(pixels=pixels, font_sizes=[LABEL_SIZE * font] * len(texts), marker_sizes=sizes,
                                area=tuple(plot)))
    first, *also = layouts
    return place_labels(first.pop("pixels"), list(texts), first.pop("font_sizes"), first.pop("marker_sizes"),
                        [not m for m in must], list(order), also=also, **first)


@built_once
def sense_map_figure(
    plane: np.ndarray, word: str, neighbours: Sequence[str], sense_of: Sequence[int],
    sense_names: Sequence[Sequence[str]], edges: Sequence[tuple[int, int, float]] = (),
    similarities: Sequence[float] = (), labels=None,
) -> go.Figure:
    """The word (row 0 of `plane`, a black star) and its neighbours (rows 1..n), coloured by
    sense; faint lines are the k-NN graph (indices into `neighbours`). Every sense's naming
    words are labelled; other labels only where there is room (all names are in the hover)."""
    use_vectorlab_template()
    lab = _labels(labels)
    plane = np.asarray(plane, dtype=float)
    sense_of = np.asarray(sense_of, dtype=int)
    named = {w for name in sense_names for w in name}
    texts = [word, *neighbours]
    must = [True] + [w in named for w in neighbours]
    by_similarity = list(np.argsort(-np.asarray(similarities))) if len(similarities) else list(range(len(neighbours)))
    order = [0] + [i + 1 for i in range(len(neighbours)) if must[i + 1]] + [
        int(i) + 1 for i in by_similarity if not must[int(i) + 1]]
    places = map_label_places(plane, texts, must, order)
    fig = go.Figure()
    if len(edges):
        xs, ys = [], []
        for i, j, _ in edges:
            xs += [plane[i + 1, 0], plane[j + 1, 0], None]
            ys += [plane[i + 1, 1], plane[j + 1, 1], None]
        fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color=EDGE_COLOR, width=0.7), hoverinfo="skip",
                        showlegend=False, name="graph")
    for s, name in enumerate(sense_names):
        idx = np.flatnonzero(sense_of == s)
        rows = idx + 1
        fig.add_scatter(
            x=plane[rows, 0], y=plane[rows, 1], mode="markers+text", name=plain_plotly(sense_title(s, name, lab)),
            text=[plain_plotly(neighbours[i]) if places[i + 1] else "" for i in idx],
            textposition=[places[i + 1] or "top center" for i in idx],
            textfont=dict(size=LABEL_SIZE, color=sense_color(s)),
            customdata=[[plain_plotly(neighbours[i]), round3(similarities[i]) if len(similarities) else ""]
                        for i in idx],
            hovertemplate="%{customdata[0]} · cos %{customdata[1]}<extra>%{fullData.name}</extra>",
            marker=dict(size=NEIGHBOUR_SIZE, color=sense_color(s), line=dict(width=0.5, color="#FFFFFF")),
        )
    fig.add_scatter(
        x=[plane[0, 0]], y=[plane[0, 1]], mode="markers+text", name=plain_plotly(lab["word"]),
        text=[f"<b>{plain_plotly(word)}</b>"], textposition=places[0] or "top center",
        textfont=dict(size=LABEL_SIZE + 2, color=BLACK), hovertemplate=f"{plain_plotly(word)}<extra></extra>",
        marker=dict(size=WORD_SIZE, color=BLACK, symbol="star"),
    )
    x_range, y_range = _ranges(plane)
    fig.update_layout(
        height=MAP_HEIGHT + LEGEND_ROW * (len(sense_names) + 1), margin=MAP_MARGIN,
        xaxis=dict(title=lab["x"], range=x_range, zeroline=False),
        yaxis=dict(title=lab["y"], range=y_range, zeroline=False),
        legend=dict(orientation="h", yanchor="bottom", y=1.01, xanchor="left", x=0, font=dict(size=SMALL_FONT_SIZE)),
    )
    return fig


@built_once
def sense_bars_figure(titles: Sequence[str], values: Sequence[float], x_title: str,
                      colors: Sequence[str] | None = None, x_range: Sequence[float] | None = (0.0, 1.0),
                      highlight: int | None = None) -> go.Figure:
    """One horizontal bar per sense, first on top, its value written at its end. `highlight`
    draws one bar's outline in black (the sense a sentence chose)."""
    use_vectorlab_template()
    n = len(titles)
    colors = list(colors) if colors is not None else [sense_color(i) for i in range(n)]
    values = [float(v) for v in values]
    outline = [2.5 if i == highlight else 0 for i in range(n)]
    fig = go.Figure(go.Bar(
        x=values, y=[plain_plotly(t) for t in titles], orientation="h", marker=dict(
            color=colors, line=dict(color=BLACK, width=outline)),
        text=[round3(v) for v in values], textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: %{x:.3~g}<extra></extra>",
    ))
    top = max(values, default=1.0)
    if x_range is None:
        low = min(0.0, min(values, default=0.0))
        x_range = (low, top + 0.2 * (top - low if top > low else 1.0))
    else:
        x_range = (x_range[0], max(x_range[1], top * 1.15))
    fig.update_layout(
        height=BAR_BASE + BAR_HEIGHT_PER_ROW * max(n, 1), margin=dict(l=10, r=30, t=10, b=50), showlegend=False,
        xaxis=dict(title=x_title, range=list(x_range)),
        yaxis=dict(autorange="reversed", automargin=True, tickfont=dict(size=SMALL_FONT_SIZE)),
        bargap=0.3,
    )
    return fig


@built_once
def senses_by_alpha_figure(alphas: Sequence[float], series: Mapping[str, Sequence[float]], labels=None) -> go.Figure:
    """Mean number of senses (prior above a threshold) against α, one line per word group."""
    use_vectorlab_template()
    lab = _labels(labels)
    fig = go.Figure()
    for i, (name, means) in enumerate(series.items()):
        fig.add_scatter(x=list(alphas), y=[float(m) for m in means], mode="lines+markers", name=plain_plotly(name),
                        line=dict(color=LINE_COLORS[i % len(LINE_COLORS)], width=2.5),
                        hovertemplate="α = %{x:.3~g}: %{y:.3~g}<extra>%{fullData.name}</extra>")
    top = max((float(m) for means in series.values() for m in means), default=1.0)
    fig.update_layout(
        # only the swept values as ticks: a log axis' minor labels (2 3 4 … 9) read as noise here
        height=380, xaxis=dict(title=lab["alpha"], type="log", tickvals=list(alphas),
                               ticktext=[f"{a:g}" for a in alphas]),
        yaxis=dict(title=lab["senses"], range=[0, max(top, 1.0) + 0.5], dtick=1),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        margin=dict(l=60, r=20, t=40, b=50),
    )
    return fig
