"""Word senses: one vector per word mixes a word's meanings (the lecture's motivation for
AdaGram). Part 1 finds the senses in the sidebar's pretrained vectors by grouping the word's
neighbours; part 2 trains AdaGram, which learns one vector per sense."""

import streamlit as st

from app_pages.common import t, url_state, write_url_state
from app_pages.embeddings import senses_adagram, senses_pretrained

PART_KEYS = {"pretrained": "ws.part.pretrained", "adagram": "ws.part.adagram"}
EXPLAIN_KEYS = {"pretrained": ("ws.explain", "ws.try"), "adagram": ("ws.ag_explain", "ws.ag_try")}
state = st.session_state
SPEC = {"ws_part": ("pretrained", list(PART_KEYS)), **senses_pretrained.spec(), **senses_adagram.spec()}
senses_pretrained.follow_model(SPEC)
url_state(SPEC)

st.title(t("ws.title"))
st.markdown(t("ws.lead"))
st.radio(t("ws.part"), list(PART_KEYS), key="ws_part", horizontal=True, format_func=lambda p: t(PART_KEYS[p]))
part = state["ws_part"]
write_url_state(SPEC)

left, right = st.columns([1, 2.3], gap="large")
if part == "pretrained":
    with left:
        senses_pretrained.controls()
        st.caption(senses_pretrained.model_caption())
    with right:
        senses_pretrained.picture()
else:
    with left:
        # the link first: a missing or bad upload stops the page inside the picker, and the link
        # must still name the corpus the page shows
        write_url_state(SPEC)
        corpus_key, corpus = senses_adagram.controls()
    with right:
        senses_adagram.picture(corpus_key, corpus)
write_url_state(SPEC)

explain, try_this = EXPLAIN_KEYS[part]
with st.expander(t("ws.explain_title")):
    st.markdown(t(explain))
st.markdown(t(try_this))
