"""Gradient descent: one dimension with its tangent, then optimizers racing on 2-D losses."""

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import t, url_state, write_url_state
from app_pages.networks import descent_calculus as calculus
from app_pages.number_field import number_field
from app_pages.classroom.moment_card import class_questions
from core.figures.descent import batch_figure, one_d_figure, race_figure, race_loss_figure, race_surface_figure
from core.figures.theme import round3
from core.links import Interval
from core.nn.derivatives import gradient_at
from core.nn.descent import (CURVES, SURFACES, Contestant, descend_1d, minibatch_runs, quadratic, race, regression_data,
                              sharp_turns)
from core.nn.optimizers import OPTIMIZERS, make_optimizer

RATES_1D = [0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1]
RATES = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0]
# the one hyper-parameter each optimizer shows (torch's name, its choices, torch's default)
HYPER = {
    "momentum": ("momentum", [0.5, 0.8, 0.9, 0.95, 0.99], 0.9),
    "nesterov": ("momentum", [0.5, 0.8, 0.9, 0.95, 0.99], 0.9),
    "rmsprop": ("alpha", [0.9, 0.95, 0.99, 0.999], 0.99),
    "adam": ("beta1", [0.5, 0.8, 0.9, 0.95, 0.99], 0.9),
}
HYPER_SYMBOLS = {"momentum": "μ", "alpha": "α", "beta1": "β₁"}
CONDITIONS = [1, 2, 5, 10, 20, 50, 100]
STEPS = [50, 100, 200, 500, 1000, 3000]
MAX_CONTESTANTS = 4
# the controls' column against the picture's: at 1 : 2.6 the Russian and Kazakh labels and the
# optimizer names were cut off (about 210 px in a 1400 px window)
CONTROLS_PICTURE = [1.4, 2.6]
BATCH_RATES = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2]
EPOCHS = [1, 2, 5, 10, 20, 50]
NOISES = [0.0, 0.25, 0.5, 1.0, 2.0]
POINTS = 100
DEFAULT_FIELD = [("sgd", 0.01), ("momentum", 0.01), ("rmsprop", 0.01), ("adam", 0.1)]
CURVE_KEYS = {"parabola": "gd.curve.parabola", "two_valleys": "gd.curve.two_valleys"}
SURFACE_KEYS = {
    "quadratic": "gd.surface.quadratic", "rosenbrock": "gd.surface.rosenbrock", "beale": "gd.surface.beale",
    "himmelblau": "gd.surface.himmelblau", "saddle": "gd.surface.saddle", "rastrigin": "gd.surface.rastrigin",
}
SURFACE_NOTES = {
    "quadratic": "gd.note.quadratic", "rosenbrock": "gd.note.rosenbrock", "beale": "gd.note.beale",
    "himmelblau": "gd.note.himmelblau", "saddle": "gd.note.saddle", "rastrigin": "gd.note.rastrigin",
}
BEHAVIOUR_KEYS = {"good": "gd.behaviour.good", "slow": "gd.behaviour.slow", "oscillating": "gd.behaviour.oscillating",
                  "diverging": "gd.behaviour.diverging"}
OPTIMIZER_KEYS = {
    "sgd": "pg.opt.sgd", "momentum": "pg.opt.momentum", "nesterov": "pg.opt.nesterov", "adagrad": "pg.opt.adagrad",
    "rmsprop": "pg.opt.rmsprop", "adam": "pg.opt.adam",
}
OUTCOME_KEYS = {"diverged": "gd.outcome.diverged", "stuck": "gd.outcome.stuck"}
SPEC = {
    "gd_curve": ("parabola", list(CURVES)),
    "gd_rate": (0.3, RATES_1D),
    # any start either curve's slider offers (the parabola's reaches -3, the two valleys' -2.2)
    "gd_x0": (2.5, Interval(min(c.box[0] for c in CURVES.values()), max(c.box[1] for c in CURVES.values()))),
    "gd_surface": ("quadratic", list(SURFACES)),
    "gd_kappa": (10, CONDITIONS),
    "gd_n": (2, range(1, MAX_CONTESTANTS + 1)),
    **{f"gd_opt{i}": (DEFAULT_FIELD[i][0], list(OPTIMIZERS)) for i in range(MAX_CONTESTANTS)},
    **{f"gd_lr{i}": (DEFAULT_FIELD[i][1], RATES) for i in range(MAX_CONTESTANTS)},
    "gd_steps": (200, STEPS),
    "gd_3d": (False, None),
    # each loss keeps its own start point, so switching losses never starts outside the picture
    **{f"gd_sx_{name}": (surface.start[0], Interval(-10.0, 10.0)) for name, surface in SURFACES.items()},
    **{f"gd_sy_{name}": (surface.start[1], Interval(-10.0, 10.0)) for name, surface in SURFACES.items()},
    "gd_each": (False, None),
    # one start point each: contestant i starts a little beside the shared start
    **{f"gd_sx{i}_{name}": (round(surface.start[0] + 0.3 * i, 2), Interval(-10.0, 10.0))
       for name, surface in SURFACES.items() for i in range(MAX_CONTESTANTS)},
    **{f"gd_sy{i}_{name}": (surface.start[1], Interval(-10.0, 10.0))
       for name, surface in SURFACES.items() for i in range(MAX_CONTESTANTS)},
    **{f"gd_h{i}_{opt}": (default, choices) for i in range(MAX_CONTESTANTS) for opt, (_, choices, default) in HYPER.items()},
    "gd_blr": (0.02, BATCH_RATES),
    "gd_epochs": (10, EPOCHS),
    "gd_noise": (0.5, NOISES),
    **calculus.SPEC,
}
state = st.session_state
url_state(SPEC)


@st.cache_data(max_entries=64, show_spinner=False)
def _race(name: str, kappa: int, contestants: tuple, start: tuple, steps: int):
    """A race, computed once per setting: other controls on the page rerun it for free."""
    surface = quadratic(kappa) if name == "quadratic" else SURFACES[name]
    return race(surface, list(contestants), start, steps=steps)


@st.cache_data(max_entries=32, show_spinner=False)
def _batches(noise: float, lr: float, epochs: int, sizes: tuple):
    data = regression_data(n=POINTS, noise=noise)
    return data, minibatch_runs(data, list(sizes), lr=lr, epochs=epochs)


def _labels() -> dict[str, str]:
    return {"f": "f(x)", "path": t("gd.fig.path"), "tangent": t("gd.fig.tangent"), "step": t("gd.fig.step"),
            "loss": t("gd.fig.loss"), "start": t("gd.fig.start"), "minimum": t("gd.fig.minimum"),
            "play": t("pg.play"), "pause": t("pg.pause"), "off_picture": t("gd.fig.off_picture")}


st.title(t("gd.title"))
class_questions("descent")
st.markdown(t("gd.lead"))

# ---- one dimension
st.header(t("gd.one_title"))
st.markdown(t("gd.one_lead"))
controls, picture = st.columns(CONTROLS_PICTURE, gap="large")
with controls:
    st.radio(t("gd.curve"), list(CURVES), key="gd_curve", format_func=lambda name: t(CURVE_KEYS[name]))
    curve = CURVES[state["gd_curve"]]
    st.select_slider(t("gd.lr"), RATES_1D, key="gd_rate")
    lo, hi = curve.box
    state["gd_x0"] = min(max(float(state["gd_x0"]), lo), hi)  # the other curve's box may be narrower
    st.slider(t("gd.start"), lo, hi, step=0.1, key="gd_x0")
    st.latex(curve.formula)
    st.latex(r"x_{n+1} = x_n - \gamma\, f'(x_n)")
run = descend_1d(curve, state["gd_rate"], state["gd_x0"], steps=20)
with picture:
    chart(one_d_figure(curve, run, labels=_labels()), key="gd_one")
message = t(BEHAVIOUR_KEYS[run.behaviour], lr=state["gd_rate"])
if run.local:
    message += " " + t("gd.local")
{"good": st.success, "slow": st.info}.get(run.behaviour, st.warning)(message)
calculus.derivative_limit(curve, float(state["gd_x0"]), CONTROLS_PICTURE)

# ---- the race
st.header(t("gd.race_title"))
st.markdown(t("gd.race_lead"))
left, right = st.columns(CONTROLS_PICTURE, gap="large")
with left:
    st.selectbox(t("gd.surface"), list(SURFACES), key="gd_surface", format_func=lambda name: t(SURFACE_KEYS[name]))
    name = state["gd_surface"]
    surface = SURFACES[name]
    if name == "quadratic":
        st.select_slider(t("gd.condition"), CONDITIONS, key="gd_kappa", help=t("gd.condition_help"))
        surface = quadratic(state["gd_kappa"])
    number_field(t("gd.contestants"), 1, MAX_CONTESTANTS, key="gd_n")
    contestants, names = [], []
    st.toggle(t("gd.each_start"), key="gd_each")
    each = state["gd_each"]
    starts = []
    for i in range(int(state["gd_n"])):
        with st.container(border=True):
            # the optimizer's name gets the container's whole width: beside γ it was cut
            # ("SGD with m…") and its label broke mid-word in Kazakh
            st.selectbox(t("gd.optimizer", n=i + 1), list(OPTIMIZERS), key=f"gd_opt{i}",
                         format_func=lambda opt: t(OPTIMIZER_KEYS[opt]))
            optimizer = state[f"gd_opt{i}"]
            a, b = st.columns(2) if optimizer in HYPER else (st.container(), None)
            a.select_slider("γ", RATES, key=f"gd_lr{i}", format_func=lambda v: f"{v:g}")
            hyper, label = (), f"{t(OPTIMIZER_KEYS[optimizer])}, γ = {state[f'gd_lr{i}']:g}"
            if optimizer in HYPER:
                param, choices, _ = HYPER[optimizer]
                b.select_slider(HYPER_SYMBOLS[param], choices, key=f"gd_h{i}_{optimizer}")
                value = state[f"gd_h{i}_{optimizer}"]
                hyper, label = ((param, value),), label + f", {HYPER_SYMBOLS[param]} = {value:g}"
            if each:
                a, b = st.columns(2)
                number_field(t("gd.start_x"), -10.0, 10.0, key=f"gd_sx{i}_{name}", where=a)
                number_field(t("gd.start_y"), -10.0, 10.0, key=f"gd_sy{i}_{name}", where=b)
                starts.append((float(state[f"gd_sx{i}_{name}"]), float(state[f"gd_sy{i}_{name}"])))
        contestants.append(Contestant(optimizer, state[f"gd_lr{i}"], hyper))
        names.append(label)
    if not each:
        a, b = st.columns(2)
        number_field(t("gd.start_x"), -10.0, 10.0, key=f"gd_sx_{name}", where=a)
        number_field(t("gd.start_y"), -10.0, 10.0, key=f"gd_sy_{name}", where=b)
    start = starts if each else (float(state[f"gd_sx_{name}"]), float(state[f"gd_sy_{name}"]))
    st.select_slider(t("gd.steps"), STEPS, key="gd_steps")
    st.toggle(t("gd.three_d"), key="gd_3d")
    # the arrows need the view from above: the 3-D surface has none
    st.toggle(t("grad.field"), key="gd_field", disabled=bool(state["gd_3d"]), help=t("grad.field_help"))
    with st.expander(t("gd.rules")):
        for optimizer in dict.fromkeys(c.optimizer for c in contestants):
            st.markdown(t(OPTIMIZER_KEYS[optimizer]))
            st.latex(make_optimizer(optimizer).formula)

results = _race(name, int(state["gd_kappa"]), tuple(contestants), tuple(start), int(state["gd_steps"]))
with right:
    st.latex(surface.formula)
    st.markdown(t(SURFACE_NOTES[name]))
    first_start = tuple(start[0]) if each else start
    calculus.gradient_numbers(gradient_at(surface, *first_start))
    if state["gd_3d"]:
        chart(race_surface_figure(surface, results, names, labels=_labels()), key="gd_race3d")
    else:
        race = race_figure(surface, results, names, labels=_labels(), steps=state["gd_steps"])
        chart(calculus.draw_gradient(race, surface, starts if each else [start]), key="gd_race")
    chart(race_loss_figure([r.losses for r in results], names, labels=_labels()), key="gd_losses")
    rows = []
    for result, label in zip(results, names):
        if result.outcome == "reached":
            outcome = t("gd.outcome.reached", step=result.reached_at)
        else:
            outcome = t(OUTCOME_KEYS[result.outcome])
        rows.append({t("gd.col_contestant"): label, t("gd.col_outcome"): outcome,
                     t("gd.col_turns"): sharp_turns(result.path), t("gd.col_loss"): round3(float(result.losses[-1]))})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(t("gd.table_note", eps="0.01"))
    calculus.partial_slices(surface, first_start)

# ---- batch, stochastic, mini-batch
st.header(t("gd.batch_title"))
st.markdown(t("gd.batch_lead", n=POINTS))
left, right = st.columns(CONTROLS_PICTURE, gap="large")
with left:
    st.select_slider(t("gd.batch_lr"), BATCH_RATES, key="gd_blr")
    st.select_slider(t("gd.batch_epochs"), EPOCHS, key="gd_epochs")
    st.select_slider(t("gd.batch_noise"), NOISES, key="gd_noise")
write_url_state(SPEC)
data, runs = _batches(state["gd_noise"], state["gd_blr"], state["gd_epochs"], (POINTS, 10, 1))
batch_names = [t("gd.batch.full", n=POINTS), t("gd.batch.mini", n=10), t("gd.batch.single")]
with right:
    st.latex(r"L(w, b) = \frac{1}{N} \sum_{i=1}^{N} (w x_i + b - y_i)^2")
    chart(batch_figure(data, runs, batch_names, labels=_labels()), key="gd_batch")
    chart(race_loss_figure([r.epoch_losses for r in runs], batch_names, labels=_labels(),
                                     x_title=t("gd.epoch")), key="gd_batch_losses")
    st.dataframe(pd.DataFrame([{
        t("gd.col_batch"): label, t("gd.col_updates"): run.updates_per_epoch * state["gd_epochs"],
        t("gd.col_loss"): round3(float(run.epoch_losses[-1])), t("gd.col_time"): round3(run.seconds * 1000),
    } for run, label in zip(runs, batch_names)]), hide_index=True, width="stretch")
    st.caption(t("gd.batch_note"))

with st.expander(t("gd.explain_title")):
    st.markdown(t("gd.explain"))
    st.markdown(t("grad.explain"))
