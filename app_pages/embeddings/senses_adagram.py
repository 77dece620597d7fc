"""Word senses, part 2: AdaGram trained on the page (core.embeddings.senses), beside skip-gram's
single vector on the same corpus, how the number of senses follows α, and which sense a typed
sentence picks."""

import streamlit as st

from app_pages.charts import chart
from app_pages.common import computed_once, number, show_user_error, t
from app_pages.embeddings.training.corpus_picker import uploaded_corpus
from core.embeddings.corpora import Corpus, lecture_corpus, lee_corpus, read_uploaded_corpus
from core.embeddings.sense_corpus import AMBIGUOUS, CONTROL, planted_senses_corpus
from core.embeddings.training import TrainingParams, train_embeddings
from core.embeddings.word_senses import (
    ALPHAS, MAX_TRAIN_TOKENS, SWEEP_ALPHAS, AdaGramParams, capped, check_sense_word, context_words, mean_senses,
    slide_lines, sweep_words, train_adagram,
)
from core.errors import UserInputError
from core.figures.senses import sense_bars_figure, senses_by_alpha_figure
from core.text.plain import plain
from core.text.stopwords import stop_words

SOURCE_KEYS = {
    "planted": "ws.corpus.planted", "planted_mixed": "ws.corpus.planted_mixed", "lee": "te.corpus.lee", "lecture_en": "te.corpus.lecture_en",
    "lecture_ru": "te.corpus.lecture_ru", "lecture_kk": "te.corpus.lecture_kk", "upload": "te.corpus.upload",
}
SIZES = [10, 20, 30, 50, 100]
PLANTED_WORD, PLANTED_SENTENCE = "apple", "install the new software on the apple with a usb cable"
SWEEP_KEYS = {"ambiguous": "ws.sweep.ambiguous", "control": "ws.sweep.control", "frequent": "ws.sweep.frequent"}
NEIGHBOURS = 5
# skip-gram's single vector leans to one sense: its first 12 neighbours of apple are fruit words, the
# next ones computer words (planted corpus, page defaults)
SKIPGRAM_NEIGHBOURS = 20
state = st.session_state


def spec() -> dict[str, tuple]:
    return {
        "ws_corpus": ("planted", list(SOURCE_KEYS)),
        "ws_alpha": (0.1, list(ALPHAS)),
        "ws_senses": (5, range(1, 11)),
        "ws_epochs": (5, range(1, 21)),
        "ws_dim": (50, SIZES),
        "ws_window": (4, range(1, 11)),
        "ws_ag_word": (PLANTED_WORD, None),
        "ws_ag_sentence": (PLANTED_SENTENCE, None),
        "ws_sweep": (False, None),
    }


@st.cache_resource(max_entries=12, show_spinner=False)
def _corpus(key: str, _data: bytes | None = None, _file_name: str = "") -> Corpus:
    if key == "planted":
        return planted_senses_corpus()
    if key == "planted_mixed":  # both senses from the first sentence: AdaGram blends them (the hint)
        return planted_senses_corpus(new_sense_from=0.0)
    if key == "lee":
        return lee_corpus()
    if key.startswith("lecture_"):
        return lecture_corpus(key.removeprefix("lecture_"))
    return read_uploaded_corpus(_data, _file_name)


def _choose_corpus() -> tuple[str, Corpus]:
    source = st.selectbox(t("ws.corpus"), list(SOURCE_KEYS), key="ws_corpus", format_func=lambda s: t(SOURCE_KEYS[s]),
                          help=t("ws.corpus_help"))
    if source != "upload":
        return source, _corpus(source)
    return uploaded_corpus("ws_upload", _corpus)


def _default_word(corpus: Corpus) -> str:
    """apple on the planted corpus; elsewhere the corpus's most frequent content word."""
    if corpus.name == "senses":
        return PLANTED_WORD
    stop = stop_words(corpus.language)
    frequent = [w for w, _ in corpus.counts().most_common(200) if len(w) >= 4 and w.isalpha() and w not in stop]
    return frequent[0] if frequent else ""


def _follow_the_corpus(key: str, corpus: Corpus) -> None:
    """A new corpus brings its own default word and sentence, unless the user typed a word
    the new corpus has too (call before the word's widgets are drawn)."""
    seen = state.get("ws_ag_corpus_seen")
    if seen is not None and seen != key:
        if state.get("ws_ag_word", "").strip().lower() not in corpus.counts():
            state["ws_ag_word"] = _default_word(corpus)
            state["ws_ag_sentence"] = PLANTED_SENTENCE if corpus.name == "senses" else ""
    state["ws_ag_corpus_seen"] = key


def controls() -> tuple[str, Corpus]:
    key, corpus = _choose_corpus()
    st.caption(t("te.corpus_caption", sentences=number(len(corpus.sentences)), tokens=number(corpus.tokens),
                 words=number(len(corpus.counts())), language=corpus.language))
    if corpus.tokens > MAX_TRAIN_TOKENS:
        st.caption(t("ws.capped", tokens=number(MAX_TRAIN_TOKENS)))
    _follow_the_corpus(key, corpus)
    st.select_slider(t("ws.alpha"), list(ALPHAS), key="ws_alpha", help=t("ws.alpha_help"))
    st.slider(t("ws.max_senses"), 1, 10, key="ws_senses", help=t("ws.max_senses_help"))
    st.slider(t("ws.epochs"), 1, 20, key="ws_epochs")
    st.select_slider(t("ws.dim"), SIZES, key="ws_dim")
    st.slider(t("ws.window"), 1, 10, key="ws_window", help=t("ws.window_help"))
    st.text_input(t("ws.ag_word"), key="ws_ag_word", max_chars=60, help=t("ws.ag_word_help"))
    return key, corpus


def _params(alpha: float | None = None) -> AdaGramParams:
    return AdaGramParams(alpha=float(state["ws_alpha"] if alpha is None else alpha), max_senses=int(state["ws_senses"]),
                         epochs=int(state["ws_epochs"]), vector_size=int(state["ws_dim"]),
                         window=int(state["ws_window"]))


def _adagram(corpus_key: str, corpus: Corpus, params: AdaGramParams):
    return computed_once("adagram", corpus_key, params, lambda progress: train_adagram(corpus.sentences, params,
                                                                                         progress),
                         params.epochs, "ws.training")


def _skipgram(corpus_key: str, corpus: Corpus, params: AdaGramParams):
    """gensim's skip-gram with the same window, size, epochs and min_count: one vector a word."""
    sg = TrainingParams(sg=1, vector_size=params.vector_size, window=params.window, epochs=params.epochs,
                        min_count=params.min_count)
    return computed_once("adagram_sg", corpus_key, sg,
                         lambda progress: train_embeddings(capped(corpus.sentences), sg, progress=progress).wv,
                         sg.epochs, "ws.training_sg")


def picture(corpus_key: str, corpus: Corpus) -> None:
    params = _params()
    model = _adagram(corpus_key, corpus, params)
    if model is None:
        return
    try:
        word = check_sense_word(model, state["ws_ag_word"])
    except UserInputError as error:
        show_user_error(error)
        if error.params.get("close"):
            st.caption(t("ws.close_words", words=plain(error.params["close"])))
        word = None
    if word is not None:
        _senses(corpus_key, corpus, model, word, params)
    _sweep(corpus_key, corpus, params)


def _senses(corpus_key: str, corpus: Corpus, model, word: str, params: AdaGramParams) -> None:
    senses = model.senses(word, topn=NEIGHBOURS)
    titles = [f"{word} ({k + 1}) · " + ", ".join(w for w, _, _ in neighbours[:3]) for k, (_, neighbours) in
              enumerate(senses)]
    st.subheader(t("ws.ag_senses_title", word=plain(word), n=len(senses)))
    chart(sense_bars_figure(titles, [prior for prior, _ in senses], t("ws.fig.prior")), key="ws_priors")
    st.caption(t("ws.ag_priors_note", count=number(model.count(word)), shown=len(senses), t=params.max_senses,
                 rest=f"{max(0.0, 1 - sum(p for p, _ in senses)):.2f}"))
    # one above the other: side by side, each sense's line wrapped into four
    st.markdown(t("ws.ag_slide"))
    st.code("\n".join(slide_lines(word, senses)), language=None, wrap_lines=True)
    st.markdown(t("ws.sg_single"))
    wv = _skipgram(corpus_key, corpus, params)
    if wv is not None and word in wv.key_to_index:
        near = wv.most_similar(word, topn=SKIPGRAM_NEIGHBOURS)
        st.code(f"{word} — " + " ".join(f'("{w}", {s:.2f})' for w, s in near), language=None, wrap_lines=True)
    _disambiguate(model, word, titles)


def _disambiguate(model, word: str, titles: list[str]) -> None:
    st.subheader(t("ws.ag_context_title"))
    st.text_input(t("ws.ag_sentence"), key="ws_ag_sentence", max_chars=500, help=t("ws.ag_sentence_help"))
    if not state["ws_ag_sentence"].strip():
        st.info(t("ws.type_sentence", word=plain(word)))
        return
    try:
        context = context_words(state["ws_ag_sentence"], word)
    except UserInputError as error:
        show_user_error(error)
        return
    known = [w for w in context if w in model]
    unknown = list(dict.fromkeys(w for w in context if w not in model))
    posterior = model.disambiguate(word, known)
    chosen = int(posterior.argmax())
    if not known:
        st.warning(t("ws.ag_no_known", word=plain(word)))
    if len(titles) > 1:
        chart(sense_bars_figure(titles, posterior, t("ws.fig.posterior"), highlight=chosen), key="ws_posterior")
    else:
        st.caption(t("ws.ag_one_sense", word=plain(word)))
    st.markdown(t("ws.ag_context_result", sense=plain(titles[chosen]), p=f"{posterior[chosen]:.2f}",
                  words=", ".join(map(plain, dict.fromkeys(known))) or "—"))
    if unknown:
        st.caption(t("ws.context_unknown", words=", ".join(map(plain, unknown))))


def _sweep(corpus_key: str, corpus: Corpus, params: AdaGramParams) -> None:
    st.subheader(t("ws.sweep_title"))
    st.toggle(t("ws.sweep"), key="ws_sweep", help=t("ws.sweep_help", n=len(SWEEP_ALPHAS)))
    if not state["ws_sweep"]:
        return
    planted = corpus.name == "senses"

    def work(progress):
        means: dict[str, list[float]] = {}
        for i, alpha in enumerate(SWEEP_ALPHAS):
            swept = _params(alpha)
            model = train_adagram(corpus.sentences, swept)
            groups = sweep_words(set(model.vocabulary), corpus.counts(), AMBIGUOUS if planted else (),
                                 CONTROL if planted else (), corpus.language)
            for name, words in groups.items():
                means.setdefault(name, []).append(mean_senses(model, words))
            progress(i + 1, len(SWEEP_ALPHAS))
        return means

    means = computed_once("adagram_sweep", corpus_key, (params.max_senses, params.epochs, params.vector_size,
                                                         params.window), work, len(SWEEP_ALPHAS), "ws.sweeping")
    if means is None:
        return
    chart(senses_by_alpha_figure(SWEEP_ALPHAS, {t(SWEEP_KEYS[name]): values for name, values in means.items()},
                                 labels={"alpha": t("ws.fig.alpha"), "senses": t("ws.fig.mean_senses")}),
          key="ws_sweep_chart")
    if planted:
        st.caption(t("ws.sweep_note"))
