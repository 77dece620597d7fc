"""Training runs shared by the word2vec and fastText steps: gensim's parameters as widgets, one
cached run per corpus and settings (trained once, with a progress bar), and the hand-over of
the vectors to the other pages or a download."""

import streamlit as st

from app_pages.common import choose_trained_model, computed_once, t
from app_pages.number_field import number_field
from core.embeddings.corpora import Corpus
from core.embeddings.models import register_vectors
from core.embeddings.training import TrainedModel, TrainingParams, fingerprint, train_embeddings, word2vec_text
from core.links import Interval

SIZES = [10, 25, 50, 100, 200]
# fastText's n-gram lengths. gensim's 3..6 on the Lee news at 5 epochs gave an unseen word
# neighbours with nothing in common (talibans: decades, headquarters, capital); with 4..5 most
# of each default unseen word's five nearest share a 4-letter piece with it (terrorisim:
# terror, terrorist, terrorism, terrorists), and training takes 2.0 s instead of 3.4 s (whole call).
MIN_N, MAX_N = 4, 5
# fastText's own epochs (word2vec keeps step 4's 5). After 5 epochs on the Lee news one direction
# dominates every vector: 200 frequent words have mean pairwise cosine 0.86 (nearest ones 0.99+),
# so an unseen word's neighbours are decided by noise ("policewoman": policy, so-called, gunman).
# The shared direction shrinks as training goes on: 0.62 at 8 epochs, 0.52 at 10, 0.29 at 20.
# At 10, over seeds 0-3, each default unseen word has 3-5 of its five nearest sharing 4 letters
# (policewoman: policy, police, policemen, then officer, officers), and training takes 2.3-2.7 s.
FASTTEXT_EPOCHS = 10
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"te_sg": (1, [0, 1]), "te_size": (50, SIZES), "te_w2v_window": (5, range(1, 11)),
            "te_negative": (5, range(1, 21)), "te_ns": (0.75, Interval(-1.0, 1.0)), "te_epochs": (5, range(1, 51)),
            "te_ft_epochs": (FASTTEXT_EPOCHS, range(1, 51)),
            "te_min_count": (3, range(1, 21)), "te_seed": (0, range(0, 1000)), "te_follow": ("", None),
            "te_min_n": (MIN_N, range(1, 7)), "te_max_n": (MAX_N, range(1, 7)), "te_oov": ("", None), "te_ngram": ("", None)}


def params_from_state(algorithm: str = "word2vec", values=None) -> TrainingParams:
    """The run's settings from the widgets (or from `values`, e.g. `default_values()`)."""
    s = state if values is None else values
    return TrainingParams(
        algorithm=algorithm, sg=s["te_sg"], vector_size=s["te_size"], window=s["te_w2v_window"],
        negative=s["te_negative"], ns_exponent=float(s["te_ns"]),
        epochs=s["te_ft_epochs"] if algorithm == "fasttext" else s["te_epochs"],
        min_count=s["te_min_count"], seed=s["te_seed"], min_n=s["te_min_n"], max_n=max(s["te_min_n"], s["te_max_n"]),
    )


def default_values() -> dict:
    """Every setting of this module at its default, as a page opens without a link."""
    return {key: default for key, (default, _) in spec().items()}


def trained(key: str, corpus: Corpus, params: TrainingParams, track: tuple[str, ...] = ()) -> TrainedModel | None:
    """The model for these settings, trained now with a progress bar or taken from the cache."""
    return computed_once("embeddings", key, (params, track),
                         lambda progress: train_embeddings(corpus.sentences, params, track=track, progress=progress),
                         params.epochs, "te.training_epoch")


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
    number_field("seed", 0, 999, key="te_seed", help=t("te.seed_help"))


def _title(params: TrainingParams, key: str, name: str) -> str:
    kind = "fastText" if params.algorithm == "fasttext" else ("word2vec SG" if params.sg else "word2vec CBOW")
    return f"{kind} {params.vector_size}d · {key.partition(':')[0]} · {name[-6:]}"


def hand_over(model: TrainedModel, key: str, corpus: Corpus) -> None:
    """Download, and use on the other pages (the sidebar's model picker lists them)."""
    name = "trained-" + fingerprint(key, model.params)
    register_vectors(name, model.wv, _title(model.params, key, name), corpus.language)
    a, b = st.columns(2)
    a.button(t("te.use_vectors"), key=f"te_use_{model.params.algorithm}", icon=":material/input:",
             on_click=choose_trained_model, args=(name,), help=t("te.use_vectors_help"), width="stretch")
    b.download_button(t("te.download"), word2vec_text(model.wv), file_name=f"vectorlab-{name}.txt",
                      mime="text/plain", key=f"te_dl_{model.params.algorithm}", icon=":material/download:",
                      width="stretch")
