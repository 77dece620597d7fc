"""A chart's data as CSV: what students download to open in a spreadsheet.

Every trace becomes rows of one long table, so any chart exports the same way: a heatmap
gives one row per cell (its row and column labels and the value), anything else one row per
point (x, y, z and the point's text where the trace has them). Numbers keep their full
precision; the picture rounds, the export does not.
"""

from __future__ import annotations

import csv
import io
from numbers import Number

import numpy as np
import plotly.graph_objects as go

COLUMNS = ("trace", "name", "x", "y", "z", "text")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets run as a formula


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (Number, np.number)):
        return repr(float(value)) if isinstance(value, (float, np.floating)) else str(value)
    text = str(value)
    # A typed word such as "=HYPERLINK(...)" must stay a word when the file is opened.
    return "'" + text if text.startswith(_FORMULA_START) else text


def _values(trace, name: str) -> list | None:
    value = getattr(trace, name, None) if name in trace else None
    if value is None or isinstance(value, str):
        return None
    return list(np.asarray(value, dtype=object).ravel()) if np.ndim(value) <= 1 else None


def _grid_rows(index: int, trace) -> list[list]:
    z = np.asarray(trace.z, dtype=object)
    if z.ndim != 2:
        return []
    rows, cols = z.shape
    x = _values(trace, "x") or list(range(cols))
    y = _values(trace, "y") or list(range(rows))
    return [[index, trace.name, x[j] if j < len(x) else j, y[i] if i < len(y) else i, z[i, j], None]
            for i in range(rows) for j in range(cols)]


def _point_rows(index: int, trace) -> list[list]:
    columns = {name: _values(trace, name) for name in ("x", "y", "z", "text")}
    n = max((len(v) for v in columns.values() if v is not None), default=0)
    if n == 0:
        return []

    def at(name, k):
        values = columns[name]
        return values[k] if values is not None and k < len(values) else None

    return [[index, trace.name, at("x", k), at("y", k), at("z", k), at("text", k)] for k in range(n)]


def figure_rows(figure: go.Figure) -> list[list]:
    rows = []
    for index, trace in enumerate(figure.data):
        z = getattr(trace, "z", None) if "z" in trace else None
        gridded = z is not None and np.ndim(z) == 2
        rows.extend(_grid_rows(index, trace) if gridded else _point_rows(index, trace))
    return rows


def figure_csv(figure: go.Figure) -> str:
    """The figure's traces as CSV text with the header `COLUMNS`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in figure_rows(figure):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
