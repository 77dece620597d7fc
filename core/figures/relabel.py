"""A figure's words in another language, without drawing it again: the playground in class
shows every follower the teacher's figure (trained and built once), with its axis titles,
legend and hover texts in the follower's own language."""

from __future__ import annotations

import re
from string import Formatter

import plotly.graph_objects as go


def _as_pattern(label: str) -> tuple[str, list[str]]:
    """A label's regular expression: a template's fields ("hidden {n}") match numbers."""
    parts, fields = [], []
    for literal, name, _spec, _conv in Formatter().parse(label):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(r"(\d+)")
            fields.append(name)
    return "".join(parts), fields


def relabel(figure: go.Figure, old: dict[str, str], new: dict[str, str]) -> go.Figure:
    """`figure` with every label `old[k]` written as `new[k]` (one pass, longest first, so a
    label inside a longer one is not replaced twice; templates such as "hidden {n}" keep their
    numbers). layout.meta (the player's token) is kept."""
    changes = [(old[k], new[k]) for k in old if k in new and old[k] and old[k] != new[k]]
    if not changes:
        return figure
    changes.sort(key=lambda change: len(change[0]), reverse=True)
    compiled = [(_as_pattern(a), b) for a, b in changes]
    pattern = re.compile("|".join(f"({regex})" for (regex, _), _ in compiled))
    # each label's group number in the joined pattern, and its fields' groups after it
    starts, group = [], 1
    for (_, fields), _ in compiled:
        starts.append(group)
        group += 1 + len(fields)

    def replace(match: re.Match) -> str:
        for ((_, fields), target), start in zip(compiled, starts):
            if match.group(start) is not None:
                values = {name: match.group(start + 1 + i) for i, name in enumerate(fields)}
                return target.format(**values) if fields else target
        return match.group(0)

    def words(value):
        if isinstance(value, str):
            return pattern.sub(replace, value)
        if isinstance(value, dict):
            return {key: (item if key == "meta" else words(item)) for key, item in value.items()}
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], (str, dict, list, tuple)):
            return [words(item) for item in value]
        if getattr(value, "dtype", None) is not None and value.dtype.kind in "OUS":
            return [words(item) for item in value.tolist()]  # texts held as a numpy array
        return value  # numbers and numeric arrays as they are

    return go.Figure(words(figure.to_plotly_json()), skip_invalid=True)
