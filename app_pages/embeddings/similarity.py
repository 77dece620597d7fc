"""Similarity: one-hot against dense vectors, the lecture's film space, cosine of two words and
a word's nearest neighbours in the chosen model."""

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import (
    forget_other_models_words, model_language, number, t, url_state, vectors, word_error, write_url_state,
)
from app_pages.embeddings.names import METRIC_KEYS
from app_pages.embeddings.model_words import follow_the_model
from app_pages.number_field import number_field
from app_pages.classroom.moment_card import class_questions
from core.embeddings.default_words import pair_or_neighbours, words_or_frequent
from core.embeddings.films import FILMS, LECTURE_FILMS, METRICS as FILM_METRICS, SCALE_MAX, formula, nearest, recommend
from core.embeddings.similarity import METRICS, cosine_matrix, cosine_terms, known_words, neighbours, one_hot, one_hot_size
from core.errors import UserInputError
from core.figures.similarity import cosine_heatmap, film_figure, neighbours_figure, one_hot_growth_figure, vectors_heatmap
from core.figures.theme import round3
from core.links import Interval
from core.text.plain import plain

# the lecture's animals, and the words each model knows them by
ANIMALS = {"en": ("dog", "snake", "cat"), "ru": ("собака", "змея", "кошка")}
PAIRS = {"en": ("cat", "dog"), "ru": ("кошка", "собака")}
QUERIES = {"en": "cat", "ru": "кошка"}
FILM_KEYS = {
    "indiana_jones": "film.indiana_jones", "fast_furious": "film.fast_furious", "die_hard": "film.die_hard",
    "john_wick": "film.john_wick", "mad_max": "film.mad_max", "terminator": "film.terminator",
    "star_wars": "film.star_wars", "jurassic_park": "film.jurassic_park", "home_alone": "film.home_alone",
    "toy_story": "film.toy_story", "titanic": "film.titanic", "pulp_fiction": "film.pulp_fiction",
    "godfather": "film.godfather", "frozen": "film.frozen", "forrest_gump": "film.forrest_gump",
}
WHERE_KEYS = {"film": "sim.where.film", "point": "sim.where.point"}
FILM_METRIC_KEYS = {**METRIC_KEYS, "dot": "sim.metric.dot"}
# (same answer as the lecture's?, from a film rather than a point?) -> what the extra films change
MORE_FILMS_KEYS = {(True, True): "sim.all_films_same", (False, True): "sim.all_films_changes",
                   (True, False): "sim.all_films_same_point", (False, False): "sim.all_films_changes_point"}
GRID = 0.25
POSITIONS = Interval(0.0, SCALE_MAX)
lang = model_language()
kv = vectors()
# from the model's own words: vectors trained on a small corpus may not know the lecture's
PAIR = pair_or_neighbours(kv, PAIRS.get(lang, PAIRS["en"]), lang)
SPEC = {
    "sim_animals": (", ".join(words_or_frequent(kv, ANIMALS.get(lang, ANIMALS["en"]), lang)), None),
    "sim_vocab": (100, range(3, 1001)),
    "sim_where": ("film", list(WHERE_KEYS)),
    "sim_last": ("indiana_jones", [f.key for f in FILMS]),
    "sim_x": (1.0, POSITIONS),
    "sim_y": (3.0, POSITIONS),
    "sim_k": (2, range(1, 6)),
    "sim_film_metric": ("euclidean", list(FILM_METRICS)),
    "sim_all_films": (False, None),
    "sim_a": (PAIR[0], None),
    "sim_b": (PAIR[1], None),
    "sim_word": ((words_or_frequent(kv, [QUERIES.get(lang, QUERIES["en"])], lang) or [PAIR[0]])[0], None),
    "sim_topn": (10, range(1, 101)),
    "sim_metric": ("cosine", list(METRICS)),
}
state = st.session_state
WORD_KEYS = ("sim_animals", "sim_a", "sim_b", "sim_word")
forget_other_models_words("sim_lang", WORD_KEYS)
follow_the_model("sim_model", {key: SPEC[key][0] for key in WORD_KEYS})
url_state(SPEC)


def _size(n_bytes: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n_bytes >= scale:
            return f"{round3(n_bytes / scale)} {unit}"
    return f"{n_bytes:.0f} B"


def _click_moves_you() -> None:
    """A click on the film plane (an invisible grid catches it) puts the student there. Read
    before the sliders exist, since a widget's value cannot change once it is drawn."""
    points = ((state.get("sim_films") or {}).get("selection") or {}).get("points") or []
    if not points:
        return
    x, y = points[0].get("x"), points[0].get("y")
    if isinstance(x, (int, float)) and isinstance(y, (int, float)) and (x, y) != state.get("sim_clicked"):
        state["sim_clicked"] = (x, y)
        state["sim_where"] = "point"
        state["sim_x"], state["sim_y"] = float(min(max(x, 0), SCALE_MAX)), float(min(max(y, 0), SCALE_MAX))


_click_moves_you()


def _what_more_films_change(user, metric: str, exclude: tuple[str, ...]) -> None:
    """The lecture's answer comes from its three films; say what our twelve change in it."""
    def names(found) -> str:
        listed = ", ".join(t(FILM_KEYS[f.key]) for f in found)
        return t("sim.tied", films=listed) if len(found) > 1 else listed

    lecture = nearest(user, metric, exclude, FILMS[:LECTURE_FILMS])
    ours = nearest(user, metric, exclude, FILMS)
    same = [f.key for f in ours] == [f.key for f in lecture]
    key = MORE_FILMS_KEYS[(same, bool(exclude))]
    film = {"film": t(FILM_KEYS[exclude[0]])} if exclude else {}
    st.info(t(key, n=len(FILMS) - LECTURE_FILMS, metric=t(FILM_METRIC_KEYS[metric]), ours=names(ours),
              lecture=names(lecture), **film))

LABELS = {"dimension": t("sim.fig.dimension"), "value": t("sim.fig.value"), "cosine": t("sim.fig.cosine")}
st.title(t("sim.title"))
class_questions("similarity", kv)
st.markdown(t("sim.lead"))

# ---- one-hot against dense
st.header(t("sim.onehot_title"))
st.markdown(t("sim.onehot_lead"))
st.text_input(t("sim.animals"), key="sim_animals", max_chars=200, help=t("sim.animals_help"))
typed = list(dict.fromkeys(w.strip() for w in state["sim_animals"].replace(";", ",").split(",") if w.strip()))[:8]
left, right = st.columns(2, gap="large")
with left:
    st.subheader(t("sim.onehot_sub"))
    if len(typed) < 2:
        st.info(t("sim.need_two"))
    else:
        chart(vectors_heatmap(typed, one_hot(len(typed)), labels=LABELS),
                        key="sim_onehot")
        chart(cosine_heatmap(typed, cosine_matrix(one_hot(len(typed))), labels=LABELS),
                        key="sim_onehot_cos")
        st.caption(t("sim.onehot_note"))
with right:
    st.subheader(t("sim.dense_sub", dim=kv.vector_size))
    if len(typed) >= 2:
        try:
            keys = known_words(kv, typed)
        except UserInputError as error:
            word_error(error)
        else:
            dense = np.stack([kv.vectors[kv.key_to_index[k]] for k in keys])
            chart(vectors_heatmap(keys, dense, labels=LABELS), key="sim_dense")
            chart(cosine_heatmap(keys, cosine_matrix(dense), labels=LABELS), key="sim_dense_cos")
            st.caption(t("sim.dense_note"))

st.subheader(t("sim.growth_title"))
grow_controls, grow_picture = st.columns([1, 2.2], gap="large")
with grow_controls:
    st.slider(t("sim.vocab"), 3, 1000, key="sim_vocab", help=t("sim.vocab_help"))
    size = one_hot_size(int(state["sim_vocab"]))
    st.metric(t("sim.length"), number(size.length))
    st.metric(t("sim.zeros"), f"{number(size.length - size.nonzero)} ({100 * size.sparsity:.1f} %)")
    st.metric(t("sim.all_vectors"), _size(size.matrix_megabytes * 1e6))
    st.caption(t("sim.growth_note", dim=kv.vector_size))
with grow_picture:
    chart(one_hot_growth_figure(size.words, kv.vector_size, labels={
        "words": t("sim.fig.words"), "length": t("sim.fig.length"), "one_hot": t("sim.fig.one_hot"),
        "dense": t("sim.fig.dense", dim=kv.vector_size)}), key="sim_growth")

# ---- the film space
st.header(t("sim.films_title"))
st.markdown(t("sim.films_lead"))
controls, picture = st.columns([1, 2.2], gap="large")
with controls:
    st.toggle(t("sim.all_films"), key="sim_all_films", help=t("sim.all_films_help"))
    films = FILMS if state["sim_all_films"] else FILMS[:LECTURE_FILMS]
    listed = [f.key for f in films]
    # The user's film, kept while the lecture's shorter list hides it (the list's first stands
    # in) and chosen again when the whole list is back, unless another film was chosen meanwhile.
    held = state.get("sim_last_held")
    if held is not None and state["sim_last"] != held[1]:
        held = None
    if state["sim_last"] not in listed:
        held, state["sim_last"] = (state["sim_last"], listed[0]), listed[0]
    elif held is not None and held[0] in listed:
        held, state["sim_last"] = None, held[0]
    state["sim_last_held"] = held
    st.radio(t("sim.where"), list(WHERE_KEYS), key="sim_where", format_func=lambda w: t(WHERE_KEYS[w]))
    if state["sim_where"] == "film":
        st.selectbox(t("sim.last_film"), [f.key for f in films], key="sim_last",
                     format_func=lambda key: t(FILM_KEYS[key]))
        last = next(f for f in films if f.key == state["sim_last"])
        user, exclude = (last.action, last.violence), (last.key,)
    else:
        st.slider(t("sim.action"), 0.0, SCALE_MAX, step=GRID, key="sim_x")
        st.slider(t("sim.violence"), 0.0, SCALE_MAX, step=GRID, key="sim_y")
        st.caption(t("sim.click_hint"))
        user, exclude = (float(state["sim_x"]), float(state["sim_y"])), ()
    st.slider(t("sim.k"), 1, 5, key="sim_k")
    st.radio(t("sim.film_metric"), list(FILM_METRICS), key="sim_film_metric", horizontal=True,
             format_func=lambda m: t(FILM_METRIC_KEYS[m]))
metric = state["sim_film_metric"]
k = int(state["sim_k"])
chosen = recommend(user, k=k, metric=metric, exclude=exclude, films=films)
# Each measure is set against the one it is most often confused with: distance and cosine with
# each other (direction against place), the dot product with cosine (the same but for length).
other_metric = {"euclidean": "cosine", "cosine": "euclidean", "dot": "cosine"}[metric]
other = recommend(user, k=k, metric=other_metric, exclude=exclude, films=films)
titles = [t(FILM_KEYS[f.key]) for f in films]
with picture:
    chart(
        film_figure(films, titles, user, chosen, metric, grid_step=GRID, labels={
            "action": t("sim.fig.action"), "violence": t("sim.fig.violence"), "you": t("sim.fig.you"),
            "ray": t("sim.fig.ray"), "level": t("sim.fig.level")}),
        key="sim_films", on_select="rerun", selection_mode="points",
        config={"displaylogo": False, "displayModeBar": False},
    )
    st.dataframe(pd.DataFrame([{
        t("sim.col_rank"): i + 1, t("sim.col_film"): t(FILM_KEYS[r.film.key]),
        t("sim.col_point"): f"[{r.film.action:g}, {r.film.violence:g}]",
        t("sim.col_distance"): round3(r.distance), t("sim.col_cosine"): round3(r.cosine),
        t("sim.col_dot"): round3(r.dot),
    } for i, r in enumerate(chosen)]), hide_index=True, width="stretch")
    if chosen:
        st.caption(t("sim.formula_for", film=t(FILM_KEYS[chosen[0].film.key])))
        st.latex(formula(user, chosen[0].film, metric))
    if metric == "dot":
        st.caption(t("sim.dot_note"))
    if [r.film.key for r in chosen] != [r.film.key for r in other]:
        st.info(t("sim.measures_disagree", other=t(FILM_METRIC_KEYS[other_metric]),
                  films=", ".join(t(FILM_KEYS[r.film.key]) for r in other)))
    else:
        st.caption(t("sim.measures_agree"))
    if state["sim_all_films"]:
        _what_more_films_change(user, metric, exclude)

# ---- two words, and a word's neighbours
st.header(t("sim.words_title"))
st.markdown(t("sim.words_lead"))
pair, near = st.columns(2, gap="large")
with pair:
    st.subheader(t("sim.pair_title"))
    a, b = st.columns(2)
    a.text_input(t("sim.word_a"), key="sim_a", max_chars=60)
    b.text_input(t("sim.word_b"), key="sim_b", max_chars=60)
    if state["sim_a"].strip() and state["sim_b"].strip():
        try:
            terms = cosine_terms(kv, state["sim_a"], state["sim_b"])
        except UserInputError as error:
            word_error(error)
        else:
            st.latex(
                r"\cos(\mathbf{a}, \mathbf{b}) = \frac{\mathbf{a} \cdot \mathbf{b}}{|\mathbf{a}|\,|\mathbf{b}|}"
                rf" = \frac{{{round3(terms.dot)}}}{{{round3(terms.norm_a)} \times {round3(terms.norm_b)}}}"
                rf" = {round3(terms.cosine)}"
            )
            st.metric(t("sim.cosine_of", a=plain(terms.word_a), b=plain(terms.word_b)), round3(terms.cosine))
            st.caption(t("sim.euclidean_of", distance=round3(terms.euclidean)))
    else:
        st.info(t("sim.type_two"))
with near:
    st.subheader(t("sim.near_title"))
    w, n, m = st.columns([2, 1, 1.4])
    w.text_input(t("sim.word"), key="sim_word", max_chars=60)
    number_field(t("sim.topn"), 1, 100, key="sim_topn", where=n)
    m.radio(t("sim.metric"), list(METRICS), key="sim_metric", format_func=lambda x: t(METRIC_KEYS[x]))
    if state["sim_word"].strip():
        try:
            found = neighbours(kv, state["sim_word"], topn=int(state["sim_topn"]), metric=state["sim_metric"])
        except UserInputError as error:
            word_error(error)
        else:
            chart(neighbours_figure(found, state["sim_metric"], labels={
                "score_cosine": t("sim.fig.score_cosine"), "score_euclidean": t("sim.fig.score_euclidean")}),
                key="sim_neighbours")
    else:
        st.info(t("sim.type_one"))
write_url_state(SPEC)

with st.expander(t("sim.explain_title")):
    st.markdown(t("sim.explain"))
    st.markdown(t("sim.dot_explain"))
st.markdown(t("sim.try"))
