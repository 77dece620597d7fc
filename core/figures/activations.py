"""Figures of the "Activations" page: an activation with its derivative, and one neuron.

`activation_figure(act, labels=...)` draws f (solid blue) and f' (dashed vermillion) over
[-6, 6], shades where the derivative is almost zero (there gradient descent gets almost no
signal: the step function everywhere, saturated sigmoid and tanh, ReLU's dead side) and marks
the points where f has no derivative. `neuron_figure(act, w, b, labels=...)` draws one neuron,
y = f(w·x + b), over the same plain f(x) in grey, with the point where w·x + b = 0.

``labels`` holds the page's translated strings; missing keys fall back to English:
"x", "f" (the function's legend), "df" (the derivative's), "flat" (the shaded zone),
"kink" (a point without a derivative), "neuron" (the neuron's curve), "plain" (f(x) itself),
"centre" (the point w·x + b = 0).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import plotly.graph_objects as go

from core.figures.shared import built_once
from core.figures.theme import BLUE, D3_FORMAT, SMALL_FONT_SIZE, VERMILLION, use_vectorlab_template
from core.nn.activations import Activation

DEFAULT_LABELS = {
    "x": "x", "f": "f(x)", "df": "f′(x)", "flat": "gradient almost 0", "kink": "no derivative",
    "neuron": "f(w·x + b)", "plain": "f(x)", "centre": "w·x + b = 0",
    # the y axes' titles are formulas, the same in every language
    "y": "f(x), f′(x)", "y_neuron": "f(w·x + b)",
}
X_RANGE = (-6.0, 6.0)
POINTS = 1201  # 0.01 apart: kinks at 0 fall on a sample
FLAT = 0.01  # |f'| below this counts as "almost no gradient" (leaky ReLU's smallest slope, 0.01, does not)
JUMP = 0.1  # a larger change between samples 0.01 apart is a discontinuity (smooth curves here change by < 0.06)
HEIGHT = 420


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def _x() -> np.ndarray:
    return np.linspace(*X_RANGE, POINTS)


def flat_zones(activation: Activation, x: np.ndarray | None = None) -> list[tuple[float, float]]:
    """The stretches of x where |f'(x)| < FLAT, as (start, end) pairs."""
    x = _x() if x is None else x
    flat = np.abs(activation.df(x)) < FLAT
    zones, start = [], None
    for i, is_flat in enumerate(flat):
        if is_flat and start is None:
            start = x[i]
        if start is not None and (not is_flat or i == len(x) - 1):
            zones.append((float(start), float(x[i if is_flat else i - 1])))
            start = None
    return zones


def _with_gaps(x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """x and y with a NaN wherever y jumps between two neighbouring samples (the step, ReLU's
    derivative at 0): plotly would otherwise draw the jump as a vertical line."""
    jumps = np.flatnonzero(np.abs(np.diff(y)) > JUMP) + 1
    return {"x": np.insert(x.astype(float), jumps, np.nan), "y": np.insert(y.astype(float), jumps, np.nan)}


def _y_range(*curves: np.ndarray) -> list[float]:
    values = np.concatenate([c[np.isfinite(c)] for c in curves])
    lo, hi = float(values.min()), float(values.max())
    pad = 0.08 * max(hi - lo, 1.0)
    return [lo - pad, hi + pad]


@built_once
def activation_figure(activation: Activation, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    use_vectorlab_template()
    L = _labels(labels)
    x = _x()
    f, df = activation.f(x), activation.df(x)
    fig = go.Figure()
    zones = flat_zones(activation, x)
    for start, end in zones:
        fig.add_vrect(x0=start, x1=end, fillcolor="#EDEDED", line_width=0, layer="below")
    # The legend names the shading once, with an invisible square of its colour.
    if zones:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=L["flat"], hoverinfo="skip",
                                 marker=dict(symbol="square", size=14, color="#EDEDED")))
    fig.add_trace(go.Scatter(**_with_gaps(x, f), mode="lines", name=L["f"], line=dict(color=BLUE, width=3.5),
                             hovertemplate=f"%{{y:{D3_FORMAT}}}"))
    fig.add_trace(go.Scatter(**_with_gaps(x, df), mode="lines", name=L["df"],
                             line=dict(color=VERMILLION, width=2.5, dash="dash"), hovertemplate=f"%{{y:{D3_FORMAT}}}"))
    if activation.kinks:
        kinks = np.asarray(activation.kinks)
        fig.add_trace(go.Scatter(
            x=kinks, y=activation.f(kinks), mode="markers", name=L["kink"], hoverinfo="skip",
            marker=dict(symbol="circle-open", size=13, color="#222222", line=dict(width=2.5)),
        ))
    fig.update_layout(
        height=HEIGHT, hovermode="x unified", margin=dict(l=50, r=20, t=20, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0.0),
        xaxis=dict(title=dict(text=L["x"]), range=list(X_RANGE), zeroline=True, zerolinecolor="#BBBBBB",
                   hoverformat=".2f"),
        yaxis=dict(title=dict(text=L["y"]), range=_y_range(f, df), zeroline=True, zerolinecolor="#BBBBBB"),
    )
    return fig


@built_once
def neuron_figure(activation: Activation, w: float, b: float, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    use_vectorlab_template()
    L = _labels(labels)
    x = _x()
    plain, neuron = activation.f(x), activation.f(w * x + b)
    fig = go.Figure()
    fig.add_trace(go.Scatter(**_with_gaps(x, plain), mode="lines", name=L["plain"],
                             line=dict(color="#AAAAAA", width=2), hovertemplate=f"%{{y:{D3_FORMAT}}}"))
    fig.add_trace(go.Scatter(**_with_gaps(x, neuron), mode="lines", name=L["neuron"],
                             line=dict(color=BLUE, width=3.5), hovertemplate=f"%{{y:{D3_FORMAT}}}"))
    if w != 0 and X_RANGE[0] <= -b / w <= X_RANGE[1]:
        centre = -b / w
        fig.add_trace(go.Scatter(
            x=[centre], y=activation.f(np.array([0.0])), mode="markers", name=L["centre"],
            marker=dict(size=11, color=VERMILLION), hovertemplate=f"x = %{{x:{D3_FORMAT}}}<extra></extra>",
        ))
    fig.update_layout(
        height=HEIGHT - 60, hovermode="x unified", margin=dict(l=50, r=20, t=20, b=50),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0.0,
                    font=dict(size=SMALL_FONT_SIZE + 1)),
        xaxis=dict(title=dict(text=L["x"]), range=list(X_RANGE), zeroline=True, zerolinecolor="#BBBBBB",
                   hoverformat=".2f"),
        yaxis=dict(title=dict(text=L["y_neuron"]), range=_y_range(plain, neuron), zeroline=True,
                   zerolinecolor="#BBBBBB"),
    )
    return fig
