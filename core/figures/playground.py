"""The "Train a network" playground as one animated plotly figure, and the optimizer comparison.

`playground_figure(run, labels=...)` draws a trained `core.nn.trainer.Run`:

* top left, the network as TensorFlow Playground draws it: one column per layer, every neuron a
  small heatmap of its own output over the input plane (a strip over x for 1-D data), weights
  as lines coloured by sign (orange < 0, blue > 0) and as wide as |w|, a bias square at each
  neuron's lower-left corner; hovering an edge or a bias square shows its value;
* top right, the decision surface (probability of class 1) with the train and test points, or
  the predicted surface / fitted curve for regression;
* bottom, train and test loss by epoch (and accuracy beside it for classification).

A still figure carries the recorded snapshots as plotly frames (a slider to scrub back in
time, with no server round trip per step); while training plays, `playground_playback` gives a
figure without frames and the frames as compact arrays that the page's player paints on a
canvas over the chart (app_pages/player.js). Every plotly frame is a full plotly redraw, so what
is drawn is chosen for redraw speed (measured in headless Chromium):

* the trace count is fixed and small (17 for classification, 15 for regression), whatever the
  network's size: all trained neurons' thumbnails and biases are ONE heatmap (a uniform
  lattice, so plotly paints it at one pixel per cell), edges are 2 signs x 4 width bins of
  lines, two hover-only traces (mode "none": nothing drawn) hold the weights and biases;
* each edge bin is walked as few polylines as possible (`_walk`): plotly makes one SVG path per
  NaN-separated piece, and the paths, not the points, cost the time;
* what never changes is drawn once as SVG images (layout images): the input features'
  thumbnails, their names and the column titles, the surface's colour bar, and the data points
  of 2-D data (hundreds of SVG markers would cost more per frame than everything else; an
  invisible trace keeps their hover texts); biases are blocks of the mosaic; no legend and
  fixed margins (both are re-measured on every redraw otherwise).

A frame sends only what changes (mosaic, edge bins, weights, biases, the surface, the loss
lines' y up to that epoch) as typed arrays: the mosaic as uint8 (255 levels over [-1, 1], 0 = a
transparent gap: `MOSAIC_COLORSCALE`), everything else float32 (edge x as uint16).

Frames are thinned evenly (keeping the first and the newest) to at most `max_frames`
(`MAX_FRAMES`, 150: every slider step costs redraw time) and so that the figure's JSON stays
under `max_bytes` (`FRAME_BUDGET_BYTES`, 5.5 MB); large networks also get smaller thumbnails
(8x8 cells up to 40 trained neurons, then 6x6, then 5x5). Pass `frame_epochs` to choose the
frames yourself (no thinning then).

``labels`` holds the page's translated strings; missing keys fall back to `DEFAULT_LABELS`
(English). Keys:

=============  ==============================================================
key            used for (English default)
=============  ==============================================================
epoch          slider prefix, loss x-axis title ("epoch")
train, test    key of the loss lines, point hover ("train", "test")
loss           loss y-axis title ("loss")
accuracy       accuracy y-axis title ("accuracy")
weight, bias   edge / bias hover ("weight", "bias")
input          title of the input column ("input")
hidden         title of hidden layer n; may contain "{n}" ("hidden {n}")
output         title of the output column, output neuron in hovers ("output")
x1, x2         axes of the 2-D plane ("x₁", "x₂")
x, y           axes of a 1-D function fit ("x", "y")
play, pause    animation buttons ("Play", "Pause"; drawn with ▶ and ❚❚)
probability    colour bar of a classification surface ("P(class 1)")
prediction     colour bar / curve name for regression ("prediction")
class          point hover, "class 0" / "class 1" ("class")
target         point hover for regression ("target")
=============  ==============================================================
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from core.figures.theme import (
    BLUE,
    CLASS_COLORS,
    D3_FORMAT,
    DIVERGING,
    FONT_FAMILY,
    LINE_COLORS,
    SMALL_FONT_SIZE,
    TEMPLATE_NAME,
    TEST_COLOR,
    TRAIN_COLOR,
    lighten,
    round3,
    use_vectorlab_template,
)
from core.nn.datasets import DOMAIN_1D, make_features
from core.nn.trainer import GRID_EXTENT, Run, Snapshot

DEFAULT_LABELS: dict[str, str] = {
    "epoch": "epoch",
    "train": "train",
    "test": "test",
    "loss": "loss",
    "accuracy": "accuracy",
    "weight": "weight",
    "bias": "bias",
    "input": "input",
    "hidden": "hidden {n}",
    "output": "output",
    "x1": "x₁",
    "x2": "x₂",
    "x": "x",
    "y": "y",
    "play": "Play",
    "pause": "Pause",
    "probability": "P(class 1)",
    "prediction": "prediction",
    "class": "class",
    "target": "target",
}

# Feature names without LaTeX (`FEATURES[...].label` is LaTeX, which plotly cannot typeset in
# SVG text); 1-D data has a single input, called x.
FEATURE_NAMES_2D = {
    "x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁·x₂",
    "sin x1": "sin x₁", "sin x2": "sin x₂",
}
FEATURE_NAMES_1D = {"x1": "x", "x1^2": "x²", "sin x1": "sin x"}

FRAME_BUDGET_BYTES = 5_500_000  # the figure's JSON, frames included
MIN_FRAMES = 40  # thinning for payload never goes below this many frames
PLAYBACK_STEPS = 41  # slider steps of a figure being played by the player
MIN_EPOCH_AXIS = 50  # epochs on the loss axes of a run that has trained fewer
LOSS_AXIS_CAP = 10  # the loss axis ends by this many times the first epoch's loss
MAX_FRAMES = 150  # each slider step costs ~0.1 ms per redraw: 400 steps slow playback by a third
HEIGHT = 640
CURVE_POINTS = 161  # the fitted curve of 1-D regression
WIDTH_BINS = (0.25, 0.75, 1.5)  # |w| thresholds between the 4 edge widths
EDGE_WIDTHS = (0.8, 1.6, 2.8, 4.2)  # px for 36 px thumbnails, thinner for smaller ones
EDGE_ALPHAS = (0.45, 0.7, 0.9, 1.0)
POINT_RADIUS_PX = 3.8
GLYPH_WIDTH = 0.6  # of the font size: a letter's average width in the chart's sans-serif font
SURFACE_COLORSCALE = lighten(DIVERGING, 0.3)  # a background for the full-colour points

# The mosaic travels as uint8: 0 = a transparent gap (base64 "AAAA": JSON escapes the "/" of
# 255s), 1..255 = [-1, 1] on DIVERGING.
MOSAIC_GAP = 0
MOSAIC_LEVELS = 254
MOSAIC_COLORSCALE = [[0.0, "rgba(255,255,255,0)"], [0.5 / 255, "rgba(255,255,255,0)"]] + [
    [(1 + p * MOSAIC_LEVELS) / 255, c] for p, c in DIVERGING
]

# Order of a frame's data: mosaic, 8 edge bins, edge hover, biases, surface, loss lines.
N_BINS = 8
SURFACE = 1 + N_BINS + 2
PLAY_ARGS = [None, {"frame": {"duration": 40, "redraw": True}, "transition": {"duration": 0},
                    "fromcurrent": True, "mode": "immediate"}]
PAUSE_ARGS = [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}]
STEP_ARGS = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}

# Paper-coordinate layout (fractions of the plot area).
TOP = (0.43, 1.0)  # row 1: network | surface
BOTTOM = (0.0, 0.27)  # row 2: loss (| accuracy)
NET_X = (0.0, 0.53)
SURF_X = (0.57, 0.92)
# the gap between loss and accuracy holds accuracy's tick labels and title: at 0.12, in
# Presenting mode's larger text, "accuracy" touched the loss chart
LOSS_X_CLS = (0.0, 0.55)
ACC_X = (0.75, 0.93)
LOSS_X_REG = (0.0, 0.93)
MARGIN = dict(l=60, r=20, t=30, b=110)  # t: room for plotly's mode bar above the panels
NOMINAL_PX = (920, HEIGHT - 30 - 110)  # plot area of a 1000 px wide figure: sizes text, gaps
LABEL_PX = 58  # room left of the input column for feature names
TITLE_PX = 24  # room above the columns for their titles
BIAS = 2  # a bias is a BIAS x BIAS block of the mosaic


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    merged = dict(DEFAULT_LABELS)
    merged.update({k: v for k, v in (labels or {}).items() if v})
    return merged


def _hidden_title(labels: Mapping[str, str], n: int) -> str:
    text = labels["hidden"]
    return text.replace("{n}", str(n)) if "{n}" in text else f"{text} {n}"


def _rgba(hex_color: str, alpha: float) -> str:
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# --------------------------------------------------------------------------- geometry


@dataclass
class _Domain:
    """Where the inputs live: a square [-extent, extent]^2 or a segment for 1-D data."""

    n_inputs: int
    extent: float

    def lattice(self, cells: int) -> np.ndarray:
        """Cell centres of a cells x cells lattice (rows = x2 ascending, then x1), or of
        `cells` cells on the segment; raw inputs, shape (m, n_inputs)."""
        step = 2 * self.extent / cells
        centres = -self.extent + step * (np.arange(cells) + 0.5)
        if self.n_inputs == 1:
            return centres[:, None]
        x1, x2 = np.meshgrid(centres, centres)
        return np.column_stack([x1.ravel(), x2.ravel()])


def _domain(run: Run) -> _Domain:
    raw = run.data.raw
    X = np.concatenate([raw.X_train, raw.X_test]).reshape(-1, run.data.n_inputs)
    # built-in sets keep the playground's box; an upload (standardised) gets a box fitting its points
    base = 0.0 if run.setup.dataset == "csv" else GRID_EXTENT if run.data.n_inputs == 2 else DOMAIN_1D
    biggest = float(np.nanmax(np.abs(X))) if X.size else 0.0
    extent = base if biggest <= base else float(np.ceil(biggest * 1.05 * 2) / 2)
    return _Domain(run.data.n_inputs, extent)


@dataclass
class _Network:
    """Where everything of the network panel goes, in drawing units of one thumbnail cell:
    a thumbnail is `cells` x `cells`, rows are `row_pitch` apart, columns `pitch` apart (all
    integers, so the trained neurons' mosaic is a uniform lattice). `scale` is the nominal px
    per unit, used only to size text and markers."""

    sizes: list[int]
    cells: int
    data_rows: int  # distinct values down a thumbnail: cells (2-D) or 1 (1-D: a strip over x)
    gap: int  # empty cells between two rows of thumbnails
    pitch: int
    slots: int  # rows of the tallest column (at least 4, so tiny nets are not giant)
    scale: float

    @property
    def row_pitch(self) -> int:
        return self.cells + self.gap

    def col_left(self, c: int) -> int:
        return c * self.pitch

    def slot_top(self, s) -> np.ndarray:
        return -self.row_pitch * np.asarray(s)

    def centre_y(self, s) -> np.ndarray:
        return self.slot_top(s) - self.cells / 2

    @property
    def x_range(self) -> list[float]:
        # room for the feature names on the left and half a column title on the right
        return [-LABEL_PX / self.scale, self.col_left(len(self.sizes) - 1) + self.cells + 26 / self.scale]

    @property
    def y_range(self) -> list[float]:
        return [-(self.slots * self.row_pitch), TITLE_PX / self.scale]

    def mosaic(self) -> "_Mosaic":
        """The uniform lattice holding every trained neuron (columns 1.. of the network): its
        thumbnail, and its bias as a BIAS x BIAS block left of the thumbnail's lower corner."""
        sizes = self.sizes[1:]
        height = max(sizes) * self.row_pitch - self.gap
        left = self.col_left(1) - BIAS  # the lattice's left edge, in drawing units
        width = self.col_left(len(self.sizes) - 1) + self.cells - left
        r_local, c_local = np.meshgrid(np.arange(self.cells), np.arange(self.cells), indexing="ij")
        b_local_r, b_local_c = np.meshgrid(np.arange(BIAS), np.arange(BIAS), indexing="ij")
        rr, cc, brr, bcc, bx, by = [], [], [], [], [], []
        for c, n in enumerate(sizes, start=1):
            col = self.col_left(c) - left
            for s in range(n):
                bottom = height - (s * self.row_pitch + self.cells)  # lattice rows count upwards
                rr.append(bottom + r_local.ravel())
                cc.append(col + c_local.ravel())
                brr.append(bottom + b_local_r.ravel())
                bcc.append(col - BIAS + b_local_c.ravel())
                bx.append(self.col_left(c) - BIAS / 2)
                by.append(float(self.slot_top(s)) - self.cells + BIAS / 2)
        cat = np.concatenate
        return _Mosaic(shape=(height, width), left=left, bottom=-height, rows=cat(rr), cols=cat(cc),
                       bias_rows=cat(brr), bias_cols=cat(bcc), bias_x=np.array(bx, np.float32),
                       bias_y=np.array(by, np.float32))


@dataclass
class _Mosaic:
    shape: tuple[int, int]
    left: float  # drawing units of the lattice's outer edges
    bottom: float
    rows: np.ndarray  # every thumbnail cell, neuron by neuron, each thumbnail row-major
    cols: np.ndarray
    bias_rows: np.ndarray  # every bias cell, neuron by neuron
    bias_cols: np.ndarray
    bias_x: np.ndarray  # centre of each bias block (hover targets)
    bias_y: np.ndarray


def _network_geometry(sizes: list[int], n_inputs: int) -> _Network:
    trained = sum(sizes[1:])
    if n_inputs == 1:
        cells, data_rows = 10, 1
    else:
        cells = 8 if trained <= 40 else 6 if trained <= 64 else 5
        data_rows = cells
    gap = max(1, round(cells / 4))
    # Thumbnails as large as the panel's height allows (up to 44 px), then the columns spread
    # out to use its width (TensorFlow Playground's wide gaps make the edges readable).
    panel_w = (NET_X[1] - NET_X[0]) * NOMINAL_PX[0] - LABEL_PX - 30
    panel_h = (TOP[1] - TOP[0]) * NOMINAL_PX[1] - TITLE_PX - 4
    slots = max(max(sizes), 4)
    scale = min(panel_h / (slots * (cells + gap)), 44 / cells)
    gaps = max(len(sizes) - 1, 1)
    pitch = int(np.clip(np.floor((panel_w / scale - cells) / gaps), 2 * cells, 8 * cells))
    scale = min(scale, panel_w / (gaps * pitch + cells))  # many layers: everything smaller
    return _Network(sizes=sizes, cells=cells, data_rows=data_rows, gap=gap, pitch=pitch, slots=slots, scale=scale)


# --------------------------------------------------------------------------- batched forward


def _stack_params(snapshots: Sequence[Snapshot]) -> list[np.ndarray]:
    return [np.stack([s.params[i] for s in snapshots]) for i in range(len(snapshots[0].params))]


def _forward_many(run: Run, params: list[np.ndarray], X: np.ndarray):
    """Every layer's activations for many snapshots at once: yields (layer, A), A of shape
    (S, n_points, width). The first layer is one matrix product for all snapshots."""
    net = run.net
    S = params[0].shape[0]
    last = net.n_layers - 1
    a = None
    with np.errstate(all="ignore"):
        for layer in range(net.n_layers):
            W, b = params[2 * layer], params[2 * layer + 1]
            if layer == 0:
                n_in, n_out = W.shape[1], W.shape[2]
                z = (X @ W.transpose(1, 0, 2).reshape(n_in, S * n_out)).reshape(len(X), S, n_out)
                z = z.transpose(1, 0, 2) + b[:, None, :]
            else:
                z = np.matmul(a, W) + b[:, None, :]
            a = (net.output if layer == last else net.activation).f(z)
            yield layer, a


@dataclass
class _Computed:
    thumbs: np.ndarray  # (S, trained neurons, data_rows * cells): display values in [-1, 1]
    surface: np.ndarray  # (S, points): the network's output on the surface grid / curve


def _compute(
    run: Run, snapshots: Sequence[Snapshot], geo: _Network, domain: _Domain, surface_X: np.ndarray
) -> _Computed:
    """One batched forward pass per chunk of snapshots over the surface points and the
    thumbnails' lattice together (the per-snapshot forward pass is the main cost)."""
    lattice = make_features(domain.lattice(geo.cells), run.setup.features)
    X = np.concatenate([make_features(surface_X, run.setup.features), lattice])
    G = len(surface_X)
    S = len(snapshots)
    thumbs = np.empty((S, sum(geo.sizes[1:]), len(lattice)), dtype=np.float32)
    surface = np.empty((S, G), dtype=np.float32)
    sigmoid_out = run.net.output.name == "sigmoid"
    chunk = max(1, int(3_000_000 // (len(X) * max(geo.sizes))))  # bounds the memory in use
    for start in range(0, S, chunk):
        part = snapshots[start : start + chunk]
        offset = 0
        for layer, a in _forward_many(run, _stack_params(part), X):
            width = a.shape[2]
            values = a[:, G:, :].transpose(0, 2, 1)
            if layer == run.net.n_layers - 1:
                surface[start : start + len(part)] = a[:, :G, 0]
                if sigmoid_out:
                    values = 2.0 * values - 1.0  # p = 0 / 0.5 / 1 -> orange / white / blue
            thumbs[start : start + len(part), offset : offset + width] = np.clip(values, -1.0, 1.0)
            offset += width
    return _Computed(thumbs=thumbs, surface=surface)


def _quantize(values: np.ndarray) -> np.ndarray:
    """[-1, 1] -> 1..255 (uint8; 0 is the gap); NaN (a diverged neuron) -> the middle, white."""
    q = np.rint((np.nan_to_num(values, nan=0.0) + 1.0) * (MOSAIC_LEVELS / 2))
    return (1 + np.clip(q, 0, MOSAIC_LEVELS)).astype(np.uint8)


# --------------------------------------------------------------------------- edges


@dataclass
class _Edges:
    """Every weight as an edge between two nodes (a neuron's right side as a source, its left
    side as a target), in the order of the weight matrices' entries."""

    src: np.ndarray  # node id of each edge's source
    dst: np.ndarray  # node id of each edge's target
    node_x: np.ndarray  # uint16 drawing units
    node_y: np.ndarray  # float32
    names: list[str]  # "from → to"

    @property
    def x_mid(self) -> np.ndarray:
        return (self.node_x[self.src].astype(np.float32) + self.node_x[self.dst]) / 2

    @property
    def y_mid(self) -> np.ndarray:
        return (self.node_y[self.src] + self.node_y[self.dst]) / 2

    def lines(self, weights: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        """(x, y) of each of the 8 bins for one weight vector: bin = 4 * (w >= 0) + width
        class of |w| (`WIDTH_BINS`). Plotly makes every NaN-separated piece of a line trace
        its own SVG path, and the paths cost the redraw time: each bin is walked as few
        polylines as possible (`_walk`; an edge costs about 2 points), NaN in y separating them."""
        bins = 4 * (weights >= 0) + np.digitize(np.abs(weights), WIDTH_BINS)
        out = []
        for k in range(N_BINS):
            sel = np.flatnonzero(bins == k)
            nodes = np.asarray(_walk(self.src[sel].tolist(), self.dst[sel].tolist()), dtype=np.int64)
            gap = nodes < 0
            index = np.where(gap, 0, nodes)
            y = self.node_y[index]
            y[gap] = np.nan
            out.append((self.node_x[index], y))
        return out


def _walk(src: list[int], dst: list[int]) -> list[int]:
    """A walk covering every edge (src[k], dst[k]) as node ids, -1 between pieces: depth
    first, going back along the edge it came by when stuck (an edge is drawn once or twice,
    on top of itself, which looks the same), one piece per connected part of the graph."""
    adjacent: dict[int, list[tuple[int, int]]] = {}
    for k, (u, v) in enumerate(zip(src, dst)):
        adjacent.setdefault(u, []).append((v, k))
        adjacent.setdefault(v, []).append((u, k))
    used = bytearray(len(src))
    position = dict.fromkeys(adjacent, 0)
    out: list[int] = []
    for start in adjacent:
        options = adjacent[start]
        i = position[start]
        while i < len(options) and used[options[i][1]]:
            i += 1
        position[start] = i
        if i == len(options):
            continue  # every edge here was walked already
        if out:
            out.append(-1)
        out.append(start)
        stack = [start]
        last_step = len(out)
        while stack:
            node = stack[-1]
            options = adjacent[node]
            i = position[node]
            while i < len(options) and used[options[i][1]]:
                i += 1
            if i < len(options):
                neighbour, k = options[i]
                used[k] = 1
                position[node] = i + 1
                stack.append(neighbour)
                out.append(neighbour)
                last_step = len(out)
            else:
                position[node] = i
                stack.pop()
                if stack:
                    out.append(stack[-1])  # back along the edge it came by
        del out[last_step:]  # the final way back draws nothing new
    return out


def _edges(geo: _Network, names: list[list[str]]) -> _Edges:
    sizes = geo.sizes
    first = np.cumsum([0, *sizes[:-1]])
    n_nodes = sum(sizes)  # ids 0..n-1: right sides (sources); n..2n-1: left sides (targets)
    node_x = np.empty(2 * n_nodes)
    node_y = np.empty(2 * n_nodes)
    for c, n in enumerate(sizes):
        ids = first[c] + np.arange(n)
        node_x[ids], node_x[n_nodes + ids] = geo.col_left(c) + geo.cells, geo.col_left(c)
        node_y[ids] = node_y[n_nodes + ids] = geo.centre_y(np.arange(n))
    src, dst, labels = [], [], []
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        i, j = np.meshgrid(np.arange(n_in), np.arange(n_out), indexing="ij")  # W[i, j] order
        i, j = i.ravel(), j.ravel()
        src.append(first[layer] + i)
        dst.append(n_nodes + first[layer + 1] + j)
        labels += [f"{names[layer][a]} → {names[layer + 1][b]}" for a, b in zip(i, j)]
    return _Edges(src=np.concatenate(src), dst=np.concatenate(dst), node_x=node_x.astype(np.uint16),
                  node_y=node_y.astype(np.float32), names=labels)


def _float32(values: np.ndarray) -> np.ndarray:
    """float32 for the browser; a run on its way to diverging has finite values beyond its range."""
    limit = np.finfo(np.float32).max
    return np.clip(values, -limit, limit).astype(np.float32)


def _weights(snapshot: Snapshot) -> np.ndarray:
    return _float32(np.concatenate([w.ravel() for w in snapshot.params[0::2]]))


def _biases(snapshot: Snapshot) -> np.ndarray:
    return _float32(np.concatenate([b.ravel() for b in snapshot.params[1::2]]))


# --------------------------------------------------------------------------- frames


def _line_epochs(run: Run, snapshots: Sequence[Snapshot]) -> np.ndarray:
    """The epochs the loss lines are drawn at: every epoch for short runs, otherwise an even
    subset of about 400, always including every frame's epoch (so a frame's line ends
    exactly at its epoch)."""
    last = len(run.history.train_loss) - 1
    stride = max(1, math.ceil((last + 1) / 400))
    epochs = set(range(0, last + 1, stride)) | {s.epoch for s in snapshots} | {last}
    return np.array(sorted(e for e in epochs if 0 <= e <= last), dtype=np.int64)


def _pick(snapshots: Sequence[Snapshot], frame_epochs, cap: int) -> list[Snapshot]:
    """The snapshots that become frames: those in `frame_epochs` (if given; plus the newest)
    or all of them thinned evenly to at most `cap`, keeping the first and the newest."""
    if frame_epochs is not None:
        wanted = {int(e) for e in frame_epochs}
        chosen = [s for s in snapshots if s.epoch in wanted]
        if not chosen or chosen[-1] is not snapshots[-1]:
            chosen.append(snapshots[-1])  # the figure always shows the newest state
        return chosen
    return _thin(list(snapshots), cap)


def _thin(items: list, cap: int) -> list:
    if len(items) <= cap:
        return items
    index = np.unique(np.round(np.linspace(0, len(items) - 1, max(cap, 2))).astype(int))
    return [items[i] for i in index]


def _typed(value: np.ndarray) -> dict:
    """A numpy array as plotly's typed-array JSON ({"dtype", "bdata"[, "shape"]}), encoded
    here once: plotly.py's own conversion in to_dict() costs ~0.1 ms per array."""
    value = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))  # plotly.js reads little-endian
    spec = {"dtype": value.dtype.str[1:], "bdata": base64.b64encode(value.tobytes()).decode("ascii")}
    if value.ndim == 2:
        spec["shape"] = f"{value.shape[0]}, {value.shape[1]}"
    return spec


def _encoded(frame: dict) -> dict:
    data = [{key: _typed(v) if isinstance(v, np.ndarray) else v for key, v in trace.items()} for trace in frame["data"]]
    return {**frame, "data": data}


def _frame_bytes(frame: dict) -> int:
    """JSON bytes of an encoded frame: plotly writes every "/" of base64 as \\u002f."""
    total = 120
    for trace in frame["data"]:
        for value in trace.values():
            if isinstance(value, dict) and "bdata" in value:
                total += len(value["bdata"]) + 5 * value["bdata"].count("/") + 40
    return total


class _CompactFrame(go.Frame):
    """A frame kept as built (plain dicts holding typed-array JSON), skipping plotly.py's
    validation: it costs about 60 µs per array, and a playground has ~15 arrays in each of up
    to hundreds of frames, more than everything else together. `data` is validated on demand
    and returned as a copy (assign `fig.frames` to change frames)."""

    @property
    def data(self):
        return go.Frame(self.to_plotly_json()).data


def _attach_frames(fig: go.Figure, frames: list[dict]) -> None:
    compact = tuple(_CompactFrame(frame, _validate=False) for frame in frames)
    if hasattr(fig, "_frame_objs"):
        fig._frame_objs = compact  # where plotly.py keeps frames; to_dict()/to_json() read their _props
    else:  # another plotly.py: the public, validating way
        fig.frames = frames


# --------------------------------------------------------------------------- figure


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
    """The animated playground figure of `run` (see the module docstring).

    One frame per snapshot, named by its epoch (thinned evenly to at most `max_frames`, and
    further when the JSON would exceed `max_bytes`; or only the snapshots whose epoch is in
    `frame_epochs`, plus the newest, with no thinning). The figure opens on the newest
    snapshot with the slider at its end. `show_test` adds the test points, `discretize` shows
    the surface in two flat colours (p ≥ 0.5 or not; the sign for regression), `grid` is the
    surface's resolution (grid x grid cells over [-6, 6]², grown to hold points beyond it).
    `open_at` opens the figure on the last frame at or before that epoch instead.
    `play_buttons=False` leaves out plotly's own Play/Pause (a page with its own controls) and
    gives the slider the whole width. `hover=False` leaves out the traces that only carry
    hover texts (weights, biases, points).

    `frames=False`: the figure without its plotly frames (only the one it opens on is
    computed), which `playground_frames` with the same arguments gives (with `frame_epochs`
    given, the same frames as the whole figure's; without, see `_build`). A page can then send
    the picture first and the frames after it: a paused run's 80 frames were 1.5-5 MB of JSON
    that took the browser 0.2 s to receive and lay out before it showed the picture.
    """
    built = _build(run, labels=labels, show_test=show_test, discretize=discretize, grid=grid,
                   frame_epochs=frame_epochs, max_bytes=max_bytes, max_frames=max_frames, open_at=open_at,
                   play_buttons=play_buttons, hover=hover, encode=frames, all_frames=frames)
    if frames:
        _attach_frames(built.figure, built.encoded)
    return built.figure


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
    return _build(run, labels={}, show_test=show_test, discretize=discretize, grid=grid, frame_epochs=frame_epochs,
                  max_bytes=max_bytes, max_frames=max_frames, open_at=None, play_buttons=False, hover=hover,
                  figure=False).encoded


@dataclass
class Playback:
    """A chunk of epochs for the browser's player (app_pages/player.js) to paint over `figure`."""

    figure: go.Figure | None  # opens on the chunk's first epoch; no plotly frames, a slider that only shows
    chunk: dict  # JSON: the frames to paint, named by epoch, naming the traces they change by meta
    axes: tuple[int, float]  # `playback_axes` of the run: the figure serves every chunk with the same


def playground_playback(
    run: Run,
    *,
    labels: Mapping[str, str],
    play: Sequence[int],
    open_at: int,
    show_test: bool = True,
    discretize: bool = False,
    grid: int = 40,
    figure: bool = True,
) -> Playback:
    """The figure and frames of a chunk being played: `play` are the epochs to paint one after
    another (recorded snapshots); the figure opens on epoch `open_at`. With `figure=False`, the
    frames alone (the player mostly paints on a figure already on screen).

    Plotly frames would be parsed, deep-copied and drawn by plotly (a 150-frame figure took
    0.6 s to arrive on screen here); the player needs only what changes, so a frame holds the
    mosaic and the surface as uint8 colour levels, the edge bins, and how far the loss lines
    reach (the lines travel once, in `series` at the epochs `line_x`, so a frame can be
    painted on the figure of a later chunk too).

    The figure's axes are `playback_axes(run)`: the epoch axes end at a round number past the
    newest epoch and the loss axis tops at a round number. The chunk names them too (`axes`),
    so that it can be painted on the figure of an earlier chunk once the player has moved that
    figure's axes (a page that sends the same figure again costs the browser nothing; a new
    one stalls playback while plotly draws it). The slider only shows where playback is: its
    `PLAYBACK_STEPS` steps span the epoch axis evenly.
    """
    axis_end, loss_top = playback_axes(run)
    built = _build(run, labels=labels, show_test=show_test, discretize=discretize, grid=grid,
                   frame_epochs=sorted({int(open_at)} | {int(e) for e in play}), open_at=int(open_at),
                   play_buttons=False, hover=False, axis_end=axis_end, loss_top=loss_top, encode=False,
                   figure=figure)
    if figure:
        slider = built.figure.layout.sliders[0]
        marks = np.unique(np.round(np.linspace(0, axis_end, PLAYBACK_STEPS)).astype(int))
        # Step labels of digit-wide blanks: the counter has room for the epochs the player
        # writes into it and never names the epoch plotly opened on.
        blank = "\u2007" * len(str(axis_end))
        slider.steps = [dict(method="skip", label=blank, args=[[str(e)], STEP_ARGS]) for e in marks]
        slider.active = int(np.argmin(np.abs(marks - open_at)))
    wanted = {str(int(e)) for e in play}
    index = built.index
    frames = []
    for frame in built.frames:
        if frame["name"] not in wanted:
            continue
        data = frame["data"]
        surface = data[index["surface"]]
        frames.append({
            "name": frame["name"],
            "mosaic": _typed(data[index["mosaic"]]["z"]),
            "edges": [[_typed(data[i]["x"]), _typed(data[i]["y"])] for i in index["edges"]],
            "surface": _typed(surface["y"]) if built.one_d else _typed(_levels(surface["z"], built.z_range)),
            "upto": len(data[index["lines"][0]]["y"]),
        })
    # Traces named by their `meta` (Streamlit drops uids): a frame paints on any playground
    # figure of the run, whatever its trace numbers.
    chunk = {
        **_metas(len(built.series)),
        "series": [_typed(v) for v in built.series],
        "line_x": _typed(built.line_epochs.astype(np.float32)),
        "axes": [axis_end, loss_top],  # the player moves the axes of an older figure there
        "frames": frames,
    }
    return Playback(figure=built.figure, chunk=chunk, axes=(axis_end, loss_top))


def _metas(n_lines: int) -> dict:
    """The `meta` of each trace a frame changes: the player finds them by it in any figure."""
    return {"mosaic": "mosaic", "edges": [f"edges{k}" for k in range(N_BINS)], "surface": "surface",
            "lines": [f"line{i}" for i in range(n_lines)]}


def playback_axes(run: Run) -> tuple[int, float]:
    """(end of the epoch axes, top of the loss axis) of a figure being played: round numbers
    (1, 2, 5 x 10^n) past the newest epoch and above the highest loss so far."""
    top = float(np.max(_shown_losses([run.history.train_loss, run.history.test_loss]), initial=0.0))
    return int(_round_up(max(run.epoch, MIN_EPOCH_AXIS))), _round_up(max(top * 1.05, 1e-3))


def _shown_losses(series: Sequence[Sequence[float]]) -> np.ndarray:
    """The finite losses of the train and test lines, capped at `LOSS_AXIS_CAP` times the first
    epoch's loss: a loss that explodes leaves the top of the chart, and the axis keeps readable
    numbers (not 0 to 2×10²⁸¹, with every epoch before the last one flat at zero)."""
    values = [np.asarray(v, dtype=np.float64) for v in series]
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    firsts = [v[0] for v in values if len(v) and np.isfinite(v[0])]
    if firsts and max(firsts) > 0:
        finite = np.minimum(finite, LOSS_AXIS_CAP * max(firsts))
    return finite


def _round_up(value: float) -> float:
    power = 10.0 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value * (1 - 1e-12))


def _levels(z: np.ndarray, z_range: tuple[float, float]) -> np.ndarray:
    """Surface values as 0..255 along the colour scale (`z_range`); NaN in the middle."""
    lo, hi = z_range
    p = (np.nan_to_num(z.astype(np.float64), nan=(lo + hi) / 2) - lo) / ((hi - lo) or 1.0)
    return np.rint(np.clip(p, 0.0, 1.0) * 255).astype(np.uint8)


@dataclass
class _Built:
    figure: go.Figure | None  # without frames; None when not asked for
    frames: list[dict]  # numpy frame data, in the figure's trace numbering
    encoded: list[dict]  # the same as plotly frames (typed-array JSON); empty unless asked to encode
    series: list[np.ndarray]  # the loss (and accuracy) lines, whole
    index: dict  # trace numbers: mosaic, edges (8), surface, lines
    one_d: bool
    z_range: tuple[float, float]
    line_epochs: np.ndarray  # the epochs of the loss lines' points


def _build(
    run: Run,
    *,
    labels: Mapping[str, str],
    show_test: bool,
    discretize: bool,
    grid: int,
    frame_epochs: Sequence[int] | None,
    open_at: int | None,
    play_buttons: bool,
    hover: bool,
    max_bytes: int = FRAME_BUDGET_BYTES,
    max_frames: int = MAX_FRAMES,
    axis_end: int | None = None,
    loss_top: float | None = None,
    encode: bool = True,
    figure: bool = True,
    all_frames: bool = True,
) -> _Built:
    """`figure=False`: the frames alone. `all_frames=False`: the figure alone, only its opening
    frame computed (its slider still steps through every chosen epoch; `playground_frames`
    gives their frames). Both choose the same snapshots for the same arguments; only the whole
    figure (both, no `frame_epochs`) also measures its frames' JSON against `max_bytes` and
    may thin further, as the estimate of their size is rough."""
    use_vectorlab_template()
    L = _labels(labels)
    classification = run.is_classification
    domain = _domain(run)
    one_d = domain.n_inputs == 1
    sizes = list(run.net.sizes)
    geo = _network_geometry(sizes, domain.n_inputs)
    grid = int(max(4, grid))
    raw = run.data.raw

    # ---- names of every neuron (hover texts)
    feature_names = FEATURE_NAMES_1D if one_d else FEATURE_NAMES_2D
    names = [[feature_names.get(f, f) for f in run.setup.features]]
    for h, n in enumerate(sizes[1:-1], start=1):
        names.append([f"{_hidden_title(L, h)} #{j + 1}" for j in range(n)])
    names.append([L["output"]])
    edges = _edges(geo, names)
    n_e, n_b = len(edges.names), sum(sizes[1:])

    # ---- what the right panel evaluates the network on
    if one_d:
        curve_x = np.linspace(-domain.extent, domain.extent, CURVE_POINTS)
        surface_X = curve_x[:, None]
    else:
        surface_X = domain.lattice(grid)
    if classification:
        z_range = (0.0, 1.0)
    else:
        ymax = float(np.nanmax(np.abs(np.concatenate([raw.y_train, raw.y_test])))) or 1.0
        z_range = (-ymax, ymax)

    # ---- the trained neurons' mosaic: columns 1.. of the network on one uniform lattice
    lattice = geo.mosaic()
    mosaic_shape = lattice.shape

    # ---- frames: estimate a frame's bytes, compute the chosen snapshots, measure, thin
    n_lines = 4 if classification else 2
    line_len = len(_line_epochs(run, run.snapshots))
    n_points = len(raw.X_train) + (len(raw.X_test) if show_test else 0)
    static = 50_000 + 70 * n_e + 60 * n_b + 90 * n_points + 30 * line_len  # layout, hover texts, images
    per_frame = (mosaic_shape[0] * mosaic_shape[1] + 6 * 2.2 * n_e + 4 * (n_e + n_b)
                 + 4 * len(surface_X) + 4 * n_lines * line_len / 2) * 1.35 + 900  # base64 + "/" escapes
    cap = min(max_frames, max(MIN_FRAMES, int((max_bytes - static) // per_frame)))
    measure = frame_epochs is None and figure and all_frames
    chosen = _pick(run.snapshots, frame_epochs, cap)
    opening = _opening(chosen, open_at)
    computed = chosen if all_frames else [chosen[opening]]
    line_epochs, series, frames = _frames(run, computed, geo, domain, edges, lattice, surface_X, grid, z_range,
                                          discretize, line_snapshots=chosen)
    encoded = [_encoded(frame) for frame in frames] if encode else []
    if measure and len(frames) > MIN_FRAMES:
        # The estimate is rough (base64 of some arrays holds many "/", which JSON escapes):
        # measure, and if the payload is still too big, choose fewer snapshots and redo.
        mean = float(np.mean([_frame_bytes(frame) for frame in encoded or map(_encoded, frames)]))
        cap = min(max_frames, max(MIN_FRAMES, int((max_bytes - static) // mean)))
        if cap < len(frames):
            chosen = _pick(run.snapshots, None, cap)
            line_epochs, series, frames = _frames(run, chosen, geo, domain, edges, lattice, surface_X, grid,
                                                  z_range, discretize)
            encoded = [_encoded(frame) for frame in frames] if encode else []
            opening = _opening(chosen, open_at)
    final = frames[opening if all_frames else 0]["data"]  # in the order of _frames, all traces
    kept = [i for i in range(SURFACE + 1 + len(series)) if hover or i not in (SURFACE - 2, SURFACE - 1)]
    index = {"mosaic": 0, "edges": list(range(1, 1 + N_BINS)), "surface": kept.index(SURFACE),
             "lines": [kept.index(i) for i in range(SURFACE + 1, SURFACE + 1 + len(series))]}
    for frame in (*frames, *encoded):
        frame["data"] = [frame["data"][i] for i in kept]
    for frame in encoded:
        frame["traces"] = list(range(len(kept)))
    if not figure:  # the frames alone (plotly's objects validate every value: half the time here)
        return _Built(figure=None, frames=frames, encoded=encoded, series=series, index=index, one_d=one_d,
                      z_range=z_range, line_epochs=line_epochs)

    # ---- traces, in the order of a frame's data, then the static ones
    # Plain dicts in a figure built without validation: plotly.py checks every value of every
    # trace (a third of the page's script run after a click); test_figures_playground checks
    # that plotly finds nothing to change in what is built here.
    metas = _metas(len(series))
    traces: list = []
    traces.append(dict(
        type="heatmap", z=final[0]["z"], x0=lattice.left + 0.5, dx=1, y0=lattice.bottom + 0.5, dy=1,
        zmin=0, zmax=255, colorscale=MOSAIC_COLORSCALE, showscale=False, hoverinfo="skip",
        xaxis="x", yaxis="y", name="neurons", meta=metas["mosaic"],
    ))
    shrink = float(np.clip(geo.scale * geo.cells / 36, 0.45, 1.0))  # thinner edges for small thumbnails
    for k in range(N_BINS):
        traces.append(dict(
            type="scatter", x=final[1 + k]["x"], y=final[1 + k]["y"], mode="lines", hoverinfo="skip",
            showlegend=False, xaxis="x", yaxis="y", name=f"w {'<≥'[k // 4]} 0, width {k % 4}", connectgaps=False,
            meta=metas["edges"][k],
            line=dict(color=_rgba(CLASS_COLORS[k // 4], EDGE_ALPHAS[k % 4]),  # w < 0 orange, w ≥ 0 blue
                      width=round(EDGE_WIDTHS[k % 4] * shrink, 2)),
        ))
    # hover targets at the edges' midpoints: mode "none" draws nothing (a thousand invisible
    # markers would cost more to redraw than the rest of the network) but still hovers
    traces.append(dict(
        type="scatter", x=edges.x_mid, y=edges.y_mid, mode="none", showlegend=False, xaxis="x", yaxis="y",
        name=L["weight"], customdata=final[SURFACE - 2]["customdata"], text=edges.names,
        hovertemplate=f"{L['weight']} w = %{{customdata:{D3_FORMAT}}} (%{{text}})<extra></extra>",
    ))
    # biases are blocks of the mosaic, left of each neuron's lower corner; this only hovers
    traces.append(dict(
        type="scatter", x=lattice.bias_x, y=lattice.bias_y, mode="none", showlegend=False, xaxis="x", yaxis="y",
        name=L["bias"], customdata=final[SURFACE - 1]["customdata"],
        text=[name for column in names[1:] for name in column],
        hovertemplate=f"{L['bias']} b = %{{customdata:{D3_FORMAT}}} (%{{text}})<extra></extra>",
    ))
    # right panel: the surface (or the fitted curve)
    if one_d:
        traces.append(dict(
            type="scatter", x=curve_x.astype(np.float32), y=final[SURFACE]["y"], mode="lines", xaxis="x2",
            yaxis="y2", line=dict(color=BLUE, width=3.5), name=L["prediction"], showlegend=False,
            meta=metas["surface"],
            hovertemplate=f"{L['x']} = %{{x:{D3_FORMAT}}}<br>{L['prediction']} = %{{y:{D3_FORMAT}}}<extra></extra>",
        ))
    else:
        step = 2 * domain.extent / grid
        title = L["probability"] if classification else L["prediction"]
        traces.append(dict(
            type="heatmap", z=final[SURFACE]["z"], x0=-domain.extent + step / 2, dx=step,
            y0=-domain.extent + step / 2, dy=step,
            zmin=z_range[0], zmax=z_range[1], colorscale=SURFACE_COLORSCALE, xaxis="x2", yaxis="y2",
            showscale=False,  # drawn once as an image (a colour bar is re-laid out on every frame)
            hovertemplate=(f"{L['x1']} = %{{x:{D3_FORMAT}}}, {L['x2']} = %{{y:{D3_FORMAT}}}<br>"
                           f"{title} = %{{z:{D3_FORMAT}}}<extra></extra>"),
            name=title, meta=metas["surface"],
        ))
    # bottom row: loss (and accuracy); a frame sends only the y values up to its epoch
    epochs_f = line_epochs.astype(np.float32)
    # train wide and grey under test narrow and black: where they coincide both stay visible
    keys = [(L["train"], TRAIN_COLOR, 3.5), (L["test"], TEST_COLOR, 2.0)]
    for i, (name, color, width) in enumerate(keys):
        traces.append(dict(
            type="scatter", x=epochs_f, y=final[SURFACE + 1 + i]["y"], mode="lines", name=name, showlegend=False,
            xaxis="x3", yaxis="y3", line=dict(color=color, width=width), meta=metas["lines"][i],
            hovertemplate=f"{L['epoch']} %{{x}}<br>{name}: {L['loss']} = %{{y:{D3_FORMAT}}}<extra></extra>",
        ))
    if classification:
        for i, (name, color, width) in enumerate(keys):
            traces.append(dict(
                type="scatter", x=epochs_f, y=final[SURFACE + 3 + i]["y"], mode="lines", name=name,
                showlegend=False, xaxis="x4", yaxis="y4", line=dict(color=color, width=width),
                meta=metas["lines"][2 + i],
                hovertemplate=f"{L['epoch']} %{{x}}<br>{name}: {L['accuracy']} = %{{y:.1%}}<extra></extra>",
            ))
    assert len(traces) == len(final)
    traces = [traces[i] for i in kept]
    # static: the data points (2-D: drawn as an image, this trace only hovers)
    if hover or one_d:
        points = _points_trace(run, L, show_test, classification, one_d, xaxis="x2", yaxis="y2",
                               hover_only=not one_d)
        if one_d:
            points["zorder"] = -1  # under the fitted curve, as while playing (the canvas lies over every trace)
        traces.append(points)
    layout = _playground_layout(run, L, geo, domain, classification, one_d, chosen, line_epochs, series)
    if axis_end is not None:
        for axis in ("xaxis3", "xaxis4"):
            if axis in layout:
                layout[axis]["range"] = [0, axis_end]
    if loss_top is not None:
        layout["yaxis3"]["range"] = [0, loss_top]
    layout["sliders"][0]["active"] = opening
    if not play_buttons:
        del layout["updatemenus"]
        layout["sliders"][0].update(x=0.0, len=1.0)
    # What never changes is drawn once, as SVG images, not on every frame.
    (x0, x1), (y0, y1) = geo.x_range, geo.y_range
    layout["images"] = [dict(source=_network_image(run, L, geo, domain, names), xref="x", yref="y", x=x0, y=y1,
                             sizex=x1 - x0, sizey=y1 - y0, sizing="stretch", xanchor="left", yanchor="top",
                             layer="above")]
    if not one_d:
        e = domain.extent
        bar_title = L["probability"] if classification else L["prediction"]
        layout["images"].append(dict(
            source=_colorbar_image(SURFACE_COLORSCALE, z_range, bar_title), xref="paper", yref="paper",
            x=SURF_X[1] + 0.012, y=TOP[1], sizex=1.0 - SURF_X[1], sizey=TOP[1] - TOP[0], sizing="contain",
            xanchor="left", yanchor="top", layer="above",
        ))
        layout["images"].append(dict(
            source=_points_image(run, show_test, classification, e, z_range), xref="x2", yref="y2", x=-e, y=e,
            sizex=2 * e, sizey=2 * e, sizing="stretch", xanchor="left", yanchor="top", layer="above",
        ))
    return _Built(figure=go.Figure(data=traces, layout=layout, _validate=False), frames=frames, encoded=encoded,
                  series=series, index=index, one_d=one_d, z_range=z_range, line_epochs=line_epochs)


def _opening(chosen: Sequence[Snapshot], open_at: int | None) -> int:
    """The index of the chosen snapshot a figure opens on: the last at or before `open_at`
    (the newest if None)."""
    if open_at is None:
        return len(chosen) - 1
    return max([i for i, snapshot in enumerate(chosen) if snapshot.epoch <= open_at] or [0])


def _frames(run: Run, chosen, geo: "_Network", domain: _Domain, edges: "_Edges", lattice: "_Mosaic",
            surface_X: np.ndarray, grid: int, z_range, discretize: bool, line_snapshots=None):
    """(line epochs, loss series, frame dicts) for the chosen snapshots; a frame's data are in
    the order mosaic, 8 edge bins, edge hover, bias hover, surface, loss lines. The lines
    are drawn at the epochs of `line_snapshots` (default: the chosen ones) among others."""
    one_d = domain.n_inputs == 1
    computed = _compute(run, chosen, geo, domain, surface_X)
    thumbs = _quantize(computed.thumbs)
    if one_d:
        thumbs = np.tile(thumbs, (1, 1, geo.cells))  # a strip: the same row all the way up
    line_epochs = _line_epochs(run, chosen if line_snapshots is None else line_snapshots)
    hist = run.history
    wanted = [hist.train_loss, hist.test_loss]
    if run.is_classification:
        wanted += [hist.train_accuracy, hist.test_accuracy]
    series = [_float32(np.asarray(v, dtype=np.float64)[line_epochs]) for v in wanted]
    frames = []
    for f, snap in enumerate(chosen):
        w, bias = _weights(snap), _biases(snap)
        mosaic = np.full(lattice.shape, MOSAIC_GAP, dtype=np.uint8)
        mosaic[lattice.rows, lattice.cols] = thumbs[f].ravel()
        mosaic[lattice.bias_rows, lattice.bias_cols] = np.repeat(_quantize(np.clip(bias, -1.0, 1.0)), BIAS * BIAS)
        upto = int(np.searchsorted(line_epochs, snap.epoch, side="right"))
        data = [{"type": "heatmap", "z": mosaic}]
        data += [{"type": "scatter", "x": x, "y": y} for x, y in edges.lines(w)]
        data.append({"type": "scatter", "customdata": w})
        data.append({"type": "scatter", "customdata": bias})
        if one_d:
            data.append({"type": "scatter", "y": computed.surface[f]})
        else:
            data.append({"type": "heatmap", "z": _surface_values(computed.surface[f], grid, z_range, discretize)})
        data += [{"type": "scatter", "y": s[:upto]} for s in series]
        frames.append({"data": data, "name": str(snap.epoch)})
    return line_epochs, series, frames


def _surface_values(output: np.ndarray, grid: int, z_range: tuple[float, float], discretize: bool) -> np.ndarray:
    z = output.reshape(grid, grid).astype(np.float32)
    if discretize:
        # two flat colours: p >= 0.5 (classification, z_range (0, 1)) or the sign (regression)
        middle = (z_range[0] + z_range[1]) / 2
        return np.where(z >= middle, z_range[1], z_range[0]).astype(np.float32)
    return z


def _points_trace(run: Run, L, show_test: bool, classification: bool, one_d: bool, xaxis: str, yaxis: str,
                  size: float = 7.5, hover_only: bool = False):
    """Train points (white outline) and test points (black outline) in one static trace:
    classes in `CLASS_COLORS`, regression targets on the surface's scale; 1-D data: train grey
    dots, test black rings (the loss lines' colours). `hover_only`: draws nothing, keeps the
    hover texts (for points drawn by `_points_image`)."""
    raw = run.data.raw
    parts = [(raw.X_train, raw.y_train, L["train"], True)]
    if show_test:
        parts.append((raw.X_test, raw.y_test, L["test"], False))
    xs, ys, colors, outline, text = [], [], [], [], []
    for X, y, split, is_train in parts:
        X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
        y = np.asarray(y, dtype=np.float64)
        xs.append(X[:, 0])
        if one_d:
            ys.append(y)
            colors += [TRAIN_COLOR if is_train else "#FFFFFF"] * len(y)
            outline += ["#FFFFFF" if is_train else TEST_COLOR] * len(y)
            text += [f"{split}<br>{L['x']} = {a:.3g}, {L['y']} = {b:.3g}" for a, b in zip(X[:, 0], y)]
            continue
        ys.append(X[:, 1])
        outline += ["#FFFFFF" if is_train else TEST_COLOR] * len(y)
        if classification:
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


def _network_image(run: Run, L, geo: _Network, domain: _Domain, names) -> str:
    """The network panel's static parts as one SVG (data URI) over geo.x_range x geo.y_range:
    the input features' thumbnails (each feature scaled to [-1, 1]), their names and the
    column titles. Text is escaped; SVG y points down, so y is negated."""
    scale, cells, sizes = geo.scale, geo.cells, geo.sizes
    body = []
    features = make_features(domain.lattice(cells), run.setup.features)
    features = features / np.maximum(np.abs(features).max(axis=0), 1e-9)
    height = cells / geo.data_rows
    for f in range(sizes[0]):
        colors = _scale_colors(features[:, f], (-1.0, 1.0), DIVERGING)
        top = float(geo.slot_top(f))
        for index, color in enumerate(colors):
            r, c = divmod(index, cells)  # rows = x2 ascending, drawn upwards
            y = -(top - cells + (r + 1) * height)
            body.append(f'<rect x="{c}" y="{y:g}" width="1.02" height="{height + 0.02:g}" fill="{color}"/>')
    font = SMALL_FONT_SIZE / scale
    for f, name in enumerate(names[0]):
        body.append(f'<text x="{-4 / scale:.3f}" y="{-float(geo.centre_y(f)):.3f}" font-size="{font:.3f}" '
                    f'text-anchor="end" dominant-baseline="central">{html.escape(name)}</text>')
    column_px = geo.pitch * scale
    title_px = SMALL_FONT_SIZE if column_px >= 70 else SMALL_FONT_SIZE - 1
    title_font = title_px / scale
    for c in range(len(sizes)):
        if c == 0:
            title = L["input"]
        elif c == len(sizes) - 1:
            title = L["output"]
        else:
            title = _hidden_title(L, c)
            if GLYPH_WIDTH * title_px * len(title) > column_px - 6:
                title = str(c)  # a title wider than its column would run into the next one
        body.append(f'<text x="{geo.col_left(c) + cells / 2:.3f}" y="{-5 / scale:.3f}" font-size="{title_font:.3f}" '
                    f'text-anchor="middle">{html.escape(title)}</text>')
    (x0, x1), (y0, y1) = geo.x_range, geo.y_range
    width, height = x1 - x0, y1 - y0
    style = f"font-family:{FONT_FAMILY.replace(chr(34), chr(39))};fill:#222222"
    return _svg_uri(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.3f} {-y1:.3f} {width:.3f} {height:.3f}" '
        f'width="{2 * width * scale:.0f}" height="{2 * height * scale:.0f}" style="{style}">{"".join(body)}</svg>'
    )


def _points_image(
    run: Run, show_test: bool, classification: bool, extent: float, z_range,
    radius_px: float = POINT_RADIUS_PX, box_px: float | None = None,
) -> str:
    """The 2-D data points as an SVG (data URI) covering [-extent, extent]²: train points with
    a white outline, test points with a black one; fill = class colour, or the target on the
    diverging scale. Only numbers go into it."""
    raw = run.data.raw
    box_px = box_px or (TOP[1] - TOP[0]) * NOMINAL_PX[1]  # the box's side in px at the nominal size
    unit = 2 * extent / box_px  # data units per px
    r, stroke = radius_px * unit, 1.1 * unit
    parts = [(raw.X_train, raw.y_train, "t")]
    if show_test:
        parts.append((raw.X_test, raw.y_test, "s"))
    body = []
    for X, y, css in parts:
        X = np.asarray(X, dtype=np.float64).reshape(len(X), -1)
        if classification:
            for (a, b), v in zip(X, y):
                body.append(f'<circle class="{css} c{int(v)}" cx="{a:.3f}" cy="{-b:.3f}" r="{r:.3f}"/>')
        else:
            for (a, b), color in zip(X, _scale_colors(np.asarray(y, dtype=np.float64), z_range, DIVERGING)):
                body.append(f'<circle class="{css}" fill="{color}" cx="{a:.3f}" cy="{-b:.3f}" r="{r:.3f}"/>')
    style = (f".t{{stroke:#FFFFFF;stroke-width:{stroke:.4f}}}.s{{stroke:{TEST_COLOR};stroke-width:{stroke:.4f}}}"
             f".c0{{fill:{CLASS_COLORS[0]}}}.c1{{fill:{CLASS_COLORS[1]}}}")
    side = 2 * extent
    return _svg_uri(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-extent:g} {-extent:g} {side:g} {side:g}" '
        f'width="{4 * box_px:.0f}" height="{4 * box_px:.0f}"><style>{style}</style>{"".join(body)}</svg>'
    )


def _nice_ticks(lo: float, hi: float, count: int = 5) -> np.ndarray:
    raw = (hi - lo) / max(count, 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = power * min((m for m in (1, 2, 2.5, 5, 10) if m * power >= raw), default=10)
    return np.arange(np.ceil(lo / step - 1e-9), np.floor(hi / step + 1e-9) + 1) * step


def _colorbar_image(colorscale, z_range, title: str) -> str:
    """A vertical colour bar (gradient, ticks, labels, rotated title) as an SVG data URI of
    the surface panel's nominal height, to place with sizing "contain"."""
    height = (TOP[1] - TOP[0]) * NOMINAL_PX[1]
    bar, width = 12, 74
    lo, hi = z_range
    stops = "".join(f'<stop offset="{p:.4f}" stop-color="{c}"/>' for p, c in colorscale)
    body = [f'<defs><linearGradient id="g" x1="0" y1="1" x2="0" y2="0">{stops}</linearGradient></defs>',
            f'<rect x="0" y="0" width="{bar}" height="{height:.1f}" fill="url(#g)"/>']
    for tick in _nice_ticks(lo, hi):
        y = (hi - tick) / ((hi - lo) or 1.0) * height
        y_text = min(max(y, 7.0), height - 7.0)
        body.append(f'<line x1="{bar}" x2="{bar + 4}" y1="{y:.1f}" y2="{y:.1f}" stroke="#444444"/>')
        body.append(f'<text x="{bar + 7}" y="{y_text:.1f}" dominant-baseline="central">{round3(tick)}</text>')
    body.append(f'<text transform="translate({width - 6},{height / 2:.1f}) rotate(-90)" text-anchor="middle" '
                f'font-size="{SMALL_FONT_SIZE + 2}">{html.escape(title)}</text>')
    style = f"font-family:{FONT_FAMILY.replace(chr(34), chr(39))};font-size:{SMALL_FONT_SIZE}px;fill:#222222"
    return _svg_uri(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
                    f'viewBox="0 0 {width} {height:.1f}" style="{style}">{"".join(body)}</svg>')


def _scale_colors(values: np.ndarray, z_range, colorscale) -> list[str]:
    """Hex colours of `values` on a plotly colour scale spanning z_range (clipped)."""
    lo, hi = z_range
    t = np.clip((np.asarray(values, dtype=np.float64) - lo) / ((hi - lo) or 1.0), 0.0, 1.0)
    stops = np.array([p for p, _ in colorscale])
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in colorscale], dtype=np.float64)
    channels = np.rint([np.interp(t, stops, rgb[:, k]) for k in range(3)]).astype(int)
    return ["#{:02X}{:02X}{:02X}".format(r, g, b) for r, g, b in channels.T]


def _range(values: Sequence[np.ndarray], floor: float | None = 0.0, pad: float = 0.05) -> list[float]:
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


def _playground_layout(
    run, L, geo: _Network, domain: _Domain, classification, one_d, chosen, line_epochs, series
) -> dict:
    e = domain.extent
    fixed = dict(automargin=False)  # fixed margins: nothing to re-measure on every frame
    if one_d:
        raw = run.data.raw
        surf_x = dict(title=dict(text=L["x"]), range=[-e, e], domain=list(SURF_X), anchor="y2", **fixed)
        surf_y = dict(title=dict(text=L["y"]), range=_range([raw.y_train, raw.y_test], floor=None, pad=0.15),
                      domain=list(TOP), anchor="x2", **fixed)
    else:
        surf_x = dict(title=dict(text=L["x1"]), range=[-e, e], domain=list(SURF_X), anchor="y2",
                      constrain="domain", showgrid=False, mirror=True, **fixed)
        surf_y = dict(title=dict(text=L["x2"]), range=[-e, e], domain=list(TOP), anchor="x2",
                      scaleanchor="x2", scaleratio=1, constrain="domain", showgrid=False, mirror=True, **fixed)

    # a fresh run's epoch axes have room to train into (not 0..1 in fractions of an epoch)
    last_epoch = max(int(line_epochs[-1]) if len(line_epochs) else 0, MIN_EPOCH_AXIS)
    loss_domain = LOSS_X_CLS if classification else LOSS_X_REG
    steps = [dict(method="animate", label=str(s.epoch), args=[[str(s.epoch)], STEP_ARGS]) for s in chosen]
    # Plotly hides a slider of one step, and with it the epoch counter: a fresh run shows its
    # "epoch 0" too, and Play paints the next epochs into that counter on this very figure.
    # With nowhere to travel to, its step animates nothing, so it needs no frame.
    many = len(steps) > 12 or len(steps) == 1
    steps = [dict(steps[0], method="skip")] * 2 if len(steps) == 1 else steps
    slider = dict(
        active=len(steps) - 1, steps=steps, x=0.22, len=0.78, xanchor="left", y=0, yanchor="top",
        pad=dict(t=50, b=0, r=0, l=0),
        currentvalue=dict(prefix=L["epoch"] + " ", visible=True, xanchor="right", offset=6,  # clear of the buttons
                          font=dict(size=SMALL_FONT_SIZE + 1, color="#222222")),
        # hundreds of step labels would overprint each other: the current value names the epoch
        font=dict(size=SMALL_FONT_SIZE - 2, color="rgba(0,0,0,0)" if many else "#444444"),
        ticklen=0 if many else 4, minorticklen=0, transition=dict(duration=0),
        bgcolor="#E6E6E6", activebgcolor="#BBBBBB", bordercolor="#999999",
    )
    buttons = dict(type="buttons", direction="left", showactive=False, x=0.0, xanchor="left", y=0, yanchor="top",
        pad=dict(t=66, r=0), font=dict(size=SMALL_FONT_SIZE), bgcolor="#F4F4F4", bordercolor="#999999",
        buttons=[dict(label="▶ " + L["play"], method="animate", args=PLAY_ARGS),
                 dict(label="❚❚ " + L["pause"], method="animate", args=PAUSE_ARGS)],
    )
    hidden = dict(visible=False, showgrid=False, zeroline=False, fixedrange=True)
    layout = dict(
        template=pio.templates[TEMPLATE_NAME].to_plotly_json(),  # by name only in a validated figure
        height=HEIGHT,
        margin=MARGIN,
        uirevision="playground",
        hovermode="closest",
        showlegend=False,  # a legend is re-measured on every frame; one annotation says the same
        annotations=[dict(
            text=(f"<span style='color:{TRAIN_COLOR}'>━━ {html.escape(L['train'])}</span>"
                  f"     <span style='color:{TEST_COLOR}'>━━ {html.escape(L['test'])}</span>"),
            x=loss_domain[1], y=BOTTOM[1] + 0.015, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
            showarrow=False, font=dict(size=SMALL_FONT_SIZE + 1),
        )],
        xaxis=dict(range=geo.x_range, domain=list(NET_X), anchor="y", **hidden),
        yaxis=dict(range=geo.y_range, domain=list(TOP), anchor="x", scaleanchor="x", scaleratio=1,
                   constrain="domain", constraintoward="top", **hidden),
        xaxis2=surf_x,
        yaxis2=surf_y,
        xaxis3=dict(title=dict(text=L["epoch"]), range=[0, last_epoch], domain=list(loss_domain), anchor="y3", **fixed),
        yaxis3=dict(title=dict(text=L["loss"]), range=_range([_shown_losses(series[:2])]), domain=list(BOTTOM),
                    anchor="x3", nticks=4,
                    **fixed),
        sliders=[slider],
        updatemenus=[buttons],
    )
    if classification:
        layout["xaxis4"] = dict(title=dict(text=L["epoch"]), range=[0, last_epoch], domain=list(ACC_X), anchor="y4",
                                **fixed)
        layout["yaxis4"] = dict(title=dict(text=L["accuracy"]), range=[0, 1.02], tickformat=".0%", domain=list(BOTTOM),
                                anchor="x4", nticks=3, **fixed)
    return layout


# --------------------------------------------------------------------------- comparison


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
    L = _labels(labels)
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
                   range=_range([t.y for t in traces]), nticks=5),
        annotations=[],
        images=[],
    )
    for i, (run, name, color) in enumerate(zip(runs, names, colors)):
        k = i + 2
        xa, ya = f"x{k}", f"y{k}"
        left = i * (width + gap)
        domain = _domain(run)
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
            traces.append(_points_trace(run, L, False, False, True, xaxis=xa, yaxis=ya, size=5))
            layout[f"xaxis{k}"] = dict(domain=[left, left + width], anchor=ya, range=[-e, e], title=dict(text=L["x"]))
            y_range = _range([raw.y_train, raw.y_test], floor=None, pad=0.15)
            layout[f"yaxis{k}"] = dict(domain=[0.0, 0.4], anchor=xa, range=y_range,
                                       title=dict(text=L["y"] if i == 0 else ""))
        else:
            step = 2 * e / grid
            out = net.forward(make_features(domain.lattice(grid), run.setup.features))[:, 0]
            if run.is_classification:
                z_range, title = (0.0, 1.0), L["probability"]
            else:
                ymax = float(np.nanmax(np.abs(np.concatenate([raw.y_train, raw.y_test])))) or 1.0
                z_range, title = (-ymax, ymax), L["prediction"]
            traces.append(go.Heatmap(
                z=out.reshape(grid, grid).astype(np.float32), x0=-e + step / 2, dx=step, y0=-e + step / 2, dy=step,
                zmin=z_range[0], zmax=z_range[1], colorscale=SURFACE_COLORSCALE, showscale=False,
                xaxis=xa, yaxis=ya, name=name,
                hovertemplate=(f"{L['x1']} = %{{x:{D3_FORMAT}}}, {L['x2']} = %{{y:{D3_FORMAT}}}<br>"
                               f"{title} = %{{z:{D3_FORMAT}}}<extra></extra>"),
            ))
            layout["images"].append(dict(
                source=_points_image(run, False, run.is_classification, e, z_range, radius_px=2.6, box_px=box_px),
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
