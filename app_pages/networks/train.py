"""Train a network: TensorFlow Playground's controls, played back in the browser with time
travel over every recorded epoch (see app_pages/player.py for how the playback works)."""

import streamlit as st

from app_pages.common import t
from app_pages.networks.playground_compare import compare_section
from app_pages.networks.playground_controls import controls, figure_labels
from app_pages.networks.playground_presets import preset_picker
from app_pages.player import player, tag_figure
from core.figures.playground import playground_figure
from core.figures.theme import round3
from core.nn.trainer import Run

# Frames per server round trip. The first chunk after Play is short so that the picture starts
# moving at once; later ones are long, so that the pause to fetch the next one is rare.
FIRST_CHUNK_FRAMES = 15
CHUNK_FRAMES = 150
FRAME_MS = 0  # as fast as the browser redraws (about 20 frames/s on a 2-core laptop)
COMPUTE_BUDGET_S = 0.25  # of training per chunk
HISTORY_FRAMES = 20  # past epochs kept in a playing figure (each slider step costs redraw time)
MAX_STILL_FRAMES = 120  # epochs on the slider of a paused figure
state = st.session_state

st.title(t("pg.title"))
st.markdown(t("pg.lead"))
left, main = st.columns([1, 2.7], gap="medium")
with left:
    setup, training, speed, show_test, discretize = controls()


def _new_run() -> Run:
    state["pg_serial"] = state.get("pg_serial", 0) + 1  # tells this run's pictures from the last
    state["pg_running"] = False
    return Run(setup, training, csv=state.get("pg_csv"))


def _seen_epoch(run: Run) -> int | None:
    """The epoch on the student's screen if they paused or scrubbed the picture we last sent."""
    report = (state.get("player") or {}).get("epoch")
    if isinstance(report, dict) and report.get("token") == state.get("pg_token"):
        epoch = int(report["epoch"])
        return epoch if epoch <= run.epoch else None
    return None


def _continue_from_screen() -> None:
    run = state["pg_run"]
    seen = _seen_epoch(run)
    if seen is not None and seen < run.epoch:
        run.rewind(seen)
    elif run.diverged_at is not None:
        run.rewind(run.epoch)  # from the last finite state, with whatever learning rate is set now


def _play() -> None:
    _continue_from_screen()
    state["pg_running"] = True
    state["pg_first_chunk"] = True


def _pause() -> None:
    state["pg_running"] = False


def _step() -> None:
    _continue_from_screen()
    state["pg_running"] = False
    state["pg_run"].train(1)


def _reset() -> None:
    state["pg_run"] = _new_run()


run: Run | None = state.get("pg_run")
if run is None or run.setup != setup:
    run = state["pg_run"] = _new_run()
elif run.training != training:
    _continue_from_screen()  # a new learning rate goes on from the weights on screen
    run.set_training(training)

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

    play: list[str] = []
    frame_epochs, open_at = None, None
    if running and run.diverged_at is None:
        start_epoch = run.epoch
        frames = FIRST_CHUNK_FRAMES if state.pop("pg_first_chunk", False) else CHUNK_FRAMES
        run.train(frames * speed, max_seconds=COMPUTE_BUDGET_S)
        recorded = {s.epoch for s in run.snapshots}
        play = [str(e) for e in range(start_epoch + 1, run.epoch + 1)
                if e in recorded and ((e - start_epoch) % speed == 0 or e == run.epoch)]
        if run.diverged_at is not None or run.epoch == start_epoch:
            state["pg_running"] = False
        # Every frame of the chunk to play, and the past thinned for the time-travel slider.
        past = [s.epoch for s in run.snapshots if s.epoch <= start_epoch]
        past = past[:: max(1, len(past) // HISTORY_FRAMES)] + [start_epoch]
        frame_epochs, open_at = sorted(set(past) | {int(e) for e in play}), start_epoch
    token = f"{state['pg_serial']}-{run.epoch}-{'play' if play else 'still'}"
    # A report about the previous picture still holds only if this run sends the same picture.
    seen = _seen_epoch(run) if token == state.get("pg_token") else None
    state["pg_token"] = token

    shown = run.epoch if seen is None else seen
    history = run.history
    if play:
        st.markdown(t("pg.status_playing"))  # the picture's own counter runs ahead of us
    else:
        st.markdown(t(
            "pg.status", epoch=shown, train=round3(history.train_loss[shown]), test=round3(history.test_loss[shown]),
        ))
    if seen is not None:
        # Keep the picture on the epoch the student paused or scrubbed to.
        past = [s.epoch for s in run.snapshots]
        frame_epochs = sorted(set(past[:: max(1, len(past) // MAX_STILL_FRAMES)]) | {seen, run.epoch})
        open_at = seen
    if run.diverged_at is not None:
        st.error(t("pg.diverged", epoch=run.diverged_at, lr=f"{run.training.lr:g}"))
    figure = playground_figure(run, labels=figure_labels(), show_test=show_test, discretize=discretize,
                               frame_epochs=frame_epochs, open_at=open_at, play_buttons=False,
                               hover=not play)
    tag_figure(figure, token)
    st.plotly_chart(figure, key="pg_chart", config={"displaylogo": False}, width="stretch", theme=None)
    player("pg_chart", token, play, FRAME_MS, key="player")
    compare_section(setup, training.batch_size)
    preset_picker()

with st.expander(t("pg.explain_title")):
    st.markdown(t("pg.explain"))
st.markdown(t("pg.try"))
