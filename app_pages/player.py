"""Client-side playback of training: the server trains a chunk of epochs and sends it, and
this component paints the chunk's frames one after another over the plotly chart (player.js),
30 frames/s with no round trips. It asks for the next chunk before the frames run out (so
chunks follow each other without a pause) and reports where the student stopped or scrubbed
to (so training continues from the epoch they see, not the one the server got to).

The messages both ways are declared in core/playground/messages.py (and as JSDoc typedefs in
player.js); plotly's private internals the player needs are in player_plotly.js alone.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from core.playground.messages import PlayerMessage, TimeTravelMessage

_HERE = Path(__file__).parent
# One ES module: the plotly adapter's functions first, the diagram's clicks and hovers, then the
# player that uses them.
_JS = "\n".join((_HERE / name).read_text(encoding="utf-8") for name in ("player_plotly.js", "player_diagram.js", "player.js"))

_player = st.components.v2.component("vectorlab.player", js=_JS)


def time_travel(message: TimeTravelMessage, *, key: str):
    """Add the message's frames to its chart once that shows the figure tagged with their token,
    and again whenever a new chart element shows one. Sent after the chart, they do not hold up
    the picture; meanwhile its slider waits for them. With no frames, the frames sent before go
    on being added as needed."""
    return _player(data=message.to_json(), key=key)


def player(message: PlayerMessage, *, key: str = "player"):
    """Paint the message's chunk over its chart after the frames of the same run still waiting.
    The component's state comes back as a `core.playground.messages.PlayerReport`: `more` while
    `lead` frames remain (or at the end of a `final` chunk), `at` in answer to `ask`, `epoch`
    where the student paused or scrubbed to, `edit` what they clicked on the diagram (for one
    script run)."""
    return _player(
        data=message.to_json(),
        key=key,
        on_more_change=lambda: None,
        on_at_change=lambda: None,
        on_epoch_change=lambda: None,
        on_edit_change=lambda: None,
    )
