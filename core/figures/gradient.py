"""Pictures of the derivative and the gradient (the lecture's "Производная", "Что такое градиент").

* `add_gradient(fig, surface, points, field=...)` draws on the optimizer race's contours the
  gradient at the start point(s): ∇f uphill (grey) and −∇f downhill (black), named in the
  hover (the page's caption says which is which), and, with a
  `core.nn.derivatives.Field`, a field of −∇f arrows over the whole loss. Plotly has no quiver
  in graph_objects: an arrow is a line segment plus an "arrow" marker turned by its angle.
  Every arrow has the same length (the gradient's size varies by powers of ten on Rosenbrock's
  valley, so true lengths would be dots and spears); its size is in the hover.
* `secant_figure(curve, secant)` shows the derivative as a limit: the secant through x and
  x + Δx with its Δx and Δf, beside the tangent it turns into as Δx shrinks.
* `slices_figure(slices)` shows partial derivatives as the slopes of two slices of the surface.

``labels`` holds the page's translated strings; missing keys fall back to English (see
`DEFAULT_LABELS`). Formulas ("∂f/∂x", "Δf") are the same in every language.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from core.figures.shared import built_once
from core.figures.theme import BLUE, D3_FORMAT, SMALL_FONT_SIZE, VERMILLION, round3, use_vectorlab_template
from core.nn.derivatives import Field, Gradient, Secant, Slices
from core.nn.descent import Curve, Surface

DEFAULT_LABELS = {
    "uphill": "∇f (uphill)", "downhill": "−∇f (downhill)", "field": "−∇f everywhere (direction only)",
    "secant": "secant", "tangent": "tangent", "f": "f(x)", "x": "x", "y": "y",
}
ARROW = 0.16  # the start point's arrows: this share of the box's shorter side
FIELD_ARROW = 0.7  # the field's arrows: this share of the grid's spacing
UPHILL_COLOR = "#888888"
DOWNHILL_COLOR = "#000000"
FIELD_COLOR = "#5A5A5A"
WINDOW = 0.25  # the secant's chart: x₀ ± this share of the curve's box


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def arrow_angle(u, v) -> np.ndarray:
    """Plotly's marker angle for a direction (u, v) on equal axes: degrees clockwise from up."""
    return np.degrees(np.arctan2(u, v))


def add_gradient(fig: go.Figure, surface: Surface, points: Sequence[Gradient], *, field: Field | None = None,
                 labels: Mapping[str, str] | None = None) -> go.Figure:
    """The gradient at each point (and the field) on top of the race's contours. Traces are
    appended after the race's own, so its animation frames still address the right ones."""
    L = _labels(labels)
    if field is not None:
        half = FIELD_ARROW * field.spacing / 2
        tails_x, tails_y = field.x - half * field.u, field.y - half * field.v
        heads_x, heads_y = field.x + half * field.u, field.y + half * field.v
        moving = (field.u != 0) | (field.v != 0)
        segments_x = np.column_stack([tails_x, heads_x, np.full_like(tails_x, np.nan)])[moving].ravel()
        segments_y = np.column_stack([tails_y, heads_y, np.full_like(tails_y, np.nan)])[moving].ravel()
        fig.add_trace(go.Scatter(x=segments_x, y=segments_y, mode="lines", hoverinfo="skip", showlegend=False,
                                 line=dict(color=FIELD_COLOR, width=1.2)))
        fig.add_trace(go.Scatter(
            x=heads_x[moving], y=heads_y[moving], mode="markers", name=L["field"], showlegend=False,
            marker=dict(symbol="arrow", size=9, color=FIELD_COLOR, angle=arrow_angle(field.u, field.v)[moving],
                        angleref="up"),
            customdata=np.column_stack([field.x, field.y, -field.u * field.norm, -field.v * field.norm,
                                        field.norm])[moving],
            hovertemplate=(f"(%{{customdata[0]:{D3_FORMAT}}}, %{{customdata[1]:{D3_FORMAT}}})<br>"
                           f"∂f/∂x = %{{customdata[2]:{D3_FORMAT}}}<br>∂f/∂y = %{{customdata[3]:{D3_FORMAT}}}<br>"
                           f"|∇f| = %{{customdata[4]:{D3_FORMAT}}}<extra></extra>"),
        ))
    (x0, x1), (y0, y1) = surface.box
    length = ARROW * min(x1 - x0, y1 - y0)
    for point in points:
        u, v = point.downhill()
        if (u, v) == (0.0, 0.0):
            continue
        for sign, color, width in ((-1, UPHILL_COLOR, 2.5), (1, DOWNHILL_COLOR, 3.5)):
            fig.add_annotation(x=point.x + sign * length * u, y=point.y + sign * length * v, ax=point.x, ay=point.y,
                               xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True, arrowhead=2,
                               arrowsize=1.2, arrowwidth=width, arrowcolor=color, standoff=0, startstandoff=0)
        # named where a hover finds them; not in the legend: three more entries there (with two
        # optimizers) wrapped it into seven lines over the chart and squeezed the contours to half
        fig.add_trace(go.Scatter(
            x=[point.x + length * u, point.x - length * u], y=[point.y + length * v, point.y - length * v],
            mode="markers", showlegend=False, marker=dict(size=14, color="rgba(0,0,0,0)"),
            text=[L["downhill"], L["uphill"]],
            hovertemplate=(f"%{{text}}<br>∂f/∂x = {round3(point.dfdx)}, ∂f/∂y = {round3(point.dfdy)}<br>"
                           f"|∇f| = {round3(point.norm)}<extra></extra>")))
    return fig


@built_once
def secant_figure(curve: Curve, secant: Secant, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """f, the tangent at x, the secant through x and x + Δx, and the legs Δx and Δf between them."""
    use_vectorlab_template()
    L = _labels(labels)
    x0, x1 = secant.x, secant.x + secant.dx
    # a window around x₀ of a fixed size, so that shrinking Δx is seen as the second point closing
    # in (over the whole box, at x₀ = 2.5 secant and tangent ran together from Δx = 0.5 on)
    half = WINDOW * (curve.box[1] - curve.box[0])
    lo, hi = min(x0 - half, x1), max(x0 + half, x1)
    pad = 0.04 * (hi - lo)
    lo, hi = lo - pad, hi + pad
    xs = np.linspace(lo, hi, 401)
    ys = curve.f(xs)
    line_x = np.array([lo, hi])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=L["f"], line=dict(color=BLUE, width=3),
                             hovertemplate=f"x = %{{x:{D3_FORMAT}}}<br>f = %{{y:{D3_FORMAT}}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=line_x, y=secant.f0 + secant.derivative * (line_x - x0), mode="lines",
                             name=f"{L['tangent']}: f′(x₀) = {secant.derivative:.6g}", hoverinfo="skip",
                             line=dict(color="#444444", width=2, dash="dot")))
    fig.add_trace(go.Scatter(x=line_x, y=secant.f0 + secant.slope * (line_x - x0), mode="lines",
                             name=f"{L['secant']}: Δf/Δx = {secant.slope:.6g}", hoverinfo="skip",
                             line=dict(color=VERMILLION, width=2.5)))
    # the legs: Δx along, then Δf up to the curve (a right triangle under the secant)
    fig.add_trace(go.Scatter(x=[x0, x1, x1], y=[secant.f0, secant.f0, secant.f1], mode="lines", showlegend=False,
                             hoverinfo="skip", line=dict(color=VERMILLION, width=1.5, dash="dash")))
    fig.add_trace(go.Scatter(x=[x0, x1], y=[secant.f0, secant.f1], mode="markers", showlegend=False,
                             marker=dict(size=11, color=[VERMILLION, "#FFFFFF"], line=dict(color=VERMILLION, width=2.5)),
                             customdata=[["x"], ["x + Δx"]],
                             hovertemplate=f"%{{customdata[0]}} = %{{x:{D3_FORMAT}}}<br>f = %{{y:{D3_FORMAT}}}<extra></extra>"))
    span = float(np.ptp(ys)) or 1.0
    if abs(secant.dx) > 0.03 * (hi - lo):  # the legs' names, while the triangle is big enough to hold them
        fig.add_annotation(x=(x0 + x1) / 2, y=secant.f0, text="Δx", showarrow=False, yshift=-12,
                           font=dict(color=VERMILLION, size=SMALL_FONT_SIZE + 1))
    if abs(secant.f1 - secant.f0) > 0.04 * span:
        fig.add_annotation(x=x1, y=(secant.f0 + secant.f1) / 2, text="Δf", showarrow=False, xshift=16,
                           font=dict(color=VERMILLION, size=SMALL_FONT_SIZE + 1))
    y_lo, y_hi = float(ys.min()), float(ys.max())
    fig.update_layout(
        height=360, margin=dict(l=50, r=20, t=30, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0),
        xaxis=dict(title=dict(text=L["x"]), range=[lo, hi]),
        yaxis=dict(title=dict(text=L["f"]), range=[y_lo - 0.1 * span, y_hi + 0.1 * span]),
    )
    return fig


@built_once
def slices_figure(cut: Slices, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """Two small charts: f(x, y₀) against x and f(x₀, y) against y, each with its tangent at the
    point, whose slopes are the partial derivatives ∂f/∂x and ∂f/∂y."""
    use_vectorlab_template()
    L = _labels(labels)
    p = cut.point
    titles = (f"f(x, y₀), y₀ = {round3(p.y)}", f"f(x₀, y), x₀ = {round3(p.x)}")
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.14)
    sides = ((cut.xs, cut.along_x, p.x, p.dfdx, "∂f/∂x", L["x"]), (cut.ys, cut.along_y, p.y, p.dfdy, "∂f/∂y", L["y"]))
    for col, (along, values, at, slope, name, axis) in enumerate(sides, start=1):
        here = cut.value
        finite = values[np.isfinite(values)]
        low, high = (float(finite.min()), float(finite.max())) if len(finite) else (-1.0, 1.0)
        span = (high - low) or 1.0
        half = 0.18 * (along[-1] - along[0])
        tx = np.array([at - half, at + half])
        fig.add_trace(go.Scatter(x=along, y=values, mode="lines", line=dict(color=BLUE, width=2.5), showlegend=False,
                                 hovertemplate=f"{axis} = %{{x:{D3_FORMAT}}}<br>f = %{{y:{D3_FORMAT}}}<extra></extra>"),
                      row=1, col=col)
        fig.add_trace(go.Scatter(x=tx, y=here + slope * (tx - at), mode="lines", showlegend=False, hoverinfo="skip",
                                 line=dict(color=VERMILLION, width=2.5)), row=1, col=col)
        fig.add_trace(go.Scatter(x=[at], y=[here], mode="markers", showlegend=False, hoverinfo="skip",
                                 marker=dict(size=10, color=VERMILLION)), row=1, col=col)
        fig.add_annotation(x=0.02, y=0.98, xref=f"x{col if col > 1 else ''} domain", yref=f"y{col if col > 1 else ''} domain",
                           xanchor="left", yanchor="top", showarrow=False, bgcolor="rgba(255,255,255,0.85)",
                           text=f"{name} = {round3(slope)}", font=dict(color=VERMILLION, size=SMALL_FONT_SIZE + 1))
        fig.update_xaxes(title_text=axis, range=[float(along[0]), float(along[-1])], row=1, col=col)
        fig.update_yaxes(range=[low - 0.1 * span, high + 0.1 * span], row=1, col=col)
    fig.update_yaxes(title_text="f", row=1, col=1)
    fig.update_layout(height=300, margin=dict(l=50, r=20, t=40, b=50))
    return fig
