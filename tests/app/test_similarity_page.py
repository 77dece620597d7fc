"""AppTest of "Similarity": one-hot against dense, the film space, cosine and neighbours, in
English on GloVe and in Russian on navec."""

import numpy as np
import pytest

from core.embeddings import load_vectors
from tests.app.apptest import chart_spec, open_page as open_at, plotly_array
from tests.app.shown import markdown_shows

PAGE = "app_pages/embeddings/similarity.py"
NAVEC = "navec news v1 · ru"


def open_page(**query):
    return open_at(PAGE, **query)


def cosines(spec) -> dict:
    heatmap = spec["data"][0]
    z = plotly_array(heatmap["z"]) if isinstance(heatmap["z"], dict) else np.asarray(heatmap["z"], dtype=float)
    z = z.reshape(len(heatmap["y"]), len(heatmap["x"]))
    return {(a, b): z[i, j] for i, a in enumerate(heatmap["y"]) for j, b in enumerate(heatmap["x"])}


def test_one_hot_cosines_are_zero_and_dense_ones_are_not():
    at = open_page()
    one_hot = chart_spec(at, "sim_onehot_cos")["data"][0]["text"]
    assert one_hot == [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]]
    z = cosines(chart_spec(at, "sim_dense_cos"))
    assert z[("cat", "dog")] > z[("cat", "snake")]  # the lecture's point, in the real model
    assert z[("cat", "dog")] == pytest.approx(float(load_vectors("glove-en-50").similarity("cat", "dog")), abs=1e-6)


def test_the_vocabulary_slider_grows_the_one_hot_vector():
    at = open_page(sim_vocab="1000")
    values = [m.value for m in at.metric]
    assert values[:3] == ["1,000", "999 (99.9 %)", "4 MB"]


def test_from_indiana_jones_the_lecture_recommends_fast_and_furious_then_die_hard():
    table = open_page(sim_k="2").dataframe[0].value
    assert list(table.iloc[:, 1]) == ["Fast and Furious", "Die Hard"]
    assert list(table.iloc[:, 3]) == ["2.24", "3.16"]  # √5 and √10


def test_near_the_origin_cosine_and_distance_disagree():
    at = open_page(sim_where="point", sim_x="0.5", sim_y="0.5", sim_all_films="1", sim_k="3")
    assert "different" in at.info[0].value
    at = open_page(sim_where="point", sim_x="0.5", sim_y="0.5", sim_all_films="1", sim_k="3",
                   sim_film_metric="cosine")
    rays = [tr for tr in chart_spec(at, "sim_films")["data"] if tr.get("mode") == "lines" and tr.get("name")]
    assert len(rays) == 1


def test_cosine_of_two_words_fills_in_the_formula():
    at = open_page(sim_a="King", sim_b="queen")
    kv = load_vectors("glove-en-50")
    expected = float(kv.similarity("king", "queen"))
    assert at.metric[-1].value == f"{expected:.3g}"
    assert f"= {expected:.3g}" in at.latex[-1].value  # the films' formula comes first


def test_neighbours_match_gensim():
    at = open_page(sim_word="paris", sim_topn="5")
    bars = chart_spec(at, "sim_neighbours")["data"][0]
    expected = load_vectors("glove-en-50").most_similar("paris", topn=5)
    assert bars["y"] == [w for w, _ in expected]
    assert plotly_array(bars["x"]) == pytest.approx([s for _, s in expected], abs=1e-5)


def test_unknown_words_are_named_with_suggestions():
    at = open_page(sim_word="elephnt", sim_a="cattt", sim_b="dgo")
    errors = [markdown_shows(e.value) for e in at.error]
    assert "Not in the model: cattt, dgo." in errors and "Not in the model: elephnt." in errors
    hints = " ".join(c.value for c in at.caption)
    assert "did you mean" in hints and "elephant" in hints and "cat" in hints
    assert not at.exception


def test_empty_and_strange_input_never_breaks_the_page():
    at = open_page(sim_animals="", sim_a="", sim_word="🐈")
    assert not at.exception
    assert any("at least two" in i.value for i in at.info)
    assert any("🐈" in e.value for e in at.error)


def test_a_russian_session_on_navec():
    at = open_page(lang="Русский", model=NAVEC)
    assert at.text_input(key="sim_animals").value == "собака, змея, кошка"
    z = cosines(chart_spec(at, "sim_dense_cos"))
    assert z[("кошка", "собака")] > z[("кошка", "змея")]
    kv = load_vectors("navec-ru-300")
    bars = chart_spec(at, "sim_neighbours")["data"][0]
    assert bars["y"] == [w for w, _ in kv.most_similar("кошка", topn=10)]
    assert at.title[0].value.startswith("Сходство")


def test_switching_the_model_replaces_the_words_of_the_other_language():
    at = open_page(sim_word="dog")
    at.selectbox(key="model").select(NAVEC).run()
    assert at.text_input(key="sim_word").value == "кошка"
    assert not at.error


def test_the_dot_product_is_a_third_measure_with_its_sum_filled_in():
    at = open_page(sim_film_metric="dot", sim_all_films="1", sim_k="2")
    table = at.dataframe[0].value
    assert list(table.iloc[:, 1]) == ["John Wick", "Mad Max: Fury Road"] and list(table["Dot product"]) == ["20", "19"]
    assert any(r"= 3 \cdot 5 + 1 \cdot 5 = 20" in latex.value for latex in at.latex)
    assert any("long" in c.value or "longer" in c.value for c in at.caption)
    lines = [tr for tr in chart_spec(at, "sim_films")["data"] if tr.get("name") == "equal dot product"]
    assert len(lines) == 1  # the level line through John Wick: 3x + y = 20
    xs, ys = plotly_array(lines[0]["x"]), plotly_array(lines[0]["y"])
    assert np.allclose(3 * xs + ys, 20)
    assert at.radio(key="sim_film_metric").value == "dot"


def test_the_cosine_of_the_first_film_is_written_as_the_lectures_sums():
    at = open_page(sim_film_metric="cosine")
    assert any(r"\sqrt{3^2 + 1^2} \sqrt{5^2 + 2^2}" in latex.value and latex.value.strip("$\n ").endswith("0.998")
               for latex in at.latex)


def test_the_lectures_answer_stays_the_default_and_more_films_say_what_they_change():
    at = open_page()
    assert not at.toggle(key="sim_all_films").value
    assert list(at.dataframe[0].value.iloc[:, 1]) == ["Fast and Furious", "Die Hard"]
    assert not any("films added" in i.value for i in at.info)
    at = open_page(sim_all_films="1")
    said = [i.value for i in at.info if "films added" in i.value]
    assert said == ["With our 12 films added, the nearest to Indiana Jones by Euclidean distance is "
                    "Star Wars, Home Alone (equally near), not the lecture's Fast and Furious."]
    at = open_page(sim_all_films="1", sim_film_metric="cosine", lang="ru")
    assert any("к фильму «Индиана Джонс» по мере «косинусная близость» по-прежнему Форсаж" in i.value for i in at.info)
    at = open_page(sim_all_films="1", sim_where="point", sim_x="1", sim_y="3", lang="kk")
    assert any("сіздің нүктеңізге ең жақыны" in i.value for i in at.info)


@pytest.mark.parametrize("metric", ["dot", "DOT", "<script>", "1,5"])
def test_a_mangled_measure_in_the_link_opens_the_page(metric):
    at = open_page(sim_film_metric=metric, sim_all_films="1")
    assert not at.exception and not at.error
    assert at.radio(key="sim_film_metric").value in ("euclidean", "cosine", "dot")
