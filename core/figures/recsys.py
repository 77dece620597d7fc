"""Figures of the "item2vec" page: the long tail of popularity, the item map coloured by genre
with a user and their recommendations, the models' scores, and a hyper-parameter sweep.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

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


def popularity_figure(counts: Sequence[int], labels=None) -> go.Figure:
    """Items sorted by how often they occur, on log-log axes: a power law is a straight line."""
    use_vectorlab_template()
    lab = _labels(labels)
    values = np.sort(np.asarray(counts, dtype=float))[::-1]
    fig = go.Figure(go.Scatter(
        x=np.arange(1, len(values) + 1), y=values, mode="lines", line=dict(color=BLUE, width=3),
        hovertemplate=f"{lab['rank']} %{{x}}: %{{y}}<extra></extra>",
    ))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=10, b=10),
                      xaxis=dict(title=lab["rank"], type="log"), yaxis=dict(title=lab["count"], type="log"))
    return fig


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
    # Recommended items carry no labels: ten names around one point would cover each other.
    for rows, name, symbol, color, mode in ((recommended, lab["recommended"], "star", VERMILLION, "markers"),
                                            (liked, lab["liked"], "circle-open", BLACK, "markers+text")):
        if len(rows):
            rows = list(rows)
            fig.add_scatter(
                x=points[rows, 0], y=points[rows, 1], mode=mode, name=name,
                marker=dict(size=15, symbol=symbol, color=color, line=dict(width=2, color=color)),
                text=[names[i] for i in rows], textposition="top center", hovertemplate="%{text}<extra></extra>",
            )
    if user_point is not None:
        fig.add_scatter(x=[user_point[0]], y=[user_point[1]], mode="markers+text", name=lab["user"],
                        marker=dict(size=20, symbol="x", color=BLACK), text=[lab["user"]],
                        textposition="bottom center", hoverinfo="skip")
    fig.update_layout(height=560, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.12),
                      xaxis=dict(title=lab["x"]), yaxis=dict(title=lab["y"]))
    return fig


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
