"""core.playground.take_away: the network of the epoch on screen as JSON and as a numpy script.
The script is run as its own program (numpy only) on the run's raw points and must give what
the network gives; the JSON must rebuild the same network and say how it was made."""

import json
import subprocess
import sys

import numpy as np
import pytest

from core.nn.csv_data import load_csv
from core.nn.datasets import make_features
from core.nn.mlp import MLP
from core.nn.trainer import Run, Setup, Training
from core.playground.take_away import FORMAT, network_at, network_json, network_script, read_network_file, taken

ALL = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")


def _upload(text):
    return load_csv(text.encode(), max_classes=5)


def _people():
    rng = np.random.default_rng(0)
    height, weight = rng.uniform(140, 190, 200), rng.uniform(40, 100, 200)
    label = np.where(weight - 70 > 0.8 * (height - 165), "heavy", "light")
    return _upload("height,weight,label\n" + "".join(f"{h:.1f},{w:.1f},{c}\n" for h, w, c in zip(height, weight, label)))


def _three_groups():
    rng = np.random.default_rng(1)
    rows = [(rng.normal(10 * k, 2), rng.normal(5 - 3 * k, 1), name) for k, name in enumerate("abc") for _ in range(40)]
    return _upload("a,b,group\n" + "".join(f"{x:.3f},{y:.3f},{c}\n" for x, y, c in rows))


CASES = {
    "circle": (Setup(dataset="circle"), None),
    "spiral_all_features": (Setup(dataset="spiral", features=ALL, hidden=(8, 8, 8, 8)), None),
    "sine_regression": (Setup(dataset="sine", features=("x1", "sin x1"), hidden=(6,), loss="mse"), None),
    "blobs_softmax": (Setup(dataset="blobs", hidden=(6,), classes=4), None),
    "csv_people": (Setup(dataset="csv", csv_id="people"), _people),
    "csv_three_classes": (Setup(dataset="csv", csv_id="abc", hidden=(5,)), _three_groups),
}


def _raw_and_features(run, csv):
    """Raw points the way a user holds them (an upload in its own units) and the features the
    network was trained on (of the standardised values)."""
    if csv is not None:
        return csv.X, make_features(csv.inputs, list(run.setup.features))
    raw = np.concatenate([run.data.raw.X_train, run.data.raw.X_test])
    return raw, make_features(raw, list(run.setup.features))


def _run_script_as_a_program(script: str, X: np.ndarray, tmp_path, printed: list | None = None):
    """(predict(X), classify(X)) of the script run by a fresh Python with numpy alone."""
    path, points = tmp_path / "network.py", tmp_path / "points.npy"
    path.write_text(script, encoding="utf-8")
    np.save(points, X)
    driver = (
        "import sys, numpy as np, runpy\n"
        f"ns = runpy.run_path({str(path)!r})\n"
        f"X = np.load({str(points)!r})\n"
        f"np.save({str(tmp_path / 'out.npy')!r}, ns['predict'](X))\n"
        f"np.save({str(tmp_path / 'classes.npy')!r}, ns['classify'](X))\n"
    )
    done = subprocess.run([sys.executable, "-I", "-c", driver], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    if printed is not None:
        printed.append(done.stdout + done.stderr)
    return np.load(tmp_path / "out.npy"), np.load(tmp_path / "classes.npy")


@pytest.mark.parametrize("case", list(CASES))
def test_the_script_run_as_a_program_gives_the_networks_predictions(case, tmp_path):
    setup, make_csv = CASES[case]
    csv = make_csv() if make_csv else None
    run = Run(setup, Training(optimizer="adam", lr=0.01), csv=csv)
    run.train(30)
    X, features = _raw_and_features(run, csv)
    got, classes = _run_script_as_a_program(network_script(taken(run, run.epoch, csv)), X, tmp_path)
    expected = run.net.forward(features)
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    if run.is_classification:
        np.testing.assert_array_equal(classes, run.net.classify(features))


def test_the_files_hold_the_epoch_on_screen_not_what_was_trained_ahead(tmp_path):
    run = Run(Setup(dataset="xor", hidden=(5, 3)), Training(optimizer="adam", lr=0.03))
    run.train(40)
    twin = Run(Setup(dataset="xor", hidden=(5, 3)), Training(optimizer="adam", lr=0.03))
    twin.train(25)  # the same run, stopped where the class paused
    away = taken(run, 25)
    assert away.epoch == 25 and away.stem == "vectorlab-xor-2-5-3-1-epoch25"
    X, features = _raw_and_features(run, None)
    got, _ = _run_script_as_a_program(network_script(away), X, tmp_path)
    np.testing.assert_allclose(got, twin.net.forward(features), rtol=0, atol=1e-9)
    assert not np.allclose(got, run.net.forward(features), atol=1e-6)  # epoch 40's would differ
    saved = json.loads(network_json(away))
    np.testing.assert_array_equal(MLP.from_dict(saved["network"]).forward(features), twin.net.forward(features))
    assert saved["measured"]["train_loss"] == pytest.approx(twin.history.train_loss[25], rel=1e-12)


def test_the_files_are_made_from_a_copy_the_run_training_on_does_not_change():
    run = Run(Setup(), Training())
    run.train(5)
    away = taken(run, 5)
    before = network_json(away)
    run.train(20)
    run.rewind(2)
    assert network_json(away) == before


def test_a_thinned_epoch_gives_the_last_recorded_one_before_it():
    run = Run(Setup(), Training())
    run.train(10)
    run.snapshots = [s for s in run.snapshots if s.epoch % 4 == 0] + [run.snapshots[-1]]
    net, at = network_at(run, 7)
    assert at == 4
    assert all(np.array_equal(a, b) for a, b in zip(net.params, run.snapshots[1].params))


def test_the_json_says_what_the_network_is_and_how_it_was_made():
    csv = _people()
    run = Run(Setup(dataset="csv", csv_id="people", hidden=(3,)), Training(optimizer="rmsprop", lr=0.01), csv=csv)
    run.train(3)
    saved = json.loads(network_json(taken(run, 3, csv)))
    assert saved["format"] == FORMAT and saved["version"] == 1 and saved["epoch"] == 3
    assert saved["task"] == "classification" and saved["features"] == ["x1", "x2"]
    assert saved["classes"] == ["heavy", "light"]
    assert saved["inputs"]["names"] == ["height", "weight"]
    assert saved["inputs"]["mean"] == pytest.approx(list(csv.mean)) and saved["inputs"]["std"] == pytest.approx(list(csv.std))
    assert saved["setup"]["hidden"] == [3] and saved["training"]["optimizer"] == "rmsprop"
    assert set(saved["measured"]) == {"train_loss", "test_loss", "train_accuracy", "test_accuracy"}


def test_user_words_stay_data_in_the_script_and_out_of_the_file_name(tmp_path):
    """A column named like code is a string literal in the script; the file name has none of it."""
    evil = '"]; import os; os.system("echo hacked") #'
    rng = np.random.default_rng(3)
    rows = "".join(f"{x:.2f},{y:.2f},{int(x > y)}\n" for x, y in rng.normal(size=(60, 2)))
    csv = _upload(f"{evil.replace(',', ' ')},<script>,label\n{rows}")
    run = Run(Setup(dataset="csv", csv_id="evil"), Training(), csv=csv)
    away = taken(run, 0, csv)
    script = network_script(away)
    printed = []
    got, _ = _run_script_as_a_program(script, csv.X, tmp_path, printed)
    assert "hacked" not in printed[0] and "os.system" in csv.columns[0] and repr(csv.columns[0]) in script
    np.testing.assert_allclose(got, run.net.forward(make_features(csv.inputs, ["x1", "x2"])), atol=1e-9)
    assert away.stem == "vectorlab-csv-2-4-2-1-epoch0"


def test_a_run_opened_from_a_link_exports_without_the_unknown_losses():
    run = Run(Setup(), Training())
    trained = Run(Setup(), Training())
    trained.train(12)
    run.start_from(trained.net.params, 12)
    saved = json.loads(network_json(taken(run, 12)))  # strict JSON: no NaN anywhere
    assert saved["epoch"] == 12 and saved["measured"]["train_loss"] == pytest.approx(trained.history.train_loss[12])


# --------------------------------------------------------------------------- reading a file back

def _saved(**training):
    run = Run(Setup(dataset="xor", hidden=(5, 2)), Training(optimizer="adam", lr=0.03, **training))
    run.train(7)
    return run, json.loads(network_json(taken(run, 7)))


def test_a_saved_file_opens_with_its_settings_weights_and_epoch():
    run, saved = _saved(regularization="l2", reg_rate=0.001)
    opened = read_network_file(json.dumps(saved).encode())
    assert opened.setup == run.setup and opened.training == run.training and opened.epoch == 7
    for theirs, mine in zip(opened.params, run.net.params):
        np.testing.assert_array_equal(theirs, mine)  # float64 through JSON: exact
    fresh = Run(opened.setup, opened.training)
    fresh.start_from(opened.params, opened.epoch)
    np.testing.assert_array_equal(fresh.net.forward(run.data.inputs.X_test), run.net.forward(run.data.inputs.X_test))


def _broken(change):
    _, saved = _saved()
    change(saved)
    return json.dumps(saved).encode()


def _set(path, value):
    def change(saved):
        target = saved
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


BAD_FILES = {
    "not utf-8": (b"\xff\xfe\x00bad", "export.file_not_json"),
    "not json": (b"{'format': 1}", "export.file_not_json"),
    "NaN constant": (b'{"format": NaN}', "export.file_not_json"),
    "deeply nested": (b"[" * 100_000 + b"]" * 100_000, "export.file_not_json"),
    "a list": (b"[1, 2]", "export.file_not_network"),
    "another format": (b'{"format": "vectorlab.mlp", "version": 1}', "export.file_not_network"),
    "another version": (lambda: _broken(_set(["version"], 2)), "export.file_not_network"),
    "a weight as text": (lambda: _broken(lambda s: s["network"]["weights"][0][0].__setitem__(0, "1.0")),
                         "export.file_bad_network"),
    "a layer missing": (lambda: _broken(lambda s: s["network"]["weights"].pop()), "export.file_bad_network"),
    "network not its settings": (lambda: _broken(_set(["setup", "hidden"], [4, 2])), "export.file_bad_network"),
    "other activation": (lambda: _broken(_set(["setup", "activation"], "relu")), "export.file_bad_network"),
    "unknown data set": (lambda: _broken(_set(["setup", "dataset"], "<script>")), "export.file_bad_network"),
    "unknown feature": (lambda: _broken(_set(["setup", "features"], ["x1", "x3"])), "export.file_bad_network"),
    "a float layer size": (lambda: _broken(_set(["setup", "hidden"], [5.0, 2])), "export.file_bad_network"),
    "huge data": (lambda: _broken(_set(["setup", "n_points"], 10**9)), "export.file_bad_network"),
    "negative epoch": (lambda: _broken(_set(["epoch"], -1)), "export.file_bad_network"),
    "bool epoch": (lambda: _broken(_set(["epoch"], True)), "export.file_bad_network"),
    "unknown optimizer": (lambda: _broken(_set(["training", "optimizer"], "lbfgs")), "export.file_bad_network"),
    "zero learning rate": (lambda: _broken(_set(["training", "lr"], 0)), "export.file_bad_network"),
    "setup not a dict": (lambda: _broken(_set(["setup"], "circle")), "export.file_bad_network"),
    "an uploaded file's network": (lambda: _broken(_set(["setup", "dataset"], "csv")), "export.link_no_file"),
    "too big": (b" " * 1_000_001, "export.file_too_big"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_clear_key(case):
    from core.errors import UserInputError

    content, key = BAD_FILES[case]
    with pytest.raises(UserInputError) as caught:
        read_network_file(content() if callable(content) else content)
    assert caught.value.key == key
