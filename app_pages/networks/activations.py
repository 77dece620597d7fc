"""Activations: each one with its derivative, why the derivative matters, and one neuron."""

import numpy as np
import streamlit as st

from app_pages.charts import chart
from app_pages.common import t, url_state, write_url_state
from app_pages.networks import approximation
from app_pages.networks.activation_names import NAME_KEYS
from core.figures.activations import activation_figure, neuron_figure
from core.figures.theme import round3
from core.nn.activations import ACTIVATIONS, elu, leaky_relu

NOTE_KEYS = {
    "linear": "act.note.linear", "step": "act.note.step", "sigmoid": "act.note.sigmoid", "tanh": "act.note.tanh",
    "relu": "act.note.relu", "leaky_relu": "act.note.leaky_relu", "softplus": "act.note.softplus",
    "elu": "act.note.elu", "gelu": "act.note.gelu",
}
SLOPES = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0]
ALPHAS = [0.1, 0.5, 1.0, 1.5, 2.0]
WEIGHTS = [i / 10 for i in range(-50, 51)]  # exact tenths (a -0.0 among them would not match 0.0)
SPEC = {
    "f": ("sigmoid", list(ACTIVATIONS)),
    "slope": (0.1, SLOPES),
    "alpha": (1.0, ALPHAS),
    "w": (1.0, WEIGHTS),
    "b": (0.0, WEIGHTS),
    **approximation.SPEC,
}
state = st.session_state
url_state(SPEC)

st.title(t("act.title"))
st.markdown(t("act.lead"))


def _labels() -> dict[str, str]:
    return {"f": t("act.fig.f"), "df": t("act.fig.df"), "flat": t("act.fig.flat"), "kink": t("act.fig.kink"),
            "neuron": t("act.fig.neuron"), "plain": t("act.fig.plain"), "centre": t("act.fig.centre")}


st.radio(t("act.choose"), list(ACTIVATIONS), key="f", format_func=lambda name: t(NAME_KEYS[name]), horizontal=True)
name = state["f"]
if name == "leaky_relu":
    st.select_slider(t("act.slope"), SLOPES, key="slope")
    activation = leaky_relu(state["slope"])
elif name == "elu":
    st.select_slider(t("act.alpha"), ALPHAS, key="alpha")
    activation = elu(state["alpha"])
else:
    activation = ACTIVATIONS[name]
write_url_state(SPEC)

picture, text = st.columns([3, 2], gap="large")
with picture:
    chart(activation_figure(activation, labels=_labels()), key="act_chart")
with text:
    st.latex(activation.formula)
    st.latex(activation.dformula)
    st.markdown(t(NOTE_KEYS[name]))

st.subheader(t("act.neuron_title"))
st.markdown(t("act.neuron_lead"))
sliders, picture = st.columns([1, 3], gap="large")
with sliders:
    st.select_slider(t("act.w"), WEIGHTS, key="w")
    st.select_slider(t("act.b"), WEIGHTS, key="b")
    w, b = float(state["w"]), float(state["b"])
    if w == 0:
        st.info(t("act.neuron_flat", value=round3(float(activation.f(np.array([b]))[0]))))
    else:
        st.info(t("act.neuron_centre", centre=round3(-b / w)))
with picture:
    chart(neuron_figure(activation, w, b, labels=_labels()), key="act_neuron")

approximation.universal_approximation()

with st.expander(t("act.explain_title")):
    st.markdown(t("act.explain"))
    st.markdown(t("ua.explain"))
