"""The confusion matrix of a classifier, for the train and the test points side by side: rows
are the true classes, columns the classes the network chose, each cell holds its count; the
colour is the cell's share of its row (so a small class's mistakes show as clearly as a big
one's), the diagonal holds the right answers."""

from __future__ import annotations

import html
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import BLUE, SMALL_FONT_SIZE, TEMPLATE_NAME, lighten, use_vectorlab_template

DEFAULT_LABELS = {
    "true": "true class",
    "predicted": "predicted class",
    "cell": "{count} points ({share} of the class)",  # a cell's hover
    "panel": "{split}: {share} right",  # a panel's title
}
# white for none of the row, the class-1 blue for all of it; counts stay readable on both
SHARE_COLORSCALE = [[0.0, "#FFFFFF"], [1.0, lighten([[0.0, BLUE]], 0.25)[0][1]]]


def accuracy(matrix: np.ndarray) -> float:
    """The share of points on the diagonal (NaN for no points)."""
    total = matrix.sum()
    return float(np.trace(matrix) / total) if total else float("nan")


def confusion_figure(
    matrices: Mapping[str, np.ndarray], class_names: Sequence[str], *, labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """One heatmap per entry of `matrices` (title -> (k, k) counts, rows = true class), side by
    side, with the counts written in the cells. Titles and class names are escaped (an upload's
    class names are its own words)."""
    use_vectorlab_template()
    L = {**DEFAULT_LABELS, **{key: value for key, value in (labels or {}).items() if value}}
    if not matrices:
        raise ValueError("confusion_figure needs at least one matrix")
    names = [html.escape(str(name)) for name in class_names]
    k = len(names)
    panels = list(matrices.items())
    gap = 0.12
    width = (1.0 - gap * (len(panels) - 1)) / len(panels)
    traces, layout = [], dict(
        template=TEMPLATE_NAME, height=150 + 34 * k, margin=dict(l=10, r=10, t=34, b=10), showlegend=False,
        annotations=[],
    )
    for i, (title, matrix) in enumerate(panels):
        matrix = np.asarray(matrix, dtype=np.int64)
        if matrix.shape != (k, k):
            raise ValueError(f"a {matrix.shape} matrix for {k} class names")
        rows = matrix.sum(axis=1, keepdims=True)
        share = np.divide(matrix, rows, out=np.zeros(matrix.shape), where=rows > 0)
        axis = "" if i == 0 else str(i + 1)
        custom = np.dstack([matrix, np.rint(100 * share)])
        traces.append(go.Heatmap(
            z=share, text=matrix, texttemplate="%{text}", textfont=dict(size=SMALL_FONT_SIZE + 1),
            x=names, y=names, zmin=0, zmax=1, colorscale=SHARE_COLORSCALE, showscale=False,
            xaxis="x" + axis, yaxis="y" + axis, customdata=custom, xgap=1, ygap=1, name=html.escape(title),
            hovertemplate=(f"{L['true']}: %{{y}}<br>{L['predicted']}: %{{x}}<br>"
                           + L["cell"].replace("{count}", "%{customdata[0]}").replace("{share}", "%{customdata[1]}%")
                           + "<extra></extra>"),
        ))
        left = i * (width + gap)
        ticks = dict(type="category", showgrid=False, ticks="")
        # slanted names: "class 0 class 1 ..." side by side touched each other under 5 columns
        layout["xaxis" + axis] = dict(domain=[left, left + width], anchor="y" + axis, side="bottom", tickangle=-30,
                                      title=dict(text=L["predicted"]), constrain="domain", **ticks)
        layout["yaxis" + axis] = dict(domain=[0.0, 1.0], anchor="x" + axis, autorange="reversed",
                                      scaleanchor="x" + axis, constrain="domain", title=dict(text=L["true"]), **ticks)
        right = accuracy(matrix)
        share_text = "–" if np.isnan(right) else f"{100 * right:.1f}%"
        layout["annotations"].append(dict(
            text=L["panel"].replace("{split}", f"<b>{html.escape(title)}</b>").replace("{share}", share_text), x=left + width / 2, y=1.0,
            xref="paper", yref="paper", xanchor="center", yanchor="bottom", showarrow=False,
        ))
    return go.Figure(data=traces, layout=layout)
