"""The map page's controls: which words, which projection, how it looks. Each returns what it
chose; the widgets keep their values in the link through `spec()`."""

import streamlit as st

from app_pages.common import number, t
from app_pages.number_field import number_field
from app_pages.embeddings.names import METRIC_KEYS
from core.embeddings.default_words import frequent_content_words, words_or_frequent
from core.embeddings.wordsets import (
    WordSet, frequent_words, listed_words, neighbour_words, preset_words, presets, read_word_file, split_words,
)
from core.figures.word_map import LABEL_ALL_UP_TO

SOURCE_KEYS = {"frequent": "map.source.frequent", "neighbours": "map.source.neighbours", "list": "map.source.list",
               "preset": "map.source.preset"}
METHOD_KEYS = {"umap": "map.method.umap", "pca": "map.method.pca", "tsne": "map.method.tsne"}
COLOUR_KEYS = {"none": "map.colour.none", "category": "map.colour.category", "kmeans": "map.colour.kmeans"}
PRESET_KEYS = {"countries_capitals": "map.preset.countries_capitals", "animals": "map.preset.animals",
               "professions": "map.preset.professions", "numbers": "map.preset.numbers",
               "verb_tenses": "map.preset.verb_tenses"}
CATEGORY_KEYS = {
    "country": "map.cat.country", "capital": "map.cat.capital", "mammal": "map.cat.mammal", "bird": "map.cat.bird",
    "fish": "map.cat.fish", "insect": "map.cat.insect", "reptile": "map.cat.reptile",
    "medicine": "map.cat.medicine", "education": "map.cat.education", "law": "map.cat.law", "arts": "map.cat.arts",
    "trades": "map.cat.trades", "science": "map.cat.science", "cardinal": "map.cat.cardinal",
    "ordinal": "map.cat.ordinal", "digit": "map.cat.digit", "base": "map.cat.base", "present": "map.cat.present",
    "past": "map.cat.past", "participle": "map.cat.participle", "infinitive": "map.cat.infinitive",
}
COUNTS = [100, 250, 500, 1000, 2000, 5000, 10000]
NEIGHBOUR_COUNTS = [10, 25, 50, 100, 200, 500]
N_NEIGHBORS = [5, 10, 15, 30, 50]
MIN_DISTS = [0.0, 0.05, 0.1, 0.25, 0.5, 0.8, 0.99]
PERPLEXITIES = [5, 10, 20, 30, 50]
CLUSTERS = list(range(2, 9))  # eight colour-blind-safe colours
SEARCH_K = [5, 10, 15, 20]
QUERIES = {"en": "king", "ru": "король"}
# The "Try this" hint's search among the HINT_COUNT most frequent words: король is only the
# 7,932nd word of navec, so the Russian hint names a word that really is on that map.
HINT_COUNT = 1000
HINT_SEARCH = {"en": "king", "ru": "москва"}
KNOWN_PRESET_SHARE = 0.9  # below this, vectors trained on a small corpus open on frequent words
state = st.session_state


def _opens_on_preset(kv, language: str) -> bool:
    words = [w for group in presets(language).get("countries_capitals", {}).values() for w in group]
    return bool(words) and sum(w in kv.key_to_index for w in words) >= KNOWN_PRESET_SHARE * len(words)


def spec(language: str, kv) -> dict[str, tuple]:
    return {
        "map_source": ("preset" if _opens_on_preset(kv, language) else "frequent", list(SOURCE_KEYS)),
        "map_n": (1000, COUNTS),
        "map_query": ((words_or_frequent(kv, [QUERIES.get(language, "king")], language) or ["king"])[0], None),
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


def hint_search_word(kv, language: str) -> str:
    """The word the hint asks to search among the HINT_COUNT most frequent: one that is there."""
    shown = frequent_words(kv, HINT_COUNT).words
    preferred = HINT_SEARCH.get(language)
    if preferred in shown:
        return preferred
    return next((w for w in frequent_content_words(kv, HINT_COUNT, language) if w in shown), shown[0])


def category_name(category: str) -> str:
    return t(CATEGORY_KEYS[category]) if category in CATEGORY_KEYS else category


def choose_words(kv, language: str) -> WordSet | None:
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
    available = [p for p in PRESET_KEYS if p in presets(language)]
    if not available:
        st.info(t("map.no_presets"))
        return None
    if state["map_preset"] not in available:
        state["map_preset"] = available[0]
    st.selectbox(t("map.preset"), available, key="map_preset", format_func=lambda p: t(PRESET_KEYS[p]))
    return preset_words(kv, language, state["map_preset"])


def choose_method() -> None:
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
    number_field(t("map.seed"), 0, 9999, key="map_seed", help=t("map.seed_help"))


def choose_look(chosen: WordSet | None) -> None:
    st.radio(t("map.colour"), list(COLOUR_KEYS), key="map_colour", format_func=lambda c: t(COLOUR_KEYS[c]))
    if state["map_colour"] == "category" and chosen is not None and chosen.categories is None:
        st.caption(t("map.no_categories"))
    if state["map_colour"] == "kmeans":
        st.select_slider(t("map.clusters"), CLUSTERS, key="map_clusters")
    st.toggle(t("map.labels", n=LABEL_ALL_UP_TO), key="map_labels")
    st.text_input(t("map.search"), key="map_search", max_chars=60, help=t("map.search_help"))
    st.select_slider(t("map.search_k"), SEARCH_K, key="map_search_k")
