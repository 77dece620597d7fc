"""The playground's session object without Streamlit: each verb and what its reply says to draw."""

import numpy as np

from core.nn.trainer import Run, Setup, Training
from core.playground import timings
from core.playground.messages import EpochReport, PlayerReport
from core.playground.session import Look, PlaygroundSession

LOOK = Look({}, False, False)
NO_NEWS = PlayerReport()


def _update(session, training=Training(), report=NO_NEWS, setup=Setup(), speed=2, look=LOOK):
    return session.update(setup, training, speed, look, report)


def _more(session, **kw):
    """The player asks for the next chunk once the thread training ahead has done its work."""
    session.ahead._thread.join(20)
    return _update(session, report=PlayerReport(more=session.token), **kw)


def test_a_fresh_session_shows_a_still_untrained_run_with_nowhere_to_travel():
    session = PlaygroundSession()
    reply = _update(session)
    assert reply.status == "still" and not reply.moving and reply.shown == 0 and reply.run.epoch == 0
    assert reply.chunk is None and reply.frames.token is None and session.ahead is None
    assert reply.figure.layout.meta["vl_token"] == reply.token == session.token


def test_step_trains_one_epoch_and_the_still_picture_gets_frames_to_travel():
    session = PlaygroundSession()
    _update(session)
    session.step(NO_NEWS)
    reply = _update(session)
    assert reply.run.epoch == 1 and reply.shown == 1
    assert [f["name"] for f in reply.frames.frames()] == ["0", "1"]
    assert reply.figure.layout.meta["vl_frames"] == reply.frames.token


def test_play_sends_a_short_first_chunk_and_trains_the_next_ahead():
    session = PlaygroundSession()
    _update(session)
    session.play(NO_NEWS)
    reply = _update(session)
    names = [int(frame.name) for frame in reply.chunk.frames]
    assert reply.status == "playing" and session.running and not reply.chunk.final
    # speed 2: every other epoch; at most FIRST_CHUNK_FRAMES (fewer if the 0.25 s budget ran out)
    assert names == list(range(2, names[-1] + 1, 2)) and len(names) <= timings.FIRST_CHUNK_FRAMES
    assert session.sent == names[-1] == reply.run.epoch
    assert session.ahead is not None
    following = _more(session)
    more = [int(frame.name) for frame in following.chunk.frames]
    assert more[0] == names[-1] + 2 and len(more) >= timings.LEAD_FRAMES
    assert following.figure is reply.figure  # painted on the picture already on screen


def test_pause_drops_the_epochs_the_class_never_saw_once_the_player_says_which():
    session = PlaygroundSession()
    _update(session)
    session.play(NO_NEWS)
    _update(session)
    _more(session)
    session.pause()
    paused = _update(session)
    trained = paused.run.epoch
    assert paused.status == "still" and trained > 20 and session.ahead is None
    report = PlayerReport(epoch=EpochReport(epoch=20, token=session.token))
    again = _update(session, report=report)
    assert again.shown == 20 and again.run.epoch == 20
    assert int(again.frames.frames()[-1]["name"]) == 20


def test_a_report_about_an_older_picture_is_ignored():
    session = PlaygroundSession()
    _update(session)
    for _ in range(5):
        session.step(NO_NEWS)
    reply = _update(session, report=PlayerReport(epoch=EpochReport(epoch=2, token="another picture")))
    assert reply.shown == 5 and reply.run.epoch == 5


def test_a_new_learning_rate_while_playing_asks_the_player_first_then_goes_on_from_its_answer():
    session = PlaygroundSession()
    _update(session)
    session.play(NO_NEWS)
    first = _update(session)
    faster = Training(lr=0.1)
    asking = _update(session, training=faster)
    assert asking.status == "asking" and asking.chunk is None and asking.figure is first.figure
    on_screen = int(first.chunk.frames[3].name)
    answered = _update(session, training=faster, report=PlayerReport(at=EpochReport(on_screen, asking.token)))
    assert answered.status == "playing" and answered.chunk.replace
    assert answered.run.training.lr == 0.1 and int(answered.chunk.frames[0].name) > on_screen


def test_new_training_settings_at_rest_continue_but_a_new_setup_starts_over():
    session = PlaygroundSession()
    _update(session)
    for _ in range(3):
        session.step(NO_NEWS)
    reply = _update(session, training=Training(optimizer="adam"))
    assert reply.run.epoch == 3 and reply.run.optimizer.name == "adam"
    serial = session.serial
    fresh = _update(session, setup=Setup(dataset="xor"))
    assert fresh.run.epoch == 0 and session.serial == serial + 1 and fresh.token.startswith(f"{serial + 1}-")


def test_divergence_stops_the_play_with_a_final_chunk_and_play_goes_on_from_the_last_finite_state():
    session = PlaygroundSession()
    setup, wild = Setup(dataset="plane", loss="mse", hidden=(8, 8)), Training(lr=1.0)
    _update(session, setup=setup, training=wild)
    session.play(NO_NEWS)
    reply = _update(session, setup=setup, training=wild)
    assert reply.run.diverged_at is not None and reply.chunk.final and not session.running
    assert reply.chunk.frames[-1].name == str(reply.run.epoch) and reply.run.net.is_finite()
    calm = Training(lr=0.01)
    _update(session, setup=setup, training=calm)
    session.play(NO_NEWS)
    again = _update(session, setup=setup, training=calm)
    assert again.run.diverged_at is None and again.run.net.is_finite()
    # Read at the next chunk: once on CI (this worker at nice 10 beside the browser tests) the
    # first chunk's reply after Play still showed epoch 5; not understood yet (fifth session's note).
    later = _update(session, setup=setup, training=calm)
    assert later.run.diverged_at is None and later.run.epoch > 5 and later.run.net.is_finite()


def test_reset_and_start_over():
    session = PlaygroundSession()
    _update(session)
    session.play(NO_NEWS)
    _update(session)
    session.reset()
    assert session.ahead is None and not session.running and session.run.epoch == 0
    session.start_over()
    assert session.run is None
    session.play(NO_NEWS)  # a click before the fresh run was made: Play is not lost
    reply = _update(session, setup=Setup(dataset="xor"))
    assert reply.status == "playing" and reply.run.setup.dataset == "xor"


def test_still_frames_are_computed_once_while_only_the_look_changes():
    session = PlaygroundSession()
    _update(session)
    for _ in range(4):
        session.step(NO_NEWS)
    reply = _update(session)
    frames = reply.frames.frames()
    session.remember_still(reply.frames)
    shown_test = _update(session, look=Look({}, True, False))
    assert shown_test.frames is reply.frames and shown_test.frames.frames() is frames
    discrete = _update(session, look=Look({}, False, True))
    assert discrete.frames.token != reply.frames.token


def test_a_played_run_equals_one_trained_in_one_go():
    session = PlaygroundSession()
    _update(session)
    session.play(NO_NEWS)
    _update(session)
    _more(session)
    session.pause()
    run = _update(session).run
    twin = Run(Setup(), Training())
    twin.train(run.epoch)
    assert all(np.array_equal(a, b) for a, b in zip(twin.net.params, run.net.params))
