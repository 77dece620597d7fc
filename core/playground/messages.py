"""Every message between the playground's Python and its browser player (app_pages/player.js),
declared once. Each class here has a JSDoc @typedef of the same name and fields in player.js;
tests/core/test_player_messages.py checks that the two agree and that player.js reads no field
that is not declared.

Python -> browser: `PlayerMessage` (with a `Chunk` of `Frame`s), `TimeTravelMessage`, and the
`FigureTag` a figure carries in `layout.meta`. Browser -> Python: `PlayerReport` (the
component's state: `more`, `at`, `epoch`), the last two an `EpochReport`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


def field_names(cls) -> list[str]:
    return [f.name for f in fields(cls)]


def _declared(cls, value: dict) -> dict:
    """`value` with exactly `cls`'s fields: a builder that adds or drops one fails here, not in
    the browser."""
    if set(value) != set(field_names(cls)):
        raise ValueError(f"{cls.__name__} has fields {sorted(field_names(cls))}, got {sorted(value)}")
    return value


@dataclass(frozen=True)
class Frame:
    """One epoch to paint (core.figures.playground.playground_playback): typed-array JSON."""

    name: str  # the epoch, as plotly names frames
    mosaic: dict  # the neurons' pictures, uint8 colour levels
    edges: list  # [[x, y], ...] per bin of edge widths
    surface: dict  # colour levels of the boundary (2-D), or the fitted curve's y (1-D)
    upto: int  # how many points of the loss lines this epoch shows


@dataclass(frozen=True)
class Chunk:
    """Frames to paint one after another; the traces they change named by their `meta`."""

    mosaic: str
    edges: list[str]
    surface: str
    lines: list[str]
    series: list[dict]  # the loss lines' y, sent once a chunk
    line_x: dict  # their epochs
    axes: list  # [epoch axis end, loss axis top] the player moves an older figure's axes to
    frames: list[Frame]
    final: bool  # the run stops after it: the player asks again only when it is over
    replace: bool  # trained with new settings: it takes the place of the frames still queued

    @classmethod
    def from_playback(cls, chunk: dict, *, final: bool, replace: bool) -> Chunk:
        """From `Playback.chunk` (a dict, built in core.figures.playground)."""
        body = {**chunk, "final": final, "replace": replace}
        body["frames"] = [Frame(**_declared(Frame, frame)) for frame in chunk["frames"]]
        return cls(**_declared(cls, body))

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in field_names(Chunk)}
        out["frames"] = [{name: getattr(frame, name) for name in field_names(Frame)} for frame in self.frames]
        return out


@dataclass(frozen=True)
class PlayerMessage:
    """What the page tells the player each script run (app_pages/player.py, `player`)."""

    chart_key: str  # the chart element the player paints over
    figure: str  # the `FigureTag.vl_token` of the figure it paints on
    token: str  # names what the page sent this time
    chunk: Chunk | None  # None when nothing plays
    run: int  # the run's serial: frames of another run are not queued after these
    ask: bool  # hold the frame on screen and report it in `at`
    frame_ms: int  # one frame every this many ms
    lead: int  # frames left when the player asks for the next chunk

    def to_json(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in field_names(PlayerMessage)}
        out["chunk"] = self.chunk.to_json() if self.chunk is not None else None
        return out


@dataclass(frozen=True)
class TimeTravelMessage:
    """The plotly frames of a still picture, sent after it (app_pages/player.py, `time_travel`)."""

    chart_key: str
    frames_token: str | None  # the `FigureTag.vl_frames` of the figure they belong to
    frames: list[dict] | None  # plotly frames; None: keep adding those sent before

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in field_names(TimeTravelMessage)}


@dataclass(frozen=True)
class FigureTag:
    """What a playground figure carries in `layout.meta` for the player to recognise it."""

    vl_token: str
    vl_frames: str | None = None  # names the `TimeTravelMessage` with its frames

    def to_json(self) -> dict[str, str]:
        return {"vl_token": self.vl_token, **({"vl_frames": self.vl_frames} if self.vl_frames else {})}

    def apply(self, figure):
        figure.update_layout(meta=self.to_json())
        return figure


@dataclass(frozen=True)
class EpochReport:
    """The epoch on the student's screen, about the picture named `token`."""

    epoch: int
    token: str

    @classmethod
    def parse(cls, value) -> EpochReport | None:
        """From what the browser sent; None for anything malformed (it is the browser's word)."""
        if not isinstance(value, dict) or not isinstance(value.get("token"), str):
            return None
        try:
            return cls(epoch=int(value["epoch"]), token=value["token"])
        except (KeyError, TypeError, ValueError, OverflowError):
            return None


@dataclass(frozen=True)
class EditReport:
    """A click on the network diagram of the picture named `token`: `target` "weight" or "bias"
    (`index` counts them over all layers, as `Run.edit` does), or a handle: "add_neuron" /
    "remove_neuron" (`index` = the hidden layer, from 1), "add_layer" / "remove_layer"."""

    target: str
    index: int
    token: str

    TARGETS = ("weight", "bias", "add_neuron", "remove_neuron", "add_layer", "remove_layer")

    @classmethod
    def parse(cls, value) -> EditReport | None:
        """From what the browser sent; None for anything malformed (it is the browser's word)."""
        if not isinstance(value, dict) or value.get("target") not in cls.TARGETS \
                or not isinstance(value.get("token"), str):
            return None
        try:
            index = int(value["index"])
        except (KeyError, TypeError, ValueError, OverflowError):
            return None
        return cls(target=value["target"], index=index, token=value["token"]) if index >= 0 else None


@dataclass(frozen=True)
class PlayerReport:
    """The player component's state, as Streamlit hands it to Python (`st.session_state["player"]`).
    `more`: the token of the picture whose frames are running out (for one script run);
    `at`: the answer to `ask` (for one script run); `epoch`: where the student paused or scrubbed."""

    more: str | None = None
    at: EpochReport | None = None
    epoch: EpochReport | None = None
    edit: EditReport | None = None

    @classmethod
    def parse(cls, state) -> PlayerReport:
        state = state if isinstance(state, dict) or hasattr(state, "get") else {}
        more = state.get("more")
        return cls(more=more if isinstance(more, str) and more else None,
                   at=EpochReport.parse(state.get("at")), epoch=EpochReport.parse(state.get("epoch")),
                   edit=EditReport.parse(state.get("edit")))
