"""Figures of the "Gradient descent" page: one-dimensional descent with its tangent, and the
optimizer race on a two-dimensional loss (contours or a 3-D surface, and the loss by step).

Both animate with plotly's own frames (a few small traces, so redraws are cheap); the figures
open on the last step, and Play replays the run from the start.

``labels`` holds the page's translated strings; missing keys fall back to English: "x", "y",
"f" (the function), "path" (the descent steps), "tangent", "step", "loss", "start", "minimum",
"play", "pause", "off_picture" (the note on 1-D steps beyond the picture: {n} steps, |x| up to {x}).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.shared import built_once
from core.figures.theme import BLUE, D3_FORMAT, LINE_COLORS, SMALL_FONT_SIZE, VERMILLION, use_vectorlab_template
from core.nn.descent import BatchRun, Curve, Descent1D, Regression, Result, Surface

DEFAULT_LABELS = {
    "x": "x", "y": "y", "f": "f(x)", "path": "steps", "tangent": "tangent", "step": "step", "loss": "loss",
    "start": "start", "minimum": "minimum", "play": "Play", "pause": "Pause",
    "off_picture": "{n} steps lie beyond the picture: |x| reaches {x}",
}
RACE_FRAMES = 40  # animation frames of a race, whatever its number of steps
GRID = 121


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def _animation(L: dict, names: list[str], active: int, duration: int) -> tuple[list, list]:
    """Plotly's Play / Pause buttons and a step slider over frames named `names`."""
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": False}, "transition": {"duration": 0}}
    slider = dict(
        active=active, x=0.24, len=0.76, y=0, yanchor="top", pad=dict(t=45),
        # the counter's colour is its own: unset, plotly takes the step labels', which are
        # transparent when there are too many to write (and the race showed no step number)
        currentvalue=dict(prefix=L["step"] + " ", xanchor="right", font=dict(size=SMALL_FONT_SIZE + 1, color="#222222")),
        steps=[dict(method="animate", label=name, args=[[name], step_args]) for name in names],
        font=dict(size=SMALL_FONT_SIZE - 2, color="rgba(0,0,0,0)" if len(names) > 25 else "#444444"),
        ticklen=0 if len(names) > 25 else 4,
        minorticklen=0 if len(names) > 25 else 4,  # hundreds of marks made a smudge under the slider
    )
    play = {"frame": {"duration": duration, "redraw": False}, "transition": {"duration": 0},
            "fromcurrent": False, "mode": "immediate"}
    buttons = dict(type="buttons", direction="left", x=0.0, y=0, yanchor="top", xanchor="left", pad=dict(t=55),
                   showactive=False, font=dict(size=SMALL_FONT_SIZE),
                   buttons=[dict(label="▶ " + L["play"], method="animate", args=[None, play]),
                            dict(label="❚❚ " + L["pause"], method="animate", args=[[None], step_args])])
    return [slider], [buttons]


# --------------------------------------------------------------------------- one dimension


@built_once
def one_d_figure(curve: Curve, run: Descent1D, *, labels: Mapping[str, str] | None = None) -> go.Figure:
    """The curve, the steps so far and the tangent at the current one; one frame per step."""
    use_vectorlab_template()
    L = _labels(labels)
    xs = run.xs
    ys = curve.f(xs)
    lo, hi = _one_d_range(curve, xs)
    x = np.linspace(lo, hi, 401)
    y = curve.f(x)
    y_range = [float(y.min()) - 0.1 * float(np.ptp(y)), float(y.max()) + 0.1 * float(np.ptp(y))]
    half = 0.15 * (curve.box[1] - curve.box[0])

    def moving(k: int) -> list[dict]:
        slope = float(curve.df(np.array(xs[k])))
        tx = np.array([xs[k] - half, xs[k] + half])
        return [
            dict(type="scatter", x=xs[: k + 1], y=ys[: k + 1]),
            dict(type="scatter", x=tx, y=ys[k] + slope * (tx - xs[k])),
            dict(type="scatter", x=[xs[k]], y=[ys[k]]),
        ]

    last = len(xs) - 1
    fig = go.Figure(data=[
        go.Scatter(x=x, y=y, mode="lines", name=L["f"], line=dict(color=BLUE, width=3),
                   hovertemplate=f"x = %{{x:{D3_FORMAT}}}<br>f = %{{y:{D3_FORMAT}}}<extra></extra>"),
        go.Scatter(**moving(last)[0], mode="lines+markers", name=L["path"],
                   line=dict(color=VERMILLION, width=1.5), marker=dict(size=8, color=VERMILLION),
                   customdata=np.arange(len(xs)),
                   hovertemplate=f"{L['step']} %{{customdata}}: x = %{{x:{D3_FORMAT}}}<extra></extra>"),
        go.Scatter(**moving(last)[1], mode="lines", name=L["tangent"], line=dict(color="#444444", width=2, dash="dot"),
                   hoverinfo="skip"),
        go.Scatter(**moving(last)[2], mode="markers", showlegend=False, hoverinfo="skip",
                   marker=dict(size=14, color=VERMILLION, line=dict(color="#FFFFFF", width=2))),
    ])
    names = [str(k) for k in range(len(xs))]
    fig.frames = [go.Frame(name=name, data=moving(k), traces=[1, 2, 3]) for k, name in enumerate(names)]
    sliders, menus = _animation(L, names, last, 500)
    fig.update_layout(
        height=440, margin=dict(l=50, r=20, t=30, b=100), sliders=sliders, updatemenus=menus,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0),
        xaxis=dict(title=dict(text=L["x"]), range=[lo, hi]), yaxis=dict(title=dict(text=L["f"]), range=y_range),
    )
    off = np.flatnonzero((xs < lo) | (xs > hi))
    if len(off):  # the path runs on beyond the picture: say so, with how far it went
        fig.add_annotation(text=L["off_picture"].format(n=len(off), x=f"{float(np.max(np.abs(xs))):.3g}"),
                           xref="paper", yref="paper", x=0.5, y=1.0, yanchor="top", showarrow=False,
                           bgcolor="rgba(255,255,255,0.85)", font=dict(color=VERMILLION, size=SMALL_FONT_SIZE + 1))
    return fig


def _one_d_range(curve: Curve, xs: np.ndarray, reach: float = 5.0) -> tuple[float, float]:
    """The x range to draw: the curve's box, widened to cover the path up to `reach` times the
    box's half-width from its centre. γ = 1.1 on the parabola grows x by 1.2 a step, to ±96
    after 20: past that the first steps would shrink to a dot, so the rest leave the picture."""
    lo, hi = curve.box
    centre, half = (lo + hi) / 2, (hi - lo) / 2
    inside = xs[np.abs(xs - centre) <= reach * half]
    if len(inside) == 0 or (inside.min() >= lo and inside.max() <= hi):
        return lo, hi
    lo, hi = min(lo, float(inside.min())), max(hi, float(inside.max()))
    pad = 0.05 * (hi - lo)
    return lo - pad, hi + pad


# --------------------------------------------------------------------------- the race


def _grid(surface: Surface) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    (x0, x1), (y0, y1) = surface.box
    gx, gy = np.linspace(x0, x1, GRID), np.linspace(y0, y1, GRID)
    z = surface.f(gx[None, :], gy[:, None])
    return gx, gy, z


def _shown(surface: Surface, z: np.ndarray) -> np.ndarray:
    """What the colours show: log10(1 + f) for losses spanning many orders of magnitude."""
    return np.log10(1.0 + z - min(float(z.min()), 0.0)) if surface.log_scale else z


def _marks(steps: int) -> list[int]:
    return sorted({int(round(v)) for v in np.linspace(0, steps, min(RACE_FRAMES, steps) + 1)})


@built_once
def race_figure(surface: Surface, results: Sequence[Result], names: Sequence[str], *,
                labels: Mapping[str, str] | None = None, steps: int | None = None) -> go.Figure:
    """Contours of the loss and each contestant's path, one colour each, animated by step."""
    use_vectorlab_template()
    L = _labels(labels)
    gx, gy, z = _grid(surface)
    steps = steps if steps is not None else max(len(r.path) - 1 for r in results)
    fig = go.Figure()
    fig.add_trace(go.Contour(x=gx, y=gy, z=_shown(surface, z), colorscale="Greys", reversescale=True, ncontours=30,
                             showscale=False, contours=dict(coloring="heatmap", showlines=True), opacity=0.55,
                             hoverinfo="skip", line=dict(width=0.5)))
    if surface.minima:
        mx, my = zip(*surface.minima)
        fig.add_trace(go.Scatter(x=mx, y=my, mode="markers", name=L["minimum"], hoverinfo="skip",
                                 marker=dict(symbol="star", size=16, color="#222222", line=dict(color="#FFFFFF", width=1))))
    first_path = len(fig.data)
    for i, (result, name) in enumerate(zip(results, names)):
        color = LINE_COLORS[i % len(LINE_COLORS)]
        fig.add_trace(go.Scatter(
            x=result.path[:, 0], y=result.path[:, 1], mode="lines+markers", name=name,
            line=dict(color=color, width=2.5), marker=dict(size=4, color=color),
            customdata=np.column_stack([np.arange(len(result.path)), result.losses]),
            hovertemplate=(f"{name}<br>{L['step']} %{{customdata[0]}}: {L['loss']} = %{{customdata[1]:{D3_FORMAT}}}"
                           "<extra></extra>"),
        ))
    starts = np.array([r.path[0] for r in results])
    fig.add_trace(go.Scatter(x=starts[:, 0], y=starts[:, 1], mode="markers", name=L["start"], hoverinfo="skip",
                             marker=dict(symbol="circle-open", size=14, color="#222222", line=dict(width=2.5))))
    marks = _marks(steps)
    paths = list(range(first_path, first_path + len(results)))
    fig.frames = [go.Frame(name=str(k), traces=paths, data=[
        dict(type="scatter", x=r.path[: k + 1, 0], y=r.path[: k + 1, 1], customdata=np.column_stack(
            [np.arange(min(k + 1, len(r.path))), r.losses[: k + 1]])) for r in results]) for k in marks]
    sliders, menus = _animation(L, [str(k) for k in marks], len(marks) - 1, 120)
    (x0, x1), (y0, y1) = surface.box
    fig.update_layout(
        height=520, margin=dict(l=50, r=20, t=30, b=100), sliders=sliders, updatemenus=menus,
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0),
        # equal scales, the plot area (not the range) giving way: paths that run off stay cut at the box
        xaxis=dict(title=dict(text=L["x"]), range=[x0, x1], showgrid=False, constrain="domain"),
        yaxis=dict(title=dict(text=L["y"]), range=[y0, y1], showgrid=False, scaleanchor="x", scaleratio=1,
                   constrain="domain"),
    )
    return fig


@built_once
def race_surface_figure(surface: Surface, results: Sequence[Result], names: Sequence[str], *,
                        labels: Mapping[str, str] | None = None) -> go.Figure:
    """The same race over the loss drawn as a 3-D surface (log scale where the contours use it)."""
    use_vectorlab_template()
    L = _labels(labels)
    gx, gy, z = _grid(surface)
    floor = min(float(z.min()), 0.0)

    def height(values):
        return np.log10(1.0 + np.asarray(values) - floor) if surface.log_scale else np.asarray(values)

    fig = go.Figure(go.Surface(x=gx, y=gy, z=height(z), colorscale="Greys", reversescale=True, opacity=0.8,
                               showscale=False, hoverinfo="skip"))
    (x0, x1), (y0, y1) = surface.box
    for i, (result, name) in enumerate(zip(results, names)):
        inside = ((result.path[:, 0] >= x0) & (result.path[:, 0] <= x1) & (result.path[:, 1] >= y0)
                  & (result.path[:, 1] <= y1))
        path = result.path[inside]
        fig.add_trace(go.Scatter3d(x=path[:, 0], y=path[:, 1], z=height(result.losses[inside]), mode="lines+markers",
                                   name=name, line=dict(color=LINE_COLORS[i % len(LINE_COLORS)], width=5),
                                   marker=dict(size=2, color=LINE_COLORS[i % len(LINE_COLORS)]), hoverinfo="skip"))
    z_title = "log₁₀(1 + " + L["loss"] + ")" if surface.log_scale else L["loss"]
    fig.update_layout(height=560, margin=dict(l=0, r=0, t=30, b=0), legend=dict(orientation="h", y=1.0, x=0.0),
                      scene=dict(xaxis_title=L["x"], yaxis_title=L["y"], zaxis_title=z_title))
    return fig


@built_once
def race_loss_figure(losses: Sequence[np.ndarray], names: Sequence[str], *, labels: Mapping[str, str] | None = None,
                     x_title: str | None = None) -> go.Figure:
    """Each contestant's loss by step (or by epoch: `x_title`), log scale when every loss is positive."""
    use_vectorlab_template()
    L = _labels(labels)
    losses = [np.asarray(values, dtype=np.float64) for values in losses]
    fig = go.Figure()
    for i, (values, name) in enumerate(zip(losses, names)):
        fig.add_trace(go.Scatter(x=np.arange(len(values)), y=values, mode="lines", name=name,
                                 line=dict(color=LINE_COLORS[i % len(LINE_COLORS)], width=2.5),
                                 hovertemplate=f"%{{x}}: %{{y:{D3_FORMAT}}}<extra>{name}</extra>"))
    positive = all(np.all(values > 0) for values in losses)
    # A diverging run's losses would squash everything else flat: the axis stops a hundred
    # times above the highest starting loss (log scale) or at ten times its size (linear).
    start = max(abs(float(values[0])) for values in losses) or 1.0
    low = min(float(values.min()) for values in losses)
    y_range = [np.log10(low) - 0.2, np.log10(start * 100)] if positive else [max(low, -10 * start), 10 * start]
    fig.update_layout(height=320, margin=dict(l=60, r=20, t=30, b=50),
                      legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0.0),
                      xaxis=dict(title=dict(text=x_title or L["step"])),
                      yaxis=dict(title=dict(text=L["loss"]), type="log" if positive else "linear", exponentformat="power",
                                 range=y_range))
    return fig


@built_once
def batch_figure(data: Regression, runs: Sequence[BatchRun], names: Sequence[str], *,
                 labels: Mapping[str, str] | None = None) -> go.Figure:
    """The MSE of y ≈ w·x + b over (w, b) as contours, and each batch size's path to its bottom."""
    use_vectorlab_template()
    L = _labels(labels)
    best_w, best_b = np.polyfit(data.x, data.y, 1)
    starts = np.array([run.path[0] for run in runs])
    w0, w1 = min(best_w, starts[:, 0].min()) - 1.0, max(best_w, starts[:, 0].max()) + 1.0
    b0, b1 = min(best_b, starts[:, 1].min()) - 1.0, max(best_b, starts[:, 1].max()) + 1.0
    gw, gb = np.linspace(w0, w1, GRID), np.linspace(b0, b1, GRID)
    fig = go.Figure(go.Contour(x=gw, y=gb, z=data.loss(gw[None, :], gb[:, None]), colorscale="Greys", reversescale=True,
                               ncontours=25, showscale=False, opacity=0.55, hoverinfo="skip", line=dict(width=0.5),
                               contours=dict(coloring="heatmap")))
    for i, (run, name) in enumerate(zip(runs, names)):
        color = LINE_COLORS[i % len(LINE_COLORS)]
        fig.add_trace(go.Scatter(x=run.path[:, 0], y=run.path[:, 1], mode="lines", name=name, hoverinfo="skip",
                                 line=dict(color=color, width=1.5 if run.updates_per_epoch > 20 else 2.5)))
    fig.add_trace(go.Scatter(x=[best_w], y=[best_b], mode="markers", name=L["minimum"], hoverinfo="skip",
                             marker=dict(symbol="star", size=16, color="#222222", line=dict(color="#FFFFFF", width=1))))
    fig.add_trace(go.Scatter(x=starts[:1, 0], y=starts[:1, 1], mode="markers", name=L["start"], hoverinfo="skip",
                             marker=dict(symbol="circle-open", size=14, color="#222222", line=dict(width=2.5))))
    fig.update_layout(height=460, margin=dict(l=50, r=20, t=30, b=50), legend=dict(orientation="h", yanchor="bottom",
                                                                                     y=1.0, x=0.0),
                      xaxis=dict(title=dict(text="w"), range=[w0, w1], showgrid=False),
                      yaxis=dict(title=dict(text="b"), range=[b0, b1], showgrid=False))
    return fig
