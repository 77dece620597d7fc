"""Class mode's glue with Streamlit: the store and the hub (once per server process), the
session's seat, and the two moments of every script run where a class matters:

- `before_page`, before any widget: a link's ?class= / ?teacher= takes a seat; a follower whose
  teacher has published a newer version takes on the teacher's settings (the link's parameters,
  then every page's `url_state` reads them again) and, after the navigation, the teacher's page;
- `after_page`, when the page has drawn: the teacher's page and settings go out to the class.

The store is chosen by the environment variable VECTORLAB_CLASS_STORE: unset, this process
keeps the classes (`streamlit run app.py` needs nothing else); `redis://host:6379/0` shares
them between replicas behind nginx (deploy/README.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass

import streamlit as st

from app_pages import widget_registry
from app_pages.common import CLASS_SEAT_KEY as SEAT_KEY
from app_pages.common import choose_model_from_link, on_link_written
from core.classroom import open_store
from core.classroom.hub import Hub
from core.classroom.seat import Broadcast, Seat
from core.errors import UserInputError
from core.figures.shared import share_figures

STORE_ENV = "VECTORLAB_CLASS_STORE"
# Parameters of the address that are the reader's own, never the teacher's settings.
OWN_PARAMS = ("lang", "class", "teacher")


@st.cache_resource
def hub() -> Hub:
    store = open_store(os.environ.get(STORE_ENV) or None)
    the_hub = Hub(store, widget_registry.rerun_session)
    store.subscribe(the_hub.notify)
    return the_hub


def store():
    return hub().store


@contextlib.contextmanager
def class_guard(what: str):
    """Class mode must never take a page down: a store out of reach (Redis stopped) becomes one
    short warning, and the page goes on alone; under VECTORLAB_RAISE (the tests) it raises."""
    try:
        yield
    except Exception:  # noqa: BLE001 -- Streamlit's rerun and stop signals are BaseExceptions
        logging.getLogger("vectorlab").exception("class mode: %s failed", what)
        if os.environ.get("VECTORLAB_RAISE"):
            raise
        from app_pages.common import t

        st.warning(t("class.unavailable"))


def seat() -> Seat:
    state = st.session_state
    if SEAT_KEY not in state:
        state[SEAT_KEY] = Seat()
    return state[SEAT_KEY]


@dataclass
class Heard:
    """What this run knows of the class: the teacher's latest broadcast and its version."""

    version: int = 0
    broadcast: Broadcast | None = None
    target_page: str | None = None  # a follower's page to switch to
    page: str | None = None  # this run's page (url_path), once the navigation has chosen it


_HEARD_KEY = "vl_class_heard"  # rewritten every run: the page's moment cards read it


def heard() -> Heard:
    return st.session_state.get(_HEARD_KEY) or Heard()


def _seat_from_link(own: Seat) -> None:
    query = st.query_params
    code, key = query.get("class"), query.get("teacher")
    if key and code and not (own.role == "teacher" and own.code == code):
        if not own.restore_teacher(store(), code, key):
            st.query_params.pop("teacher", None)
            own.ended = True  # an old teacher link: the class is over
    elif code and own.role is None and not own.ended:
        try:
            own.join(store(), code)
        except UserInputError:
            st.query_params.pop("class", None)
            own.ended = True


def before_page() -> None:
    own, now = seat(), Heard()
    st.session_state[_HEARD_KEY] = now
    _seat_from_link(own)
    # a class's runs draw the same figures, the teacher's first: each is built once for all of them
    share_figures(own.role is not None)
    session_id = widget_registry.this_session_id()
    if own.role is None:
        if session_id and own.listened:  # a session never in a class does not touch the store
            hub().forget(session_id)
            own.listened = False
        return
    # Streamlit's menu drops the address's parameters: the seat goes back into it, so that a
    # reload keeps the class (and the teacher's seat)
    if "class" not in st.query_params:
        st.query_params["class"] = own.code
    if own.role == "teacher" and "teacher" not in st.query_params:
        st.query_params["teacher"] = own.teacher_key
    try:
        version, data = store().latest(own.code)
    except UserInputError:
        own.leave(store())
        own.ended = True
        for name in ("class", "teacher"):
            st.query_params.pop(name, None)
        if session_id:
            hub().forget(session_id)
        return
    now.version, now.broadcast = version, Broadcast.from_dict(data)
    if own.role == "teacher":
        return
    if session_id:
        hub().listen(session_id, own.code, own.following, now.broadcast.question_mark())
        own.listened = True
    if own.needs(version) and now.broadcast.page is not None and version > 0:
        _take_on(own, version, now.broadcast)
        now.target_page = now.broadcast.page


def _take_on(own: Seat, version: int, broadcast: Broadcast) -> None:
    """The teacher's settings become this session's link; the reader's language stays."""
    query = st.query_params
    lang = query.get("lang")
    query.clear()
    query.update({**broadcast.params, "class": own.code, **({"lang": lang} if lang else {})})
    choose_model_from_link()
    own.applying = version


def after_navigation(current, pages: dict) -> None:
    """A teacher's new page goes out at once; a follower on another page than the teacher's goes
    there (the next run, on that page, reads the settings)."""
    now, own = heard(), seat()
    now.page = current.url_path
    if own.role == "teacher" and (own.published or {}).get("page") != current.url_path:
        _publish(own, current.url_path)  # a new page goes out before it draws
    target = now.target_page
    if target is not None and target != current.url_path and target in pages:
        st.switch_page(pages[target], query_params=dict(st.query_params))


def _publish(own: Seat, page: str) -> None:
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in OWN_PARAMS}
    try:
        own.publish_if_changed(store(), Broadcast(page, params, own.question, own.extra))
    except UserInputError:
        own.leave(store())
        own.ended = True


def _publish_early() -> None:
    own, now = seat(), heard()
    if own.role == "teacher" and now.page is not None:
        _publish(own, now.page)


on_link_written(_publish_early)


def after_page(current) -> None:
    own, now = seat(), heard()
    if own.role == "teacher":
        _publish(own, current.url_path)  # the question, or a page that writes no settings
    elif own.role == "student" and own.applying is not None and now.target_page in (None, current.url_path):
        own.took_on(own.applying)
