"""Compare: the same initial network on the same data, trained with 2-4 optimizers or
learning rates side by side."""

from __future__ import annotations

import streamlit as st

from app_pages.charts import chart
from app_pages.common import t
from app_pages.networks.playground_controls import (
    COMPARE_CONTESTANTS, COMPARE_EPOCHS, LEARNING_RATES, figure_labels, option_name,
)
from core.figures.playground import compare_figure
from core.nn import OPTIMIZERS
from core.nn.trainer import Run, Setup, Training


@st.cache_data(max_entries=16, show_spinner=False)
def _compare(setup: Setup, trainings: tuple[Training, ...], epochs: int, names: tuple[str, ...],
             labels: tuple[tuple[str, str], ...], _csv=None):
    runs = []
    for training in trainings:
        run = Run(setup, training, csv=_csv)
        run.train(epochs)
        runs.append(run)
    return compare_figure(runs, list(names), labels=dict(labels)), [run.diverged_at for run in runs]


def compare_section(setup: Setup, batch_size: int) -> None:
    state = st.session_state
    with st.expander(t("pg.compare"), icon=":material/compare_arrows:"):
        st.markdown(t("pg.compare_lead"))
        # every setting here is in the page's link (playground_controls.SPEC), widgets keyed only
        count = st.slider(t("pg.compare_count"), 2, len(COMPARE_CONTESTANTS), key="cmp_n")
        columns = st.columns(count)
        trainings, names = [], []
        for index, column in enumerate(columns):
            with column:
                optimizer = st.selectbox(t("pg.optimizer"), list(OPTIMIZERS), key=f"cmp_opt{index}",
                                         format_func=option_name)
                lr = st.select_slider(t("pg.lr"), LEARNING_RATES, key=f"cmp_lr{index}", format_func=lambda v: f"{v:g}")
            trainings.append(Training(optimizer=optimizer, lr=lr, batch_size=batch_size))
            names.append(f"{option_name(optimizer)}, γ = {lr:g}")
        epochs = st.select_slider(t("pg.compare_epochs"), COMPARE_EPOCHS, key="cmp_epochs")
        if st.button(t("pg.compare_run"), icon=":material/play_circle:", key="cmp_run"):
            state["cmp_request"] = (setup, tuple(trainings), epochs, tuple(names))
        request = state.get("cmp_request")
        if request is None:
            return
        if request[0] != setup:
            st.caption(t("pg.compare_stale"))
        with st.spinner(t("pg.compare_running")):
            figure, diverged = _compare(*request, tuple(figure_labels().items()), _csv=state.get("pg_csv"))
        chart(figure, key="cmp_chart", width="stretch")
        for name, epoch in zip(request[3], diverged):
            if epoch is not None:
                st.warning(t("pg.compare_diverged", name=name, epoch=epoch))
