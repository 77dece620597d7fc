"""Train a network: TensorFlow Playground's controls, played back in the browser with time
travel over every recorded epoch (see app_pages/player.py for how the playback works).

The page reads the settings, calls one verb of the playground's session object
(core.playground.session) and draws its reply."""

import streamlit as st

from app_pages.charts import chart
from app_pages.callbacks import whole
from app_pages.classroom import screen as class_screen
from app_pages.classroom.moment_card import class_questions
from app_pages.common import presenting, t
from app_pages.networks.playground_classes import confusion_section
from app_pages.networks.playground_compare import compare_section
from app_pages.networks.playground_controls import draw_controls, draw_main_controls, figure_labels, settings
from app_pages.networks.playground_edit import apply_edit, edit_section
from app_pages.networks.playground_export import export_section, restore_link_weights
from app_pages.networks.playground_presets import preset_picker
from app_pages.networks.playground_session import report, send_frames, send_player, session
from core.figures.theme import round3
from core.playground.session import Look

_ONE_SCREEN_CSS = """<style>
[data-testid='stHeader'] { background: transparent; pointer-events: none; }
[data-testid='stHeader'] [data-testid='stToolbar'] { pointer-events: auto; }
[data-testid='stMainBlockContainer'] { padding: 1.2rem 2rem 4rem 2rem; }
[data-testid='stMainBlockContainer'] h1 { font-size: 2rem; padding: 0 0 0.25rem 0; }
</style>"""


def _button_width(label: str) -> float:
    """A button's share of the row: its icon and padding, and its label (Kazakh's "Қайта
    бастау" is twice as long as "Reset"), so that no label is cut to "Қа…" (Presenting mode's
    larger text included)."""
    return 0.75 + 0.075 * len(label) * (1.4 if presenting() else 1.0)


own = session()
# One screen, as in TensorFlow Playground: at 1366x768 the title, the row of main controls and
# the whole picture fit without scrolling; the lead and the explanations follow the picture.
st.html(_ONE_SCREEN_CSS)
st.title(t("pg.title"))
apply_edit()  # a click on the diagram (a + / − handle changes the settings read next)
setup, training, speed, show_test, discretize = settings()
_BUTTONS = ("pg.play", "pg.step", "pg.reset")
bar = st.columns([*(_button_width(t(key)) for key in _BUTTONS), 1.5, 1.75, 1.2, 1.2], gap="small",
                 vertical_alignment="bottom")
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
# In a class, a follower watches the teacher's run (trained once on this server) instead of its own.
driven = class_screen.teacher_reply(figure_labels())
if driven is None:
    class_screen.play_along(own, report())
reply = driven or own.update(setup, training, speed, Look(figure_labels(), show_test, discretize), report())
if driven is None:  # paused: the class sees the epoch it was shown, once known
    class_screen.share(reply, figure_labels(), settled=not own.pausing)
run = reply.run

# One button plays and pauses, as in TensorFlow Playground (its key says which it is).
moving = reply.moving
if moving:
    bar[0].button(t("pg.pause"), key="pg_pause", on_click=_pause, icon=":material/pause:", width="stretch",
                  disabled=bool(driven))
else:
    bar[0].button(t("pg.play"), key="pg_play", on_click=_play, icon=":material/play_arrow:", type="primary",
                  width="stretch", disabled=bool(driven))
bar[1].button(t("pg.step"), key="pg_step_button", on_click=_step, disabled=moving or bool(driven),
              icon=":material/skip_next:", width="stretch")
bar[2].button(t("pg.reset"), key="pg_reset", on_click=_reset, icon=":material/restart_alt:", width="stretch",
              disabled=bool(driven))
draw_main_controls(bar[3:])

with main:
    if driven:
        st.caption(t("class.teacher_drives"))
    if run.diverged_at is not None:
        st.error(t("pg.diverged", epoch=run.diverged_at, lr=f"{run.training.lr:g}"))
    send_player("pg_chart", reply)
    chart(reply.figure, key="pg_chart", width="stretch")
    send_frames("pg_chart", reply, own)
    if moving:
        st.markdown(t("pg.status_playing"))  # the picture's own counter runs ahead of us
    else:
        shown, history = reply.shown, run.history
        st.markdown(t(
            "pg.status", epoch=shown, train=round3(history.train_loss[shown]), test=round3(history.test_loss[shown]),
        ))
    edit_section(run, reply.shown, moving or bool(driven), figure_labels())
# The controls after the picture: the browser draws what reaches it first, and after a changed
# control that is the picture; it then redraws the unchanged controls.
with left:
    class_questions("train")  # a class's question on top of the column, in sight
    draw_controls()
with main:
    confusion_section(reply)  # accuracy and the confusion matrix of the epoch on screen
    compare_section(setup, training.batch_size)
    preset_picker()
    export_section(run, None if reply.moving else reply.shown)  # downloads, the weights link

st.markdown(t("pg.lead"))
with st.expander(t("pg.explain_title")):
    st.markdown(t("pg.explain"))
st.markdown(t("pg.try"))
