"""The one plotly look of the app: template "vectorlab", colours and number formatting.

Colours follow DESIGN.md "Look and teach":

* categorical colours are Okabe–Ito (colour-blind safe), in `OKABE_ITO` and as the template's
  colorway;
* the playground's classes are always `CLASS_COLORS` (class 0 orange, class 1 blue; a run of
  3-5 classes adds bluish green, reddish purple and vermillion);
* every signed quantity (weights, biases, activations, gradients) uses `DIVERGING`, orange for
  negative, white at zero, blue for positive, so "negative" sits on the class-0 side;
* train and test curves are `TRAIN_COLOR` (grey) and `TEST_COLOR` (black), as in TensorFlow
  Playground.

Font sizes are chosen for a projector at the back of a classroom. `use_vectorlab_template()`
registers the template and makes it plotly's default; it runs at import and may be called
again (it is idempotent).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "vectorlab"

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILLION, PURPLE, BLACK = OKABE_ITO

# Lines that must stand apart on white, in order (yellow and sky blue are too light for thin
# lines, so they come last).
LINE_COLORS: tuple[str, ...] = (BLUE, VERMILLION, GREEN, PURPLE, ORANGE, BLACK, SKY_BLUE, YELLOW)

# class 0, class 1 on every chart; classes 2-4 of a softmax run take the Okabe–Ito colours that
# stand apart from both and from each other (yellow and sky blue are too light on the pale
# surface, black reads as "no class")
CLASS_COLORS: tuple[str, ...] = (ORANGE, BLUE, GREEN, PURPLE, VERMILLION)
TRAIN_COLOR = "#777777"
TEST_COLOR = "#000000"

# Signed values: orange (negative, the class-0 side) -> white at 0 -> blue (positive).
DIVERGING: list[list] = [
    [0.0, ORANGE],
    [0.25, "#F2CF80"],  # halfway between orange and white, so the scale is even
    [0.5, "#FFFFFF"],
    [0.75, "#80B9D8"],  # halfway between blue and white
    [1.0, BLUE],
]

FONT_FAMILY = '"Noto Sans", "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif'  # Cyrillic + Kazakh
FONT_SIZE = 15
SMALL_FONT_SIZE = 13
D3_FORMAT = ".3~g"  # hovertemplate format matching round3 (3 significant digits, no trailing zeros)


def round3(x) -> str:
    """A number as students read it: 3 significant digits ("0.123", "12.3", "1.23e+04");
    "–" for a missing or non-finite value. Exports keep the exact numbers."""
    try:
        value = float(x)
    except (TypeError, ValueError):
        return "–"
    if not math.isfinite(value):
        return "–"
    text = f"{value:.3g}"
    return "0" if text == "-0" else text


def lighten(colorscale: list[list], amount: float) -> list[list]:
    """The same colour scale mixed with white (amount 0 = unchanged, 1 = white): a
    background version of `DIVERGING` against which full-colour points stand out."""
    out = []
    for position, color in colorscale:
        r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
        mix = [round(c + (255 - c) * amount) for c in (r, g, b)]
        out.append([position, "#{:02X}{:02X}{:02X}".format(*mix)])
    return out


def _template() -> go.layout.Template:
    axis = dict(
        showgrid=True,
        gridcolor="#E6E6E6",
        zeroline=False,
        showline=True,
        linecolor="#444444",
        ticks="outside",
        tickcolor="#444444",
        tickfont=dict(size=SMALL_FONT_SIZE),
        title=dict(font=dict(size=FONT_SIZE), standoff=6),
        automargin=True,
    )
    colorbar = dict(outlinewidth=0, ticks="outside", thickness=14, tickfont=dict(size=SMALL_FONT_SIZE))
    layout = go.Layout(
        font=dict(family=FONT_FAMILY, size=FONT_SIZE, color="#222222"),
        title=dict(font=dict(size=FONT_SIZE + 3), x=0.0, xanchor="left"),
        paper_bgcolor="#FFFFFF",
        plot_bgcolor="#FFFFFF",
        colorway=list(OKABE_ITO),
        colorscale=dict(diverging=DIVERGING, sequential="Cividis", sequentialminus="Cividis"),
        xaxis=axis,
        yaxis=axis,
        legend=dict(font=dict(size=SMALL_FONT_SIZE + 1), bgcolor="rgba(255,255,255,0.8)"),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=FONT_SIZE)),
        coloraxis=dict(colorbar=colorbar),
        margin=dict(l=60, r=20, t=40, b=50),
    )
    data = dict(
        heatmap=[go.Heatmap(colorbar=colorbar)],
        contour=[go.Contour(colorbar=colorbar)],
        scatter=[go.Scatter(marker=dict(colorbar=colorbar))],
    )
    return go.layout.Template(layout=layout, data=data)


def use_vectorlab_template() -> str:
    """Register the template as pio.templates["vectorlab"] and make it the default.
    Safe to call any number of times; returns the template's name."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = _template()
    # Only when it is not the default already: setting it validates a copy of the whole template,
    # some 2-5 ms paid by every figure of every run (8-27 % of a page's run; a class's thirty
    # followers paid it thirty times over).
    if pio.templates.default != TEMPLATE_NAME:
        pio.templates.default = TEMPLATE_NAME
    return TEMPLATE_NAME


use_vectorlab_template()
