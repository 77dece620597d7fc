"""The class's answers to a question as bars: grey-blue while they arrive, the right option(s)
green once revealed (Okabe–Ito colours, told apart without colour by a check mark)."""

from __future__ import annotations

import html

import plotly.graph_objects as go

from core.figures.theme import use_vectorlab_template

_ANSWER = "#56B4E9"
_RIGHT = "#009E73"
_OTHER = "#BBBBBB"


def tally_figure(labels: list[str], counts: list[int], right: set[int] | None = None, *, title: str = "") -> go.Figure:
    """`labels` are shown as text (escaped: a word the class typed is never markup); `right`
    holds the indexes of the right options once revealed (None while answers arrive)."""
    use_vectorlab_template()
    shown = [html.escape(label) + (" ✓" if right is not None and i in right else "") for i, label in enumerate(labels)]
    if right is None:
        colours = [_ANSWER] * len(labels)
    else:
        colours = [_RIGHT if i in right else _OTHER for i in range(len(labels))]
    total = sum(counts) or 1
    figure = go.Figure(go.Bar(
        x=counts, y=shown, orientation="h", marker_color=colours,
        text=[f"{c} ({round(100 * c / total)}%)" for c in counts], textposition="auto",
        hovertemplate="%{y}: %{x}<extra></extra>",
    ))
    figure.update_layout(
        title=title, height=90 + 44 * len(labels), margin=dict(l=10, r=20, t=40 if title else 10, b=30),
        yaxis=dict(autorange="reversed", automargin=True), xaxis=dict(rangemode="tozero", dtick=1 if max(counts, default=0) < 10 else None),
        showlegend=False,
    )
    return figure
