"""Train a network: TensorFlow Playground's controls, played back in the browser with time
travel over every recorded epoch (see app_pages/player.py for how the playback works).

The page reads the settings, calls one verb of the playground's session object
(core.playground.session) and draws its reply."""

import streamlit as st

from app_pages.charts import chart
from app_pages.callbacks import whole
from app_pages.common import t
from app_pages.networks.playground_classes import confusion_section
from app_pages.networks.playground_compare import compare_section
from app_pages.networks.playground_controls import draw_controls, figure_labels, settings
from app_pages.networks.playground_export import export_section, restore_link_weights
from app_pages.networks.playground_presets import preset_picker
from app_pages.networks.playground_session import report, send_frames, send_player, session
from core.figures.theme import round3
from core.playground.session import Look

own = session()
st.title(t("pg.title"))
st.markdown(t("pg.lead"))
setup, training, speed, show_test, discretize = settings()
left, main = st.columns([1, 2.7], gap="medium")


# Callbacks run before the page script: they take what they need from the session object and
# the player's report, never from what the last script run left behind.
@whole
def _play() -> None:
    session().play(report())


@whole
def _pause() -> None:
    session().pause()


@whole
def _step() -> None:
    session().step(report())


@whole
def _reset() -> None:
    session().reset()


own.csv = st.session_state.get("pg_csv")
restore_link_weights(own, setup, training)  # ?w=: a shared link's trained weights become the run
reply = own.update(setup, training, speed, Look(figure_labels(), show_test, discretize), report())
run = reply.run

with main:
    buttons = st.columns(4)
    moving = reply.moving
    buttons[0].button(t("pg.play"), key="pg_play", on_click=_play, disabled=moving,
                      icon=":material/play_arrow:", type="primary", width="stretch")
    buttons[1].button(t("pg.pause"), key="pg_pause", on_click=_pause, disabled=not moving,
                      icon=":material/pause:", width="stretch")
    buttons[2].button(t("pg.step"), key="pg_step_button", on_click=_step, disabled=moving,
                      icon=":material/skip_next:", width="stretch")
    buttons[3].button(t("pg.reset"), key="pg_reset", on_click=_reset, icon=":material/restart_alt:",
                      width="stretch")
    if moving:
        st.markdown(t("pg.status_playing"))  # the picture's own counter runs ahead of us
    else:
        shown, history = reply.shown, run.history
        st.markdown(t(
            "pg.status", epoch=shown, train=round3(history.train_loss[shown]), test=round3(history.test_loss[shown]),
        ))
    if run.diverged_at is not None:
        st.error(t("pg.diverged", epoch=run.diverged_at, lr=f"{run.training.lr:g}"))
    send_player("pg_chart", reply)
    chart(reply.figure, key="pg_chart", width="stretch")
    send_frames("pg_chart", reply, own)
# The controls after the picture: the browser draws what reaches it first, and after a changed
# control that is the picture; it then redraws the unchanged controls.
with left:
    draw_controls()
with main:
    confusion_section(reply)  # accuracy and the confusion matrix of the epoch on screen
    compare_section(setup, training.batch_size)
    preset_picker()
    export_section(run, None if reply.moving else reply.shown)  # downloads, the weights link

with st.expander(t("pg.explain_title")):
    st.markdown(t("pg.explain"))
st.markdown(t("pg.try"))
