"""word2vec on the chosen corpus: words moving into place epoch by epoch, neighbours per epoch,
planted analogies emerging, and CBOW against skip-gram on frequent and rare words."""

import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import number, t
from app_pages.embeddings.training.defaults import defaults_for
from app_pages.embeddings.training.runs import hand_over, params_from_state, trained, training_controls
from core.embeddings.corpora import Corpus
from core.embeddings.models import load_vectors, model_info
from core.embeddings.synthetic_corpus import planted_analogies, planted_vectors, planted_words
from core.embeddings.training import (
    TrainingParams, analogies_by_epoch, compare_sg_cbow, epoch_coordinates, epoch_neighbours, unit_reference,
)
from core.figures.training import analogies_figure, bands_figure, epochs_figure
from core.text.tokenize import words as tokenize

REFERENCE_MODELS = {"en": "glove-en-50", "ru": "navec-ru-300"}
state = st.session_state


def show_word2vec(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    synthetic = key.startswith("synthetic")
    planted = {p.word: p.group for p in planted_words()} if synthetic else {}
    st.markdown(t("rs21.hypothesis_words"))  # where word2vec is introduced: the idea it rests on
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        training_controls()
        follow = st.text_input(t("te.follow"), key="te_follow", placeholder=", ".join(defaults.follow))
    follow = tuple(dict.fromkeys(tokenize(follow)))[:8] or defaults.follow
    params = params_from_state()
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
            chart(figure, key="te_epochs_fig")
            st.caption(t("te.epochs_note_planted", n=len(words)))
        else:
            figure = epochs_figure(epoch_coordinates(model.snapshots), model.tracked, shown, labels=labels)
            chart(figure, key="te_epochs_fig")
            st.caption(t("te.epochs_note", n=len(model.tracked)))
        hand_over(model, key, corpus)
    if synthetic:
        scores = analogies_by_epoch(model, planted_analogies())
        st.subheader(t("te.emerge_title"))
        chart(analogies_figure(scores, labels={"epoch": t("te.fig.epoch"), "solved": t("te.fig.solved")}),
                        key="te_emerge")
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
        vectors, candidates = planted_vectors, [p.word for p in planted_words()]
    else:
        kv = load_vectors(reference)
        vectors = unit_reference(kv)
        candidates = [w for w, n in _corpus.counts().most_common() if n >= params.min_count and w in kv.key_to_index]
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
    chart(bands_figure(scores, labels=labels), key="te_bands")
    source = t("te.reference_planted") if reference == "planted" else model_info(reference).title
    st.caption(t("te.compare_note", reference=source, n=scores[0].words, sg=f"{seconds['sg']:.2f}",
                 cbow=f"{seconds['cbow']:.2f}"))
