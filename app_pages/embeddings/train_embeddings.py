"""Train embeddings: from counting contexts in a window to word2vec, fastText and GloVe's ratios,
on a real corpus, a synthetic one with known structure, the lectures' sentences or an upload."""

import streamlit as st

from app_pages.common import t, url_state, write_url_state
from app_pages.embeddings.training import (
    corpus_picker, counts_part, fasttext_part, runs, sampling_part, word2vec_part,
)
from app_pages.classroom.moment_card import class_questions

PART_KEYS = {
    "counts": "te.part.counts", "pairs": "te.part.pairs", "step": "te.part.step", "word2vec": "te.part.word2vec",
    "fasttext": "te.part.fasttext", "glove": "te.part.glove",
}
EXPLAIN_KEYS = {
    "counts": ("te.explain.counts", "te.try.counts"), "pairs": ("te.explain.pairs", "te.try.pairs"),
    "step": ("te.explain.step", "te.try.step"), "word2vec": ("te.explain.word2vec", "te.try.word2vec"),
    "fasttext": ("te.explain.fasttext", "te.try.fasttext"), "glove": ("te.explain.glove", "te.try.glove"),
}
SPEC = {
    "te_part": ("counts", list(PART_KEYS)), **corpus_picker.spec(), **counts_part.spec(), **sampling_part.spec(),
    **runs.spec(),
}
state = st.session_state
url_state(SPEC)

st.title(t("te.title"))
class_questions("train-embeddings")
st.markdown(t("te.lead"))
top, about = st.columns([1, 2.3], gap="large")
with top:
    # the link first as well: a missing or bad upload stops the page inside the picker, and the
    # link must still name the corpus the page shows
    write_url_state(SPEC)
    key, corpus = corpus_picker.choose_corpus()
with about:
    st.caption(corpus_picker.corpus_caption(corpus))
st.segmented_control(t("te.part"), list(PART_KEYS), key="te_part", format_func=lambda p: t(PART_KEYS[p]))
part = state.get("te_part") or "counts"
st.divider()

if part == "counts":
    counts_part.show_counts(key, corpus)
elif part == "pairs":
    sampling_part.show_pairs(key, corpus)
elif part == "step":
    sampling_part.show_step()
elif part == "word2vec":
    word2vec_part.show_word2vec(key, corpus)
elif part == "fasttext":
    fasttext_part.show_fasttext(key, corpus)
else:
    counts_part.show_glove(key, corpus)
write_url_state(SPEC)

explain, try_this = EXPLAIN_KEYS[part]
with st.expander(t("te.explain_title")):
    st.markdown(t(explain))
st.markdown(t(try_this))
