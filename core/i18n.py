"""Interface text in English, Russian and Kazakh, from flat JSON catalogues in assets/i18n/:
one main file per language (`en.json`) and, for newer parts of the lab, one folder per part
(`senses/en.json`), so that a part's words live beside each other. A key lives in one file only."""

from __future__ import annotations

import json
import re
import string
from functools import lru_cache
from pathlib import Path

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DEFAULT_LANGUAGE = "en"
CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "assets" / "i18n"


def catalogue_files(language: str) -> list[Path]:
    return [CATALOGUE_DIR / f"{language}.json", *sorted(CATALOGUE_DIR.glob(f"*/{language}.json"))]


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    for path in catalogue_files(language):
        with open(path, encoding="utf-8") as handle:
            part = json.load(handle)
        twice = set(part) & set(merged)
        if twice:
            raise ValueError(f"{path} repeats keys of another catalogue: {sorted(twice)}")
        merged.update(part)
    return merged


def placeholders(text: str) -> set[str]:
    """The {names} a text expects. Formulas between $ signs are LaTeX, whose braces are not
    placeholders: such texts are shown as they are, never formatted."""
    prose = re.sub(r"\$[^$]*\$", "", text)
    return {field for _, field, _, _ in string.Formatter().parse(prose) if field}


def language_from_link(text: str | None) -> str:
    """The language a link names: its code (?lang=ru, any case) or, as older links did, its own
    name (?lang=Русский); anything else is the default."""
    wanted = (text or "").strip()
    for code, name in LANGUAGES.items():
        if wanted.lower() in (code, name.lower()):
            return code
    return DEFAULT_LANGUAGE


def translate(language: str, key: str, /, **params) -> str:
    """The text for `key` in `language`, falling back to English, then to the key itself
    (a test guarantees every key exists in every language, so fallbacks never show)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    text = catalogue(language).get(key) or catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**params) if params else text

