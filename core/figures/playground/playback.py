"""The player's form of the playground: while training plays, the browser's player
(app_pages/player.js) paints compact frames on a canvas over the chart.

Plotly frames would be parsed, deep-copied and drawn by plotly (a 150-frame figure took 0.6 s
to arrive on screen here); the player needs only what changes, so a frame holds the mosaic and
the surface as uint8 colour levels, the edge bins, and how far the loss lines reach (the lines
travel once per chunk, in `series` at the epochs `line_x`, so a frame can be painted on the
figure of a later chunk too)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import use_vectorlab_template
from core.nn.trainer import Run

from .encoding import levels, typed
from .figure import metas, traces
from .layout import MIN_EPOCH_AXIS, STEP_ARGS, layout, round_up, shown_losses
from .snapshot import lines, numbers, opening, pick, scene

PLAYBACK_STEPS = 41  # slider steps of a figure being played by the player


@dataclass
class Playback:
    """A chunk of epochs for the browser's player (app_pages/player.js) to paint over `figure`."""

    figure: go.Figure | None  # opens on the chunk's first epoch; no plotly frames, a slider that only shows
    chunk: dict  # JSON: the frames to paint, named by epoch, naming the traces they change by meta
    axes: tuple[int, float]  # `playback_axes` of the run: the figure serves every chunk with the same


def playback_axes(run: Run) -> tuple[int, float]:
    """(end of the epoch axes, top of the loss axis) of a figure being played: round numbers
    (1, 2, 5 x 10^n) past the newest epoch and above the highest loss so far."""
    top = float(np.max(shown_losses([run.history.train_loss, run.history.test_loss]), initial=0.0))
    return int(round_up(max(run.epoch, MIN_EPOCH_AXIS))), round_up(max(top * 1.05, 1e-3))


def playground_playback(
    run: Run,
    *,
    labels: Mapping[str, str],
    play: Sequence[int],
    open_at: int,
    show_test: bool = True,
    discretize: bool = False,
    grid: int = 40,
    figure: bool = True,
) -> Playback:
    """The figure and frames of a chunk being played: `play` are the epochs to paint one after
    another (recorded snapshots); the figure opens on epoch `open_at`. With `figure=False`, the
    frames alone (the player mostly paints on a figure already on screen).

    The figure's axes are `playback_axes(run)`: the epoch axes end at a round number past the
    newest epoch and the loss axis tops at a round number. The chunk names them too (`axes`),
    so that it can be painted on the figure of an earlier chunk once the player has moved that
    figure's axes (a page that sends the same figure again costs the browser nothing; a new
    one stalls playback while plotly draws it). The slider only shows where playback is: its
    `PLAYBACK_STEPS` steps span the epoch axis evenly.
    """
    use_vectorlab_template()
    axes = playback_axes(run)
    sc = scene(run, labels, grid)
    chosen = pick(run.snapshots, sorted({int(open_at)} | {int(e) for e in play}), 0)
    drawn = lines(run, chosen)
    at = opening(chosen, int(open_at))
    wanted = {int(e) for e in play}
    # only what is painted or opened on is computed (`pick` also adds the newest snapshot)
    needed = [s for i, s in enumerate(chosen) if s.epoch in wanted or (figure and i == at)]
    shown = {n.epoch: n for n in numbers(sc, needed, discretize)}
    frames = [{
        "name": str(n.epoch),
        "mosaic": typed(n.mosaic),
        "edges": [[typed(x), typed(y)] for x, y in n.edges],
        "surface": typed(n.surface) if sc.one_d else typed(levels(n.surface, sc.z_range)),
        "upto": drawn.upto(n.epoch),
    } for n in (shown[s.epoch] for s in chosen if s.epoch in wanted)]
    chunk = {
        **metas(len(drawn.series)),
        "series": [typed(v) for v in drawn.series],
        "line_x": typed(drawn.epochs.astype(np.float32)),
        "axes": list(axes),  # the player moves the axes of an older figure there
        "frames": frames,
    }
    if not figure:
        return Playback(figure=None, chunk=chunk, axes=axes)
    spec = layout(sc, chosen, drawn, at=at, play_buttons=False, show_test=show_test, axes=axes)
    marks = np.unique(np.round(np.linspace(0, axes[0], PLAYBACK_STEPS)).astype(int))
    # Step labels of digit-wide blanks: the counter has room for the epochs the player writes
    # into it and never names the epoch plotly opened on.
    blank = "\u2007" * len(str(axes[0]))
    spec["sliders"][0].update(steps=[dict(method="skip", label=blank, args=[[str(e)], STEP_ARGS]) for e in marks],
                              active=int(np.argmin(np.abs(marks - open_at))))
    fig = go.Figure(data=traces(sc, shown[chosen[at].epoch], drawn, hover=False, show_test=show_test), layout=spec,
                    _validate=False)
    return Playback(figure=fig, chunk=chunk, axes=axes)
