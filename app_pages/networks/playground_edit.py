"""Edit the network by hand on its diagram, as in TensorFlow Playground: a click on a weight or a
bias opens a field to set it (on the epoch on screen; Play trains on from it), and the + / −
handles under the diagram add or remove a neuron or a hidden layer. The player reports the
click (app_pages/player.js, `EditReport`) and `apply_edit` acts on it."""

from __future__ import annotations

import numpy as np
import streamlit as st

from app_pages.callbacks import whole
from app_pages.common import t
from app_pages.networks.playground_session import report, session
from app_pages.number_field import number_field
from core.figures.playground.names import merged_labels, neuron_names
from core.nn.mlp import MAX_HIDDEN_LAYERS, MAX_NEURONS
from core.nn.trainer import Run

_VALUE = "pg_edit_value"  # the field's value (its text is the number field's)


def apply_edit() -> None:
    """Call at the top of the page, before the settings are read: a handle changes the same
    settings as the controls in the left column, before they are drawn. The player's report
    holds a click for one script run; one already handled (the same click, seen again in a run
    the player did not start) is not applied twice."""
    edit = report().edit
    own = session()
    if edit is None or own.run is None or edit.token != own.token:
        own.edit_handled = None  # a click on a picture that has gone since does nothing
        return
    if edit == own.edit_handled:
        return
    own.edit_handled = edit
    state = st.session_state
    layers = state["layers"]
    if edit.target in ("weight", "bias"):
        own.editing = (edit.target, edit.index)
        try:
            state[_VALUE] = float(f"{own.run.parameter(edit.target, edit.index):.4g}")
        except ValueError:  # no such weight in this network: the click is not acted on
            own.editing = None
    elif edit.target in ("add_neuron", "remove_neuron") and 1 <= edit.index <= layers:
        key = f"n{edit.index}"
        state[key] = int(np.clip(state[key] + (1 if edit.target == "add_neuron" else -1), 1, MAX_NEURONS))
    elif edit.target == "add_layer":
        state["layers"] = min(layers + 1, MAX_HIDDEN_LAYERS)
    elif edit.target == "remove_layer":
        state["layers"] = max(layers - 1, 0)


def _name(run: Run, kind: str, index: int, labels: dict) -> str:
    """The edge's "from → to" or the neuron's name, as the diagram's hover says it."""
    sizes = [len(run.setup.features), *run.setup.hidden, run.net.weights[-1].shape[1]]
    names = neuron_names(merged_labels(labels), run.setup.features, sizes, run.data.n_inputs == 1)
    if kind == "bias":
        flat = [name for column in names[1:] for name in column]
        return flat[index] if index < len(flat) else "?"
    for layer, W in enumerate(run.net.weights):
        if index < W.size:
            i, j = divmod(index, W.shape[1])
            return f"{names[layer][i]} → {names[layer + 1][j]}"
        index -= W.size
    return "?"


@whole
def _cancel() -> None:
    session().editing = None


def edit_section(run: Run, shown: int, moving: bool, labels: dict) -> None:
    """The hint under the picture; for the weight or bias clicked, a dialog over the picture
    (the student's eyes are on the diagram, above the fold)."""
    own = session()
    st.caption(t("pg.edit.hint"))
    if own.editing is None:
        return
    kind, index = own.editing
    try:
        run.parameter(kind, index)
    except ValueError:  # the network changed under the open field
        own.editing = None
        return
    if moving:  # playing again
        own.editing = None
        return
    title = t("pg.edit.weight" if kind == "weight" else "pg.edit.bias", name=_name(run, kind, index, labels), epoch=shown)

    @st.dialog(title, on_dismiss=_cancel)
    def editor() -> None:
        number_field(t("pg.edit.value"), -100.0, 100.0, key=_VALUE)
        set_button, cancel = st.columns(2)
        if set_button.button(t("pg.edit.set"), key="pg_edit_set", type="primary", width="stretch"):
            own.editing = None
            own.edit(kind, index, float(st.session_state[_VALUE]), report())
            st.rerun()  # the whole page: the picture shows the edited network
        if cancel.button(t("pg.edit.cancel"), key="pg_edit_cancel", width="stretch"):
            own.editing = None
            st.rerun()

    editor()
