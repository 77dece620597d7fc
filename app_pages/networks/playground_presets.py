"""Lesson moments for the playground: one click sets the controls for a known insight."""

from __future__ import annotations

import streamlit as st

from app_pages.callbacks import whole
from app_pages.common import t
from app_pages.networks.playground_session import session

ALL_FEATURES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"]
BASE = {
    "ds": "circle", "noise": 0, "ratio": 50, "points": 500, "dseed": 0, "feat": ["x1", "x2"],
    "layers": 2, "n1": 4, "n2": 2, "act": "tanh", "lossfn": "bce", "iseed": 0, "opt": "sgd",
    "lr": 0.03, "batch": 10, "reg": "none", "rrate": 0.0, "speed": 2,
}

PRESETS: dict[str, dict] = {
    "lr_too_high": {"lr": 3.0},
    "diverges": {"ds": "plane", "lossfn": "mse", "layers": 2, "n1": 8, "n2": 8, "lr": 1.0},
    "xor_hidden": {"ds": "xor", "layers": 0, "opt": "adam", "lr": 0.03},
    "spiral_depth": {
        "ds": "spiral", "feat": ALL_FEATURES, "layers": 4, "n1": 8, "n2": 8, "n3": 8, "n4": 8,
        "opt": "adam", "lr": 0.03, "batch": 25, "speed": 5,
    },
    "dying_relu": {"layers": 3, "n1": 8, "n2": 8, "n3": 8, "act": "relu", "lr": 1.0},
    "linear_model": {"layers": 3, "n1": 8, "n2": 8, "n3": 8, "act": "linear", "opt": "adam", "lr": 0.03},
}
TITLE_KEYS = {
    "lr_too_high": "pg.preset.lr_too_high", "diverges": "pg.preset.diverges",
    "xor_hidden": "pg.preset.xor_hidden", "spiral_depth": "pg.preset.spiral_depth",
    "dying_relu": "pg.preset.dying_relu", "linear_model": "pg.preset.linear_model",
}
# Two buttons a row: at three, "Слишком высокая скорость …" and "No activation = a lin…" were cut
# on a laptop. A title of up to TITLE_MAX letters fits half the picture's column (tested).
PRESET_COLUMNS = 2
TITLE_MAX = 34
NOTE_KEYS = {
    "lr_too_high": "pg.preset.lr_too_high_note", "diverges": "pg.preset.diverges_note",
    "xor_hidden": "pg.preset.xor_hidden_note", "spiral_depth": "pg.preset.spiral_depth_note",
    "dying_relu": "pg.preset.dying_relu_note", "linear_model": "pg.preset.linear_model_note",
}


@whole
def _apply(name: str) -> None:
    for key, value in {**BASE, **PRESETS[name]}.items():
        st.session_state[key] = value
    st.session_state["pg_preset"] = name
    session().start_over()  # a preset is a fresh start, paused


def preset_picker() -> None:
    """A row of lesson buttons, and the note of the one chosen last."""
    st.caption(t("pg.presets"))
    columns = st.columns(PRESET_COLUMNS)
    for index, name in enumerate(PRESETS):
        columns[index % PRESET_COLUMNS].button(
            t(TITLE_KEYS[name]), key=f"preset_{name}", on_click=_apply, args=(name,), width="stretch"
        )
    chosen = st.session_state.get("pg_preset")
    if chosen:
        st.info(t(NOTE_KEYS[chosen]), icon=":material/school:")
