"""The pad a student draws a data set on: the playground's plane with the points drawn so far.

A click has to land on a data point for plotly to report it (Streamlit's `on_select` gives the
selected points, not the position of the mouse), so the pad lays an invisible marker on every
cell of the drawing grid (core.nn.drawn, 61 x 61); the page reads the clicked marker's x and y.
The grid's hover shows where a point would go. The drawn points are one trace per class, in
the class colours of every playground chart, named with their count for the legend.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import CLASS_COLORS, SMALL_FONT_SIZE
from core.nn.datasets import DOMAIN_2D
from core.nn.drawn import GRID_CELLS, class_counts, coordinate

GRID_TRACE = 0  # the invisible clickable cells come first; trace 1 + k holds class k


def draw_pad_figure(points, class_names: list[str], height: int = 330) -> go.Figure:
    """`points` (x1, x2, class) as drawn; `class_names` names each class the pad offers (their
    number is the number of classes), shown in the legend with how many points each has."""
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
    counts = class_counts(points, len(class_names))
    for k, name in enumerate(class_names):
        mine = [(x, y) for x, y, c in points if c == k]
        figure.add_trace(go.Scatter(
            x=[x for x, _ in mine], y=[y for _, y in mine], mode="markers", name=f"{name}: {counts[k]}",
            marker=dict(size=10, color=CLASS_COLORS[k], line=dict(color="#FFFFFF", width=1.2)),
            unselected=dict(marker=dict(opacity=1)), hoverinfo="skip",
        ))
    edge = DOMAIN_2D + 0.3
    axis = dict(range=[-edge, edge], fixedrange=True, zeroline=True, zerolinecolor="#BBBBBB",
                dtick=2, showgrid=True, title=None, automargin=False)
    figure.update_layout(
        height=height, margin=dict(l=28, r=6, t=6, b=24), dragmode=False, hovermode="closest",
        xaxis=axis, yaxis=dict(axis, scaleanchor="x", scaleratio=1),
        # the legend under the plane: class, colour and count, never over the points
        legend=dict(orientation="h", x=0, y=-0.08, yanchor="top", itemclick=False, itemdoubleclick=False,
                    font=dict(size=SMALL_FONT_SIZE), bgcolor="rgba(0,0,0,0)"),
        showlegend=True,
    )
    return figure
