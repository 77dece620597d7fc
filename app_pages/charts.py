"""Every chart of the app goes through `chart`: one look, a PNG from plotly's camera button at
twice the screen's resolution, the data as CSV beside it, and the projector version of the
figure when the sidebar's presenting switch is on."""

from __future__ import annotations

import re

import streamlit as st

from app_pages.common import presenting, t
from core.figures.export import figure_csv
from core.figures.presenting import for_projector

CONFIG = {"displaylogo": False}


def _file_name(key: str) -> str:
    return "vectorlab-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")


def chart(figure, *, key: str, csv: bool = True, config: dict | None = None, **kwargs):
    """`st.plotly_chart` with the app's config, then a small "Data (CSV)" download (two
    elements: inside an `st.empty`, call it within the slot's `.container()`). `config` adds to
    the app's; the theme is always plotly's own (the app's template)."""
    name = _file_name(key)
    shown = for_projector(figure) if presenting() else figure
    options = {**CONFIG, **(config or {}),
               "toImageButtonOptions": {"format": "png", "filename": name, "scale": 2}}
    shown_chart = st.plotly_chart(shown, key=key, theme=None, config=options, **kwargs)
    if csv:
        st.download_button(
            t("export.csv"), data=lambda: figure_csv(figure), file_name=f"{name}.csv", mime="text/csv",
            key=f"{key}__csv", on_click="ignore", type="tertiary", icon=":material/download:",
            help=t("export.csv_help"),
        )
    return shown_chart  # the selection, for charts drawn with on_select
