"""The playground's own data set: the upload, its columns chosen by the student, the scale the
inputs were standardised with (core.nn.csv_data), and a note when a link asks for a file it
cannot carry.

Session keys: "pg_table" (the file's cells), "pg_csv" (the `CsvData` in use), "pg_csv_name",
"pg_csv_id" (a digest of the file and the chosen columns: another choice starts a new run),
"pg_csv_error", "pg_csv_x1" / "pg_csv_x2" / "pg_csv_label" (column names: the options are
the file's own names, shown as plain text) and "pg_csv_missing".
"""

from __future__ import annotations

import hashlib
import html

import pandas as pd
import streamlit as st

from app_pages.callbacks import whole
from app_pages.common import show_user_error, t
from core.errors import UserInputError
from core.figures.theme import round3
from core.nn.csv_data import MAX_CSV_CLASSES, guess_columns, read_table, table_data

PICKERS = ("pg_csv_x1", "pg_csv_x2", "pg_csv_label")
state = st.session_state


def _use(table, inputs, target, digest: str) -> None:
    """Make the chosen columns the data set (raises UserInputError, changing nothing)."""
    data = table_data(table, inputs, target, max_classes=MAX_CSV_CLASSES)  # 2-5 classes: softmax for 3+
    state["pg_csv"] = data
    state["pg_csv_id"] = hashlib.sha1(f"{digest}|{'|'.join(data.columns)}".encode()).hexdigest()[:12]
    state.pop("pg_csv_error", None)
    state.pop("pg_csv_missing", None)
    if data.task == "classification":
        state["pg_csv_x1"], state["pg_csv_x2"], state["pg_csv_label"] = data.columns
    state["ds"] = "csv"
    state["feat"] = ["x1", "x2"] if data.task == "classification" else ["x1"]
    if data.task == "regression":
        state["lossfn"] = "mse"


@whole
def upload() -> None:
    """Read an uploaded CSV as data (never executed), keep it, and switch the data set to it."""
    uploaded = state.get("pg_upload")
    if uploaded is None:
        return
    content = uploaded.getvalue()
    try:
        table = read_table(content)
        digest = hashlib.sha1(content).hexdigest()
        _use(table, *guess_columns(table), digest)
    except UserInputError as error:
        state["pg_csv_error"] = error
        return
    state["pg_table"], state["pg_table_digest"] = table, digest
    state["pg_csv_name"] = uploaded.name


@whole
def _choose() -> None:
    """Another column chosen: the data set follows, or the message says why not (the data in
    use stays, and so do the pickers, showing the student's choice)."""
    table = state.get("pg_table")
    if table is None:
        return
    try:
        _use(table, (state["pg_csv_x1"], state["pg_csv_x2"]), state["pg_csv_label"], state["pg_table_digest"])
    except UserInputError as error:
        state["pg_csv_error"] = error


def note_missing_file() -> None:
    """Before the link is read: `?ds=csv` in a session with no upload (a shared link) used to
    show Circle without a word."""
    if "ds" not in state and st.query_params.get("ds") == "csv" and "pg_csv" not in state:
        state["pg_csv_missing"] = True


def draw(name_of) -> None:
    """In the data section: the note on a missing file, the column pickers, the scale, errors.
    `name_of` gives a data set's shown name."""
    if state.get("pg_csv_missing") and "pg_csv" not in state:
        st.info(t("pg.csv_not_in_link", name=name_of(state["ds"])))
    table, data = state.get("pg_table"), state.get("pg_csv")
    if state.get("ds") == "csv" and table is not None and data is not None:
        if data.task == "classification":
            for key, label in zip(PICKERS, ("pg.csv_x1", "pg.csv_x2", "pg.csv_label")):
                if state.get(key) not in table.names:
                    state[key] = data.columns[PICKERS.index(key)]
                st.selectbox(t(label), list(table.names), key=key, on_change=_choose)
        st.caption(t("pg.csv_scale"))
        # a table, not text: column names are the file's own words, never markdown
        st.dataframe(pd.DataFrame({
            t("pg.csv_col_column"): list(data.columns[:-1]),
            t("pg.csv_col_mean"): [round3(v) for v in data.mean],
            t("pg.csv_col_std"): [round3(v) for v in data.std],
        }), hide_index=True, width="stretch")
    if "pg_csv_error" in state:
        show_user_error(state["pg_csv_error"])


def axis_labels() -> dict[str, str]:
    """The picture's axis titles for the upload in use: each column with its scale. Plotly
    reads a few HTML tags in titles, so the file's words are escaped."""
    data = state.get("pg_csv")
    if state.get("ds") != "csv" or data is None:
        return {}
    titles = [t("pg.csv_axis", name=html.escape(name), mean=round3(mean), std=round3(std))
              for name, mean, std in zip(data.columns, data.mean, data.std)]
    return {"x1": titles[0], "x2": titles[1]} if data.task == "classification" else {"x": titles[0]}
