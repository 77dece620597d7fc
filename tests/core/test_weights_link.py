"""core.playground.weights_link: trained weights in one link parameter, and the run and session
that go on from them (Run.start_from, PlaygroundSession.load)."""

import base64
import struct
import zlib

import numpy as np
import pytest

from core.errors import UserInputError
from core.nn.datasets import DATASETS, MULTICLASS_DATASETS
from core.nn.mlp import MLP
from core.nn.trainer import Run, Setup, Training
from core.playground import weights_link as wl
from core.playground.messages import PlayerReport
from core.playground.session import Look, PlaygroundSession

SPIRAL = Setup(dataset="spiral", features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"),
               hidden=(8, 8, 8, 8))
LOOK = Look({}, False, False)


def _trained(setup=Setup(), epochs=20):
    run = Run(setup, Training(optimizer="adam", lr=0.03))
    run.train(epochs)
    return run


def _text(run):
    return wl.encode_weights(run.net, run.epoch, run.setup.features, run.setup.activation)


def _body_text(body: bytes, compress=True) -> str:
    packed = zlib.compress(body) if compress else body
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def _body(sizes, numbers, epoch=3, version=1, sign=0):
    return (struct.pack("<BIB", version, epoch, len(sizes)) + bytes(sizes) + struct.pack("<I", sign)
            + np.asarray(numbers, dtype="<f4").tobytes())


def test_round_trip_gives_float32_weights_the_same_predictions_and_the_epoch():
    run = _trained()
    text = _text(run)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    got = wl.decode_weights(text)
    assert got.sizes == (2, 4, 2, 1) and got.epoch == 20
    for mine, theirs in zip(run.net.params, got.params):
        assert theirs.shape == mine.shape and theirs.dtype == np.float64
        np.testing.assert_array_equal(theirs, mine.astype(np.float32))
    restored = MLP(list(got.sizes), activation="tanh")
    restored.set_params(got.params)
    X = np.concatenate([run.data.inputs.X_train, run.data.inputs.X_test])
    np.testing.assert_allclose(restored.forward(X), run.net.forward(X), atol=1e-6)
    np.testing.assert_array_equal(restored.classify(X), run.net.classify(X))
    wl.check_fits(got, wl.network_sizes(run.setup), ("x1", "x2"), "tanh")
    assert wl.decode_weights(wl.encode_weights(restored, 20, ("x1", "x2"), "tanh")).params[0].tolist() == \
        got.params[0].tolist()  # float32 again: a link of a link is the same link


def test_the_spiral_presets_network_fits_in_a_link_with_room_for_its_settings():
    """289 numbers: 5.3 characters each in base64url of float32, ~1,540 characters in all."""
    text = _text(_trained(SPIRAL, 3))
    assert len(text) <= 1_560
    assert wl.decode_weights(text).sizes == (7, 8, 8, 8, 8, 1)


def test_network_sizes_are_those_the_run_builds():
    for name, info in {**DATASETS, **MULTICLASS_DATASETS}.items():
        features = ("x1",) if info.n_inputs == 1 else ("x1", "x2", "x1*x2")
        for classes in (info.classes or (None,)):
            setup = Setup(dataset=name, features=features, hidden=(3, 2), classes=classes,
                          loss="mse" if info.task == "regression" else "bce")
            assert wl.network_sizes(setup) == tuple(Run(setup, Training()).net.sizes)
    for points in (((1.0, 1.0, 0), (1.2, 1.0, 0), (-1.0, 0.0, 1), (-1.2, 0.0, 1)),
                   ((1.0, 1.0, 0), (1.2, 1.0, 0), (-1.0, 0.0, 2), (-1.2, 0.0, 2))):
        setup = Setup(dataset="drawn", points=points, hidden=(3,))
        assert wl.network_sizes(setup) == tuple(Run(setup, Training()).net.sizes)
    with pytest.raises(UserInputError) as caught:
        wl.network_sizes(Setup(dataset="csv", csv_id="abc"))
    assert caught.value.key == "export.link_no_file"


def _refused(text, key):
    with pytest.raises(UserInputError) as caught:
        wl.decode_weights(text)
    assert caught.value.key == key
    return caught.value


def test_a_link_cut_short_or_changed_is_unreadable():
    text = _text(_trained())
    for cut in (1, 5, len(text) // 2, len(text) - 1):
        _refused(text[:cut], "export.link_unreadable")
    changed = text[:10] + ("A" if text[10] != "A" else "B") + text[11:]
    _refused(changed, "export.link_unreadable")  # zlib's checksum
    _refused(text + "AAAA", "export.link_unreadable")  # bytes after the end


@pytest.mark.parametrize("text", ["", "not base64!", "a b", "%%%", "ab=cd", "Zm9v", "A", "ключ", "<script>"])
def test_text_that_is_not_base64url_or_not_zlib_is_unreadable(text):
    _refused(text, "export.link_unreadable")


def test_a_header_that_lies_is_unreadable():
    good = _body((2, 1), [0.5, -0.5, 0.1])
    assert wl.decode_weights(_body_text(good)).sizes == (2, 1)
    _refused(_body_text(good, compress=False), "export.link_unreadable")  # not compressed
    _refused(_body_text(_body((2, 1), [0.5, -0.5, 0.1], version=2)), "export.link_unreadable")
    _refused(_body_text(_body((2, 1), [0.5, -0.5])), "export.link_unreadable")  # one number short
    _refused(_body_text(_body((2, 0), [])), "export.link_unreadable")  # a layer of no neurons
    _refused(_body_text(_body((2,), [])), "export.link_unreadable")  # one layer is no network
    _refused(_body_text(_body((2, 1), [0.5, -0.5, 0.1], epoch=wl.MAX_EPOCH + 1)), "export.link_unreadable")
    _refused(_body_text(b"\x01\x00"), "export.link_unreadable")


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_weights_that_are_not_numbers_are_refused(bad):
    _refused(_body_text(_body((2, 1), [0.5, bad, 0.1])), "export.link_not_finite")


def test_huge_links_are_refused_before_any_work():
    error = _refused("A" * (wl.MAX_TEXT + 1), "export.link_too_long")
    assert error.params == {"limit": wl.MAX_TEXT}
    # a header asking for a network of 200 x 200 x ... numbers
    _refused(_body_text(_body((200, 200, 200), [])), "export.link_too_many")
    # a text within the limit that inflates to 2.5 MB stops at the largest valid body (4 kB)
    bomb = base64.urlsafe_b64encode(zlib.compress(b"\x01" + b"\x00" * 2_500_000, 9)).decode().rstrip("=")
    assert len(bomb) <= wl.MAX_TEXT
    _refused(bomb, "export.link_too_many")
    _refused(12345, "export.link_too_long")  # not even text


def test_weights_for_other_settings_are_refused_with_both_shapes_named():
    got = wl.decode_weights(_text(_trained()))
    with pytest.raises(UserInputError) as caught:
        wl.check_fits(got, (2, 8, 1), ("x1", "x2"), "tanh")
    assert caught.value.key == "export.link_other_network"
    assert caught.value.params == {"link": "2–4–2–1", "settings": "2–8–1"}
    for features, activation in ((("x1", "x1^2"), "tanh"), (("x1", "x2"), "relu"), (("x2", "x1"), "tanh")):
        with pytest.raises(UserInputError) as caught:
            wl.check_fits(got, (2, 4, 2, 1), features, activation)
        assert caught.value.key == "export.link_other_inputs"


def test_the_encoder_refuses_what_a_link_cannot_carry():
    run = _trained()
    with pytest.raises(ValueError):
        wl.encode_weights(run.net, wl.MAX_EPOCH + 1, ("x1", "x2"), "tanh")
    broken = run.net.copy()
    broken.params[0][0, 0] = np.nan
    with pytest.raises(ValueError):
        wl.encode_weights(broken, 1, ("x1", "x2"), "tanh")


def test_a_run_started_from_weights_holds_them_at_their_epoch_and_trains_on():
    trained = _trained(epochs=30)
    run = Run(Setup(), Training(optimizer="adam", lr=0.03))
    run.start_from([p.copy() for p in trained.net.params], 30)
    assert run.epoch == 30 and [s.epoch for s in run.snapshots] == [30]
    assert len(run.history.train_loss) == len(run.history.test_accuracy) == 31
    assert np.isnan(run.history.train_loss[:30]).all()
    assert run.history.train_loss[30] == pytest.approx(trained.history.train_loss[30], rel=1e-12)
    run.train(5)
    assert run.epoch == 35 and run.history.train_loss[35] < run.history.train_loss[30]
    run.rewind(32)
    assert run.epoch == 32
    with pytest.raises(ValueError):
        run.start_from(trained.net.params, 3)  # no longer fresh
    regression = Run(Setup(dataset="sine", features=("x1",), loss="mse"), Training())
    regression.start_from(regression.net.params, 4)
    assert len(regression.history.train_loss) == 5 and regression.history.train_accuracy == []


def test_the_session_loads_the_weights_paused_and_play_goes_on_from_them():
    trained = _trained(epochs=25)
    got = wl.decode_weights(_text(trained))
    setup, training = trained.setup, trained.training
    session = PlaygroundSession()
    session.update(setup, training, 2, LOOK, PlayerReport())  # the page was open already
    session.load(setup, training, got.params, got.epoch)
    reply = session.update(setup, training, 2, LOOK, PlayerReport())
    assert reply.status == "still" and reply.shown == 25 and reply.run.epoch == 25
    X = trained.data.inputs.X_test
    np.testing.assert_allclose(reply.run.net.forward(X), trained.net.forward(X), atol=1e-6)
    session.play(PlayerReport())
    reply = session.update(setup, training, 2, LOOK, PlayerReport())
    names = [int(frame.name) for frame in reply.chunk.frames]
    assert reply.status == "playing" and names[0] == 27 and names == sorted(names)
    session.pause()
    session._settle()
