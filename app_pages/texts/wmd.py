"""Word Mover's Distance: how much each word of one text must travel to become the other, drawn
three ways, with its lower bounds, and nearest documents by WMD with prefetch and prune."""

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import (
    forget_other_models_words, model_language, model_name, t, url_state, vectors, say_not_in_link, write_url_state,
)
from app_pages.plain_errors import show_plain_error
from app_pages.texts import wmd_search
from app_pages.classroom.moment_card import class_questions
from core.errors import UserInputError
from core.figures.texts import flow_arrows_figure, flow_figure, plan_heatmap, terms_table_rows
from core.figures.theme import round3
from core.text.plain import plain
from core.text.stopwords import prepare_tokens
from core.text.wmd import mean_vector_cosine, relaxed_wmd, wmd, word_centroid_distance
from core.text.word_plane import word_plane

PAIRS = {
    "en": ("Obama speaks to the media in Illinois", "The President greets the press in Chicago"),
    "ru": ("Президент выступил перед журналистами в Москве", "Глава государства обратился к прессе в столице"),
}
# the stop word both texts of a pair share, named by the "Try this" hint
SHARED_STOP = {"en": "the", "ru": "в"}
state = st.session_state
lang = model_language()
pair = PAIRS.get(lang, PAIRS["en"])
SPEC = {"wmd_a": (pair[0], None), "wmd_b": (pair[1], None), "wmd_stop": (True, None), **wmd_search.spec(lang)}
forget_other_models_words("wmd_lang", ("wmd_a", "wmd_b", "wmd_query"))
url_state(SPEC)
kv = vectors()

st.title(t("wmd.title"))
class_questions("wmd", kv)
st.markdown(t("wmd.lead"))
left, right = st.columns([1, 2.3], gap="large")
with left:
    # No max_chars: the browser would drop a longer paste without a word; prepare_tokens says
    # how long a text may be.
    st.text_input(t("wmd.text_a"), key="wmd_a")
    st.text_input(t("wmd.text_b"), key="wmd_b")
    st.checkbox(t("wmd.stop"), key="wmd_stop", help=t("wmd.stop_help"))
    say_not_in_link(write_url_state(SPEC))

tokens = {}
with left:
    for side, key, label in (("a", "wmd_a", "wmd.text_a"), ("b", "wmd_b", "wmd.text_b")):
        try:
            tokens[side] = prepare_tokens(state[key], kv, lang, drop_stop_words=state["wmd_stop"])
        except UserInputError as error:
            st.markdown(f"**{t(label)}**")
            show_plain_error(error)
            continue
        found = tokens[side]
        st.caption(t("wmd.tokens", side=side.upper(), kept=plain(" ".join(found.kept)) or "—",
                     stop=plain(" ".join(found.stop)) or "—", unknown=plain(" ".join(found.unknown)) or "—"))
if len(tokens) < 2:
    wmd_search.show(kv, model_name(), lang)  # it uses neither text: it stays while one is fixed
    st.stop()

a, b = tokens["a"].kept, tokens["b"].kept
result = wmd(kv, a, b)
bounds = {"wcd": word_centroid_distance(kv, a, b), "rwmd": relaxed_wmd(kv, a, b)}
with right:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("WMD", round3(result.distance), help=t("wmd.wmd_help"))
    c2.metric("RWMD", round3(bounds["rwmd"]), help=t("wmd.rwmd_help"))
    c3.metric("WCD", round3(bounds["wcd"]), help=t("wmd.wcd_help"))
    c4.metric(t("wmd.cosine"), round3(mean_vector_cosine(kv, a, b)), help=t("wmd.cosine_help"))
    st.caption(t("wmd.bounds", wcd=round3(bounds["wcd"]), rwmd=round3(bounds["rwmd"]), wmd=round3(result.distance)))
    labels = {"distance": t("wmd.fig.distance"), "mass": t("wmd.col_mass"), "weight": t("wmd.fig.mass"),
              "x": t("wmd.fig.x"), "y": t("wmd.fig.y"), "a": t("wmd.text_a"), "b": t("wmd.text_b")}
    chart(flow_figure(result.words_a, result.words_b, result.weights_a, result.weights_b, result.plan,
                                result.cost, labels=labels), key="wmd_flow")
    st.caption(t("wmd.flow_note"))

pictures = st.columns(2, gap="large")
with pictures[0]:
    st.subheader(t("wmd.arrows_title"))
    plane = word_plane(kv, [*result.words_a, *result.words_b])
    n = len(result.words_a)
    chart(flow_arrows_figure(result.words_a, result.words_b, plane[:n], plane[n:], result.plan,
                                       result.cost, labels=labels), key="wmd_arrows")
    st.caption(t("wmd.arrows_note"))
with pictures[1]:
    st.subheader(t("wmd.plan_title"))
    chart(plan_heatmap(result.words_a, result.words_b, result.plan, result.cost, labels=labels),
                    key="wmd_plan")
    st.caption(t("wmd.plan_note"))

st.subheader(t("wmd.terms_title"))
rows = terms_table_rows(result.words_a, result.words_b, result.plan, result.cost)
table = pd.DataFrame([{t("wmd.col_from"): x, t("wmd.col_to"): y, t("wmd.col_mass"): round3(m),
                       t("wmd.col_distance"): round3(d), t("wmd.col_product"): round3(p)} for x, y, m, d, p in rows])
total = {t("wmd.col_from"): t("wmd.total"), t("wmd.col_to"): "", t("wmd.col_mass"): round3(sum(r[2] for r in rows)),
         t("wmd.col_distance"): "", t("wmd.col_product"): round3(sum(r[4] for r in rows))}
st.dataframe(pd.concat([table, pd.DataFrame([total])], ignore_index=True), hide_index=True, width="stretch")

wmd_search.show(kv, model_name(), lang)

with st.expander(t("wmd.explain_title")):
    st.markdown(t("wmd.explain"))
st.markdown(t("wmd.try", stop=SHARED_STOP.get(lang, SHARED_STOP["en"])))
