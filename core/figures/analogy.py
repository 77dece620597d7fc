"""Figures of the "Analogies" page: the parallelogram in a PCA of the analogy's own words, the
same words on two word axes, and answer scores.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

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


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def _points(fig, points, words, roles, lab) -> None:
    for role, (color, symbol) in ROLE_STYLE.items():
        idx = [i for i, r in enumerate(roles) if r == role]
        if not idx:
            continue
        fig.add_scatter(
            x=points[idx, 0], y=points[idx, 1], mode="markers+text", text=[words[i] for i in idx], name=lab[role],
            textposition="bottom center" if role == "target" else "top center",
            textfont=dict(size=SMALL_FONT_SIZE + 2, color=BLACK if role != "neighbour" else "#666666"),
            marker=dict(size=18 if role == "answer" else 12, color=color, symbol=symbol, line=dict(color=BLACK, width=1)),
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        )


def _arrow(fig, start, end, color, dash=None) -> None:
    fig.add_annotation(x=end[0], y=end[1], ax=start[0], ay=start[1], xref="x", yref="y", axref="x", ayref="y",
                       showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2.5, arrowcolor=color, text="",
                       opacity=0.9 if dash is None else 0.6)


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
    if len(added) == 2 and len(subtracted) == 1:
        a, c, b = added[0], added[1], subtracted[0]
        end = answer[0] if answer else target[0]
        _arrow(fig, points[b], points[a], ORANGE)
        _arrow(fig, points[c], points[end], ORANGE)
        _arrow(fig, points[b], points[c], BLUE)
        _arrow(fig, points[a], points[end], BLUE)
        if answer:  # where c + (a − b) really lands, against the answer found near it
            _arrow(fig, points[c], points[target[0]], PURPLE, dash="dot")
    _points(fig, points, words, roles, lab)
    pad = 0.15 * max(np.ptp(points[:, 0]), np.ptp(points[:, 1]), 1e-6)
    fig.update_layout(
        height=520, margin=dict(l=60, r=10, t=60, b=50),
        legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
        xaxis=dict(title=lab["axis"].format(n=1), range=[points[:, 0].min() - pad, points[:, 0].max() + pad]),
        yaxis=dict(title=lab["axis"].format(n=2), range=[points[:, 1].min() - pad, points[:, 1].max() + pad],
                   scaleanchor="x", scaleratio=1),
    )
    return fig


def axes_figure(words: Sequence[str], roles: Sequence[str], points: np.ndarray, x_title: str, y_title: str,
                labels=None) -> go.Figure:
    """The words placed by their projections on two word directions."""
    use_vectorlab_template()
    lab = _labels(labels)
    fig = go.Figure()
    _points(fig, np.asarray(points, dtype=float), words, roles, lab)
    fig.update_layout(height=460, margin=dict(l=60, r=10, t=60, b=50),
                      legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
                      xaxis=dict(title=x_title, zeroline=True), yaxis=dict(title=y_title, zeroline=True))
    return fig


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
