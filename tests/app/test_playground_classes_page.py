"""AppTest of several classes on "Train a network": the 3-5 class data sets and the classes
control, the softmax loss names, a CSV of 3 classes (and one of 6, refused), accuracy and the
confusion matrix of the epoch on screen, and a language switch that keeps the classes."""

import json

import numpy as np

from core.i18n import LANGUAGES
from tests.app.apptest import chart_spec, plotly_array
from tests.app.test_train_page import click, open_page, own, player_data, run_of


def _confusion(at) -> list[np.ndarray]:
    """The counts written in the confusion chart's cells, train then test."""
    spec = chart_spec(at, "confusion_chart")
    return [plotly_array(trace["text"]).astype(int) for trace in spec["data"]]


def _csv(names, per_class=12) -> bytes:
    rows = [f"{np.cos(2 * np.pi * c / len(names)) * 3 + 0.1 * d:.3f},{np.sin(2 * np.pi * c / len(names)) * 3:.3f},{name}"
            for c, name in enumerate(names) for d in range(per_class)]
    return ("x1,x2,label\n" + "\n".join(rows) + "\n").encode()


def test_spiral3_from_the_picker_trains_a_softmax_of_three():
    at = open_page()
    assert {"Three spirals", "Blobs"} <= set(at.selectbox(key="ds").options)
    at.selectbox(key="ds").set_value("spiral3").run()
    assert not at.exception
    run = run_of(at)
    assert run.data.n_classes == 3 and run.net.sizes[-1] == 3 and run.loss_name == "cross_entropy"
    assert not [c for c in at.get("segmented_control") if c.key == "classes"]  # spiral3 has 3, no choice
    assert at.query_params["ds"] in ("spiral3", ["spiral3"])
    # K output neurons and the class key in the picture
    spec = chart_spec(at, "pg_chart")
    biases = next(trace for trace in spec["data"] if trace.get("name") == "bias")
    assert list(biases["text"])[-3:] == ["output · class 0", "output · class 1", "output · class 2"]
    # the loss radio names a softmax network's losses as they are
    assert at.radio(key="lossfn").options == ["Cross-entropy (softmax)", "MSE on one-hot targets"]
    at.radio(key="lossfn").set_value("mse").run()
    assert run_of(at).loss_name == "mse" and run_of(at).net.sizes[-1] == 3


def test_blobs_with_four_classes_play_step_and_a_confusion_matrix_that_counts_every_point():
    at = open_page(ds="blobs")
    control = next(c for c in at.get("segmented_control") if c.key == "classes")
    assert control.options == ["3", "4", "5"] and control.value == 3
    control.set_value(4).run()
    assert not at.exception
    run = run_of(at)
    assert run.setup.classes == 4 and run.net.sizes[-1] == 4 and at.query_params["classes"] in ("4", ["4"])
    click(at, "pg_step_button")
    assert run_of(at).epoch == 1
    train, test = _confusion(at)
    assert train.shape == test.shape == (4, 4)
    assert train.sum() == len(run.data.raw.y_train) and test.sum() == len(run.data.raw.y_test)
    np.testing.assert_array_equal(train.sum(axis=1), np.bincount(run.data.raw.y_train, minlength=4))
    np.testing.assert_array_equal(test, run.confusion("test", 1))
    accuracy = float(np.trace(test) / test.sum())
    assert any(f"on test {100 * accuracy:.1f}" in m.value for m in at.markdown)
    # playing: the chunk paints class levels; the section waits for a pause
    click(at, "pg_play")
    chunk = player_data(at)["chunk"]
    surface = plotly_array(chunk["frames"][0]["surface"])
    assert surface.dtype == np.uint8 and surface.shape == (40, 40)
    assert any("Pause to see" in c.value for c in at.caption)
    click(at, "pg_pause")
    at.run()
    epoch = own(at).run.epoch
    train, test = _confusion(at)
    assert train.sum() == len(run.data.raw.y_train)
    np.testing.assert_array_equal(test, run_of(at).confusion("test", epoch))


def test_two_classes_get_accuracy_and_a_two_by_two_matrix_too():
    at = open_page()
    click(at, "pg_step_button")
    train, test = _confusion(at)
    assert train.shape == (2, 2) and train.sum() == len(run_of(at).data.raw.y_train)
    assert at.radio(key="lossfn").options == ["Cross-entropy", "MSE"]  # two classes keep their names


def test_regression_has_no_confusion_matrix():
    at = open_page(ds="sine")
    assert not [c for c in at.get("plotly_chart") if "confusion_chart" in c.proto.id]
    assert "Accuracy and confusion matrix" not in [e.label for e in at.expander]


def test_a_csv_of_three_named_classes_trains_a_softmax_and_names_them():
    at = open_page()
    names = ["cat", "<script>alert(1)</script>", "dog"]
    at.file_uploader(key="pg_upload").upload("pets.csv", _csv(names), "text/csv").run()
    assert not at.exception and not at.error
    run = run_of(at)
    assert run.setup.dataset == "csv" and run.data.n_classes == 3 and run.net.sizes[-1] == 3
    assert run.data.class_names == ("<script>alert(1)</script>", "cat", "dog")  # text labels sort alphabetically
    spec = json.dumps(chart_spec(at, "pg_chart"))
    assert "<script>" not in spec and "&lt;script&gt;" in spec
    click(at, "pg_step_button")
    confusion = chart_spec(at, "confusion_chart")
    assert confusion["data"][0]["x"] == ["&lt;script&gt;alert(1)&lt;/script&gt;", "cat", "dog"]


def test_a_csv_of_six_classes_is_refused_clearly():
    at = open_page()
    at.file_uploader(key="pg_upload").upload("six.csv", _csv(list("abcdef")), "text/csv").run()
    assert not at.exception
    assert any("6 different values" in e.value and "2 to 5 classes" in e.value for e in at.error), \
        [e.value for e in at.error]
    assert run_of(at).setup.dataset == "circle"


def test_a_language_switch_keeps_the_classes():
    at = open_page(ds="blobs", classes="5")
    assert run_of(at).net.sizes[-1] == 5
    for code in ("ru", "kk", "en"):
        at.selectbox(key="lang").set_value(LANGUAGES[code]).run()
        assert not at.exception
        run = run_of(at)
        assert run.setup.dataset == "blobs" and run.setup.classes == 5 and run.net.sizes[-1] == 5
        control = next(c for c in at.get("segmented_control") if c.key == "classes")
        assert control.value == 5
    at.selectbox(key="lang").set_value(LANGUAGES["ru"]).run()
    assert at.radio(key="lossfn").options[0] == "Перекрёстная энтропия (softmax)"
    assert "Облака точек" in at.selectbox(key="ds").options
    biases = next(trace for trace in chart_spec(at, "pg_chart")["data"] if "b = " in trace.get("hovertemplate", ""))
    assert list(biases["text"])[-1] == "выход · класс 4"


def test_bad_class_counts_in_a_link_are_ignored():
    at = open_page(ds="blobs", classes="9")
    assert run_of(at).setup.classes == 3 and run_of(at).net.sizes[-1] == 3  # 9 is not offered: the default
    at = open_page(ds="blobs", classes="<script>")
    assert run_of(at).setup.classes == 3 and not at.exception
    at = open_page(ds="spiral3", classes="5")  # a set of 3 arms takes no count from the link
    assert run_of(at).setup.classes is None and run_of(at).net.sizes[-1] == 3
