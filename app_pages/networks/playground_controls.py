"""The playground's controls, in a left column: data, inputs, network, training.

Every value lives in the page's link (see common.url_state). `settings()` gives the `Setup`
(changing it starts over), the `Training` settings (they continue from the current weights) and
the view options; `draw_controls()` draws the widgets, later in the same script run.
"""

from __future__ import annotations

import streamlit as st

from app_pages.callbacks import whole
from app_pages.common import t, url_state, write_url_state
from app_pages.networks import playground_classes
from app_pages.networks import playground_csv, playground_draw
from app_pages.number_field import number_field
from core.figures.playground import FEATURE_NAMES_1D, FEATURE_NAMES_2D
from core.nn import DATASETS, FEATURES, OPTIMIZERS, make_optimizer
from core.nn.mlp import MAX_HIDDEN_LAYERS, MAX_NEURONS
from core.nn.trainer import Setup, Training

LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
ALL_POINTS = 100_000  # a batch this large is the whole training set (batch gradient descent)
BATCH_SIZES = [1, 2, 5, 10, 25, 50, 100, 250, 500, ALL_POINTS]
REG_RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
SPEEDS = [1, 2, 5, 10, 25]
ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
DEFAULT_NEURONS = (4, 2, 2, 2, 2, 2)
# the comparison panel's contestants (app_pages/networks/playground_compare.py), here for the link
COMPARE_CONTESTANTS = [("sgd", 0.03), ("momentum", 0.03), ("rmsprop", 0.01), ("adam", 0.03)]
COMPARE_EPOCHS = [25, 50, 100, 200, 500]

SPEC: dict[str, tuple] = {
    "ds": ("circle", list(DATASETS) + playground_classes.DATA_SETS + [playground_draw.DRAWN]),
    **playground_classes.SPEC,
    "noise": (0, range(0, 51, 5)),
    "ratio": (50, range(10, 91, 10)),
    "points": (500, range(50, 2001, 50)),
    "dseed": (0, range(0, 100_000)),
    "feat": (("x1", "x2"), list(FEATURES)),
    "layers": (2, range(0, MAX_HIDDEN_LAYERS + 1)),
    **{f"n{i + 1}": (DEFAULT_NEURONS[i], range(1, MAX_NEURONS + 1)) for i in range(MAX_HIDDEN_LAYERS)},
    "act": ("tanh", ACTIVATIONS),
    "lossfn": ("bce", ["bce", "mse"]),
    "iseed": (0, range(0, 100_000)),
    "opt": ("sgd", list(OPTIMIZERS)),
    "lr": (0.03, LEARNING_RATES),
    "batch": (10, BATCH_SIZES),
    "reg": ("none", ["none", "l1", "l2"]),
    "rrate": (0.0, REG_RATES),
    "speed": (2, SPEEDS),
    "showtest": (False, None),
    "discrete": (False, None),
    "cmp_n": (2, range(2, len(COMPARE_CONTESTANTS) + 1)),
    **{f"cmp_opt{i}": (optimizer, list(OPTIMIZERS)) for i, (optimizer, _) in enumerate(COMPARE_CONTESTANTS)},
    **{f"cmp_lr{i}": (lr, LEARNING_RATES) for i, (_, lr) in enumerate(COMPARE_CONTESTANTS)},
    "cmp_epochs": (100, COMPARE_EPOCHS),
}

NAME_KEYS = {
    "circle": "pg.ds.circle", "xor": "pg.ds.xor", "gaussians": "pg.ds.gaussians", "spiral": "pg.ds.spiral",
    "moons": "pg.ds.moons", "drawn": "draw.name", "plane": "pg.ds.plane", "multi_gaussian": "pg.ds.multi_gaussian",
    "sine": "pg.ds.sine", "step": "pg.ds.step", "abs": "pg.ds.abs", "poly": "pg.ds.poly",
    "linear": "pg.act.linear", "sigmoid": "pg.act.sigmoid", "tanh": "pg.act.tanh", "relu": "pg.act.relu",
    "leaky_relu": "pg.act.leaky_relu", **playground_classes.NAME_KEYS,
    "sgd": "pg.opt.sgd", "momentum": "pg.opt.momentum", "nesterov": "pg.opt.nesterov",
    "adagrad": "pg.opt.adagrad", "rmsprop": "pg.opt.rmsprop", "adam": "pg.opt.adam",
    "bce": "pg.loss.bce", "mse": "pg.loss.mse", "none": "pg.reg.none", "l1": "pg.reg.l1", "l2": "pg.reg.l2",
}


def option_name(value: str, csv_name: str | None = None) -> str:
    if value == "csv":
        return t("pg.ds.csv", name=st.session_state.get("pg_csv_name", "") if csv_name is None else csv_name)
    return t(NAME_KEYS[value])


def _data_info(name: str):
    """(inputs, task) of a data set name, the upload included."""
    if name == "csv":
        csv = st.session_state["pg_csv"]
        return csv.X.shape[1], csv.task
    if name == playground_draw.DRAWN:
        return 2, "classification"
    return playground_classes.data_info(name)


@whole
def _regenerate() -> None:
    st.session_state["dseed"] = (st.session_state["dseed"] + 1) % 100_000


def _data_options() -> list[str]:
    return list(DATASETS) + playground_classes.DATA_SETS + [playground_draw.DRAWN] + (["csv"] if "pg_csv" in st.session_state else [])


def _allowed_features(one_d: bool) -> list[str]:
    return [name for name in FEATURES if not (one_d and FEATURES[name].uses_x2)]


def settings() -> tuple[Setup, Training, int, bool, bool]:
    """The `Setup`, `Training`, speed and view options, from the link and the widgets' values
    (Streamlit has them before the widgets are drawn again). Read before `draw_controls`, so
    that the page sends its picture first: after a changed control the browser then draws
    the picture before it redraws the controls."""
    playground_csv.note_missing_file()
    url_state(SPEC)
    state = st.session_state
    if state["ds"] not in _data_options():
        state["ds"] = SPEC["ds"][0]
    n_inputs, task = _data_info(state["ds"])
    allowed = _allowed_features(n_inputs == 1)
    if not set(state["feat"]) <= set(allowed) or not state["feat"]:
        state["feat"] = tuple(name for name in state["feat"] if name in allowed) or ("x1",)
    write_url_state(SPEC)

    setup = Setup(
        dataset=state["ds"],
        csv_id=state.get("pg_csv_id", "") if state["ds"] == "csv" else "",
        n_points=state["points"],
        noise=state["noise"] / 100,
        train_ratio=state["ratio"] / 100,
        data_seed=state["dseed"],
        features=tuple(name for name in FEATURES if name in state["feat"]),
        hidden=tuple(state[f"n{i + 1}"] for i in range(state["layers"])),
        activation=state["act"],
        loss=state["lossfn"] if task == "classification" else "mse",
        init_seed=state["iseed"],
        classes=playground_classes.setup_classes(state["ds"]),
        points=playground_draw.trained_points() if state["ds"] == playground_draw.DRAWN else (),
    )
    regularization = None if state["reg"] == "none" else state["reg"]
    training = Training(
        optimizer=state["opt"], lr=state["lr"], batch_size=state["batch"],
        regularization=regularization, reg_rate=state["rrate"] if regularization else 0.0,
    )
    return setup, training, state["speed"], state["showtest"], state["discrete"] and task == "classification"


def draw_main_controls(columns) -> None:
    """The four controls a class changes most, in a row above the picture (as TensorFlow
    Playground has them): data set, activation, optimizer, learning rate."""
    state = st.session_state
    # the file's name is bound now: a format function reading the session later (AppTest
    # does, outside the script run) found none, and no longer matched the option shown
    csv_name = state.get("pg_csv_name", "")
    columns[0].selectbox(t("pg.dataset"), _data_options(), key="ds",
                         format_func=lambda value: option_name(value, csv_name))
    columns[1].selectbox(t("pg.activation"), ACTIVATIONS, key="act", format_func=option_name)
    columns[2].selectbox(t("pg.optimizer"), list(OPTIMIZERS), key="opt", format_func=option_name)
    columns[3].selectbox(t("pg.lr"), LEARNING_RATES, key="lr", format_func=lambda v: f"{v:g}")


def draw_controls() -> None:
    """The other widgets for what `settings()` read (called first, in the same script run)."""
    state = st.session_state
    with st.expander(t("pg.data"), expanded=True):
        n_inputs, task = _data_info(state["ds"])
        one_d = n_inputs == 1
        playground_classes.draw_classes(state["ds"])
        if state["ds"] == playground_draw.DRAWN:
            playground_draw.draw()
        if state["ds"] not in ("csv", playground_draw.DRAWN):  # sets made here, not given
            st.slider(t("pg.noise"), 0, 50, step=5, key="noise", format="%d%%")
            st.slider(t("pg.points"), 50, 2000, step=50, key="points")
        st.slider(t("pg.ratio"), 10, 90, step=10, key="ratio", format="%d%%")
        if state["ds"] not in ("csv", playground_draw.DRAWN):
            number_field(t("pg.data_seed"), 0, 99_999, key="dseed")
            st.button(t("pg.regenerate"), on_click=_regenerate, icon=":material/casino:")
        st.file_uploader(
            t("pg.upload"), type=["csv", "txt"], key="pg_upload", on_change=playground_csv.upload,
            help=t("pg.upload_help"),
        )
        playground_csv.draw(option_name)
    with st.expander(t("pg.inputs"), expanded=True):
        st.pills(t("pg.features"), _allowed_features(one_d), selection_mode="multi", key="feat",
                 format_func=(FEATURE_NAMES_1D if one_d else FEATURE_NAMES_2D).get)
    with st.expander(t("pg.network"), expanded=True):
        st.slider(t("pg.layers"), 0, MAX_HIDDEN_LAYERS, key="layers")
        if state["layers"]:
            columns = st.columns(min(state["layers"], 3))
            for layer in range(state["layers"]):
                number_field(t("pg.neurons", layer=layer + 1), 1, MAX_NEURONS, key=f"n{layer + 1}",
                             where=columns[layer % len(columns)])
        if task == "classification":
            st.radio(t("pg.loss"), ["bce", "mse"], key="lossfn", format_func=playground_classes.loss_label(option_name),
                     horizontal=True, help=playground_classes.loss_help())
        number_field(t("pg.init_seed"), 0, 99_999, key="iseed", help=t("pg.init_seed_help"))
    with st.expander(t("pg.training"), expanded=True):
        st.latex(make_optimizer(state["opt"]).formula)
        st.select_slider(
            t("pg.batch"), BATCH_SIZES, key="batch", help=t("pg.batch_help"),
            format_func=lambda v: t("pg.batch_all") if v == BATCH_SIZES[-1] else str(v),
        )
        st.selectbox(t("pg.regularization"), ["none", "l1", "l2"], key="reg", format_func=option_name)
        if state["reg"] != "none":
            st.select_slider(t("pg.reg_rate"), REG_RATES, key="rrate", format_func=lambda v: f"{v:g}")
        st.select_slider(t("pg.speed"), SPEEDS, key="speed", help=t("pg.speed_help"))
    with st.expander(t("pg.view")):
        st.toggle(t("pg.show_test"), key="showtest")
        if task == "classification":
            st.toggle(t("pg.discretize"), key="discrete")


def figure_labels() -> dict[str, str]:
    """The playground figure's words, in the reader's language."""
    return {
        "epoch": t("pg.fig.epoch"), "train": t("pg.fig.train"), "test": t("pg.fig.test"),
        "loss": t("pg.fig.loss"), "accuracy": t("pg.fig.accuracy"), "weight": t("pg.fig.weight"),
        "bias": t("pg.fig.bias"), "input": t("pg.fig.input"), "hidden": t("pg.fig.hidden"),
        "output": t("pg.fig.output"), "play": t("pg.fig.play"), "pause": t("pg.fig.pause"),
        "probability": t("pg.fig.probability"), "prediction": t("pg.fig.prediction"),
        "class": t("pg.fig.class"), "target": t("pg.fig.target"), **playground_csv.axis_labels(),
        "click_to_set": t("pg.fig.click_to_set"), "add_neuron": t("pg.fig.add_neuron"),
        "remove_neuron": t("pg.fig.remove_neuron"), "add_layer": t("pg.fig.add_layer"),
        "remove_layer": t("pg.fig.remove_layer"), "edit": t("pg.fig.edit"),
    }
