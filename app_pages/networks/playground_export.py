"""Take the trained network away: downloads of the network on screen (JSON, a numpy script), a
link that carries its trained weights, and opening such a link or a downloaded file again
(core.playground.take_away, core.playground.weights_link).

`restore_link_weights` runs before the session's `update` (a link's or a file's weights become
the run it draws); `export_section` draws the section under the picture. What became of them
is kept in the session object (`link_note`) until the run changes or trains on.
"""

from __future__ import annotations

from urllib.parse import quote

import streamlit as st

from app_pages.callbacks import whole
from app_pages.common import LINK_TEXT_MAX, number, t
from app_pages.networks.playground_controls import SPEC
from app_pages.networks.playground_session import session
from app_pages.plain_errors import show_plain_error
from app_pages.share import copy_link_button
from core.errors import UserInputError
from core.nn.trainer import Run, Setup, Training
from core.playground import weights_link
from core.playground.session import PlaygroundSession
from core.playground.take_away import Opened, Taken, network_json, network_script, read_network_file, taken
from core.text.plain import plain_params

# The part of a link before its query ("https://host:port/train?"): the server cannot see it,
# so the length check leaves this much room for it.
ADDRESS_ALLOWANCE = 100
_UPLOAD = "pg_network_upload"


def restore_link_weights(own: PlaygroundSession, setup: Setup, training: Training) -> None:
    """A link's trained weights (?w=...) or an opened file's become the run, paused at their
    epoch. The link parameter is read once and leaves the address: a reload or a later copy of
    the link is of the settings."""
    pending = own.link_note.get("pending") if own.link_note else None
    if pending is not None:
        _load_file(own, pending, setup, training)
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
        own.link_note = {"serial": None, "epoch": 0, "error": error, "source": "link"}
        st.toast(f"{t(error.key, **plain_params(error.params))} {t('export.link_fresh')}", icon=":material/error:")
        return
    own.link_note = {"serial": own.serial, "epoch": weights.epoch, "source": "link"}
    st.toast(t("export.link_loaded", epoch=weights.epoch), icon=":material/download_done:")


def _load_file(own: PlaygroundSession, opened: Opened, setup: Setup, training: Training) -> None:
    """The file's settings were put into the controls (`_open_file`); its weights go into the
    run if the page now reads the same settings back."""
    if (setup, training) != (opened.setup, opened.training):
        error = UserInputError("export.file_settings_differ", "The file's settings cannot all be set on this page.")
        own.link_note = {"serial": None, "epoch": None, "error": error, "source": "file"}
        return
    own.load(setup, training, opened.params, opened.epoch)
    own.link_note = {"serial": own.serial, "epoch": opened.epoch, "source": "file"}


def _widget_values(opened: Opened) -> dict:
    """The controls' values (playground_controls.SPEC) that give the file's settings; raises
    UserInputError when a setting is not one the controls offer."""
    setup, training = opened.setup, opened.training
    values = {
        "ds": setup.dataset, "noise": round(setup.noise * 100), "ratio": round(setup.train_ratio * 100),
        "points": setup.n_points, "dseed": setup.data_seed, "feat": list(setup.features), "layers": len(setup.hidden),
        **{f"n{i + 1}": n for i, n in enumerate(setup.hidden)}, "act": setup.activation, "lossfn": setup.loss,
        "iseed": setup.init_seed, "opt": training.optimizer, "lr": training.lr, "batch": training.batch_size,
        "reg": training.regularization or "none", "rrate": training.reg_rate,
    }
    if setup.classes is not None:
        values["classes"] = setup.classes
    for key, value in values.items():
        allowed = SPEC[key][1] if key in SPEC else ()
        if not all(v in allowed for v in (value if isinstance(value, list) else [value])):
            raise UserInputError("export.file_settings_differ", "The file's settings cannot all be set on this page.")
    return values


@whole
def _open_file() -> None:
    """A downloaded network file: its settings into the controls now (before they are drawn),
    its weights into the run once the page has read those settings (`restore_link_weights`)."""
    uploaded = st.session_state.get(_UPLOAD)
    if uploaded is None:
        return
    own = session()
    try:
        opened = read_network_file(uploaded.getvalue())
        values = _widget_values(opened)
    except UserInputError as error:
        run = own.run
        own.link_note = {"serial": own.serial, "epoch": run.epoch if run else None, "error": error, "source": "file"}
        return
    for key, value in values.items():
        st.session_state[key] = value
    st.session_state.pop("pg_preset", None)
    own.link_note = {"pending": opened}


def _note(own: PlaygroundSession, epoch: int):
    """What became of a link's or a file's weights, while the run it made (or the run on screen
    when it failed) is there untrained since: once the student trains on, it is news no more."""
    note = own.link_note
    if note is None or "pending" in note:
        return None
    if note["serial"] is None:
        note["serial"] = own.serial  # the run made instead of the link's
    if note["epoch"] is None:
        note["epoch"] = epoch
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
            st.caption(t("export.link_fresh" if note["source"] == "link" else "export.file_kept"))
        elif note is not None:
            st.info(t("export.link_loaded" if note["source"] == "link" else "export.file_loaded", epoch=note["epoch"]),
                    icon=":material/download_done:")
        st.caption(t("export.lead", epoch=away.epoch) if still else t("export.pause_first"))
        left, right = st.columns(2)
        left.download_button(t("export.json"), data=(lambda: network_json(away)) if still else b"",
                             file_name=f"{stem}.json", mime="application/json", on_click="ignore",
                             disabled=not still, key="pg_download_json", icon=":material/data_object:",
                             width="stretch", wrap=True)
        right.download_button(t("export.script"), data=(lambda: network_script(away)) if still else b"",
                              file_name=f"{stem}.py", mime="text/x-python", on_click="ignore",
                              disabled=not still, key="pg_download_script", icon=":material/code:",
                              width="stretch", wrap=True)  # in Presenting mode "…(num…" was cut in Russian
        text, caption = _weights_text(away) if still else (None, t("export.link_about"))
        copy_link_button(t("export.copy_weights"), t("share.copied"), t("export.copy_weights_help"),
                         key="pg_copy_weights", params={weights_link.PARAM: text} if text else {},
                         disabled=text is None)
        st.caption(caption)
        st.file_uploader(t("export.upload"), type=["json"], key=_UPLOAD, on_change=_open_file,
                         help=t("export.upload_help"))
