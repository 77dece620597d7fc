"""The map: words of the chosen model projected to 2-D or 3-D by UMAP, PCA or t-SNE, coloured
by category or cluster, with a search that shows what the projection keeps and distorts."""

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.common import model_language, model_name, number, show_user_error, t, url_state, vectors, word_error
from app_pages.common import write_url_state
from core.embeddings import projection_cache
from core.embeddings.projection import project
from core.embeddings.similarity import resolve
from core.embeddings.word_map import (
    TRUST_K, compare_neighbours, coordinates_csv, expected_seconds, map_points, map_trustworthiness, method_params,
)
from core.embeddings.wordsets import (
    WordSet, frequent_words, kmeans_clusters, listed_words, neighbour_words, preset_words,
    presets, read_word_file, split_words,
)
from core.errors import UserInputError
from core.figures.theme import round3
from core.figures.word_map import LABEL_ALL_UP_TO, word_map_figure

SOURCE_KEYS = {"frequent": "map.source.frequent", "neighbours": "map.source.neighbours", "list": "map.source.list",
               "preset": "map.source.preset"}
METHOD_KEYS = {"umap": "map.method.umap", "pca": "map.method.pca", "tsne": "map.method.tsne"}
COLOUR_KEYS = {"none": "map.colour.none", "category": "map.colour.category", "kmeans": "map.colour.kmeans"}
METRIC_KEYS = {"cosine": "sim.metric.cosine", "euclidean": "sim.metric.euclidean"}
PRESET_KEYS = {"countries_capitals": "map.preset.countries_capitals", "animals": "map.preset.animals",
               "professions": "map.preset.professions", "numbers": "map.preset.numbers",
               "verb_tenses": "map.preset.verb_tenses"}
CATEGORY_KEYS = {
    "country": "map.cat.country", "capital": "map.cat.capital", "mammal": "map.cat.mammal", "bird": "map.cat.bird",
    "fish": "map.cat.fish", "insect": "map.cat.insect", "reptile": "map.cat.reptile",
    "medicine": "map.cat.medicine", "education": "map.cat.education", "law": "map.cat.law", "arts": "map.cat.arts",
    "trades": "map.cat.trades", "science": "map.cat.science", "cardinal": "map.cat.cardinal",
    "ordinal": "map.cat.ordinal", "digit": "map.cat.digit", "base": "map.cat.base", "present": "map.cat.present", "past": "map.cat.past",
    "participle": "map.cat.participle", "infinitive": "map.cat.infinitive",
}
COUNTS = [100, 250, 500, 1000, 2000, 5000, 10000]
NEIGHBOUR_COUNTS = [10, 25, 50, 100, 200, 500]
N_NEIGHBORS = [5, 10, 15, 30, 50]
MIN_DISTS = [0.0, 0.05, 0.1, 0.25, 0.5, 0.8, 0.99]
PERPLEXITIES = [5, 10, 20, 30, 50]
CLUSTERS = list(range(2, 9))  # eight colour-blind-safe colours
SEARCH_K = [5, 10, 15, 20]
QUERIES = {"en": "king", "ru": "король"}
lang = model_language()
SPEC = {
    "map_source": ("preset" if presets(lang) else "frequent", list(SOURCE_KEYS)),
    "map_n": (1000, COUNTS),
    "map_query": (QUERIES.get(lang, "king"), None),
    "map_k": (100, NEIGHBOUR_COUNTS),
    "map_list": ("", None),
    "map_preset": ("countries_capitals", list(PRESET_KEYS)),
    "map_method": ("umap", list(METHOD_KEYS)),
    "map_dims": (2, [2, 3]),
    "map_seed": (0, range(0, 10000)),
    "map_nn": (15, N_NEIGHBORS),
    "map_min_dist": (0.1, MIN_DISTS),
    "map_metric": ("cosine", list(METRIC_KEYS)),
    "map_perplexity": (30, PERPLEXITIES),
    "map_colour": ("category", list(COLOUR_KEYS)),
    "map_clusters": (5, CLUSTERS),
    "map_labels": (True, None),
    "map_search": ("", None),
    "map_search_k": (10, SEARCH_K),
}
state = st.session_state
if state.get("map_lang") != lang:  # the other model's words mean nothing here
    if "map_lang" in state:
        for key in ("map_query", "map_list", "map_search"):
            state.pop(key, None)
            st.query_params.pop(key, None)
    state["map_lang"] = lang
url_state(SPEC)
kv = vectors()

st.title(t("map.title"))
st.markdown(t("map.lead"))


def _choose_words() -> WordSet | None:
    st.radio(t("map.source"), list(SOURCE_KEYS), key="map_source", format_func=lambda s: t(SOURCE_KEYS[s]))
    source = state["map_source"]
    if source == "frequent":
        st.select_slider(t("map.n"), COUNTS, key="map_n", format_func=number)
        return frequent_words(kv, int(state["map_n"]))
    if source == "neighbours":
        st.text_input(t("map.query"), key="map_query", max_chars=60)
        st.select_slider(t("map.k"), NEIGHBOUR_COUNTS, key="map_k")
        if not state["map_query"].strip():
            st.info(t("map.type_query"))
            return None
        return neighbour_words(kv, state["map_query"], int(state["map_k"]))
    if source == "list":
        st.text_area(t("map.list"), key="map_list", height=120, placeholder=t("map.list_placeholder"),
                     max_chars=200_000)
        upload = st.file_uploader(t("map.upload"), type=["txt", "csv"], help=t("map.upload_help"), key="map_file")
        if upload is not None:
            words, categories = read_word_file(upload.getvalue())
        else:
            words, categories = split_words(state["map_list"]), None
        if not words:
            st.info(t("map.type_list"))
            return None
        return listed_words(kv, words, categories)
    available = [p for p in PRESET_KEYS if p in presets(lang)]
    if not available:
        st.info(t("map.no_presets"))
        return None
    if state["map_preset"] not in available:
        state["map_preset"] = available[0]
    st.selectbox(t("map.preset"), available, key="map_preset", format_func=lambda p: t(PRESET_KEYS[p]))
    return preset_words(kv, lang, state["map_preset"])


def _choose_method() -> None:
    st.radio(t("map.method"), list(METHOD_KEYS), key="map_method", horizontal=True,
             format_func=lambda m: t(METHOD_KEYS[m]))
    st.radio(t("map.dims"), [2, 3], key="map_dims", horizontal=True, format_func=lambda d: f"{d}-D")
    method = state["map_method"]
    if method == "umap":
        st.select_slider(t("map.nn"), N_NEIGHBORS, key="map_nn", help=t("map.nn_help"))
        st.select_slider(t("map.min_dist"), MIN_DISTS, key="map_min_dist", help=t("map.min_dist_help"))
    if method == "tsne":
        st.select_slider(t("map.perplexity"), PERPLEXITIES, key="map_perplexity", help=t("map.perplexity_help"))
    if method != "pca":
        st.radio(t("map.metric"), list(METRIC_KEYS), key="map_metric", horizontal=True,
                 format_func=lambda m: t(METRIC_KEYS[m]))
    st.number_input(t("map.seed"), 0, 9999, key="map_seed", help=t("map.seed_help"))


def _project(words: tuple[str, ...], matrix: np.ndarray, method: str, dims: int, seed: int, params: dict,
             placeholder) -> tuple[np.ndarray, bool]:
    """From the disk cache at once, or computed in a thread while a progress bar runs; a long
    UMAP or t-SNE shows the PCA picture meanwhile, so nobody stares at an empty page."""
    key = projection_cache.projection_key(model_name(), words, method, dims, seed, **params)
    cached = projection_cache.load(key, (len(words), dims))
    if cached is not None:
        return cached, True
    expected = expected_seconds(method, len(words))
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(map_points, model_name(), words, matrix, method, dims, seed, **params)
        if expected > 1.0:
            preview = project(matrix, "pca", n_components=dims, seed=seed)
            placeholder.plotly_chart(word_map_figure(preview, words, labels=_figure_labels()), key="map_preview",
                                     theme=None, config={"displaylogo": False})
        bar = st.progress(0.0)
        start = time.perf_counter()
        while not future.done():
            elapsed = time.perf_counter() - start
            bar.progress(min(0.95, elapsed / expected), text=t(
                "map.computing", method=t(METHOD_KEYS[method]), n=number(len(words)),
                elapsed=f"{elapsed:.0f}", expected=f"{expected:.0f}"))
            time.sleep(0.2)
        bar.empty()
        return future.result()


@st.cache_data(max_entries=32, show_spinner=False)
def _trust(model: str, words: tuple, key: str, _matrix: np.ndarray, _points: np.ndarray, metric: str):
    return map_trustworthiness(_matrix, _points, metric)


@st.cache_data(max_entries=32, show_spinner=False)
def _clusters(model: str, words: tuple, k: int, seed: int, _matrix: np.ndarray) -> np.ndarray:
    return kmeans_clusters(_matrix, k, seed)


def _figure_labels() -> dict[str, str]:
    return {"axis": t("map.fig.axis"), "words": t("map.fig.words"), "query": t("map.fig.query"),
            "neighbours": t("map.fig.neighbours")}


def _category_name(category: str) -> str:
    return t(CATEGORY_KEYS[category]) if category in CATEGORY_KEYS else category


left, right = st.columns([1, 2.4], gap="large")
with left:
    with st.container(border=True):
        st.markdown(f"**{t('map.words_box')}**")
        try:
            chosen = _choose_words()
        except UserInputError as error:
            word_error(error)
            chosen = None
    with st.container(border=True):
        st.markdown(f"**{t('map.method_box')}**")
        _choose_method()
    with st.container(border=True):
        st.markdown(f"**{t('map.look_box')}**")
        st.radio(t("map.colour"), list(COLOUR_KEYS), key="map_colour", format_func=lambda c: t(COLOUR_KEYS[c]))
        if state["map_colour"] == "category" and chosen is not None and chosen.categories is None:
            st.caption(t("map.no_categories"))
        if state["map_colour"] == "kmeans":
            st.select_slider(t("map.clusters"), CLUSTERS, key="map_clusters")
        st.toggle(t("map.labels", n=LABEL_ALL_UP_TO), key="map_labels")
        st.text_input(t("map.search"), key="map_search", max_chars=60, help=t("map.search_help"))
        st.select_slider(t("map.search_k"), SEARCH_K, key="map_search_k")
write_url_state(SPEC)

with right:
    if chosen is not None and chosen.unknown:
        shown = ", ".join(chosen.unknown[:20]) + (" …" if len(chosen.unknown) > 20 else "")
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
    chart = st.empty()
    started = time.perf_counter()
    try:
        points, from_cache = _project(words, matrix, method, dims, seed, params, chart)
    except UserInputError as error:
        show_user_error(error)
        st.stop()
    seconds = time.perf_counter() - started

    groups, group_names, group_of_word = None, None, None
    if state["map_colour"] == "category" and chosen.categories is not None:
        group_names = list(dict.fromkeys(chosen.categories))
        groups = [group_names.index(c) for c in chosen.categories]
        group_of_word = [_category_name(c) for c in chosen.categories]
        group_names = [_category_name(c) for c in group_names]
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
    chart.plotly_chart(
        word_map_figure(points, words, groups, group_names, query=query,
                        neighbours=comparison.original if comparison else (), label_all=state["map_labels"],
                        labels=_figure_labels()),
        key="map_chart", theme=None, config={"displaylogo": False, "toImageButtonOptions": {"filename": "vectorlab-map"}},
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
        known = resolve(kv, searched)
        st.info(t("map.search_not_shown", word=searched) if known else t("map.search_unknown", word=searched))
    if comparison is not None:
        st.subheader(t("map.compare_title", word=words[query]))
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
st.markdown(t("map.try"))
