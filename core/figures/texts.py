"""Figures of the Texts section: the cosine similarity matrix of sentence vectors, and Word
Mover's Distance as a flow between the words of two sentences — two columns joined by bands,
arrows in a 2-D picture of just these words, the transport matrix — plus the table of terms
whose sum is the distance.

Everything takes plain arrays (``plan`` and ``cost`` are n_a × n_b). ``labels`` holds the
page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from core.figures.label_places import CHAR_WIDTH, LINE_HEIGHT, label_box, overlap_area, place_labels
from core.figures.shared import built_once
from core.figures.theme import (
    BLACK, BLUE, CLASS_COLORS, D3_FORMAT, DIVERGING, SMALL_FONT_SIZE, round3, use_vectorlab_template,
)
from core.text.plain import plain_plotly

DEFAULT_LABELS = {
    "sentence": "sentence", "cosine": "cosine similarity", "distance": "distance", "mass": "mass",
    "weight": "weight", "a": "sentence A", "b": "sentence B", "x": "dimension 1", "y": "dimension 2",
}
MIN_MASS = 1e-12  # plan entries below this are numerical dust, not flows
# Costs run along Cividis (colour-blind safe) from its light end to its dark end: expensive
# moves are the dark, heavy bands. Its last tenth, pale yellow, vanishes on white and is left out.
COST_SCALE: list[list] = [[float(t), c] for t, c in zip(
    np.linspace(0, 1, 6), sample_colorscale("Cividis", list(np.linspace(0.9, 0.0, 6))))]
# Masses run from a light grey (nothing moves; still visible as a cell on white) to the diverging
# scale's positive blue.
MASS_SCALE = [[0.0, "#F4F4F4"], [0.5, "#80B9D8"], [1.0, BLUE]]
BAND_OPACITY = 0.8
WEIGHT_COLOR = "#777777"


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


def _flows(plan: np.ndarray) -> list[tuple[int, int]]:
    """(i, j) of every plan entry that carries mass, row by row."""
    rows, cols = np.nonzero(plan > MIN_MASS)
    return list(zip(rows.tolist(), cols.tolist()))


def _cost_range(cost: np.ndarray, flows: list[tuple[int, int]]) -> tuple[float, float]:
    # From 0, so that a band is pale only when the words really are close; up to the dearest flow.
    top = max((float(cost[i, j]) for i, j in flows), default=0.0)
    return 0.0, top if top > 0 else 1.0


def cost_color(value: float, cmin: float, cmax: float) -> str:
    """The colour of a cost on COST_SCALE between cmin and cmax, as "rgb(r, g, b)"."""
    t = 0.0 if cmax <= cmin else min(max((value - cmin) / (cmax - cmin), 0.0), 1.0)
    return sample_colorscale(COST_SCALE, [t])[0]


def _rgba(rgb: str, alpha: float) -> str:
    return rgb.replace("rgb(", "rgba(").replace(")", f", {alpha})")


def _flow_text(a: str, b: str, mass: float, distance: float, lab: dict[str, str]) -> str:
    return (f"{a} → {b}: {lab['mass']} {round3(mass)}, {lab['distance']} {round3(distance)}, "
            f"m·d = {round3(mass * distance)}")


@built_once
def similarity_heatmap(labels_short: Sequence[str], matrix: np.ndarray, title: str, labels=None,
                       full_labels: Sequence[str] | None = None) -> go.Figure:
    """Cosine similarity of every pair of sentences, the value written in each cell, on the
    diverging scale from −1 to 1 with white at 0. Sentences sit at integer positions with their
    short labels as ticks (two sentences that shorten alike stay apart); the hover shows the
    full sentences when ``full_labels`` is given. A nan cell (a sentence without a vector) is
    left blank. Sentences are the user's text, and plotly reads tags in text: they are escaped."""
    use_vectorlab_template()
    lab = _labels(labels)
    matrix = np.asarray(matrix, dtype=float)
    n = len(labels_short)
    full = [plain_plotly(s) for s in (full_labels if full_labels is not None else labels_short)]
    positions = list(range(n))
    customdata = [[[full[i], full[j]] for j in range(n)] for i in range(n)]
    fig = go.Figure(go.Heatmap(
        z=matrix, x=positions, y=positions, zmin=-1, zmax=1, colorscale=DIVERGING,
        text=[[round3(v) if np.isfinite(v) else "" for v in row] for row in matrix], texttemplate="%{text}",
        textfont=dict(size=SMALL_FONT_SIZE), xgap=2, ygap=2, customdata=customdata,
        hovertemplate=f"%{{customdata[0]}}<br>%{{customdata[1]}}<br>{lab['cosine']}: %{{z:{D3_FORMAT}}}<extra></extra>",
        colorbar=dict(title=dict(text=lab["cosine"], side="right")),
    ))
    ticks = dict(tickmode="array", tickvals=positions, ticktext=[plain_plotly(s) for s in labels_short],
                 showgrid=False)
    fig.update_layout(
        # The title at the very top: the sentence labels of the top axis sit between it and the cells.
        title=dict(text=title, y=0.99, yref="container", yanchor="top") if title else None,
        height=180 + 36 * n + (30 if title else 0),
        margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        xaxis=dict(title=lab["sentence"], side="top", tickangle=-35, **ticks),
        yaxis=dict(title=lab["sentence"], autorange="reversed", **ticks),
    )
    return fig


def _column(n: int) -> np.ndarray:
    """y positions of n words spread evenly over [0, 1], first word at the top."""
    return 1.0 - (np.arange(n) + 0.5) / max(n, 1)


def _ribbon(x0: float, x1: float, top0: float, top1: float, height: float, steps: int = 24):
    """A band from a slot [top0 − height, top0] at x0 to [top1 − height, top1] at x1, bending
    smoothly (smoothstep) so that bands leave and arrive horizontally, as in a Sankey diagram."""
    t = np.linspace(0.0, 1.0, steps)
    s = t * t * (3 - 2 * t)
    xs = x0 + (x1 - x0) * t
    upper = top0 + (top1 - top0) * s
    xs_closed = np.concatenate([xs, xs[::-1], xs[:1]])
    ys_closed = np.concatenate([upper, (upper - height)[::-1], upper[:1]])
    return xs_closed, ys_closed


@built_once
def flow_figure(words_a: Sequence[str], words_b: Sequence[str], weights_a, weights_b, plan: np.ndarray,
                cost: np.ndarray, labels=None) -> go.Figure:
    """WMD as a flow: the words of A in a left column and of B in a right one (evenly spread,
    in order), a band for every pair that exchanges mass, its thickness the mass and its colour
    the distance travelled, and a bar beside each word as long as its weight. Bands leaving a
    word stack in the order of their targets, so a word's bands together are as thick as its
    weight (the plan's rows sum to weights_a, its columns to weights_b)."""
    use_vectorlab_template()
    lab = _labels(labels)
    plan = np.asarray(plan, dtype=float).reshape(len(words_a), len(words_b))
    cost = np.asarray(cost, dtype=float).reshape(plan.shape)
    wa, wb = np.asarray(weights_a, dtype=float), np.asarray(weights_b, dtype=float)
    ya, yb = _column(len(words_a)), _column(len(words_b))
    flows = _flows(plan)
    cmin, cmax = _cost_range(cost, flows)

    # Thickness per unit of mass: as large as lets the heaviest word fit its slot (the slots of
    # a column are 1/n apart), and the same in both columns so that widths compare.
    slots = [w.max() * len(w) for w in (wa, wb) if len(w) and w.max() > 0]
    scale = 0.85 / max(slots) if slots else 0.0
    x0, x1 = 0.0, 1.0
    # Where the next band starts in each word's slot, from the top of the slot down.
    next_a = {i: ya[i] + wa[i] * scale / 2 for i in range(len(words_a))}
    next_b = {j: yb[j] + wb[j] * scale / 2 for j in range(len(words_b))}
    start_a, start_b = {}, {}
    for i, j in sorted(flows):  # at word i, bands in the order of j
        start_a[i, j] = next_a[i]
        next_a[i] -= plan[i, j] * scale
    for i, j in sorted(flows, key=lambda f: (f[1], f[0])):  # at word j, in the order of i
        start_b[i, j] = next_b[j]
        next_b[j] -= plan[i, j] * scale

    fig = go.Figure()
    mids_x, mids_y, mids_color = [], [], []
    for i, j in flows:
        mass, distance = float(plan[i, j]), float(cost[i, j])
        color = cost_color(distance, cmin, cmax)
        xs, ys = _ribbon(x0, x1, start_a[i, j], start_b[i, j], mass * scale)
        text = _flow_text(words_a[i], words_b[j], mass, distance, lab)
        fig.add_scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=_rgba(color, BAND_OPACITY),
            line=dict(width=0.5, color=color), hoveron="fills", hoverinfo="text", text=text,
            name=f"{words_a[i]} → {words_b[j]}", meta="band", showlegend=False,
        )
        mids_x.append((x0 + x1) / 2)
        mids_y.append((start_a[i, j] + start_b[i, j] - mass * scale) / 2)
        mids_color.append(distance)
    # Plotly draws a colour bar only for a trace with coloured markers: invisible dots at the
    # band centres carry it (hovering anywhere on a band already shows its text).
    fig.add_scatter(
        x=mids_x, y=mids_y, mode="markers", meta="colour bar", showlegend=False, hoverinfo="skip",
        marker=dict(size=1, opacity=0, color=mids_color, colorscale=COST_SCALE, cmin=cmin, cmax=cmax,
                    showscale=bool(flows), colorbar=dict(title=dict(text=lab["distance"], side="right"))),
    )

    # Weight bars just outside the band ends, all on one scale; the words beyond them.
    gap, bar_room = 0.02, 0.32
    top_weight = max([*wa.tolist(), *wb.tolist(), 0.0]) or 1.0
    bar_thickness = 0.5 / max(len(words_a), len(words_b), 1)
    for words, ys_, weights, side in ((words_a, ya, wa, -1), (words_b, yb, wb, 1)):
        edge = x0 - gap if side < 0 else x1 + gap
        lengths = bar_room * weights / top_weight
        fig.add_bar(
            y=ys_, x=side * lengths, base=edge, orientation="h", width=bar_thickness, marker_color=WEIGHT_COLOR,
            text=[round3(w) for w in weights], textposition="inside", insidetextanchor="middle",
            textfont=dict(color="white", size=SMALL_FONT_SIZE), customdata=list(words), meta="weight",
            hovertemplate=f"%{{customdata}}: {lab['weight']} %{{text}}<extra></extra>", showlegend=False,
        )
        fig.add_scatter(
            x=[edge + side * (bar_room + gap)] * len(words), y=ys_, mode="text", text=list(words), meta="word",
            textposition="middle left" if side < 0 else "middle right", hoverinfo="skip", showlegend=False,
            textfont=dict(size=SMALL_FONT_SIZE + 2, color=CLASS_COLORS[0] if side < 0 else CLASS_COLORS[1]),
        )
    for text, x, anchor in ((lab["a"], x0 - gap, "right"), (lab["b"], x1 + gap, "left")):
        fig.add_annotation(x=x, y=1.0, xref="x", yref="y", yanchor="bottom", xanchor=anchor, showarrow=False,
                           text=f"<b>{text}</b>", font=dict(size=SMALL_FONT_SIZE + 1))

    # Room for the words: a rough ten pixels a letter against about 200 pixels per unit of x.
    longest = max((len(w) for w in [*words_a, *words_b]), default=1)
    room = bar_room + 2 * gap + 0.065 * longest + 0.05  # Cyrillic letters run wide
    fig.update_layout(
        height=max(300, 110 + 42 * max(len(words_a), len(words_b))), margin=dict(l=10, r=10, t=20, b=10),
        barmode="overlay", uniformtext=dict(minsize=SMALL_FONT_SIZE - 3, mode="hide"),
        xaxis=dict(visible=False, range=[x0 - room, x1 + room], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.02, 1.08], fixedrange=True),
    )
    return fig


# The word plane's plot area in pixels, for placing its labels: the page's left half on a
# 1280-pixel laptop screen, less the margins (a wider screen only spreads the points apart).
PLANE_PLOT = (360.0, 380.0)
PLANE_MARGIN = dict(l=60, r=10, t=50, b=50)
PLANE_WORD_SIZE = SMALL_FONT_SIZE + 2
PLANE_MARKER = 13
_ALONG = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)  # where on its arrow a distance may sit, best first
HEAD = 12.0  # an arrow head's size in pixels (arrowsize ARROW_SIZE at the widest arrow)
ARROW_SIZE = 0.7
PLANE_WIDE = 560.0  # the same plot on a wide screen: a word moved out must be clear there too
_LEADER_RADII = (16, 30, 45, 60, 80, 100, 125)  # pixels from a point to a moved word's label
_DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


def _note_box(x: float, y: float, text: str) -> np.ndarray:
    width, height = len(text) * CHAR_WIDTH * SMALL_FONT_SIZE + 4, LINE_HEIGHT * SMALL_FONT_SIZE
    return np.array([x - width / 2, y - height / 2, x + width / 2, y + height / 2])


def plane_pixels(points: np.ndarray, x_range, y_range, plot=PLANE_PLOT) -> np.ndarray:
    """Points of the word plane in pixels of its plot area (y upwards), one unit as long on
    both axes as plotly's scaleanchor draws it."""
    plot = np.asarray(plot, dtype=float)
    spans = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]], dtype=float)
    scale = float((plot / np.maximum(spans, 1e-12)).min())
    centre = np.array([sum(x_range), sum(y_range)]) / 2
    return (np.asarray(points, dtype=float).reshape(-1, 2) - centre) * scale + plot / 2


def plane_layout(words_a: Sequence[str], words_b: Sequence[str], pa: np.ndarray, pb: np.ndarray,
                 flows: list[tuple[int, int]], notes: Sequence[str], x_range, y_range, plot=PLANE_PLOT):
    """Where the word plane's labels go, so that none lies on another. First each word takes
    the first place around its marker clear of other words and markers and, as far as
    possible, of the arrows; then each distance takes the first spot on its arrow (or, on a
    short arrow, just beside it) clear of the words, the markers and the distances placed
    before it. Returns (each distance's point in data units, places of A's words, places of
    B's words); boxes are estimated in pixels from the texts' lengths."""
    points = np.vstack([pa.reshape(-1, 2), pb.reshape(-1, 2)])
    pixels = plane_pixels(points, x_range, y_range, plot)
    n = len(words_a)
    words = [*words_a, *words_b]
    # the arrows as a chain of small boxes: a label may cross an arrow, but would rather not
    pieces = []
    for i, j in flows:
        start, end = pixels[i], pixels[n + j]
        steps = max(int(np.hypot(*(end - start)) // 6), 1)
        for fraction in np.linspace(0, 1, steps + 1)[1:-1]:
            x, y = start + fraction * (end - start)
            pieces.append([x - 1.5, y - 1.5, x + 1.5, y + 1.5])
    heads = []  # each arrow's head, just before the word it points at
    for i, j in flows:
        start, end = pixels[i], pixels[n + j]
        length = float(np.hypot(*(end - start)))
        if length > PLANE_MARKER:
            x, y = end - (end - start) / length * (7 + HEAD / 2)
            heads.append([x - HEAD / 2, y - HEAD / 2, x + HEAD / 2, y + HEAD / 2])
    pieces += heads
    places = place_labels(pixels, words, [PLANE_WORD_SIZE] * len(words), [PLANE_MARKER] * len(words),
                          [False] * len(words), area=tuple(plot), obstacles=np.array(pieces) if pieces else None)
    half = PLANE_MARKER / 2 + 1
    marker_boxes = [np.array([x - half, y - half, x + half, y + half]) for x, y in pixels]
    head_boxes = [np.array(box) for box in heads]
    word_boxes = [label_box(*pixels[k], words[k], place, PLANE_WORD_SIZE, PLANE_MARKER)
                  for k, place in enumerate(places)]
    # A word whose place is still covered (a tight cluster of words) moves further out, to the
    # first spot clear of every word and marker, and gets a thin line to its point.
    wide = plane_pixels(points, x_range, y_range, (PLANE_WIDE, plot[1]))
    offsets: list[np.ndarray | None] = [None] * len(words)
    for k in range(len(words)):
        others = [b for m, b in enumerate(word_boxes) if m != k]
        if (overlap_area(word_boxes[k], others) + overlap_area(word_boxes[k], head_boxes)
                + overlap_area(word_boxes[k], [b for m, b in enumerate(marker_boxes) if m != k])) <= 0:
            continue
        offset = _leader_spot(k, words[k], pixels, wide, plot, word_boxes, marker_boxes, head_boxes)
        if offset is not None:
            offsets[k] = offset
            word_boxes[k] = _word_box(pixels[k] + offset, words[k])
    taken = marker_boxes + word_boxes
    spots = []
    for (i, j), text in zip(flows, notes):
        start, end = pixels[i], pixels[n + j]
        length = float(np.hypot(*(end - start)))
        normal = np.array([-(end - start)[1], (end - start)[0]]) / length if length > 0 else np.array([0.0, 1.0])
        box0 = _note_box(0.0, 0.0, text)
        aside = abs(normal[0]) * box0[2] + abs(normal[1]) * box0[3] + 3
        sideways = np.array([1.0, 0.0]) * (box0[2] + PLANE_MARKER / 2 + 3)  # a point-like arrow (distance 0)
        candidates = [start + f * (end - start) + k * aside * normal + m * sideways
                      for k in (0, 1, -1, 2, -2, 3, -3, 4, -4) for m in ((0,) if length > PLANE_MARKER else (0, 1, -1))
                      for f in _ALONG]
        best, best_cost = candidates[0], np.inf
        for spot in candidates:
            box = _note_box(*spot, text)
            cost = overlap_area(box, taken) + (box[2] - box[0]) * (box[3] - box[1]) - overlap_area(
                box, np.array([[0.0, 0.0, *plot]]))
            if cost < best_cost:
                best, best_cost = spot, cost
            if cost == 0:
                break
        taken.append(_note_box(*best, text))
        spots.append(best)
    # back from pixels to data units (the inverse of plane_pixels)
    plot_arr = np.asarray(plot, dtype=float)
    spans = np.array([x_range[1] - x_range[0], y_range[1] - y_range[0]], dtype=float)
    scale = float((plot_arr / np.maximum(spans, 1e-12)).min())
    centre = np.array([sum(x_range), sum(y_range)]) / 2
    data_spots = [tuple((spot - plot_arr / 2) / scale + centre) for spot in spots]
    return data_spots, [(place, offsets[k]) for k, place in enumerate(places)][:n], \
        [(place, offsets[k]) for k, place in enumerate(places)][n:]


def _word_box(centre, text: str) -> np.ndarray:
    width, height = len(text) * CHAR_WIDTH * PLANE_WORD_SIZE, LINE_HEIGHT * PLANE_WORD_SIZE
    return np.array([centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2])


def _leader_spot(k: int, text: str, pixels: np.ndarray, wide: np.ndarray, plot, word_boxes, marker_boxes,
                 head_boxes=()):
    """The first spot, near to far, for word k's label clear of every other word and marker,
    in the plot as laid out here and on a wider screen (the offset is in pixels, the points
    spread): its offset from the point (pixels, y up), or None."""
    half = _word_box((0.0, 0.0), text)[2:]
    others = [b for m, b in enumerate(word_boxes) if m != k]
    for radius in _LEADER_RADII:
        for direction in _DIRECTIONS:
            offset = np.array(direction, dtype=float) * (radius + half)
            clear = True
            for spread, width in ((pixels, plot[0]), (wide, PLANE_WIDE)):
                shift = spread - pixels  # the other words' and markers' boxes move with their points
                box = _word_box(spread[k] + offset, text)
                moved = [b + np.tile(shift[m], 2) for m, b in enumerate(word_boxes) if m != k]
                markers = [b + np.tile(shift[m], 2) for m, b in enumerate(marker_boxes)]
                inside = overlap_area(box, np.array([[0.0, 0.0, width, plot[1]]]))
                heads = head_boxes if spread is pixels else []  # (on a wider screen they move)
                if (overlap_area(box, moved if spread is wide else others) + overlap_area(box, markers) + overlap_area(box, heads)
                        + (box[2] - box[0]) * (box[3] - box[1]) - inside) > 0:
                    clear = False
                    break
            if clear:
                return offset
    return None


@built_once
def flow_arrows_figure(words_a: Sequence[str], words_b: Sequence[str], points_a: np.ndarray, points_b: np.ndarray,
                       plan: np.ndarray, cost: np.ndarray, labels=None) -> go.Figure:
    """The words of both sentences in 2-D (a projection of just these words, made by the
    caller), A orange and B blue, with an arrow from each word of A to each word of B it sends
    mass to, as thick as the mass and labelled with the true distance: 2-D lengths mislead, the
    plan and the distances come from the full vectors."""
    use_vectorlab_template()
    lab = _labels(labels)
    pa = np.asarray(points_a, dtype=float).reshape(len(words_a), 2)
    pb = np.asarray(points_b, dtype=float).reshape(len(words_b), 2)
    plan = np.asarray(plan, dtype=float).reshape(len(words_a), len(words_b))
    cost = np.asarray(cost, dtype=float).reshape(plan.shape)
    flows = _flows(plan)
    top = max((plan[i, j] for i, j in flows), default=1.0)
    every = np.vstack([pa, pb]) if len(pa) + len(pb) else np.zeros((1, 2))
    low, high = every.min(axis=0), every.max(axis=0)
    pad = 0.15 * float(max(high - low)) or 0.5
    x_range, y_range = [low[0] - pad, high[0] + pad], [low[1] - pad, high[1] + pad]
    notes = [round3(cost[i, j]) for i, j in flows]
    spots, places_a, places_b = plane_layout(words_a, words_b, pa, pb, flows, notes, x_range, y_range)
    fig = go.Figure()
    for i, j in flows:
        mass = float(plan[i, j])
        fig.add_annotation(
            x=pb[j, 0], y=pb[j, 1], ax=pa[i, 0], ay=pa[i, 1], xref="x", yref="y", axref="x", ayref="y",
            showarrow=True, arrowhead=3, arrowsize=ARROW_SIZE, arrowwidth=1 + 5 * mass / top, arrowcolor="rgba(90,90,90,0.8)",
            standoff=7, startstandoff=7, text="", hovertext=_flow_text(words_a[i], words_b[j], mass, cost[i, j], lab),
        )
    for (i, j), note, (x, y) in zip(flows, notes, spots):  # after all arrows: no arrow covers a label
        fig.add_annotation(
            x=x, y=y, xref="x", yref="y", showarrow=False, text=note, font=dict(size=SMALL_FONT_SIZE, color=BLACK), bgcolor="rgba(255,255,255,0.85)",
            hovertext=_flow_text(words_a[i], words_b[j], float(plan[i, j]), cost[i, j], lab),
        )
    for words, points, name, color, places in ((words_a, pa, lab["a"], CLASS_COLORS[0], places_a),
                                               (words_b, pb, lab["b"], CLASS_COLORS[1], places_b)):
        fig.add_scatter(
            x=points[:, 0], y=points[:, 1], mode="markers+text", name=name, text=list(words),
            textposition=[place or "top center" for place, _ in places],
            # a word moved away from a crowd is an annotation with a line to its point
            texttemplate=["%{text}" if offset is None else "" for _, offset in places],
            textfont=dict(size=PLANE_WORD_SIZE, color=color), cliponaxis=False,
            marker=dict(size=PLANE_MARKER, color=color, line=dict(color=BLACK, width=1)),
            hovertemplate="%{text}<extra>%{fullData.name}</extra>",
        )
        for word, point, (_, offset) in zip(words, points, places):
            if offset is not None:
                fig.add_annotation(
                    x=point[0], y=point[1], xref="x", yref="y", text=plain_plotly(word), ax=float(offset[0]),
                    ay=-float(offset[1]), showarrow=True, arrowhead=0, arrowwidth=1, arrowcolor="#888888",
                    standoff=PLANE_MARKER / 2, font=dict(size=PLANE_WORD_SIZE, color=color),
                    name="word",
                )
    fig.update_layout(
        height=480, margin=PLANE_MARGIN, legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"),
        xaxis=dict(title=lab["x"], range=x_range),
        yaxis=dict(title=lab["y"], range=y_range, scaleanchor="x", scaleratio=1),
    )
    return fig


@built_once
def plan_heatmap(words_a: Sequence[str], words_b: Sequence[str], plan: np.ndarray, cost: np.ndarray | None = None,
                 labels=None) -> go.Figure:
    """The transport matrix T: rows are the words of A, columns those of B, each cell the mass
    moved from one to the other (blank where nothing moves). With ``cost`` the hover also
    gives the distance and the cell's share of the WMD, mass × distance."""
    use_vectorlab_template()
    lab = _labels(labels)
    plan = np.asarray(plan, dtype=float).reshape(len(words_a), len(words_b))
    rows, cols = list(range(len(words_a))), list(range(len(words_b)))
    if cost is not None:
        cost = np.asarray(cost, dtype=float).reshape(plan.shape)
        customdata = [[[words_a[i], words_b[j], float(cost[i, j]), float(plan[i, j] * cost[i, j])] for j in cols]
                      for i in rows]
        hover = (f"%{{customdata[0]}} → %{{customdata[1]}}: {lab['mass']} %{{z:{D3_FORMAT}}}, "
                 f"{lab['distance']} %{{customdata[2]:{D3_FORMAT}}}, m·d = %{{customdata[3]:{D3_FORMAT}}}")
    else:
        customdata = [[[words_a[i], words_b[j]] for j in cols] for i in rows]
        hover = f"%{{customdata[0]}} → %{{customdata[1]}}: {lab['mass']} %{{z:{D3_FORMAT}}}"
    top = float(plan.max()) if plan.size else 0.0
    fig = go.Figure(go.Heatmap(
        z=plan, x=cols, y=rows, colorscale=MASS_SCALE, zmin=0, zmax=top if top > 0 else 1.0,
        text=[[round3(v) if v > MIN_MASS else "" for v in row] for row in plan], texttemplate="%{text}",
        textfont=dict(size=SMALL_FONT_SIZE), xgap=2, ygap=2, customdata=customdata,
        hovertemplate=hover + "<extra></extra>", colorbar=dict(title=dict(text=lab["mass"], side="right")),
    ))
    fig.update_layout(
        height=170 + 36 * len(rows), margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=lab["b"], side="top", tickmode="array", tickvals=cols, ticktext=list(words_b),
                   tickangle=-35, showgrid=False),
        yaxis=dict(title=lab["a"], tickmode="array", tickvals=rows, ticktext=list(words_a), autorange="reversed",
                   showgrid=False),
    )
    return fig


def terms_table_rows(words_a: Sequence[str], words_b: Sequence[str], plan: np.ndarray,
                     cost: np.ndarray) -> list[tuple[str, str, float, float, float]]:
    """(a, b, mass, distance, mass × distance) for every pair that exchanges mass, the largest
    contribution first (ties in row order); the last column sums to the WMD, Σ plan · cost."""
    plan = np.asarray(plan, dtype=float).reshape(len(words_a), len(words_b))
    cost = np.asarray(cost, dtype=float).reshape(plan.shape)
    rows = [(words_a[i], words_b[j], float(plan[i, j]), float(cost[i, j]), float(plan[i, j] * cost[i, j]))
            for i, j in _flows(plan)]
    return sorted(rows, key=lambda r: -r[4])
