"""Two sections of the item2vec page from the Kazakh lecture's "GOAL" slides: content against
behaviour (the same question, "what is like this item?", answered by hand-made features and by
vectors learned from sessions; a new item, where only content can answer) and similar against
complementary (nearest vectors against the items that most often come right after)."""

import pandas as pd
import streamlit as st

from app_pages.common import number, t
from app_pages.recommendations.recsys_data import PLANTED, item_label
from core.figures.theme import round3
from core.recsys.content import (
    complementary_split, content_features, content_neighbours, followers, tied_with_best,
)
from core.recsys.item2vec import similar_items
from core.recsys.sessions import UPLOAD_LABEL, SessionData
from core.text.plain import plain

state = st.session_state


def spec() -> dict[str, tuple]:
    return {"rs_new_genre": ("", None)}


@st.cache_resource(max_entries=4, show_spinner=False)
def _features(key: str, _data: SessionData):
    return content_features(_data.items)


def default_item(data: SessionData, items: list[str]) -> str:
    """The most frequent item with a planted companion, so that the complementary list has one
    to show at first; the most frequent item when nothing was planted (or for an upload)."""
    companions = data.planted.companion if data.planted else {}
    return next((i for i in items if i in companions), items[0])


@st.cache_data(max_entries=64, show_spinner=False)
def _followers(key: str, item: str, k: int, _data: SessionData) -> list[tuple[str, int, float]]:
    return followers(_data.sessions, item, k)


def followers_of(key: str, data: SessionData, item: str, k: int) -> list[tuple[str, int, float]]:
    """The k items most often right after `item` (cached per data and item)."""
    return _followers(key, item, k, data)


def show(key: str, data: SessionData, kv, item: str, k: int) -> None:
    """One question, "what goes with this item?", answered three ways side by side: by the
    catalogue's hand-made features (content), by item2vec's nearest vectors (behaviour:
    similar) and by what users took right after it (behaviour: complementary)."""
    genre_of = {i: info.genre for i, info in data.items.items() if info.genre != UPLOAD_LABEL}
    name = plain(item_label(data, item))
    st.header(t("rs21.three_title", item=name))
    st.markdown(t("rs21.three_lead"))
    with st.expander(t("rs21.why_title")):
        st.markdown(t("rs21.why"))
    similar = similar_items(kv, item, topn=k)
    after = followers_of(key, data, item, k)
    companion = (data.planted.companion if data.planted else {}).get(item)
    by_content, by_vectors, by_sessions = st.columns(3, gap="medium")
    with by_content:
        st.subheader(t("rs21.by_content"))
        if item in genre_of:
            features = _features(key, data)
            info = data.items[item]
            query = features.vector(info.genre, info.super_genre)
            found = content_neighbours(features, query, k, exclude=(item,))
            st.dataframe(pd.DataFrame([{t("rs.col_item"): item_label(data, i), t("rs21.col_content"): round3(s)}
                                       for i, s in found]), hide_index=True, width="stretch")
            st.caption(t("rs21.content_ties", n=number(tied_with_best(features, query, exclude=(item,))),
                         genre=plain(info.genre)))
        else:
            st.info(t("rs21.no_genres"))
    with by_vectors:
        st.subheader(t("rs21.by_vectors"))
        st.dataframe(pd.DataFrame([{t("rs.col_item"): _marked(data, i, companion), t("rs.col_cosine"): round3(s)}
                                   for i, s in similar]), hide_index=True, width="stretch")
        if item in genre_of:
            same = sum(genre_of.get(i) == genre_of[item] for i, _ in similar)
            st.caption(t("rs21.vectors_found", same=same, k=len(similar), genre=plain(genre_of[item])))
    with by_sessions:
        st.subheader(t("rs21.by_sessions"))
        st.dataframe(pd.DataFrame([{t("rs.col_item"): _marked(data, i, companion), t("rs21.col_share"):
                                    f"{100 * share:.0f} %"} for i, _, share in after]),
                     hide_index=True, width="stretch")
        complements = complementary_split([i for i, _ in similar], after, genre_of, item)
        if complements:
            st.caption(t("rs21.complements_found", items=", ".join(plain(item_label(data, i)) for i in complements)))
        else:
            st.caption(t("rs21.no_complements"))
    _planted(data, kv, similar, after, companion)
    if data.source == "generated" and not data.planted.companion:
        st.info(t("rs21.plant_lead"))
        st.button(t("rs21.plant", share=f"{100 * PLANTED:.0f}"), key="rs_plant", on_click=_plant,
                  icon=":material/add_link:")
    if genre_of:
        _cold_start(key, data, k, genre_of)


def _plant() -> None:
    """Plant companions and move to an item that has one (default_item picks it)."""
    state["rs_companions"] = PLANTED
    state["rs_item"] = ""


def _planted(data: SessionData, kv, similar, after, companion: str | None) -> None:
    """What the generator planted for this item, and where each list put it."""
    if companion is not None:
        follow_rank = next((n + 1 for n, (i, _, _) in enumerate(after) if i == companion), None)
        near_rank = next((n + 1 for n, (i, _) in enumerate(similar) if i == companion), None)
        st.info(t("rs21.planted", companion=plain(item_label(data, companion)),
                  follows=t("rs21.rank", n=follow_rank) if follow_rank else t("rs21.absent"),
                  near=t("rs21.rank", n=near_rank) if near_rank else t("rs21.absent")))
    elif data.planted and data.planted.companion:
        with_one = [i for i in kv.index_to_key if i in data.planted.companion][:3]
        st.caption(t("rs21.no_planted", items=", ".join(plain(item_label(data, i)) for i in with_one)))


def _cold_start(key: str, data: SessionData, k: int, genre_of: dict) -> None:
    st.subheader(t("rs21.cold_title"))
    genres = list(dict.fromkeys(genre_of.values()))
    if state["rs_new_genre"] not in genres:
        state["rs_new_genre"] = genres[0]
    left, middle, right = st.columns([1, 1.2, 1.2], gap="large")
    with left:
        st.selectbox(t("rs21.new_genre"), genres, key="rs_new_genre")
        st.caption(t("rs21.cold_lead"))
    genre = state["rs_new_genre"]
    super_genre = next(info.super_genre for info in data.items.values() if info.genre == genre)
    features = _features(key, data)
    with middle:
        st.markdown(t("rs21.by_content_new"))
        found = content_neighbours(features, features.vector(genre, super_genre), k)
        st.dataframe(pd.DataFrame([{t("rs.col_item"): item_label(data, i), t("rs21.col_content"): round3(s)}
                                   for i, s in found]), hide_index=True, width="stretch")
    with right:
        st.markdown(t("rs21.by_behaviour_new"))
        st.warning(t("rs21.cold_behaviour"))


def _marked(data: SessionData, item: str, companion: str | None) -> str:
    return ("★ " if item == companion else "") + item_label(data, item)
