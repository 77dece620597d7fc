"""The glossary (assets/glossary.json) holds the lectures' words; every interface text, the part
catalogues included, must avoid the variants it lists. A failure names the language, the key and
the word found, so whoever wrote the text can fix it."""

import json
import re
from pathlib import Path

import pytest

from core.i18n import LANGUAGES, catalogue

GLOSSARY_PATH = Path(__file__).resolve().parents[2] / "assets" / "glossary.json"
GLOSSARY = json.loads(GLOSSARY_PATH.read_text(encoding="utf-8"))


def edge_pattern(fragment: str) -> re.Pattern:
    # \b is not enough: a fragment may start or end with a hyphen or a space. Python's \w knows
    # Cyrillic (Kazakh's ә, ғ, қ, ң, ө, ұ, ү, һ, і too), so "нысан" does not match inside "бинысан".
    return re.compile(rf"(?<!\w)(?:{fragment})(?!\w)", re.IGNORECASE)


def violations(texts: dict[str, str], entry: dict) -> list[str]:
    allowed = set(entry.get("allow_keys", ()))
    found = []
    patterns = [edge_pattern(fragment) for fragment in entry["avoid"]]
    require = entry.get("require")
    for key, text in texts.items():
        if key in allowed:
            continue
        for pattern in patterns:
            hit = pattern.search(text)
            if hit:
                found.append(f"{key}: «{hit.group(0)}» (use: {entry['use']})")
        if require and edge_pattern(require["when"]).search(text) and not edge_pattern(require["also"]).search(text):
            found.append(f"{key}: says «{require['when']}» without «{require['also']}»")
    return found


def test_the_glossary_covers_every_language_and_names_its_sources():
    assert set(LANGUAGES) <= set(GLOSSARY)
    for language in LANGUAGES:
        assert GLOSSARY[language], language
        for entry in GLOSSARY[language]:
            assert entry["concept"] and entry["use"] and entry["source"], entry
            for fragment in entry["avoid"]:
                edge_pattern(fragment)  # compiles
                assert not edge_pattern(fragment).fullmatch(entry["use"]), (language, fragment)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_interface_text_uses_an_avoided_variant(language):
    texts = catalogue(language)
    problems = [problem for entry in GLOSSARY[language] for problem in violations(texts, entry)]
    assert not problems, f"{language}: " + "; ".join(problems)


@pytest.mark.parametrize(
    ("language", "concept", "bad", "good"),
    [
        ("ru", "mini-batch", "Пакетный и мини-пакетный спуск", "Спуск по мини-батчам"),
        ("ru", "co-occurrence", "вероятности совместной встречаемости", "вероятности совстречаемости"),
        ("ru", "learning rate", "Скорость обучения γ", "Скорость обучения (learning rate) γ"),
        ("ru", "learning rate", "на параболе шаг обучения 1,1", "на параболе шаг 5 обучения идёт"),
        ("kk", "embedding", "Эмбеддингтерді оқыту", "Ендірулерді оқыту"),
        ("kk", "embedding", "жақсы кірістірулер", "кірісті дайындау"),
        ("kk", "item (what is recommended)", "келесі нысанды ұсыну", "нысана нүктелері"),
        ("kk", "item (what is recommended)", "Тауар векторлары", "Элемент векторлары"),
        ("kk", "what next? (session in, item out)", "Келесі не болады?", "Келесі не істейсіз?"),
        ("en", "co-occurrence", "cooccurrence counts", "co-occurrence counts"),
    ],
)
def test_the_rules_catch_the_variants_they_name_and_nothing_near_them(language, concept, bad, good):
    # The word-edge and ending rules matter most for Kazakh and Russian suffixes: a check that
    # matched nothing (or everything) would pass the catalogue test above for the wrong reason.
    entry = next(entry for entry in GLOSSARY[language] if entry["concept"] == concept)
    assert violations({"k": bad}, entry)
    assert not violations({"k": good}, entry)
