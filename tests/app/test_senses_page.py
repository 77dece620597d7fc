"""AppTest of "Word senses": the pretrained part on GloVe and navec (map, senses, the single
vector, a sentence), its controls and bad input; the AdaGram part (priors, the slide's format,
skip-gram beside it, a sentence, the α sweep) and its bad input; settings through a language
switch."""

import pytest

from core.embeddings import load_vectors
from core.embeddings.word_senses import split_senses
from core.i18n import LANGUAGES, translate
from tests.app.apptest import chart_spec, open_page as open_at

PAGE = "app_pages/embeddings/senses.py"


def open_page(**query):
    return open_at(PAGE, **query)


def sense_traces(at) -> list[dict]:
    return [tr for tr in chart_spec(at, "ws_map")["data"] if tr.get("name", "").startswith(("sense", "значение"))
            or tr.get("name", "").endswith("-мағына")]


def test_python_opens_split_into_senses_with_the_sentence_read_as_programming():
    at = open_page()
    assert not at.error
    traces = chart_spec(at, "ws_map")["data"]
    split = split_senses(load_vectors("glove-en-50"), "python", 60, 1.0)
    senses = [tr for tr in traces if tr.get("name", "").startswith("sense")]
    assert len(senses) == len(split.senses) >= 3
    assert sum(len(tr["customdata"]) for tr in senses) == 60
    assert traces[-1]["marker"]["symbol"] == "star"
    # the default sentence ("I write python code for linux") points to the programming sense
    bars = chart_spec(at, "ws_context")["data"][0]
    chosen = max(range(len(bars["x"])), key=lambda i: bars["x"][i])
    assert "php" in bars["y"][chosen]
    assert any("php" in m.value and "write, code, linux" in m.value for m in at.markdown)
    # the single vector's cosine to every sense, as the table's last column says
    cosines = chart_spec(at, "ws_word_cosines")["data"][0]["x"]
    assert cosines == pytest.approx([s.word_cosine for s in split.senses])


def test_a_suggestion_button_opens_that_word():
    at = open_page()
    buttons = {b.label: b for b in at.button if b.key and b.key.startswith("ws_pick_")}
    assert {"python", "mouse", "apple", "bank", "plant", "java"} <= set(buttons)
    buttons["mouse"].click().run()
    assert at.text_input(key="ws_word").value == "mouse"
    assert at.query_params.get("ws_word") in ("mouse", ["mouse"])
    names = " ".join(tr["name"] for tr in chart_spec(at, "ws_map")["data"])
    assert "cursor" in names or "clicking" in names


def test_resolution_and_neighbours_from_the_link_change_the_split():
    few = open_page(ws_res="0.3")
    assert any(translate("en", "ws.one_sense", word="python")[:30] in i.value for i in few.info)
    many = open_page(ws_res="2.0", ws_n="100")
    assert len([tr for tr in chart_spec(many, "ws_map")["data"] if tr.get("name", "").startswith("sense")]) >= 6
    assert sum(len(tr.get("customdata", [])) for tr in chart_spec(many, "ws_map")["data"][1:-1]) == 100


@pytest.mark.parametrize(("word", "message"), [
    ("pythn", "Not in the model: pythn."),
    ("", "Type a word."),
    ("<script>alert(1)</script>", "Not in the model"),
    ("1,5", "Too few of *1\\,5*'s nearest"),  # GloVe knows "1,5"; its neighbours are numbers
])
def test_bad_words_get_a_message(word, message):
    at = open_page(ws_word=word)
    assert not at.exception
    assert any(message.replace(",", "\\,").replace("(", "\\(").replace(")", "\\)")[:20] in e.value
               or message[:20] in e.value for e in at.error), [e.value for e in at.error]
    if word == "pythn":
        assert any("python" in c.value for c in at.caption)  # a close spelling


@pytest.mark.parametrize(("sentence", "shown"), [
    ("python", "error"),
    ("!!! 🙂", "error"),
    ("", "info"),
    ("<b>snake</b> in the jungle", "chart"),
    ("xqzvw qqqq python", "error"),
])
def test_bad_sentences_get_a_message(sentence, shown):
    at = open_page(ws_sentence=sentence)
    assert not at.exception
    if shown == "error":
        assert at.error
    elif shown == "info":
        assert any("Type a sentence" in i.value for i in at.info)
    else:
        assert not at.error
        assert any("snake" in m.value and "jungle" in m.value for m in at.markdown)
        assert not any("<b>" in m.value for m in at.markdown)


def test_a_huge_sentence_from_a_link_gets_a_message():
    at = open_page(ws_sentence="apple " * 20_000)  # a link is not held to the field's 500 characters
    assert not at.exception
    assert any("characters" in e.value for e in at.error), [e.value for e in at.error]


def test_the_russian_model_opens_on_zamok_and_the_lock_wins_the_sentence():
    at = open_page(model="navec-ru-300", lang="ru")
    assert at.text_input(key="ws_word").value == "замок"
    bars = chart_spec(at, "ws_context")["data"][0]
    chosen = max(range(len(bars["x"])), key=lambda i: bars["x"][i])
    assert any(w in bars["y"][chosen] for w in ("взломав", "проникли", "двери"))
    assert at.title[0].value == translate("ru", "ws.title")


@pytest.mark.parametrize("code", ["ru", "kk"])
def test_settings_survive_a_language_switch(code):
    at = open_page(ws_word="mouse", ws_n="80", ws_res="1.5")
    at.selectbox(key="lang").set_value(LANGUAGES[code]).run()
    assert not at.exception
    assert at.text_input(key="ws_word").value == "mouse"
    assert at.slider(key="ws_n").value == 80 and at.slider(key="ws_res").value == pytest.approx(1.5)
    assert at.title[0].value == translate(code, "ws.title")
    assert at.radio(key="ws_part").value == "pretrained"


# ------------------------------------------------------------------ AdaGram


def test_adagram_on_the_planted_corpus_shows_priors_the_slide_and_skipgram():
    at = open_page(ws_part="adagram")
    assert not at.error and not at.exception
    priors = chart_spec(at, "ws_priors")["data"][0]
    assert sum(priors["x"]) <= 1.0 + 1e-9 and all(p >= 0.05 for p in priors["x"][1:])
    codes = [c.value for c in at.code]
    assert codes[0].startswith("apple (1) — (\"")  # the slide's format
    assert len(codes[0].splitlines()) == len(priors["x"])
    assert codes[1].startswith("apple — (\"")  # skip-gram's single vector
    assert at.query_params.get("ws_part") in ("adagram", ["adagram"])


def test_adagram_settings_come_from_the_link():
    at = open_page(ws_part="adagram", ws_alpha="0.5", ws_senses="3", ws_epochs="2", ws_dim="20", ws_window="3")
    assert at.select_slider(key="ws_alpha").value == 0.5
    assert at.slider(key="ws_senses").value == 3
    assert len(chart_spec(at, "ws_priors")["data"][0]["x"]) <= 3


@pytest.mark.parametrize(("query", "key"), [
    ({"ws_ag_word": "appel"}, "error.senses_not_in_corpus"),
    ({"ws_ag_word": ""}, "error.senses_no_word"),
    ({"ws_ag_word": "<script>"}, "error.senses_not_in_corpus"),
    ({"ws_corpus": "lecture_en", "ws_ag_word": "queen"}, "error.senses_too_rare"),
])
def test_adagram_bad_words_get_a_message(query, key):
    at = open_page(ws_part="adagram", **query)
    assert not at.exception
    assert at.error, key
    start = translate("en", key, word="§", n=0, minimum=0).split("§")[-1][:12]
    assert any(start in e.value for e in at.error), ([e.value for e in at.error], start)
    if query.get("ws_ag_word") == "appel":
        assert any("apple" in c.value for c in at.caption)


def test_adagram_sentence_of_unknown_words_falls_back_to_the_priors():
    at = open_page(ws_part="adagram", ws_ag_sentence="zzz qqq")
    assert at.warning and not at.exception


def test_adagram_empty_sentence_asks_for_one():
    at = open_page(ws_part="adagram", ws_ag_sentence="")
    assert any("Type a sentence" in i.value for i in at.info)


def test_a_new_corpus_brings_its_own_word():
    at = open_page(ws_part="adagram")
    at.selectbox(key="ws_corpus").set_value("lee").run()
    assert not at.exception
    word = at.text_input(key="ws_ag_word").value
    assert word and word != "apple"


def test_the_alpha_sweep_draws_one_line_per_group():
    at = open_page(ws_part="adagram", ws_sweep="1", ws_epochs="2")
    assert not at.exception
    lines = chart_spec(at, "ws_sweep_chart")["data"]
    assert len(lines) == 2 and all(len(tr["y"]) == 5 for tr in lines)
