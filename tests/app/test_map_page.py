"""AppTest of "Map of words": every way to choose words, the methods, colours, the search that
compares neighbours, the CSV, and a Russian session on navec."""

import numpy as np
import pytest

from core.embeddings import load_vectors
from core.embeddings.wordsets import presets
from tests.app.apptest import chart_spec, open_page as open_at, plotly_array

PAGE = "app_pages/embeddings/map.py"
NAVEC = "navec news v1 · ru"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VECTORLAB_CACHE_DIR", str(tmp_path))


def open_page(**query):
    return open_at(PAGE, **query)


def test_the_default_preset_is_coloured_by_category():
    at = open_page(map_method="pca")
    traces = chart_spec(at, "map_chart")["data"]
    assert [tr["name"] for tr in traces] == ["countries", "capitals"]
    countries = presets("en")["countries_capitals"]["country"]
    assert list(traces[0]["text"]) == countries
    assert at.metric[0].value == str(len(countries) * 2)
    trust = float(at.metric[1].value)
    assert 0.5 < trust <= 1.0


def test_the_most_frequent_words_in_3d_by_umap():
    at = open_page(map_source="frequent", map_n="250", map_dims="3", map_colour="kmeans", map_clusters="4")
    traces = chart_spec(at, "map_chart")["data"]
    assert {tr["type"] for tr in traces} == {"scatter3d"}
    assert [tr["name"] for tr in traces] == [f"cluster {i}" for i in range(1, 5)]
    shown = [w for tr in traces for w in tr["text"]]
    kv = load_vectors("glove-en-50")
    assert len(shown) == 250 and all(w.replace("'", "").replace("-", "").isalpha() for w in shown)
    assert max(kv.key_to_index[w] for w in shown) < 300  # the most frequent, punctuation skipped


def test_neighbours_of_a_word_and_the_search_comparison():
    at = open_page(map_source="neighbours", map_query="river", map_k="50", map_method="pca", map_search="river",
                   map_search_k="5")
    spec = chart_spec(at, "map_chart")
    star = next(tr for tr in spec["data"] if tr.get("name") == "searched word")
    assert star["text"] == ["river"]
    table = at.dataframe[0].value
    kv = load_vectors("glove-en-50")
    # on a map of river's 50 nearest words, the nearest in the original space are gensim's top 5
    assert [w[2:] for w in table.iloc[:, 1]] == [w for w, _ in kv.most_similar("river", topn=5)]
    kept = sum(w.startswith("✓") for w in table.iloc[:, 1])
    assert f"keeps **{kept} of 5**" in " ".join(m.value for m in at.markdown)


def test_a_typed_list_names_the_unknown_words():
    at = open_page(map_source="list", map_list="cat, dog, snake; apple pear\nqwzxv, car, bus, train", map_method="pca")
    assert "Left out, not in the model (1): qwzxv" in at.warning[0].value
    assert sorted(w for tr in chart_spec(at, "map_chart")["data"] for w in tr["text"]) == sorted(
        ["cat", "dog", "snake", "apple", "pear", "car", "bus", "train"])


def test_too_few_words_and_a_search_for_a_word_not_shown():
    at = open_page(map_source="list", map_list="cat, dog", map_method="pca")
    assert "at least 5" in at.info[0].value
    at = open_page(map_method="pca", map_search="banana")
    assert "not on this map" in " ".join(i.value for i in at.info)
    at = open_page(map_method="pca", map_search="zzqqxx")
    assert "not in the model" in " ".join(i.value for i in at.info)
    assert not at.exception


@pytest.mark.parametrize("method", ["umap", "tsne", "pca"])
def test_each_method_draws_every_word(method):
    at = open_page(map_preset="animals", map_method=method)
    n = sum(len(v) for v in presets("en")["animals"].values())
    spec = chart_spec(at, "map_chart")
    xs = np.concatenate([plotly_array(tr["x"]) for tr in spec["data"]])
    assert len(xs) == n and np.all(np.isfinite(xs))


def test_the_second_time_comes_from_the_cache():
    first = open_page(map_preset="numbers", map_method="tsne")
    assert first.metric[2].value.endswith(" s")
    again = open_page(map_preset="numbers", map_method="tsne")
    assert again.metric[2].value == "cached"
    assert chart_spec(first, "map_chart")["data"][0]["x"] == chart_spec(again, "map_chart")["data"][0]["x"]


def test_a_russian_session_on_navec_with_presets_and_cyrillic_labels():
    at = open_page(lang="Русский", model=NAVEC, map_dims="3", map_search="париж")
    traces = chart_spec(at, "map_chart")["data"]
    assert all(tr["type"] == "scatter3d" for tr in traces)
    shown = [w for tr in traces for w in tr.get("text", [])]
    assert "москва" in shown and "франция" in shown
    assert any(tr.get("text") == ["париж"] for tr in traces)
    assert not at.error and at.title[0].value != "Map of words"


def test_a_bad_link_opens_with_defaults():
    at = open_page(map_source="nonsense", map_n="7", map_dims="4", map_seed="-3", map_method="mds")
    assert at.radio(key="map_source").value == "preset"
    assert at.radio(key="map_method").value == "umap" and at.radio(key="map_dims").value == 2
    assert not at.exception


@pytest.mark.parametrize("model", ["glove-en-50", "navec-ru-300"])
@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_the_hint_names_a_preset_and_a_word_that_are_on_the_map(lang, model):
    """Issue 20: the hint sent Russian students to search король among the 1,000 most frequent
    words, where navec has it 7,932nd. Followed to the letter, every word it names is shown."""
    import re

    from core.i18n import translate

    at = open_page(lang=lang, model=model)
    hint = at.markdown[-1].value
    preset, word = re.findall(r"(?<!\*)\*([^*]+)\*(?!\*)", hint)
    assert preset == translate(lang, "map.preset.countries_capitals")
    assert at.selectbox(key="map_preset").value == "countries_capitals"
    assert not at.warning  # every word of the preset is in the model
    assert ("1,000" if lang == "en" else "1\u00a0000") in hint
    at.radio(key="map_source").set_value("frequent").run()
    at.select_slider(key="map_n").set_value(1000)
    at.radio(key="map_method").set_value("pca")
    at.text_input(key="map_search").input(word).run()
    assert not at.exception and not at.info, [i.value for i in at.info]
    star = next(tr for tr in chart_spec(at, "map_chart")["data"] if tr.get("name") == translate(lang, "map.fig.query"))
    assert star["text"] == [word]
    assert len(at.dataframe[0].value) == 10  # its neighbours compared, inside the map
