"""Number fields on real pages: "1,5" is one and a half; a bad entry is refused with the range
and the page goes on with the last good value; the value survives hiding and language switches."""

import pytest
from streamlit.testing.v1 import AppTest

from app_pages.number_field import text_key
from core.figures.backprop import forward_lines
from core.i18n import LANGUAGES, translate
from core.nn.backprop import EXAMPLE, EXAMPLE_TARGET, EXAMPLE_X, walkthrough
from core.nn.descent import SURFACES
from core.nn.mlp import MAX_NEURONS
from tests.app.apptest import chart_spec, open_page, plotly_array
from tests.app.number_fields import type_number

BACKPROP = "app_pages/networks/backprop.py"
DESCENT = "app_pages/networks/descent.py"
BAD = ["abc", "", "nan", "😀", "1e9", "inf", "1,2,3"]


def messages(at: AppTest) -> str:
    return " ".join(caption.value for caption in at.caption)


def latex(at: AppTest) -> str:
    return " ".join(element.body for element in at.latex)


def race_start(at: AppTest, code: str = "en") -> tuple[float, float]:
    start = translate(code, "gd.fig.start")
    trace = next(t for t in chart_spec(at, "gd_race")["data"] if t.get("name") == start)
    return float(plotly_array(trace["x"])[0]), float(plotly_array(trace["y"])[0])


def test_backprop_reads_a_decimal_comma_and_keeps_the_last_good_value():
    at = open_page(BACKPROP)
    type_number(at, "bp_x1", "1,5")
    assert at.session_state["bp_x1"] == 1.5
    assert at.text_input(key=text_key("bp_x1")).value == "1.5"
    assert at.query_params["bp_x1"] == "1.5"  # the link carries the number, not the text
    walk = walkthrough(EXAMPLE, (1.5, EXAMPLE_X[1]), EXAMPLE_TARGET)
    assert all(line in latex(at) for line in forward_lines(walk))
    graph, numbers = chart_spec(at, "bp_graph"), latex(at)
    for text in BAD:
        type_number(at, "bp_x1", text)
        assert at.session_state["bp_x1"] == 1.5, text
        assert "Enter a number from −100 to 100. Still using 1.5." in messages(at), text
        assert at.text_input(key=text_key("bp_x1")).value == text  # left for the user to correct
        assert chart_spec(at, "bp_graph") == graph and latex(at) == numbers, text
        assert at.query_params["bp_x1"] == "1.5"
    type_number(at, "bp_x1", "−0,25")
    assert at.session_state["bp_x1"] == -0.25 and "Enter a number" not in messages(at)
    assert all(line in latex(at) for line in forward_lines(walkthrough(EXAMPLE, (-0.25, EXAMPLE_X[1]),
                                                                       EXAMPLE_TARGET)))


def test_the_target_names_its_own_range():
    at = open_page(BACKPROP)
    type_number(at, "bp_t", "1,5")
    assert at.session_state["bp_t"] == EXAMPLE_TARGET
    assert "Enter a number from 0 to 1. Still using 0.01." in messages(at)
    type_number(at, "bp_t", "0,5")
    assert at.session_state["bp_t"] == 0.5 and not messages(at).count("Enter")


def test_a_step_and_reset_rewrite_the_fields_and_clear_a_refusal():
    at = open_page(BACKPROP)
    type_number(at, "bp_w11", "abc")
    at.button(key="bp_step_button").click().run()
    stepped = at.session_state["bp_w11"]
    assert stepped != 0.15 and at.text_input(key=text_key("bp_w11")).value == f"{stepped:.6g}"
    assert "Enter a number" not in messages(at)
    at.button(key="bp_reset").click().run()
    assert at.text_input(key=text_key("bp_w11")).value == "0.15"


def test_descent_start_point_in_russian_with_every_kind_of_bad_entry():
    at = open_page(DESCENT, lang=LANGUAGES["ru"])
    start = SURFACES["quadratic"].start
    assert at.text_input(key=text_key("gd_sx_quadratic")).value == f"{start[0]:g}".replace(".", ",")
    type_number(at, "gd_sx_quadratic", "-1,5")
    assert at.session_state["gd_sx_quadratic"] == -1.5 and race_start(at, "ru") == (-1.5, start[1])
    assert at.text_input(key=text_key("gd_sx_quadratic")).value == "-1,5"
    expected = translate("ru", "error.number_range", low="−10", high="10")
    for text in BAD:
        type_number(at, "gd_sx_quadratic", text)
        assert expected in messages(at) and "−1,5" in messages(at), text
        assert at.session_state["gd_sx_quadratic"] == -1.5 and race_start(at, "ru") == (-1.5, start[1]), text
    type_number(at, "gd_sx_quadratic", "2")
    assert race_start(at, "ru") == (2.0, start[1]) and expected not in messages(at)


def test_a_language_switch_reformats_the_number_and_translates_a_refusal():
    at = open_page(DESCENT)
    type_number(at, "gd_sx_quadratic", "1.25")
    at.selectbox(key="lang").select_index(1).run()  # Русский
    assert at.text_input(key=text_key("gd_sx_quadratic")).value == "1,25"
    type_number(at, "gd_sx_quadratic", "x")
    at.selectbox(key="lang").select_index(2).run()  # Қазақша
    assert translate("kk", "error.number_range", low="−10", high="10") in messages(at)
    assert at.text_input(key=text_key("gd_sx_quadratic")).value == "x"
    assert at.session_state["gd_sx_quadratic"] == 1.25 and race_start(at, "kk")[0] == 1.25


def test_whole_number_fields_refuse_fractions_and_accept_whole_numbers():
    at = open_page(DESCENT)
    type_number(at, "gd_n", "3")
    assert len(at.dataframe[0].value) == 3
    for text in ("2,5", "0", "5", "1e9", ""):
        type_number(at, "gd_n", text)
        assert "Enter a whole number from 1 to 4. Still using 3." in messages(at), text
        assert at.session_state["gd_n"] == 3 and len(at.dataframe[0].value) == 3, text


def test_a_start_point_survives_its_field_being_hidden():
    at = open_page(DESCENT, gd_each="1", gd_n="2")
    type_number(at, "gd_sx1_quadratic", "3,5")
    at.toggle(key="gd_each").set_value(False).run()
    assert text_key("gd_sx1_quadratic") not in [w.key for w in at.text_input]
    at.toggle(key="gd_each").set_value(True).run()
    assert at.session_state["gd_sx1_quadratic"] == 3.5
    assert at.text_input(key=text_key("gd_sx1_quadratic")).value == "3.5"


@pytest.mark.parametrize(("code", "shown"), [("en", "0.05"), ("ru", "0,05"), ("kk", "0,05")])
def test_a_link_opens_with_its_number_written_for_the_language(code, shown):
    at = open_page(BACKPROP, lang=LANGUAGES[code], bp_x2="0.05")
    assert at.text_input(key=text_key("bp_x2")).value == shown


def test_whole_number_fields_on_the_playground_and_similarity():
    at = open_page("app_pages/networks/train.py", layers="3")
    type_number(at, "n3", "5")
    assert at.session_state["n3"] == 5
    for text in ("2,5", "0", "99", "nan"):
        type_number(at, "n3", text)
        assert at.session_state["n3"] == 5, text
        assert f"Enter a whole number from 1 to {MAX_NEURONS}. Still using 5." in messages(at), text
    at = open_page("app_pages/embeddings/similarity.py", sim_word="paris")
    type_number(at, "sim_topn", " 5 ")
    assert at.session_state["sim_topn"] == 5 and at.query_params["sim_topn"] == "5"
    bars = chart_spec(at, "sim_neighbours")["data"][0]
    assert len(bars["y"]) == 5
    type_number(at, "sim_topn", "1e9")
    assert at.session_state["sim_topn"] == 5 and "Enter a whole number from 1 to 100." in messages(at)
    assert chart_spec(at, "sim_neighbours")["data"][0] == bars


@pytest.mark.parametrize(("page", "query", "key", "high"), [
    ("app_pages/networks/train.py", {}, "dseed", 99_999),
    ("app_pages/networks/train.py", {}, "iseed", 99_999),
    ("app_pages/recommendations/item2vec.py", {}, "rs_gen_seed", 999),
    ("app_pages/recommendations/item2vec.py", {}, "rs_seed", 999),
    ("app_pages/recommendations/item2vec.py", {}, "rs_session", None),
    ("app_pages/embeddings/map.py", {"map_method": "pca", "map_n": "200"}, "map_seed", 9999),
    ("app_pages/embeddings/train_embeddings.py", {"te_part": "pairs"}, "te_neg_seed", 999),
    ("app_pages/embeddings/train_embeddings.py", {"te_part": "step"}, "te_step_seed", 999),
    ("app_pages/embeddings/train_embeddings.py", {"te_part": "word2vec", "te_corpus": "synthetic", "te_syn_n": "500"},
     "te_seed", 999),
    ("app_pages/embeddings/train_embeddings.py", {"te_part": "word2vec", "te_corpus": "synthetic", "te_syn_n": "500"},
     "te_syn_seed", 999),
])
def test_every_other_number_field_takes_whole_numbers_and_refuses_the_rest(page, query, key, high):
    at = open_page(page, **query)
    before = at.session_state[key]
    type_number(at, key, "1,5")
    assert at.session_state[key] == before and "Enter a whole number from 0 to" in messages(at)
    if high is not None:
        assert f"to {high}." in messages(at)
    type_number(at, key, " 7 ")
    assert at.session_state[key] == 7 and at.query_params[key] == "7"
    assert "Enter a whole number" not in messages(at)


def _page_stopped_above_a_field():
    import streamlit as st

    from app_pages.number_field import number_field

    st.session_state.setdefault("n", 7)
    if st.checkbox("stop above the field", key="stop_above"):
        st.error("An error above the field stops the run.")
        st.stop()
    number_field("n", 0, 99, key="n")


def test_a_field_a_stopped_run_hid_shows_the_number_in_use_again():
    """A run stopped above the field keeps its text on the server, but the browser has dropped
    the field: drawn again without its text, it would show an empty box."""
    from tests.app.shown import mount_number

    at = AppTest.from_function(_page_stopped_above_a_field, default_timeout=30).run()
    type_number(at, "n", "12")
    at.checkbox(key="stop_above").check().run()
    assert not at.text_input  # the field is off the screen
    at.checkbox(key="stop_above").uncheck().run()
    field = at.text_input(key=text_key("n"))
    assert at.session_state["n"] == 12 and mount_number(field) == "12"
