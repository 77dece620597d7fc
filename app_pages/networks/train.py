"""Train a network: TensorFlow Playground's controls, played back in the browser with time
travel over every recorded epoch (see app_pages/player.py for how the playback works)."""

import streamlit as st

from app_pages.charts import chart
from app_pages.callbacks import whole
from app_pages.common import t
from app_pages.networks.playground_compare import compare_section
from app_pages.networks import playground_chunks as chunks
from app_pages.networks import playground_head_start as head_start
from app_pages.networks.playground_controls import draw_controls, figure_labels, settings
from app_pages.networks.playground_presets import preset_picker
from app_pages.networks.playground_still import hold_place, still_picture
from app_pages.player import player
from core.figures.theme import round3
from core.nn.ahead import TrainingAhead
from core.nn.frame_epochs import kept_epoch
from core.nn.trainer import Run

# Frames per server round trip. The first chunk after Play is short so that the picture starts
# moving at once; while a chunk plays, the next one trains in a background thread, and the
# player asks for it before its frames run out, so chunks follow each other without a pause.
FIRST_CHUNK_FRAMES = 15
CHUNK_FRAMES = 240
FRAME_MS = 33  # about 30 frames/s: the player paints each frame on a canvas in a few ms
LEAD_FRAMES = 20  # frames left when the player asks for the next chunk: longer than a round trip
COMPUTE_BUDGET_S = 0.25  # of training while the student waits
# While the page rests, the first chunk is trained ahead (playground_head_start): a second of
# playing, so that the chunk after it is ready before it runs out.
HEAD_START_FRAMES = 30
HEAD_START_BUDGET_S = 0.5
AHEAD_MAX_S = 15.0  # a thread whose browser has gone away stops by itself
# The thread training ahead begins a moment after the reply (at most a quarter of the frames
# it carries): on a 2-core laptop the server sending the reply and the browser drawing it
# share the cores with it. Measured on the spiral: the first frame 0.45 s after Play when it
# began at once, 0.35 s when it waited 0.3 s.
AHEAD_AFTER_S = 0.3
MORE_WAIT_S = 0.3  # for the thread to train a chunk worth sending
state = st.session_state


def _settle(wanting_more: bool = False) -> None:
    """Take the run back from the thread training ahead, before anything reads or changes it.
    When the player asks for the next chunk, it still has `LEAD_FRAMES` to show: the thread may
    go on for a moment if it has trained less than that (else chunks could shrink to a frame
    or two, each costing a whole round trip)."""
    # Any read or write of the session state may stop this script run for a newer one, so the
    # thread leaves the state only once it has finished: a thread lost on the way would go on
    # training the run while the next script run draws it.
    speed = state.get("pg_speed", 1)
    ahead = state.get("pg_ahead")
    if ahead is not None:
        at_least = LEAD_FRAMES * max(speed, ahead.run.snapshot_stride) if wanting_more else 0
        prepared = ahead.finish(at_least, max_wait=MORE_WAIT_S)  # finishing twice is harmless
        state["pg_prepared"] = prepared
        del state["pg_ahead"]


_settle(wanting_more=bool((state.get("player") or {}).get("more")))
head_start.cancel()  # Play, which takes it, has had its turn
st.title(t("pg.title"))
st.markdown(t("pg.lead"))
setup, training, speed, show_test, discretize = settings()
left, main = st.columns([1, 2.7], gap="medium")


def _new_run() -> Run:
    state["pg_serial"] = state.get("pg_serial", 0) + 1  # tells this run's pictures from the last
    state["pg_running"] = False
    state["pg_paused"] = False
    state["pg_sent"] = None
    state["pg_prepared"] = None
    return Run(setup, training, csv=state.get("pg_csv"))


def _seen_epoch(run: Run) -> int | None:
    """The epoch on the student's screen if they paused, scrubbed or were asked about the
    picture we last sent, as the snapshot kept for it."""
    player_state = state.get("player") or {}
    report = player_state.get("at") or player_state.get("epoch")  # "at": the answer to an ask
    if isinstance(report, dict) and report.get("token") == state.get("pg_token"):
        return kept_epoch([s.epoch for s in run.snapshots], int(report["epoch"]), run.epoch)
    return None


def _drop_unseen(run: Run) -> None:
    """After Pause, the epochs trained ahead of the one on screen go, once the player says which
    that is: the time-travel slider ended at epochs the class never saw ("Epoch 228" on screen,
    the slider up to 1113), and Play goes on from the screen anyway."""
    if not state.get("pg_paused"):
        return
    at_pause = _seen_epoch(run)
    if at_pause is None:
        return  # not yet: the paused picture is on its way to the browser
    state["pg_paused"] = False
    if at_pause < run.epoch:
        run.rewind(at_pause)


def _continue_from_screen() -> None:
    # No run between a preset (a fresh start) and the script run that makes it: a click that
    # comes in between finds nothing to continue; the new run starts at epoch 0 (and plays).
    run = state.get("pg_run")
    if run is None:
        return
    seen = _seen_epoch(run)
    if seen is not None and seen < run.epoch:
        run.rewind(seen)
    elif run.diverged_at is not None:
        run.rewind(run.epoch)  # from the last finite state, with whatever learning rate is set now


@whole
def _play() -> None:
    _settle()
    _continue_from_screen()
    state["pg_running"] = True
    state["pg_paused"] = False
    state["pg_first_chunk"] = True
    run = state.get("pg_run")
    taken = head_start.take(run, state.get("pg_serial"), COMPUTE_BUDGET_S) if run is not None else None
    if taken is not None:
        # the first chunk is trained already, on a fork: it plays from the epoch on screen
        state["pg_run"], state["pg_prepared"] = taken
        state["pg_sent"], state["pg_first_chunk"] = run.epoch, False


@whole
def _pause() -> None:
    _settle()
    state["pg_running"] = False
    # The server trains ahead of the screen (a chunk or two): the player's first report on the
    # paused picture says which epoch the class saw, and the rest goes (see _drop_unseen).
    state["pg_paused"] = True


@whole
def _step() -> None:
    _settle()
    state["pg_paused"] = False
    _continue_from_screen()
    state["pg_running"] = False
    if state.get("pg_run") is not None:
        state["pg_run"].train(1)


@whole
def _reset() -> None:
    _settle()
    state["pg_run"] = _new_run()


run: Run | None = state.get("pg_run")
asking = False
if run is None or run.setup != setup:
    playing = run is None and state.get("pg_running", False)  # Play pressed before a preset's fresh run was made
    run = state["pg_run"] = _new_run()
    state["pg_running"] = playing
elif run.training != training:
    if state["pg_running"] and chunks.last_figure() is not None and not (state.get("player") or {}).get("at"):
        asking = True  # while playing, first ask the player which epoch is on screen
    else:
        _continue_from_screen()  # a new learning rate goes on from the weights on screen
        run.set_training(training)
        state["pg_replace"] = state["pg_running"]  # the frames trained with the old one go

with main:
    buttons = st.columns(4)
    running = state["pg_running"]
    buttons[0].button(t("pg.play"), key="pg_play", on_click=_play, disabled=running,
                      icon=":material/play_arrow:", type="primary", width="stretch")
    buttons[1].button(t("pg.pause"), key="pg_pause", on_click=_pause, disabled=not running,
                      icon=":material/pause:", width="stretch")
    buttons[2].button(t("pg.step"), key="pg_step_button", on_click=_step, disabled=running,
                      icon=":material/skip_next:", width="stretch")
    buttons[3].button(t("pg.reset"), key="pg_reset", on_click=_reset, icon=":material/restart_alt:",
                      width="stretch")

    look = (figure_labels(), show_test, discretize)
    playback = None
    if running and not asking:
        first = state.pop("pg_first_chunk", False)
        sent = state.get("pg_sent")  # the end of the chunk the browser has
        start_epoch = sent if not first and sent is not None and sent <= run.epoch else run.epoch
        if run.epoch == start_epoch and run.diverged_at is None:  # nothing trained ahead: the first chunk, or a rewind
            run.train((FIRST_CHUNK_FRAMES if first else CHUNK_FRAMES) * speed, max_seconds=COMPUTE_BUDGET_S)
        prepared = state.pop("pg_prepared", None)
        wanted = {"serial": state["pg_serial"], "start": start_epoch, "end": run.epoch, "speed": speed, "look": look}
        if not prepared or any(prepared[k] != v for k, v in wanted.items()):
            prepared = chunks.chunk(run, state["pg_serial"], start_epoch, speed, look)
        playback = prepared["playback"]
        if run.diverged_at is not None or playback is None:
            state["pg_running"] = False
    play = playback is not None
    figure = chunks.playing_figure(prepared, run) if play else None
    if not play and not asking:
        _drop_unseen(run)
    if asking:
        figure = chunks.last_figure()  # the picture goes on as it is until the answer
    token = f"{state['pg_serial']}-{run.epoch}-{'ask' if asking else 'play' if play else 'still'}"
    # A report about the previous picture still holds only if this run sends the same picture.
    seen = _seen_epoch(run) if token == state.get("pg_token") else None
    state["pg_token"] = token

    shown = run.epoch if seen is None else seen
    history = run.history
    if play or asking:
        st.markdown(t("pg.status_playing"))  # the picture's own counter runs ahead of us
    else:
        st.markdown(t(
            "pg.status", epoch=shown, train=round3(history.train_loss[shown]), test=round3(history.test_loss[shown]),
        ))
    if run.diverged_at is not None:
        st.error(t("pg.diverged", epoch=run.diverged_at, lr=f"{run.training.lr:g}"))
    still = None
    if figure is None:
        figure, still = still_picture(run, state["pg_serial"], seen, look, token)
        chunks.remember_figure(state["pg_serial"], look, figure)  # Play paints on it
    if play and state["pg_running"]:
        # Before anything is sent: a rerun that interrupts this one must not play the chunk again.
        state["pg_sent"] = start = run.epoch
        serial, epochs = state["pg_serial"], CHUNK_FRAMES * max(speed, run.snapshot_stride)
        state["pg_speed"] = speed
        after = min(AHEAD_AFTER_S, len(playback.chunk["frames"]) * FRAME_MS / 1000 / 4)
        ahead = TrainingAhead(run, epochs, AHEAD_MAX_S, after=after,
                              then=lambda trained: chunks.chunk(trained, serial, start, speed, look))
        # Stored before it starts: a rerun can interrupt the store, and a thread nobody can
        # find would keep training this run while the next script run uses it.
        state["pg_ahead"] = ahead
        ahead.start()
    elif not state["pg_running"] and not asking and run.diverged_at is None:
        serial = state["pg_serial"]
        head_start.start(run, serial, shown, HEAD_START_FRAMES * speed, HEAD_START_BUDGET_S,
                         then=lambda trained, at=shown: chunks.chunk(trained, serial, at, speed, look))
    chunk = None
    if playback is not None:
        chunk = {**playback.chunk, "final": not state["pg_running"], "replace": state.pop("pg_replace", False)}
    # Plotly keeps what changed in the browser (zoom, the player's epoch axes) while the
    # revision stays: for one run, not into the next (a Reset while playing kept 0..1000).
    figure.update_layout(uirevision=f"run-{state['pg_serial']}")
    # The frames go first: the browser parses them while the chart is still being drawn.
    player("pg_chart", figure.layout.meta["vl_token"], chunk, token=token, run=state["pg_serial"],
           ask=asking, frame_ms=FRAME_MS, lead=LEAD_FRAMES, key="player")
    chart(figure, key="pg_chart", width="stretch")
    if still is not None:
        still.send("pg_chart")
    else:
        hold_place("pg_chart")
# The controls after the picture: the browser draws what reaches it first, and after a changed
# control that is the picture; it then redraws the unchanged controls.
with left:
    draw_controls()
with main:
    compare_section(setup, training.batch_size)
    preset_picker()

with st.expander(t("pg.explain_title")):
    st.markdown(t("pg.explain"))
st.markdown(t("pg.try"))

