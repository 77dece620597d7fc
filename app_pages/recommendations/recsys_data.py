"""The sessions the item2vec page learns from: generated with known structure (its parameters
as sliders) or uploaded as a CSV; named by a short key that caches can use."""

import streamlit as st

from app_pages.charts import chart
from app_pages.common import number, t
from app_pages.plain_errors import show_plain_error
from app_pages.number_field import number_field
from core.embeddings.training import fingerprint
from core.errors import UserInputError
from core.links import Interval
from core.recsys.sessions import (
    UPLOAD_LABEL, GeneratorParams, SessionData, generate_sessions, read_sessions_csv, summary,
)
from core.figures.recsys import popularity_figure

SOURCE_KEYS = {"generated": "rs.source.generated", "upload": "rs.source.upload"}
SESSION_COUNTS = [500, 1000, 2000, 5000, 10000, 20000]
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"rs_source": ("generated", list(SOURCE_KEYS)), "rs_n": (5000, SESSION_COUNTS),
            "rs_items": (400, range(40, 1001)), "rs_genres": (12, range(4, 13)), "rs_pop": (1.0, Interval(0.0, 2.0)),
            "rs_taste": (2, range(1, 5)), "rs_drift": (0.15, Interval(0.0, 1.0)),
            "rs_order": (0.5, Interval(0.0, 1.0)), "rs_noise": (0.05, Interval(0.0, 0.5)),
            "rs_length": (8.0, Interval(3.0, 20.0)), "rs_gen_seed": (0, range(0, 1000)),
            "rs_companions": (COMPANIONS, Interval(0.0, 0.5))}


# Companions (core.recsys.sessions, step 8) start off: with a tenth of the items given one, the
# page's other lessons change (measured at the defaults: item2vec's HR@10 0.389 -> 0.340 while
# popularity's rises 0.085 -> 0.126, since companions are hits; at Order 0 Markov overtakes
# co-occurrence). The "what goes with" section plants them with one button (PLANTED), where a
# tenth keeps item2vec's genre purity at 100 % and every companion first after its item.
COMPANIONS = 0.0
PLANTED = 0.1


@st.cache_resource(max_entries=8, show_spinner=False)
def _generated(params: GeneratorParams) -> SessionData:
    return generate_sessions(params)


@st.cache_resource(max_entries=4, show_spinner=False)
def _uploaded(key: str, _data: bytes) -> SessionData:
    return read_sessions_csv(_data)


def choose_data() -> tuple[str, SessionData]:
    """Draw the data controls; return a cache key and the sessions. Stops the page with a clear
    message when an upload is missing or unusable."""
    st.radio(t("rs.source"), list(SOURCE_KEYS), key="rs_source", horizontal=True,
             format_func=lambda s: t(SOURCE_KEYS[s]))
    if state["rs_source"] == "generated":
        with st.expander(t("rs.generator"), expanded=False):
            st.select_slider(t("rs.n_sessions"), SESSION_COUNTS, key="rs_n", format_func=number)
            st.slider(t("rs.n_items"), 40, 1000, step=20, key="rs_items")
            st.slider(t("rs.n_genres"), 4, 12, key="rs_genres")
            st.slider(t("rs.popularity"), 0.0, 2.0, step=0.1, key="rs_pop", help=t("rs.popularity_help"))
            st.slider(t("rs.taste"), 1, 4, key="rs_taste", help=t("rs.taste_help"))
            st.slider(t("rs.drift"), 0.0, 1.0, step=0.05, key="rs_drift", help=t("rs.drift_help"))
            st.slider(t("rs.order"), 0.0, 1.0, step=0.05, key="rs_order", help=t("rs.order_help"))
            st.slider(t("rs.noise"), 0.0, 0.5, step=0.05, key="rs_noise", help=t("rs.noise_help"))
            st.slider(t("rs.length"), 3.0, 20.0, step=0.5, key="rs_length")
            st.slider(t("rs21.companions"), 0.0, 0.5, step=0.05, key="rs_companions", help=t("rs21.companions_help"))
            number_field(t("rs.seed"), 0, 999, key="rs_gen_seed")
        params = GeneratorParams(
            n_sessions=state["rs_n"], n_items=state["rs_items"], n_genres=state["rs_genres"],
            popularity_exponent=float(state["rs_pop"]), taste_genres=min(state["rs_taste"], state["rs_genres"]),
            drift=float(state["rs_drift"]), order_strength=float(state["rs_order"]), noise=float(state["rs_noise"]),
            mean_length=float(state["rs_length"]), seed=state["rs_gen_seed"],
            companion_share=float(state["rs_companions"]),
        )
        return "generated:" + fingerprint(params), _generated(params)
    upload = st.file_uploader(t("rs.upload"), type=["csv", "txt"], key="rs_upload", help=t("rs.upload_help"))
    if upload is None:
        st.info(t("rs.upload_first"))
        st.stop()
    data = upload.getvalue()
    key = "upload:" + fingerprint(data)
    try:
        with st.spinner(t("rs.reading")):
            return key, _uploaded(key, data)
    except UserInputError as error:
        show_plain_error(error)
        st.stop()


def item_label(data: SessionData, item: str) -> str:
    """An item as the page names it: title and genre when generated, its id when uploaded."""
    info = data.items.get(item)
    if info is None or info.genre == UPLOAD_LABEL:
        return item
    return f"{info.name} · {info.genre}"


def show_summary(data: SessionData) -> None:
    facts = summary(data)
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(t("rs.sessions"), number(facts["sessions"]))
    c2.metric(t("rs.items"), number(facts["items"]))
    c3.metric(t("rs.mean_length"), f"{facts['mean_length']:.1f}")
    c4.metric(t("rs.top10"), f"{100 * facts['top10_share']:.0f} %", help=t("rs.top10_help"))
    if facts["one_item_sessions_dropped"]:
        st.caption(t("rs.dropped", n=number(facts["one_item_sessions_dropped"])))
    chart(popularity_figure(list(data.popularity().values()),
                                      labels={"rank": t("rs.fig.rank"), "count": t("rs.fig.count")}),
                    key="rs_tail")
    st.caption(t("rs.tail_note"))
