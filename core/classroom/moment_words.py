"""The moments on word vectors: the nearest word to a word (Similarity), is king − man + woman
really queen (Analogies), which sentence is closer by Word Mover's Distance (WMD). Each reads
the page's words from its link, with the page's own defaults for the model's language, and asks
the page's vectors (`kv`).

The link parameters and their defaults are the pages' (app_pages/embeddings/similarity.py,
app_pages/embeddings/analogies.py, app_pages/texts/wmd.py); tests/core/test_classroom_moments.py
checks that they still agree.
"""

from __future__ import annotations

from core.classroom.moment_kit import Asked, Context, Moment, Outcome, Question, best, seeded_rng, short
from core.embeddings.analogy import answers_and_rank, parse_expression
from core.embeddings.default_words import first_known_analogy, pair_or_neighbours, words_or_frequent
from core.embeddings.similarity import METRICS, known_words, neighbours
from core.embeddings.wordsets import _is_word
from core.errors import UserInputError
from core.text.stopwords import prepare_tokens
from core.text.wmd import wmd

# ---------------------------------------------------------------- Similarity (similarity)

QUERIES = {"en": "cat", "ru": "кошка"}  # the page's word
PAIRS = {"en": ("cat", "dog"), "ru": ("кошка", "собака")}  # the page's fallback when the model lacks it
POOL = 30  # the other options come from the word's nearest POOL neighbours
OTHERS = 3


def _similarity_spec(ctx: Context) -> dict:
    kv, lang = ctx.kv, ctx.language
    pair = pair_or_neighbours(kv, PAIRS.get(lang, PAIRS["en"]), lang)
    word = (words_or_frequent(kv, [QUERIES.get(lang, QUERIES["en"])], lang) or [pair[0]])[0]
    return {"sim_word": (word, None), "sim_metric": ("cosine", list(METRICS))}


def _page_word(values: dict, ctx: Context) -> str:
    """The page's word in the model's spelling; the page's default for an unknown or empty one."""
    try:
        (word,) = known_words(ctx.kv, [values["sim_word"]])
        return word
    except UserInputError:
        (word,) = known_words(ctx.kv, [_similarity_spec(ctx)["sim_word"][0]])
        return word


def _ask_nearest(values: dict, ctx: Context) -> Asked:
    word = _page_word(values, ctx)
    found = [w for w, _ in neighbours(ctx.kv, word, topn=POOL, metric=values["sim_metric"])]
    rng = seeded_rng("nearest_word", word, values["sim_metric"])
    pool = [w for w in found[1:] if _is_word(w)] or found[1:]
    others = [pool[i] for i in sorted(rng.choice(len(pool), size=min(OTHERS, len(pool)), replace=False))]
    options = [found[0], *others]
    options = [options[i] for i in rng.permutation(len(options))]
    return Asked(tuple(options), {"word": word}, labels={w: w for w in options})


def _answer_nearest(question: Question, values: dict, ctx: Context) -> Outcome:
    word = _page_word(values, ctx)
    metric = values["sim_metric"]
    found = neighbours(ctx.kv, word, topn=POOL, metric=metric)
    rank = {w: i + 1 for i, (w, _) in enumerate(found)}
    nearest, score = found[0]
    others = " · ".join(f"{w} — {rank[w] if w in rank else '>' + str(POOL)}"
                        for w in question.options if w != nearest)
    key = "moment.nearest_word.detail.cosine" if metric == "cosine" else "moment.nearest_word.detail.euclidean"
    correct = (nearest,) if nearest in question.options else ()
    return Outcome(correct, key, {"word": word, "nearest": nearest, "score": short(score), "others": others})


# ---------------------------------------------------------------- Analogies (analogies)


def _analogy_spec(ctx: Context) -> dict:
    first = first_known_analogy(ctx.kv, ctx.language)
    return {
        "an_mode": ("three", ["three", "free"]),
        "an_a": (first.a, None), "an_b": (first.b, None), "an_c": (first.c, None),
        "an_expr": (f"{first.a} - {first.b} + {first.c}", None),
        "an_expected": (first.expected, None),
    }


def _analogy(values: dict, ctx: Context):
    """(positive, negative, expected or None) as the page reads them; the page's default
    analogy when the link's words are missing, unknown to the model or not an analogy."""
    kv = ctx.kv
    try:
        if values["an_mode"] == "three":
            words = [values[k].strip() for k in ("an_a", "an_b", "an_c")]
            positive, negative = [words[0], words[2]], [words[1]]
        else:
            positive, negative = parse_expression(values["an_expr"], known=kv.__contains__)
        positive, negative = known_words(kv, positive), known_words(kv, negative)
        answers_and_rank(kv, positive, negative, None, topn=1)  # at least three distinct known words
    except UserInputError:
        first = first_known_analogy(kv, ctx.language)
        return [first.a, first.c], [first.b], first.expected or None
    expected = None
    if values["an_expected"].strip():
        try:
            (expected,) = known_words(kv, [values["an_expected"]])
        except UserInputError:
            expected = None
    return positive, negative, expected


def _expression(positive: list[str], negative: list[str]) -> str:
    return " ".join([positive[0], *(f"− {w}" for w in negative), *(f"+ {w}" for w in positive[1:])])


def _expected_or_top(positive, negative, expected, ctx: Context) -> str:
    """The answer the question names: the page's expected word, or else the page's top answer."""
    if expected:
        return expected
    found, _ = answers_and_rank(ctx.kv, positive, negative, None, topn=1)
    return found[0][0]


def _ask_analogy(values: dict, ctx: Context) -> Asked:
    positive, negative, expected = _analogy(values, ctx)
    expected = _expected_or_top(positive, negative, expected, ctx)
    return Asked(("yes", "input_word", "other"), {"expression": _expression(positive, negative), "expected": expected})


def _answer_analogy(question: Question, values: dict, ctx: Context) -> Outcome:
    positive, negative, expected = _analogy(values, ctx)
    expected = _expected_or_top(positive, negative, expected, ctx)
    kept, kept_rank = answers_and_rank(ctx.kv, positive, negative, expected, exclude_inputs=True, topn=1)
    raw, raw_rank = answers_and_rank(ctx.kv, positive, negative, expected, exclude_inputs=False, topn=1)
    (raw_top, raw_score), (kept_top, kept_score) = raw[0], kept[0]
    if raw_top == expected:
        correct = ("yes",)
    elif kept_top == expected:
        correct = ("input_word",)  # the arithmetic's nearest word is an input; queen wins once they are left out
    else:
        correct = ("other",)
    return Outcome(correct, "moment.king_queen.detail", {
        "expression": _expression(positive, negative), "expected": expected, "raw": raw_top,
        "raw_score": short(raw_score), "raw_rank": str(raw_rank), "top": kept_top, "top_score": short(kept_score),
        "rank": str(kept_rank),
    })


# ---------------------------------------------------------------- Word Mover's Distance (wmd)

WMD_PAIRS = {  # the page's two texts: the lecture's (Kusner et al.'s) Obama example
    "en": ("Obama speaks to the media in Illinois", "The President greets the press in Chicago"),
    "ru": ("Президент выступил перед журналистами в Москве", "Глава государства обратился к прессе в столице"),
}
# The third sentence of the WMD paper's Figure 2: about something else, in the same shape, and
# sharing no content word with either of the page's (so bag-of-words overlap cannot decide).
THIRD = {"en": "The band gave a concert in Japan", "ru": "Группа дала концерт в Японии"}


def _wmd_spec(ctx: Context) -> dict:
    pair = WMD_PAIRS.get(ctx.language, WMD_PAIRS["en"])
    return {"wmd_a": (pair[0], None), "wmd_b": (pair[1], None), "wmd_stop": (True, None)}


def _texts(values: dict, ctx: Context) -> tuple[tuple[str, list[str]], ...]:
    """A, B and the third sentence with the tokens WMD compares; a text with no usable word
    gives way to the page's default text on that side."""
    lang = ctx.language if ctx.language in WMD_PAIRS else "en"
    defaults = (*WMD_PAIRS[lang], THIRD[lang])
    found = []
    for text, default in zip((values["wmd_a"], values["wmd_b"], THIRD[lang]), defaults):
        try:
            found.append((text, list(prepare_tokens(text, ctx.kv, lang, drop_stop_words=values["wmd_stop"]).kept)))
        except UserInputError:
            found.append((default, list(prepare_tokens(default, ctx.kv, lang,
                                                       drop_stop_words=values["wmd_stop"]).kept)))
    return tuple(found)


def _ask_wmd(values: dict, ctx: Context) -> Asked:
    (a, _), (b, _), (c, _) = _texts(values, ctx)
    return Asked(("b", "c"), {"a": a}, labels={"b": b, "c": c})


def _answer_wmd(question: Question, values: dict, ctx: Context) -> Outcome:
    (a, tokens_a), (b, tokens_b), (c, tokens_c) = _texts(values, ctx)
    distance = {"b": wmd(ctx.kv, tokens_a, tokens_b).distance, "c": wmd(ctx.kv, tokens_a, tokens_c).distance}
    key = "moment.wmd_closer.detail.no_stop" if values["wmd_stop"] else "moment.wmd_closer.detail.stop"
    return Outcome(best(distance, lower_is_better=True), key, {
        "a": a, "b": b, "c": c, "to_b": short(distance["b"]), "to_c": short(distance["c"]),
        "words_a": " ".join(tokens_a),
    })


MOMENTS = (
    Moment(
        "nearest_word", "similarity", "moment.nearest_word.title", "moment.nearest_word.question", {},
        ("moment.nearest_word.detail.cosine", "moment.nearest_word.detail.euclidean"),
        _similarity_spec, _ask_nearest, _answer_nearest, needs_vectors=True,
    ),
    Moment(
        "king_queen", "analogies", "moment.king_queen.title", "moment.king_queen.question",
        {"yes": "moment.king_queen.opt.yes", "input_word": "moment.king_queen.opt.input_word",
         "other": "moment.king_queen.opt.other"},
        ("moment.king_queen.detail",), _analogy_spec, _ask_analogy, _answer_analogy, needs_vectors=True,
    ),
    Moment(
        "wmd_closer", "wmd", "moment.wmd_closer.title", "moment.wmd_closer.question", {},
        ("moment.wmd_closer.detail.no_stop", "moment.wmd_closer.detail.stop"),
        _wmd_spec, _ask_wmd, _answer_wmd, needs_vectors=True,
    ),
)
