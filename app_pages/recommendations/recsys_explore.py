"""Exploring trained item vectors: the item map coloured by genre with its purity, similar items,
a user made of liked items, "what next?" for a session, and the lecture's five use cases."""

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import number, t
from app_pages.plain_errors import show_plain_error
from app_pages.number_field import number_field
from app_pages.recommendations import recsys_content
from app_pages.recommendations.recsys_data import item_label as _label
from app_pages.recommendations.recsys_evaluate import MODEL_KEYS
from core.embeddings.projection import project
from core.errors import UserInputError
from core.figures.recsys import item_map_figure
from core.figures.theme import round3
from core.recsys.baselines import MarkovBaseline
from core.recsys.content import complementary_split
from core.recsys.item2vec import (
    Item2VecParams, Item2VecRecommender, genre_purity, recommend_for_items, similar_items, user_vector,
)
from core.recsys.sessions import UPLOAD_LABEL, SessionData
from core.text.plain import plain

METHOD_KEYS = {"pca": "map.method.pca", "umap": "map.method.umap"}
MIN_MAP_ITEMS = 4  # a 2-D projection of fewer points says nothing (core.embeddings.project refuses)
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"rs_map": ("pca", list(METHOD_KEYS)), "rs_item": ("", None), "rs_liked": ((), None),
            "rs_session": (0, range(0, 200_000)), "rs_prefix": (3, range(1, 50)), "rs_k": (10, range(1, 21)),
            **recsys_content.spec()}


@st.cache_data(max_entries=8, show_spinner=False)
def _points(key: str, params: Item2VecParams, method: str, _kv) -> np.ndarray:
    return project(np.asarray(_kv.vectors), method=method, n_components=2, seed=0)


@st.cache_data(max_entries=8, show_spinner=False)
def _purity(key: str, params: Item2VecParams, _kv, _genres: dict) -> float:
    return genre_purity(_kv, _genres, k=10)


@st.cache_resource(max_entries=4, show_spinner=False)
def _markov(key: str, _data: SessionData) -> MarkovBaseline:
    return MarkovBaseline().fit(_data.sessions)


@st.cache_data(max_entries=4, show_spinner=False)
def _session_vectors(key: str, params: Item2VecParams, _data: SessionData, _kv) -> np.ndarray:
    """Every session as the mean of its items' unit vectors (for user → user and item → user)."""
    unit = _kv.get_normed_vectors()
    rows = [[_kv.key_to_index[i] for i in s if i in _kv.key_to_index] for s in _data.sessions]
    means = np.array([unit[r].mean(axis=0) if r else np.zeros(_kv.vector_size) for r in rows])
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return means / np.where(norms > 0, norms, 1.0)


def show(key: str, data: SessionData, kv, params: Item2VecParams) -> None:
    items = list(kv.index_to_key)  # most frequent first
    genres = {i: data.items[i].genre for i in items if i in data.items and data.items[i].genre != UPLOAD_LABEL}
    st.header(t("rs.map_title"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.radio(t("rs.map_method"), list(METHOD_KEYS), key="rs_map", horizontal=True,
                 format_func=lambda m: t(METHOD_KEYS[m]))
        if genres:
            st.metric(t("rs.purity"), f"{100 * _purity(key, params, kv, genres):.0f} %", help=t("rs.purity_help"))
            st.caption(t("rs.purity_note", chance=f"{100 * max(pd.Series(genres).value_counts(normalize=True)):.0f}"))
        if state["rs_item"] not in items:
            state["rs_item"] = recsys_content.default_item(data, items)
        st.selectbox(t("rs.item"), items, key="rs_item", format_func=lambda i: _label(data, i))
        liked = [i for i in state["rs_liked"] if i in kv.key_to_index]
        if not liked:
            liked = list(dict.fromkeys(i for i in data.sessions[0] if i in kv.key_to_index))[:3]
        state["rs_liked"] = liked
        st.multiselect(t("rs.liked"), items, key="rs_liked", format_func=lambda i: _label(data, i),
                       max_selections=20, help=t("rs.liked_help"))
        st.slider(t("rs.k"), 1, 20, key="rs_k")
    k = state["rs_k"]
    with right:
        try:
            recommended = recommend_for_items(kv, state["rs_liked"], k=k) if state["rs_liked"] else []
        except UserInputError as error:
            show_plain_error(error)
            recommended = []
        _item_map(key, data, kv, params, genres, recommended)
        st.subheader(t("rs.user_title"))
        st.dataframe(_table(data, recommended), hide_index=True, width="stretch")
    recsys_content.show(key, data, kv, state["rs_item"], k)
    _what_next(key, data, kv, k)
    _use_cases(key, data, kv, params, recommended)


def _item_map(key: str, data: SessionData, kv, params: Item2VecParams, genres: dict, recommended) -> None:
    items = list(kv.index_to_key)
    if len(items) < MIN_MAP_ITEMS:  # an uploaded catalogue of two or three items: the lists below still work
        st.info(t("rs.map_too_few", minimum=MIN_MAP_ITEMS, n=len(items)))
        return
    with st.spinner(t("rs.projecting")):
        points = _points(key, params, state["rs_map"], kv)
    index = kv.key_to_index
    liked_rows = [index[i] for i in state["rs_liked"]]
    user = points[liked_rows].mean(axis=0) if liked_rows else None
    figure = item_map_figure(
        points, [_label(data, i) for i in items], [genres.get(i, UPLOAD_LABEL) for i in items], liked_rows,
        [index[i] for i, _ in recommended], user,
        labels={"user": t("rs.fig.user"), "liked": t("rs.fig.liked"), "recommended": t("rs.fig.recommended"),
                "x": t("rs.fig.x"), "y": t("rs.fig.y")},
    )
    chart(figure, key="rs_map_fig")
    st.caption(t("rs.map_note"))


def _table(data: SessionData, pairs) -> pd.DataFrame:
    return pd.DataFrame([{t("rs.col_item"): _label(data, i), t("rs.col_cosine"): round3(s)} for i, s in pairs])


def _what_next(key: str, data: SessionData, kv, k: int) -> None:
    st.subheader(t("rs.next_title"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        state["rs_session"] = min(state["rs_session"], len(data.sessions) - 1)
        number_field(t("rs.session"), 0, len(data.sessions) - 1, key="rs_session")
        session = data.sessions[state["rs_session"]]
        state["rs_prefix"] = min(state["rs_prefix"], len(session) - 1)  # this session may be shorter
        if len(session) > 2:
            st.slider(t("rs.prefix"), 1, len(session) - 1, key="rs_prefix")
    prefix = session[: state["rs_prefix"]]
    actual = session[len(prefix)]
    lists = {t(MODEL_KEYS["item2vec"]): Item2VecRecommender(kv=kv).recommend(prefix, k, exclude=set(prefix)),
             t(MODEL_KEYS["markov"]): _markov(key, data).recommend(prefix, k, exclude=set(prefix))}
    # A small catalogue has fewer than k items left to recommend, and the two models may find
    # different numbers: the table is as long as the longer list, the shorter one padded blank.
    rows = max(len(found) for found in lists.values())
    with right:
        st.markdown(t("rs.next_prefix", items=" → ".join(plain(_label(data, i)) for i in prefix),
                      actual=plain(_label(data, actual))))
        st.dataframe(pd.DataFrame({name: [("✓ " if i == actual else "") + _label(data, i) for i in found]
                                   + [""] * (rows - len(found)) for name, found in lists.items()},
                                  index=pd.RangeIndex(1, rows + 1, name="#")),
                     width="stretch")


def _use_cases(key: str, data: SessionData, kv, params: Item2VecParams, recommended) -> None:
    """The lecture's five use cases (input → output, with its tagline for each), one example of
    each, all from the same vectors and sessions."""
    st.subheader(t("rs.cases_title"))
    sessions = _session_vectors(key, params, data, kv)
    unit = kv.get_normed_vectors()
    item = state["rs_item"]
    names = lambda found: ", ".join(_label(data, i) for i in found)  # noqa: E731
    similar = [i for i, _ in similar_items(kv, item, state["rs_k"])]
    genre_of = {i: info.genre for i, info in data.items.items() if info.genre != UPLOAD_LABEL}
    after = recsys_content.followers_of(key, data, item, state["rs_k"])
    complements = complementary_split(similar, after, genre_of, item)
    rows = [(t("rs.case.item_item"), _label(data, item),
             t("rs21.case.similar_complementary", similar=names(similar[:3]), complementary=names(complements[:2]) or "—"))]
    if state["rs_liked"]:
        liked = names(state["rs_liked"])
        rows.append((t("rs.case.user_item"), liked, names(i for i, _ in recommended[:3])))
        nearest = np.argsort(-(sessions @ user_vector(kv, state["rs_liked"])), kind="stable")[:3]
        rows.append((t("rs.case.user_user"), liked, ", ".join(t("rs.session_n", n=number(int(s))) for s in nearest)))
    session = data.sessions[state["rs_session"]]
    prefix = session[: state["rs_prefix"]]
    rows.append((t("rs.case.session_item"), " → ".join(_label(data, i) for i in prefix),
                 names(Item2VecRecommender(kv=kv).recommend(prefix, 3, set(prefix)))))
    fans = np.argsort(-(sessions @ unit[kv.key_to_index[item]]), kind="stable")[:3]
    rows.append((t("rs.case.item_user"), _label(data, item), ", ".join(t("rs.session_n", n=number(int(s))) for s in fans)))
    # A static table: its cells wrap, where a dataframe's cut the longer answers off.
    st.table(pd.DataFrame(rows, columns=[t("rs.col_case"), t("rs.col_query"), t("rs.col_answer")])
             .set_index(t("rs.col_case")))
    st.caption(t("rs.cases_note"))
