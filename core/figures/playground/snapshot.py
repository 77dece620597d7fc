"""The numbers of the playground, computed once and used by every form (the still figure, its
plotly frames, the player's chunk): what the run looks like (`Scene`), which snapshots become
frames, and each chosen snapshot's mosaic, edge lines, weights, biases and surface."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from core.nn.datasets import make_features
from core.nn.trainer import Run, Snapshot

from . import classes
from .encoding import MOSAIC_GAP, float32, quantize
from .geometry import BIAS, Domain, Edges, Mosaic, Network, network_edges, network_geometry, run_domain
from .names import merged_labels, neuron_names

CURVE_POINTS = 161  # the fitted curve of 1-D regression
MIN_FRAMES = 40  # thinning for payload never goes below this many frames


@dataclass
class Scene:
    """What stays the same in every frame of one run's figure."""

    run: Run
    labels: dict[str, str]
    domain: Domain
    geo: Network
    mosaic: Mosaic
    names: list[list[str]]  # every neuron's, by column
    edges: Edges
    grid: int  # the surface is grid x grid cells (2-D)
    surface_x: np.ndarray  # raw inputs the right panel evaluates the network on
    z_range: tuple[float, float]  # the surface's colour scale (classification: probability)
    one_d: bool  # 1-D data: a fitted curve, thumbnails as strips over x
    classification: bool
    n_classes: int = 0  # K >= 3: a softmax run (`classes`); 2 or 0 (regression) otherwise
    class_names: tuple[str, ...] = ()  # as the reader sees them (an upload's words, not escaped)

    @property
    def multiclass(self) -> bool:
        return self.n_classes > 2


def scene(run: Run, labels: Mapping[str, str] | None, grid: int) -> Scene:
    L = merged_labels(labels)
    domain = run_domain(run)
    sizes = list(run.net.sizes)
    geo = network_geometry(sizes, domain.n_inputs)
    k = run.data.n_classes
    names_of_classes = tuple(classes.class_names(k, run.data.class_names, L["class"])) if k > 2 else ()
    names = neuron_names(L, run.setup.features, sizes, domain.n_inputs == 1, names_of_classes)
    grid = int(max(4, grid))
    if domain.n_inputs == 1:
        surface_x = np.linspace(-domain.extent, domain.extent, CURVE_POINTS)[:, None]
    else:
        surface_x = domain.lattice(grid)
    return Scene(run=run, labels=L, domain=domain, geo=geo, mosaic=geo.mosaic(), names=names,
                 edges=network_edges(geo, names), grid=grid, surface_x=surface_x, z_range=z_range(run),
                 one_d=domain.n_inputs == 1, classification=run.is_classification, n_classes=k,
                 class_names=names_of_classes)


def z_range(run: Run) -> tuple[float, float]:
    if run.data.n_classes > 2:
        return (0.0, 255.0)  # the surface's values are the class bands' levels (`classes`)
    if run.is_classification:
        return (0.0, 1.0)
    raw = run.data.raw
    ymax = float(np.nanmax(np.abs(np.concatenate([raw.y_train, raw.y_test])))) or 1.0
    return (-ymax, ymax)


# --------------------------------------------------------------------------- which snapshots


def pick(snapshots: Sequence[Snapshot], frame_epochs, cap: int) -> list[Snapshot]:
    """The snapshots that become frames: those in `frame_epochs` (if given; plus the newest)
    or all of them thinned evenly to at most `cap`, keeping the first and the newest."""
    if frame_epochs is not None:
        wanted = {int(e) for e in frame_epochs}
        chosen = [s for s in snapshots if s.epoch in wanted]
        if not chosen or chosen[-1] is not snapshots[-1]:
            chosen.append(snapshots[-1])  # the figure always shows the newest state
        return chosen
    if len(snapshots) <= cap:
        return list(snapshots)
    index = np.unique(np.round(np.linspace(0, len(snapshots) - 1, max(cap, 2))).astype(int))
    return [snapshots[i] for i in index]


def opening(chosen: Sequence[Snapshot], open_at: int | None) -> int:
    """The index of the chosen snapshot a figure opens on: the last at or before `open_at`
    (the newest if None)."""
    if open_at is None:
        return len(chosen) - 1
    return max([i for i, snapshot in enumerate(chosen) if snapshot.epoch <= open_at] or [0])


def frame_cap(sc: Scene, show_test: bool, max_bytes: int, max_frames: int, frame_size: float | None = None) -> int:
    """How many frames fit `max_bytes` of JSON: `frame_size` measured, or else estimated."""
    raw, sizes = sc.run.data.raw, sc.geo.sizes
    n_e, n_b = len(sc.edges.names), sum(sizes[1:])
    line_len = len(line_epochs(sc.run, sc.run.snapshots))
    n_points = len(raw.X_train) + (len(raw.X_test) if show_test else 0)
    static = 50_000 + 70 * n_e + 60 * n_b + 90 * n_points + 30 * line_len  # layout, hover texts, images
    if frame_size is None:
        n_lines = 4 if sc.classification else 2
        frame_size = (sc.mosaic.shape[0] * sc.mosaic.shape[1] + 6 * 2.2 * n_e + 4 * (n_e + n_b)
                      + 4 * len(sc.surface_x) + 4 * n_lines * line_len / 2) * 1.35 + 900  # base64 + "/" escapes
    return min(max_frames, max(MIN_FRAMES, int((max_bytes - static) // frame_size)))


# --------------------------------------------------------------------------- the loss lines


@dataclass
class Lines:
    """The loss (and accuracy) lines, whole: train, test (, train, test accuracy) at `epochs`."""

    epochs: np.ndarray
    series: list[np.ndarray]

    def upto(self, epoch: int) -> int:
        """How many points of each line a frame at `epoch` shows: its line ends there."""
        return int(np.searchsorted(self.epochs, epoch, side="right"))


def line_epochs(run: Run, snapshots: Sequence[Snapshot]) -> np.ndarray:
    """The epochs the loss lines are drawn at: every epoch for short runs, otherwise an even
    subset of about 400, always including every frame's epoch (so a frame's line ends
    exactly at its epoch)."""
    last = len(run.history.train_loss) - 1
    stride = max(1, math.ceil((last + 1) / 400))
    epochs = set(range(0, last + 1, stride)) | {s.epoch for s in snapshots} | {last}
    return np.array(sorted(e for e in epochs if 0 <= e <= last), dtype=np.int64)


def lines(run: Run, chosen: Sequence[Snapshot]) -> Lines:
    epochs = line_epochs(run, chosen)
    hist = run.history
    wanted = [hist.train_loss, hist.test_loss]
    if run.is_classification:
        wanted += [hist.train_accuracy, hist.test_accuracy]
    return Lines(epochs, [float32(np.asarray(v, dtype=np.float64)[epochs]) for v in wanted])


# --------------------------------------------------------------------------- a snapshot's numbers


@dataclass
class Numbers:
    """One snapshot as drawn."""

    epoch: int
    mosaic: np.ndarray  # uint8 (`encoding.quantize`): every trained neuron's thumbnail and bias
    edges: list[tuple[np.ndarray, np.ndarray]]  # (x, y) of the 8 edge bins
    weights: np.ndarray  # float32, in the order of the edges
    biases: np.ndarray  # float32, neuron by neuron
    surface: np.ndarray  # float32: the fitted curve's y (1-D) or the grid x grid surface


def numbers(sc: Scene, snapshots: Sequence[Snapshot], discretize: bool) -> list[Numbers]:
    """Every drawn number of `snapshots`; `discretize` flattens the surface to two colours."""
    thumbs, surface = _forward(sc, snapshots)
    if sc.multiclass:
        k = sc.n_classes
        thumbs = np.concatenate([classes.hidden_levels(thumbs[:, :-k]), classes.output_levels(thumbs[:, -k:], k)],
                                axis=1)
        bias_levels = classes.hidden_levels
    else:
        thumbs = quantize(thumbs)
        bias_levels = quantize
    if sc.one_d:
        thumbs = np.tile(thumbs, (1, 1, sc.geo.cells))  # a strip: the same row all the way up
    out = []
    for f, snap in enumerate(snapshots):
        w = float32(np.concatenate([w.ravel() for w in snap.params[0::2]]))
        bias = float32(np.concatenate([b.ravel() for b in snap.params[1::2]]))
        mosaic = np.full(sc.mosaic.shape, MOSAIC_GAP, dtype=np.uint8)
        mosaic[sc.mosaic.rows, sc.mosaic.cols] = thumbs[f].ravel()
        mosaic[sc.mosaic.bias_rows, sc.mosaic.bias_cols] = np.repeat(bias_levels(np.clip(bias, -1.0, 1.0)), BIAS * BIAS)
        out.append(Numbers(epoch=snap.epoch, mosaic=mosaic, edges=sc.edges.lines(w), weights=w, biases=bias,
                           surface=surface[f] if sc.one_d else _surface_grid(surface[f], sc, discretize)))
    return out


def _surface_grid(output: np.ndarray, sc: Scene, discretize: bool) -> np.ndarray:
    if sc.multiclass:  # output: (G, K) probabilities -> the class bands' levels
        return classes.surface_levels(output, discretize).reshape(sc.grid, sc.grid)
    z = output.reshape(sc.grid, sc.grid).astype(np.float32)
    if discretize:
        # two flat colours: p >= 0.5 (classification, z_range (0, 1)) or the sign (regression)
        lo, hi = sc.z_range
        return np.where(z >= (lo + hi) / 2, hi, lo).astype(np.float32)
    return z


def _forward(sc: Scene, snapshots: Sequence[Snapshot]) -> tuple[np.ndarray, np.ndarray]:
    """(thumbnails (S, trained neurons, cells) in [-1, 1] (a softmax's P in [0, 1]), outputs on the
    surface points (S, G), or their K probabilities (S, G, K) for a softmax run):
    one batched forward pass per chunk of snapshots over the surface points and the thumbnails'
    lattice together (the per-snapshot forward pass is the main cost)."""
    run, sizes = sc.run, sc.geo.sizes
    lattice = make_features(sc.domain.lattice(sc.geo.cells), run.setup.features)
    X = np.concatenate([make_features(sc.surface_x, run.setup.features), lattice])
    G, S = len(sc.surface_x), len(snapshots)
    thumbs = np.empty((S, sum(sizes[1:]), len(lattice)), dtype=np.float32)
    surface = np.empty((S, G, sc.n_classes) if sc.multiclass else (S, G), dtype=np.float32)
    sigmoid_out = run.net.output.name == "sigmoid"
    chunk = max(1, int(3_000_000 // (len(X) * max(sizes))))  # bounds the memory in use
    for start in range(0, S, chunk):
        part = snapshots[start : start + chunk]
        params = [np.stack([s.params[i] for s in part]) for i in range(len(part[0].params))]
        offset = 0
        for layer, a in _forward_many(run, params, X):
            width = a.shape[2]
            values = a[:, G:, :].transpose(0, 2, 1)
            if layer == run.net.n_layers - 1:
                surface[start : start + len(part)] = a[:, :G, :] if sc.multiclass else a[:, :G, 0]
                if sigmoid_out:
                    values = 2.0 * values - 1.0  # p = 0 / 0.5 / 1 -> orange / white / blue
            thumbs[start : start + len(part), offset : offset + width] = np.clip(values, -1.0, 1.0)
            offset += width
    return thumbs, surface


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
