"""The Activations page's last part: one neuron grows into many, and the universal
approximation theorem is tried on a function the student picks."""

from __future__ import annotations

import streamlit as st

from app_pages.charts import chart
from app_pages.common import number, presenting, t
from app_pages.networks.activation_names import NAME_KEYS
from core.figures.approximation import error_figure, fits_figure
from core.figures.theme import round3
from core.nn.approximation import HIDDEN, TARGETS, WIDTHS, approximate

TARGET_KEYS = {"sine": "ua.target.sine", "abs": "ua.target.abs", "step": "ua.target.step", "bump": "ua.target.bump"}
TARGET_NOTES = {"sine": "ua.note.sine", "abs": "ua.note.abs", "step": "ua.note.step", "bump": "ua.note.bump"}
SPEC = {
    "ua_target": ("sine", list(TARGETS)),
    "ua_act": ("tanh", list(HIDDEN)),
    "ua_parts": (False, None),
}
state = st.session_state


@st.cache_data(max_entries=len(TARGETS) * len(HIDDEN), show_spinner=False)
def _fits(target: str, activation: str):
    """Five widths, two seeds each: 0.6-0.8 s on this machine, once per function and activation."""
    return approximate(target, activation)


def _labels() -> dict[str, str]:
    return {"target": t("ua.fig.target"), "fit": t("ua.fig.fit"), "part": t("ua.fig.part"),
            "neurons": t("ua.fig.neurons"), "width": t("ua.fig.width"), "mse": t("ua.fig.mse")}


def _times(before: float, after: float) -> str:
    """How many times smaller, to three digits, grouped the reader's way ("2,160", not "2.16e+03")."""
    ratio = float(f"{before / after:.3g}") if after > 0 else float("inf")
    if ratio > 1e6:  # ReLU draws |x| to rounding error (1e-31): the exact ratio means nothing
        return "> " + number(1_000_000)
    return number(int(ratio)) if ratio >= 1000 else round3(ratio)


def universal_approximation() -> None:
    st.subheader(t("ua.title"))
    st.markdown(t("ua.lead"))
    # 1.3 : 3, so that the Russian and Kazakh labels fit (at 1 : 3 the switch read "Показать вклад каждог…")
    controls, picture = st.columns([1.3, 3], gap="large")
    with controls:
        st.radio(t("ua.target"), list(TARGETS), key="ua_target", format_func=lambda name: t(TARGET_KEYS[name]))
        st.radio(t("ua.activation"), list(HIDDEN), key="ua_act", format_func=lambda name: t(NAME_KEYS[name]))
        st.toggle(t("ua.parts"), key="ua_parts")
        target = state["ua_target"]
        st.latex(TARGETS[target].formula)
    with st.spinner(t("ua.fitting")):
        result = _fits(target, state["ua_act"])
    with picture:
        # five panels in a row are 150 px each at the projector's larger type: two rows there
        chart(fits_figure(result, parts=bool(state["ua_parts"]), labels=_labels(),
                          columns=3 if presenting() else None), key="ua_fits")
    left, right = st.columns([3, 2], gap="large")
    with left:
        chart(error_figure(result, labels=_labels()), key="ua_errors")
    with right:
        # the network's formula needs more room than the controls' column has (it was cut at "+ c")
        st.latex(r"\hat y = \sum_{j=1}^{n} v_j\, f(w_j x + b_j) + c")
        first, last = result.fits[0], result.fits[-1]
        st.markdown(t("ua.result", first=round3(first.mse), last=round3(last.mse), n=last.width,
                      times=_times(first.mse, last.mse)))
        st.markdown(t(TARGET_NOTES[target]))
        st.caption(t("ua.how", widths=", ".join(map(str, WIDTHS)), seconds=round3(result.seconds)))
