"""Where each point's label goes so that no two labels cover each other.

Plotly draws a scatter label at one of nine fixed places around its marker and never moves it
out of another's way: close words (королева, королевы, елизавета on the Analogies page) print
on top of each other. Here each label, most important first, takes the first place around its
marker where its box meets no label placed before it and no other marker; a label with no
free place is left to the hover text (or, if it must be shown, takes the least covered place).

Boxes are estimated in pixels from the text's length: plotly's text is laid out in the browser,
so the exact width is unknown here. The estimate is generous (wide letters, a small plot) so
that labels apart here are apart on screen.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# Tried in this order: above and below read best, then beside, then the corners.
PLACES = ("top center", "bottom center", "middle right", "middle left",
          "top right", "top left", "bottom right", "bottom left")
CHAR_WIDTH = 0.62  # average advance of a letter in font sizes; Cyrillic in Noto Sans is ~0.55
LINE_HEIGHT = 1.3  # in font sizes, with the descenders
GAP = 3.0  # pixels plotly leaves between a marker and its label


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


def place_labels(
    pixels: np.ndarray, texts: Sequence[str], font_sizes: Sequence[float], marker_sizes: Sequence[float],
    optional: Sequence[bool], order: Sequence[int] | None = None, area: tuple[float, float] | None = None,
    obstacles: np.ndarray | None = None,
) -> list[str | None]:
    """A place from PLACES for each label, or None for an optional label that found no free one.

    `pixels`: the markers' centres (n x 2, y upwards); `order`: who chooses first (default: as
    given); `area`: (width, height) of the plot, labels leaving it count as covered;
    `obstacles`: boxes (k x 4, as `label_box`) that labels also keep off, such as fixed notes
    or short pieces of the arrows between points.
    """
    pixels = np.asarray(pixels, dtype=float)
    n = len(pixels)
    markers = np.array([[x - s / 2, y - s / 2, x + s / 2, y + s / 2] for (x, y), s in zip(pixels, marker_sizes)])
    fixed = np.zeros((0, 4)) if obstacles is None or not len(obstacles) else np.asarray(obstacles, dtype=float)
    placed: list[np.ndarray] = []
    chosen: list[str | None] = [None] * n
    for i in (range(n) if order is None else order):
        others = np.delete(markers, i, axis=0)
        best, best_cost = None, np.inf
        for place in PLACES:
            box = label_box(*pixels[i], texts[i], place, font_sizes[i], marker_sizes[i])
            cost = overlap_area(box, np.array(placed)) + overlap_area(box, others) + overlap_area(box, fixed)
            if area is not None:
                inside = overlap_area(box, np.array([[0.0, 0.0, *area]]))
                cost += (box[2] - box[0]) * (box[3] - box[1]) - inside
            if cost < best_cost:
                best, best_cost = place, cost
            if cost == 0:
                break
        if best_cost > 0 and optional[i]:
            continue
        chosen[i] = best
        placed.append(label_box(*pixels[i], texts[i], best, font_sizes[i], marker_sizes[i]))
    return chosen
