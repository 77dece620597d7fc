"""What every "predict, then reveal" moment is made of: the question the class answers, the
outcome of the experiment, and the moment itself (the page it is asked on, its texts, how it
reads the page's link and runs its experiment).

A moment reads the page's settings from the page's link parameters, exactly as the page does
(`core.links.value_from_link`: a mangled value falls back to the default). What it read is pinned
in the question (`Question.setup`), so that the reveal answers the question the class saw even if
the teacher touched a control in between.

Texts are catalogue keys (assets/i18n/moments/); values put into them (`text_params`, `detail`)
are raw strings, numbers already written short ("0.031"), words as the model spells them: a
card that shows them as Markdown escapes them (core.text.plain.plain_params).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

from core.figures.theme import round3
from core.links import link_value, value_from_link


@dataclass(frozen=True)
class Question:
    moment: str
    options: tuple[str, ...]  # stable values ("sgd", "yes"); what the class's answers are
    text_params: dict[str, str]  # formats t(f"moment.{id}.question")
    labels: dict[str, str] | None = None  # literal labels (words from the model), else the catalogue's
    setup: dict[str, str] = field(default_factory=dict)  # the page settings asked about, as link values

    def to_dict(self) -> dict:
        return {"moment": self.moment, "options": list(self.options), "text_params": dict(self.text_params),
                "labels": None if self.labels is None else dict(self.labels), "setup": dict(self.setup)}

    @classmethod
    def from_dict(cls, data: Mapping) -> "Question":
        """The question back from `to_dict` (after a trip through JSON or a store). Anything not
        shaped like one raises ValueError."""
        try:
            options = tuple(data["options"])
            labels = data.get("labels")
            question = cls(str(data["moment"]), options, _strings(data.get("text_params", {})),
                           None if labels is None else _strings(labels), _strings(data.get("setup", {})))
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a question: {error}") from None
        if not options or not all(isinstance(o, str) for o in options) or len(set(options)) != len(options):
            raise ValueError("a question needs distinct string options")
        return question


def _strings(mapping: Mapping) -> dict[str, str]:
    if not isinstance(mapping, Mapping) or not all(isinstance(k, str) and isinstance(v, str)
                                                   for k, v in mapping.items()):
        raise TypeError("expected a mapping of strings to strings")
    return dict(mapping)


@dataclass(frozen=True)
class Outcome:
    correct: tuple[str, ...]  # the option(s) the experiment shows right
    detail_key: str  # t(detail_key, **detail): one or two sentences with the measured numbers
    detail: dict[str, str]


@dataclass(frozen=True)
class Context:
    """What a moment may use besides the link: the page's vectors and their language."""

    kv: object | None
    language: str  # of the vector model's words ("en", "ru"); "en" for pages without vectors


@dataclass(frozen=True)
class Asked:
    """What a moment's `ask` returns: the question's options and texts."""

    options: tuple[str, ...]
    text_params: dict[str, str]
    labels: dict[str, str] | None = None


Spec = dict[str, tuple]  # link parameter -> (default, allowed), as the pages' url_state specs


@dataclass(frozen=True)
class Moment:
    id: str
    page: str  # the url_path of the page it is asked on
    title_key: str  # 2-4 words, for the teacher's list
    question_key: str
    option_keys: Mapping[str, str]  # every option that has a catalogue text -> its key
    detail_keys: tuple[str, ...]  # every key an Outcome of this moment may name
    spec: Callable[[Context], Spec]  # the link parameters the experiment reads
    ask: Callable[[dict, Context], Asked]  # settings read from the link -> the question
    answer: Callable[[Question, dict, Context], Outcome]  # the experiment, on the pinned settings
    needs_vectors: bool = False


def read_settings(spec: Spec, params: Mapping[str, str]) -> dict:
    """Each parameter's value as the page reads it from its link: the default when absent,
    unparseable or not allowed."""
    values = {}
    for key, (default, allowed) in spec.items():
        text = params.get(key)
        values[key] = default if not isinstance(text, str) else value_from_link(text, default, allowed)
    return values


def pinned(values: dict) -> dict[str, str]:
    """Settings as link values, to be read back by `read_settings` at the reveal."""
    return {key: link_value(value) for key, value in values.items()}


def short(x: float) -> str:
    """A measured number as students read it: 3 significant digits."""
    return round3(x)


def per_option(values: Mapping[str, str]) -> str:
    """A number for each option, kept in an outcome's detail as "option:value|…": the detail is
    stored once for the class, and each student's card names the options in that student's
    language (`per_option_text`)."""
    return "|".join(f"{option}:{value}" for option, value in values.items())


def per_option_text(encoded: str, label: Callable[[str], str]) -> str:
    """"SGD (plain gradient steps): — · SGD with momentum: 92" from `per_option`'s text."""
    pairs = (item.rpartition(":") for item in encoded.split("|") if item)
    return " · ".join(f"{label(option)}: {value}" for option, _, value in pairs)


def seeded_rng(*parts: str) -> np.random.Generator:
    """A generator seeded by text (Python's own hash() changes between processes)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def best(scores: Mapping[str, float], lower_is_better: bool = False, tolerance: float = 1e-9) -> tuple[str, ...]:
    """The option(s) with the best finite score; ties (within `tolerance`) are all right."""
    finite = {k: v for k, v in scores.items() if v is not None and np.isfinite(v)}
    if not finite:
        return ()
    sign = -1.0 if lower_is_better else 1.0
    top = max(sign * v for v in finite.values())
    return tuple(k for k, v in finite.items() if sign * v >= top - tolerance)
