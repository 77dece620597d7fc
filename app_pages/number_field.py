"""A number field that reads "1,5" and never lets a typo become a setting.

Streamlit's number input hands the browser's reading to the page: "1,5" arrived as 15, and an
empty field, "nan" or a word as the minimum. Here the field is a text input whose text a
callback reads with `core.numbers.parse_number`. A number it accepts goes to
`st.session_state[key]`, the key pages, links (`url_state` / `write_url_state`) and lessons
already use; anything else leaves that value alone and says, under the field, which numbers
the field takes and which one is still in use.

The numeric value is not a widget's, so Streamlit never drops it when the field is hidden; the
text lives under `f"{key}__text"` and is written again from the value whenever the value changed
elsewhere (a button, a preset, a link) or the language changed (a decimal comma or a dot).
"""

from __future__ import annotations

import contextlib

import streamlit as st

from app_pages import widget_registry
from app_pages.callbacks import whole
from app_pages.common import language, t
from core.errors import UserInputError
from core.numbers import format_number, parse_number


def text_key(key: str) -> str:
    """The key of the field's text (tests type into `at.text_input(key=text_key(key))`)."""
    return f"{key}__text"


def _shown_key(key: str) -> str:
    return f"{key}__shown"  # (value, language) the text was last written from


def _refused_key(key: str) -> str:
    return f"{key}__refused"  # the catalogue key of the message for a refused text


def number_field(label: str, min_value: float, max_value: float, *, key: str, where=None, help: str | None = None,
                 integer: bool | None = None) -> float | int:
    """A field for `st.session_state[key]` from `min_value` to `max_value`, drawn in `where` (a
    column or container; the current one if None). Whole numbers only when both bounds are ints,
    as with `st.number_input`. Returns the value in use."""
    if integer is None:
        integer = isinstance(min_value, int) and isinstance(max_value, int)
    state = st.session_state
    value, lang = state[key], language()
    shown = state.get(_shown_key(key))
    stale = shown is None or shown[0] != value or (shown[1] != lang and not state.get(_refused_key(key)))
    if text_key(key) not in state or stale:
        # A refused text stays through a language switch (the message follows the language);
        # a value set elsewhere replaces it, because that value is now the one in use.
        _show(key, value, lang)
    elif not widget_registry.browser_holds(text_key(key)):
        # A run stopped above the field (st.stop() after an error) kept the text here, but the
        # browser dropped the field and would draw it empty: assigned again, the text is sent.
        state[text_key(key)] = state[text_key(key)]
    with where if where is not None else contextlib.nullcontext():
        st.text_input(label, key=text_key(key), help=help, on_change=_read, args=(key, min_value, max_value, integer),
                      max_chars=40, autocomplete="off")
        refused = state.get(_refused_key(key))
        if refused:
            low, high = (format_number(bound, lang, minus="\u2212") for bound in (min_value, max_value))
            kept = format_number(value, lang, minus="\u2212")
            st.caption(f":red[{t(refused, low=low, high=high)} {t('error.number_kept', value=kept)}]")
    return value


def _show(key: str, value: float, lang: str) -> None:
    state = st.session_state
    state[text_key(key)] = format_number(value, lang)
    state[_shown_key(key)] = (value, lang)
    state.pop(_refused_key(key), None)


@whole
def _read(key: str, low: float, high: float, integer: bool) -> None:
    state = st.session_state
    try:
        value = parse_number(state[text_key(key)], low, high, integer)
    except UserInputError as error:
        state[_refused_key(key)] = error.key
        return
    state[key] = value
    _show(key, value, language())
