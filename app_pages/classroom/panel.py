"""Class mode in the sidebar: start or join a class; the teacher's code, QR code, links and
counts; a student's "Explore on my own" / "Back to the teacher"."""

from __future__ import annotations

import html

import streamlit as st

from app_pages.classroom.live import class_guard, heard, seat, store
from app_pages.common import number, show_user_error, t
from core.classroom.qr import qr_data_uri
from core.errors import UserInputError
from core.text.plain import plain

_CSS = """<style>
.vl-class-code { font-size: 2.1rem; font-weight: 700; letter-spacing: 0.12em; font-family: monospace;
  line-height: 1.1; margin: 0.1rem 0 0.3rem 0; }
.vl-class-big { font-size: 6rem; font-weight: 700; letter-spacing: 0.12em; font-family: monospace;
  text-align: center; line-height: 1.1; }
.vl-class-qr img { width: 100%; height: auto; display: block; image-rendering: pixelated; }
.vl-class-qr-big { display: flex; justify-content: center; }
.vl-class-qr-big img { width: min(60vh, 420px); height: auto; image-rendering: pixelated; }
.vl-class-status { font-size: 0.95rem; white-space: nowrap; }
.st-key-class_strip { position: fixed; top: 0.45rem; right: 3.2rem; z-index: 999991;
  width: auto !important; max-width: calc(100vw - 2rem); background: var(--st-background-color, #fff);
  border: 2px solid #0072B2; border-radius: 0.7rem; padding: 0.2rem 0.4rem 0.2rem 0.8rem;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); }
.st-key-class_strip button { padding: 0.15rem 0.6rem; min-height: 2rem; }
</style>"""


def spoken(code: str) -> str:
    """Two groups of three, as a teacher reads it aloud: "KMR 3QX"."""
    return f"{code[:3]} {code[3:]}"


def _origin() -> str:
    url = st.context.url or ""
    # st.context.url is the page's address without its query; the class links start at the root
    for marker in ("://",):
        if marker in url:
            scheme, rest = url.split(marker, 1)
            return f"{scheme}://{rest.split('/', 1)[0]}"
    return ""


def join_link(code: str) -> str:
    return f"{_origin()}/?class={code}"


def teacher_link(code: str, key: str) -> str:
    return f"{_origin()}/?class={code}&teacher={key}"


def class_panel() -> None:
    own = seat()
    with st.sidebar:
        st.html(_CSS)
        if own.ended:
            st.info(t("class.over"))
            own.ended = False
        if own.role == "teacher":
            _teacher(own)
        elif own.role == "student":
            _student(own)
        else:
            _outside(own)


def _outside(own) -> None:
    with st.expander(t("class.title"), icon=":material/groups:"):
        st.caption(t("class.about"))
        if st.button(t("class.start"), key="class_start", icon=":material/co_present:", width="stretch"):
            own.start(store())
            st.query_params["class"] = own.code
            st.query_params["teacher"] = own.teacher_key
            st.rerun()
        st.divider()
        code = st.text_input(t("class.code"), key="class_code_input", max_chars=12, placeholder="KMR 3QX")
        nickname = st.text_input(t("class.nickname"), key="class_nickname", max_chars=40,
                                 help=t("class.nickname_help"))
        if st.button(t("class.join"), key="class_join", icon=":material/login:", width="stretch"):
            try:
                own.join(store(), code, nickname)
            except UserInputError as error:
                show_user_error(error)
                return
            st.query_params["class"] = own.code
            st.rerun()


@st.fragment(run_every=1.0)
def _counts(code: str) -> None:
    """The teacher's only polling: once a second, how many joined and follow."""
    with class_guard("the counts"):
        try:
            counts, names = store().counts(code), store().nicknames(code)
        except UserInputError:
            return
        st.markdown(t("class.counts", joined=number(counts.joined), following=number(counts.following)))
        if names:
            st.caption(", ".join(plain(name) for name in names[:60]))


def _show_code(own) -> None:
    @st.dialog(t("class.show_title"), width="large")
    def dialog() -> None:
        st.markdown(t("class.show_how", link=plain(join_link(own.code))))
        st.html(f'<div class="vl-class-big">{html.escape(spoken(own.code))}</div>'
                f'<div class="vl-class-qr-big"><img alt="QR" src="{qr_data_uri(join_link(own.code))}"></div>')

    dialog()


def _teacher(own) -> None:
    st.markdown(f"**{t('class.teacher_title')}**")
    st.html(f'<div class="vl-class-code">{html.escape(spoken(own.code))}</div>')
    st.html(f'<div class="vl-class-qr"><img alt="QR" src="{qr_data_uri(join_link(own.code))}"></div>')
    st.caption(t("class.join_link"))
    st.code(join_link(own.code), language=None)
    _counts(own.code)
    if st.button(t("class.show"), key="class_show", icon=":material/fullscreen:", width="stretch"):
        _show_code(own)
    with st.expander(t("class.teacher_link_title"), icon=":material/key:"):
        st.caption(t("class.teacher_link_help"))
        st.code(teacher_link(own.code, own.teacher_key), language=None)
    if st.button(t("class.end"), key="class_end", icon=":material/logout:", width="stretch"):
        own.leave(store())
        for name in ("class", "teacher"):
            st.query_params.pop(name, None)
        st.rerun()


def _student(own) -> None:
    st.markdown(f"**{t('class.student_title', code=html.escape(spoken(own.code)))}**")
    if st.button(t("class.leave"), key="class_leave", icon=":material/logout:", width="stretch"):
        own.leave(store())
        st.query_params.pop("class", None)
        st.rerun()


def student_strip() -> None:
    """A student's class status and its one button, fixed at the top of the page where it is
    always in sight (the sidebar's end is below the menu); drawn in the main area, before the page."""
    own = seat()
    if own.role != "student":
        return
    now = heard()
    question = now.broadcast.question if now.broadcast else None
    status = t("class.following_short") if own.following else t("class.exploring_short")
    with st.container(key="class_strip", horizontal=True, vertical_alignment="center", gap="small"):
        # data-version: the teacher's version this page shows (bench/class_load.py waits for it)
        # (a run taking a version on shows it: after_page marks it applied only once the page has drawn)
        shown = own.applied if own.applying is None else own.applying
        st.html(f'<div class="vl-class-status" data-version="{shown}"><b>{html.escape(spoken(own.code))}</b> · '
                f'{html.escape(status)}</div>', width="content")
        if own.following:
            if st.button(t("class.break_away"), key="class_break", icon=":material/explore:"):
                own.follow(store(), False)
                st.rerun()
        else:
            if question and not question.get("revealed"):
                st.html(f'<div class="vl-class-status">{html.escape(t("class.question_waiting"))}</div>', width="content")
            if st.button(t("class.back"), key="class_back", icon=":material/co_present:", type="primary"):
                own.follow(store(), True)
                st.rerun()
