"""Where everything sits: the panels on the page (paper fractions), the input domain, and the
network panel in drawing units of one thumbnail cell (columns, neurons, the trained neurons'
mosaic, the edges).

The weights are edges split into 8 line traces by sign and width. Plotly makes every
NaN-separated piece of a line trace its own SVG path, and the paths, not the points, cost the
redraw time: each bin is walked as few polylines as possible (`walk`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.nn.datasets import DOMAIN_1D
from core.nn.trainer import GRID_EXTENT, Run

HEIGHT = 540  # with the title and the row of main controls, one 1366x768 screen (app_pages/networks/train.py)
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
NOMINAL_PX = (640, HEIGHT - 30 - 110)  # plot area of the figure at 1366x768 (about 720 px wide): sizes text, gaps
LABEL_PX = 58  # room left of the input column for feature names
TITLE_PX = 24  # room above the columns for their titles
BIAS = 2  # a bias is a BIAS x BIAS block of the mosaic
N_BINS = 8  # 2 signs x 4 widths
WIDTH_BINS = (0.25, 0.75, 1.5)  # |w| thresholds between the 4 edge widths
EDGE_WIDTHS = (0.8, 1.6, 2.8, 4.2)  # px for 36 px thumbnails, thinner for smaller ones
EDGE_ALPHAS = (0.45, 0.7, 0.9, 1.0)
HANDLE_CELLS = 1.2  # thumbnail heights below the tallest column: the row of + / − handles (handles.py)


@dataclass
class Domain:
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


def run_domain(run: Run) -> Domain:
    raw = run.data.raw
    X = np.concatenate([raw.X_train, raw.X_test]).reshape(-1, run.data.n_inputs)
    # built-in sets keep the playground's box; an upload (standardised) gets a box fitting its points
    base = 0.0 if run.setup.dataset == "csv" else GRID_EXTENT if run.data.n_inputs == 2 else DOMAIN_1D
    biggest = float(np.nanmax(np.abs(X))) if X.size else 0.0
    extent = base if biggest <= base else float(np.ceil(biggest * 1.05 * 2) / 2)
    return Domain(run.data.n_inputs, extent)


@dataclass
class Mosaic:
    """The uniform lattice holding every trained neuron's thumbnail and bias block."""

    shape: tuple[int, int]
    left: float  # drawing units of the lattice's outer edges
    bottom: float
    rows: np.ndarray  # every thumbnail cell, neuron by neuron, each thumbnail row-major
    cols: np.ndarray
    bias_rows: np.ndarray  # every bias cell, neuron by neuron
    bias_cols: np.ndarray
    bias_x: np.ndarray  # centre of each bias block (hover targets)
    bias_y: np.ndarray


@dataclass
class Network:
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
    def handle_y(self) -> float:
        """The row of + / − handles, under the bottom of the tallest possible column."""
        return -(self.slots * self.row_pitch) + self.gap - 0.6 * self.cells

    @property
    def y_range(self) -> list[float]:
        return [-(self.slots * self.row_pitch) + self.gap - HANDLE_CELLS * self.cells, TITLE_PX / self.scale]

    def mosaic(self) -> Mosaic:
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
        return Mosaic(shape=(height, width), left=left, bottom=-height, rows=cat(rr), cols=cat(cc),
                      bias_rows=cat(brr), bias_cols=cat(bcc), bias_x=np.array(bx, np.float32),
                      bias_y=np.array(by, np.float32))


def network_geometry(sizes: list[int], n_inputs: int) -> Network:
    trained = sum(sizes[1:])
    if n_inputs == 1:
        cells, data_rows = 10, 1
    else:
        # large networks get smaller thumbnails: the mosaic is most of a frame's bytes
        cells = 8 if trained <= 40 else 6 if trained <= 64 else 5
        data_rows = cells
    gap = max(1, round(cells / 4))
    # Thumbnails as large as the panel's height allows (up to 44 px), then the columns spread
    # out to use its width (TensorFlow Playground's wide gaps make the edges readable).
    panel_w = (NET_X[1] - NET_X[0]) * NOMINAL_PX[0] - LABEL_PX - 30
    panel_h = (TOP[1] - TOP[0]) * NOMINAL_PX[1] - TITLE_PX - 4
    slots = max(max(sizes), 4)
    scale = min(panel_h / (slots * (cells + gap) - gap + HANDLE_CELLS * cells), 44 / cells)
    gaps = max(len(sizes) - 1, 1)
    pitch = int(np.clip(np.floor((panel_w / scale - cells) / gaps), 2 * cells, 8 * cells))
    scale = min(scale, panel_w / (gaps * pitch + cells))  # many layers: everything smaller
    return Network(sizes=sizes, cells=cells, data_rows=data_rows, gap=gap, pitch=pitch, slots=slots, scale=scale)


@dataclass
class Edges:
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
        class of |w| (`WIDTH_BINS`); an edge costs about 2 points, NaN in y between pieces."""
        bins = 4 * (weights >= 0) + np.digitize(np.abs(weights), WIDTH_BINS)
        out = []
        for k in range(N_BINS):
            sel = np.flatnonzero(bins == k)
            nodes = np.asarray(walk(self.src[sel].tolist(), self.dst[sel].tolist()), dtype=np.int64)
            gap = nodes < 0
            index = np.where(gap, 0, nodes)
            y = self.node_y[index]
            y[gap] = np.nan
            if not len(nodes):
                # An empty bin keeps one point, drawing nothing: plotly marks a trace with no
                # points invisible and fills in none of its line, and the player, painting on the
                # figure Play was pressed on, skipped every weight that grew into such a bin later
                # (thick edges went missing while playing).
                out.append((np.zeros(1, np.uint16), np.full(1, np.nan, np.float32)))
                continue
            out.append((self.node_x[index], y))
        return out


def walk(src: list[int], dst: list[int]) -> list[int]:
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


def network_edges(geo: Network, names: list[list[str]]) -> Edges:
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
    return Edges(src=np.concatenate(src), dst=np.concatenate(dst), node_x=node_x.astype(np.uint16),
                 node_y=node_y.astype(np.float32), names=labels)
