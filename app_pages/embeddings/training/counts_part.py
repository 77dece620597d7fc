"""Counting contexts in a window: the co-occurrence matrix for chosen words, the size and
sparsity of the whole matrix, PPMI, truncated SVD, and neighbours from counts alone.
GloVe's probability ratios come from the same counts."""

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import number, t, word_error
from app_pages.embeddings.training.defaults import defaults_for, typed_word
from core.embeddings.corpora import Corpus
from core.embeddings.counting import (
    cooccurrence, count_neighbours, glove_ratios, neighbours_from, ppmi, submatrix, svd_vectors,
)
from core.text.tokenize import words as tokenize
from core.errors import UserInputError
from core.figures.theme import round3
from core.figures.training import counts_heatmap, ratios_figure

SVD_DIMS = [2, 5, 10, 25, 50, 100]
SVD_VOCABULARY = 3000  # the most frequent words; SVD of every word of a corpus takes seconds
MAX_HEATMAP_WORDS = 20
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"te_window": (2, range(1, 11)), "te_gwindow": (5, range(1, 11)), "te_svd_k": (50, SVD_DIMS), "te_ppmi": (False, None),
            "te_words": ("", None), "te_query": ("", None), "te_gi": ("", None), "te_gj": ("", None),
            "te_probes": ("", None)}


@st.cache_resource(max_entries=8, show_spinner=False)
def _counts(key: str, window: int, _corpus: Corpus):
    return cooccurrence(_corpus.sentences, window)


@st.cache_resource(max_entries=8, show_spinner=False)
def _ppmi(key: str, window: int, _corpus: Corpus):
    return ppmi(_counts(key, window, _corpus).matrix)


@st.cache_resource(max_entries=8, show_spinner=False)
def _svd(key: str, window: int, k: int, _corpus: Corpus):
    co = cooccurrence(_corpus.sentences, window, max_vocab=SVD_VOCABULARY)
    return co.vocab, svd_vectors(ppmi(co.matrix), k, algorithm="randomized")


def _labels() -> dict[str, str]:
    return {"count": t("te.fig.count"), "ppmi": "PPMI", "probe": t("te.fig.probe")}


def show_counts(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.slider(t("te.window"), 1, 10, key="te_window", help=t("te.window_help"))
        st.text_input(t("te.words"), key="te_words", placeholder=", ".join(defaults.heatmap), help=t("te.words_help"))
        st.checkbox(t("te.show_ppmi"), key="te_ppmi", help=t("te.ppmi_help"))
    with st.spinner(t("te.counting")):
        co = _counts(key, state["te_window"], corpus)
    with right:
        c1, c2, c3 = st.columns(3)
        c1.metric(t("te.matrix_size"), f"{number(len(co.vocab))} × {number(len(co.vocab))}")
        c2.metric(t("te.nonzero"), number(co.nonzero))
        c3.metric(t("te.sparsity"), f"{100 * co.sparsity:.2f} %")
        st.caption(t("te.size_note", cells=number(co.size)))
        words = list(dict.fromkeys(tokenize(state["te_words"])))[:MAX_HEATMAP_WORDS] or list(defaults.heatmap)
        try:
            block = submatrix(co, words)
        except UserInputError as error:
            word_error(error)
        else:
            value = "count"
            if state["te_ppmi"]:
                rows = [co.index[w] for w in words]
                block, value = _ppmi(key, state["te_window"], corpus)[rows][:, rows].toarray(), "ppmi"
            chart(counts_heatmap(words, block, labels=_labels(), value=value), key="te_heatmap")
            st.caption(t("te.heatmap_note", window=state["te_window"]))
    st.subheader(t("te.svd_title"))
    st.markdown(t("te.svd_lead"))
    a, b = st.columns([1, 2.3], gap="large")
    with a:
        st.select_slider(t("te.svd_k"), SVD_DIMS, key="te_svd_k", help=t("te.svd_k_help"))
        query = typed_word(st.text_input(t("te.query"), key="te_query", placeholder=defaults.query), defaults.query)
    with b:
        with st.spinner(t("te.svd_running")):
            svd_vocab, vectors = _svd(key, state["te_window"], state["te_svd_k"], corpus)
        try:
            raw = count_neighbours(co, query, topn=10)
        except UserInputError as error:
            word_error(error)
            return
        rare = query not in svd_vocab
        dense = [] if rare else neighbours_from(vectors, svd_vocab, query, topn=10)
        dense_text = [f"{w} ({round3(s)})" for w, s in dense] or ["—"] * len(raw)
        st.dataframe(pd.DataFrame({
            t("te.col_rank"): range(1, len(raw) + 1),
            t("te.col_raw"): [f"{w} ({round3(s)})" for w, s in raw],
            t("te.col_svd", k=vectors.shape[1]): dense_text,
        }), hide_index=True, width="stretch")
        if rare:
            st.info(t("te.svd_rare", word=query, top=number(len(svd_vocab))))
        st.caption(t("te.svd_note", k=vectors.shape[1], n=number(len(co.vocab)), top=number(len(svd_vocab))))


def show_glove(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.slider(t("te.window"), 1, 10, key="te_gwindow", help=t("te.window_help"))
        i = typed_word(st.text_input(t("te.glove_i"), key="te_gi", placeholder=defaults.glove_i), defaults.glove_i)
        j = typed_word(st.text_input(t("te.glove_j"), key="te_gj", placeholder=defaults.glove_j), defaults.glove_j)
        probes = tokenize(state["te_probes"])[:12] or list(defaults.probes)
        st.text_input(t("te.probes"), key="te_probes", placeholder=", ".join(defaults.probes))
    co = _counts(key, state["te_gwindow"], corpus)
    with right:
        try:
            rows = glove_ratios(co, i, j, probes)
        except UserInputError as error:
            word_error(error)
            return
        st.dataframe(pd.DataFrame({
            t("te.col_probe"): [r.probe for r in rows],
            f"P(k | {i})": [round3(r.p_given_i) for r in rows],
            f"P(k | {j})": [round3(r.p_given_j) for r in rows],
            f"P(k | {i}) / P(k | {j})": ["∞" if r.ratio == float("inf") else round3(r.ratio) for r in rows],
        }), hide_index=True, width="stretch")
        chart(ratios_figure(rows, i, j, labels=_labels()), key="te_ratios")
        st.caption(t("te.glove_note", i=i, j=j))
        # The slide's formula, misprint and all, beside the ratio this table computes: a student
        # comparing the two should not have to guess which one is right.
        st.markdown(t("te.glove_slide"))
