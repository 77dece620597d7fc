"""Analogies: a − b + c by 3CosAdd and 3CosMul, drawn as a parallelogram and on word axes, a
gallery that includes failures, and the model's scores on whole analogy sets."""

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.callbacks import whole
from app_pages.common import (
    forget_other_models_words, model_language, model_name, number, t, url_state, vectors, word_error, write_url_state,
)
from core.embeddings.analogy import (
    analogy_picture, answers_and_rank, axis_coordinates, evaluate_analogies, evaluate_word_pairs, parse_expression,
    rank_of,
)
from app_pages.embeddings.model_words import follow_the_model
from app_pages.classroom.moment_card import class_questions
from core.embeddings.analogy_gallery import GALLERY
from core.embeddings.analogy_sets import analogy_set, similarity_sets
from core.embeddings.default_words import first_known_analogy, knows_all
from core.embeddings.similarity import foreign_words, known_words
from core.errors import UserInputError
from core.figures.analogy import answers_figure, axes_figure, parallelogram_figure
from core.figures.theme import round3
from core.text.plain import plain

MODE_KEYS = {"three": "an.mode.three", "free": "an.mode.free"}
KIND_KEYS = {
    "gender": "gallery.gender", "capital": "gallery.capital", "plural": "gallery.plural", "tense": "gallery.tense",
    "comparative": "gallery.comparative", "currency": "gallery.currency", "opposite": "gallery.opposite",
    "food": "gallery.food",
}
ROLE_KEYS = {"added": "an.fig.added", "subtracted": "an.fig.subtracted", "answer": "an.fig.answer",
             "neighbour": "an.fig.neighbour", "target": "an.fig.target"}
AXIS_KEYS = ("an_x0", "an_x1", "an_y0", "an_y1")
AXIS_LABELS = ("an.axis_x0", "an.axis_x1", "an.axis_y0", "an.axis_y1")
SET_SOURCE_KEYS = {"en": "an.set_source_en", "ru": "an.set_source_ru"}
RESTRICTS = [5000, 10000, 30000, 100000, 200000]
lang = model_language()
kv = vectors()
first = first_known_analogy(kv, lang)  # vectors trained on a small corpus may lack king and queen
SPEC = {
    "an_mode": ("three", list(MODE_KEYS)),
    "an_a": (first.a, None), "an_b": (first.b, None), "an_c": (first.c, None),
    "an_expr": (f"{first.a} - {first.b} + {first.c}", None),
    "an_expected": (first.expected, None),
    "an_exclude": (True, None),
    "an_restrict": (30000, RESTRICTS),
    **{key: ("", None) for key in AXIS_KEYS},
}
state = st.session_state
WORD_KEYS = ("an_a", "an_b", "an_c", "an_expr", "an_expected")
forget_other_models_words("an_lang", (*WORD_KEYS, *AXIS_KEYS))
follow_the_model("an_model", {key: SPEC[key][0] for key in WORD_KEYS})
url_state(SPEC)


@whole
def _choose(item) -> None:
    """A gallery click: fill in the three fields (a callback runs before the widgets exist)."""
    state.update(an_mode="three", an_a=item.a, an_b=item.b, an_c=item.c, an_expected=item.expected,
                 an_expr=f"{item.a} - {item.b} + {item.c}", **{key: "" for key in AXIS_KEYS})


@st.cache_data(max_entries=8, show_spinner=False)
def _gallery_results(model: str) -> list[tuple[int, int] | None]:
    """Rank of the expected answer by 3CosAdd and 3CosMul for every gallery item; None when a
    word is missing (vectors trained on a small corpus lack many)."""
    results = []
    for g in GALLERY.get(model_language(), ()):
        if not all(w in kv.key_to_index for w in (*g.positive, *g.negative, g.expected)):
            results.append(None)
            continue
        results.append((rank_of(kv, g.expected, g.positive, g.negative),
                        rank_of(kv, g.expected, g.positive, g.negative, method="3cosmul")))
    return results


@st.cache_data(max_entries=16, show_spinner=False)
def _benchmark(model: str, restrict: int):
    path = analogy_set(model_language())
    return {method: evaluate_analogies(kv, path, restrict_vocab=restrict, method=method)
            for method in ("3cosadd", "3cosmul")}


@st.cache_data(max_entries=4, show_spinner=False)
def _pairs(model: str):
    return [(name, *evaluate_word_pairs(kv, path)) for name, path in similarity_sets(model_language())]


def gallery_label(item) -> str:
    return f"{item.a} − {item.b} + {item.c} → {item.expected}"


def try_this(gallery) -> str:
    """The "Try this" prompts, naming the page's own default analogy and the gallery's currency
    example, so that the words match the model (and the example is left out where the model's
    gallery has none it knows)."""
    analogy = f"{first.a} − {first.b} + {first.c}"
    currency = next((g for g in gallery if g.kind == "currency" and knows_all(kv, (g.a, g.b, g.c, g.expected))), None)
    if currency is None:
        return t("an.try_no_currency", analogy=analogy)
    return t("an.try", analogy=analogy, currency=gallery_label(currency))


st.title(t("an.title"))
class_questions("analogies", kv)
st.markdown(t("an.lead"))
left, right = st.columns([1, 2.3], gap="large")
with left:
    st.radio(t("an.mode"), list(MODE_KEYS), key="an_mode", horizontal=True, format_func=lambda m: t(MODE_KEYS[m]))
    if state["an_mode"] == "three":
        st.text_input(t("an.a"), key="an_a", max_chars=60)
        st.text_input(t("an.b"), key="an_b", max_chars=60)
        st.text_input(t("an.c"), key="an_c", max_chars=60)
    else:
        st.text_input(t("an.expr"), key="an_expr", max_chars=300, help=t("an.expr_help"))
    st.text_input(t("an.expected"), key="an_expected", max_chars=60, help=t("an.expected_help"))
    st.checkbox(t("an.exclude"), key="an_exclude", help=t("an.exclude_help"))  # wraps, unlike a toggle
    with st.expander(t("an.gallery"), expanded=True):
        results = _gallery_results(model_name())
        for i, (item, ranks) in enumerate(zip(GALLERY.get(lang, ()), results)):
            mark = "·" if ranks is None else "✓" if ranks[0] == 1 else "✗"
            st.button(f"{mark} {gallery_label(item)}", key=f"an_g{i}",
                      on_click=_choose, args=(item,), help=t(KIND_KEYS[item.kind]), width="stretch")
        st.caption(t("an.gallery_note"))
write_url_state(SPEC)

with right:
    try:
        if state["an_mode"] == "three":
            words = [state[k].strip() for k in ("an_a", "an_b", "an_c")]
            if not all(words):
                raise UserInputError("error.analogy_too_few", "Fill in all three words", n=sum(bool(w) for w in words))
            positive, negative = [words[0], words[2]], [words[1]]
        else:
            positive, negative = parse_expression(state["an_expr"], known=kv.__contains__)
        foreign = foreign_words(positive + negative, lang)
        if foreign:
            st.warning(t("an.foreign", words=", ".join(map(plain, foreign))))
        exclude = state["an_exclude"]
    except UserInputError as error:
        word_error(error)
        st.stop()
    expected_key = None
    if state["an_expected"].strip():
        try:
            (expected_key,) = known_words(kv, [state["an_expected"]])
        except UserInputError as error:
            word_error(error)
    try:
        (add, add_rank), (mul, mul_rank) = (
            answers_and_rank(kv, positive, negative, expected_key, method=method, exclude_inputs=exclude)
            for method in ("3cosadd", "3cosmul"))
    except UserInputError as error:
        word_error(error)
        st.stop()
    expression = " ".join([positive[0], *(f"− {w}" for w in negative), *(f"+ {w}" for w in positive[1:])])
    st.subheader(plain(expression) + " = ?")
    a, b = st.columns(2)
    for column, method, found, rank, title in ((a, "3cosadd", add, add_rank, t("an.add_title")),
                                               (b, "3cosmul", mul, mul_rank, t("an.mul_title"))):
        with column:
            st.markdown(f"**{title}**")  # above the chart, where a narrow screen can wrap it
            chart(answers_figure(found, highlight=expected_key), key=f"an_{method}")
            if rank is not None:
                st.metric(t("an.rank", word=plain(expected_key)), rank)
    if not exclude and add and add[0][0] in [w.lower() for w in positive + negative]:
        st.info(t("an.input_won", word=plain(add[0][0])))
    answer = expected_key or (add[0][0] if add else None)
    labels = {role: t(key) for role, key in ROLE_KEYS.items()} | {"axis": t("an.fig.axis")}
    picture = analogy_picture(kv, positive, negative, answer)
    st.subheader(t("an.picture_title"))
    st.caption(t("an.picture_note"))
    chart(parallelogram_figure(picture.words, picture.roles, picture.points, labels=labels),
                    key="an_parallelogram")
    if len(positive) == 2 and len(negative) == 1:
        st.subheader(t("an.axes_title"))
        defaults = (negative[0], positive[1], negative[0], positive[0])
        with st.expander(t("an.axes_choose")):
            columns = st.columns(4)
            for column, key, label, default in zip(columns, AXIS_KEYS, AXIS_LABELS, defaults):
                column.text_input(t(label), key=key, max_chars=60, placeholder=default)
        chosen = [state[key].strip() or default for key, default in zip(AXIS_KEYS, defaults)]
        x_pair, y_pair = (chosen[0], chosen[1]), (chosen[2], chosen[3])
        shown = [w for w, r in zip(picture.words, picture.roles) if r != "target"]
        roles = [r for r in picture.roles if r != "target"]
        try:
            coords = axis_coordinates(kv, shown, x_pair, y_pair)
        except UserInputError as error:
            word_error(error)
        else:
            chart(axes_figure(shown, roles, coords, f"{x_pair[0]} → {x_pair[1]}", f"{y_pair[0]} → {y_pair[1]}",
                                        labels=labels), key="an_axes")
            st.caption(t("an.axes_note", x0=plain(x_pair[0]), x1=plain(x_pair[1]), y0=plain(y_pair[0]),
                         y1=plain(y_pair[1])))

st.header(t("an.bench_title"))
st.markdown(t("an.bench_lead"))
st.select_slider(t("an.restrict"), RESTRICTS, key="an_restrict", format_func=number,
                 help=t("an.restrict_help"))
write_url_state(SPEC)
if analogy_set(lang) is None:
    st.info(t("an.no_set"))
elif st.button(t("an.run"), key="an_run", icon=":material/play_arrow:") or state.get("an_ran") == (model_name(), state["an_restrict"]):
    state["an_ran"] = (model_name(), state["an_restrict"])
    with st.spinner(t("an.running")):
        scores = _benchmark(model_name(), int(state["an_restrict"]))
    add, mul = scores["3cosadd"], scores["3cosmul"]
    c1, c2, c3 = st.columns(3)
    c1.metric(t("an.acc_add"), f"{100 * add.accuracy:.1f} %")
    c2.metric(t("an.acc_mul"), f"{100 * mul.accuracy:.1f} %")
    c3.metric(t("an.questions"), f"{number(add.total)} / {number(add.total + add.skipped)}")
    st.caption(t(SET_SOURCE_KEYS.get(lang, "an.set_source_en")))
    st.dataframe(pd.DataFrame([{
        t("an.col_section"): s.name, t("an.col_add"): f"{100 * s.accuracy:.1f} %",
        t("an.col_mul"): f"{100 * m.accuracy:.1f} %", t("an.col_questions"): s.total, t("an.col_skipped"): s.skipped,
    } for s, m in zip(add.sections, mul.sections)]), hide_index=True, width="stretch")
    with st.expander(t("an.wrong_title")):
        st.dataframe(pd.DataFrame([{
            t("an.col_section"): s.name, t("an.col_question"): f"{q[0]} − {q[1]} + {q[2]}",
            t("an.col_expected"): q[3], t("an.col_predicted"): q[4],
        } for s in add.sections for q in s.wrong]), hide_index=True, width="stretch")
    pairs = _pairs(model_name())
    if pairs:
        st.dataframe(pd.DataFrame([{
            t("an.col_set"): name, t("an.col_spearman"): round3(spearman), t("an.col_pearson"): round3(pearson),
            t("an.col_oov"): f"{100 * oov:.1f} %"} for name, spearman, pearson, oov in pairs]),
            hide_index=True, width="stretch")

with st.expander(t("an.explain_title")):
    st.markdown(t("an.explain"))
st.markdown(try_this(GALLERY.get(lang, ())))
