"""Client-side playback of training: the server trains a chunk of epochs and sends it, and
this component paints the chunk's frames one after another over the plotly chart (player.js),
30 frames/s with no round trips. It asks for the next chunk before the frames run out (so
chunks follow each other without a pause) and reports where the student stopped or scrubbed
to (so training continues from the epoch they see, not the one the server got to).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_JS = (Path(__file__).parent / "player.js").read_text(encoding="utf-8")

_player = st.components.v2.component("vectorlab.player", js=_JS)


def tag_figure(figure, token: str, frames: str | None = None):
    """Name the picture, so the player acts on this figure and not on the one it replaces;
    `frames` names the frames `time_travel` sends for it."""
    figure.update_layout(meta={"vl_token": token, **({"vl_frames": frames} if frames else {})})
    return figure


def time_travel(chart_key: str, token: str | None, frames: list[dict] | None, *, key: str):
    """Add `frames` (plotly frames, JSON) to the chart with key `chart_key` once it shows a
    figure tagged with `frames=token`, and again whenever a new chart element shows one. Sent
    after the chart, they do not hold up the picture; meanwhile its slider waits for them.
    With no frames, the frames sent before go on being added as needed."""
    return _player(data={"chart_key": chart_key, "frames_token": token, "frames": frames}, key=key)


def player(chart_key: str, figure_token: str, chunk: dict | None, *, token: str, run: int, ask: bool = False,
           frame_ms: int = 33, lead: int = 20, key: str = "player"):
    """Paint `chunk` (`core.figures.playground.Playback.chunk`; None when nothing plays) over
    the chart with key `chart_key`, whose figure carries `figure_token` in
    `layout.meta.vl_token` (see `tag_figure`), after the frames of run `run` still waiting to
    be painted, one every `frame_ms`. `token` names this picture: while `lead` frames remain,
    or at the end of a chunk marked `final`, the result's `.more` becomes `token` (for one run
    of the script): time to send the next chunk. `.epoch` is {"epoch": n, "token": token}
    where the student paused or scrubbed to, or None. With `ask`, the player holds the frame
    on screen and answers in `.at` ({"epoch": n, "token": token}, for one run); a chunk marked
    `replace` then takes the place of the frames still queued."""
    return _player(
        data={"chart_key": chart_key, "figure": figure_token, "token": token, "chunk": chunk, "run": run,
              "ask": ask, "frame_ms": frame_ms, "lead": lead},
        key=key,
        on_more_change=lambda: None,
        on_at_change=lambda: None,
        on_epoch_change=lambda: None,
    )
