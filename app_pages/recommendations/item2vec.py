"""item2vec: sessions are sentences and items are words. Train word2vec on sessions, look at
the item map, recommend to a user, and score next-item predictions against simple baselines."""

import streamlit as st

from app_pages.common import computed_once, t, url_state, write_url_state
from app_pages.number_field import number_field
from app_pages.recommendations import recsys_data, recsys_evaluate, recsys_explore
from app_pages.classroom.moment_card import class_questions
from core.embeddings.training import word2vec_text
from core.links import Interval
from core.recsys.item2vec import Item2VecParams, train_item2vec

SIZES = [16, 32, 48, 64, 100]
state = st.session_state
SPEC = {
    **recsys_data.spec(), "rs_sg": (1, [0, 1]), "rs_size": (48, SIZES), "rs_window": (5, range(1, 11)),
    "rs_epochs": (10, range(1, 31)), "rs_negative": (5, range(1, 21)), "rs_ns": (0.75, Interval(-1.0, 1.0)),
    "rs_min_count": (1, range(1, 11)), "rs_seed": (0, range(0, 1000)), **recsys_explore.spec(),
    **recsys_evaluate.spec(),
}
url_state(SPEC)

st.title(t("rs.title"))
class_questions("item2vec")
st.markdown(t("rs.lead"))
st.markdown(t("rs21.hypothesis_items"))
left, right = st.columns([1, 2.3], gap="large")
with left:
    key, data = recsys_data.choose_data()
    st.subheader(t("rs.training"))
    st.radio(t("te.architecture"), [1, 0], key="rs_sg", horizontal=True,
             format_func=lambda sg: t("te.skipgram") if sg else "CBOW", help=t("te.architecture_help"))
    st.select_slider("vector_size", SIZES, key="rs_size", help=t("te.size_help"))
    st.slider("window", 1, 10, key="rs_window", help=t("rs.window_help"))
    st.slider("epochs", 1, 30, key="rs_epochs", help=t("te.epochs_help"))
    st.slider("negative", 1, 20, key="rs_negative", help=t("te.negative_help"))
    st.slider("ns_exponent", -1.0, 1.0, step=0.05, key="rs_ns", help=t("rs.ns_help"))
    st.slider("min_count", 1, 10, key="rs_min_count", help=t("rs.min_count_help"))
    number_field(t("rs.train_seed"), 0, 999, key="rs_seed", help=t("te.seed_help"))
write_url_state(SPEC)
params = Item2VecParams(
    sg=state["rs_sg"], vector_size=state["rs_size"], window=state["rs_window"], epochs=state["rs_epochs"],
    negative=state["rs_negative"], ns_exponent=float(state["rs_ns"]), min_count=state["rs_min_count"],
    seed=state["rs_seed"],
)
with right:
    recsys_data.show_summary(data)
    kv = computed_once("item2vec", key, params, lambda progress: train_item2vec(data.sessions, params, progress),
                       params.epochs, "te.training_epoch")
if kv is None:
    st.stop()
with right:
    st.download_button(t("rs.download"), lambda: word2vec_text(kv), file_name=f"vectorlab-item2vec-{key}.txt",
                       mime="text/plain", on_click="ignore", icon=":material/download:", help=t("rs.download_help"))
recsys_explore.show(key, data, kv, params)
recsys_evaluate.show(key, data, params)

with st.expander(t("rs.explain_title")):
    st.markdown(t("rs.explain"))
st.markdown(t("rs.try"))
st.markdown(t("rs21.try"))
