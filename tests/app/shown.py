"""What a browser shows in an option widget or a slider, reconstructed from what the server sent.

AppTest reads a widget's value from the server's session state, so by itself it cannot see
what the browser shows. A browser keeps each widget's value as it last showed it (an option
widget's *label*) until the server sends `set_value`; a widget that appears again after a run
without it starts at its first option, default index or minimum. These helpers replay that."""

from __future__ import annotations

import re

from streamlit.testing.v1 import element_tree as et

OPTION_TYPES = (et.Selectbox, et.Radio, et.SelectSlider, et.Multiselect, et.ButtonGroup)
NOT_PAGE_SETTINGS = ("lang", "model")


def option_widgets(at) -> dict[str, et.Widget]:
    """The page's keyed option widgets (not the sidebar's language and model pickers)."""
    found = {}
    for kind in ("selectbox", "radio", "select_slider", "multiselect", "button_group"):
        for node in at.get(kind):
            if isinstance(node, OPTION_TYPES) and node.key and node.key not in NOT_PAGE_SETTINGS:
                found[node.key] = node
    return found


def labels_of_value(node) -> list[str]:
    """The labels the widget's current value has in the language of the latest run."""
    value = node.value
    if value is None:
        return []
    if isinstance(node, et.ButtonGroup):
        return list(node.formatted_values)
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    return [str(node.format_func(v)) for v in values]


def sent_labels(node) -> list[str] | None:
    """The labels the server told the browser to show in this run, or None if it told nothing."""
    proto = node.proto
    if not proto.set_value:
        return None
    if isinstance(node, (et.Selectbox, et.Radio)):
        return [proto.raw_value] if proto.HasField("raw_value") else []
    if isinstance(node, et.SelectSlider):
        return list(proto.raw_value)
    return list(proto.raw_values)


def mount_labels(node) -> list[str]:
    """What a widget the browser did not have shows when it appears without `set_value`."""
    proto = node.proto
    if isinstance(node, (et.Selectbox, et.Radio)):
        return [node.options[proto.default]] if proto.HasField("default") else []
    return [node.options[int(i)] for i in proto.default]


def mount_number(node):
    """What a slider, number or text field the browser did not have shows when it appears."""
    proto = node.proto
    if proto.set_value:
        return list(proto.value) if isinstance(node, et.Slider) else proto.value
    return list(proto.default) if isinstance(node, et.Slider) else proto.default


def markdown_shows(source: str) -> str:
    """The text a Markdown source shows once its backslash escapes are read (core.text.plain
    escapes every ASCII punctuation character of a user's words and breaks :shortcodes: with a
    word joiner)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source).replace("\u2060", "")
