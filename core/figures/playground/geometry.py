"""Where everything sits: the panels on the page (paper fractions), the input domain, and the
network panel in drawing units of one thumbnail cell (columns, neurons, the trained neurons'
mosaic)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.nn.datasets import DOMAIN_1D
from core.nn.trainer import GRID_EXTENT, Run

HEIGHT = 640
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
    def y_range(self) -> list[float]:
        return [-(self.slots * self.row_pitch), TITLE_PX / self.scale]

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
    scale = min(panel_h / (slots * (cells + gap)), 44 / cells)
    gaps = max(len(sizes) - 1, 1)
    pitch = int(np.clip(np.floor((panel_w / scale - cells) / gaps), 2 * cells, 8 * cells))
    scale = min(scale, panel_w / (gaps * pitch + cells))  # many layers: everything smaller
    return Network(sizes=sizes, cells=cells, data_rows=data_rows, gap=gap, pitch=pitch, slots=slots, scale=scale)
