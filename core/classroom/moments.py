"""Predict, then reveal: the lesson moments a teacher asks the class about, and the experiments
that answer them.

    q = prepare("optimizer_race", params, kv=None)   # when the teacher asks: options and texts
    out = reveal(q, params, kv=None)                  # when the teacher reveals: the experiment

`params` are the page's link parameters as `st.query_params` holds them (only non-default
settings present); `kv` the page's vectors for word moments. The question text is
t(moment.question_key, **q.text_params); an option's text is t(moment.option_keys[option]), or
`q.labels[option]` (words from the model, shown literally). The outcome's `correct` options are
what the experiment measured, never a stored answer, and t(out.detail_key, **out.detail) says
what it measured, with the numbers.

The question pins the settings it was asked about (`Question.setup`): the reveal runs the
experiment on those, so the class's answers are judged on the setup they saw. If the page's
vectors changed in between so much that the same question cannot be asked again (another model
without the word), the reveal raises UserInputError("moment.error.changed").
"""

from __future__ import annotations

from typing import Mapping

from core.classroom import moment_learning, moment_networks, moment_words
from core.classroom.moment_kit import Context, Moment, Outcome, Question, pinned, read_settings
from core.embeddings.models import model_info
from core.errors import UserInputError
from core.text.tokenize import detect_language

__all__ = ["MOMENTS", "Moment", "Outcome", "Question", "prepare", "reveal"]

MOMENTS: dict[str, Moment] = {
    moment.id: moment for moment in (*moment_networks.MOMENTS, *moment_words.MOMENTS, *moment_learning.MOMENTS)
}
LANGUAGE_SAMPLE = 2_000  # the model's most frequent words tell its language


def _context(moment: Moment, params: Mapping[str, str], kv) -> Context:
    if not moment.needs_vectors:
        return Context(kv, "en")
    if kv is None:
        raise ValueError(f"the moment {moment.id!r} needs the page's vectors (kv)")
    return Context(kv, _language(params, kv))


def _language(params: Mapping[str, str], kv) -> str:
    """The language of the page's model: its card's (?model= in the link, as the sidebar writes
    it), else what its words look like."""
    name = params.get("model")
    if isinstance(name, str):
        try:
            return model_info(name).language
        except UserInputError:
            pass
    return detect_language(kv.index_to_key[:LANGUAGE_SAMPLE])


def _moment(moment_id: str) -> Moment:
    if moment_id not in MOMENTS:
        raise ValueError(f"unknown moment {moment_id!r}; choose from {', '.join(MOMENTS)}")
    return MOMENTS[moment_id]


def _params(params) -> dict[str, str]:
    """Only text values count: anything else in a hand-made dict is a mangled link."""
    return {k: v for k, v in dict(params or {}).items() if isinstance(k, str) and isinstance(v, str)}


def prepare(moment_id: str, params: Mapping[str, str] | None, kv=None) -> Question:
    """The question to ask now, about the page's current settings."""
    moment = _moment(moment_id)
    params = _params(params)
    ctx = _context(moment, params, kv)
    values = read_settings(moment.spec(ctx), params)
    asked = moment.ask(values, ctx)
    return Question(moment.id, tuple(asked.options), dict(asked.text_params),
                    None if asked.labels is None else dict(asked.labels), pinned(values))


def reveal(question: Question, params: Mapping[str, str] | None, kv=None) -> Outcome:
    """Run the experiment on the settings the question was asked about (the page's current ones
    for any the question did not pin) and say which options it shows right."""
    moment = _moment(question.moment)
    params = {**_params(params), **question.setup}
    ctx = _context(moment, params, kv)
    values = read_settings(moment.spec(ctx), params)
    again = moment.ask(values, ctx)
    if (tuple(again.options), dict(again.text_params), again.labels) != (
            question.options, question.text_params, question.labels):
        raise UserInputError("moment.error.changed", "The page changed since the question was asked: ask again")
    outcome = moment.answer(question, values, ctx)
    assert set(outcome.correct) <= set(question.options), (outcome.correct, question.options)
    return outcome
