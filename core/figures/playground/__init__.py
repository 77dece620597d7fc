"""The "Train a network" playground as plotly figures, and the optimizer comparison.

`playground_figure(run, labels=...)` draws a trained `core.nn.trainer.Run`: top left the network
as TensorFlow Playground draws it (every neuron a small heatmap of its output over the input
plane, weights as lines coloured by sign and as wide as |w|, a bias square at each neuron's
lower-left corner; hovering shows the values); top right the decision surface (P(class 1)) with
the points, or the predicted surface / fitted curve for regression; below, train and test loss
(and accuracy) by epoch.

A snapshot is drawn in three forms composed from the same pieces: `geometry` (where the panels,
neurons, mosaic cells and edges sit), `snapshot` (the numbers of the chosen snapshots, computed
once), `encoding` (uint8 levels, typed arrays, unvalidated frames), `images` (what never
changes, drawn once as SVG), then `figure` + `layout` (the still plotly figure and its frames
for the slider), `playback` (the chunk the page's player paints while training plays);
`compare` puts optimizers side by side. ``labels`` are the page's translated strings, English
(`DEFAULT_LABELS`) where missing.
"""

from .compare import compare_figure
from .encoding import MOSAIC_LEVELS
from .figure import FRAME_BUDGET_BYTES, MAX_FRAMES, playground_figure, playground_frames
from .geometry import N_BINS, WIDTH_BINS
from .geometry import network_edges as _edges  # noqa: F401 - the pieces tests/core check alone
from .geometry import network_geometry as _network_geometry  # noqa: F401
from .geometry import walk as _walk  # noqa: F401
from .layout import LOSS_AXIS_CAP
from .names import DEFAULT_LABELS, FEATURE_NAMES_1D, FEATURE_NAMES_2D
from .playback import PLAYBACK_STEPS, Playback, playback_axes, playground_playback
from .snapshot import CURVE_POINTS
