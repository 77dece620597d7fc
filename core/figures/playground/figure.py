"""The still picture (a plotly figure opening on one snapshot) and its plotly frames (one per
chosen snapshot, for the slider to travel back in time without a server round trip).

The trace count is fixed and small whatever the network's size (every plotly frame is a full
redraw): all trained neurons' thumbnails and biases are ONE heatmap, the edges are 2 signs x 4
width bins of lines, two hover-only traces (mode "none": nothing drawn) hold the weights and
biases; a frame's data are the traces that change, in this order: mosaic, 8 edge bins, (weight
and bias hover,) surface, loss lines."""

from __future__ import annotations

import html
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import BLUE, CLASS_COLORS, D3_FORMAT, DIVERGING, TEST_COLOR, TRAIN_COLOR, use_vectorlab_template
from core.nn.trainer import Run

from . import classes
from .geometry import EDGE_ALPHAS, EDGE_WIDTHS, N_BINS
from .handles import handles_trace, neurons_trace
from .encoding import MOSAIC_COLORSCALE, attach_frames, encoded, frame_bytes
from .layout import SURFACE_COLORSCALE, layout
from .snapshot import MIN_FRAMES, Lines, Numbers, Scene, frame_cap, lines, numbers, opening, pick, scene

FRAME_BUDGET_BYTES = 5_500_000  # the figure's JSON, frames included
MAX_FRAMES = 150  # each slider step costs ~0.1 ms per redraw: 400 steps slow playback by a third


def metas(n_lines: int) -> dict:
    """The `meta` of each trace a frame changes: the player finds them by it in any figure
    (Streamlit drops uids), whatever its trace numbers."""
    return {"mosaic": "mosaic", "edges": [f"edges{k}" for k in range(N_BINS)], "surface": "surface",
            "lines": [f"line{i}" for i in range(n_lines)]}


def plotly_frame(sc: Scene, n: Numbers, lines: Lines, hover: bool) -> dict:
    """A snapshot as a plotly frame of numpy arrays (`encoding.encoded` makes it JSON)."""
    data = [{"type": "heatmap", "z": n.mosaic}]
    data += [{"type": "scatter", "x": x, "y": y} for x, y in n.edges]
    if hover:
        data += [{"type": "scatter", "customdata": n.weights}, {"type": "scatter", "customdata": n.biases}]
    data.append({"type": "scatter", "y": n.surface} if sc.one_d else {"type": "heatmap", "z": n.surface})
    upto = lines.upto(n.epoch)
    data += [{"type": "scatter", "y": s[:upto]} for s in lines.series]
    return {"data": data, "name": str(n.epoch)}


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def traces(sc: Scene, n: Numbers, lines: Lines, *, hover: bool, show_test: bool) -> list[dict]:
    """The figure's traces showing snapshot `n`: those of a frame, in its order, then the static.
    Plain dicts in a figure built without validation: plotly.py checks every value of every trace
    (a third of the page's script run after a click); test_figures_playground checks that plotly
    finds nothing to change in what is built here."""
    L, geo, mosaic = sc.labels, sc.geo, sc.mosaic
    m = metas(len(lines.series))
    out = [dict(
        type="heatmap", z=n.mosaic, x0=mosaic.left + 0.5, dx=1, y0=mosaic.bottom + 0.5, dy=1,
        zmin=0, zmax=255, colorscale=classes.mosaic_colorscale(sc.n_classes) if sc.multiclass else MOSAIC_COLORSCALE,
        showscale=False, hoverinfo="skip",
        xaxis="x", yaxis="y", name="neurons", meta=m["mosaic"],
    )]
    shrink = float(np.clip(geo.scale * geo.cells / 36, 0.45, 1.0))  # thinner edges for small thumbnails
    for k, (x, y) in enumerate(n.edges):
        out.append(dict(
            type="scatter", x=x, y=y, mode="lines", hoverinfo="skip",
            showlegend=False, xaxis="x", yaxis="y", name=f"w {'<≥'[k // 4]} 0, width {k % 4}", connectgaps=False,
            meta=m["edges"][k],
            line=dict(color=_rgba(CLASS_COLORS[k // 4], EDGE_ALPHAS[k % 4]),  # w < 0 orange, w ≥ 0 blue
                      width=round(EDGE_WIDTHS[k % 4] * shrink, 2)),
        ))
    if hover:
        # hover targets at the edges' midpoints: mode "none" draws nothing (a thousand invisible
        # markers would cost more to redraw than the rest of the network) but still hovers
        out.append(dict(
            type="scatter", x=sc.edges.x_mid, y=sc.edges.y_mid, mode="none", showlegend=False, xaxis="x", yaxis="y",
            name=L["weight"], customdata=n.weights, text=sc.edges.names, meta="edit_weight",
            hovertemplate=f"{L['weight']} w = %{{customdata:{D3_FORMAT}}} (%{{text}})<br>{L['click_to_set']}<extra></extra>",
        ))
        # biases are blocks of the mosaic, left of each neuron's lower corner; this only hovers
        out.append(dict(
            type="scatter", x=mosaic.bias_x, y=mosaic.bias_y, mode="none", showlegend=False, xaxis="x", yaxis="y",
            name=L["bias"], customdata=n.biases, text=[name for column in sc.names[1:] for name in column],
            meta="edit_bias",
            hovertemplate=f"{L['bias']} b = %{{customdata:{D3_FORMAT}}} (%{{text}})<br>{L['click_to_set']}<extra></extra>",
        ))
    # right panel: the surface (or the fitted curve)
    if sc.one_d:
        out.append(dict(
            type="scatter", x=sc.surface_x[:, 0].astype(np.float32), y=n.surface, mode="lines", xaxis="x2",
            yaxis="y2", line=dict(color=BLUE, width=3.5), name=L["prediction"], showlegend=False,
            meta=m["surface"],
            hovertemplate=f"{L['x']} = %{{x:{D3_FORMAT}}}<br>{L['prediction']} = %{{y:{D3_FORMAT}}}<extra></extra>",
        ))
    elif sc.multiclass:
        # levels of the class bands: a hover would name a level, not a probability (the points
        # and the output neurons' pictures name the classes)
        e, step = sc.domain.extent, 2 * sc.domain.extent / sc.grid
        out.append(dict(
            type="heatmap", z=n.surface, x0=-e + step / 2, dx=step, y0=-e + step / 2, dy=step,
            zmin=sc.z_range[0], zmax=sc.z_range[1], colorscale=classes.surface_colorscale(sc.n_classes),
            xaxis="x2", yaxis="y2", showscale=False, hoverinfo="skip", name=L["class"], meta=m["surface"],
        ))
    else:
        e, step = sc.domain.extent, 2 * sc.domain.extent / sc.grid
        title = L["probability"] if sc.classification else L["prediction"]
        out.append(dict(
            type="heatmap", z=n.surface, x0=-e + step / 2, dx=step, y0=-e + step / 2, dy=step,
            zmin=sc.z_range[0], zmax=sc.z_range[1], colorscale=SURFACE_COLORSCALE, xaxis="x2", yaxis="y2",
            showscale=False,  # drawn once as an image (a colour bar is re-laid out on every frame)
            hovertemplate=(f"{L['x1']} = %{{x:{D3_FORMAT}}}, {L['x2']} = %{{y:{D3_FORMAT}}}<br>"
                           f"{title} = %{{z:{D3_FORMAT}}}<extra></extra>"),
            name=title, meta=m["surface"],
        ))
    # bottom row: loss (and accuracy); a frame sends only the y values up to its epoch
    epochs_f = lines.epochs.astype(np.float32)
    # train wide and grey under test narrow and black: where they coincide both stay visible
    keys = [(L["train"], TRAIN_COLOR, 3.5), (L["test"], TEST_COLOR, 2.0)] * 2
    upto = lines.upto(n.epoch)
    for i, series in enumerate(lines.series):
        name, color, width = keys[i]
        axis, what, fmt = ("3", L["loss"], D3_FORMAT) if i < 2 else ("4", L["accuracy"], ".1%")
        out.append(dict(
            type="scatter", x=epochs_f, y=series[:upto], mode="lines", name=name, showlegend=False,
            xaxis="x" + axis, yaxis="y" + axis, line=dict(color=color, width=width), meta=m["lines"][i],
            hovertemplate=f"{L['epoch']} %{{x}}<br>{name}: {what} = %{{y:{fmt}}}<extra></extra>",
        ))
    # static: the data points (2-D: drawn as an image, this trace only hovers)
    if hover or sc.one_d:
        points = points_trace(sc.run, L, show_test, sc.classification, sc.one_d, xaxis="x2", yaxis="y2",
                              hover_only=not sc.one_d, class_names=sc.class_names)
        if sc.one_d:
            points["zorder"] = -1  # under the fitted curve, as while playing (the canvas lies over every trace)
        out.append(points)
    if hover:
        out.append(handles_trace(sc))  # + / − for neurons and layers, clicked on the diagram
        out.append(neurons_trace(sc))  # a neuron hovered is shown large over the surface
    return out


def points_trace(run: Run, L, show_test: bool, classification: bool, one_d: bool, xaxis: str, yaxis: str,
                 size: float = 7.5, hover_only: bool = False, class_names: Sequence[str] = ()) -> dict:
    """Train points (white outline) and test points (black outline) in one static trace:
    classes in `CLASS_COLORS`, regression targets on the surface's scale; 1-D data: train grey
    dots, test black rings (the loss lines' colours). `hover_only`: draws nothing, keeps the
    hover texts (for points drawn by `images.points_image`). `class_names` (a softmax run's)
    name the classes in the hover texts, escaped."""
    shown_names = [html.escape(name) for name in class_names]
    raw = run.data.raw
    parts = [(raw.X_train, raw.y_train, L["train"], True)]
    if show_test:
        parts.append((raw.X_test, raw.y_test, L["test"], False))
    xs, ys, colors, outline, text = [], [], [], [], []
    for X, y, split, is_train in parts:
        X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
        y = np.asarray(y, dtype=np.float64)
        xs.append(X[:, 0])
        outline += ["#FFFFFF" if is_train else TEST_COLOR] * len(y)
        if one_d:
            ys.append(y)
            colors += [TRAIN_COLOR if is_train else "#FFFFFF"] * len(y)
            text += [f"{split}<br>{L['x']} = {a:.3g}, {L['y']} = {b:.3g}" for a, b in zip(X[:, 0], y)]
            continue
        ys.append(X[:, 1])
        if classification and shown_names:
            colors += [CLASS_COLORS[int(v)] for v in y]
            text += [f"{split} · {shown_names[int(v)]}<br>({a:.3g}, {b:.3g})" for (a, b), v in zip(X, y)]
        elif classification:
            colors += [CLASS_COLORS[int(v)] for v in y]
            text += [f"{split} · {L['class']} {int(v)}<br>({a:.3g}, {b:.3g})" for (a, b), v in zip(X, y)]
        else:
            colors += list(y)
            text += [f"{split} · {L['target']} = {v:.3g}<br>({a:.3g}, {b:.3g})" for (a, b), v in zip(X, y)]
    common = dict(x=np.concatenate(xs).astype(np.float32), y=np.concatenate(ys).astype(np.float32), text=text,
                  hovertemplate="%{text}<extra></extra>", showlegend=False, xaxis=xaxis, yaxis=yaxis, name="points")
    if hover_only:
        return dict(type="scatter", mode="none", **common)
    marker = dict(size=size, line=dict(color=outline, width=1.2))
    if not one_d and not classification:
        ymax = float(np.nanmax(np.abs(np.concatenate([raw.y_train, raw.y_test])))) or 1.0
        marker.update(color=np.asarray(colors, dtype=np.float32), colorscale=DIVERGING, cmin=-ymax, cmax=ymax,
                      showscale=False)
    else:
        marker.update(color=colors)
    return dict(type="scatter", mode="markers", marker=marker, **common)


def playground_figure(
    run: Run,
    *,
    labels: Mapping[str, str],
    show_test: bool = True,
    discretize: bool = False,
    grid: int = 40,
    frame_epochs: Sequence[int] | None = None,
    max_bytes: int = FRAME_BUDGET_BYTES,
    max_frames: int = MAX_FRAMES,
    open_at: int | None = None,
    play_buttons: bool = True,
    hover: bool = True,
    frames: bool = True,
) -> go.Figure:
    """The animated playground figure of `run`: one frame per snapshot, named by its epoch,
    thinned evenly to at most `max_frames` and further when the JSON would exceed `max_bytes`
    (or the snapshots in `frame_epochs` plus the newest, not thinned); it opens on the newest
    snapshot, or on the last at or before `open_at`. `show_test` adds the test points,
    `discretize` shows the surface in two flat colours (p ≥ 0.5 or not; the sign for
    regression), `grid` is its resolution. `play_buttons=False` leaves out plotly's Play/Pause
    (a page with its own controls), `hover=False` the traces that only carry hover texts.

    `frames=False`: without plotly frames (only the opening one is computed); then
    `playground_frames` gives them (the same as the whole figure's when `frame_epochs` is
    given; without, the whole figure may thin further after measuring). A page sends the
    picture first: a paused run's 80 frames were 1.5-5 MB of JSON that took the browser 0.2 s
    to receive and lay out before it showed the picture.
    """
    use_vectorlab_template()
    sc = scene(run, labels, grid)
    chosen = pick(run.snapshots, frame_epochs, frame_cap(sc, show_test, max_bytes, max_frames))
    if frames:
        shown, sent = _frames(sc, chosen, discretize, hover)
        if frame_epochs is None and len(sent) > MIN_FRAMES:
            # The estimate is rough (base64 of some arrays holds many "/", which JSON escapes):
            # measure, and if the payload is still too big, choose fewer snapshots and redo.
            cap = frame_cap(sc, show_test, max_bytes, max_frames, float(np.mean([frame_bytes(f) for f in sent])))
            if cap < len(chosen):
                chosen = pick(run.snapshots, None, cap)
                shown, sent = _frames(sc, chosen, discretize, hover)
        at = opening(chosen, open_at)
        current = shown[at]
    else:
        at = opening(chosen, open_at)
        current = numbers(sc, [chosen[at]], discretize)[0]
    drawn = lines(run, chosen)
    figure = go.Figure(data=traces(sc, current, drawn, hover=hover, show_test=show_test),
                       layout=layout(sc, chosen, drawn, at=at, play_buttons=play_buttons, show_test=show_test),
                       _validate=False)
    if frames:
        attach_frames(figure, sent)
    return figure


def playground_frames(
    run: Run,
    *,
    show_test: bool = True,
    discretize: bool = False,
    grid: int = 40,
    frame_epochs: Sequence[int] | None = None,
    max_bytes: int = FRAME_BUDGET_BYTES,
    max_frames: int = MAX_FRAMES,
    hover: bool = True,
) -> list[dict]:
    """The plotly frames (JSON, typed arrays) of `playground_figure(run, frames=False)` with the
    same arguments (labels and buttons change no frame), for `Plotly.addFrames`."""
    sc = scene(run, {}, grid)
    chosen = pick(run.snapshots, frame_epochs, frame_cap(sc, show_test, max_bytes, max_frames))
    return _frames(sc, chosen, discretize, hover)[1]


def _frames(sc: Scene, chosen, discretize: bool, hover: bool) -> tuple[list[Numbers], list[dict]]:
    """The chosen snapshots' numbers and their plotly frames as JSON."""
    shown, drawn = numbers(sc, chosen, discretize), lines(sc.run, chosen)
    return shown, [encoded(plotly_frame(sc, n, drawn, hover)) for n in shown]
