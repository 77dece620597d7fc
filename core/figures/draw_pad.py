"""The pad a student draws a data set on: the playground's plane with the points drawn so far.

A click has to land on a data point for plotly to report it (Streamlit's `on_select` gives the
selected points, not the position of the mouse), so the pad lays an invisible marker on every
cell of the drawing grid (core.nn.drawn, 61 x 61); the page reads the clicked marker's x and y.
The grid's hover shows where a point would go. The drawn points are one trace per class, in
the class colours of every playground chart.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import CLASS_COLORS
from core.nn.datasets import DOMAIN_2D
from core.nn.drawn import GRID_CELLS, coordinate

GRID_TRACE = 0  # the invisible clickable cells come first; trace 1 + k holds class k


def draw_pad_figure(points, n_classes: int, test=None, height: int = 250) -> go.Figure:
    """`points` (x1, x2, class) as drawn, of `n_classes` classes (the pad offers them all; the
    class picker above the pad names them, in the same colours, with their counts).
    `test` marks the points held out to test the network (drawn as rings, as they are missing
    from the playground's picture until "show test data" is on), or None."""
    test = [False] * len(points) if test is None else list(test)
    positions = np.array([coordinate(i) for i in range(GRID_CELLS)])
    gx, gy = np.meshgrid(positions, positions)
    figure = go.Figure()
    figure.add_trace(go.Scatter(
        x=gx.ravel(), y=gy.ravel(), mode="markers", showlegend=False,
        # opacity 0 keeps the markers clickable (plotly picks points by their data, not paint);
        # a selection must not make them, or the drawn points, show or fade
        marker=dict(size=7, color="#000000", opacity=0),
        selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)),
        hovertemplate="x₁ = %{x:.1f}, x₂ = %{y:.1f}<extra></extra>",
    ))
    for k in range(n_classes):
        mine = [(x, y, held) for (x, y, c), held in zip(points, test) if c == k]
        color = CLASS_COLORS[k]
        figure.add_trace(go.Scatter(
            x=[x for x, _, _ in mine], y=[y for _, y, _ in mine], mode="markers", name=str(k), showlegend=False,
            marker=dict(size=10, color=[("#FFFFFF" if held else color) for *_, held in mine] or color,
                        line=dict(color=[(color if held else "#FFFFFF") for *_, held in mine] or "#FFFFFF",
                                  width=[(2.5 if held else 1.2) for *_, held in mine] or 1.2)),
            unselected=dict(marker=dict(opacity=1)), hoverinfo="skip",
        ))
    edge = DOMAIN_2D + 0.3
    # constrain="domain": the square plane shrinks to fit, its range stays the playground's
    axis = dict(range=[-edge, edge], fixedrange=True, constrain="domain", zeroline=True, zerolinecolor="#BBBBBB",
                dtick=2, showgrid=True, title=None, automargin=False)
    figure.update_layout(
        height=height, margin=dict(l=28, r=6, t=6, b=24), dragmode=False, hovermode="closest",
        xaxis=axis, yaxis=dict(axis, scaleanchor="x", scaleratio=1), showlegend=False,
    )
    return figure
