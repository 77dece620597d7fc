"""The playground's one session object (core.playground.session) and what the page sends with
the chart: the player's message and a still picture's time-travel frames."""

from __future__ import annotations

import streamlit as st

from app_pages.player import player, time_travel
from core.playground import timings
from core.playground.messages import PlayerMessage, PlayerReport, TimeTravelMessage
from core.playground.session import PlaygroundSession, Reply

KEY = "pg_session"  # the only session key of the playground's state
_FRAMES_ELEMENT = "pg_frames"


def session() -> PlaygroundSession:
    state = st.session_state
    if KEY not in state:
        state[KEY] = PlaygroundSession()
    return state[KEY]


def report() -> PlayerReport:
    """What the player component last said (its state lives under the key "player")."""
    return PlayerReport.parse(st.session_state.get("player"))


def send_player(chart_key: str, reply: Reply) -> None:
    """The frames go before the chart: the browser parses them while the chart is being drawn."""
    player(PlayerMessage(chart_key=chart_key, figure=reply.figure.layout.meta["vl_token"], token=reply.token,
                         chunk=reply.chunk, run=reply.serial, ask=reply.status == "asking",
                         frame_ms=timings.FRAME_MS, lead=timings.LEAD_FRAMES), key="player")


def send_frames(chart_key: str, reply: Reply, own: PlaygroundSession) -> None:
    """After the chart: a still picture's frames (computed now, once for as long as they stay
    the same: a paused run's 80 frames were 1.5-5 MB that held the picture up for 0.2 s). While
    playing the element stays, with nothing new: one that comes and goes moves every element
    after it, and Streamlit draws those anew (the first frame after Play came 0.13 s later)."""
    frames = reply.frames
    if frames is None or frames.token is None:
        time_travel(TimeTravelMessage(chart_key, None, None), key=_FRAMES_ELEMENT)
        return
    time_travel(TimeTravelMessage(chart_key, frames.token, frames.frames()), key=_FRAMES_ELEMENT)
    own.remember_still(frames)
