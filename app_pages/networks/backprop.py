"""Backpropagation by hand: a 2-2-1 network, one example, every number of the chain rule."""

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.callbacks import whole
from app_pages.common import presenting, t, url_state, write_url_state
from app_pages.number_field import number_field
from app_pages.networks.activation_names import NAME_KEYS
from core.figures.backprop import (backward_lines, forward_lines, graph_figure, loss_lines, matrix_lines, nested_lines,
                                   num, update_lines)
from core.figures.presenting import FONT_SCALE
from core.links import Interval
from core.nn.activations import sigmoid
from core.nn.backprop import EXAMPLE, EXAMPLE_TARGET, EXAMPLE_X, NAMES, TinyParams, mlp_gradients, numeric_gradients, walkthrough

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
RATES = [0.01, 0.03, 0.1, 0.3, 0.5, 1.0, 3.0, 10.0, 30.0, 100.0]
LIMIT = 100.0  # weights, inputs and target stay within ±LIMIT
WEIGHT_KEYS = [f"bp_{name}" for name in NAMES]
SPEC = {
    "bp_f": ("sigmoid", HIDDEN),
    "bp_lr": (0.5, RATES),
    "bp_x1": (EXAMPLE_X[0], Interval(-LIMIT, LIMIT)),
    "bp_x2": (EXAMPLE_X[1], Interval(-LIMIT, LIMIT)),
    "bp_t": (EXAMPLE_TARGET, Interval(0.0, 1.0)),  # a sigmoid output can only reach 0..1
    **{key: (float(value), Interval(-LIMIT, LIMIT)) for key, value in zip(WEIGHT_KEYS, EXAMPLE.as_vector())},
    "bp_chain_x": (0.5, Interval(-3.0, 3.0)),  # the chain rule's point: a link shows the same
}
state = st.session_state
url_state(SPEC)


def _params() -> TinyParams:
    return TinyParams.from_vector([state[key] for key in WEIGHT_KEYS])


@whole
def _step() -> None:
    walk = walkthrough(_params(), (state["bp_x1"], state["bp_x2"]), state["bp_t"], state["bp_f"])
    new = walk.updated(state["bp_lr"]).as_vector()
    state["bp_clipped"] = bool(np.any(np.abs(new) > LIMIT) or not np.all(np.isfinite(new)))
    new = np.clip(np.nan_to_num(new, nan=0.0), -LIMIT, LIMIT)
    for key, value in zip(WEIGHT_KEYS, new):
        state[key] = float(value)
    state.setdefault("bp_losses", []).append(walk.loss)


@whole
def _reset() -> None:
    for key, (default, _) in SPEC.items():
        state[key] = default
    state["bp_losses"] = []
    state["bp_clipped"] = False


st.title(t("bp.title"))
st.markdown(t("bp.lead"))

if presenting():  # the graph's numbers, 40 % larger, need the page's whole width: controls below it
    picture, controls = st.container(), st.container()
else:
    controls, picture = st.columns([1, 2.4], gap="large")
with controls:
    st.selectbox(t("bp.activation"), HIDDEN, key="bp_f", format_func=lambda name: t(NAME_KEYS[name]))
    st.markdown(t("bp.example"))
    a, b, c = st.columns(3)
    number = dict(min_value=-LIMIT, max_value=LIMIT)
    number_field("x₁", key="bp_x1", where=a, **number)
    number_field("x₂", key="bp_x2", where=b, **number)
    number_field(t("bp.target"), 0.0, 1.0, key="bp_t", where=c)
    st.markdown(t("bp.weights"))
    for row in (("bp_w11", "bp_w12"), ("bp_w21", "bp_w22"), ("bp_b1", "bp_b2"), ("bp_v1", "bp_v2")):
        left, right = st.columns(2)
        for column, key in zip((left, right), row):
            symbol = key[3:]
            number_field(symbol[0] + symbol[1:].translate(str.maketrans("12", "₁₂")), key=key, where=column, **number)
    number_field("c", key="bp_c", **number)
    st.select_slider(t("bp.lr"), RATES, key="bp_lr")
    st.button(t("bp.step"), key="bp_step_button", on_click=_step, type="primary", icon=":material/skip_next:",
              width="stretch")
    st.button(t("bp.reset"), key="bp_reset", on_click=_reset, icon=":material/restart_alt:", width="stretch")
write_url_state(SPEC)

x = (float(state["bp_x1"]), float(state["bp_x2"]))
walk = walkthrough(_params(), x, float(state["bp_t"]), state["bp_f"])
with picture:
    graph = graph_figure(walk, labels={"forward": t("bp.legend_forward"), "backward": t("bp.legend_backward")})
    if presenting():  # and more height, so that the larger numbers stacked at each node stay apart
        graph.update_layout(height=round(graph.layout.height * FONT_SCALE))
    chart(graph, key="bp_graph", config={"displaylogo": False, "displayModeBar": False})
    losses = state.get("bp_losses") or []
    if losses:
        trail = " → ".join(num(value) for value in [*losses[-6:], walk.loss])
        st.markdown(t("bp.loss_trail", steps=len(losses), trail=trail))
    if state.get("bp_clipped"):
        st.warning(t("bp.clipped", limit=int(LIMIT)))
    if not np.any(walk.dL_dw) and not np.any(walk.dL_db):
        st.info(t("bp.no_gradient"))

forward, loss, backward, update = st.tabs([t("bp.tab_forward"), t("bp.tab_loss"), t("bp.tab_backward"),
                                           t("bp.tab_update")])
with forward:
    # the per-neuron sums, then the same numbers a layer at a time, f(Wx + b): side by side, in
    # two halves of a 1400 px window, both were cut off at their right edge (~620 px each)
    st.markdown(t("bp.forward_about"))
    for line in forward_lines(walk):
        st.latex(line)
    st.markdown(t("layer.about"))
    for line in matrix_lines(walk):
        st.latex(line)
    st.markdown(t("layer.nested_about"))
    for line in nested_lines(walk):
        st.latex(line)
with loss:
    st.markdown(t("bp.loss_about"))
    for line in loss_lines(walk):
        st.latex(line)
with backward:
    st.markdown(t("bp.backward_about"))
    for line in backward_lines(walk):
        st.latex(line)
with update:
    st.markdown(t("bp.update_about", lr=num(state["bp_lr"])))
    for line in update_lines(walk, state["bp_lr"]):
        st.latex(line)

st.subheader(t("bp.check_title"))
st.markdown(t("bp.check_about"))
if st.button(t("bp.check"), key="bp_check", icon=":material/fact_check:"):
    _, from_mlp = mlp_gradients(walk.params, x, walk.t, walk.activation)
    numeric = numeric_gradients(walk.params, x, walk.t, walk.activation)
    chain = walk.gradient().as_vector()
    table = pd.DataFrame({
        t("bp.col_param"): list(NAMES), t("bp.col_chain"): chain, t("bp.col_mlp"): from_mlp.as_vector(),
        t("bp.col_numeric"): numeric.as_vector(), t("bp.col_difference"): np.abs(chain - numeric.as_vector()),
    })
    st.dataframe(table, hide_index=True, column_config={
        name: st.column_config.NumberColumn(format="%.6g") for name in table.columns[1:]})
    st.success(t("bp.check_result", difference=f"{float(np.max(table.iloc[:, 4])):.1e}"))

st.subheader(t("bp.chain_title"))
st.markdown(t("bp.chain_about"))
point = st.slider("x", -3.0, 3.0, step=0.1, key="bp_chain_x")
inner = 2 * point - 1
outer = float(sigmoid(inner))
derivative = outer * (1 - outer) * 2
step = 1e-5
numeric_derivative = (float(sigmoid(2 * (point + step) - 1)) - float(sigmoid(2 * (point - step) - 1))) / (2 * step)
st.latex(r"F(x) = f(g(x)), \quad g(x) = 2x - 1, \quad f(u) = \sigma(u)")
st.latex(rf"F'(x) = f'(g(x)) \cdot g'(x) = \sigma(g)\,(1 - \sigma(g)) \cdot 2 = {num(outer)} \cdot {num(1 - outer)} \cdot 2"
         rf" = {num(derivative)}")
st.caption(t("bp.chain_check", x=num(point), numeric=num(numeric_derivative)))

with st.expander(t("bp.explain_title")):
    st.markdown(t("bp.explain"))
