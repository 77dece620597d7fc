"""The several-classes hint (mc.try, under the confusion matrix) keeps its word in every language:
its numbers come from runs with the playground page's own defaults (its link SPEC), and the
names it uses are the controls' labels in that language."""

from __future__ import annotations

import pytest

from app_pages.networks.playground_classes import NAME_KEYS
from app_pages.networks.playground_controls import LEARNING_RATES, SPEC
from core.i18n import LANGUAGES, translate
from core.nn.trainer import Run, Setup, Training

ALL = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")
EPOCHS = 200


def page_run(dataset: str, hidden: tuple, lr: float, features=("x1", "x2"), classes=None) -> Run:
    """200 epochs of Adam with everything else as the page starts (points, share, batch, seeds)."""
    default = {key: value for key, (value, _) in SPEC.items()}
    setup = Setup(dataset=dataset, classes=classes, n_points=default["points"], noise=default["noise"] / 100,
                  train_ratio=default["ratio"] / 100, data_seed=default["dseed"], features=features, hidden=hidden,
                  activation=default["act"], loss=default["lossfn"], init_seed=default["iseed"])
    run = Run(setup, Training(optimizer="adam", lr=lr, batch_size=default["batch"]))
    run.train(EPOCHS)
    assert run.epoch == EPOCHS and run.diverged_at is None
    return run


def test_five_blobs_need_no_hidden_layer():
    run = page_run("blobs", (), SPEC["lr"][0], classes=5)
    assert run.net.sizes == [2, 5]
    assert run.history.test_accuracy[-1] > 0.90  # "over 90% ... within 200 epochs"


def test_three_spirals_stay_under_half_without_hidden_layers_and_pass_85_with_them():
    plain = page_run("spiral3", (), SPEC["lr"][0])
    assert max(plain.history.test_accuracy) < 0.50  # "stays under 50%"
    deep = page_run("spiral3", (8, 8, 8), 0.01, features=ALL)
    assert deep.history.test_accuracy[-1] > 0.85  # "over 85% by epoch 200"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_hint_names_what_the_page_shows(code):
    text = translate(code, "mc.try")
    for key in NAME_KEYS.values():
        assert translate(code, key) in text  # the data sets as the picker names them
    assert "Adam" in text and "γ = 0.01" in text and 0.01 in LEARNING_RATES
    for number in ("5", "200", "90%", "50%", "85%", "8", "3", "x₁, x₂"):
        assert number in text, number
