"""Pictures of the universal approximation theorem: one function fitted by 1, 2, 4, 8 and 16
hidden neurons side by side (small multiples on shared axes), and the error by width.

``labels`` holds the page's translated strings; missing keys fall back to English: "target"
(the function), "fit" (the network), "part" (one neuron's share v·f(w·x + b)), "neurons"
(a panel's title, with {n}), "width" (the error chart's x axis), "mse" (its y axis).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures.shared import built_once
from core.figures.theme import BLUE, D3_FORMAT, SKY_BLUE, SMALL_FONT_SIZE, round3, use_vectorlab_template
from core.nn.approximation import INTERVAL, Approximation

DEFAULT_LABELS = {"target": "function", "fit": "network", "part": "one neuron's part", "neurons": "{n} neurons",
                  "width": "hidden neurons", "mse": "mean squared error"}
TARGET_COLOR = "#9A9A9A"
CURVE_POINTS = 401


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


@built_once
def fits_figure(result: Approximation, *, parts: bool = False, labels: Mapping[str, str] | None = None,
                columns: int | None = None) -> go.Figure:
    """One panel per width, the target in grey and the network's output in blue; with `parts`,
    each hidden neuron's share of the output as a thin line (the output is their sum + a bias)."""
    use_vectorlab_template()
    L = _labels(labels)
    fits = result.fits
    columns = columns or len(fits)
    rows = -(-len(fits) // columns)
    titles = [f"{L['neurons'].format(n=fit.width)}<br>MSE = {round3(fit.mse)}" for fit in fits]
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=titles, shared_yaxes=True,
                        # at 0.02 the panels' end ticks ran together ("1−1")
                        horizontal_spacing=0.045 if columns > 3 else 0.06, vertical_spacing=0.2)
    x = np.linspace(*INTERVAL, CURVE_POINTS)
    lo, hi = float(result.y.min()), float(result.y.max())
    pad = 0.25 * ((hi - lo) or 1.0)
    for k, fit in enumerate(fits):
        row, col = k // columns + 1, k % columns + 1
        first = k == 0
        if parts:
            shares = fit.parts(x)
            xs = np.concatenate([np.append(x, np.nan)] * shares.shape[1])
            ys = np.concatenate([np.append(shares[:, j], np.nan) for j in range(shares.shape[1])])
            fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=L["part"], legendgroup="part", showlegend=first,
                                     hoverinfo="skip", line=dict(color=SKY_BLUE, width=1)), row=row, col=col)
        fig.add_trace(go.Scatter(x=result.x, y=result.y, mode="markers", name=L["target"], legendgroup="target",
                                 showlegend=first, marker=dict(size=3.5, color=TARGET_COLOR),
                                 hoverinfo="skip"), row=row, col=col)
        fig.add_trace(go.Scatter(x=x, y=fit.net.forward(x[:, None])[:, 0], mode="lines", name=L["fit"],
                                 legendgroup="fit", showlegend=first, line=dict(color=BLUE, width=2.5),
                                 hovertemplate=f"x = %{{x:{D3_FORMAT}}}<br>ŷ = %{{y:{D3_FORMAT}}}<extra></extra>"),
                      row=row, col=col)
        fig.update_xaxes(range=list(INTERVAL), tickvals=[-1, 0, 1], title_text="x" if row == rows else None,
                         row=row, col=col)
        fig.update_yaxes(range=[lo - pad, hi + pad], row=row, col=col)
    fig.update_annotations(font_size=SMALL_FONT_SIZE)
    # the legend at the top of the whole figure, above the panels' two-line titles (placed on
    # the plot, it sat on them)
    fig.update_layout(height=300 * rows + 40, margin=dict(l=40, r=10, t=100, b=40),
                      legend=dict(orientation="h", yref="container", y=1.0, yanchor="top", x=0.0))
    return fig


@built_once
def error_figure(result: Approximation, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """The error each width reached, as bars on a log scale with their numbers."""
    use_vectorlab_template()
    L = _labels(labels)
    widths = [str(fit.width) for fit in result.fits]
    errors = np.array(result.errors)
    floor = max(float(errors.min()), 1e-12)  # ReLU fits |x| to rounding error: the log axis needs a floor
    shown = np.maximum(errors, floor)
    fig = go.Figure(go.Bar(x=widths, y=shown, marker_color=BLUE, text=[round3(e) for e in errors],
                           textposition="outside", cliponaxis=False,
                           hovertemplate=f"%{{x}}: MSE = %{{y:{D3_FORMAT}}}<extra></extra>"))
    top = np.log10(float(shown.max())) + 0.6
    bottom = np.log10(floor) - 0.3
    fig.update_layout(height=300, margin=dict(l=60, r=10, t=30, b=50), showlegend=False,
                      xaxis=dict(title=dict(text=L["width"]), type="category"),
                      yaxis=dict(title=dict(text=L["mse"]), type="log", exponentformat="power", range=[bottom, top],
                                 dtick=1 if top - bottom < 8 else 2))
    return fig
