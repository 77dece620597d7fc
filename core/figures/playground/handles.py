"""The + / − handles under the network diagram: a student adds or removes a neuron of a hidden
layer, or a hidden layer, on the diagram itself (as in TensorFlow Playground). They are one
static scatter trace after every trace a frame changes; the page's player (app_pages/player.js)
reports a click on one by the trace's `meta` and the point's `customdata` [action, layer]."""

from __future__ import annotations

import html

import numpy as np

from core.figures.theme import SMALL_FONT_SIZE
from core.nn.mlp import MAX_HIDDEN_LAYERS, MAX_NEURONS

from .snapshot import Scene

META = "edit_handles"  # and "edit_weight", "edit_bias" on the hover targets of figure.py
HANDLE_COLOR = "#555555"


def handles_trace(sc: Scene) -> dict:
    """+ and − under each hidden column (round), and for the layers under the input column
    (square); a handle that would go past a limit is left out."""
    geo, L = sc.geo, sc.labels
    hidden = geo.sizes[1:-1]
    xs, texts, symbols, data, tips = [], [], [], [], []

    def add(x: float, sign: str, symbol: str, action: str, layer: int, tip: str) -> None:
        xs.append(x)
        texts.append(sign)
        symbols.append(symbol)
        data.append([action, layer])
        tips.append(html.escape(tip))

    for layer, n in enumerate(hidden, start=1):
        left, width = geo.col_left(layer), geo.cells
        if n > 1:
            add(left + 0.05 * width, "−", "circle", "remove_neuron", layer, L["remove_neuron"].format(n=layer))
        if n < MAX_NEURONS:
            add(left + 0.95 * width, "+", "circle", "add_neuron", layer, L["add_neuron"].format(n=layer))
    # the layer handles (square) sit under the input column: between the columns there is room
    # for one round handle, not for two more
    left, width = geo.col_left(0), geo.cells
    if hidden:
        add(left + 0.05 * width, "−", "square", "remove_layer", 0, L["remove_layer"])
    if len(hidden) < MAX_HIDDEN_LAYERS:
        add(left + 0.95 * width, "+", "square", "add_layer", 0, L["add_layer"])
    # px: half a thumbnail, at least a fingertip's 10 (the pair under a column stays apart)
    size = float(np.clip(geo.scale * geo.cells * 0.5, 10, 16))
    return dict(
        type="scatter", x=np.array(xs, np.float32), y=np.full(len(xs), geo.handle_y, np.float32),
        mode="markers+text", text=texts, textposition="middle center", meta=META, customdata=data,
        textfont=dict(size=SMALL_FONT_SIZE + 3, color=HANDLE_COLOR),
        marker=dict(symbol=symbols, size=size, color="white", line=dict(color=HANDLE_COLOR, width=1.2)),
        hovertext=tips, hovertemplate="%{hovertext}<extra></extra>", showlegend=False, xaxis="x", yaxis="y",
        name=L["edit"],
    )


def neurons_trace(sc: Scene) -> dict:
    """Hover targets at the trained neurons' centres (drawing nothing): hovering one, the player
    shows its picture large over the decision surface, as TensorFlow Playground does. Its
    customdata is where the neuron's thumbnail starts in the mosaic heatmap and its side:
    [row, column, cells]."""
    geo, mosaic = sc.geo, sc.mosaic
    per = geo.cells * geo.cells  # the mosaic's cells neuron by neuron, each thumbnail row-major
    xs, ys = [], []
    for c, n in enumerate(geo.sizes[1:], start=1):
        xs += [geo.col_left(c) + geo.cells / 2] * n
        ys += [float(y) for y in geo.centre_y(np.arange(n))]
    corner = np.column_stack([mosaic.rows[::per], mosaic.cols[::per], np.full(len(xs), geo.cells)]).astype(int).tolist()
    names = [name for column in sc.names[1:] for name in column]  # escaped where they came from an upload
    return dict(
        type="scatter", x=np.array(xs, np.float32), y=np.array(ys, np.float32), mode="none", meta="neuron_targets",
        customdata=corner, hovertext=names, hovertemplate="%{hovertext}<extra></extra>", showlegend=False,
        xaxis="x", yaxis="y", name=sc.labels["hidden"].format(n=""),
    )
