"""The "Train a network" playground as plotly figures, and the optimizer comparison.

`playground_figure(run, labels=...)` draws a trained `core.nn.trainer.Run`:

* top left, the network as TensorFlow Playground draws it: one column per layer, every neuron a
  small heatmap of its own output over the input plane (a strip over x for 1-D data), weights
  as lines coloured by sign (orange < 0, blue > 0) and as wide as |w|, a bias square at each
  neuron's lower-left corner; hovering an edge or a bias square shows its value;
* top right, the decision surface (probability of class 1) with the train and test points, or
  the predicted surface / fitted curve for regression;
* bottom, train and test loss by epoch (and accuracy beside it for classification).

One frame of it takes three forms, composed from the same pieces:

=================  ==========================================================================
module             idea
=================  ==========================================================================
geometry, edges    where the panels, columns, neurons, mosaic cells and edge lines sit
snapshot           the numbers of the chosen snapshots, computed once (`Scene`, `numbers`)
encoding           their compact encoding (uint8 levels, typed arrays, unvalidated frames)
images             what never changes, drawn once as SVG (input column, points, colour bar)
layout, figure     the still plotly figure and its plotly frames (the slider's time travel)
playback           the chunk the page's player paints while training plays
compare            optimizers side by side
=================  ==========================================================================

Frames are thinned evenly (keeping the first and the newest) to at most `max_frames` (150:
every slider step costs redraw time) and so that the figure's JSON stays under `max_bytes`
(5.5 MB); large networks also get smaller thumbnails. ``labels`` holds the page's translated
strings (keys: `DEFAULT_LABELS`, the English fallback).
"""

from .compare import compare_figure
from .edges import N_BINS, WIDTH_BINS
from .edges import network_edges as _edges
from .edges import walk as _walk
from .encoding import MOSAIC_LEVELS
from .figure import FRAME_BUDGET_BYTES, MAX_FRAMES, playground_figure, playground_frames
from .geometry import network_geometry as _network_geometry
from .layout import LOSS_AXIS_CAP
from .names import DEFAULT_LABELS, FEATURE_NAMES_1D, FEATURE_NAMES_2D
from .playback import PLAYBACK_STEPS, Playback, playback_axes, playground_playback
from .snapshot import CURVE_POINTS

__all__ = [
    "CURVE_POINTS", "DEFAULT_LABELS", "FEATURE_NAMES_1D", "FEATURE_NAMES_2D", "FRAME_BUDGET_BYTES", "LOSS_AXIS_CAP",
    "MAX_FRAMES", "MOSAIC_LEVELS", "N_BINS", "PLAYBACK_STEPS", "WIDTH_BINS", "Playback", "compare_figure",
    "playback_axes", "playground_figure", "playground_frames", "playground_playback",
    "_edges", "_network_geometry", "_walk",  # tests/core/test_figures_playground.py checks these pieces
]
