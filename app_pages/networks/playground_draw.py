"""The "Draw your own" data set of Train a network: a pad where the student clicks points of each
class onto the playground's plane (core.nn.drawn holds the drawing and its verbs,
core.figures.draw_pad the pad's figure).

The drawing is one object under one session key ("pg_draw") and its points are in the page's
link ("pts", 3 characters a point), so a reload, a language switch and a shared link keep them.
The network trains on `trained_points()`: the drawing, or while it has too few points the last
drawing that had enough (the page says so under the pad).
"""

from __future__ import annotations

import streamlit as st

from app_pages.callbacks import whole
from app_pages.charts import chart
from app_pages.common import show_user_error, t
from core.errors import UserInputError
from core.figures.draw_pad import draw_pad_figure
from core.figures.theme import CLASS_COLORS
from core.nn.drawn import (
    MAX_DRAWN_CLASSES, MAX_DRAWN_POINTS, STARTER, Drawing, class_counts, drawn_arrays, held_out,
)

DRAWN = "drawn"  # the data set's name in the picker and the link (?ds=drawn)
KEY = "pg_draw"  # the Drawing
LINK = "pts"
CLASS_KEY = "pg_draw_class"  # the class a click adds (a tool, not a setting: not in the link)
PAD_KEY = "pg_draw_pad"
_LINK_ERROR = "pg_draw_link_error"
# As many classes as the playground has colours for (two until its pictures draw more).
N_CLASSES = min(len(CLASS_COLORS), MAX_DRAWN_CLASSES)


def drawing() -> Drawing:
    """The session's drawing; a new session's comes from the link (a bad one: the example
    points, and a message under the pad)."""
    state = st.session_state
    if KEY not in state:
        try:
            state[KEY] = Drawing.from_link(st.query_params.get(LINK), N_CLASSES)
        except UserInputError as error:
            state[KEY] = Drawing()
            state[_LINK_ERROR] = error
    return state[KEY]


def trained_points() -> tuple:
    """The points the network trains on, and the drawing written into the link (left out
    while it is the example, as every setting at its default is)."""
    own = drawing()
    if own.points == STARTER:
        st.query_params.pop(LINK, None)
    else:
        st.query_params[LINK] = own.code
    return own.trained


def add_point(x: float, y: float) -> None:
    """A click on the pad at (x, y), with the class chosen above it (what the pad's selection
    callback does; tests call it too, as AppTest cannot click a plotly chart)."""
    drawing().click(x, y, st.session_state.get(CLASS_KEY) or 0)
    st.session_state.pop(_LINK_ERROR, None)


@whole
def _clicked() -> None:
    selected = st.session_state.get(PAD_KEY)
    for point in (selected or {}).get("selection", {}).get("points", []):
        if "x" in point and "y" in point:
            add_point(point["x"], point["y"])


@whole
def _undo() -> None:
    drawing().undo()


@whole
def _clear() -> None:
    drawing().clear()


def _class_dots() -> str:
    """Each class pill gets a dot of its class colour, as on the pad and the picture (a pill's
    label is Markdown, which has no colours of its own; without this CSS the pills only lose
    their dots)."""
    return "".join(
        f'.st-key-{CLASS_KEY} button[data-variant="pills"]:nth-of-type({k + 1}) p::before '
        f'{{content: ""; display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; '
        f"margin-right: 0.35em; background: {color};}}"
        for k, color in enumerate(CLASS_COLORS[:N_CLASSES])
    )


def draw() -> None:
    """The pad and its tools, in the data section while "Draw your own" is the data set."""
    state = st.session_state
    own = drawing()
    if state.get(CLASS_KEY) not in range(N_CLASSES):
        state[CLASS_KEY] = 0
    # each class with how many points it has (the counts are bound now: see playground_controls)
    counts = class_counts(own.points, N_CLASSES)
    st.pills(t("draw.class_pick"), list(range(N_CLASSES)), key=CLASS_KEY, required=True,
             format_func=lambda k: t("draw.class_count", k=k, count=counts[k]))
    st.html(f"<style>{_class_dots()}</style>")
    st.caption(t("draw.help"))
    # Each drawing is a new figure, so Streamlit gives the pad a fresh selection: the next
    # click, even on the same cell, is a change and reaches `_clicked`.
    # rings: the points the run keeps for testing (the picture leaves them out unless asked)
    test = held_out(own.points, state["ratio"] / 100, state["dseed"]) if own.trained == own.points else None
    chart(draw_pad_figure(own.points, N_CLASSES, test), key=PAD_KEY, csv=False,
          config={"displayModeBar": False}, on_select=_clicked, selection_mode="points", width="stretch")
    undo, clear = st.columns(2)
    undo.button(t("draw.undo"), key="pg_draw_undo", on_click=_undo, disabled=not own.points and not own.history,
                icon=":material/undo:", width="stretch")
    clear.button(t("draw.clear"), key="pg_draw_clear", on_click=_clear, disabled=not own.points,
                 icon=":material/delete:", width="stretch")
    if own.refused:
        st.warning(t("draw.full", maximum=MAX_DRAWN_POINTS))
    try:
        drawn_arrays(own.points)
    except UserInputError as error:
        show_user_error(error)
    if _LINK_ERROR in state:
        show_user_error(state[_LINK_ERROR])
