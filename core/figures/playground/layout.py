"""The playground figure's plotly layout: the panels' axes, the slider, the buttons and the
images of what never changes. Fixed margins and no legend: both are re-measured on every
redraw otherwise."""

from __future__ import annotations

import html
import math
from typing import Sequence

import numpy as np
import plotly.io as pio

from core.figures.theme import DIVERGING, SMALL_FONT_SIZE, TEMPLATE_NAME, TEST_COLOR, TRAIN_COLOR, lighten
from core.nn.trainer import Snapshot

from .geometry import ACC_X, BOTTOM, HEIGHT, LOSS_X_CLS, LOSS_X_REG, MARGIN, NET_X, NOMINAL_PX, SURF_X, TOP
from .classes import KEY_WIDTH_PX, OUTPUT_ROOM_PX, class_key_image
from .images import colorbar_image, network_image, points_image
from .snapshot import Lines, Scene

KEY_ROOM_PX = 44  # right margin added for a class key (84 px from 0.932 of the plot width, at 1366x768)
MIN_EPOCH_AXIS = 50  # epochs on the loss axes of a run that has trained fewer
LOSS_AXIS_CAP = 10  # the loss axis ends by this many times the first epoch's loss
SURFACE_COLORSCALE = lighten(DIVERGING, 0.3)  # a background for the full-colour points
PLAY_ARGS = [None, {"frame": {"duration": 40, "redraw": True}, "transition": {"duration": 0},
                    "fromcurrent": True, "mode": "immediate"}]
PAUSE_ARGS = [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}]
STEP_ARGS = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}


def value_range(values: Sequence[np.ndarray], floor: float | None = 0.0, pad: float = 0.05) -> list[float]:
    finite = np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in values])
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return [0.0, 1.0]
    lo = float(finite.min()) if floor is None else floor
    hi = float(finite.max())
    if hi <= lo:
        hi = lo + 1.0
    span = hi - lo
    return [lo - (pad * span if floor is None else 0.0), hi + pad * span]


def shown_losses(series: Sequence[Sequence[float]]) -> np.ndarray:
    """The finite losses of the train and test lines, capped at `LOSS_AXIS_CAP` times the first
    epoch's loss: a loss that explodes leaves the top of the chart, and the axis keeps readable
    numbers (not 0 to 2×10²⁸¹, with every epoch before the last one flat at zero)."""
    values = [np.asarray(v, dtype=np.float64) for v in series]
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    firsts = [v[0] for v in values if len(v) and np.isfinite(v[0])]
    if firsts and max(firsts) > 0:
        finite = np.minimum(finite, LOSS_AXIS_CAP * max(firsts))
    return finite


def round_up(value: float) -> float:
    """The round number (1, 2, 5 x 10^n) at or above `value`."""
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


def layout(
    sc: Scene, chosen: Sequence[Snapshot], lines: Lines, *, at: int, play_buttons: bool, show_test: bool,
    axes: tuple[int, float] | None = None,
) -> dict:
    """The layout of a figure whose slider steps through `chosen`, opening on `chosen[at]`;
    `axes` (end of the epoch axes, top of the loss axis) fixes the axes for playback."""
    L, e, one_d, classification = sc.labels, sc.domain.extent, sc.one_d, sc.classification
    fixed = dict(automargin=False)  # fixed margins: nothing to re-measure on every frame
    if one_d:
        raw = sc.run.data.raw
        surf_x = dict(title=dict(text=L["x"]), range=[-e, e], domain=list(SURF_X), anchor="y2", **fixed)
        surf_y = dict(title=dict(text=L["y"]), range=value_range([raw.y_train, raw.y_test], floor=None, pad=0.15),
                      domain=list(TOP), anchor="x2", **fixed)
    else:
        surf_x = dict(title=dict(text=L["x1"]), range=[-e, e], domain=list(SURF_X), anchor="y2",
                      constrain="domain", showgrid=False, mirror=True, **fixed)
        surf_y = dict(title=dict(text=L["x2"]), range=[-e, e], domain=list(TOP), anchor="x2",
                      scaleanchor="x2", scaleratio=1, constrain="domain", showgrid=False, mirror=True, **fixed)

    # a fresh run's epoch axes have room to train into (not 0..1 in fractions of an epoch)
    last_epoch = max(int(lines.epochs[-1]) if len(lines.epochs) else 0, MIN_EPOCH_AXIS)
    epoch_range = [0, last_epoch] if axes is None else [0, axes[0]]
    loss_range = value_range([shown_losses(lines.series[:2])]) if axes is None else [0, axes[1]]
    loss_domain = LOSS_X_CLS if classification else LOSS_X_REG
    steps = [dict(method="animate", label=str(s.epoch), args=[[str(s.epoch)], STEP_ARGS]) for s in chosen]
    # Plotly hides a slider of one step, and with it the epoch counter: a fresh run shows its
    # "epoch 0" too, and Play paints the next epochs into that counter on this very figure.
    # With nowhere to travel to, its step animates nothing, so it needs no frame.
    many = len(steps) > 12 or len(steps) == 1
    steps = [dict(steps[0], method="skip")] * 2 if len(steps) == 1 else steps
    slider = dict(
        active=at, steps=steps, x=0.22 if play_buttons else 0.0, len=0.78 if play_buttons else 1.0,
        xanchor="left", y=0, yanchor="top", pad=dict(t=50, b=0, r=0, l=0),
        currentvalue=dict(prefix=L["epoch"] + " ", visible=True, xanchor="right", offset=6,  # clear of the buttons
                          font=dict(size=SMALL_FONT_SIZE + 1, color="#222222")),
        # hundreds of step labels would overprint each other: the current value names the epoch
        font=dict(size=SMALL_FONT_SIZE - 2, color="rgba(0,0,0,0)" if many else "#444444"),
        ticklen=0 if many else 4, minorticklen=0, transition=dict(duration=0),
        bgcolor="#E6E6E6", activebgcolor="#BBBBBB", bordercolor="#999999",
    )
    hidden = dict(visible=False, showgrid=False, zeroline=False, fixedrange=True)
    out = dict(
        template=pio.templates[TEMPLATE_NAME].to_plotly_json(),  # by name only in a validated figure
        height=HEIGHT,
        # the class key is wider than the colour bar: the plot gives it room on the right
        margin=dict(MARGIN, r=MARGIN["r"] + KEY_ROOM_PX) if sc.multiclass else MARGIN,
        uirevision="playground",
        hovermode="closest",
        showlegend=False,  # a legend is re-measured on every frame; one annotation says the same
        annotations=[dict(
            text=(f"<span style='color:{TRAIN_COLOR}'>━━ {html.escape(L['train'])}</span>"
                  f"     <span style='color:{TEST_COLOR}'>━━ {html.escape(L['test'])}</span>"),
            x=loss_domain[1], y=BOTTOM[1] + 0.015, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
            showarrow=False, font=dict(size=SMALL_FONT_SIZE + 1),
        )],
        xaxis=dict(range=_network_x_range(sc), domain=list(NET_X), anchor="y", **hidden),
        yaxis=dict(range=sc.geo.y_range, domain=list(TOP), anchor="x", scaleanchor="x", scaleratio=1,
                   constrain="domain", constraintoward="top", **hidden),
        xaxis2=surf_x,
        yaxis2=surf_y,
        xaxis3=dict(title=dict(text=L["epoch"]), range=epoch_range, domain=list(loss_domain), anchor="y3", **fixed),
        yaxis3=dict(title=dict(text=L["loss"]), range=loss_range, domain=list(BOTTOM), anchor="x3", nticks=4, **fixed),
        sliders=[slider],
    )
    if play_buttons:
        out["updatemenus"] = [dict(
            type="buttons", direction="left", showactive=False, x=0.0, xanchor="left", y=0, yanchor="top",
            pad=dict(t=66, r=0), font=dict(size=SMALL_FONT_SIZE), bgcolor="#F4F4F4", bordercolor="#999999",
            buttons=[dict(label="▶ " + L["play"], method="animate", args=PLAY_ARGS),
                     dict(label="❚❚ " + L["pause"], method="animate", args=PAUSE_ARGS)],
        )]
    if classification:
        out["xaxis4"] = dict(title=dict(text=L["epoch"]), range=epoch_range, domain=list(ACC_X), anchor="y4", **fixed)
        out["yaxis4"] = dict(title=dict(text=L["accuracy"]), range=[0, 1.02], tickformat=".0%", domain=list(BOTTOM),
                             anchor="x4", nticks=3, **fixed)
    out["images"] = _images(sc, show_test)
    return out


def _network_x_range(sc: Scene) -> list[float]:
    x0, x1 = sc.geo.x_range
    return [x0, x1 + OUTPUT_ROOM_PX / sc.geo.scale] if sc.multiclass else [x0, x1]


def _images(sc: Scene, show_test: bool) -> list[dict]:
    """What never changes is drawn once, as SVG images, not on every frame."""
    geo, e = sc.geo, sc.domain.extent
    (x0, x1), (y0, y1) = geo.x_range, geo.y_range
    images = [dict(source=network_image(sc.run, sc.labels, geo, sc.domain, sc.names), xref="x", yref="y", x=x0, y=y1,
                   sizex=x1 - x0, sizey=y1 - y0, sizing="stretch", xanchor="left", yanchor="top", layer="above")]
    if sc.one_d:
        return images
    if sc.multiclass:  # a key naming the classes, in place of the colour bar of P(class 1)
        images.append(dict(
            source=class_key_image(list(sc.class_names)), xref="paper", yref="paper", x=SURF_X[1] + 0.012, y=TOP[1],
            sizex=KEY_WIDTH_PX / NOMINAL_PX[0], sizey=TOP[1] - TOP[0], sizing="contain", xanchor="left", yanchor="top",
            layer="above",
        ))
    else:
        bar_title = sc.labels["probability"] if sc.classification else sc.labels["prediction"]
        images.append(dict(
            source=colorbar_image(SURFACE_COLORSCALE, sc.z_range, bar_title), xref="paper", yref="paper",
            x=SURF_X[1] + 0.012, y=TOP[1], sizex=1.0 - SURF_X[1], sizey=TOP[1] - TOP[0], sizing="contain",
            xanchor="left", yanchor="top", layer="above",
        ))
    images.append(dict(
        source=points_image(sc.run, show_test, sc.classification, e, sc.z_range), xref="x2", yref="y2", x=-e, y=e,
        sizex=2 * e, sizey=2 * e, sizing="stretch", xanchor="left", yanchor="top", layer="above",
    ))
    return images
