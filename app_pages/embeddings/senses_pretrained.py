"""Word senses, part 1: the senses of a word in the sidebar's pretrained vectors, found by
Louvain on its neighbours' similarity graph (core.embeddings.word_senses), and the sense a
typed sentence's words point to."""

import pandas as pd
import streamlit as st

from app_pages.callbacks import whole
from app_pages.charts import chart
from app_pages.common import (
    forget_other_models_words, language, model_language, model_name, number, t, vectors, word_error,
)
from app_pages.embeddings.model_words import follow_the_model
from core.embeddings.default_words import words_or_frequent
from core.embeddings.word_senses import (
    DEFAULT_NEIGHBOURS, DEFAULT_RESOLUTION, NEIGHBOURS, RESOLUTIONS, SUGGESTIONS, neighbourhood_plane, read_context,
    split_senses,
)
from core.errors import UserInputError
from core.figures.senses import sense_bars_figure, sense_map_figure, sense_title
from core.figures.theme import round3
from core.links import Interval
from core.text.plain import plain

WORDS = {"en": "python", "ru": "замок"}
SENTENCES = {"en": "I write python code for linux", "ru": "вор взломал замок на двери"}
WORD_KEYS = ("ws_word", "ws_sentence")
state = st.session_state


def spec() -> dict[str, tuple]:
    kv, lang = vectors(), model_language()
    word = (words_or_frequent(kv, [WORDS.get(lang, WORDS["en"])], lang) or [WORDS["en"]])[0]
    sentence = SENTENCES.get(lang, SENTENCES["en"]) if word == WORDS.get(lang) else ""
    return {
        "ws_word": (word, None),
        "ws_n": (DEFAULT_NEIGHBOURS, range(NEIGHBOURS[0], NEIGHBOURS[1] + 1, 5)),
        "ws_res": (DEFAULT_RESOLUTION, Interval(*RESOLUTIONS)),
        "ws_sentence": (sentence, None),
    }


def follow_model(page_spec: dict[str, tuple]) -> None:
    """Words typed for one model mean nothing to another (call before url_state)."""
    forget_other_models_words("ws_lang", WORD_KEYS)
    follow_the_model("ws_model", {key: page_spec[key][0] for key in WORD_KEYS})


@whole
def _pick(word: str) -> None:
    state["ws_word"] = word


@st.cache_data(max_entries=64, show_spinner=False)
def _split(model: str, word: str, n: int, resolution: float):
    """Keyed by the model's name, not its vectors (never a big array as a cache key)."""
    split = split_senses(vectors(), word, n, resolution)
    return split, neighbourhood_plane(split)


@st.cache_data(max_entries=32, show_spinner=False)
def _map(model: str, word: str, n: int, resolution: float, language: str):
    """The map, kept: placing its labels takes 0.2 s at 60 neighbours and 0.5 s at 150, and a typed
    sentence or a language switch back should not pay that again."""
    split, plane = _split(model, word, n, resolution)
    return sense_map_figure(plane, split.word, split.neighbours, split.sense_of, [s.name for s in split.senses],
                            split.edges, split.similarities,
                            labels={"x": t("ws.fig.x"), "y": t("ws.fig.y"), "sense": t("ws.sense_n"),
                                    "word": t("ws.fig.word")})


def _titles(split) -> list[str]:
    return [sense_title(i, s.name, {"sense": t("ws.sense_n")}) for i, s in enumerate(split.senses)]


def controls() -> None:
    kv, lang = vectors(), model_language()
    st.text_input(t("ws.word"), key="ws_word", max_chars=60, help=t("ws.word_help"))
    known = [w for w in SUGGESTIONS.get(lang, SUGGESTIONS["en"]) if w in kv.key_to_index]
    if known:
        st.caption(t("ws.suggestions"))
        columns = st.columns(3)
        for i, word in enumerate(known):
            columns[i % 3].button(word, key=f"ws_pick_{i}", on_click=_pick, args=(word,), width="stretch")
    st.slider(t("ws.n"), NEIGHBOURS[0], NEIGHBOURS[1], step=5, key="ws_n", help=t("ws.n_help"))
    st.slider(t("ws.res"), RESOLUTIONS[0], RESOLUTIONS[1], step=0.1, key="ws_res", help=t("ws.res_help"))


def picture() -> None:
    """The map, the senses' table, the single vector against each sense, and the sentence."""
    try:
        settings = (model_name(), state["ws_word"].strip(), int(state["ws_n"]), float(state["ws_res"]))
        split, _ = _split(*settings)
    except UserInputError as error:
        word_error(error)
        return
    titles = _titles(split)
    chart(_map(*settings, language()), key="ws_map")
    st.caption(t("ws.map_note", word=plain(split.word), n=len(split.neighbours), senses=len(split.senses)))
    st.dataframe(pd.DataFrame([{
        t("ws.col_sense"): titles[i], t("ws.col_size"): len(s.words), t("ws.col_cosine"): round3(s.word_cosine),
        t("ws.col_words"): ", ".join(s.words[:12]),
    } for i, s in enumerate(split.senses)]), hide_index=True, width="stretch")
    _one_vector(split, titles)
    _sentence(split, titles)


def _one_vector(split, titles: list[str]) -> None:
    st.subheader(t("ws.one_vector_title"))
    near, far = split.senses[split.nearest_sense], split.senses[split.farthest_sense]
    if len(split.senses) < 2:
        st.info(t("ws.one_sense", word=plain(split.word)))
        return
    st.markdown(t("ws.one_vector", word=plain(split.word), near=plain(titles[split.nearest_sense]),
                  near_cos=round3(near.word_cosine), far=plain(titles[split.farthest_sense]),
                  far_cos=round3(far.word_cosine)))
    chart(sense_bars_figure(titles, [s.word_cosine for s in split.senses], t("ws.fig.word_cosine"),
                            highlight=split.nearest_sense), key="ws_word_cosines")


def _sentence(split, titles: list[str]) -> None:
    st.subheader(t("ws.context_title"))
    st.text_input(t("ws.sentence"), key="ws_sentence", max_chars=500, help=t("ws.sentence_help"))
    if not state["ws_sentence"].strip():
        st.info(t("ws.type_sentence", word=plain(split.word)))
        return
    try:
        reading = read_context(vectors(), split, state["ws_sentence"], model_language())
    except UserInputError as error:
        word_error(error)
        return
    chart(sense_bars_figure(titles, reading.shares, t("ws.fig.share"), highlight=reading.chosen), key="ws_context")
    st.markdown(t("ws.context_result", sense=plain(titles[reading.chosen]),
                  cos=round3(reading.cosines[reading.chosen]), words=", ".join(map(plain, reading.used))))
    if reading.unknown:
        st.caption(t("ws.context_unknown", words=", ".join(map(plain, reading.unknown))))
    if reading.stop:
        st.caption(t("ws.context_stop", words=", ".join(map(plain, reading.stop))))


def model_caption() -> str:
    return t("ws.model_caption", model=plain(model_name()), words=number(len(vectors().index_to_key)))
