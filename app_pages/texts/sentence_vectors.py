"""Sentence vectors: one vector per sentence by sum, mean, TF-IDF-weighted mean and keywords
only, their similarity matrices side by side, and what each of them cannot see."""

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import forget_other_models_words, model_language, t, url_state, vectors, write_url_state
from core.figures.texts import similarity_heatmap
from core.figures.theme import round3
from core.text.sentence_vectors import METHODS, sentence_vectors, similarity_matrix
from core.text.tokenize import words as tokenize

METHOD_KEYS = {"sum": "sv.method.sum", "mean": "sv.method.mean", "tfidf": "sv.method.tfidf",
               "keywords": "sv.method.keywords"}
DEFAULT_SENTENCES = {
    "en": ("dog bites man\nman bites dog\nthe cat sat on the mat\na kitten is sleeping on the rug\n"
           "stock markets fell sharply today\nshares dropped on the exchange this morning"),
    "ru": ("собака кусает человека\nчеловек кусает собаку\nкошка сидит на ковре\nкотёнок спит на коврике\n"
           "биржевые индексы резко упали\nакции подешевели на бирже утром"),
}
MAX_SENTENCES = 12
MAX_CHARS = 3000
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
    st.text_area(t("sv.sentences"), key="sv_text", height=240, max_chars=MAX_CHARS, help=t("sv.sentences_help"))
    st.slider(t("sv.keywords"), 1, 5, key="sv_keywords", help=t("sv.keywords_help"))
write_url_state(SPEC)
lines = [line for line in state["sv_text"].splitlines() if tokenize(line)][:MAX_SENTENCES]
with right:
    if len(lines) < 2:
        st.warning(t("sv.too_few"))
        st.stop()
    if len(state["sv_text"].splitlines()) > MAX_SENTENCES:
        st.caption(t("sv.first_only", n=MAX_SENTENCES))
    tokens = [tokenize(line) for line in lines]
    short = [f"{i + 1}. {' '.join(words[:10])}{'…' if len(words) > 10 else ''}" for i, words in enumerate(tokens)]
    numbers = [str(i + 1) for i in range(len(tokens))]  # on the axes: whole sentences would squash the cells
    results = {method: sentence_vectors(kv, tokens, method, keywords=state["sv_keywords"]) for method in METHODS}
    unknown = sorted({w for words in tokens for w in words if w not in kv.key_to_index})
    if unknown:
        st.warning(t("sv.unknown", words=", ".join(unknown)))
    st.markdown("  \n".join(short))
grid = st.columns(2, gap="large")
for i, method in enumerate(METHODS):
    with grid[i % 2]:
        st.markdown(f"**{t(METHOD_KEYS[method])}**")
        figure = similarity_heatmap(numbers, similarity_matrix(results[method].vectors), "", full_labels=lines,
                                    labels={"cosine": t("sv.fig.cosine"), "sentence": t("sv.col_sentence")})
        chart(figure, key=f"sv_fig_{method}")
st.caption(t("sv.heatmap_note"))

same_order = [(a, b) for a in range(len(tokens)) for b in range(a + 1, len(tokens))
              if tokens[a] != tokens[b] and sorted(tokens[a]) == sorted(tokens[b])]
for a, b in same_order:
    st.info(t("sv.order_lost", a=" ".join(tokens[a]), b=" ".join(tokens[b])))

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
st.markdown(t("sv.try"))
