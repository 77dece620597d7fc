"""A student's playground: one object holding the run, what plays and what was sent, with verbs.

The page keeps one `PlaygroundSession` under one session key. Buttons call `play`, `pause`,
`step`, `reset` or `start_over`; each script run calls `update` with the settings and the
player's report, and draws the `Reply`. Nothing here knows Streamlit.

Only one thread touches the run at a time: while a chunk plays, the next one trains in a
`TrainingAhead` thread, and every verb first takes the run back from it (`_settle`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from core.figures.playground import playground_figure, playground_frames, playground_playback
from core.nn.ahead import TrainingAhead
from core.nn.frame_epochs import kept_epoch, playing_epochs, still_epochs
from core.nn.trainer import Run, Setup, Training
from core.playground import timings
from core.playground.messages import Chunk, FigureTag, PlayerReport

_frame_serials = itertools.count(1)  # names of still frames, unique in the process


class Look(NamedTuple):
    """What the picture looks like (it changes no epoch behind it)."""

    labels: dict
    show_test: bool
    discretize: bool


@dataclass
class Prepared:
    """A chunk made ready (by the thread training ahead, or at once), and what it covers."""

    serial: int
    start: int
    end: int
    speed: int
    look: Look
    playback: Any  # core.figures.playground.Playback, or None when nothing new was trained


@dataclass
class StillFrames:
    """The time-travel frames of a still picture: `token` names them before they are computed
    (None for a single step, which needs none); `frames()` computes them once."""

    token: str | None
    key: tuple = ()
    snapshots: list = field(default_factory=list)
    run: Run | None = None
    frame_epochs: list[int] = field(default_factory=list)
    discretize: bool = False
    computed: list | None = None

    def frames(self) -> list | None:
        if self.token is not None and self.computed is None:
            # show_test changes no frame when the epochs are given: the cache holds across it
            self.computed = playground_frames(self.run, discretize=self.discretize, frame_epochs=self.frame_epochs)
        return self.computed

    def same_as(self, other: StillFrames | None) -> bool:
        # A run rewound and trained again has new snapshots at the same epochs.
        return other is not None and other.key == self.key and len(other.snapshots) == len(self.snapshots) \
            and all(a is b for a, b in zip(other.snapshots, self.snapshots))


@dataclass
class Reply:
    """What a script run draws: `figure` with `frames` to send after it (a still picture) or a
    `chunk` to paint over it; `status` "playing", "asking" or "still"; `shown` the epoch on
    screen (for a still picture)."""

    status: str
    token: str
    serial: int
    figure: Any
    chunk: Chunk | None
    frames: StillFrames | None
    shown: int
    run: Run

    @property
    def moving(self) -> bool:
        return self.status != "still"


@dataclass
class PlaygroundSession:
    run: Run | None = None
    csv: Any = None  # the uploaded data set new runs use
    serial: int = 0  # tells this run's pictures from the last
    running: bool = False
    pausing: bool = False  # Pause pressed: epochs trained past the one on screen go once it is known
    first_chunk: bool = False  # the next chunk is the first after Play: a short one
    sent: int | None = None  # the end of the chunk the browser has
    speed: int = 1  # of the chunk last sent
    replace: bool = False  # the next chunk takes the place of the frames queued (new settings)
    token: str | None = None  # names the picture last sent
    prepared: Prepared | None = None
    ahead: TrainingAhead | None = None
    figure_key: tuple | None = None  # (serial, look) of `figure`, the figure last sent
    figure: Any = None
    still: StillFrames | None = None  # the still frames last sent
    link_note: Any = None  # what became of a shared link's trained weights (app_pages/networks/playground_export.py)
    editing: tuple[str, int] | None = None  # ("weight" or "bias", index) clicked on the diagram, to set
    edit_handled: Any = None  # the player's last EditReport acted on

    # -- verbs a button calls -------------------------------------------------------------

    def play(self, report: PlayerReport) -> None:
        self._settle()
        self._continue_from_screen(report)
        self.running, self.pausing, self.first_chunk = True, False, True

    def pause(self) -> None:
        self._settle()
        self.running = False
        # The server trains ahead of the screen (a chunk or two): the player's first report on
        # the paused picture says which epoch the class saw, and the rest goes (`_drop_unseen`).
        self.pausing = True

    def step(self, report: PlayerReport) -> None:
        self._settle()
        self.pausing = False
        self._continue_from_screen(report)
        self.running = False
        if self.run is not None:
            self.run.train(1)

    def reset(self) -> None:
        """A fresh run with the same settings (the next `update` makes one if there is none)."""
        self._settle()
        if self.run is None:
            self.running = False
        else:
            self._new_run(self.run.setup, self.run.training)

    def start_over(self) -> None:
        """Forget the run (a preset): the next `update` makes a fresh one, paused."""
        self._settle()
        self.run, self.running = None, False

    def edit(self, kind: str, index: int, value: float, report: PlayerReport) -> None:
        """A weight or bias set by hand on the epoch on screen; the picture shows the edited
        network, paused (a new serial: the player and the time-travel frames start afresh)."""
        self._settle()
        self.pausing = False
        self._continue_from_screen(report)
        self.running = False
        if self.run is not None:
            self.run.edit(kind, index, value)
            self.serial += 1

    def load(self, setup: Setup, training: Training, params, epoch: int) -> None:
        """Trained weights from a link or a file: a run of these settings that holds `params`
        at `epoch`, paused (the next `update` with the same settings draws it; Play trains on)."""
        self._settle()
        self._new_run(setup, training)
        self.run.start_from(params, epoch)

    # -- the verb of each script run ------------------------------------------------------

    def update(self, setup: Setup, training: Training, speed: int, look: Look, report: PlayerReport) -> Reply:
        """Apply the settings (a new setup starts over; new training settings go on from the epoch
        on screen), then say what to draw: the next chunk while playing, else a still picture."""
        self._settle(wanting_more=report.more is not None)
        asking = False
        if self.run is None or self.run.setup != setup:
            playing = self.run is None and self.running  # Play pressed before a preset's fresh run was made
            self._new_run(setup, training)
            self.running = playing
        elif self.run.training != training:
            if self.running and self.figure is not None and report.at is None:
                asking = True  # while playing, first ask the player which epoch is on screen
            else:
                self._continue_from_screen(report)  # a new learning rate goes on from the weights on screen
                self.run.set_training(training)
                self.replace = self.running  # the frames trained with the old one go
        run = self.run
        prepared = self._next_chunk(speed, look) if self.running and not asking else None
        playback = prepared.playback if prepared is not None else None
        status = "asking" if asking else "playing" if playback is not None else "still"
        if status == "still":
            self._drop_unseen(report)
        token = f"{self.serial}-{run.epoch}-{'ask' if asking else 'play' if playback is not None else 'still'}"
        # A report about the previous picture still holds only if this run sends the same picture.
        seen = self._seen_epoch(report) if token == self.token else None
        self.token = token
        figure, frames = None, None
        if status == "playing":
            figure = self._playing_figure(prepared)
        elif status == "asking":
            figure = self.figure  # the picture goes on as it is until the answer
        else:
            figure, frames = self._still_picture(seen, look, token)
        chunk = None
        if playback is not None:
            if self.running:
                self._train_ahead(speed, look, len(playback.chunk["frames"]))
            chunk = Chunk.from_playback(playback.chunk, final=not self.running, replace=self.replace)
            self.replace = False
        # Plotly keeps what changed in the browser (zoom, the player's epoch axes) while the
        # revision stays: for one run, not into the next (a Reset while playing kept 0..1000).
        figure.update_layout(uirevision=f"run-{self.serial}")
        return Reply(status=status, token=token, serial=self.serial, figure=figure, chunk=chunk, frames=frames,
                     shown=run.epoch if seen is None else seen, run=run)

    def remember_still(self, frames: StillFrames) -> None:
        """The still frames were sent (computed): the next picture with the same ones reuses them."""
        if frames.computed is not None:
            self.still = frames

    # -- inside ---------------------------------------------------------------------------

    def _new_run(self, setup: Setup, training: Training) -> None:
        self.serial += 1
        self.running = self.pausing = False
        self.sent = self.prepared = None
        self.run = Run(setup, training, csv=self.csv)

    def _settle(self, wanting_more: bool = False) -> None:
        """Take the run back from the thread training ahead, before anything reads or changes it.
        When the player asks for the next chunk, it still has `LEAD_FRAMES` to show: the thread
        may go on for a moment if it has trained less than that."""
        ahead, self.ahead = self.ahead, None
        if ahead is not None:
            at_least = timings.LEAD_FRAMES * max(self.speed, ahead.run.snapshot_stride) if wanting_more else 0
            self.prepared = ahead.finish(at_least, max_wait=timings.MORE_WAIT_S)  # finishing twice is harmless

    def _seen_epoch(self, report: PlayerReport) -> int | None:
        """The epoch on the student's screen if they paused, scrubbed or were asked about the
        picture we last sent, as the snapshot kept for it."""
        seen = report.at or report.epoch  # "at": the answer to an ask
        if seen is not None and self.run is not None and seen.token == self.token:
            return kept_epoch([s.epoch for s in self.run.snapshots], seen.epoch, self.run.epoch)
        return None

    def _continue_from_screen(self, report: PlayerReport) -> None:
        # No run between a preset (a fresh start) and the script run that makes it: a click that
        # comes in between finds nothing to continue; the new run starts at epoch 0.
        if self.run is None:
            return
        seen = self._seen_epoch(report)
        if seen is not None and seen < self.run.epoch:
            self.run.rewind(seen)
        elif self.run.diverged_at is not None:
            self.run.rewind(self.run.epoch)  # from the last finite state, with whatever learning rate is set now

    def _drop_unseen(self, report: PlayerReport) -> None:
        """After Pause, the epochs trained ahead of the one on screen go, once the player says
        which that is: the time-travel slider ended at epochs the class never saw ("Epoch 228"
        on screen, the slider up to 1113), and Play goes on from the screen anyway."""
        if not self.pausing:
            return
        at_pause = self._seen_epoch(report)
        if at_pause is None:
            return  # not yet: the paused picture is on its way to the browser
        self.pausing = False
        if at_pause < self.run.epoch:
            self.run.rewind(at_pause)

    def _next_chunk(self, speed: int, look: Look) -> Prepared:
        run, first = self.run, self.first_chunk
        self.first_chunk = False
        sent = self.sent
        start = sent if not first and sent is not None and sent <= run.epoch else run.epoch
        if run.epoch == start and run.diverged_at is None:  # nothing trained ahead: the first chunk, or a rewind
            frames = timings.FIRST_CHUNK_FRAMES if first else timings.CHUNK_FRAMES
            run.train(frames * speed, max_seconds=timings.COMPUTE_BUDGET_S)
        prepared, self.prepared = self.prepared, None
        wanted = (self.serial, start, run.epoch, speed, look)
        if prepared is None or (prepared.serial, prepared.start, prepared.end, prepared.speed, prepared.look) != wanted:
            prepared = prepare_chunk(run, self.serial, start, speed, look)
        if run.diverged_at is not None or prepared.playback is None:
            self.running = False
        return prepared

    def _train_ahead(self, speed: int, look: Look, frames_sent: int) -> None:
        # Noted before the reply is sent: a rerun that interrupts it must not play the chunk again.
        self.sent = start = self.run.epoch
        self.speed = speed
        serial, epochs = self.serial, timings.CHUNK_FRAMES * max(speed, self.run.snapshot_stride)
        after = min(timings.AHEAD_AFTER_S, frames_sent * timings.FRAME_MS / 1000 / 4)
        # Kept before it starts: a thread nobody can find would train this run under the next reply.
        self.ahead = TrainingAhead(self.run, epochs, timings.AHEAD_MAX_S, after=after,
                                   then=lambda trained: prepare_chunk(trained, serial, start, speed, look))
        self.ahead.start()

    def _remember_figure(self, look: Look, figure) -> None:
        self.figure_key, self.figure = (self.serial, look), figure

    def _playing_figure(self, prepared: Prepared):
        """The figure on screen if it shows the same run with the same look, be it the still
        picture Play was pressed on or the figure of an earlier chunk: the player paints over it
        and moves its axes, and the browser has nothing to redraw (drawing a new figure holds up
        the picture for 150-250 ms). Else a figure for the chunk, opening on its first epoch."""
        if self.figure is not None and self.figure_key == (prepared.serial, prepared.look):
            return self.figure
        look, start = prepared.look, prepared.start
        playback = playground_playback(self.run, labels=look.labels, play=[start], open_at=start,
                                       show_test=look.show_test, discretize=look.discretize)
        figure = FigureTag(f"{prepared.serial}-{start}-figure").apply(playback.figure)
        self._remember_figure(look, figure)
        return figure

    def _still_picture(self, seen: int | None, look: Look, token: str):
        """(figure, its still frames) of a run at rest: the picture stays on `seen`, the epoch the
        student paused or scrubbed to (the newest if None)."""
        run = self.run
        frame_epochs = still_epochs([s.epoch for s in run.snapshots], run.epoch if seen is None else seen,
                                    run.epoch, timings.MAX_STILL_FRAMES)
        frames = StillFrames(token=None)
        if len(frame_epochs) >= 2:
            # A fresh run has nowhere to travel: its slider animates nothing (a 35 kB frame for
            # nothing delayed every new data set's picture by 0.015 s).
            wanted = set(frame_epochs)
            frames = StillFrames(token="", key=(self.serial, tuple(frame_epochs), look.discretize),
                                 snapshots=[s for s in run.snapshots if s.epoch in wanted], run=run,
                                 frame_epochs=frame_epochs, discretize=look.discretize)
            if frames.same_as(self.still):
                frames = self.still
            else:
                frames.token = f"{self.serial}-frames-{next(_frame_serials)}"
        figure = playground_figure(run, labels=look.labels, show_test=look.show_test, discretize=look.discretize,
                                   frame_epochs=frame_epochs, open_at=seen, play_buttons=False, frames=False)
        figure = FigureTag(token, frames.token).apply(figure)
        self._remember_figure(look, figure)  # Play paints on it
        return figure, frames


def prepare_chunk(run: Run, serial: int, start: int, speed: int, look: Look) -> Prepared:
    """What to play after epoch `start`: recorded epochs `speed` apart up to the newest, and the
    frames that paint them (no playback if there is nothing new)."""
    play = playing_epochs([s.epoch for s in run.snapshots], start, speed)
    playback = playground_playback(run, labels=look.labels, play=play, open_at=start, show_test=look.show_test,
                                   discretize=look.discretize, figure=False) if play else None
    return Prepared(serial=serial, start=start, end=run.epoch, speed=speed, look=look, playback=playback)
