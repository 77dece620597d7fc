"""AppTest of "item2vec": generated sessions, the item map with genre purity, a user, what
next, the use cases, and the evaluation against baselines on one split; bad uploads are in the
core tests and the browser test."""

import pytest

from core.recsys.item2vec import Item2VecParams, genre_purity, train_item2vec
from core.recsys.sessions import GeneratorParams, generate_sessions
from tests.app.apptest import chart_spec, open_page as open_at

PAGE = "app_pages/recommendations/item2vec.py"


def open_page(**query):
    return open_at(PAGE, **query)


def metric(at, label):
    return next(m for m in at.metric if m.label == label).value


def test_generated_sessions_train_and_the_planted_genres_are_found():
    at = open_page(rs_n="1000")
    assert metric(at, "Sessions") == "1,000"
    data = generate_sessions(GeneratorParams(n_sessions=1000))
    kv = train_item2vec(data.sessions, Item2VecParams())
    purity = genre_purity(kv, {i: item.genre for i, item in data.items.items()}, k=10)
    assert metric(at, "Genre purity of neighbours") == f"{100 * purity:.0f} %"
    assert purity > 0.8  # the model found the planted genres it never saw
    spec = chart_spec(at, "rs_map_fig")
    names = {trace["name"] for trace in spec["data"]}
    assert {"liked", "recommended", "the user"} <= names


def test_noise_lowers_the_purity():
    clean = float(metric(open_page(rs_n="1000", rs_noise="0.0"), "Genre purity of neighbours").rstrip(" %"))
    noisy = float(metric(open_page(rs_n="1000", rs_noise="0.5"), "Genre purity of neighbours").rstrip(" %"))
    assert noisy < clean


def test_the_user_gets_unseen_items_and_the_use_cases_are_all_shown():
    at = open_page(rs_n="1000")
    liked = at.multiselect(key="rs_liked").value
    recommended = at.dataframe[1].value.iloc[:, 0]
    assert len(recommended) == 10 and not set(recommended) & {at.multiselect(key="rs_liked").format_func(i)
                                                              for i in liked}
    cases = at.dataframe[-1].value
    assert list(cases.iloc[:, 0]) == ["item → item", "user → item", "user → user", "session → item", "item → user"]


def test_evaluation_scores_every_model_on_one_split_and_says_who_wins():
    at = open_page(rs_n="2000")
    at.button(key="rs_eval").click().run()
    table = at.dataframe[-1].value
    assert list(table.iloc[:, 0]) == ["random", "popularity", "co-occurrence", "Markov", "item2vec"]
    hr = table["HR@10"].astype(float)
    assert hr.iloc[0] < 0.1 < hr.max()  # random is far below the learned models
    assert at.info and ("baseline" in at.info[-1].value or "item2vec has the best" in at.info[-1].value)
    assert len(chart_spec(at, "rs_scores")["data"]) == 2


def test_sweep_over_ns_exponent():
    at = open_page(rs_n="1000", rs_epochs="3")
    at.button(key="rs_eval").click().run()
    at.button(key="rs_sweep_run").click().run()
    traces = chart_spec(at, "rs_sweep_fig")["data"]
    assert [tr["x"] for tr in traces][0] == [-0.5, 0.0, 0.5, 0.75, 1.0]


@pytest.mark.parametrize("query", [{"rs_session": "99999"}, {"rs_prefix": "49"}, {"rs_liked": "nonexistent"},
                                   {"rs_n": "12345", "rs_noise": "7"}])
def test_mangled_links_open_without_errors(query):
    at = open_page(**{"rs_n": "500", **query})
    assert not at.exception and not at.error


def test_the_item_vectors_download_in_word2vec_text():
    at = open_page(rs_n="1000")
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Item vectors (word2vec text)" in labels
