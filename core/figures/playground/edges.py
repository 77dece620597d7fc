"""The weights as edges of the network panel, split into 8 line traces by sign and width.

Plotly makes every NaN-separated piece of a line trace its own SVG path, and the paths, not the
points, cost the redraw time: each bin is walked as few polylines as possible (`walk`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .geometry import Network

N_BINS = 8  # 2 signs x 4 widths
WIDTH_BINS = (0.25, 0.75, 1.5)  # |w| thresholds between the 4 edge widths
EDGE_WIDTHS = (0.8, 1.6, 2.8, 4.2)  # px for 36 px thumbnails, thinner for smaller ones
EDGE_ALPHAS = (0.45, 0.7, 0.9, 1.0)


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
