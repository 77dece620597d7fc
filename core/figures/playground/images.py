"""What never changes while a run trains, drawn once as SVG images (layout images) instead of
traces redrawn on every frame: the network's input column and titles, the 2-D data points
(hundreds of SVG markers cost more per frame than everything else) and the colour bar."""

from __future__ import annotations

import base64
import html

import numpy as np

from core.figures.theme import CLASS_COLORS, DIVERGING, FONT_FAMILY, SMALL_FONT_SIZE, TEST_COLOR, round3
from core.nn.datasets import make_features
from core.nn.trainer import Run

from .geometry import NOMINAL_PX, TOP, Domain, Network
from .names import hidden_title

POINT_RADIUS_PX = 3.8
GLYPH_WIDTH = 0.6  # of the font size: a letter's average width in the chart's sans-serif font


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def network_image(run: Run, L, geo: Network, domain: Domain, names) -> str:
    """The network panel's static parts as one SVG (data URI) over geo.x_range x geo.y_range:
    the input features' thumbnails (each feature scaled to [-1, 1]), their names and the
    column titles. Text is escaped; SVG y points down, so y is negated."""
    scale, cells, sizes = geo.scale, geo.cells, geo.sizes
    body = []
    features = make_features(domain.lattice(cells), run.setup.features)
    features = features / np.maximum(np.abs(features).max(axis=0), 1e-9)
    height = cells / geo.data_rows
    for f in range(sizes[0]):
        colors = scale_colors(features[:, f], (-1.0, 1.0), DIVERGING)
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
            title = hidden_title(L, c)
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


def points_image(
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
            for (a, b), color in zip(X, scale_colors(np.asarray(y, dtype=np.float64), z_range, DIVERGING)):
                body.append(f'<circle class="{css}" fill="{color}" cx="{a:.3f}" cy="{-b:.3f}" r="{r:.3f}"/>')
    style = (f".t{{stroke:#FFFFFF;stroke-width:{stroke:.4f}}}.s{{stroke:{TEST_COLOR};stroke-width:{stroke:.4f}}}"
             + "".join(f".c{c}{{fill:{CLASS_COLORS[c]}}}" for c in range(max(2, run.data.n_classes))))
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


def colorbar_image(colorscale, z_range, title: str) -> str:
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


def scale_colors(values: np.ndarray, z_range, colorscale) -> list[str]:
    """Hex colours of `values` on a plotly colour scale spanning z_range (clipped)."""
    lo, hi = z_range
    t = np.clip((np.asarray(values, dtype=np.float64) - lo) / ((hi - lo) or 1.0), 0.0, 1.0)
    stops = np.array([p for p, _ in colorscale])
    rgb = np.array([[int(c[i : i + 2], 16) for i in (1, 3, 5)] for _, c in colorscale], dtype=np.float64)
    channels = np.rint([np.interp(t, stops, rgb[:, k]) for k in range(3)]).astype(int)
    return ["#{:02X}{:02X}{:02X}".format(r, g, b) for r, g, b in channels.T]
