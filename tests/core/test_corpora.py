"""Corpora: the shipped ones load and know their language; uploads are decoded, measured and
refused with a clear key when they are empty, too big, binary or too short."""

import io
import pickle
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.embeddings.corpora import (
    CORPORA,
    CORPUS_DIR,
    MAX_UPLOAD_BYTES,
    MIN_UPLOAD_TOKENS,
    Corpus,
    lecture_corpus,
    lee_corpus,
    read_uploaded_corpus,
)
from core.errors import UserInputError
from core.text.decoding import decode_text
from core.text.tokenize import detect_language

RUSSIAN = ("Word2vec строит векторы слов по их контексту. Метод CBOW предсказывает слово по контексту, "
           "а skipgram — контекст по слову. Ёжик и ёлка: буква ё сохраняется. ") * 6
KAZAKH = ("Ұқсас контексте кездесетін сөздердің мағыналары ұқсас. Егер екі кітап бір сауда сессиясында "
          "жиі қаралса, олар ұқсас болуы мүмкін! Әр қадам сайын қатысты сөздерді жақындатамыз. ") * 4


def all_tokens(corpus):
    return [t for s in corpus.sentences for t in s]


def expect_error(key, data, name="file.txt"):
    with pytest.raises(UserInputError) as caught:
        read_uploaded_corpus(data, name)
    assert caught.value.key == key
    return caught.value


# --- the shipped corpora ------------------------------------------------------------------


def test_corpus_names():
    assert CORPORA == ("lee", "synthetic", "lecture")


def test_lee_corpus():
    corpus = lee_corpus()
    assert corpus.name == "lee" and corpus.language == "en" and corpus.title == ""
    assert 58_000 * 0.9 <= corpus.tokens <= 58_000 * 1.1
    assert len(corpus.sentences) > 300  # 300 paragraphs, cut into sentences
    assert detect_language(all_tokens(corpus)) == "en"
    counts = corpus.counts()
    assert counts["the"] > 2000 and counts["australia"] > 50
    assert sum(counts.values()) == corpus.tokens
    assert lee_corpus() is corpus  # read once


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_lecture_corpora_load_and_detect_their_own_language(language):
    corpus = lecture_corpus(language)
    assert corpus.name == "lecture" and corpus.language == language
    assert corpus.tokens > 600 and len(corpus.sentences) > 60
    assert detect_language(all_tokens(corpus)) == language
    assert all(isinstance(s, tuple) and s for s in corpus.sentences)


def test_lecture_files_have_no_markup():
    for language in ("en", "ru", "kk"):
        text = (CORPUS_DIR / f"lecture_{language}.txt").read_text(encoding="utf-8")
        for mark in ("#", "](", "(#)", "$", "```", "**", "\\frac", "<u>"):
            assert mark not in text, (language, mark)


def test_english_lecture_holds_the_lectures_examples():
    corpus = lecture_corpus("en")
    assert ("the", "furry", "cat", "is", "on", "the", "mat") in corpus.sentences
    vocabulary = corpus.counts()
    for word in ("apricot", "jam", "tolstoy", "apple", "app", "ppl", "ple", "ice", "steam", "solid", "gas", "water",
                 "king", "queen", "man", "woman"):
        assert vocabulary[word] > 0, word


def test_lecture_examples_in_russian_and_kazakh():
    assert {"word2vec", "fasttext", "glove", "градиент"} <= set(lecture_corpus("ru").counts())
    assert {"мысық", "патша", "ханшайым", "word2vec"} <= set(lecture_corpus("kk").counts())


def test_unknown_lecture_language_is_english():
    assert lecture_corpus("de") == lecture_corpus("en")
    assert lecture_corpus("de").language == "en"


def test_corpus_counts_are_a_copy_and_equality_ignores_the_cache():
    corpus = Corpus("upload", "en", (("a", "b"), ("a",)), "x.txt")
    assert corpus.tokens == 3
    counts = corpus.counts()
    assert counts == {"a": 2, "b": 1}
    counts["a"] = 100
    assert corpus.counts()["a"] == 2
    same = Corpus("upload", "en", (("a", "b"), ("a",)), "x.txt")
    assert same == corpus and hash(same) == hash(corpus)


# --- uploads that work --------------------------------------------------------------------


def test_utf8_russian_upload():
    corpus = read_uploaded_corpus(RUSSIAN.encode("utf-8"), "лекция.txt")
    assert corpus.name == "upload" and corpus.language == "ru" and corpus.title == "лекция.txt"
    assert corpus.tokens >= MIN_UPLOAD_TOKENS
    assert {"ёжик", "ёлка", "skipgram", "word2vec"} <= set(corpus.counts())
    assert corpus.sentences[0] == ("word2vec", "строит", "векторы", "слов", "по", "их", "контексту")


def test_cp1251_russian_gives_the_same_tokens():
    data = RUSSIAN.encode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    from_cp1251 = read_uploaded_corpus(data, "win.txt")
    from_utf8 = read_uploaded_corpus(RUSSIAN.encode("utf-8"), "win.txt")
    assert from_cp1251 == from_utf8
    assert from_cp1251.language == "ru"


def test_kazakh_upload_is_kazakh():
    corpus = read_uploaded_corpus(KAZAKH.encode("utf-8"), "kk.txt")
    assert corpus.language == "kk"
    assert "ұқсас" in corpus.counts()


def test_english_upload_is_english():
    corpus = read_uploaded_corpus(lecture_text("en").encode(), "en.txt")
    assert corpus.language == "en"
    assert corpus.sentences == lecture_corpus("en").sentences


def lecture_text(language):
    return (CORPUS_DIR / f"lecture_{language}.txt").read_text(encoding="utf-8")


def test_bom_and_windows_line_ends():
    plain = read_uploaded_corpus(RUSSIAN.encode("utf-8"), "a.txt")
    with_bom = read_uploaded_corpus(b"\xef\xbb\xbf" + RUSSIAN.replace(". ", ".\r\n").encode("utf-8"), "a.txt")
    assert with_bom.sentences == plain.sentences
    assert with_bom.sentences[0][0] == "word2vec"  # no BOM glued to the first word


def test_title_is_the_file_name_without_folders():
    data = RUSSIAN.encode()
    assert read_uploaded_corpus(data, "C:\\Users\\me\\notes.txt").title == "notes.txt"
    assert read_uploaded_corpus(data, "../../etc/corpus.txt").title == "corpus.txt"
    assert read_uploaded_corpus(data, "").title == ""


def test_exactly_the_limits_are_allowed():
    assert read_uploaded_corpus(("слово " * MIN_UPLOAD_TOKENS).encode(), "a.txt").tokens == MIN_UPLOAD_TOKENS
    text = RUSSIAN.encode()
    data = text + b" " * (MAX_UPLOAD_BYTES - len(text))  # padding keeps the test quick
    assert len(data) == MAX_UPLOAD_BYTES
    assert read_uploaded_corpus(data, "big.txt") == read_uploaded_corpus(text, "big.txt")


# --- uploads that are refused -------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", "\ufeff\u00a0\u2003\n".encode("utf-8")])
def test_empty_files(data):
    error = expect_error("error.corpus_empty", data)
    assert str(error) == "The file is empty"


def test_too_big():
    error = expect_error("error.corpus_too_big", b"a" * (MAX_UPLOAD_BYTES + 1))
    assert error.params == {"size_mb": 5.1, "limit_mb": 5}  # rounded up: never "5.0 MB, the limit is 5 MB"
    assert str(error) == "The file is 5.1 MB; the limit is 5 MB"
    assert expect_error("error.corpus_too_big", b"a " * 6_000_000).params["size_mb"] == 12.0


def png_bytes():
    rng = np.random.default_rng(0)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.integers(0, 256, 5000, dtype=np.uint8).tobytes()


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", RUSSIAN)
    return buffer.getvalue()


@pytest.mark.parametrize("make", [
    png_bytes,
    zip_bytes,
    lambda: pickle.dumps({"words": ["king", "queen"] * 100, "n": 3}),
    lambda: RUSSIAN.encode("utf-16"),
    lambda: np.random.default_rng(1).integers(1, 256, 20_000, dtype=np.uint8).tobytes(),  # random, no NUL
    lambda: ("\ue000" * 100 + " слово" * 60).encode("utf-8"),  # mostly private-use characters
], ids=["png", "zip", "pickle", "utf-16", "random-bytes", "private-use"])
def test_binary_files_are_refused(make):
    error = expect_error("error.text_binary", make(), "data.txt")
    assert str(error) == "This file is not text (UTF-8 or CP1251)"


def test_a_pickle_is_never_unpickled(monkeypatch):
    def explode(*args, **kwargs):
        raise AssertionError("unpickled a user's file")

    monkeypatch.setattr(pickle, "loads", explode)
    monkeypatch.setattr(pickle, "load", explode)
    expect_error("error.text_binary", pickle.dumps(["word"] * 100))
    # Protocol 0 is plain ASCII: it is read as (very short) text, and still never loaded.
    assert expect_error("error.corpus_too_small", pickle.dumps({"a": 1}, protocol=0)).params["n"] < 10


def test_too_few_words():
    error = expect_error("error.corpus_too_small", ("word " * (MIN_UPLOAD_TOKENS - 1)).encode())
    assert error.params == {"n": MIN_UPLOAD_TOKENS - 1, "minimum": MIN_UPLOAD_TOKENS}
    assert str(error) == f"Only {MIN_UPLOAD_TOKENS - 1} words: a corpus needs at least {MIN_UPLOAD_TOKENS}"
    # punctuation and emoji are not words
    assert expect_error("error.corpus_too_small", ("🐱 ... !!! --- " * 100).encode()).params["n"] == 0


# --- decoding -----------------------------------------------------------------------------


def test_decode_text_encodings_and_line_ends():
    assert decode_text(b"") == ""
    assert decode_text("кошка\r\nсобака\rёж\n".encode("utf-8")) == "кошка\nсобака\nёж\n"
    assert decode_text("\ufeffкошка".encode("utf-8")) == "кошка"
    assert decode_text("кошка, ёж и «мышь» — №1".encode("cp1251")) == "кошка, ёж и «мышь» — №1"
    assert decode_text("tab\tand\fform feed".encode()) == "tab\tand\fform feed"


def test_decode_text_accepts_emoji_and_a_few_control_characters():
    assert decode_text("🐱 👨‍👩‍👧 cat".encode()) == "🐱 👨‍👩‍👧 cat"
    text = "a" * 200 + "\x1b" + "b" * 200  # one escape character in 401: under 1 %
    assert decode_text(text.encode()) == text


@pytest.mark.parametrize("data", [b"abc\x00def", b"\x01\x02\x03 text", ("x" * 98 + "\x07\x07").encode(), b"\x98abc"])
def test_decode_text_refuses(data):
    with pytest.raises(UserInputError) as caught:
        decode_text(data)
    assert caught.value.key == "error.text_binary"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")).filter(lambda c: c != "\ufffd")
               | st.sampled_from("\t\n\r\f"), max_size=300))
def test_decode_text_round_trips_utf8(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    if expected.startswith("\ufeff"):
        expected = expected[1:]
    assert decode_text(text.encode("utf-8")) == expected
