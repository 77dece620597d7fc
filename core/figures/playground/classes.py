"""Three to five classes in the playground figure: the colours of the decision surface, of the
output neurons' thumbnails and the key that names the classes.

The surface stays ONE heatmap of uint8-sized levels, so that the frames' encoding and the
browser's player are the same as for two classes: the 256 levels are cut into K bands, one per
class, and a cell's level is its argmax class's band, low (pale) where the largest probability
is near 1/K and high (the class's full colour) where it is near 1. The colour scale is
piecewise: inside a band it runs from the pale to the full colour of the class, and between two
bands it jumps (the jump lies between two whole levels, where no cell ever is). The plotly
figure draws the levels as z with zmin 0, zmax 255, and the player looks them up in a table
built from the same scale, so both paint the same colour for every level.

The mosaic of the network panel works the same way: for a softmax run the hidden neurons and
biases keep the diverging scale on levels 1..127, and output neuron k shows P(class k) from
the class's palest colour (0) to its full colour (1) on a band of levels above 127."""

from __future__ import annotations

import base64
import html

import numpy as np

from core.figures.theme import CLASS_COLORS, DIVERGING, FONT_FAMILY, SMALL_FONT_SIZE, lighten

from .geometry import NOMINAL_PX, TOP

MAX_CLASSES = len(CLASS_COLORS)
PALE = 0.88  # how close to white a class's colour is where the network cannot choose (max P = 1/K)
FULL = 0.3  # as the two-class surface: full confidence is the class colour mixed 30 % with white
HIDDEN_LEVELS = 126  # a softmax run's hidden neurons: [-1, 1] on levels 1..127
OUTPUT_START = 128  # the output neurons' bands start here
KEY_WIDTH_PX = 84  # the key right of the surface: the colour bar's 74 px and most of the right margin
KEY_CHARS = 8  # longer names are cut with "…" (the points' hover says them whole)
# room right of the output column: K output neurons reach down to the middle of the panel, where
# the surface's x₂ axis title sits
OUTPUT_ROOM_PX = 40


def _check(k: int) -> int:
    if not 3 <= int(k) <= MAX_CLASSES:
        raise ValueError(f"the class colours cover 3 to {MAX_CLASSES} classes, not {k}")
    return int(k)


def bands(k: int) -> tuple[np.ndarray, np.ndarray]:
    """(first, last) level of each class's band on the surface: 256 // k levels each, the last
    band running to 255."""
    width = 256 // _check(k)
    first = np.arange(k) * width
    last = first + width - 1
    last[-1] = 255
    return first, last


def confidence(p_max: np.ndarray, k: int) -> np.ndarray:
    """How sure the network is, from 0 (every class at 1/k) to 1 (one class certain)."""
    return np.clip((p_max - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)


def surface_levels(probs: np.ndarray, discretize: bool = False) -> np.ndarray:
    """Surface levels (float32, whole numbers 0..255) of softmax outputs `probs` (..., k): the
    argmax class's band, at the height of `confidence`; `discretize`: every cell at its class's
    full colour. A diverged (NaN) cell is the palest class 0."""
    k = probs.shape[-1]
    first, last = bands(k)
    bad = ~np.all(np.isfinite(probs), axis=-1)
    clean = np.where(bad[..., None], 0.0, probs)
    winner = np.argmax(clean, axis=-1)
    sure = np.ones(winner.shape) if discretize else confidence(clean.max(axis=-1), k)
    level = first[winner] + np.rint(sure * (last[winner] - first[winner]))
    level[bad] = first[0]
    return level.astype(np.float32)


def surface_class(levels: np.ndarray, k: int) -> np.ndarray:
    """The class a surface level shows (the inverse of the band choice, for tests and readers)."""
    first, _ = bands(k)
    return np.searchsorted(first, np.asarray(levels), side="right") - 1


def surface_colorscale(k: int) -> list[list]:
    """The surface's piecewise colour scale over levels 0..255 (positions level / 255)."""
    first, last = bands(k)
    scale = []
    for c in range(k):
        color = [[0.0, CLASS_COLORS[c]]]
        scale.append([first[c] / 255, lighten(color, PALE)[0][1]])
        scale.append([last[c] / 255, lighten(color, FULL)[0][1]])
    return scale


def output_band(k: int) -> int:
    """Levels of one output neuron's band in the mosaic."""
    return (256 - OUTPUT_START) // _check(k)


def mosaic_colorscale(k: int) -> list[list]:
    """The mosaic's scale for a softmax run: 0 transparent (the gaps), 1..127 the diverging
    scale (hidden neurons, biases), then per class a band from its palest to its full colour."""
    band = output_band(k)
    scale = [[0.0, "rgba(255,255,255,0)"], [0.5 / 255, "rgba(255,255,255,0)"]]
    scale += [[(1 + p * HIDDEN_LEVELS) / 255, c] for p, c in DIVERGING]
    for c in range(k):
        start = OUTPUT_START + c * band
        pale = lighten([[0.0, CLASS_COLORS[c]]], PALE)[0][1]  # not white: a thumbnail at P = 0 still shows
        scale += [[start / 255, pale], [(start + band - 1) / 255, CLASS_COLORS[c]]]
    if scale[-1][0] < 1.0:
        # plotly.js takes a colour scale only if it ends at 1 (else it falls back to the
        # template's Cividis); the levels above the last band are never used
        scale.append([1.0, CLASS_COLORS[k - 1]])
    return scale


def hidden_levels(values: np.ndarray) -> np.ndarray:
    """[-1, 1] -> 1..127 (uint8); NaN -> the middle, white."""
    q = np.rint((np.nan_to_num(values, nan=0.0) + 1.0) * (HIDDEN_LEVELS / 2))
    return (1 + np.clip(q, 0, HIDDEN_LEVELS)).astype(np.uint8)


def output_levels(probs: np.ndarray, k: int) -> np.ndarray:
    """P(class c) of output neuron c, shape (..., k, cells), on its band (uint8); NaN -> white."""
    band = output_band(k)
    start = OUTPUT_START + band * np.arange(k)[:, None]
    q = np.rint(np.clip(np.nan_to_num(probs, nan=0.0), 0.0, 1.0) * (band - 1))
    return (start + q).astype(np.uint8)


def class_names(k: int, given, word: str) -> list[str]:
    """The classes' names: an upload's own (`given`), else "<word> 0" .. "<word> k-1"."""
    if given and len(given) == k:
        return [str(name) for name in given]
    return [f"{word} {c}" for c in range(k)]


def short(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def class_key_image(names: list[str]) -> str:
    """The colour key in place of the two-class colour bar: per class a swatch running from its
    pale to its full surface colour with a point of the class on it, and the class's name
    (escaped, shortened to fit), as an SVG data URI of the surface panel's nominal height
    (placed with sizing "contain")."""
    height = (TOP[1] - TOP[0]) * NOMINAL_PX[1]
    width, row, swatch_w, swatch_h = KEY_WIDTH_PX, 24, 20, 14
    body = []
    for c, name in enumerate(names):
        y = 4 + c * row
        pale, full = (lighten([[0.0, CLASS_COLORS[c]]], amount)[0][1] for amount in (PALE, FULL))
        body.append(f'<defs><linearGradient id="k{c}"><stop offset="0" stop-color="{pale}"/>'
                    f'<stop offset="1" stop-color="{full}"/></linearGradient></defs>')
        body.append(f'<rect x="0.5" y="{y}" width="{swatch_w}" height="{swatch_h}" fill="url(#k{c})" '
                    f'stroke="#999999" stroke-width="0.5"/>')
        body.append(f'<circle cx="{swatch_w - 5}" cy="{y + swatch_h / 2}" r="3.8" fill="{CLASS_COLORS[c]}" '
                    f'stroke="#FFFFFF" stroke-width="1.1"/>')
        body.append(f'<text x="{swatch_w + 5}" y="{y + swatch_h / 2}" dominant-baseline="central">'
                    f'{html.escape(short(name, KEY_CHARS))}</text>')
    style = f"font-family:{FONT_FAMILY.replace(chr(34), chr(39))};font-size:{SMALL_FONT_SIZE}px;fill:#222222"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
           f'viewBox="0 0 {width} {height:.1f}" style="{style}">{"".join(body)}</svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
