"""The WMD page's document search: the nearest documents of a collection by WMD, found with
prefetch and prune (sort by WCD, skip by RWMD), and how many exact solves that saved."""

import time

import pandas as pd
import streamlit as st

from app_pages import widget_registry
from app_pages.common import number, t
from app_pages.plain_errors import show_plain_error
from core.embeddings.corpora import lecture_corpus
from core.errors import UserInputError
from core.figures.theme import round3
from core.numbers import format_duration
from core.text.documents import document_tokens, lee_documents
from core.text.stopwords import prepare_tokens
from core.text.wmd import nearest_documents

COLLECTION_KEYS = {"lee": "wmd.collection.lee", "lecture": "wmd.collection.lecture", "own": "wmd.collection.own"}
QUERIES = {"en": "fire threatens homes near Sydney", "ru": "векторы слов и их контекст"}
MAX_DOCUMENTS = 500
# Checked here, not by the browser (max_chars), which drops a longer paste without a word.
MAX_OWN_CHARS = 1_000_000
# A copy of the pasted documents that is no widget's: Streamlit drops a widget's value at the end
# of a run that did not draw it (another collection chosen), and a megabyte is too much for the
# link, which keeps the page's other settings (url_state).
OWN_KEPT = "wmd_own_kept"
# Documents up to this long go in the link (as the page's two texts do); a longer collection
# is left out and the page says so. Percent-encoded Cyrillic takes six bytes a letter: 12 kB.
OWN_IN_LINK = 2_000
state = st.session_state


def spec(language: str) -> dict[str, tuple]:
    return {"wmd_collection": ("lee" if language == "en" else "lecture", list(COLLECTION_KEYS)),
            "wmd_query": (QUERIES.get(language, QUERIES["en"]), None), "wmd_k": (5, range(1, 11))}


def _collection(source: str, language: str) -> tuple[list[str], list[str]]:
    """Texts and short titles of the documents to search."""
    if source == "lee":
        texts, titles = lee_documents()
        return list(texts), list(titles)
    if source == "lecture":
        lines = [" ".join(s) for s in lecture_corpus(language).sentences]
    else:
        lines = [line for line in state.get("wmd_own", "")[:MAX_OWN_CHARS].splitlines() if line.strip()]
        lines = lines[:MAX_DOCUMENTS]
    return lines, [line[:60] + ("…" if len(line) > 60 else "") for line in lines]


@st.cache_data(max_entries=8, show_spinner=False)
def _document_tokens(model: str, texts: tuple[str, ...], language: str, drop_stop_words: bool, _kv):
    return document_tokens(_kv, texts, language, drop_stop_words)


def _say_what_was_cut(own: str) -> None:
    """A pasted collection longer than the search reads is cut; the page says where."""
    if len(own) > MAX_OWN_CHARS:
        st.warning(t("wmd.own_too_long", n=number(len(own)), limit=number(MAX_OWN_CHARS)))
    lines = sum(1 for line in own[:MAX_OWN_CHARS].splitlines() if line.strip())
    if lines > MAX_DOCUMENTS:
        st.warning(t("wmd.own_first_only", total=number(lines), n=number(MAX_DOCUMENTS)))


def _keep_own_documents() -> None:
    """Before the field is drawn: the user's documents are a setting, kept while the field is
    hidden and sent again to a browser that forgot the field (as url_state does for the link's)."""
    if "wmd_own" in state:
        state[OWN_KEPT] = state["wmd_own"]
        if not widget_registry.browser_holds("wmd_own"):
            state["wmd_own"] = state["wmd_own"]
    elif OWN_KEPT in state:
        state["wmd_own"] = state[OWN_KEPT]
    elif "wmd_own" in st.query_params:  # a link's documents, in a fresh session
        state["wmd_own"] = st.query_params["wmd_own"][:OWN_IN_LINK]


def _own_to_link(own: str) -> None:
    """The documents in the link while they fit, also while their field is hidden."""
    if own and len(own) <= OWN_IN_LINK:
        if st.query_params.get("wmd_own") != own:
            st.query_params["wmd_own"] = own
    else:
        st.query_params.pop("wmd_own", None)


def show(kv, model: str, language: str) -> None:
    _keep_own_documents()
    st.header(t("wmd.search_title"))
    st.markdown(t("wmd.search_lead"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.radio(t("wmd.collection"), list(COLLECTION_KEYS), key="wmd_collection",
                 format_func=lambda c: t(COLLECTION_KEYS[c]))
        if state["wmd_collection"] == "own":
            st.text_area(t("wmd.own"), key="wmd_own", height=160, help=t("wmd.own_help"))
            if len(state["wmd_own"]) > OWN_IN_LINK:
                st.caption(t("wmd.own_not_in_link", limit=number(OWN_IN_LINK)))
        _own_to_link(state.get("wmd_own", ""))
        st.text_input(t("wmd.query"), key="wmd_query")
        st.slider(t("wmd.k"), 1, 10, key="wmd_k")
    texts, titles = _collection(state["wmd_collection"], language)
    with right:
        if state["wmd_collection"] == "own":
            _say_what_was_cut(state.get("wmd_own", ""))
        if len(texts) < 2:
            st.info(t("wmd.own_first"))
            return
        try:
            query = prepare_tokens(state["wmd_query"], kv, language, drop_stop_words=state["wmd_stop"]).kept
        except UserInputError as error:
            show_plain_error(error)
            return
        documents = _document_tokens(model, tuple(texts), language, state["wmd_stop"], kv)
        start = time.perf_counter()
        found = nearest_documents(kv, query, documents, k=min(state["wmd_k"], len(texts)))
        seconds = time.perf_counter() - start
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("wmd.exact_solves"), f"{number(found.exact_solves)} / {number(found.brute_force_solves)}",
                  help=t("wmd.exact_solves_help"))
        c2.metric(t("wmd.pruned"), number(found.pruned_by_rwmd), help=t("wmd.pruned_help"))
        c3.metric(t("wmd.skipped"), number(found.skipped_by_wcd), help=t("wmd.skipped_help"))
        c4.metric(t("wmd.seconds"), format_duration(seconds))
        st.dataframe(pd.DataFrame([{t("wmd.col_rank"): rank, "WMD": round3(distance),
                                    t("wmd.col_document"): titles[index]}
                                   for rank, (index, distance) in enumerate(found.hits, start=1)]),
                     hide_index=True, width="stretch")
        st.caption(t("wmd.search_note", n=number(len(texts))))
