"""AppTest of editing the network by hand on the diagram (app_pages/networks/playground_edit.py).

AppTest cannot click a plotly chart: the tests put what the player reports after a click
(`{"edit": {...}}`, as app_pages/player.js sends it) into the player's state, as the browser
would, and run the page. tests/browser/test_train_page.py clicks the real diagram."""

import base64

import numpy as np

from core.i18n import LANGUAGES

from tests.app.number_fields import type_number
from tests.app.test_train_page import chart, click, open_page, own, run_of


def dialog_titles(at) -> list[str]:
    """The titles of the open dialogs (the editor opens in one, over the picture)."""
    found = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", "") == "dialog" and child.proto.dialog.is_open:
                found.append(child.proto.dialog.title)
            walk(child)

    walk(at._tree)
    return found


def clicked(at, target, index):
    at.session_state["player"] = {"edit": {"target": target, "index": index, "token": own(at).token}}
    at.run()
    assert not at.exception, [e.message for e in at.exception]


def test_a_clicked_weight_is_set_on_the_epoch_on_screen_and_training_goes_on_from_it():
    at = open_page()
    for _ in range(5):
        click(at, "pg_step_button")
    before_loss = run_of(at).history.train_loss[-1]
    clicked(at, "weight", 5)  # x2 -> hidden 1 #2 (W1 is 2x4, row-major: 1 * 4 + 1)
    (title,) = dialog_titles(at)
    assert "x₂ → hidden 1 #2" in title and "epoch 5" in title
    type_number(at, "pg_edit_value", "2,5")  # a decimal comma, as a Russian student types it
    click(at, "pg_edit_set")
    run = run_of(at)
    assert run.epoch == 5 and run.net.weights[0][1, 1] == 2.5
    assert run.snapshots[-1].params[0][1, 1] == 2.5  # the picture and time travel show it
    assert run.history.train_loss[-1] != before_loss and len(run.history.train_loss) == 6
    assert own(at).editing is None and not dialog_titles(at)
    # the picture drawn is the edited network: its weight hover says 2.5
    weights = next(t for t in chart(at)["data"] if t.get("meta") == "edit_weight")["customdata"]
    if isinstance(weights, dict):  # plotly's typed-array JSON
        weights = np.frombuffer(base64.b64decode(weights["bdata"]), dtype=np.dtype(weights["dtype"]))
    assert weights[5] == 2.5
    click(at, "pg_step_button")
    assert run_of(at).epoch == 6 and run_of(at).net.weights[0][1, 1] != 2.5  # trained on from it


def test_a_bias_field_can_be_cancelled_and_a_stale_click_does_nothing():
    at = open_page()
    clicked(at, "bias", 0)
    assert own(at).editing == ("bias", 0)
    assert any("hidden 1 #1" in title for title in dialog_titles(at))
    click(at, "pg_edit_cancel")
    assert own(at).editing is None
    at.session_state["player"] = {"edit": {"target": "bias", "index": 0, "token": "0-0-gone"}}
    at.run()
    assert own(at).editing is None


def test_the_handles_add_and_remove_neurons_and_layers_like_the_controls():
    at = open_page()
    assert run_of(at).setup.hidden == (4, 2)
    clicked(at, "add_neuron", 2)
    assert run_of(at).setup.hidden == (4, 3) and at.session_state["n2"] == 3
    at.run()  # the same report seen again in a run the player did not start: not applied twice
    assert run_of(at).setup.hidden == (4, 3)
    clicked(at, "remove_neuron", 1)
    assert run_of(at).setup.hidden == (3, 3)
    clicked(at, "add_layer", 0)
    assert run_of(at).setup.hidden == (3, 3, 2) and at.slider(key="layers").value == 3
    clicked(at, "remove_layer", 0)
    clicked(at, "remove_layer", 0)
    assert run_of(at).setup.hidden == (3,)
    assert at.query_params["layers"] in ("1", ["1"])  # the link follows, as for the controls
    clicked(at, "remove_neuron", 5)  # no such layer: nothing happens
    assert run_of(at).setup.hidden == (3,)


def test_the_editor_speaks_the_readers_language_and_stays_open_through_a_switch():
    at = open_page()
    clicked(at, "weight", 0)
    at.selectbox(key="lang").set_value(LANGUAGES["ru"]).run()
    assert any("Вес" in title and "эпохе 0" in title for title in dialog_titles(at))
    assert at.button(key="pg_edit_set").label == "Задать"
    at.selectbox(key="lang").set_value(LANGUAGES["kk"]).run()
    click(at, "pg_edit_cancel")
    clicked(at, "bias", 1)
    assert any("ығысуы" in title for title in dialog_titles(at))


def test_a_bad_value_is_refused_with_a_message_and_the_field_survives_a_model_switch():
    at = open_page()
    clicked(at, "weight", 2)
    before = run_of(at).net.weights[0].flat[2]
    for bad in ("abc", "1e9", "<script>"):
        type_number(at, "pg_edit_value", bad)
        assert own(at).editing == ("weight", 2) and dialog_titles(at)  # still open, nothing lost
        # the field says which numbers it takes and which one is still in use, as plain text
        assert any(c.value.startswith(":red[") and "<script>" not in c.value for c in at.caption), bad
    assert at.session_state["pg_edit_value"] == float(f"{before:.4g}")  # the refused texts changed nothing
    other = next(o for o in at.selectbox(key="model").options if o != at.selectbox(key="model").value)
    at.selectbox(key="model").set_value(other).run()
    assert not at.exception and dialog_titles(at)
    type_number(at, "pg_edit_value", "-1.25")
    click(at, "pg_edit_set")
    assert run_of(at).net.weights[0].flat[2] == -1.25 and not dialog_titles(at)
