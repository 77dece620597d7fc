"""AppTest of "Sentence vectors": four methods, word order lost, TF-IDF weights, bad input,
and the order lesson and "Try this" hint holding in every language with both models."""

import json

import numpy as np
import pytest

from core.embeddings import load_vectors
from core.text.sentence_vectors import sentence_vectors, similarity_matrix
from core.text.tokenize import words
from core.i18n import LANGUAGES, translate
from tests.app.apptest import chart_spec, open_page as open_at, plotly_array

PAGE = "app_pages/texts/sentence_vectors.py"


def open_page(**query):
    return open_at(PAGE, **query)


def test_four_similarity_matrices_equal_the_core_ones():
    at = open_page()
    kv = load_vectors("glove-en-50")
    lines = at.text_area(key="sv_text").value.splitlines()
    tokens = [words(line) for line in lines]
    for method in ("sum", "mean", "tfidf", "keywords"):
        z = plotly_array(chart_spec(at, f"sv_fig_{method}")["data"][0]["z"])
        expected = similarity_matrix(sentence_vectors(kv, tokens, method, keywords=2).vectors)
        assert np.allclose(z.reshape(expected.shape), expected)


def test_word_order_is_lost_and_the_page_says_so():
    at = open_page()
    z = plotly_array(chart_spec(at, "sv_fig_tfidf")["data"][0]["z"])
    n = int(np.sqrt(z.size))
    assert z.reshape(n, n)[0, 1] == 1.0  # dog bites man, man bites dog
    assert any("dog bites man" in i.value and "man bites dog" in i.value for i in at.info)


def test_unknown_words_and_too_few_sentences():
    at = open_page(sv_text="qqqzzx cat\nthe dog")
    assert any("qqqzzx" in w.value for w in at.warning)
    at = open_page(sv_text="only one line")
    assert any("at least two sentences" in w.value for w in at.warning)


NAVEC = "navec news v1 · ru"
MODELS = {"glove-en-50": None, "navec-ru-300": NAVEC}


def matrix(at, method: str) -> np.ndarray:
    z = plotly_array(chart_spec(at, f"sv_fig_{method}")["data"][0]["z"])
    n = int(round(np.sqrt(z.size)))
    return z.reshape(n, n)


def open_with(code: str, model: str, **query):
    if MODELS[model]:
        query["model"] = MODELS[model]
    return open_page(lang=LANGUAGES[code], **query)


def test_russian_sentences_on_navec_know_every_word():
    at = open_page(model=NAVEC)
    assert "котёнок спит на коврике" in at.text_area(key="sv_text").value
    assert not at.exception and len(at.get("plotly_chart")) == 4
    # ё is read as е: navec writes котенок, and the page used to call котёнок unknown.
    assert not at.warning, [w.value for w in at.warning]


def test_a_sentence_of_unknown_words_has_no_vector_not_a_cosine_of_0():
    at = open_page(sv_text="qqqzzx zzxqqq\nthe cat sat\nthe dog ran")
    for method in ("sum", "mean", "tfidf", "keywords"):
        z = matrix(at, method)
        assert np.isnan(z[0]).all() and np.isnan(z[:, 0]).all()  # blank, not 0 (and not 1 on the diagonal)
        assert z[1, 1] == 1.0 and np.isfinite(z[1:, 1:]).all()
    assert any("Sentence 1" in w.value and "qqqzzx zzxqqq" in w.value and "no vector" in w.value for w in at.warning)


# --- the order lesson and the "Try this" hint, in every interface language with both models ---


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_order_lesson_same_words_in_another_order_give_one_vector(code, model):
    at = open_with(code, model)
    lines = at.text_area(key="sv_text").value.splitlines()
    a, b = words(lines[0]), words(lines[1])
    assert a != b and sorted(a) == sorted(b)
    for method in ("sum", "mean", "tfidf"):
        assert matrix(at, method)[0, 1] == 1.0  # the lesson: exactly the same vector
    shown = translate(code, "sv.order_lost", a=" ".join(a), b=" ".join(b))
    assert shown in [i.value for i in at.info]
    assert not at.warning  # every default word is in the model


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_try_this_names_real_controls_and_examples_and_they_behave_as_it_says(code, model):
    at = open_with(code, model)
    lines = at.text_area(key="sv_text").value.splitlines()
    hint = at.markdown[-1].value
    assert hint.startswith(translate(code, "sv.try", a="", b="", filler="", keywords="", method="")[:12])
    # The two sentences it names are the page's first two; the slider and the method it names exist.
    assert f"«{lines[0]}»" in hint and f"«{lines[1]}»" in hint
    slider = at.slider(key="sv_keywords")
    assert f"«{slider.label}»" in hint
    keywords_method = translate(code, "sv.method.keywords")
    assert f"«{keywords_method}»" in hint and f"**{keywords_method}**" in [m.value for m in at.markdown]
    filler = hint.split("«")[3].split("»")[0]
    kv = load_vectors(model)
    assert filler in kv.key_to_index
    # "Add the filler to every sentence: the sum's cosines move, TF-IDF's move less."
    base = {m: matrix(at, m) for m in ("sum", "tfidf")}
    at.text_area(key="sv_text").input("\n".join(f"{line} {filler}" for line in lines)).run()
    off = ~np.eye(len(lines), dtype=bool)
    moved = {m: np.abs(matrix(at, m) - base[m])[off].mean() for m in base}
    assert moved["tfidf"] < moved["sum"] and moved["sum"] > 0.05
    # "Set keywords to 1: only «keywords only» tells the two sentences apart."
    at.text_area(key="sv_text").input("\n".join(lines)).run()
    slider.set_value(1).run()
    assert matrix(at, "keywords")[0, 1] < 0.99
    assert all(matrix(at, m)[0, 1] == 1.0 for m in ("sum", "mean", "tfidf"))


# --- bad input ---------------------------------------------------------------------------------


def test_a_pasted_text_of_10000_words_is_read_and_the_page_says_how_much():
    at = open_page()
    pasted = "\n".join(" ".join(["the cat sat on the mat"] * 10) for _ in range(170))  # 10,200 words
    at.text_area(key="sv_text").input(pasted).run()
    # Before: the box refused the paste (max_chars), silently keeping the old sentences.
    assert at.text_area(key="sv_text").value == pasted
    shown = [w.value for w in at.warning]
    assert any(f"{len(pasted):,} characters" in w and "20,000" in w for w in shown), shown
    assert any("only the first 12" in w for w in shown), shown
    assert not at.exception and matrix(at, "mean").shape == (12, 12)


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_new_messages_exist_in_every_language(code):
    for key, params in (("sv.too_long", {"n": "61 000", "limit": "20 000"}), ("sv.first_only", {"n": 12, "total": 170}),
                        ("sv.no_vector", {"n": 1, "sentence": "qqq"})):
        text = translate(code, key, **params)
        assert all(str(v) in text for v in params.values())
        assert code == "en" or text != translate("en", key, **params)  # really translated


MARKUP = ["<script>alert(1)</script> cat", "[x](http://x) dog", '=HYPERLINK("http://x") mat',
          "**bold** man", "😀 кот", ":smile: the"]


def test_sentences_never_become_markup():
    at = open_page(sv_text="\n".join(MARKUP))
    assert not at.exception
    shown = "\n".join(e.value for e in [*at.markdown, *at.info, *at.warning, *at.caption])
    assert "<script>" not in shown and "](http" not in shown and "**bold**" not in shown and "http://" not in shown
    hover = json.dumps(chart_spec(at, "sv_fig_mean")["data"][0]["customdata"], ensure_ascii=False)
    assert "<script>" not in hover and "&lt;script&gt;" in hover


@pytest.mark.parametrize("text", ["", "   ", "😀 🙃\n🎉", "the of\nqqqzzx", "<script>", "кот"])
def test_bad_texts_say_so_without_errors(text):
    at = open_page(sv_text=text)
    assert not at.exception and not at.error
    assert at.warning  # too few sentences, or a sentence without a vector


def test_a_text_too_long_for_the_link_stays_out_of_it_and_the_page_says_so():
    at = open_page()
    short = "dog bites man\nman bites dog\na cat"
    at.text_area(key="sv_text").input(short).run()
    assert at.query_params["sv_text"] == short
    assert not [c for c in at.caption if "too long for the page's link" in c.value]
    long = "\n".join(["the cat sat on the mat"] * 100)  # 2,299 characters
    at.text_area(key="sv_text").input(long).run()
    # Before: the 20,000-character paste went into the address, which nginx refuses (414).
    assert "sv_text" not in at.query_params
    assert any("2,000 characters" in c.value and "too long for the page's link" in c.value for c in at.caption)
    assert at.text_area(key="sv_text").value == long and not at.exception
