"""The moments that train something: skip-gram or CBOW on rare words (Train embeddings) and
which recommender wins HR@k (item2vec). Each trains with the page's settings on the page's
data, as the page's own comparison does, and measures.

The link parameters and their defaults are the pages' (app_pages/embeddings/training/ and
app_pages/recommendations/); tests/core/test_classroom_moments.py checks that they still agree.
"""

from __future__ import annotations

import math

from core.classroom.moment_kit import Asked, Context, Moment, Outcome, Question, best, short
from core.embeddings.corpora import lecture_corpus, lee_corpus
from core.embeddings.models import load_vectors, model_info
from core.embeddings.synthetic_corpus import planted_vectors, planted_words, synthetic_corpus
from core.embeddings.training import TrainingParams, compare_sg_cbow, unit_reference
from core.links import Interval
from core.recsys.baselines import CooccurrenceKNN, MarkovBaseline, PopularityBaseline, RandomBaseline
from core.recsys.item2vec import Item2VecParams, Item2VecRecommender
from core.recsys.metrics import evaluate, leave_last_out
from core.recsys.sessions import GeneratorParams, generate_sessions

# ---------------------------------------------------------------- Train embeddings (train-embeddings)

CORPORA = ["lee", "synthetic", "lecture_en", "lecture_ru", "lecture_kk", "upload"]
SENTENCE_COUNTS = [500, 1000, 2000, 4000, 8000, 16000]
SIZES = [10, 25, 50, 100, 200]
REFERENCE_MODELS = {"en": "glove-en-50", "ru": "navec-ru-300"}  # the page's references by corpus language
BAND = 100  # the page's band size: this many rarest (and most frequent) words


def _training_spec(ctx: Context) -> dict:
    return {
        "te_corpus": ("lee", CORPORA),
        "te_syn_n": (4000, SENTENCE_COUNTS),
        "te_syn_noise": (0.1, [round(0.1 * i, 1) for i in range(11)]),
        "te_syn_seed": (0, range(0, 1000)),
        "te_size": (50, SIZES), "te_w2v_window": (5, range(1, 11)), "te_negative": (5, range(1, 21)),
        "te_ns": (0.75, Interval(-1.0, 1.0)), "te_epochs": (5, range(1, 51)), "te_min_count": (3, range(1, 21)),
        "te_seed": (0, range(0, 1000)),
    }


def _ask_rare(values: dict, ctx: Context) -> Asked:
    return Asked(("skipgram", "cbow"), {"epochs": str(values["te_epochs"])})


def _rare_run(values: dict):
    """(scores by band, the reference's kind, its name): the page's skip-gram against CBOW
    comparison on the page's corpus. A corpus with no reference (Kazakh, an upload this process
    cannot see) is replaced by the synthetic corpus, whose structure is known."""
    params = TrainingParams(
        algorithm="word2vec", vector_size=values["te_size"], window=values["te_w2v_window"],
        negative=values["te_negative"], ns_exponent=float(values["te_ns"]), epochs=values["te_epochs"],
        min_count=values["te_min_count"], seed=values["te_seed"])
    source = values["te_corpus"]
    if source == "synthetic":
        corpus = synthetic_corpus(values["te_syn_n"], float(values["te_syn_noise"]), values["te_syn_seed"])
    elif source == "lee":
        corpus = lee_corpus()
    elif source.startswith("lecture_"):
        corpus = lecture_corpus(source.removeprefix("lecture_"))
    else:
        corpus = None
    reference = None if corpus is None else "planted" if source == "synthetic" else REFERENCE_MODELS.get(corpus.language)
    if reference not in (None, "planted"):
        kv = load_vectors(reference)
        candidates = [w for w, n in corpus.counts().most_common() if n >= params.min_count and w in kv.key_to_index]
        scores, _ = compare_sg_cbow(corpus.sentences, params, unit_reference(kv), candidates, size=BAND)
        if all(math.isfinite(s.sg) and math.isfinite(s.cbow) for s in scores if s.band == "rare"):
            return {s.band: s for s in scores}, "pretrained", model_info(reference).title
    kind = "planted" if reference == "planted" else "fallback"
    if kind == "fallback":
        corpus = synthetic_corpus()  # the page's default synthetic corpus
    scores, _ = compare_sg_cbow(corpus.sentences, params, planted_vectors, [p.word for p in planted_words()],
                                size=BAND)
    return {s.band: s for s in scores}, kind, ""


def _answer_rare(question: Question, values: dict, ctx: Context) -> Outcome:
    scores, kind, reference = _rare_run(values)
    rare, frequent = scores["rare"], scores["frequent"]
    detail = {"epochs": str(values["te_epochs"]), "min_count": str(values["te_min_count"]), "rare": str(rare.words),
              "sg_rare": short(rare.sg), "cbow_rare": short(rare.cbow), "frequent": str(frequent.words),
              "sg_frequent": short(frequent.sg), "cbow_frequent": short(frequent.cbow), "reference": reference}
    key = {"pretrained": "moment.rare_words.detail.pretrained", "planted": "moment.rare_words.detail.planted",
           "fallback": "moment.rare_words.detail.fallback"}[kind]
    return Outcome(best({"skipgram": rare.sg, "cbow": rare.cbow}), key, detail)


# ---------------------------------------------------------------- item2vec (item2vec)

SESSION_COUNTS = [500, 1000, 2000, 5000, 10000, 20000]
VECTOR_SIZES = [16, 32, 48, 64, 100]
KS = [5, 10, 20]
RECOMMENDERS = ("item2vec", "cooccurrence", "markov", "popularity", "random")  # the options, in this order
_NAMES = {"co-occurrence": "cooccurrence"}  # a Score's model name -> its option
_DETAIL = {"cooccurrence": "co_occurrence"}  # an option -> its name in the detail


def _recsys_spec(ctx: Context) -> dict:
    return {
        "rs_source": ("generated", ["generated", "upload"]), "rs_n": (5000, SESSION_COUNTS),
        "rs_items": (400, range(40, 1001)), "rs_genres": (12, range(4, 13)), "rs_pop": (1.0, Interval(0.0, 2.0)),
        "rs_taste": (2, range(1, 5)), "rs_drift": (0.15, Interval(0.0, 1.0)),
        "rs_order": (0.5, Interval(0.0, 1.0)), "rs_noise": (0.05, Interval(0.0, 0.5)),
        "rs_length": (8.0, Interval(3.0, 20.0)), "rs_gen_seed": (0, range(0, 1000)),
        "rs_companions": (0.0, Interval(0.0, 0.5)),
        "rs_sg": (1, [0, 1]), "rs_size": (48, VECTOR_SIZES), "rs_window": (5, range(1, 11)),
        "rs_epochs": (10, range(1, 31)), "rs_negative": (5, range(1, 21)), "rs_ns": (0.75, Interval(-1.0, 1.0)),
        "rs_min_count": (1, range(1, 11)), "rs_seed": (0, range(0, 1000)),
        "rs_eval_k": (10, KS),
    }


def _generator(values: dict) -> GeneratorParams | None:
    """The page's generated sessions; None for an upload (this process cannot see the file) or
    settings the generator refuses."""
    if values["rs_source"] != "generated":
        return None
    try:
        return GeneratorParams(
            n_sessions=values["rs_n"], n_items=values["rs_items"], n_genres=values["rs_genres"],
            popularity_exponent=float(values["rs_pop"]), taste_genres=min(values["rs_taste"], values["rs_genres"]),
            drift=float(values["rs_drift"]), order_strength=float(values["rs_order"]), noise=float(values["rs_noise"]),
            mean_length=float(values["rs_length"]), seed=values["rs_gen_seed"],
            companion_share=float(values["rs_companions"]))
    except ValueError:
        return None


def page_scores(sessions, params: Item2VecParams, k: int):
    """The item2vec page's evaluation: every recommender fitted on the same training sessions
    (leave-last-out, seed 0) and scored by HR@k and MRR@k on the same test cases."""
    split = leave_last_out(sessions, seed=0)
    models = [RandomBaseline(seed=0), PopularityBaseline(), CooccurrenceKNN(), MarkovBaseline(),
              Item2VecRecommender(params=params)]
    return split, [evaluate(model.fit(split.train), split, k) for model in models]


def _ask_hr(values: dict, ctx: Context) -> Asked:
    return Asked(RECOMMENDERS, {"k": str(values["rs_eval_k"])})


def _answer_hr(question: Question, values: dict, ctx: Context) -> Outcome:
    generator = _generator(values)
    data = generate_sessions(generator or GeneratorParams())
    params = Item2VecParams(
        sg=values["rs_sg"], vector_size=values["rs_size"], window=values["rs_window"], epochs=values["rs_epochs"],
        negative=values["rs_negative"], ns_exponent=float(values["rs_ns"]), min_count=values["rs_min_count"],
        seed=values["rs_seed"])
    k = int(values["rs_eval_k"])
    split, scores = page_scores(data.sessions, params, k)
    hr = {_NAMES.get(s.model, s.model): s.hr for s in scores}
    key = "moment.hr10_winner.detail" if generator else "moment.hr10_winner.detail.generated_instead"
    # "co_occurrence" in the texts: the glossary keeps "cooccurrence" out of every English text
    return Outcome(best(hr), key, {"k": str(k), "tests": str(split.n_test),
                                   **{_DETAIL.get(name, name): short(hr[name]) for name in RECOMMENDERS}})


MOMENTS = (
    Moment(
        "rare_words", "train-embeddings", "moment.rare_words.title", "moment.rare_words.question",
        {"skipgram": "moment.rare_words.opt.skipgram", "cbow": "moment.rare_words.opt.cbow"},
        ("moment.rare_words.detail.pretrained", "moment.rare_words.detail.planted",
         "moment.rare_words.detail.fallback"),
        _training_spec, _ask_rare, _answer_rare,
    ),
    Moment(
        "hr10_winner", "item2vec", "moment.hr10_winner.title", "moment.hr10_winner.question",
        {"item2vec": "moment.hr10_winner.opt.item2vec", "cooccurrence": "moment.hr10_winner.opt.cooccurrence",
         "markov": "moment.hr10_winner.opt.markov", "popularity": "moment.hr10_winner.opt.popularity",
         "random": "moment.hr10_winner.opt.random"},
        ("moment.hr10_winner.detail", "moment.hr10_winner.detail.generated_instead"),
        _recsys_spec, _ask_hr, _answer_hr,
    ),
)
