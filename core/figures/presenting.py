"""Charts for a projector: larger text, thicker lines, bigger points, darker ink.

The app's colours are already colour-blind safe (Okabe–Ito, Cividis, the orange–white–blue
diverging scale; see theme.py); on a washed-out classroom projector what fails first is
size and contrast, so that is what `for_projector` changes. It works on any figure the app
draws, its template included, by walking the figure's description.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

FONT_SCALE = 1.4
LINE_SCALE = 1.6
MARKER_SCALE = 1.3
DEFAULT_LINE_WIDTH, DEFAULT_MARKER_SIZE = 2, 6  # plotly's, for traces that set neither
INK = "#000000"
GRID = "#BDBDBD"  # the usual grid (#E6E6E6) disappears on a projector
_FONT_KEYS = {"font", "textfont", "tickfont", "titlefont", "insidetextfont", "outsidetextfont", "hoverlabel"}


def _scaled(value, factor: float):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value * factor
    if isinstance(value, (list, tuple)) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return [v * factor for v in value]
    return value


def _walk(node: Any, parent: str = "") -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "size" and parent in _FONT_KEYS:
                out[key] = _scaled(value, FONT_SCALE)
            elif key == "size" and parent == "marker":
                out[key] = _scaled(value, MARKER_SCALE)
            elif key == "width" and parent == "line":
                out[key] = _scaled(value, LINE_SCALE)
            elif key == "color" and parent == "font" and value in ("#222222", "#444444", "#555555", "#666666"):
                out[key] = INK
            elif key in ("gridcolor",):
                out[key] = GRID
            elif key in ("linecolor", "tickcolor") and isinstance(value, str):
                out[key] = INK
            else:
                out[key] = _walk(value, key)
        return out
    if isinstance(node, list) and node and isinstance(node[0], dict):
        return [_walk(item, parent) for item in node]
    return node


PLOTLY_MARGIN = {"l": 80, "r": 80, "t": 100, "b": 80}  # plotly's own, for a figure and template that set none


def _margins_for_text(presented: go.Figure) -> None:
    """Larger text needs larger margins: tick labels and axis titles live there, and plotly
    keeps a title inside its margin, so at the usual margins the enlarged "loss" printed over
    its tick labels and labels ran off the edge. Every margin grows with the text; the figure
    grows by the added margins, so the plot itself keeps its size (a 3-D scene, which has no
    axis text in its margins, is left alone)."""
    layout = presented.layout
    if any(trace.type in ("scatter3d", "surface", "mesh3d") for trace in presented.data):
        return
    template = layout.template.layout.margin if layout.template and layout.template.layout else None

    def margin(side: str) -> float:
        for value in (getattr(layout.margin, side), getattr(template, side, None) if template else None):
            if value is not None:
                return value
        return PLOTLY_MARGIN[side]

    old = {side: margin(side) for side in PLOTLY_MARGIN}
    if layout.height is not None:
        layout.height = round(layout.height + (FONT_SCALE - 1) * (old["t"] + old["b"]))
    layout.margin.update(**{side: round(value * FONT_SCALE) for side, value in old.items()})


def for_projector(figure: go.Figure) -> go.Figure:
    """A copy of `figure` for the back of a classroom; the original is not changed."""
    presented = go.Figure(_walk(figure.to_dict()), skip_invalid=True)
    _margins_for_text(presented)
    for trace in presented.data:  # plotly's own defaults are not in the description
        if trace.type in ("scatter", "scattergl", "scatter3d"):
            if trace.line.width is None:
                trace.line.width = DEFAULT_LINE_WIDTH * LINE_SCALE
            if trace.marker.size is None:
                trace.marker.size = DEFAULT_MARKER_SIZE * MARKER_SCALE
    return presented
