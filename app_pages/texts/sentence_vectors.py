"""Sentence vectors: one vector per sentence by sum, mean, TF-IDF-weighted mean and keywords
only, their similarity matrices side by side, and what each of them cannot see."""

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import (
    forget_other_models_words, model_language, number, t, url_state, vectors, say_not_in_link, write_url_state,
)
from core.figures.texts import similarity_heatmap
from core.figures.theme import round3
from core.text.plain import plain
from core.text.sentence_vectors import METHODS, sentence_vectors, similarity_matrix
from core.text.stopwords import model_key
from core.text.tokenize import words as tokenize

METHOD_KEYS = {"sum": "sv.method.sum", "mean": "sv.method.mean", "tfidf": "sv.method.tfidf",
               "keywords": "sv.method.keywords"}
# The first two lines are the order lesson: the same words in another order. Russian marks
# subject and object by case (собака кусает человека / человек кусает собаку share no word
# form), so its pair uses nouns whose accusative is their nominative: мать, дочь.
DEFAULT_SENTENCES = {
    "en": ("dog bites man\nman bites dog\nthe cat sat on the mat\na kitten is sleeping on the rug\n"
           "stock markets fell sharply today\nshares dropped on the exchange this morning"),
    "ru": ("мать любит дочь\nдочь любит мать\nкошка сидит на ковре\nкотёнок спит на коврике\n"
           "биржевые индексы резко упали\nакции подешевели на бирже утром"),
}
# A word that every sentence can take and that the "Try this" hint asks to add to each one.
FILLERS = {"en": "the", "ru": "и"}
MAX_SENTENCES = 12
# Read on the server, not capped in the browser: a browser cap drops a longer paste without a word.
MAX_CHARS = 20_000
state = st.session_state
lang = model_language()
SPEC = {"sv_text": (DEFAULT_SENTENCES.get(lang, DEFAULT_SENTENCES["en"]), None), "sv_keywords": (2, range(1, 6))}
forget_other_models_words("sv_lang", ("sv_text",))
url_state(SPEC)
kv = vectors()

st.title(t("sv.title"))
st.markdown(t("sv.lead"))
left, right = st.columns([1, 2.3], gap="large")
with left:
    st.text_area(t("sv.sentences"), key="sv_text", height=240, help=t("sv.sentences_help"))
    st.slider(t("sv.keywords"), 1, 5, key="sv_keywords", help=t("sv.keywords_help"))
    say_not_in_link(write_url_state(SPEC))
text = state["sv_text"]
with right:
    if len(text) > MAX_CHARS:
        st.warning(t("sv.too_long", n=number(len(text)), limit=number(MAX_CHARS)))
        text = text[:MAX_CHARS]
lines = [line for line in text.splitlines() if tokenize(line)]
with right:
    if len(lines) < 2:
        st.warning(t("sv.too_few"))
        st.stop()
    if len(lines) > MAX_SENTENCES:
        st.warning(t("sv.first_only", n=MAX_SENTENCES, total=number(len(lines))))
    lines = lines[:MAX_SENTENCES]
    tokens = [tokenize(line) for line in lines]
    short = [f"{i + 1}. {plain(' '.join(words[:10]))}{'…' if len(words) > 10 else ''}"
             for i, words in enumerate(tokens)]
    numbers = [str(i + 1) for i in range(len(tokens))]  # on the axes: whole sentences would squash the cells
    results = {method: sentence_vectors(kv, tokens, method, keywords=state["sv_keywords"]) for method in METHODS}
    unknown = sorted({w for words in tokens for w in words if model_key(kv, w) is None})
    if unknown:
        st.warning(t("sv.unknown", words=plain(", ".join(unknown))))
    for row in np.flatnonzero(~results["mean"].has_vector):
        st.warning(t("sv.no_vector", n=row + 1, sentence=plain(" ".join(tokens[row]))))
    st.markdown("  \n".join(short))
grid = st.columns(2, gap="large")
for i, method in enumerate(METHODS):
    with grid[i % 2]:
        st.markdown(f"**{t(METHOD_KEYS[method])}**")
        # nan, not 0: a sentence of unknown words has no vector, so no cosine (a blank cell).
        matrix = similarity_matrix(results[method].vectors, no_vector=np.nan)
        figure = similarity_heatmap(numbers, matrix, "", full_labels=lines,
                                    labels={"cosine": t("sv.fig.cosine"), "sentence": t("sv.col_sentence")})
        chart(figure, key=f"sv_fig_{method}")
st.caption(t("sv.heatmap_note"))

same_order = [(a, b) for a in range(len(tokens)) for b in range(a + 1, len(tokens))
              if tokens[a] != tokens[b] and sorted(tokens[a]) == sorted(tokens[b])]
for a, b in same_order:
    st.info(t("sv.order_lost", a=plain(" ".join(tokens[a])), b=plain(" ".join(tokens[b]))))

st.subheader(t("sv.weights_title"))
st.caption(t("sv.weights_lead"))
tfidf, keywords = results["tfidf"], results["keywords"]
st.dataframe(pd.DataFrame([
    {t("sv.col_sentence"): short[i], t("sv.col_weights"): ", ".join(f"{w} {round3(x)}" for w, x in
                                                                   zip(tfidf.used[i], tfidf.weights[i])),
     t("sv.col_keywords"): ", ".join(keywords.used[i])}
    for i in range(len(tokens))]), hide_index=True, width="stretch")

with st.expander(t("sv.explain_title")):
    st.markdown(t("sv.explain"))
# The hint names the page's own examples for this model's language and the slider's own label.
pair = DEFAULT_SENTENCES.get(lang, DEFAULT_SENTENCES["en"]).splitlines()[:2]
st.markdown(t("sv.try", a=pair[0], b=pair[1], filler=FILLERS.get(lang, FILLERS["en"]), keywords=t("sv.keywords"),
                method=t(METHOD_KEYS["keywords"])))
