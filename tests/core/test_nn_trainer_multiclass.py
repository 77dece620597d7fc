"""The playground's run on three or more classes (softmax + cross-entropy, argmax accuracy) and
the confusion matrix."""

import numpy as np
import pytest

from core.nn.csv_data import load_csv
from core.nn.trainer import Run, Setup, Training, confusion_matrix

ALL = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")


def test_confusion_matrix_rows_are_true_classes():
    m = confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert m.dtype == np.int64
    np.testing.assert_array_equal(m, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(m.sum(axis=1), [2, 1, 3])  # class sizes
    assert np.trace(m) == 4  # right answers


def test_confusion_matrix_takes_float_binary_labels_and_empty_input():
    np.testing.assert_array_equal(confusion_matrix(np.array([0.0, 1.0, 1.0]), [0, 0, 1], 2), [[1, 0], [1, 1]])
    np.testing.assert_array_equal(confusion_matrix([], [], 4), np.zeros((4, 4)))


@pytest.mark.parametrize(
    "labels,predicted,k,message",
    [([0, 3], [0, 1], 3, "label"), ([0, 1], [0, -1], 3, "prediction"), ([0.5], [0], 2, "label"),
     ([0, 1], [0], 2, "predictions"), ([0], [0], 0, "at least 1")],
)
def test_confusion_matrix_refuses_what_is_not_a_class(labels, predicted, k, message):
    with pytest.raises(ValueError, match=message):
        confusion_matrix(labels, predicted, k)


def test_spiral3_run_uses_softmax_and_separates_the_arms():
    setup = Setup(dataset="spiral3", features=ALL, hidden=(16, 16), loss="bce")
    run = Run(setup, Training(optimizer="adam", lr=0.01, batch_size=10))
    assert run.net.output.name == "softmax" and run.net.sizes == [7, 16, 16, 3]
    assert run.loss_name == "cross_entropy" and run.data.n_classes == 3
    assert run.history.train_loss[0] == pytest.approx(np.log(3), abs=0.3)  # near chance at epoch 0
    run.train(100)  # measured: test loss < 0.1 from epoch 50, test accuracy 0.987 at 300
    assert run.history.train_accuracy[-1] > 0.95 and run.history.test_accuracy[-1] > 0.9
    # accuracy is the argmax share, and the confusion matrix agrees with it
    m = run.confusion("test")
    assert m.shape == (3, 3) and m.sum() == len(run.data.inputs.X_test)
    assert np.trace(m) / m.sum() == pytest.approx(run.history.test_accuracy[-1])
    np.testing.assert_array_equal(m.sum(axis=1), np.bincount(run.data.inputs.y_test.astype(int), minlength=3))


@pytest.mark.parametrize("k", [3, 4, 5])
def test_blobs_with_k_classes(k):
    run = Run(Setup(dataset="blobs", classes=k, hidden=(6,)), Training(optimizer="adam", lr=0.03))
    assert run.net.sizes[-1] == k and run.data.n_classes == k
    run.train(30)
    assert run.history.test_accuracy[-1] > 0.95
    assert run.confusion("train").shape == (k, k)


def test_mse_on_a_softmax_run_and_rewind_and_fork():
    run = Run(Setup(dataset="blobs", loss="mse", hidden=(4,)), Training(optimizer="adam", lr=0.03))
    assert run.loss_name == "mse"
    run.train(10)
    twin = run.fork()
    run.train(5)
    twin.train(5)
    for p, q in zip(run.net.params, twin.net.params):
        np.testing.assert_array_equal(p, q)
    run.rewind(4)
    assert run.epoch == 4 and len(run.history.test_accuracy) == 5


def test_three_class_csv_run_and_binary_unchanged():
    rng = np.random.default_rng(0)
    rows = []
    for name, centre in (("red", (-3, 0)), ("green", (3, 0)), ("blue", (0, 4))):
        for x, y in rng.normal(centre, 0.7, (30, 2)):
            rows.append(f"{x:.3f},{y:.3f},{name}")
    data = load_csv("a,b,colour\n" + "\n".join(rows) + "\n")
    run = Run(Setup(dataset="csv", csv_id="three", hidden=(5,)), Training(optimizer="adam", lr=0.03), csv=data)
    assert run.net.sizes == [2, 5, 3] and run.net.output.name == "softmax"
    run.train(40)
    assert run.history.test_accuracy[-1] > 0.95
    binary = Run(Setup(), Training())
    assert binary.net.output.name == "sigmoid" and binary.loss_name == "bce" and binary.data.n_classes == 2
    assert binary.confusion().shape == (2, 2)
    assert Run(Setup(loss="cross_entropy"), Training()).loss_name == "bce"  # two classes: the same loss


def test_regression_run_has_no_confusion_matrix():
    run = Run(Setup(dataset="sine", features=("x1",), loss="mse"), Training())
    assert run.data.n_classes == 0 and run.net.output.name == "linear"
    with pytest.raises(ValueError, match="classes"):
        run.confusion()
    with pytest.raises(ValueError, match="split"):
        Run(Setup(), Training()).confusion("validation")
