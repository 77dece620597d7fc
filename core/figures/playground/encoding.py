"""How a snapshot's numbers travel to the browser: colour levels as uint8, float32, plotly's
typed-array JSON encoded once here, and frames kept as built (no plotly.py validation)."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go

from core.figures.theme import DIVERGING

# The mosaic travels as uint8: 0 = a transparent gap (base64 "AAAA": JSON escapes the "/" of
# 255s), 1..255 = [-1, 1] on DIVERGING.
MOSAIC_GAP = 0
MOSAIC_LEVELS = 254
MOSAIC_COLORSCALE = [[0.0, "rgba(255,255,255,0)"], [0.5 / 255, "rgba(255,255,255,0)"]] + [
    [(1 + p * MOSAIC_LEVELS) / 255, c] for p, c in DIVERGING
]


def quantize(values: np.ndarray) -> np.ndarray:
    """[-1, 1] -> 1..255 (uint8; 0 is the gap); NaN (a diverged neuron) -> the middle, white."""
    q = np.rint((np.nan_to_num(values, nan=0.0) + 1.0) * (MOSAIC_LEVELS / 2))
    return (1 + np.clip(q, 0, MOSAIC_LEVELS)).astype(np.uint8)


def levels(z: np.ndarray, z_range: tuple[float, float]) -> np.ndarray:
    """Surface values as 0..255 along the colour scale (`z_range`); NaN in the middle."""
    lo, hi = z_range
    p = (np.nan_to_num(z.astype(np.float64), nan=(lo + hi) / 2) - lo) / ((hi - lo) or 1.0)
    return np.rint(np.clip(p, 0.0, 1.0) * 255).astype(np.uint8)


def float32(values: np.ndarray) -> np.ndarray:
    """float32 for the browser; a run on its way to diverging has finite values beyond its range."""
    limit = np.finfo(np.float32).max
    return np.clip(values, -limit, limit).astype(np.float32)


def typed(value: np.ndarray) -> dict:
    """A numpy array as plotly's typed-array JSON ({"dtype", "bdata"[, "shape"]}), encoded
    here once: plotly.py's own conversion in to_dict() costs ~0.1 ms per array."""
    value = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))  # plotly.js reads little-endian
    spec = {"dtype": value.dtype.str[1:], "bdata": base64.b64encode(value.tobytes()).decode("ascii")}
    if value.ndim == 2:
        spec["shape"] = f"{value.shape[0]}, {value.shape[1]}"
    return spec


def encoded(frame: dict) -> dict:
    """A plotly frame of numpy arrays as JSON (typed arrays), its traces numbered 0..n-1."""
    data = [{key: typed(v) if isinstance(v, np.ndarray) else v for key, v in trace.items()} for trace in frame["data"]]
    return {**frame, "data": data, "traces": list(range(len(data)))}


def frame_bytes(frame: dict) -> int:
    """JSON bytes of an encoded frame: plotly writes every "/" of base64 as \\u002f."""
    total = 120
    for trace in frame["data"]:
        for value in trace.values():
            if isinstance(value, dict) and "bdata" in value:
                total += len(value["bdata"]) + 5 * value["bdata"].count("/") + 40
    return total


class _CompactFrame(go.Frame):
    """A frame kept as built (plain dicts holding typed-array JSON), skipping plotly.py's
    validation: it costs about 60 µs per array, and a playground has ~15 arrays in each of up
    to hundreds of frames, more than everything else together. `data` is validated on demand
    and returned as a copy (assign `fig.frames` to change frames)."""

    @property
    def data(self):
        return go.Frame(self.to_plotly_json()).data


def attach_frames(fig: go.Figure, frames: list[dict]) -> None:
    compact = tuple(_CompactFrame(frame, _validate=False) for frame in frames)
    if hasattr(fig, "_frame_objs"):
        fig._frame_objs = compact  # where plotly.py keeps frames; to_dict()/to_json() read their _props
    else:  # another plotly.py: the public, validating way
        fig.frames = frames
