"""The networks section's moments: which optimizer reaches the minimum first and will this
learning rate diverge (Gradient descent), will the spiral separate with no hidden layer (Train a
network). Each runs the page's own core functions on the page's settings.

The link parameters and their defaults are the pages' (app_pages/networks/descent.py's SPEC,
app_pages/networks/playground_controls.py's SPEC); tests/core/test_classroom_moments.py checks
that they still agree.
"""

from __future__ import annotations

import math

import numpy as np

from core.classroom.moment_kit import Asked, Context, Moment, Outcome, Question, best, per_option, short
from core.links import Interval
from core.nn.datasets import FEATURES
from core.nn.descent import CURVES, SURFACES, Contestant, descend_1d, quadratic, race
from core.nn.optimizers import OPTIMIZERS
from core.nn.trainer import Run, Setup, Training

# ---------------------------------------------------------------- Gradient descent (descent)

RATES_1D = [0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1]
RATES = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0]
HYPER = {
    "momentum": ("momentum", [0.5, 0.8, 0.9, 0.95, 0.99], 0.9),
    "nesterov": ("momentum", [0.5, 0.8, 0.9, 0.95, 0.99], 0.9),
    "rmsprop": ("alpha", [0.9, 0.95, 0.99, 0.999], 0.99),
    "adam": ("beta1", [0.5, 0.8, 0.9, 0.95, 0.99], 0.9),
}
CONDITIONS = [1, 2, 5, 10, 20, 50, 100]
STEPS = [50, 100, 200, 500, 1000, 3000]
MAX_CONTESTANTS = 4
DEFAULT_FIELD = [("sgd", 0.01), ("momentum", 0.01), ("rmsprop", 0.01), ("adam", 0.1)]
REACHED = 1e-2  # the race's "reached": within this distance of a global minimum (the page's table)
ONE_D_STEPS = 20  # the page's one-dimensional run
# the functions as the question writes them (the page shows each one's formula)
CURVE_TEXT = {"parabola": "x²", "two_valleys": "x⁴ − 3x² + x"}


def _race_spec(ctx: Context) -> dict:
    return {
        "gd_surface": ("quadratic", list(SURFACES)),
        "gd_kappa": (10, CONDITIONS),
        "gd_n": (2, range(1, MAX_CONTESTANTS + 1)),
        **{f"gd_opt{i}": (DEFAULT_FIELD[i][0], list(OPTIMIZERS)) for i in range(MAX_CONTESTANTS)},
        **{f"gd_lr{i}": (DEFAULT_FIELD[i][1], RATES) for i in range(MAX_CONTESTANTS)},
        "gd_steps": (200, STEPS),
        "gd_each": (False, None),
        **{f"gd_sx_{name}": (surface.start[0], Interval(-10.0, 10.0)) for name, surface in SURFACES.items()},
        **{f"gd_sy_{name}": (surface.start[1], Interval(-10.0, 10.0)) for name, surface in SURFACES.items()},
        **{f"gd_sx{i}_{name}": (round(surface.start[0] + 0.3 * i, 2), Interval(-10.0, 10.0))
           for name, surface in SURFACES.items() for i in range(MAX_CONTESTANTS)},
        **{f"gd_sy{i}_{name}": (surface.start[1], Interval(-10.0, 10.0))
           for name, surface in SURFACES.items() for i in range(MAX_CONTESTANTS)},
        **{f"gd_h{i}_{opt}": (default, choices) for i in range(MAX_CONTESTANTS)
           for opt, (_, choices, default) in HYPER.items()},
    }


def _field(values: dict) -> tuple[list[Contestant], object]:
    """The race's contestants and start point(s), built as the page builds them."""
    name = values["gd_surface"]
    contestants, starts = [], []
    for i in range(int(values["gd_n"])):
        optimizer = values[f"gd_opt{i}"]
        hyper = ()
        if optimizer in HYPER:
            hyper = ((HYPER[optimizer][0], values[f"gd_h{i}_{optimizer}"]),)
        contestants.append(Contestant(optimizer, values[f"gd_lr{i}"], hyper))
        starts.append((float(values[f"gd_sx{i}_{name}"]), float(values[f"gd_sy{i}_{name}"])))
    start = starts if values["gd_each"] else (float(values[f"gd_sx_{name}"]), float(values[f"gd_sy_{name}"]))
    return contestants, start


def _race_options(contestants: list[Contestant]) -> tuple[str, ...]:
    """Each contestant by its optimizer's name; by its place in the page's list ("1", "2", ...)
    when one optimizer races twice (with different learning rates)."""
    names = [c.optimizer for c in contestants]
    return tuple(names) if len(set(names)) == len(names) else tuple(str(i + 1) for i in range(len(names)))


def _ask_race(values: dict, ctx: Context) -> Asked:
    contestants, _ = _field(values)
    return Asked((*_race_options(contestants), "none"), {"eps": str(REACHED), "steps": str(values["gd_steps"])})


def _answer_race(question: Question, values: dict, ctx: Context) -> Outcome:
    contestants, start = _field(values)
    name = values["gd_surface"]
    surface = quadratic(values["gd_kappa"]) if name == "quadratic" else SURFACES[name]
    steps = int(values["gd_steps"])
    results = race(surface, contestants, start, steps=steps, eps=REACHED)
    options = _race_options(contestants)
    reached = {option: float(r.reached_at) for option, r in zip(options, results) if r.reached_at is not None}
    listed = per_option({option: "—" if r.reached_at is None else str(r.reached_at) for option, r in zip(options, results)})
    if not reached:
        closest = min(float(surface.distance_to_minimum(r.path[-1:])[0]) for r in results)
        return Outcome(("none",), "moment.optimizer_race.detail.none",
                       {"eps": str(REACHED), "steps": str(steps), "closest": short(closest)})
    winners = best(reached, lower_is_better=True)
    return Outcome(winners, "moment.optimizer_race.detail.won",
                   {"eps": str(REACHED), "step": str(int(reached[winners[0]])), "steps": str(steps), "each": listed})


def _one_d_spec(ctx: Context) -> dict:
    return {
        "gd_curve": ("parabola", list(CURVES)),
        "gd_rate": (0.3, RATES_1D),
        "gd_x0": (2.5, Interval(min(c.box[0] for c in CURVES.values()), max(c.box[1] for c in CURVES.values()))),
    }


def _one_d(values: dict):
    curve = CURVES[values["gd_curve"]]
    lo, hi = curve.box
    return curve, float(values["gd_rate"]), min(max(float(values["gd_x0"]), lo), hi)  # the page's clamp


def _ask_diverge(values: dict, ctx: Context) -> Asked:
    curve, lr, x0 = _one_d(values)
    return Asked(("yes", "no"), {"lr": f"{lr:g}", "x0": f"{x0:g}", "f": CURVE_TEXT[curve.name]})


def _answer_diverge(question: Question, values: dict, ctx: Context) -> Outcome:
    curve, lr, x0 = _one_d(values)
    run = descend_1d(curve, lr, x0, steps=ONE_D_STEPS)
    detail = {"lr": f"{lr:g}", "x0": f"{x0:g}", "steps": str(len(run.xs) - 1), "x": short(run.xs[-1]),
              "loss": short(float(curve.f(np.array(run.xs[-1]))))}
    if run.behaviour == "diverging":
        return Outcome(("yes",), "moment.lr_diverge.detail.diverging", detail)
    detail["minimum"] = short(run.minimum)
    key = {"good": "moment.lr_diverge.detail.good", "slow": "moment.lr_diverge.detail.slow",
           "oscillating": "moment.lr_diverge.detail.oscillating"}[run.behaviour]
    return Outcome(("no",), key, detail)


# ---------------------------------------------------------------- Train a network (train)

LEARNING_RATES = [1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
BATCH_SIZES = [1, 2, 5, 10, 25, 50, 100, 250, 500, 100_000]
REG_RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]
DATASET = "spiral"  # whatever the page shows: the question is about the spiral
SEPARATED = 0.1  # test loss below this: the playground's "separated" (DESIGN.md's spiral budget)
MAX_EPOCHS = 500  # the spiral's linear model stops improving long before (measured: by ~200)
MAX_UPDATES = 15_000  # weight updates in all: about 1 s here, whatever the batch size and points


def _spiral_spec(ctx: Context) -> dict:
    return {
        "noise": (0, range(0, 51, 5)),
        "ratio": (50, range(10, 91, 10)),
        "points": (500, range(50, 2001, 50)),
        "dseed": (0, range(0, 100_000)),
        "feat": (("x1", "x2"), list(FEATURES)),
        "lossfn": ("bce", ["bce", "mse"]),
        "iseed": (0, range(0, 100_000)),
        "opt": ("sgd", list(OPTIMIZERS)),
        "lr": (0.03, LEARNING_RATES),
        "batch": (10, BATCH_SIZES),
        "reg": ("none", ["none", "l1", "l2"]),
        "rrate": (0.0, REG_RATES),
    }


def _features(values: dict) -> tuple[str, ...]:
    """The page's inputs in the page's order (an empty choice is x1 alone, as on the page)."""
    return tuple(name for name in FEATURES if name in values["feat"]) or ("x1",)


def _ask_spiral(values: dict, ctx: Context) -> Asked:
    return Asked(("yes", "no"), {"features": ", ".join(_features(values))})


def _answer_spiral(question: Question, values: dict, ctx: Context) -> Outcome:
    regularization = None if values["reg"] == "none" else values["reg"]
    setup = Setup(dataset=DATASET, n_points=values["points"], noise=values["noise"] / 100,
                  train_ratio=values["ratio"] / 100, data_seed=values["dseed"], features=_features(values),
                  hidden=(), loss=values["lossfn"], init_seed=values["iseed"])
    training = Training(optimizer=values["opt"], lr=values["lr"], batch_size=values["batch"],
                        regularization=regularization, reg_rate=values["rrate"] if regularization else 0.0)
    run = Run(setup, training)
    batch = max(1, min(int(training.batch_size), len(run.data.inputs.X_train)))
    updates_per_epoch = math.ceil(len(run.data.inputs.X_train) / batch)
    run.train(max(1, min(MAX_EPOCHS, MAX_UPDATES // updates_per_epoch)))
    # the best epoch of the run (index = epoch), as a student stopping the playground there would see it
    test_loss = np.asarray(run.history.test_loss, dtype=float)
    at = int(np.argmin(np.where(np.isfinite(test_loss), test_loss, np.inf)))
    lowest = float(test_loss[at])
    accuracy = float(np.nanmax(run.history.test_accuracy))
    separated = bool(np.isfinite(lowest) and lowest < SEPARATED)
    detail = {"epochs": str(run.epoch), "features": ", ".join(setup.features), "loss": short(lowest),
              "epoch": str(at), "accuracy": f"{100 * accuracy:.0f}", "threshold": str(SEPARATED),
              "lr": f"{training.lr:g}"}
    if run.diverged_at is not None:
        detail["diverged"] = str(run.diverged_at)
        return Outcome(("yes",) if separated else ("no",), "moment.spiral_no_hidden.detail.diverged", detail)
    key = "moment.spiral_no_hidden.detail.separated" if separated else "moment.spiral_no_hidden.detail.not_separated"
    return Outcome(("yes",) if separated else ("no",), key, detail)


RACE_OPTION_KEYS = {
    "sgd": "moment.optimizer_race.opt.sgd", "momentum": "moment.optimizer_race.opt.momentum",
    "nesterov": "moment.optimizer_race.opt.nesterov", "adagrad": "moment.optimizer_race.opt.adagrad",
    "rmsprop": "moment.optimizer_race.opt.rmsprop", "adam": "moment.optimizer_race.opt.adam",
    "1": "moment.optimizer_race.opt.1", "2": "moment.optimizer_race.opt.2", "3": "moment.optimizer_race.opt.3",
    "4": "moment.optimizer_race.opt.4", "none": "moment.optimizer_race.opt.none",
}

MOMENTS = (
    Moment(
        "optimizer_race", "descent", "moment.optimizer_race.title", "moment.optimizer_race.question",
        RACE_OPTION_KEYS, ("moment.optimizer_race.detail.won", "moment.optimizer_race.detail.none"),
        _race_spec, _ask_race, _answer_race,
    ),
    Moment(
        "lr_diverge", "descent", "moment.lr_diverge.title", "moment.lr_diverge.question",
        {"yes": "moment.lr_diverge.opt.yes", "no": "moment.lr_diverge.opt.no"},
        ("moment.lr_diverge.detail.diverging", "moment.lr_diverge.detail.good", "moment.lr_diverge.detail.slow",
         "moment.lr_diverge.detail.oscillating"),
        _one_d_spec, _ask_diverge, _answer_diverge,
    ),
    Moment(
        "spiral_no_hidden", "train", "moment.spiral_no_hidden.title", "moment.spiral_no_hidden.question",
        {"yes": "moment.spiral_no_hidden.opt.yes", "no": "moment.spiral_no_hidden.opt.no"},
        ("moment.spiral_no_hidden.detail.separated", "moment.spiral_no_hidden.detail.not_separated",
         "moment.spiral_no_hidden.detail.diverged"),
        _spiral_spec, _ask_spiral, _answer_spiral,
    ),
)
