"""fastText on the chosen corpus: a word as character n-grams, and vectors for words the corpus
never saw, next to word2vec, which has none."""

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.common import t
from app_pages.embeddings.training.defaults import defaults_for, typed_word
from app_pages.embeddings.training.runs import hand_over, params_from_state, trained
from core.embeddings.corpora import Corpus
from core.embeddings.fasttext_vectors import compose
from core.embeddings.training import plain_ngrams, word_ngrams
from core.figures.theme import round3
from core.text.plain import plain
from core.text.tokenize import words as tokenize

NGRAM_WORDS = {"en": "apple", "ru": "яблоко", "kk": "кітаптарымызда"}
state = st.session_state


def word_column_width(words) -> int:
    """Pixels for the column of typed words: the longest one whole (about 8 px a letter and the
    cell's padding; "small", 75 px, cut "policewoman" and "кітаптарымызда"), at most 180 px so
    the neighbours keep the rest."""
    return int(min(180, max(60, 8 * max(map(len, words), default=0) + 24)))


def _nearest(wv, word: str) -> str:
    """Three nearest words, or "" when there is no vector: fastText's is all zeros for a word
    too short to have any n-gram of the chosen lengths."""
    try:
        if not np.any(wv[word]):
            return ""
    except KeyError:
        return ""
    return ", ".join(f"{n} ({round3(s)})" for n, s in wv.most_similar(word, topn=3))


def _sum_or_mean(wv, word: str) -> str:
    """The lecture's sum beside gensim's mean for one word, with the rows taken; "" when the word
    has none."""
    part = compose(wv, word)
    if part is None:
        return ""
    detail = t("te.ft_rows_known" if part.known else "te.ft_rows_unseen", ngrams=part.ngrams, rows=part.rows)
    return t("te.ft_mean", word=plain(word), detail=detail, rows=part.rows,
             total=round3(float(np.linalg.norm(part.total))), length=round3(float(np.linalg.norm(part.vector))))


def show_fasttext(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    st.subheader(t("te.ngrams_title"))
    a, b = st.columns([1, 2.3], gap="large")
    with a:
        fallback = NGRAM_WORDS.get(corpus.language, "apple")
        word = typed_word(st.text_input(t("te.ngram_word"), key="te_ngram", max_chars=40, placeholder=fallback),
                          fallback)
        st.slider("min_n", 1, 6, key="te_min_n")
        st.slider("max_n", 1, 6, key="te_max_n")
    with b:
        st.markdown(t("te.ngrams_lecture", word=word, grams=", ".join(plain_ngrams(word))))
        grams = word_ngrams(word, state["te_min_n"], max(state["te_min_n"], state["te_max_n"]))
        st.markdown(t("te.ngrams_gensim", n=len(grams)))
        st.code(" ".join(grams), language=None, wrap_lines=True)
    st.subheader(t("te.oov_title"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.caption(t("te.oov_settings"))
        st.slider("epochs", 1, 50, key="te_ft_epochs", help=t("te.epochs_help"))
        oov = st.text_input(t("te.oov_words"), key="te_oov", placeholder=", ".join(defaults.oov), max_chars=200)
    words = list(dict.fromkeys(tokenize(oov)))[:8] or list(defaults.oov)
    with right:
        fast = trained(key, corpus, params_from_state("fasttext"))
        plain = trained(key, corpus, params_from_state("word2vec"))
        if fast is None or plain is None:
            return
        rows = []
        for w in words:
            near = _nearest(fast.wv, w) or t("te.no_ngrams")
            plain_near = _nearest(plain.wv, w) or t("te.no_vector")
            rows.append({t("te.col_word"): w, t("te.col_fasttext"): near, t("te.col_word2vec"): plain_near})
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={t("te.col_word"): st.column_config.TextColumn(width=word_column_width(words))})
        st.caption(t("te.oov_note", seconds=f"{fast.seconds:.2f}"))
        shown = [line for line in (_sum_or_mean(fast.wv, w) for w in dict.fromkeys([word, words[0]])) if line]
        if shown:
            st.markdown("\n".join([t("te.ft_mean_lead"), *(f"- {line}" for line in shown)]))
        hand_over(fast, key, corpus)
