"""Optimizers side by side: their train losses overlaid, and each run's final surface."""

from __future__ import annotations

import html
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import D3_FORMAT, LINE_COLORS, TEMPLATE_NAME, use_vectorlab_template
from core.nn.datasets import make_features
from core.nn.trainer import Run

from . import classes
from .figure import points_trace
from .geometry import run_domain
from .images import points_image
from .layout import SURFACE_COLORSCALE, value_range
from .names import merged_labels
from .snapshot import CURVE_POINTS, z_range


def compare_figure(
    runs: Sequence[Run], names: Sequence[str], *, labels: Mapping[str, str], grid: int = 40
) -> go.Figure:
    """Optimizers side by side: the train loss of each run overlaid (one Okabe–Ito colour and
    legend entry per run, named by `names`), and below it one small decision surface (or
    fitted curve) per run with its train points. No animation."""
    use_vectorlab_template()
    if len(runs) != len(names):
        raise ValueError("one name per run")
    if not runs:
        raise ValueError("compare_figure needs at least one run")
    L = merged_labels(labels)
    n = len(runs)
    colors = [LINE_COLORS[i % len(LINE_COLORS)] for i in range(n)]
    traces = []
    for run, name, color in zip(runs, names, colors):
        loss = np.asarray(run.history.train_loss, dtype=np.float32)
        traces.append(go.Scatter(
            x=np.arange(len(loss), dtype=np.float32), y=loss, mode="lines", name=name,
            line=dict(color=color, width=2.5), xaxis="x", yaxis="y",
            hovertemplate=(f"{html.escape(name)}<br>{L['epoch']} %{{x}}<br>"
                           f"{L['loss']} = %{{y:{D3_FORMAT}}}<extra></extra>"),
        ))
    gap = 0.05
    width = (1.0 - gap * (n - 1)) / n
    box_px = 0.4 * 470  # the small surfaces' nominal side (560 px figure)
    layout = dict(
        template=TEMPLATE_NAME, height=560, margin=dict(l=60, r=20, t=30, b=50), uirevision="compare",
        hovermode="closest", showlegend=True,
        legend=dict(orientation="h", x=1.0, xanchor="right", y=1.0, yanchor="bottom"),
        xaxis=dict(title=dict(text=L["epoch"]), domain=[0, 1], anchor="y"),
        yaxis=dict(title=dict(text=f"{L['loss']} ({L['train']})"), domain=[0.6, 1.0], anchor="x",
                   range=value_range([t.y for t in traces]), nticks=5),
        annotations=[],
        images=[],
    )
    for i, (run, name, color) in enumerate(zip(runs, names, colors)):
        k = i + 2
        xa, ya = f"x{k}", f"y{k}"
        left = i * (width + gap)
        domain = run_domain(run)
        e = domain.extent
        net = run.net_at(run.snapshots[-1])
        raw = run.data.raw
        if domain.n_inputs == 1:
            xs = np.linspace(-e, e, CURVE_POINTS)
            out = net.forward(make_features(xs[:, None], run.setup.features))[:, 0]
            traces.append(go.Scatter(
                x=xs.astype(np.float32), y=out.astype(np.float32), mode="lines", xaxis=xa, yaxis=ya,
                line=dict(color=color, width=3), showlegend=False, name=name,
                hovertemplate=f"{L['x']} = %{{x:{D3_FORMAT}}}<br>{L['prediction']} = %{{y:{D3_FORMAT}}}<extra></extra>",
            ))
            traces.append(points_trace(run, L, False, False, True, xaxis=xa, yaxis=ya, size=5))
            layout[f"xaxis{k}"] = dict(domain=[left, left + width], anchor=ya, range=[-e, e], title=dict(text=L["x"]))
            y_range = value_range([raw.y_train, raw.y_test], floor=None, pad=0.15)
            layout[f"yaxis{k}"] = dict(domain=[0.0, 0.4], anchor=xa, range=y_range,
                                       title=dict(text=L["y"] if i == 0 else ""))
        else:
            step = 2 * e / grid
            out = net.forward(make_features(domain.lattice(grid), run.setup.features))
            zs = z_range(run)
            title = L["probability"] if run.is_classification else L["prediction"]
            if run.data.n_classes > 2:  # the class bands, as on the playground's surface (no hover: levels)
                surface = dict(z=classes.surface_levels(out).reshape(grid, grid),
                               colorscale=classes.surface_colorscale(run.data.n_classes), hoverinfo="skip")
            else:
                surface = dict(z=out[:, 0].reshape(grid, grid).astype(np.float32), colorscale=SURFACE_COLORSCALE,
                               hovertemplate=(f"{L['x1']} = %{{x:{D3_FORMAT}}}, {L['x2']} = %{{y:{D3_FORMAT}}}<br>"
                                              f"{title} = %{{z:{D3_FORMAT}}}<extra></extra>"))
            traces.append(go.Heatmap(
                x0=-e + step / 2, dx=step, y0=-e + step / 2, dy=step, zmin=zs[0], zmax=zs[1], showscale=False,
                xaxis=xa, yaxis=ya, name=name, **surface,
            ))
            layout["images"].append(dict(
                source=points_image(run, False, run.is_classification, e, zs, radius_px=2.6, box_px=box_px),
                xref=xa, yref=ya, x=-e, y=e, sizex=2 * e, sizey=2 * e, sizing="stretch", xanchor="left",
                yanchor="top", layer="above",
            ))
            layout[f"xaxis{k}"] = dict(domain=[left, left + width], anchor=ya, range=[-e, e], constrain="domain",
                                       showgrid=False, mirror=True, title=dict(text=L["x1"]), nticks=5)
            layout[f"yaxis{k}"] = dict(domain=[0.0, 0.4], anchor=xa, range=[-e, e], scaleanchor=xa, constrain="domain",
                                       showgrid=False, mirror=True, nticks=5,
                                       title=dict(text=L["x2"] if i == 0 else ""))
        layout["annotations"].append(dict(
            text=f"<b>{html.escape(name)}</b>", x=left + width / 2, y=0.42, xref="paper", yref="paper",
            showarrow=False, xanchor="center", yanchor="bottom", font=dict(color=color),
        ))
    return go.Figure(data=traces, layout=layout)
