"""The time-travel frames of the playground's still picture. They go to the browser after the
picture, which it can then show at once (a paused run's 80 frames were 1.5-5 MB of JSON that held
the picture up for 0.2 s), and they are computed once for as long as they stay the same (a new
learning rate or "show test data" changes the picture, not the epochs behind it)."""

from __future__ import annotations

import itertools

import streamlit as st

from app_pages.player import tag_figure, time_travel
from core.figures.playground import playground_figure, playground_frames
from core.nn.frame_epochs import still_epochs
from core.nn.trainer import Run

# Epochs on the slider of a paused figure (about 17 kB each): thirty students pressing Pause
# together must not fill a school's Wi-Fi (120 frames were 3 MB a Pause). Plotly measures every
# step's label each time it draws the figure: 80 steps took ~50 ms of a ~100 ms newPlot here,
# and a changed control on a paused run waited for them.
MAX_STILL_FRAMES = 40
_ELEMENT = "pg_frames"
_CACHE = "pg_still_frames"  # {"key", "snapshots", "token", "frames"} of the frames last sent
_serials = itertools.count(1)
state = st.session_state


class StillFrames:
    """The frames of the still picture with slider steps `frame_epochs`: `token` names them
    (for the figure to carry, see `app_pages.player.tag_figure`) before they are computed;
    None for a single step, which needs no frame."""

    def __init__(self, run: Run, serial: int, frame_epochs: list[int], discretize: bool):
        self.run, self.frame_epochs, self.discretize = run, frame_epochs, discretize
        if len(frame_epochs) < 2:
            # Nowhere to travel (a fresh run): its slider animates nothing. Every new data set
            # or network sent a 35 kB frame for nothing: its picture came 0.015 s later (medians of 30).
            self.token, self.frames = None, None
            return
        wanted = set(frame_epochs)
        # A run rewound and trained again has new snapshots at the same epochs.
        self.snapshots = [s for s in run.snapshots if s.epoch in wanted]
        self.key = (serial, tuple(frame_epochs), discretize)
        cached = state.get(_CACHE)
        if cached is not None and cached["key"] == self.key and len(cached["snapshots"]) == len(self.snapshots) \
                and all(a is b for a, b in zip(cached["snapshots"], self.snapshots)):
            self.token, self.frames = cached["token"], cached["frames"]
        else:
            self.token, self.frames = f"{serial}-frames-{next(_serials)}", None

    def send(self, chart_key: str) -> None:
        """Compute the frames if they are new, and send them to the chart `chart_key`."""
        if self.token is None:
            hold_place(chart_key)
            return
        if self.frames is None:
            # show_test changes no frame when the epochs are given: the cache holds across it
            self.frames = playground_frames(self.run, discretize=self.discretize, frame_epochs=self.frame_epochs)
            state[_CACHE] = {"key": self.key, "snapshots": self.snapshots, "token": self.token,
                             "frames": self.frames}
        time_travel(chart_key, self.token, self.frames, key=_ELEMENT)


def still_picture(run: Run, serial: int, seen: int | None, look: tuple, token: str):
    """(figure, its `StillFrames`) of a run at rest: the picture stays on `seen`, the epoch the
    student paused or scrubbed to (the newest if None); `look` is (labels, show_test,
    discretize) and `token` names the picture. Send the figure, then the frames."""
    labels, show_test, discretize = look
    frame_epochs = still_epochs([s.epoch for s in run.snapshots], run.epoch if seen is None else seen,
                                run.epoch, MAX_STILL_FRAMES)
    still = StillFrames(run, serial, frame_epochs, discretize)
    figure = playground_figure(run, labels=labels, show_test=show_test, discretize=discretize,
                               frame_epochs=frame_epochs, open_at=seen, play_buttons=False, frames=False)
    return tag_figure(figure, token, frames=still.token), still


def hold_place(chart_key: str) -> None:
    """While playing, there are no new frames to send, but the element stays: one that comes
    and goes moves every element after it, and Streamlit draws those anew (the first frame
    after Play came 0.13 s later)."""
    time_travel(chart_key, None, None, key=_ELEMENT)
