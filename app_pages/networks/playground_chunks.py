"""What the playground sends while a run plays: chunks of frames for the player, and the figure
they are painted on (see app_pages/player.py)."""

from __future__ import annotations

import streamlit as st

from app_pages.player import tag_figure
from core.figures.playground import playground_playback
from core.nn.frame_epochs import playing_epochs
from core.nn.trainer import Run

_FIGURE = "pg_figure"  # the figure last sent, with the run and look it shows
state = st.session_state


def chunk(run: Run, serial: int, start_epoch: int, speed: int, look: tuple) -> dict:
    """What to play after `start_epoch`: recorded epochs `speed` apart up to the newest, and
    the frames that paint them (None if there is nothing new). `look`: labels, show_test, discretize."""
    play = playing_epochs([s.epoch for s in run.snapshots], start_epoch, speed)
    labels, show_test, discretize = look
    playback = playground_playback(run, labels=labels, play=play, open_at=start_epoch, show_test=show_test,
                                   discretize=discretize, figure=False) if play else None
    return {"serial": serial, "start": start_epoch, "end": run.epoch, "speed": speed, "look": look,
            "playback": playback}


def remember_figure(serial: int, look: tuple, figure) -> None:
    """The figure this script run sends: Play and the chunks after it paint on it."""
    state[_FIGURE] = ((serial, look), figure)


def last_figure():
    """The figure last sent, or None."""
    last = state.get(_FIGURE)
    return last[1] if last is not None else None


def playing_figure(prepared: dict, run: Run):
    """The figure on screen if it shows the same run with the same look, be it the still picture
    Play was pressed on or the figure of an earlier chunk: the player paints over it and moves
    its axes, and the browser has nothing to redraw (drawing a new figure holds up the
    picture for 150-250 ms). Else a figure for the chunk, opening on its first epoch (`run`
    must not be training meanwhile; chunks are prepared without one)."""
    key = (prepared["serial"], prepared["look"])
    last = state.get(_FIGURE)
    if last is not None and last[0] == key:
        return last[1]
    (labels, show_test, discretize), start = prepared["look"], prepared["start"]
    playback = playground_playback(run, labels=labels, play=[start], open_at=start, show_test=show_test,
                                   discretize=discretize)
    figure = tag_figure(playback.figure, f"{prepared['serial']}-{start}-figure")
    remember_figure(*key, figure)
    return figure
