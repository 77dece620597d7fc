"""Where each point's label goes so that no two labels cover each other.

Plotly draws a scatter label at one of nine fixed places around its marker and never moves it
out of another's way: close words (королева, королевы, елизавета on the Analogies page) print
on top of each other. Here each label, most important first, takes the first place around its
marker where its box meets no label placed before it, no other marker and no obstacle (boxes,
or convex polygons such as the pieces of a line or an arrow head); a label with no free place is
left to the hover text (or, if it must be shown, takes the least covered place). A figure drawn
at several sizes (the plot's width follows the screen, the presenting switch enlarges the text)
can ask for places free in every one of them.

Boxes are estimated in pixels from the text's length: plotly's text is laid out in the browser,
so the exact width is unknown here. The estimate is generous (wide letters, a small plot) so
that labels apart here are apart on screen.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

# Tried in this order: above and below read best, then beside, then the corners.
PLACES = ("top center", "bottom center", "middle right", "middle left",
          "top right", "top left", "bottom right", "bottom left")
CHAR_WIDTH = 0.62  # average advance of a letter in font sizes; Cyrillic in Noto Sans is ~0.55
LINE_HEIGHT = 1.3  # in font sizes, with the descenders
GAP = 3.0  # pixels plotly leaves between a marker and its label
# A label that cannot be clear of everything covers a line or an arrow head (`polygons`) rather
# than another label, a marker or the plot's edge: those cost this much more per pixel.
COVER_WEIGHT = 1000.0


def label_box(x: float, y: float, text: str, place: str, font_size: float, marker_size: float) -> np.ndarray:
    """(left, bottom, right, top) in pixels, y upwards, of `text` placed at `place` around a
    marker of diameter `marker_size` centred at (x, y)."""
    width, height = len(text) * CHAR_WIDTH * font_size, LINE_HEIGHT * font_size
    off = marker_size / 2 + GAP
    vertical, horizontal = place.split()
    if horizontal == "center":
        left = x - width / 2
    elif horizontal == "right":
        left = x + (off if vertical == "middle" else 0.0)
    else:
        left = x - width - (off if vertical == "middle" else 0.0)
    if vertical == "top":
        bottom = y + off
    elif vertical == "bottom":
        bottom = y - off - height
    else:
        bottom = y - height / 2
    return np.array([left, bottom, left + width, bottom + height])


def overlap_area(box: np.ndarray, others) -> float:
    """The area `box` shares with the boxes `others` (each (left, bottom, right, top)), summed."""
    if not len(others):
        return 0.0
    others = np.asarray(others, dtype=float)
    dx = np.minimum(box[2], others[:, 2]) - np.maximum(box[0], others[:, 0])
    dy = np.minimum(box[3], others[:, 3]) - np.maximum(box[1], others[:, 1])
    return float(np.sum(np.clip(dx, 0, None) * np.clip(dy, 0, None)))


def _clipped(polygon: np.ndarray, box: np.ndarray) -> np.ndarray:
    """`polygon` (m x 2, convex) cut to the inside of `box` (Sutherland-Hodgman)."""
    for axis, bound, keep_above in ((0, box[0], True), (0, box[2], False), (1, box[1], True), (1, box[3], False)):
        if not len(polygon):
            break
        out = []
        for k in range(len(polygon)):
            p, q = polygon[k - 1], polygon[k]
            p_in = p[axis] >= bound if keep_above else p[axis] <= bound
            q_in = q[axis] >= bound if keep_above else q[axis] <= bound
            if p_in != q_in:
                out.append(p + (q - p) * (bound - p[axis]) / (q[axis] - p[axis]))
            if q_in:
                out.append(q)
        polygon = np.array(out).reshape(-1, 2)
    return polygon


def polygon_overlap(box: np.ndarray, polygons) -> float:
    """The area `box` shares with the convex polygons `polygons` (each m x 2 corners in order),
    summed."""
    total = 0.0
    for polygon in polygons:
        polygon = np.asarray(polygon, dtype=float)
        low, high = polygon.min(axis=0), polygon.max(axis=0)
        if high[0] <= box[0] or low[0] >= box[2] or high[1] <= box[1] or low[1] >= box[3]:
            continue
        cut = _clipped(polygon, box)
        if len(cut) >= 3:
            x, y = cut[:, 0], cut[:, 1]
            total += abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2
    return total


def segment_polygon(start, end, width: float) -> np.ndarray:
    """The rectangle a line of `width` pixels from `start` to `end` covers (4 x 2), its round
    ends counted square."""
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    along = end - start
    length = float(np.hypot(*along))
    along = along / length if length > 0 else np.array([1.0, 0.0])
    across = np.array([-along[1], along[0]]) * width / 2
    along = along * width / 2
    return np.array([start - along - across, end + along - across, end + along + across, start - along + across])


class _Layout:
    """The markers and obstacles of one drawing of the figure, and the labels placed in it."""

    def __init__(self, pixels, texts, font_sizes, marker_sizes, area=None, obstacles=None, polygons=None):
        self.pixels = np.asarray(pixels, dtype=float)
        self.texts, self.font_sizes, self.marker_sizes, self.area = texts, font_sizes, marker_sizes, area
        self.markers = np.array([[x - s / 2, y - s / 2, x + s / 2, y + s / 2]
                                 for (x, y), s in zip(self.pixels, marker_sizes)]).reshape(-1, 4)
        self.fixed = np.zeros((0, 4)) if obstacles is None or not len(obstacles) else np.asarray(obstacles, dtype=float)
        self.polygons = [] if polygons is None else list(polygons)
        self.placed: list[np.ndarray] = []

    def box(self, i: int, place: str) -> np.ndarray:
        return label_box(*self.pixels[i], self.texts[i], place, self.font_sizes[i], self.marker_sizes[i])

    def cost(self, i: int, place: str) -> float:
        box = self.box(i, place)
        cost = (overlap_area(box, np.array(self.placed)) + overlap_area(box, np.delete(self.markers, i, axis=0))
                + overlap_area(box, self.fixed))
        if self.area is not None:
            inside = overlap_area(box, np.array([[0.0, 0.0, *self.area]]))
            cost += (box[2] - box[0]) * (box[3] - box[1]) - inside
        return COVER_WEIGHT * cost + polygon_overlap(box, self.polygons)


def place_labels(
    pixels: np.ndarray, texts: Sequence[str], font_sizes: Sequence[float], marker_sizes: Sequence[float],
    optional: Sequence[bool], order: Sequence[int] | None = None, area: tuple[float, float] | None = None,
    obstacles: np.ndarray | None = None, polygons: Sequence[np.ndarray] | None = None,
    also: Sequence[Mapping] = (),
) -> list[str | None]:
    """A place from PLACES for each label, or None for an optional label that found no free one.

    `pixels`: the markers' centres (n x 2, y upwards); `order`: who chooses first (default: as
    given); `area`: (width, height) of the plot, labels leaving it count as covered;
    `obstacles`: boxes (k x 4, as `label_box`) that labels also keep off, such as fixed notes
    or short pieces of the arrows between points; `polygons`: convex polygons (each m x 2) that
    labels keep off, such as lines (`segment_polygon`) and arrow heads; `also`: the same labels
    in other drawings of the figure, each a mapping of `pixels`, `font_sizes`, `marker_sizes`
    and optionally `area`, `obstacles`, `polygons`: a place is free only if it is free in all.
    """
    layouts = [_Layout(pixels, texts, font_sizes, marker_sizes, area, obstacles, polygons)]
    layouts += [_Layout(texts=texts, **layout) for layout in also]
    n = len(layouts[0].pixels)
    chosen: list[str | None] = [None] * n
    for i in (range(n) if order is None else order):
        best, best_cost = None, np.inf
        for place in PLACES:
            cost = sum(layout.cost(i, place) for layout in layouts)
            if cost < best_cost:
                best, best_cost = place, cost
            if cost == 0:
                break
        if best_cost > 0 and optional[i]:
            continue
        chosen[i] = best
        for layout in layouts:
            layout.placed.append(layout.box(i, best))
    return chosen
