"""Settings in a page's link: a value as link text and back. A mangled or hostile link falls back
to the default instead of failing (a copied link must always open the page)."""

from __future__ import annotations


class Interval:
    """Allowed values: finite numbers from `low` to `high`."""

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high

    def __contains__(self, value) -> bool:
        return isinstance(value, (int, float)) and self.low <= value <= self.high


def link_value(value) -> str:
    """A setting as its link parameter's text (what `value_from_link` parses back)."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (tuple, list)):
        return ",".join(map(str, value))
    return str(value)


def value_from_link(text: str, default, allowed):
    """The setting `text` stands for, typed like `default`, if it parses and is `allowed` (a list
    of options, a range, an `Interval`, or None for anything); otherwise `default`."""
    try:
        value = _parse(text, default)
    except ValueError:
        return default
    return value if _allowed(value, allowed) else default


def _parse(text: str, default):
    if isinstance(default, bool):
        return text == "1"
    if isinstance(default, int):
        return int(text)
    if isinstance(default, float):
        return float(text)
    if isinstance(default, tuple):
        return tuple(part for part in text.split(",") if part)
    return text


def _allowed(value, allowed) -> bool:
    if allowed is None:
        return True
    if isinstance(value, tuple):
        return all(v in allowed for v in value)
    return value in allowed
