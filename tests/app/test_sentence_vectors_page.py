"""AppTest of "Sentence vectors": four methods, word order lost, TF-IDF weights, bad input."""

import numpy as np

from core.embeddings import load_vectors
from core.text.sentence_vectors import sentence_vectors, similarity_matrix
from core.text.tokenize import words
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


def test_russian_sentences_on_navec():
    at = open_page(model="navec news v1 · ru")
    assert "собака кусает человека" in at.text_area(key="sv_text").value
    assert not at.exception and len(at.get("plotly_chart")) == 4
