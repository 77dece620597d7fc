"""Figures of the "item2vec" page: the long tail of popularity, the item map coloured by genre
with a user and their recommendations, the models' scores, and a hyper-parameter sweep.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.label_places import CHAR_WIDTH, LINE_HEIGHT, overlap_area
from core.figures.shared import built_once
from core.figures.theme import (
    BLACK, BLUE, D3_FORMAT, LINE_COLORS, OKABE_ITO, ORANGE, VERMILLION, round3, use_vectorlab_template,
)
from core.text.plain import plain_plotly

DEFAULT_LABELS = {
    "rank": "item rank by popularity", "count": "times in sessions", "x": "component 1", "y": "component 2",
    "user": "the user", "liked": "liked", "recommended": "recommended", "model": "model", "score": "score",
    "hr": "HR@k", "mrr": "MRR@k", "value": "value",
}


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def log_ticks(low: float, high: float) -> list[float]:
    """Ticks for a log axis from `low` to `high`: 1, 2, 5 times the powers of ten, as whole
    numbers. Plotly's own ticks wrote every digit (6 5 4 3 2 100 9 8 7 ...), piled together."""
    low, high = max(float(low), 1e-12), max(float(high), float(low), 1e-12)
    ticks = [m * 10.0 ** e for e in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
             for m in (1, 2, 5)]
    return [v for v in ticks if low <= v <= high]


@built_once
def popularity_figure(counts: Sequence[int], labels=None) -> go.Figure:
    """Items sorted by how often they occur, on log-log axes: a power law is a straight line."""
    use_vectorlab_template()
    lab = _labels(labels)
    values = np.sort(np.asarray(counts, dtype=float))[::-1]
    fig = go.Figure(go.Scatter(
        x=np.arange(1, len(values) + 1), y=values, mode="lines", line=dict(color=BLUE, width=3),
        hovertemplate=f"{lab['rank']} %{{x}}: %{{y}}<extra></extra>",
    ))
    x_ticks = log_ticks(1, max(len(values), 1))
    y_ticks = log_ticks(values[-1], values[0]) if len(values) and values[-1] > 0 else []
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(title=lab["rank"], type="log", tickvals=x_ticks, ticktext=[f"{v:g}" for v in x_ticks]),
                      yaxis=dict(title=lab["count"], type="log", tickvals=y_ticks or None,
                                 ticktext=[f"{v:g}" for v in y_ticks] or None))
    return fig


# The item map's plot area in pixels, for placing the liked items' names: the page's right
# column on a 1280-pixel laptop screen, less the margins and the legend under the plot.
MAP_PLOT = (480.0, 380.0)
MAP_WIDTHS = (440.0, 600.0, 800.0)  # from a narrow laptop to a wide screen: names are placed for all
MAP_LABEL_SIZE = 14
LIKED_SIZE, RECOMMENDED_SIZE, USER_SIZE = 15, 15, 20
# How far from its item a name may sit (pixels, to the name's nearest edge) and in which
# directions (x right, y up): near first; a name away from its item gets a thin line to it.
_RADII = (10, 28, 50, 75, 105, 140)
_DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


def map_pixels(points: np.ndarray, x_range, y_range, plot=MAP_PLOT) -> np.ndarray:
    """Points in pixels of the plot area (y upwards): each axis fills its side."""
    plot = np.asarray(plot, dtype=float)
    low = np.array([x_range[0], y_range[0]], dtype=float)
    spans = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]], dtype=float)
    return (np.asarray(points, dtype=float).reshape(-1, 2) - low) / np.maximum(spans, 1e-12) * plot


def name_box(centre, text: str, size: float = MAP_LABEL_SIZE) -> np.ndarray:
    """(left, bottom, right, top) in pixels of a name centred at `centre`."""
    width, height = len(text) * CHAR_WIDTH * size, LINE_HEIGHT * size
    return np.array([centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2])


def name_offsets(layouts: Sequence[tuple[np.ndarray, np.ndarray, tuple[float, float]]],
                 texts: Sequence[str]) -> list[tuple[np.ndarray, bool]]:
    """For each name (in order), the offset in pixels (y up) of its centre from its point, and
    whether it sits away from it (then drawn with a line to it): the first spot, near to far,
    where it covers no name placed before it, no marker and stays in the plot, or, if there is
    none, the least covered. The figure does not know how wide the page will draw it, and an
    offset in pixels stays while the points spread: `layouts` holds, for each width tried,
    (the names' points in pixels, the markers' boxes as `name_box`, the plot's size), and a
    spot must be free in all of them."""
    placed: list[list[np.ndarray]] = [[] for _ in layouts]
    offsets = []
    for k, text in enumerate(texts):
        half = name_box((0.0, 0.0), text)[2:]
        best, best_cost, far = np.zeros(2), np.inf, False
        for radius in _RADII:
            for direction in _DIRECTIONS:
                offset = np.array(direction, dtype=float) * (radius + half)
                cost = 0.0
                for (pixels, markers, area), names in zip(layouts, placed):
                    box = name_box(pixels[k] + offset, text)
                    inside = overlap_area(box, np.array([[0.0, 0.0, *area]]))
                    cost += (overlap_area(box, names) + overlap_area(box, markers)
                             + (box[2] - box[0]) * (box[3] - box[1]) - inside)
                if cost < best_cost:
                    best, best_cost, far = offset, cost, radius > _RADII[0]
            if best_cost == 0:
                break
        offsets.append((best, far))
        for (pixels, _, _), names in zip(layouts, placed):
            names.append(name_box(pixels[k] + best, text))
    return offsets


@built_once
def item_map_figure(points: np.ndarray, names: Sequence[str], groups: Sequence[str], liked: Sequence[int] = (),
                    recommended: Sequence[int] = (), user_point: np.ndarray | None = None, labels=None) -> go.Figure:
    """Items as points coloured by group (genre); the user's items, the user vector and the
    recommended items stand out on top. Names and groups may come from an upload: plotly
    would read tags in them (a link, bold), so they are shown escaped."""
    use_vectorlab_template()
    lab = _labels(labels)
    points = np.asarray(points, dtype=float)
    names = [plain_plotly(name) for name in names]
    fig = go.Figure()
    for n, group in enumerate(sorted(set(groups))):
        rows = [i for i, g in enumerate(groups) if g == group]
        fig.add_scatter(
            x=points[rows, 0], y=points[rows, 1], mode="markers", name=plain_plotly(group),
            marker=dict(size=7, color=OKABE_ITO[n % len(OKABE_ITO)] if n < len(OKABE_ITO) else None, opacity=0.75,
                        symbol=("circle", "square", "diamond")[n // len(OKABE_ITO) % 3]),
            text=[names[i] for i in rows], hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        )
    # Recommended items carry no names: ten names around one point would cover each other.
    # The liked items' names and "the user" are placed apart (name_offsets), with a thin line
    # to their point when they had to move away from it.
    for rows, name, symbol, color, size in ((recommended, lab["recommended"], "star", VERMILLION, RECOMMENDED_SIZE),
                                            (liked, lab["liked"], "circle-open", BLACK, LIKED_SIZE)):
        if len(rows):
            rows = list(rows)
            fig.add_scatter(
                x=points[rows, 0], y=points[rows, 1], mode="markers", name=name,
                marker=dict(size=size, symbol=symbol, color=color, line=dict(width=2, color=color)),
                text=[names[i] for i in rows], hovertemplate="%{text}<extra></extra>",
            )
    if user_point is not None:
        fig.add_scatter(x=[user_point[0]], y=[user_point[1]], mode="markers", name=lab["user"],
                        marker=dict(size=USER_SIZE, symbol="x", color=BLACK), hoverinfo="skip")
    shown = np.vstack([points[:, :2], np.reshape(user_point, (1, 2))]) if user_point is not None else points[:, :2]
    if len(shown):
        low, high = shown.min(axis=0), shown.max(axis=0)
        pad = 0.06 * np.maximum(high - low, 1e-6)
        x_range, y_range = [low[0] - pad[0], high[0] + pad[0]], [low[1] - pad[1], high[1] + pad[1]]
    else:
        x_range, y_range = [-1.0, 1.0], [-1.0, 1.0]
    named = [(points[i, :2], names[i]) for i in liked]
    if user_point is not None:
        named.insert(0, (np.asarray(user_point)[:2], lab["user"]))
    if named:
        layouts = []
        for width in MAP_WIDTHS:
            plot = (width, MAP_PLOT[1])
            pixels = map_pixels(np.array([p for p, _ in named]), x_range, y_range, plot)
            marked = [(p, s) for rows, s in ((recommended, RECOMMENDED_SIZE), (liked, LIKED_SIZE)) for p in
                      map_pixels(points[list(rows), :2], x_range, y_range, plot)] if len(points) else []
            if user_point is not None:
                marked.append((pixels[0], USER_SIZE))
            markers = np.array([[x - s / 2, y - s / 2, x + s / 2, y + s / 2] for (x, y), s in marked])
            layouts.append((pixels, markers.reshape(-1, 4), plot))
        offsets = name_offsets(layouts, [text for _, text in named])
        for (point, text), (offset, far) in zip(named, offsets):
            fig.add_annotation(
                x=point[0], y=point[1], xref="x", yref="y", text=text, ax=float(offset[0]), ay=-float(offset[1]),
                showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#666666" if far else "rgba(0,0,0,0)",
                standoff=8, font=dict(size=MAP_LABEL_SIZE, color=BLACK), bgcolor="rgba(255,255,255,0.75)",
            )
    fig.update_layout(height=560, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.12),
                      xaxis=dict(title=lab["x"], range=x_range), yaxis=dict(title=lab["y"], range=y_range))
    return fig


@built_once
def scores_figure(scores, labels=None) -> go.Figure:
    """HR@k and MRR@k of every model, grouped by metric."""
    use_vectorlab_template()
    lab = _labels(labels)
    fig = go.Figure()
    for metric, color in (("hr", BLUE), ("mrr", ORANGE)):
        values = [getattr(s, metric) for s in scores]
        fig.add_bar(x=[s.model for s in scores], y=values, name=lab[metric], marker_color=color,
                    text=[round3(v) for v in values], textposition="outside",
                    hovertemplate=f"%{{x}} · {lab[metric]}: %{{y:{D3_FORMAT}}}<extra></extra>")
    top = max([max(s.hr, s.mrr) for s in scores] + [0.01])
    fig.update_layout(height=340, margin=dict(l=10, r=10, t=30, b=10), barmode="group",
                      legend=dict(orientation="h", y=-0.2), xaxis=dict(title=lab["model"]),
                      yaxis=dict(title=lab["score"], range=[0, min(1.05, top * 1.2)]))
    return fig


@built_once
def sweep_figure(values: Sequence, scores, parameter: str, labels=None) -> go.Figure:
    """HR@k and MRR@k of item2vec as one hyper-parameter changes."""
    use_vectorlab_template()
    lab = _labels(labels)
    fig = go.Figure()
    for metric, color in (("hr", LINE_COLORS[0]), ("mrr", LINE_COLORS[1])):
        fig.add_scatter(x=list(values), y=[getattr(s, metric) for s in scores], mode="lines+markers",
                        name=lab[metric], line=dict(color=color, width=3),
                        hovertemplate=f"{parameter} = %{{x}}: %{{y:{D3_FORMAT}}}<extra>{lab[metric]}</extra>")
    fig.update_layout(height=320, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.25),
                      xaxis=dict(title=parameter), yaxis=dict(title=lab["score"], rangemode="tozero"))
    return fig
