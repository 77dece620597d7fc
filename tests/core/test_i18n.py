"""Every key in every language, no key that no code uses, and placeholders that match."""

import ast
import re
import dataclasses
from pathlib import Path

import pytest

from app_pages.registry import PageSpec, SectionSpec
from core.embeddings import ModelInfo
from core.i18n import LANGUAGES, catalogue, language_from_link, placeholders, translate

ROOT = Path(__file__).resolve().parents[2]
CODE = [ROOT / "app.py", *sorted((ROOT / "app_pages").rglob("*.py")), *sorted((ROOT / "core").rglob("*.py"))]
KEY_FIELDS = {
    cls.__name__: [f.name for f in dataclasses.fields(cls)] for cls in (PageSpec, SectionSpec, ModelInfo)
}
KEY_FIELDS["UserInputError"] = ["message_key"]


def _string_constants_and_calls():
    constants, called = set(), set()
    for path in CODE:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                literal_args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
                if name == "t" and literal_args:
                    called.add(literal_args[0])
                elif name == "translate" and len(literal_args) >= 1:
                    called.add(literal_args[-1])
                for keyword in node.keywords:
                    if keyword.arg and keyword.arg.endswith("_key") and isinstance(keyword.value, ast.Constant):
                        called.add(keyword.value.value)
                # Positional *_key fields of registry records, and UserInputError("error.x", ...)
                fields = KEY_FIELDS.get(name, ())
                for field, arg in zip(fields, node.args):
                    if field.endswith("_key") and isinstance(arg, ast.Constant) and arg.value:
                        called.add(arg.value)
    return constants, called


CONSTANTS, CALLED = _string_constants_and_calls()
ENGLISH = catalogue("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_exactly_the_english_keys(language):
    keys = set(catalogue(language))
    assert not set(ENGLISH) - keys, f"missing in {language}"
    assert not keys - set(ENGLISH), f"extra in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_are_filled_and_keep_placeholders(language):
    for key, text in catalogue(language).items():
        assert text.strip(), f"{language}:{key} is empty"
        assert placeholders(text) == placeholders(ENGLISH[key]), f"{language}:{key} placeholders"


def test_every_key_used_in_code_exists():
    assert not CALLED - set(ENGLISH), "keys used in code but missing from assets/i18n/en.json"


def test_every_key_like_constant_exists():
    """Keys reached through dictionaries (NAME_KEYS[...]) are string constants in the code."""
    namespaces = {key.split(".")[0] + "." for key in ENGLISH}
    key_like = re.compile(r"^[a-z]+(\.[a-z0-9_]+)+$")
    candidates = {c for c in CONSTANTS if key_like.match(c) and c.startswith(tuple(namespaces))}
    module_names = {"core.", "app_pages."}
    assert not {c for c in candidates - set(ENGLISH) if not c.startswith(tuple(module_names))}


def test_no_catalogue_key_is_unused():
    assert not set(ENGLISH) - CONSTANTS, "keys in the catalogues that no code uses"


def test_translations_are_real():
    russian, kazakh = catalogue("ru"), catalogue("kk")
    # Names such as "XOR" or "Adam" stay as they are; any longer text must be translated.
    untranslated = [k for k, v in ENGLISH.items() if len(v) > 12 and v in (russian[k], kazakh[k])]
    assert not untranslated
    # Kazakh uses letters Russian does not have; a Russian text pasted as Kazakh would not.
    kazakh_text = " ".join(kazakh.values())
    assert sum(kazakh_text.count(ch) for ch in "әғқңөұүһі") > len(kazakh) // 2


def test_translate_formats_and_falls_back():
    assert translate("ru", "error.unknown_model", name="x") == "Векторной модели «x» нет."
    assert translate("xx", "page.home") == ENGLISH["page.home"]
    assert translate("en", "no.such.key") == "no.such.key"



@pytest.mark.parametrize(("text", "code"), [
    ("ru", "ru"), ("kk", "kk"), ("en", "en"), ("RU", "ru"), (" kk ", "kk"),
    ("Русский", "ru"), ("Қазақша", "kk"), ("English", "en"),  # links made before codes
    (None, "en"), ("", "en"), ("de", "en"), ("<script>", "en"),
])
def test_a_link_names_its_language_by_code_or_by_its_old_name(text, code):
    assert language_from_link(text) == code


# Names that stay in Latin letters in Russian and Kazakh: optimizers, activations, models, the
# lecture's English examples. Anything else without a Cyrillic letter is English left behind
# (the map's and the playground's "Seed" were).
LATIN_NAMES = {
    "pg.act.leaky_relu", "pg.opt.adagrad", "pg.opt.rmsprop", "pg.opt.adam", "pg.act.softplus", "sim.fig.one_hot",
    "te.part.word2vec", "te.part.fasttext", "te.skipgram", "page.wmd", "page.item2vec", "rs.model.item2vec",
    "lesson.order", "lesson.wmd",
}


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_english_words_left_in_russian_or_kazakh(language):
    import re

    left = {key: text for key, text in catalogue(language).items()
            if re.search("[a-z]{3,}", text) and not re.search("[а-яёәғқңөұүһі]", text, re.I)}
    assert set(left) <= LATIN_NAMES, {k: v for k, v in left.items() if k not in LATIN_NAMES}
    for key in ("pg.data_seed", "map.seed"):  # "Seed", "Seed данных": a word, not a name
        assert not catalogue(language)[key].lower().startswith("seed")


def test_a_part_catalogue_is_merged_and_may_not_repeat_a_key(tmp_path, monkeypatch):
    import json

    import core.i18n as i18n

    (tmp_path / "en.json").write_text(json.dumps({"a.one": "One"}), encoding="utf-8")
    (tmp_path / "part").mkdir()
    (tmp_path / "part" / "en.json").write_text(json.dumps({"b.two": "Two"}), encoding="utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", tmp_path)
    i18n.catalogue.cache_clear()
    try:
        assert i18n.catalogue("en") == {"a.one": "One", "b.two": "Two"}
        (tmp_path / "part" / "en.json").write_text(json.dumps({"a.one": "Again"}), encoding="utf-8")
        i18n.catalogue.cache_clear()
        with pytest.raises(ValueError, match="a.one"):
            i18n.catalogue("en")
    finally:
        monkeypatch.undo()
        i18n.catalogue.cache_clear()
