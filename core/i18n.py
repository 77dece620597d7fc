"""Interface text in English, Russian and Kazakh, from flat JSON catalogues in assets/i18n/."""

from __future__ import annotations

import json
import re
import string
from functools import lru_cache
from pathlib import Path

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DEFAULT_LANGUAGE = "en"
CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "assets" / "i18n"


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    with open(CATALOGUE_DIR / f"{language}.json", encoding="utf-8") as handle:
        return json.load(handle)


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

