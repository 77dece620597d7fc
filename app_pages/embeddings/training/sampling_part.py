"""word2vec's training data from a window, for skip-gram (one positive pair per context word)
and CBOW (the context's mean predicts the centre word), drawn on the sentence; negatives drawn
with frequencies raised to α; and one step of skip-gram with negative sampling, drawn as arrows."""

import numpy as np
import pandas as pd
import streamlit as st

from app_pages.charts import chart
from app_pages.common import number, presenting, show_user_error, t
from app_pages.number_field import number_field
from app_pages.embeddings.training.defaults import defaults_for, typed_word
from core.embeddings.corpora import Corpus
from core.embeddings.negative_sampling import (
    cbow_example, draw_negatives, examples_per_sentence, noise_distribution, sgns_step, skipgram_pairs,
)
from core.errors import UserInputError
from core.figures.theme import round3
from core.figures.training import noise_figure, sgns_step_figure
from core.figures.word2vec_window import ARCHITECTURES, window_figure
from core.links import Interval
from core.text.plain import plain
from core.text.tokenize import words as tokenize

LEARNING_RATES = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
# The loss of one training example: skip-gram scores the centre word's vector v_t against a
# context word's output vector u_c; CBOW scores the mean h of the context's vectors against the
# centre word's u_t (gensim's cbow_mean=1); both against the negatives' u_n the same way. One
# formula a line: in Presenting mode CBOW's two on one line ran past the column's edge.
LOSS_FORMULAS = {
    "sg": (r"L = -\log\sigma(v_t\cdot u_c) - \sum_i \log\sigma(-v_t\cdot u_{n_i})",),
    "cbow": (r"h = \frac{1}{|C|}\sum_{c\in C} v_c",
             r"L = -\log\sigma(h\cdot u_t) - \sum_i \log\sigma(-h\cdot u_{n_i})"),
}
ARCH_KEYS = {"sg": "cbow.arch.sg", "cbow": "cbow.arch.cbow"}
FIGURE_NOTE_KEYS = {"sg": "cbow.fig_note.sg", "cbow": "cbow.fig_note.cbow"}
FIGURE_LABEL_KEYS = {"mean": "cbow.fig.mean", "centre": "cbow.fig.centre", "context": "cbow.fig.context",
                     "outside": "cbow.fig.outside", "example": "cbow.fig.example"}
STEP_DEFAULTS = {"target": "apricot", "context": "jam", "negatives": "tolstoy, matrix"}
state = st.session_state


def spec() -> dict[str, tuple]:
    return {"te_sentence": ("", None), "te_pair_arch": ("sg", list(ARCHITECTURES)),
            "te_target": (-1, range(-1, 200)), "te_pair_window": (2, range(1, 6)), "te_k": (4, range(1, 21)), "te_alpha": (0.75, Interval(0.0, 1.0)), "te_neg_seed": (0, range(0, 1000)),
            "te_st": ("", None), "te_sc": ("", None), "te_sn": ("", None), "te_lr": (1.0, LEARNING_RATES),
            "te_steps": (1, range(1, 31)), "te_step_seed": (1, range(0, 1000))}


def show_pairs(key: str, corpus: Corpus) -> None:
    defaults = defaults_for(key, corpus)
    counts = corpus.counts()
    vocab = [w for w, _ in counts.most_common()]
    frequencies = np.array([counts[w] for w in vocab], dtype=float)
    # The diagram goes above the controls, across the page: a sentence's words in a row need the
    # width (the right column alone left 500 pixels, too few for a Russian window of five words).
    picture = st.container()
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        text = st.text_input(t("te.sentence"), key="te_sentence", max_chars=300, placeholder=defaults.sentence)
        st.radio(t("te.architecture"), list(ARCHITECTURES), key="te_pair_arch", help=t("te.architecture_help"),
                 format_func=lambda a: t(ARCH_KEYS[a]))
        sentence = tokenize(text) or tokenize(defaults.sentence)
        if not sentence:
            st.warning(t("te.sentence_empty"))
            return
        positions = list(range(len(sentence)))
        if state["te_target"] not in positions:
            state["te_target"] = sentence.index("cat") if "cat" in sentence else min(2, len(sentence) - 1)
        st.selectbox(t("te.target"), positions, key="te_target", format_func=lambda i: f"{i + 1} · {sentence[i]}")
        st.slider(t("te.pair_window"), 1, 5, key="te_pair_window")
        st.slider(t("te.k"), 1, 20, key="te_k", help=t("te.k_help"))
        st.slider(t("te.alpha"), 0.0, 1.0, step=0.05, key="te_alpha", help=t("te.alpha_help"))
        number_field(t("te.seed"), 0, 999, key="te_neg_seed")
    architecture, index, window = state["te_pair_arch"], state["te_target"], state["te_pair_window"]
    target = sentence[index]
    positives = skipgram_pairs(sentence, index, window)
    context, _ = cbow_example(sentence, index, window)
    distribution = noise_distribution(frequencies, state["te_alpha"])
    with picture:
        labels = {name: t(key) for name, key in FIGURE_LABEL_KEYS.items()}
        figure = window_figure(sentence, index, window, architecture, labels=labels, presenting=presenting())
        chart(figure, key="te_window_fig", csv=False)
        st.caption(t(FIGURE_NOTE_KEYS[architecture]))
    with right:
        try:
            # the whole window is avoided for CBOW too (gensim skips only the centre word), so that
            # no row reads "the, furry → furry, 0"
            negatives = draw_negatives(vocab, distribution, state["te_k"], seed=state["te_neg_seed"],
                                       avoid={target, *context})
        except UserInputError as error:
            show_user_error(error)
            negatives = []
        if architecture == "sg":
            rows = positives + [(target, word, 0) for word in negatives]
            columns = [t("te.col_target"), t("te.col_context"), t("te.col_label")]
        else:
            words = ", ".join(context)
            rows = [(words, target, 1)] + [(words, word, 0) for word in negatives] if context else []
            columns = [t("cbow.col_context"), t("te.col_target"), t("te.col_label")]
        if rows:
            st.dataframe(pd.DataFrame(rows, columns=columns), hide_index=True, width="stretch",
                         height=38 + 35 * len(rows))
        if architecture == "sg":
            st.caption(t("te.pairs_note", n=len(positives), k=len(negatives), words=number(len(vocab))))
        elif context:
            st.caption(t("cbow.pairs_note", n=len(context), target=plain(target), k=len(negatives),
                         words=number(len(vocab))))
        else:
            st.info(t("cbow.no_context", target=plain(target)))
        skipgram_count, cbow_count = examples_per_sentence(len(sentence), window)
        st.caption(t("cbow.examples_note", length=len(sentence), window=window, sg=number(skipgram_count),
                     cbow=number(cbow_count)))
        st.caption(t("cbow.lecture_note", part=t("te.part.word2vec")))
        for formula in LOSS_FORMULAS[architecture]:
            st.latex(formula)
    st.subheader(t("te.alpha_title"))
    labels = {"rank": t("te.fig.rank"), "probability": t("te.fig.probability"), "unigram": t("te.fig.unigram"),
              "uniform": t("te.fig.uniform")}
    chart(noise_figure(vocab, frequencies, state["te_alpha"], labels=labels), key="te_noise")
    raw = frequencies / frequencies.sum()
    st.caption(t("te.alpha_note", top=vocab[0], raw=round3(100 * raw[0]), flat=round3(100 * distribution[0]),
                 alpha=round3(state["te_alpha"]), rare=vocab[-1], raw_rare=round3(100 * raw[-1]),
                 flat_rare=round3(100 * distribution[-1])))


def show_step() -> None:
    left, right = st.columns([1, 2.3], gap="large")
    with left:
        st.caption(t("te.step_lead"))
        target = st.text_input(t("te.step_target"), key="te_st", placeholder=STEP_DEFAULTS["target"], max_chars=40)
        context = st.text_input(t("te.step_context"), key="te_sc", placeholder=STEP_DEFAULTS["context"], max_chars=40)
        negatives = st.text_input(t("te.step_negatives"), key="te_sn", placeholder=STEP_DEFAULTS["negatives"],
                                  max_chars=200)
        st.select_slider(t("te.lr"), LEARNING_RATES, key="te_lr")
        st.slider(t("te.steps"), 1, 30, key="te_steps", help=t("te.steps_help"))
        number_field(t("te.step_seed"), 0, 999, key="te_step_seed", help=t("te.step_seed_help"))
    target = typed_word(target, STEP_DEFAULTS["target"])
    context = typed_word(context, STEP_DEFAULTS["context"])
    noise = tokenize(negatives)[:6] or tokenize(STEP_DEFAULTS["negatives"])
    rng = np.random.default_rng(state["te_step_seed"])
    # Two dimensions, so that the vectors can be drawn as they are: no projection in between.
    # Seed 1 starts like the lecture's figure: jam pulled in, Tolstoy and matrix pushed out.
    start = rng.normal(0.0, 1.0, size=(2 + len(noise), 2))
    t_vec, c_vec, n_vecs = start[0], start[1], start[2:]
    first = step = sgns_step(t_vec, c_vec, n_vecs, lr=state["te_lr"])
    for _ in range(state["te_steps"] - 1):
        step = sgns_step(step.new_target, step.new_context, step.new_negatives, lr=state["te_lr"])
    after = np.vstack([step.new_target, step.new_context, step.new_negatives])
    words = [target, context, *noise]
    roles = ["target", "context"] + ["negative"] * len(noise)
    with right:
        c1, c2, c3 = st.columns(3)
        c1.metric(t("te.loss"), round3(step.new_loss), delta=round3(step.new_loss - first.loss), delta_color="inverse")
        c2.metric(t("te.p_context", context=context), round3(_sigmoid(after[0] @ after[1])),
                  delta=round3(_sigmoid(after[0] @ after[1]) - first.positive_prob))
        c3.metric(t("te.steps_done"), state["te_steps"])
        labels = {"target": t("te.role.target"), "context": t("te.role.context"), "negative": t("te.role.negative"),
                  "before": t("te.fig.before"), "x": t("te.fig.x"), "y": t("te.fig.y")}
        chart(sgns_step_figure(words, roles, start, after, labels=labels), key="te_step_fig")
    grads = np.vstack([first.grad_target, first.grad_context, first.grad_negatives])
    dots = [None, first.positive_dot, *first.negative_dots]
    probs = [None, first.positive_prob, *first.negative_probs]
    st.dataframe(pd.DataFrame({
        t("te.col_word"): words, t("te.col_role"): [t(f"te.role.{r}") for r in roles],
        t("te.col_dot"): [round3(d) if d is not None else "" for d in dots],
        t("te.col_sigma"): [round3(p) if p is not None else "" for p in probs],
        t("te.col_grad"): [f"({round3(g[0])}, {round3(g[1])})" for g in grads],
        t("te.col_dot_after"): ["", *(round3(after[0] @ v) for v in after[1:])],
    }), hide_index=True, width="stretch")
    st.caption(t("te.step_note", loss=round3(first.loss)))
    st.latex(r"L = -\log\sigma(t\cdot c) - \sum_i \log\sigma(-t\cdot n_i)")
    st.latex(r"\frac{\partial L}{\partial t} = (\sigma(t\cdot c) - 1)\,c + \sum_i \sigma(t\cdot n_i)\,n_i,\quad "
             r"\frac{\partial L}{\partial c} = (\sigma(t\cdot c) - 1)\,t,\quad "
             r"\frac{\partial L}{\partial n_i} = \sigma(t\cdot n_i)\,t")


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))
