"""AppTest of "Analogies": both methods, the exclusion switch, expressions, the gallery, errors,
the benchmark, and a Russian session on navec."""

import pytest

from core.embeddings import load_vectors
from tests.app.apptest import chart_spec, open_page as open_at

PAGE = "app_pages/embeddings/analogies.py"
NAVEC = "navec news v1 · ru"


def open_page(**query):
    return open_at(PAGE, **query)


def answers(at, method) -> list[str]:
    return list(chart_spec(at, f"an_{method}")["data"][0]["y"])


def test_king_minus_man_plus_woman_by_both_methods():
    at = open_page()
    kv = load_vectors("glove-en-50")
    assert answers(at, "3cosadd") == [w for w, _ in kv.most_similar(positive=["king", "woman"], negative=["man"])]
    assert answers(at, "3cosmul") == [w for w, _ in kv.most_similar_cosmul(positive=["king", "woman"], negative=["man"])]
    assert [m.value for m in at.metric] == ["1", "1"]  # queen's place under each method
    roles = {tr["name"] for tr in chart_spec(at, "an_parallelogram")["data"]}
    assert {"added", "subtracted", "answer", "the computed vector"} <= roles
    assert len(chart_spec(at, "an_parallelogram")["layout"]["annotations"]) == 5  # four sides and the real landing


def test_without_exclusion_the_input_word_wins_and_the_page_says_so():
    at = open_page(an_exclude="0")
    assert answers(at, "3cosadd")[0] == "king"
    assert "king" in at.info[0].value
    assert at.metric[0].value == "2"


def test_a_free_expression_with_more_words():
    at = open_page(an_mode="free", an_expr="paris-france+italy", an_expected="rome")
    assert answers(at, "3cosadd")[0] == "rome"
    assert not at.error


def test_a_gallery_click_fills_the_fields():
    at = open_page()
    at.button(key="an_g2").click().run()  # paris − france + germany
    assert at.text_input(key="an_a").value == "paris" and at.text_input(key="an_expected").value == "berlin"
    assert answers(at, "3cosadd")[0] == "berlin"


@pytest.mark.parametrize(("query", "message"), [
    ({"an_c": ""}, "at least three words"),
    ({"an_mode": "free", "an_expr": "king + queen"}, "at least three words"),
    ({"an_c": "King"}, "appears twice: king"),
    ({"an_a": "kingg"}, "Not in the model: kingg."),
    ({"an_mode": "free", "an_expr": "- man - woman"}, "at least one word to add"),
])
def test_bad_questions_get_a_message_each(query, message):
    at = open_page(**query)
    assert message in " ".join(e.value for e in at.error)
    assert not at.exception


def test_the_benchmark_on_google_gives_gensims_accuracy():
    at = open_page()
    at.button(key="an_run").click().run()
    assert at.metric[2].value == "49.7 %"  # 0.4969, gensim's evaluate_word_analogies
    table = at.dataframe[0].value
    assert len(table) == 14
    assert "WordSim353" in list(at.dataframe[2].value.iloc[:, 0])


def test_a_russian_session_on_navec():
    at = open_page(lang="Русский", model=NAVEC)
    assert at.text_input(key="an_a").value == "король"
    assert answers(at, "3cosadd")[0] == "королева"
    assert not at.error
    at = open_page(lang="Русский", model=NAVEC, an_a="king")
    assert "king" in at.warning[0].value  # Latin words against the Russian model
    assert not at.exception


def test_the_benchmark_on_navec_uses_the_teams_russian_set():
    # AppTest re-formats radio options in English when a widget is touched, so this one runs
    # with the English interface (the Russian interface is covered above and in the browser)
    at = open_page(model=NAVEC)
    at.button(key="an_run").click().run()
    assert len(at.dataframe[0].value) >= 5
    assert float(at.metric[2].value.split()[0]) > 30  # after the two ranks of the expected word
    assert "Vectorlab team" in " ".join(c.value for c in at.caption)
    assert len(at.dataframe) == 2  # no Russian similarity ratings offline: no third table


def test_the_word_axes_can_be_chosen():
    at = open_page(an_x0="man", an_x1="woman", an_y0="king", an_y1="queen")
    layout = chart_spec(at, "an_axes")["layout"]
    assert layout["xaxis"]["title"]["text"] == "man → woman" and layout["yaxis"]["title"]["text"] == "king → queen"
    at = open_page(an_x0="man", an_x1="Man")
    assert "two different words" in at.error[0].value
    assert not at.exception


@pytest.mark.parametrize("model", ["glove-en-50", "navec-ru-300"])
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_hint_names_controls_and_examples_the_page_has(lang, model):
    """Issue 20: the Russian and Kazakh hints named a switch under another name than the page's
    and king-words on every model. Every control, example and word the hint names is there."""
    import re

    from core.i18n import translate

    at = open_page(lang=lang, model=model)
    hint = at.markdown[-1].value
    (control,) = re.findall(r"(?<!\*)\*([^*]+)\*(?!\*)", hint)
    assert control == at.checkbox(key="an_exclude").label
    analogy = " − ".join(at.text_input(key=k).value for k in ("an_a", "an_b")) + f" + {at.text_input(key='an_c').value}"
    assert analogy in hint
    gallery = [b for b in at.button if b.key.startswith("an_g")]
    currency = [b for b in gallery if b.help == translate(lang, "gallery.currency")]
    assert len(currency) == 1 and currency[0].label[2:] in hint and currency[0].label.startswith("✗")
    restrict = at.select_slider(key="an_restrict")
    assert {5000, 100000} <= set(restrict.options if isinstance(restrict.options[0], int) else
                                 [int(o.replace(",", "").replace("\u00a0", "")) for o in restrict.options])
    assert ("5,000" if lang == "en" else "5000") in hint and ("100,000" if lang == "en" else "100 000") in hint
    assert at.button(key="an_run").label.split()[0].lower()[:6] in hint.lower()  # Run / Запуст / Тексер


@pytest.mark.parametrize("model", ["glove-en-50", "navec-ru-300"])
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_lead_quotes_the_kazakh_lecture_and_the_model_answers_in_its_own_words(lang, model):
    """Issue 21: the lead said both lectures end on this analogy (the Russian one has none), and
    the Kazakh text gave it only in Russian words. Now it quotes seed 004's «ер : патша = әйел : ?
    (ханшайым)» in every language, and the Kazakh text says which words each model computes it
    with; the page itself opens on that model's words."""
    at = open_page(lang=lang, model=model)
    (lead,) = [m.value for m in at.markdown if "ханшайым" in m.value]
    assert "«ер : патша = әйел : ? (ханшайым)»" in lead
    for claim in ("Both lectures", "Обе лекции", "Екі дәріс"):
        assert claim not in lead
    if lang == "kk":
        assert "мужчина : король = женщина : ?" in lead and "king − man + woman" in lead
        assert at.title[0].value.endswith("ер : патша = әйел : ?")
    opened = [at.text_input(key=k).value for k in ("an_a", "an_b", "an_c")]
    assert opened == (["king", "man", "woman"] if model == "glove-en-50" else ["король", "мужчина", "женщина"])
