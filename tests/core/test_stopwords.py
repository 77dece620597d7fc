"""Stop-word lists and prepare_tokens: the kept / stop / unknown split, ё spellings, and every
error a user can trigger."""

from __future__ import annotations

import time

import pytest

from core.errors import UserInputError
from core.text.stopwords import Tokens, prepare_tokens, stop_words


def test_lists_hold_function_words_in_lower_case():
    en, ru = stop_words("en"), stop_words("ru")
    assert {"the", "and", "of", "to", "in", "is", "was", "don't"} <= en
    assert {"и", "в", "не", "что", "он", "быть", "был", "это", "её", "ее", "всё", "все", "ещё", "еще"} <= ru
    assert len(en) > 300 and 150 <= len(ru) <= 400
    for words in (en, ru):
        assert all(w and w == w.strip() == w.lower() for w in words)


def test_topical_words_are_not_stop_words():
    # scikit-learn's list holds "fire" and "bill": the Lee news corpus is about both.
    assert not {"fire", "bill", "system", "computer", "interest"} & stop_words("en")


def test_every_ru_stop_word_with_yo_has_its_ye_spelling():
    ru = stop_words("ru")
    assert all(w.replace("ё", "е") in ru for w in ru)


def test_other_languages_have_no_stop_words():
    assert stop_words("kk") == frozenset() == stop_words("xx")


def test_english_split(glove):
    tokens = prepare_tokens("The cat sat on the mat with Zyxwvutq and the cat!", glove, "en")
    assert tokens == Tokens(kept=("cat", "sat", "mat", "cat"), stop=("the", "on", "with", "and"), unknown=("zyxwvutq",))


def test_stop_words_kept_when_asked(glove):
    tokens = prepare_tokens("The cat sat on the mat", glove, "en", drop_stop_words=False)
    assert tokens.kept == ("the", "cat", "sat", "on", "the", "mat") and tokens.stop == ()


def test_stop_word_that_the_model_lacks_counts_as_stop(glove):
    tokens = prepare_tokens("Don't panic", glove, "en")
    assert tokens.stop == ("don't",) and tokens.kept == ("panic",) and tokens.unknown == ()


def test_english_possessive_falls_back_to_the_word(glove):
    assert "obama's" not in glove.key_to_index
    assert prepare_tokens("Obama's speech", glove, "en").kept == ("obama", "speech")


def test_russian_split(navec):
    tokens = prepare_tokens("Кошка сидела на ковре, и кошка спала. Ыщщъхз!", navec, "ru")
    assert tokens.kept == ("кошка", "сидела", "ковре", "кошка", "спала")
    assert tokens.stop == ("на", "и")
    assert tokens.unknown == ("ыщщъхз",)


def test_yo_read_as_ye_when_the_model_lacks_it(navec):
    assert "шофёр" not in navec.key_to_index and "шофер" in navec.key_to_index
    assert prepare_tokens("Шофёр спал", navec, "ru").kept == ("шофер", "спал")


def test_yo_kept_when_the_model_has_it(navec):
    assert prepare_tokens("ёжик", navec, "ru").kept == ("ёжик",)


def test_stop_words_with_and_without_yo(navec):
    tokens = prepare_tokens("Всё её и все ее книги", navec, "ru")
    assert tokens.kept == ("книги",) and tokens.stop == ("всё", "её", "и", "все", "ее")


def test_kazakh_drops_nothing(navec):
    tokens = prepare_tokens("и в на", navec, "kk")
    assert tokens.kept == ("и", "в", "на") and tokens.stop == ()


@pytest.mark.parametrize("text", ["", "   \n\t", "🙂🎉🚀", "!!! ... ???", None])
def test_no_words_is_empty_text(glove, text):
    with pytest.raises(UserInputError) as caught:
        prepare_tokens(text, glove, "en")
    assert caught.value.key == "error.text_empty" and str(caught.value) == "Type some words"


def test_ten_thousand_words_fail_fast(glove):
    text = " ".join(["bushfire"] * 10_000)
    start = time.perf_counter()
    with pytest.raises(UserInputError) as caught:
        prepare_tokens(text, glove, "en")
    assert time.perf_counter() - start < 0.5
    assert caught.value.key == "error.text_too_long"
    assert caught.value.params == {"limit": 1000, "n": 10_000}
    assert str(caught.value) == "At most 1000 words, got 10000"


def test_limit_is_inclusive_and_adjustable(glove):
    assert len(prepare_tokens("cat " * 1000, glove, "en").kept) == 1000
    with pytest.raises(UserInputError, match="At most 3 words, got 4"):
        prepare_tokens("a cat and a", glove, "en", max_tokens=3)


@pytest.mark.parametrize(
    ("text", "stop", "unknown"),
    [
        ("the and of", "the, and, of", ""),
        ("zyxwvutq qqqzzzx", "", "zyxwvutq, qqqzzzx"),
        ("the zyxwvutq", "the", "zyxwvutq"),
    ],
)
def test_nothing_left(glove, text, stop, unknown):
    with pytest.raises(UserInputError) as caught:
        prepare_tokens(text, glove, "en")
    error = caught.value
    assert error.key == "error.text_nothing_left"
    assert str(error) == "No word of this text is both known to the model and not a stop word"
    assert error.params == {"stop": stop, "unknown": unknown}
