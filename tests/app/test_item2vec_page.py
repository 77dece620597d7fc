"""AppTest of "item2vec": generated sessions, the item map with genre purity, a user, what
next, the use cases, and the evaluation against baselines on one split; bad uploads are in the
core tests and the browser test."""

import json

import numpy as np
import pytest

from app_pages.recommendations.recsys_data import COMPANIONS, PLANTED
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
    data = generate_sessions(GeneratorParams(n_sessions=1000, companion_share=COMPANIONS))
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
    recommended = at.dataframe[0].value.iloc[:, 0]
    assert len(recommended) == 10 and not set(recommended) & {at.multiselect(key="rs_liked").format_func(i)
                                                              for i in liked}
    cases = at.table[-1].value
    assert list(cases.index) == [
        "item → item: similar vs complementary", "user → item: «for you»", "user → user: «people you may know»",
        "session → item: «what will you do next?»", "item → user: «whom do we sell this to?»"]


def table_with(at, column):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_one_question_three_answers_content_vectors_and_what_follows():
    """The default item has a planted companion: it tops "right after it" (★), is missing from
    the nearest vectors, and content ties the item's whole genre at 1."""
    at = open_page(rs_n="2000", rs_companions=str(PLANTED))
    assert any(h.value.startswith("What goes with") for h in at.header)
    content = table_with(at, "content cosine")
    assert len(content) == 10 and set(content["content cosine"].astype(float)) == {1.0}
    follows = table_with(at, "share")
    assert follows.iloc[0, 0].startswith("★ ")
    vectors = next(d.value for d in at.dataframe if list(d.value.columns) == ["item", "cosine"]
                   and d is not at.dataframe[0])
    assert not any(name.startswith("★") for name in vectors.iloc[:, 0])
    planted = [i.value for i in at.info if "planted" in i.value]
    assert planted and "Right after it: place 1; among the nearest vectors: not there." in planted[0]
    assert any("Taken with it but not like it" in c.value for c in at.caption)
    assert any("nobody has played it yet" in w.value for w in at.warning)  # the cold start


def test_the_new_items_genre_is_kept_in_the_link_and_answers_by_content():
    at = open_page(rs_n="500", rs_new_genre="techno")
    assert at.selectbox(key="rs_new_genre").value == "techno"
    new = [d.value for d in at.dataframe if "content cosine" in d.value.columns][-1]
    assert all(name.endswith("· techno") for name in new.iloc[:, 0])
    assert at.query_params["rs_new_genre"] == ["techno"] or at.query_params["rs_new_genre"] == "techno"


def test_without_companions_one_button_plants_them_and_picks_an_item_that_has_one():
    at = open_page(rs_n="1000")
    assert COMPANIONS == 0 and not any("planted **" in i.value for i in at.info)
    assert len(table_with(at, "share")) > 0
    at.button(key="rs_plant").click().run()
    assert not at.exception and at.slider(key="rs_companions").value == PLANTED
    planted = [i.value for i in at.info if "planted **" in i.value]
    assert planted and "Right after it: place 1" in planted[0]
    assert table_with(at, "share").iloc[0, 0].startswith("★ ")


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
                                   {"rs_n": "12345", "rs_noise": "7"}, {"rs_new_genre": "<script>alert(1)</script>"},
                                   {"rs_companions": "1,5"}, {"rs_companions": "😀"}, {"rs_item": "i9999"}])
def test_mangled_links_open_without_errors(query):
    at = open_page(**{"rs_n": "500", **query})
    assert not at.exception and not at.error


def test_the_item_vectors_download_in_word2vec_text():
    at = open_page(rs_n="1000")
    labels = [d.proto.label for d in at.get("download_button")]
    assert "Item vectors (word2vec text)" in labels


def sessions_csv(n_items: int, n_sessions: int = 300, seed: int = 0, name=lambda i: f"item{i}") -> bytes:
    """`n_sessions` sessions of 2-5 events drawn from `n_items` items."""
    rng = np.random.default_rng(seed)
    rows = ["session_id,item_id"]
    for s in range(n_sessions):
        rows += [f"s{s},{name(int(i))}" for i in rng.integers(n_items, size=rng.integers(2, 6))]
    return "\n".join(rows).encode()


def upload(content: bytes, **query):
    at = open_page(rs_source="upload", **query)
    at.file_uploader(key="rs_upload").upload("sessions.csv", content, "text/csv").run()
    return at


def safety_net(at) -> list[str]:
    return [e.value for e in at.error if "Something went wrong" in e.value]


def test_a_seven_item_catalogue_lists_what_it_has_in_what_next():
    # Before the fix: "Length of values (5) does not match length of index (10)".
    at = upload(sessions_csv(7))
    assert not at.exception and not safety_net(at)
    assert metric(at, "Items") == "7"
    next_table = next(d.value for d in at.dataframe if list(d.value.columns) == ["item2vec", "Markov"])
    assert list(next_table.columns) == ["item2vec", "Markov"]
    prefix_len = at.slider(key="rs_prefix").value if at.slider(key="rs_prefix") else 1
    assert len(next_table) == 7 - prefix_len or len(next_table) == 7 - 1  # every unseen item, no padding to k
    assert (next_table["item2vec"] != "").sum() >= 1


@pytest.mark.parametrize(("n_items", "message"), [(3, "at least 4 items"), (2, "at least 4 items"),
                                                   (1, "only 1 different item")])
def test_tiny_catalogues_get_a_clear_message_and_no_crash(n_items, message):
    at = upload(sessions_csv(n_items))
    texts = [m.value for m in [*at.info, *at.error, *at.warning]]
    assert not at.exception and not safety_net(at), texts
    assert any(message in text for text in texts), texts


@pytest.mark.parametrize("content", [
    b"session_id,item_id\ns1,a\ns1,b\n",  # one session
    b"session_id,item_id\n" + b"s1,a\ns1,a\ns1,b\n" * 50,  # duplicate rows, still one session
    b"user,product\n1,2\n",  # wrong columns
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",  # a binary file
    b"",
])
def test_bad_uploads_get_a_message(content):
    at = upload(content)
    assert not at.exception and not safety_net(at) and at.error


def test_an_upload_has_no_content_but_behaviour_answers():
    at = upload(sessions_csv(30))
    assert any("no genres" in i.value for i in at.info)
    assert len(table_with(at, "share")) > 0
    assert not any("nobody has played" in w.value for w in at.warning)  # no genres: no new item to place


def test_duplicate_rows_make_long_sessions_and_train():
    rows = b"".join(b"s%d,a\ns%d,a\ns%d,b\ns%d,c\ns%d,d\ns%d,e\n" % ((s,) * 6) for s in range(20))
    at = upload(b"session_id,item_id\n" + rows)
    assert not at.exception and not safety_net(at) and not at.error
    assert metric(at, "Items") == "5" and metric(at, "Sessions") == "20"


MARKUP = ['=HYPERLINK("http://x")', "[x](http://x)", "<script>alert(1)</script>", "**bold**", "кот 😀"]


def test_uploaded_item_names_never_become_markup():
    names = [*MARKUP, "plain", "other", "more", "items"]
    at = upload(sessions_csv(len(names), name=lambda i: '"' + names[i].replace('"', '""') + '"'))
    at.selectbox(key="rs_item").set_value(MARKUP[0]).run()
    assert not at.exception and not safety_net(at)
    assert any(r'What goes with \=HYPERLINK\(\"http\:\/\/x\"\)?' in h.value for h in at.header)
    markdown = [e.value for e in [*at.markdown, *at.subheader, *at.caption]]
    shown = "\n".join(markdown)
    assert "](http" not in shown and "<script>" not in shown and "**bold**" not in shown and "http://" not in shown
    spec = json.dumps(chart_spec(at, "rs_map_fig"), ensure_ascii=False)
    assert "<script>" not in spec and "&lt;script&gt;" in spec


def test_the_seed_field_speaks_the_interface_language():
    at = open_page(rs_n="500", lang="Русский")
    # Any widget kind: number fields are being replaced by a text-based field.
    labels = [w.label for w in [*at.number_input, *at.text_input]]
    assert "seed" not in labels and "Зерно обучения (seed)" in labels


@pytest.mark.parametrize(("content", "shown"), [
    (b"**user**,[x](http://x)\n1,2\n", r"\*\*user\*\*\, \[x\]\(http\:\/\/x\)"),
    (b"session_id,item_id,timestamp\n" + b"".join(b"s%d,a,1\ns%d,b,2\n" % (i, i) for i in range(12))
     + b"s0,c,[x](http://x)\n", r"\[x\]\(http\:\/\/x\)"),
])
def test_upload_errors_quote_the_file_without_markup(content, shown):
    at = upload(content)
    assert not at.exception and any(shown in e.value for e in at.error), [e.value for e in at.error]
    assert not any("](http" in e.value for e in at.error)
