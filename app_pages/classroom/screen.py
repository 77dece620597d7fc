"""The playground in class: the teacher's run, trained once, on every follower's screen.

The teacher's playground page shares each reply it draws (the figure, the chunk of frames, the
still picture's time-travel frames). A follower's playground page on the same server draws the
teacher's latest reply instead of training a run of its own: the frames are the same objects
for every follower, the figure is put into each language once (core.figures.relabel), and a new
chunk wakes the followers (server push; their players then ask for nothing the teacher has not
trained). A follower on another replica than the teacher's trains its own copy of the run (the
same settings and seed: the same frames), since a run's frames do not travel through Redis.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field

import streamlit as st

from app_pages import widget_registry
from app_pages.classroom.live import heard, seat
from app_pages.common import language
from core.figures.relabel import relabel

_RELABELLED_KEPT = 8  # figures in other languages (a run's figure, per language, while it plays)


@dataclass
class TeacherScreen:
    reply: object = None  # core.playground.session.Reply
    labels: dict = field(default_factory=dict)  # the teacher's figure words
    watchers: set = field(default_factory=set)  # follower sessions to wake on a new reply
    relabelled: dict = field(default_factory=dict)  # (figure token, language) -> figure
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource
def _screens() -> dict[str, TeacherScreen]:
    return {}


def share(reply, labels: dict, settled: bool = True) -> None:
    """The teacher's page: its reply is what the class sees; a new one wakes the followers.
    Not `settled` (paused, the epoch on screen not known yet): followers keep the last one."""
    own = seat()
    if own.role != "teacher":
        return
    own.extra["pg_playing"] = reply.moving  # followers on other replicas play their own copy along
    if not settled:
        return
    screen = _screens().setdefault(own.code, TeacherScreen())
    with screen.lock:
        new = screen.reply is None or screen.reply.token != reply.token
        screen.reply, screen.labels = reply, labels
        watchers = list(screen.watchers) if new else []
    gone = [sid for sid in watchers if not widget_registry.rerun_session(sid)]
    with screen.lock:
        screen.watchers.difference_update(gone)


def teacher_reply(labels: dict):
    """A follower's page: the teacher's latest reply with the figure in this reader's words, or
    None (not following, the teacher on another page or replica, or no reply yet)."""
    own, now = seat(), heard()
    screen = _screens().get(own.code) if own.code else None
    session_id = widget_registry.this_session_id()
    following = own.role == "student" and own.following and now.broadcast is not None and now.broadcast.page == "train"
    if screen is None:
        return None
    with screen.lock:
        if not following or screen.reply is None:
            screen.watchers.discard(session_id)
            return None
        if session_id:
            screen.watchers.add(session_id)
        reply, teacher_labels = screen.reply, screen.labels
        if labels == teacher_labels:
            return reply
        key = (reply.figure.layout.meta["vl_token"], language())
        figure = screen.relabelled.get(key)
    if figure is None:
        figure = relabel(reply.figure, teacher_labels, labels)  # once per figure and language
        with screen.lock:
            if len(screen.relabelled) >= _RELABELLED_KEPT:
                screen.relabelled.pop(next(iter(screen.relabelled)))
            screen.relabelled[key] = figure
    return dataclasses.replace(reply, figure=figure)


def play_along(session, report) -> None:
    """A follower with no teacher's screen on this server (another replica): it plays and
    pauses with the teacher, training its own copy of the run (the same settings and seed give
    the same frames)."""
    own, now = seat(), heard()
    if own.role != "student" or not own.following or now.broadcast is None or now.broadcast.page != "train":
        return
    playing = bool(now.broadcast.extra.get("pg_playing"))
    if playing and not session.running:
        session.play(report)
    elif not playing and session.running:
        session.pause()
