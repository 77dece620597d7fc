"""AppTest of "Take the network away" on Train a network: the downloads of the epoch on screen,
the link that carries the trained weights and what opening it does, good or bad."""

import json
import subprocess
import sys

import numpy as np
import pytest

from core.i18n import LANGUAGES, translate
from core.nn.mlp import MLP
from core.playground import weights_link
from tests.app.test_train_page import click, open_page, own, run_of

SETTINGS = {"ds": "xor", "opt": "adam", "lr": "0.03", "n1": "5"}


@pytest.fixture(autouse=True)
def sent(monkeypatch):
    """What the page passed to each download button, by key, latest first: AppTest has no
    media server, so a deferred file's name and contents never reach the element."""
    from streamlit.delta_generator import DeltaGenerator

    calls = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, mime=None, key=None, **kwargs):
        calls[key] = {"label": label, "data": data, "file_name": file_name, "mime": mime,
                      "disabled": kwargs.get("disabled", False), "on_click": kwargs.get("on_click")}
        return original(self, label, data, file_name=file_name, mime=mime, key=key, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    return calls


def downloads(at, sent) -> dict:
    """Each download button on the page by key: (label, file name, disabled), checked against
    the element AppTest holds."""
    shown = {e.proto.id.rsplit("-", 1)[-1]: (e.proto.label, e.proto.disabled) for e in at.get("download_button")}
    shown = {key: value for key, value in shown.items() if key.startswith("pg_download")}  # not a chart's own
    assert set(shown) == {"pg_download_json", "pg_download_script"}
    for key, (label, disabled) in shown.items():
        assert (sent[key]["label"], sent[key]["disabled"]) == (label, disabled)
    return {key: (sent[key]["label"], sent[key]["file_name"], sent[key]["disabled"]) for key in shown}


def contents(sent, key) -> str:
    data = sent[key]["data"]
    return data() if callable(data) else data


def copy_weights(at) -> dict:
    (component,) = [c for c in at.get("bidi_component") if c.proto.id.endswith("-pg_copy_weights")]
    return json.loads(component.proto.json)


def texts(at) -> str:
    return " ".join(e.value for kind in ("markdown", "caption", "info", "error", "toast") for e in at.get(kind))


def trained_page(steps: int = 6, **query):
    at = open_page(**{**SETTINGS, **query})
    for _ in range(steps):
        click(at, "pg_step_button")
    return at


def link_of(at) -> dict:
    """The query a copied weights link carries: the page's settings plus its weights."""
    query = {key: at.query_params[key] for key in at.query_params}
    return {**{k: v[0] if isinstance(v, list) else v for k, v in query.items()}, **copy_weights(at)["params"]}


def test_the_downloads_are_of_the_epoch_on_screen_and_wait_for_pause_while_playing(sent):
    at = trained_page()
    found = downloads(at, sent)
    assert found["pg_download_json"] == ("Download network (JSON)", "vectorlab-xor-2-5-2-1-epoch6.json", False)
    assert found["pg_download_script"] == ("Download Python script (numpy)", "vectorlab-xor-2-5-2-1-epoch6.py", False)
    assert "epoch 6" in texts(at)
    data = copy_weights(at)
    assert not data["disabled"] and data["label"] == "Copy link with the trained weights"
    assert weights_link.decode_weights(data["params"]["w"]).epoch == 6
    click(at, "pg_play")
    assert own(at).running
    found = downloads(at, sent)
    assert found["pg_download_json"][2] and found["pg_download_script"][2]
    assert copy_weights(at)["disabled"] and copy_weights(at)["params"] == {}
    click(at, "pg_pause")


def test_the_downloaded_script_run_with_numpy_alone_reproduces_the_network(sent, tmp_path):
    at = trained_page(steps=5)
    run = run_of(at)
    script = contents(sent, "pg_download_script")
    assert sent["pg_download_script"]["mime"] == "text/x-python" and sent["pg_download_script"]["on_click"] == "ignore"
    (tmp_path / "net.py").write_text(script, encoding="utf-8")
    raw = np.concatenate([run.data.raw.X_train, run.data.raw.X_test])
    np.save(tmp_path / "X.npy", raw)
    driver = (f"import numpy as np, runpy; ns = runpy.run_path({str(tmp_path / 'net.py')!r}); "
              f"np.save({str(tmp_path / 'y.npy')!r}, ns['predict'](np.load({str(tmp_path / 'X.npy')!r})))")
    done = subprocess.run([sys.executable, "-I", "-c", driver], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    features = np.concatenate([run.data.inputs.X_train, run.data.inputs.X_test])
    np.testing.assert_allclose(np.load(tmp_path / "y.npy"), run.net.forward(features), rtol=0, atol=1e-9)
    saved = json.loads(contents(sent, "pg_download_json"))
    assert saved["epoch"] == 5 and saved["setup"]["dataset"] == "xor" and saved["training"]["optimizer"] == "adam"
    np.testing.assert_array_equal(MLP.from_dict(saved["network"]).forward(features), run.net.forward(features))


def test_a_paused_earlier_epoch_is_what_the_files_and_the_link_take(sent):
    at = trained_page(steps=8)
    at.session_state["player"] = {"epoch": {"epoch": 3, "token": own(at).token}}  # scrubbed back to 3
    at.run()
    assert downloads(at, sent)["pg_download_json"][1].endswith("-epoch3.json")
    got = weights_link.decode_weights(copy_weights(at)["params"]["w"])
    snapshot = next(s for s in run_of(at).snapshots if s.epoch == 3)
    assert got.epoch == 3
    for theirs, mine in zip(got.params, snapshot.params):
        np.testing.assert_array_equal(theirs, mine.astype(np.float32))


def test_the_weights_link_opens_the_trained_network_paused_and_play_goes_on_from_it():
    at = trained_page()
    original = run_of(at)
    X = np.concatenate([original.data.inputs.X_train, original.data.inputs.X_test])
    query = link_of(at)
    assert len("&".join(f"{k}={v}" for k, v in query.items())) + weights_link.PARAM.__len__() < 2_000
    opened = open_page(**query)
    run = run_of(opened)
    assert run.epoch == 6 and not own(opened).running
    rounded = [p.astype(np.float32).astype(np.float64) for p in original.net.params]
    for theirs, mine in zip(run.net.params, rounded):
        np.testing.assert_array_equal(theirs, mine)  # exactly the link's float32 weights
    np.testing.assert_allclose(run.net.forward(X), original.net.forward(X), atol=1e-6)
    np.testing.assert_array_equal(run.net.classify(X), original.net.classify(X))
    assert "**Epoch 6**" in texts(opened) and "trained weights from the link" in texts(opened)
    assert weights_link.PARAM not in opened.query_params  # read once: a reload is of the settings
    assert opened.query_params["ds"] == ["xor"] or opened.query_params["ds"] == "xor"
    click(opened, "pg_step_button")
    assert run_of(opened).epoch == 7 and run_of(opened).history.train_loss[7] < original.history.train_loss[0]
    click(opened, "pg_play")
    frames = [int(frame["name"]) for frame in json.loads(
        [c for c in opened.get("bidi_component") if c.proto.id.endswith("-player")][0].proto.json)["chunk"]["frames"]]
    assert frames[0] > 7
    click(opened, "pg_pause")


@pytest.mark.parametrize("code", ["ru", "kk", "en"])
def test_a_language_switch_keeps_the_weights_from_the_link(code, sent):
    at = trained_page(steps=4)
    query = link_of(at)
    opened = open_page(**query)
    weights = [p.copy() for p in run_of(opened).net.params]
    opened.selectbox(key="lang").set_value(LANGUAGES[code]).run()
    assert not opened.exception
    assert run_of(opened).epoch == 4
    assert all(np.array_equal(a, b) for a, b in zip(run_of(opened).net.params, weights))
    assert translate(code, "export.link_loaded", epoch=4) in texts(opened)
    assert downloads(opened, sent)["pg_download_json"][0] == translate(code, "export.json")


def _bad_links():
    at = trained_page(steps=2)
    good = copy_weights(at)["params"]["w"]
    other = link_of(trained_page(steps=2, n1="3"))["w"]  # trained in a 2-3-2-1 network
    nan = weights_link.encode_weights(run_of(at).net, 2, ("x1", "x2"), "tanh")
    return {
        "cut short": (good[: len(good) // 2], "export.link_unreadable"),
        "not base64": ("<script>alert(1)</script>", "export.link_unreadable"),
        "emoji": ("🙂🙂", "export.link_unreadable"),
        "huge": ("A" * 50_000, "export.link_too_long"),
        "another network": (other, "export.link_other_network"),
        "another activation": (nan, "export.link_other_inputs"),
    }


def test_bad_weights_in_a_link_say_why_and_the_page_works_with_fresh_weights():
    for name, (text, key) in _bad_links().items():
        opened = open_page(**{**SETTINGS, "act": "relu" if name == "another activation" else "tanh", "w": text})
        assert not opened.exception, name
        run = run_of(opened)
        assert run.epoch == 0, name
        errors = " ".join(e.value for e in opened.error)
        english = translate("en", key, limit=weights_link.MAX_TEXT, link="2–3–2–1", settings="2–5–2–1")
        assert english in errors, (name, errors)
        assert translate("en", "export.link_fresh") in texts(opened), name
        click(opened, "pg_step_button")  # the page goes on
        assert run_of(opened).epoch == 1 and not [e for e in opened.error if e.value == english], name


def test_a_big_network_gets_no_weights_link_and_the_page_says_why(sent):
    at = open_page(layers="6", **{f"n{i}": "16" for i in range(1, 7)}, feat="x1,x2,x1^2,x2^2,x1*x2,sin x1,sin x2")
    data = copy_weights(at)
    assert data["disabled"] and data["params"] == {}
    n = run_of(at).net.n_params
    assert f"{n:,}" in texts(at) and "more than the 2,000" in texts(at)
    assert not downloads(at, sent)["pg_download_json"][2]  # the file has no such limit


def test_an_upload_gives_files_with_its_columns_and_scale_but_no_weights_link(sent):
    rows = "\n".join(f"{150 + 5 * x},{60 + 4 * y},{int(x * y > 0)}" for x in range(-3, 4) for y in range(-3, 4) if x and y)
    at = open_page()
    at.file_uploader(key="pg_upload").upload("<b>mine</b>.csv", f"height,weight,label\n{rows}\n".encode(),
                                             "text/csv").run()
    click(at, "pg_step_button")
    assert run_of(at).setup.dataset == "csv"
    assert downloads(at, sent)["pg_download_json"][1] == "vectorlab-csv-2-4-2-1-epoch1.json"  # no name of the user's
    saved = json.loads(contents(sent, "pg_download_json"))
    assert saved["inputs"]["names"] == ["height", "weight"] and saved["inputs"]["mean"][0] == pytest.approx(150)
    data = copy_weights(at)
    assert data["disabled"] and data["params"] == {}
    assert translate("en", "export.link_no_csv") in texts(at)


def test_the_spiral_presets_trained_network_fits_in_a_link_with_its_settings():
    """The module's claim: 7-8-8-8-8-1 (289 weights and biases) fits under 2,000 characters."""
    at = open_page()
    at.button(key="preset_spiral_depth").click().run()
    click(at, "pg_step_button")
    assert run_of(at).net.n_params == 289
    data = copy_weights(at)
    assert not data["disabled"]
    query = link_of(at)
    assert len("http://localhost:8501/train?" + "&".join(f"{k}={v}" for k, v in query.items())) < 2_000
    opened = open_page(**query)
    assert run_of(opened).epoch == 1 and run_of(opened).net.sizes == [7, 8, 8, 8, 8, 1]


def test_a_downloaded_file_opens_with_its_settings_and_weights_paused(sent):
    at = trained_page(steps=6, reg="l2", rrate="0.001", batch="25")
    original = run_of(at)
    content = contents(sent, "pg_download_json").encode()
    opened = open_page()  # another student, the default page
    opened.file_uploader(key="pg_network_upload").upload("net.json", content, "application/json").run()
    assert not opened.exception
    run = run_of(opened)
    assert run.setup == original.setup and run.training == original.training
    assert run.epoch == 6 and not own(opened).running
    for theirs, mine in zip(run.net.params, original.net.params):
        np.testing.assert_array_equal(theirs, mine)  # float64 through JSON: exact
    assert opened.selectbox(key="ds").value == "xor" and opened.session_state["n1"] == 5
    assert translate("en", "export.file_loaded", epoch=6) in texts(opened)
    click(opened, "pg_step_button")
    assert run_of(opened).epoch == 7


@pytest.mark.parametrize("content, key", [
    (b"not json", "export.file_not_json"),
    (b'{"format": "something else"}', "export.file_not_network"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "export.file_not_json"),
])
def test_a_bad_network_file_says_why_and_keeps_the_network_on_screen(content, key):
    at = trained_page(steps=3)
    before = [p.copy() for p in run_of(at).net.params]
    at.file_uploader(key="pg_network_upload").upload("<b>x</b>.json", content, "application/json").run()
    assert not at.exception
    assert translate("en", key) in " ".join(e.value for e in at.error)
    assert translate("en", "export.file_kept") in texts(at)
    assert run_of(at).epoch == 3 and all(np.array_equal(a, b) for a, b in zip(run_of(at).net.params, before))


def test_a_file_with_a_setting_the_controls_do_not_offer_says_so(sent):
    at = trained_page(steps=2)
    saved = json.loads(contents(sent, "pg_download_json"))
    saved["training"]["lr"] = 0.05  # not on the learning-rate scale
    before = run_of(at)
    at.file_uploader(key="pg_network_upload").upload("net.json", json.dumps(saved).encode(), "application/json").run()
    assert not at.exception
    assert translate("en", "export.file_settings_differ") in " ".join(e.value for e in at.error)
    assert run_of(at) is before and at.session_state["lr"] == 0.03


@pytest.mark.parametrize("query", [
    {"ds": "blobs", "classes": "4", "opt": "adam", "lr": "0.03"},  # a softmax network of 4 outputs
    {"ds": "drawn", "opt": "adam", "lr": "0.03"},  # the drawn example, points from the link's own code
])
def test_a_weights_link_of_several_classes_or_drawn_points_round_trips(query):
    at = open_page(**query)
    for _ in range(3):
        click(at, "pg_step_button")
    original = run_of(at)
    opened = open_page(**link_of(at))
    run = run_of(opened)
    assert run.setup == original.setup and run.epoch == 3
    X = np.concatenate([original.data.inputs.X_train, original.data.inputs.X_test])
    np.testing.assert_allclose(run.net.forward(X), original.net.forward(X), atol=1e-6)
    np.testing.assert_array_equal(run.net.classify(X), original.net.classify(X))
