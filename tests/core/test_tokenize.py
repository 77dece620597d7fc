"""Tokenising: words of any script, sentences, and the language guess."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text.tokenize import WORD, detect_language, sentences, words

KAZAKH_NINE = "әғқңөұүһі"


# --- words --------------------------------------------------------------------------------


def test_english_words_lower_cased_punctuation_dropped():
    assert words("The King, the Queen; and (the) JACK!") == ["the", "king", "the", "queen", "and", "the", "jack"]


def test_russian_keeps_yo():
    assert words("Ёжик в тумане. ЕЛЬ и ёлка!") == ["ёжик", "в", "тумане", "ель", "и", "ёлка"]


def test_kazakh_letters_survive_lower_casing():
    assert words("ҚАЗАҚСТАН") == ["қазақстан"]
    upper = KAZAKH_NINE.upper()
    assert upper != KAZAKH_NINE and upper.lower() == KAZAKH_NINE  # the test is not vacuous
    assert words(f"{upper} {KAZAKH_NINE}") == [KAZAKH_NINE, KAZAKH_NINE]
    assert words("Әже, ғалым, қала, аң, өрік, ұл, үй, һәм, іні") == [
        "әже", "ғалым", "қала", "аң", "өрік", "ұл", "үй", "һәм", "іні"]


def test_emoji_and_symbols_dropped():
    assert words("cat🐱 👍 dog — ©2024 ★ +++ ... 👨‍👩‍👧 «ёж»") == ["cat", "dog", "2024", "ёж"]


def test_inner_hyphens_and_apostrophes_kept():
    assert words("Don't stop, it's что-то like кітап-дәптер and rock'n'roll") == [
        "don't", "stop", "it's", "что-то", "like", "кітап-дәптер", "and", "rock'n'roll"]


def test_typographic_apostrophe_and_hyphen_become_plain():
    assert words("don\u2019t что\u2010то что\u2011то") == ["don't", "что-то", "что-то"]


def test_outer_and_double_hyphens_are_not_words():
    assert words("-word- 'quoted' a--b x- -y") == ["word", "quoted", "a", "b", "x", "y"]


def test_decimal_numbers_kept_whole():
    assert words("Pi is 3.14, e is 2,718 and version 4.4.0") == ["pi", "is", "3.14", "e", "is", "2,718", "and",
                                                                 "version", "4.4.0"]
    assert words("end.Next") == ["end", "next"]  # a dot between letters is not inside a word


def test_lower_not_casefold():
    assert words("Straße STRASSE") == ["straße", "strasse"]


def test_underscore_splits():
    assert words("snake_case") == ["snake", "case"]


def test_decomposed_accents_are_composed():
    decomposed = "и\u0306од"  # и + combining breve, as some editors save й
    assert words(decomposed) == ["йод"]
    assert words("cafe\u0301") == ["café"]


def test_other_scripts():
    assert words("Ελληνικά 日本語 नमस्ते दुनिया") == ["ελληνικά", "日本語", "नमस्ते", "दुनिया"]


def test_empty():
    assert words("") == []
    assert words("  ,.;!? 🐱 \n") == []


# --- sentences ----------------------------------------------------------------------------


def test_sentences_split_at_ends_and_line_breaks():
    text = "The cat sat. Did it?! Yes… it did...\nA new line\n\nand another"
    assert sentences(text) == [["the", "cat", "sat"], ["did", "it"], ["yes"], ["it", "did"], ["a", "new", "line"],
                               ["and", "another"]]


def test_a_dot_between_digits_does_not_end_a_sentence():
    assert sentences("It costs 3.5 dollars. Cheap.") == [["it", "costs", "3.5", "dollars"], ["cheap"]]
    assert sentences("Version 3. 5 apples.") == [["version", "3"], ["5", "apples"]]


def test_sentences_drop_empty_ones():
    assert sentences("") == []
    assert sentences("...\n\n!?\n🐱.") == []
    assert sentences("  Hello  ") == [["hello"]]


def test_russian_and_kazakh_sentences():
    assert sentences("Мама мыла раму. Әке үйде!") == [["мама", "мыла", "раму"], ["әке", "үйде"]]


def test_abbreviations_may_split():
    # Accepted limitation: "т.е." ends a sentence. Every word is still there.
    assert [w for s in sentences("Это т.е. пример.") for w in s] == ["это", "т", "е", "пример"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_sentences_hold_exactly_the_words(text):
    found = sentences(text)
    assert [w for s in found for w in s] == words(text)
    assert all(s for s in found)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_words_are_lower_case_word_tokens(text):
    for word in words(text):
        assert WORD.fullmatch(word)
        assert word == word.lower()
        assert not any(ch.isspace() for ch in word)
        assert unicodedata.category(word[0])[0] in "LN" and unicodedata.category(word[-1])[0] in "LNM"


# --- language -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "language"), [
    ("The cat sat on the mat and the dog barked at it", "en"),
    ("Кошка сидела на ковре, а собака лаяла на неё", "ru"),
    ("Мысық кілемшеде отырды, ал ит оған үрді", "kk"),
    ("Қазақстан", "kk"),
    ("word2vec и fastText строят векторы слов по контексту", "ru"),
    ("", "en"),
    ("123 456", "en"),
])
def test_detect_language(text, language):
    assert detect_language(words(text)) == language


def test_a_russian_text_quoting_one_kazakh_word_stays_russian():
    text = "Это длинный русский текст о городах и сёлах, реках и горах. " * 10 + "Один раз в нём есть слово Қазақстан."
    assert detect_language(words(text)) == "ru"


def test_english_with_a_few_russian_words_stays_english():
    assert detect_language(words("The word кошка means cat in Russian and the word собака means dog")) == "en"


def test_detect_language_accepts_any_iterable_of_tokens():
    assert detect_language(iter(["әке", "үйде"])) == "kk"
    assert detect_language(("МАМА", "МЫЛА")) == "ru"
