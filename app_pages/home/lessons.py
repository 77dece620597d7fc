"""Lesson moments: links that open a page set up for one idea of the lectures.

Each is a page and the link parameters that page reads (its `url_state` keys), so a lesson
is exactly what a teacher would get by setting the controls and copying the link;
tests/app/test_lessons.py opens every one and checks that the page took every parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from app_pages.networks.playground_presets import BASE, NOTE_KEYS, PRESETS, TITLE_KEYS
from core.links import link_value


@dataclass(frozen=True)
class Lesson:
    section_key: str
    page: str  # the page's url_path
    title_key: str
    note_key: str
    query: dict[str, str]


def _playground(name: str) -> Lesson:
    settings = {**BASE, **PRESETS[name]}
    query = {key: link_value(value) for key, value in settings.items() if BASE.get(key) != value}
    return Lesson("section.networks", "train", TITLE_KEYS[name], NOTE_KEYS[name], query)


LESSONS: tuple[Lesson, ...] = (
    Lesson("section.networks", "activations", "lesson.saturation", "lesson.saturation_note", {"w": "5.0"}),
    Lesson("section.networks", "descent", "lesson.overshoot", "lesson.overshoot_note", {"gd_rate": "1.1"}),
    # SGD at γ = 0.03 is near its limit 2/κ = 0.04 and turns back across the valley; momentum at
    # γ = 0.003, μ = 0.9 has the same pace along it (γ/(1 − μ)) and rolls without turning back.
    # The rest (SGD then momentum, start, 200 steps) are the page's defaults; test_descent_page checks the claim.
    Lesson("section.networks", "descent", "lesson.momentum", "lesson.momentum_note",
           {"gd_kappa": "50", "gd_lr0": "0.03", "gd_lr1": "0.003"}),
    # The field of −∇f on the stretched bowl at κ = 50: every arrow points more across the valley
    # than along it, and SGD at γ = 0.03 (past 1/κ) zigzags; at the page's 0.01 it would not
    # (tests/app/test_claims_networks.py checks the note).
    Lesson("section.networks", "descent", "lesson.gradient", "lesson.gradient_note",
           {"gd_kappa": "50", "gd_field": "1", "gd_lr0": "0.03"}),
    Lesson("section.networks", "activations", "lesson.approximation", "lesson.approximation_note", {"ua_parts": "1"}),
    Lesson("section.networks", "backprop", "lesson.chain_rule", "lesson.chain_rule_note", {}),
    *(_playground(name) for name in ("lr_too_high", "xor_hidden", "spiral_depth", "dying_relu", "linear_model")),
    Lesson("section.embeddings", "analogies", "lesson.capitals", "lesson.capitals_note",
           {"an_a": "paris", "an_b": "france", "an_c": "italy", "an_expected": "rome"}),
    Lesson("section.embeddings", "map", "lesson.map", "lesson.map_note", {}),
    Lesson("section.embeddings", "train-embeddings", "lesson.pairs", "lesson.pairs_note", {"te_part": "pairs"}),
    Lesson("section.embeddings", "train-embeddings", "lesson.fasttext", "lesson.fasttext_note", {"te_part": "fasttext"}),
    Lesson("section.embeddings", "train-embeddings", "lesson.glove", "lesson.glove_note", {"te_part": "glove", "te_corpus": "lecture_en"}),
    Lesson("section.embeddings", "senses", "lesson.senses_pretrained", "lesson.senses_pretrained_note", {}),
    Lesson("section.embeddings", "senses", "lesson.senses", "lesson.senses_note", {"ws_part": "adagram"}),
    Lesson("section.texts", "sentence-vectors", "lesson.order", "lesson.order_note", {}),
    Lesson("section.texts", "wmd", "lesson.wmd", "lesson.wmd_note", {}),
    Lesson("section.texts", "wmd", "lesson.wmd_ru", "lesson.wmd_ru_note", {"model": "navec-ru-300"}),
    Lesson("section.recommendations", "item2vec", "lesson.baselines", "lesson.baselines_note", {}),
)
