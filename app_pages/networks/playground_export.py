"""Take the trained network away: downloads of the network on screen (JSON, a numpy script), a
link that carries its trained weights, and opening such a link (core.playground.take_away,
core.playground.weights_link).

`restore_link_weights` runs before the session's `update` (the link's weights become the run
it draws); `export_section` draws the section under the picture. What happened to a link's
weights is kept in the session object (`link_note`) until the run changes or trains on.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from app_pages.common import LINK_TEXT_MAX, number, t
from app_pages.networks.playground_session import session
from app_pages.plain_errors import show_plain_error
from app_pages.share import copy_link_button
from core.errors import UserInputError
from core.text.plain import plain_params
from core.nn.trainer import Run, Setup, Training
from core.playground import weights_link
from core.playground.session import PlaygroundSession
from core.playground.take_away import Taken, network_json, network_script, taken

# The part of a link before its query ("https://host:port/train?"): the server cannot see it,
# so the length check leaves this much room for it.
ADDRESS_ALLOWANCE = 100


def restore_link_weights(own: PlaygroundSession, setup: Setup, training: Training) -> None:
    """A link's trained weights (?w=...) become the run, paused at their epoch. The parameter is
    read once and leaves the address: a reload or a later copy of the link is of the settings."""
    text = st.query_params.get(weights_link.PARAM)
    if text is None:
        return
    st.query_params.pop(weights_link.PARAM, None)
    try:
        weights = weights_link.decode_weights(text)
        sizes = weights_link.network_sizes(setup)
        weights_link.check_fits(weights, sizes, setup.features, setup.activation)
        own.load(setup, training, weights.params, weights.epoch)
    except UserInputError as error:
        own.link_note = {"serial": None, "epoch": 0, "error": error}
        st.toast(f"{t(error.key, **plain_params(error.params))} {t('export.link_fresh')}", icon=":material/error:")
        return
    own.link_note = {"serial": own.serial, "epoch": weights.epoch}
    st.toast(t("export.link_loaded", epoch=weights.epoch), icon=":material/download_done:")


def _note(own: PlaygroundSession, epoch: int):
    """What became of the link's weights, while the run it made (or the fresh one made instead)
    is on screen untrained since: once the student trains on, it is news no more."""
    note = own.link_note
    if note is None:
        return None
    if note["serial"] is None:
        note["serial"] = own.serial  # the fresh run made instead of the link's
    if (note["serial"], note["epoch"]) != (own.serial, epoch):
        own.link_note = None
        return None
    return note


def _weights_text(away: Taken) -> tuple[str | None, str]:
    """(the link parameter, None if the link cannot carry it) and the caption that says why."""
    if away.setup.dataset == "csv":
        return None, t("export.link_no_csv")
    try:
        text = weights_link.encode_weights(away.net, away.epoch, away.setup.features, away.setup.activation)
    except ValueError:
        return None, t("export.link_long_run", limit=number(weights_link.MAX_EPOCH))
    others = "&".join(f"{key}={quote(str(value), safe='')}" for key, value in st.query_params.items()
                      if key != weights_link.PARAM)
    length = ADDRESS_ALLOWANCE + len(others) + len(weights_link.PARAM) + 2 + len(text)
    n = away.net.n_params
    if length > LINK_TEXT_MAX:
        return None, t("export.link_too_big", n=number(n), chars=number(length), limit=number(LINK_TEXT_MAX))
    return text, t("export.link_fits", n=number(n), chars=number(length))


def export_section(run: Run, shown_epoch: int | None) -> None:
    """The downloads and the weights link, of the epoch on screen (`shown_epoch`; None while
    playing: the server does not know which frame the browser shows, so everything waits for
    Pause). The same elements either way: one that comes and goes redraws all after it."""
    own = session()
    note = _note(own, run.epoch)
    still = shown_epoch is not None
    # A copy of the network at the epoch (and the settings then): the files are written from it
    # when a button is clicked, in another thread, whatever the run does meanwhile. While
    # playing, the run is the training thread's: nothing is read from it.
    away = taken(run, shown_epoch, own.csv) if still else None
    stem = away.stem if still else "vectorlab-network"
    with st.expander(t("export.title"), icon=":material/download:", expanded=note is not None):
        if note is not None and "error" in note:
            show_plain_error(note["error"])
            st.caption(t("export.link_fresh"))
        elif note is not None:
            st.info(t("export.link_loaded", epoch=note["epoch"]), icon=":material/download_done:")
        st.caption(t("export.lead", epoch=away.epoch) if still else t("export.pause_first"))
        left, right = st.columns(2)
        left.download_button(t("export.json"), data=(lambda: network_json(away)) if still else b"",
                             file_name=f"{stem}.json", mime="application/json", on_click="ignore",
                             disabled=not still, key="pg_download_json", icon=":material/data_object:",
                             width="stretch")
        right.download_button(t("export.script"), data=(lambda: network_script(away)) if still else b"",
                              file_name=f"{stem}.py", mime="text/x-python", on_click="ignore",
                              disabled=not still, key="pg_download_script", icon=":material/code:",
                              width="stretch")
        text, caption = _weights_text(away) if still else (None, t("export.link_about"))
        copy_link_button(t("export.copy_weights"), t("share.copied"), t("export.copy_weights_help"),
                         key="pg_copy_weights", params={weights_link.PARAM: text} if text else {},
                         disabled=text is None)
        st.caption(caption)
