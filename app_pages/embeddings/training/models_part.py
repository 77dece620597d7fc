"""word2vec and fastText trained with gensim on the chosen corpus: progress, words moving into
place epoch by epoch, neighbours per epoch, CBOW against skip-gram, unseen words, and the
vectors handed to the other pages or downloaded."""

import threading

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.common import Interval, choose_trained_model, number, show_user_error, t
from app_pages.embeddings.training.defaults import defaults_for, typed_word
from core.embeddings.corpora import Corpus
from core.embeddings.models import load_vectors, model_info, register_vectors
from core.embeddings.synthetic_corpus import planted_analogies, planted_words
from core.embeddings.training import (
    TrainedModel, TrainingParams, analogies_by_epoch, compare_sg_cbow, epoch_coordinates, epoch_neighbours,
    fingerprint, plain_ngrams, train_embeddings, word2vec_text, word_ngrams,
)
from core.text.tokenize import words as tokenize
from core.errors import UserInputError
from core.figures.theme import round3
from core.figures.training import analogies_figure, bands_figure, epochs_figure

SIZES = [10, 25, 50, 100, 200]
REFERENCE_MODELS = {"en": "glove-en-50", "ru": "navec-ru-300"}
NGRAM_WORDS = {"en": "apple", "ru": "яблоко", "kk": "кітаптарымызда"}
CONFIG = {"displaylogo": False}
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"te_sg": (1, [0, 1]), "te_size": (50, SIZES), "te_w2v_window": (5, range(1, 11)),
            "te_negative": (5, range(1, 21)), "te_ns": (0.75, Interval(-1.0, 1.0)), "te_epochs": (5, range(1, 51)),
            "te_min_count": (3, range(1, 21)), "te_seed": (0, range(0, 1000)), "te_follow": ("", None),
            "te_min_n": (3, range(1, 7)), "te_max_n": (6, range(1, 7)), "te_oov": ("", None), "te_ngram": ("", None)}


def _params(algorithm: str = "word2vec") -> TrainingParams:
    return TrainingParams(
        algorithm=algorithm, sg=state["te_sg"], vector_size=state["te_size"], window=state["te_w2v_window"],
        negative=state["te_negative"], ns_exponent=float(state["te_ns"]), epochs=state["te_epochs"],
        min_count=state["te_min_count"], seed=state["te_seed"], min_n=state["te_min_n"],
        max_n=max(state["te_min_n"], state["te_max_n"]),
    )


class _Slot:
    """Where one training run's model is kept. The cache holds slots, not models, because a
    cached function must not draw: the progress bar is drawn by whoever trains the slot."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.model: TrainedModel | None = None


@st.cache_resource(max_entries=12, show_spinner=False)
def _slot(key: str, params: TrainingParams, track: tuple[str, ...]) -> _Slot:
    return _Slot()


def trained(key: str, corpus: Corpus, params: TrainingParams, track: tuple[str, ...] = ()) -> TrainedModel | None:
    """The model for these settings, trained now with a progress bar or taken from the cache.
    Two students asking for the same model at once train it once."""
    slot = _slot(key, params, track)
    with slot.lock:
        if slot.model is None:
            bar = st.progress(0.0, text=t("te.training_epoch", epoch=0, epochs=params.epochs))
            try:
                slot.model = train_embeddings(
                    corpus.sentences, params, track=track,
                    progress=lambda epoch, epochs: bar.progress(
                        epoch / epochs, text=t("te.training_epoch", epoch=epoch, epochs=epochs)),
                )
            except UserInputError as error:
                show_user_error(error)
            finally:
                bar.empty()
    return slot.model


def training_controls() -> None:
    """gensim's parameters under gensim's names, shared by word2vec and fastText."""
    st.radio(t("te.architecture"), [1, 0], key="te_sg", horizontal=True,
             format_func=lambda sg: t("te.skipgram") if sg else "CBOW", help=t("te.architecture_help"))
    st.select_slider("vector_size", SIZES, key="te_size", help=t("te.size_help"))
    st.slider("window", 1, 10, key="te_w2v_window", help=t("te.window_help"))
    st.slider("negative", 1, 20, key="te_negative", help=t("te.negative_help"))
    st.slider("ns_exponent", -1.0, 1.0, step=0.05, key="te_ns", help=t("te.ns_help"))
    st.slider("epochs", 1, 50, key="te_epochs", help=t("te.epochs_help"))
    st.slider("min_count", 1, 20, key="te_min_count", help=t("te.min_count_help"))
    st.number_input("seed", 0, 999, key="te_seed", help=t("te.seed_help"))


def _title(params: TrainingParams, key: str, name: str) -> str:
    kind = "fastText" if params.algorithm == "fasttext" else ("word2vec SG" if params.sg else "word2vec CBOW")
    return f"{kind} {params.vector_size}d · {key.partition(':')[0]} · {name[-6:]}"


def _hand_over(model: TrainedModel, key: str, corpus: Corpus) -> None:
    """Download, and use on the other pages (the sidebar's model picker lists them)."""
    name = "trained-" + fingerprint(key, model.params)
    register_vectors(name, model.wv, _title(model.params, key, name), corpus.language)
    a, b = st.columns(2)
    a.button(t("te.use_vectors"), key=f"te_use_{model.params.algorithm}", icon=":material/input:",
             on_click=choose_trained_model, args=(name,), help=t("te.use_vectors_help"), width="stretch")
    b.download_button(t("te.download"), word2vec_text(model.wv), file_name=f"vectorlab-{name}.txt",
                      mime="text/plain", key=f"te_dl_{model.params.algorithm}", icon=":material/download:",
                      width="stretch")


def show_word2vec(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    synthetic = key.startswith("synthetic")
    planted = {p.word: p.group for p in planted_words()} if synthetic else {}
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        training_controls()
        follow = st.text_input(t("te.follow"), key="te_follow", placeholder=", ".join(defaults.follow))
    follow = tuple(dict.fromkeys(tokenize(follow)))[:8] or defaults.follow
    params = _params()
    with right:
        model = trained(key, corpus, params, track=(*follow, *planted))
        if model is None:
            return
        c1, c2, c3 = st.columns(3)
        c1.metric(t("te.seconds"), f"{model.seconds:.2f} s")
        c2.metric(t("te.vocabulary"), number(len(model.wv)))
        c3.metric(t("te.epochs_done"), params.epochs)
        shown = [w for w in follow if w in model.tracked]
        missing = [w for w in follow if w not in model.tracked]
        if missing:
            st.warning(t("te.not_in_vocab", words=", ".join(missing), min_count=params.min_count))
        labels = {"epoch": t("te.fig.epoch"), "play": t("te.fig.play"), "word": t("te.fig.word")}
        if synthetic:
            # Only the planted words, so that the picture's two axes go to their structure rather
            # than to the filler words around them.
            rows = [i for i, w in enumerate(model.tracked) if w in planted]
            words = [model.tracked[i] for i in rows]
            figure = epochs_figure(epoch_coordinates(model.snapshots[:, rows]), words, words,
                                   groups=[planted[w] for w in words], labels=labels)
            st.plotly_chart(figure, key="te_epochs_fig", theme=None, config=CONFIG)
            st.caption(t("te.epochs_note_planted", n=len(words)))
        else:
            figure = epochs_figure(epoch_coordinates(model.snapshots), model.tracked, shown, labels=labels)
            st.plotly_chart(figure, key="te_epochs_fig", theme=None, config=CONFIG)
            st.caption(t("te.epochs_note", n=len(model.tracked)))
        _hand_over(model, key, corpus)
    if synthetic:
        scores = analogies_by_epoch(model, planted_analogies())
        st.subheader(t("te.emerge_title"))
        st.plotly_chart(analogies_figure(scores, labels={"epoch": t("te.fig.epoch"), "solved": t("te.fig.solved")}),
                        key="te_emerge", theme=None, config=CONFIG)
        st.caption(t("te.emerge_note", solved=f"{100 * scores[-1]:.0f}", n=len(planted_analogies())))
    if shown:
        st.subheader(t("te.neighbours_title"))
        table = {w: [", ".join(n for n, _ in row[:3]) for row in epoch_neighbours(model, w, 3)] for w in shown}
        st.dataframe(pd.DataFrame(table, index=pd.Index(range(len(model.snapshots)), name=t("te.fig.epoch"))),
                     width="stretch", height=min(38 + 35 * len(model.snapshots), 760))
    _compare(key, corpus, params, planted)


@st.cache_data(max_entries=8, show_spinner=False)
def _comparison(key: str, params: TrainingParams, reference: str, _corpus: Corpus):
    if reference == "planted":
        attributes = {p.word: p for p in planted_words()}

        def vectors(words):
            rows = np.array([[1.0 if attributes[w].gender == "male" else -1.0, 1.0 if attributes[w].rank == "royal"
                              else -1.0, 1.0 if attributes[w].number == "plural" else -1.0] for w in words])
            return rows / np.sqrt(3.0)
        candidates = list(attributes)
    else:
        kv = load_vectors(reference)

        def vectors(words):
            rows = np.asarray(kv[words], dtype=float)
            return rows / np.linalg.norm(rows, axis=1, keepdims=True)
        counts = _corpus.counts()
        candidates = [w for w, n in counts.most_common() if n >= params.min_count and w in kv.key_to_index]
    return compare_sg_cbow(_corpus.sentences, params, vectors, candidates, size=100)


def _compare(key: str, corpus: Corpus, params: TrainingParams, planted: dict) -> None:
    st.subheader(t("te.compare_title"))
    st.markdown(t("te.compare_lead"))
    reference = "planted" if planted else REFERENCE_MODELS.get(corpus.language)
    if reference is None:
        st.info(t("te.compare_no_reference"))
        return
    if not (st.button(t("te.compare_run"), key="te_compare", icon=":material/compare:")
            or state.get("te_compared") == (key, params)):
        return
    state["te_compared"] = (key, params)
    with st.spinner(t("te.comparing")):
        scores, seconds = _comparison(key, params, reference, corpus)
    labels = {"frequent": t("te.fig.frequent"), "rare": t("te.fig.rare"), "skipgram": t("te.skipgram"),
              "agreement": t("te.fig.agreement"), "band": t("te.fig.band")}
    st.plotly_chart(bands_figure(scores, labels=labels), key="te_bands", theme=None, config=CONFIG)
    source = t("te.reference_planted") if reference == "planted" else model_info(reference).title
    st.caption(t("te.compare_note", reference=source, n=scores[0].words, sg=f"{seconds['sg']:.2f}",
                 cbow=f"{seconds['cbow']:.2f}"))


def _nearest(wv, word: str) -> str:
    """Three nearest words, or "" when there is no vector: fastText's is all zeros for a word
    too short to have any n-gram of the chosen lengths."""
    try:
        if not np.any(wv[word]):
            return ""
    except KeyError:
        return ""
    return ", ".join(f"{n} ({round3(s)})" for n, s in wv.most_similar(word, topn=3))


def show_fasttext(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    st.subheader(t("te.ngrams_title"))
    a, b = st.columns([1, 2.3], gap="large")
    with a:
        fallback = NGRAM_WORDS.get(corpus.language, "apple")
        word = typed_word(st.text_input(t("te.ngram_word"), key="te_ngram", max_chars=40, placeholder=fallback),
                          fallback)
        st.slider("min_n", 1, 6, key="te_min_n")
        st.slider("max_n", 1, 6, key="te_max_n")
    with b:
        st.markdown(t("te.ngrams_lecture", word=word, grams=", ".join(plain_ngrams(word))))
        grams = word_ngrams(word, state["te_min_n"], max(state["te_min_n"], state["te_max_n"]))
        st.markdown(t("te.ngrams_gensim", n=len(grams)))
        st.code(" ".join(grams), language=None, wrap_lines=True)
    st.subheader(t("te.oov_title"))
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.caption(t("te.oov_settings"))
        oov = st.text_input(t("te.oov_words"), key="te_oov", placeholder=", ".join(defaults.oov), max_chars=200)
    words = list(dict.fromkeys(tokenize(oov)))[:8] or list(defaults.oov)
    with right:
        fast = trained(key, corpus, _params("fasttext"))
        plain = trained(key, corpus, _params("word2vec"))
        if fast is None or plain is None:
            return
        rows = []
        for w in words:
            near = _nearest(fast.wv, w) or t("te.no_ngrams")
            plain_near = _nearest(plain.wv, w) or t("te.no_vector")
            rows.append({t("te.col_word"): w, t("te.col_fasttext"): near, t("te.col_word2vec"): plain_near})
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                     column_config={t("te.col_word"): st.column_config.TextColumn(width="small")})
        st.caption(t("te.oov_note", seconds=f"{fast.seconds:.2f}"))
        _hand_over(fast, key, corpus)

