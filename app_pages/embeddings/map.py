"""The map: words of the chosen model projected to 2-D or 3-D by UMAP, PCA or t-SNE, coloured
by category or cluster, with a search that shows what the projection keeps and distorts."""

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import (
    forget_other_models_words, model_language, model_name, number, show_user_error, t, url_state, vectors, word_error,
    write_url_state,
)
from app_pages.embeddings.map_controls import (
    HINT_COUNT, METHOD_KEYS, category_name, choose_look, choose_method, choose_words, hint_search_word, spec,
)
from app_pages.embeddings.model_words import follow_the_model
from core.embeddings.projection import project
from core.embeddings.similarity import resolve
from core.embeddings.word_map import (
    TRUST_K, cached_points, category_groups, compare_neighbours, computed_points, coordinates_csv, expected_seconds,
    map_trustworthiness, method_params,
)
from core.embeddings.wordsets import kmeans_clusters
from core.errors import UserInputError
from core.figures.theme import round3
from core.figures.word_map import word_map_figure
from core.text.plain import plain

lang = model_language()
kv = vectors()
SPEC = spec(lang, kv)
state = st.session_state
forget_other_models_words("map_lang", ("map_query", "map_list", "map_search"))
follow_the_model("map_model", {key: SPEC[key][0] for key in ("map_source", "map_query")})
url_state(SPEC)

st.title(t("map.title"))
st.markdown(t("map.lead"))


def _project(words: tuple[str, ...], matrix: np.ndarray, method: str, dims: int, seed: int, params: dict,
             placeholder) -> tuple[np.ndarray, bool]:
    """From the disk cache at once, or computed in a thread while a progress bar runs; a long
    UMAP or t-SNE shows the PCA picture meanwhile, so nobody stares at an empty page."""
    cached = cached_points(model_name(), words, method, dims, seed, **params)
    if cached is not None:
        return cached, True
    expected = expected_seconds(method, len(words))
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(computed_points, model_name(), words, matrix, method, dims, seed, **params)
        if expected > 1.0:
            preview = project(matrix, "pca", n_components=dims, seed=seed)
            with placeholder.container():
                chart(word_map_figure(preview, words, labels=_figure_labels()), key="map_preview", csv=False)
        bar = st.progress(0.0)
        start = time.perf_counter()
        while not future.done():
            elapsed = time.perf_counter() - start
            bar.progress(min(0.95, elapsed / expected), text=t(
                "map.computing", method=t(METHOD_KEYS[method]), n=number(len(words)),
                elapsed=f"{elapsed:.0f}", expected=f"{expected:.0f}"))
            time.sleep(0.2)
        bar.empty()
        return future.result(), False


@st.cache_data(max_entries=32, show_spinner=False)
def _trust(model: str, words: tuple, key: str, _matrix: np.ndarray, _points: np.ndarray, metric: str):
    return map_trustworthiness(_matrix, _points, metric)


@st.cache_data(max_entries=32, show_spinner=False)
def _clusters(model: str, words: tuple, k: int, seed: int, _matrix: np.ndarray) -> np.ndarray:
    return kmeans_clusters(_matrix, k, seed)


def _figure_labels() -> dict[str, str]:
    return {"axis": t("map.fig.axis"), "words": t("map.fig.words"), "query": t("map.fig.query"),
            "neighbours": t("map.fig.neighbours")}


left, right = st.columns([1, 2.4], gap="large")
with left:
    with st.container(border=True):
        st.markdown(f"**{t('map.words_box')}**")
        try:
            chosen = choose_words(kv, lang)
        except UserInputError as error:
            word_error(error)
            chosen = None
    with st.container(border=True):
        st.markdown(f"**{t('map.method_box')}**")
        choose_method()
    with st.container(border=True):
        st.markdown(f"**{t('map.look_box')}**")
        choose_look(chosen)
write_url_state(SPEC)

with right:
    if chosen is not None and chosen.unknown:
        shown = ", ".join(map(plain, chosen.unknown[:20])) + (" …" if len(chosen.unknown) > 20 else "")
        st.warning(t("map.unknown", n=len(chosen.unknown), words=shown))
    minimum = 3 + int(state["map_dims"])
    if chosen is None:
        st.stop()
    if len(chosen.words) < minimum:
        st.info(t("map.too_few", n=len(chosen.words), minimum=minimum))
        st.stop()
    words = chosen.words
    matrix = kv.vectors[[kv.key_to_index[w] for w in words]].astype(np.float32)
    method, dims, seed = state["map_method"], int(state["map_dims"]), int(state["map_seed"])
    params = method_params(method, state["map_nn"], state["map_min_dist"], state["map_metric"],
                           state["map_perplexity"])
    slot = st.empty()
    started = time.perf_counter()
    try:
        points, from_cache = _project(words, matrix, method, dims, seed, params, slot)
    except UserInputError as error:
        show_user_error(error)
        st.stop()
    seconds = time.perf_counter() - started

    groups, group_names, group_of_word = None, None, None
    if state["map_colour"] == "category" and chosen.categories is not None:
        groups, names = category_groups(list(chosen.categories))
        group_names = [category_name(c) for c in names]
        group_of_word = [group_names[g] for g in groups]
    elif state["map_colour"] == "kmeans":
        k = min(int(state["map_clusters"]), max(1, len(words) // 2))
        groups = _clusters(model_name(), words, k, seed, matrix)
        group_names = [t("map.cluster", n=i + 1) for i in range(k)]
        group_of_word = [group_names[g] for g in groups]

    query, comparison = None, None
    searched = state["map_search"].strip()
    if searched:
        key = resolve(kv, searched)
        if key in words:
            query = words.index(key)
            comparison = compare_neighbours(matrix, points, query, int(state["map_search_k"]),
                                            params.get("metric", "cosine"))
    with slot.container():
        chart(
            word_map_figure(points, words, groups, group_names, query=query,
                            neighbours=comparison.original if comparison else (), label_all=state["map_labels"],
                            labels=_figure_labels()),
            key="map_chart",
        )
    trust = _trust(model_name(), words, repr((method, dims, seed, sorted(params.items()))), matrix, points,
                   params.get("metric", "cosine"))
    a, b, c = st.columns(3)
    a.metric(t("map.shown"), number(len(words)))
    if trust is not None:
        value, estimated = trust
        b.metric(t("map.trust", k=TRUST_K), round3(value), help=t("map.trust_help", k=TRUST_K))
        if estimated:
            b.caption(t("map.trust_sampled"))
    c.metric(t("map.time"), t("map.from_cache") if from_cache else f"{seconds:.1f} s")
    if searched and query is None:
        shown_word = plain(searched)
        st.info(t("map.search_not_shown", word=shown_word) if key else t("map.search_unknown", word=shown_word))
    if comparison is not None:
        st.subheader(t("map.compare_title", word=plain(words[query])))
        st.markdown(t("map.compare_kept", kept=comparison.kept, k=len(comparison.original)))
        kept = set(comparison.original) & set(comparison.projected)
        rows = [{
            t("map.col_rank"): i + 1,
            t("map.col_original"): ("✓ " if o in kept else "✗ ") + words[o],
            t("map.col_projected"): ("✓ " if p in kept else "✗ ") + words[p],
        } for i, (o, p) in enumerate(zip(comparison.original, comparison.projected))]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        st.caption(t("map.compare_note"))
    st.download_button(
        t("map.download"), coordinates_csv(words, points, group_of_word).encode("utf-8"),
        file_name=f"vectorlab-map-{model_name()}-{method}-{dims}d.csv", mime="text/csv", icon=":material/download:",
    )
    st.caption(t("map.png_hint"))

with st.expander(t("map.explain_title")):
    st.markdown(t("map.explain"))
st.markdown(t("map.try", word=hint_search_word(kv, lang), n=number(HINT_COUNT)))
