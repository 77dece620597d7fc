"""AppTest of "Draw your own" on Train a network (app_pages/networks/playground_draw.py).

AppTest has no plotly chart element to click, so `click_pad` sends what the browser sends after
a click on the pad: the chart's selection (the clicked grid marker's x and y) as the widget's
value. Streamlit then calls the pad's `on_select` callback, as in the browser.
"""

import json

import pytest

from streamlit.proto.WidgetStates_pb2 import WidgetState

from app_pages.networks.playground_draw import N_CLASSES
from core.figures.playground.geometry import run_domain
from core.i18n import LANGUAGES
from core.nn.drawn import MAX_DRAWN_POINTS, STARTER, decode_points, encode_points
from tests.app.test_train_page import click, open_page, run_of


def pad(at):
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("-pg_draw_pad")]
    return chart


def click_pad(at, x: float, y: float) -> None:
    states = at._tree.get_widget_states()
    selection = {"points": [{"curve_number": 0, "point_number": 0, "point_index": 0, "x": x, "y": y}],
                 "point_indices": [0], "box": [], "lasso": []}
    states.widgets.append(WidgetState(id=pad(at).proto.id, string_value=json.dumps({"selection": selection})))
    at._run(states)
    assert not at.exception, [e.message for e in at.exception]


def link(at, key: str) -> str:
    value = at.query_params[key]
    return value if isinstance(value, str) else value[0]


def drawing(at):
    return at.session_state["pg_draw"]


def class_pills(at) -> list[str]:
    """The class picker's labels: each class with how many points it has."""
    return list(at.pills(key="pg_draw_class").options)


def pad_points(at) -> list[int]:
    """How many points the pad's figure draws, class by class (trace 0 is the clickable grid)."""
    return [len(trace["x"]) for trace in json.loads(pad(at).proto.spec)["data"][1:]]


def choose_drawn(at) -> None:
    at.selectbox(key="ds").set_value("drawn").run()
    assert not at.exception, [e.message for e in at.exception]


def test_draw_your_own_starts_with_the_example_and_trains_on_the_clicks():
    at = open_page()
    assert "drawn" in at.selectbox(key="ds").options or "Draw your own" in at.selectbox(key="ds").options
    choose_drawn(at)
    assert run_of(at).setup.dataset == "drawn" and run_of(at).setup.points == STARTER
    assert "pts" not in at.query_params  # the example, like every default, stays out of the link
    assert class_pills(at)[:2] == ["Class 0: 5", "Class 1: 5"] and len(class_pills(at)) == N_CLASSES
    assert pad_points(at) == [5, 5] + [0] * (N_CLASSES - 2)
    assert at.pills(key="pg_draw_class").value == 0
    click_pad(at, 0.31, 0.29)  # lands on the grid's cell (0.4, 0.2)
    at.pills(key="pg_draw_class").set_value(1).run()
    click_pad(at, -4.0, -5.0)
    added = STARTER + ((0.4, 0.2, 0), (-4.0, -5.0, 1))
    assert drawing(at).points == added and run_of(at).setup.points == added
    assert decode_points(link(at, "pts")) == added
    assert class_pills(at)[:2] == ["Class 0: 6", "Class 1: 6"] and pad_points(at)[:2] == [6, 6]
    # the picture trains on them as on any data set: half train, half test, on the plane as drawn
    raw = run_of(at).data.raw
    assert len(raw.X_train) == 6 and len(raw.X_test) == 6
    click(at, "pg_step_button")
    assert run_of(at).epoch == 1 and run_of(at).setup.points == added
    assert run_domain(run_of(at)).extent == 6.0  # the picture's plane is the pad's (an upload's fits its points)


def test_a_click_on_a_point_takes_it_away_and_undo_brings_it_back():
    at = open_page(ds="drawn")
    x, y, c = STARTER[0]
    click_pad(at, x, y)  # class 0 chosen, a class-0 point there
    assert drawing(at).points == STARTER[1:]
    click(at, "pg_draw_undo")
    assert drawing(at).points == STARTER and run_of(at).setup.points == STARTER


def test_too_few_points_keep_the_last_drawing_and_say_so():
    at = open_page(ds="drawn")
    click(at, "pg_draw_clear")
    assert drawing(at).points == () and run_of(at).setup.points == STARTER  # the picture keeps it
    assert any("at least 2 points in each of two classes" in e.value for e in at.error)
    assert at.button(key="pg_draw_clear").disabled
    for x, y in ((1.0, 1.0), (2.0, 2.0)):
        click_pad(at, x, y)
    at.pills(key="pg_draw_class").set_value(1).run()
    click_pad(at, -1.0, -1.0)
    assert run_of(at).setup.points == STARTER and at.error  # class 1 has one point: not yet
    click_pad(at, -2.0, -2.0)
    mine = ((1.0, 1.0, 0), (2.0, 2.0, 0), (-1.0, -1.0, 1), (-2.0, -2.0, 1))
    assert run_of(at).setup.points == mine and not at.error
    click(at, "pg_step_button")
    assert run_of(at).epoch == 1


def test_the_link_carries_the_drawing_and_a_bad_one_gives_a_message():
    mine = ((1.0, 1.0, 0), (2.0, 2.0, 0), (-1.0, -1.0, 1), (-2.0, -2.0, 1))
    at = open_page(ds="drawn", pts=encode_points(mine))
    assert drawing(at).points == mine and run_of(at).setup.points == mine and not at.error
    for bad in ("<script>alert(1)</script>", "1,5", "AB", "🙂🙂0"):
        at = open_page(ds="drawn", pts=bad)
        assert drawing(at).points == STARTER and run_of(at).setup.points == STARTER
        assert [e.value for e in at.error] == ["The link's drawn points could not be read; the pad starts with the "
                                               "example points."]
        click_pad(at, 0.0, 0.0)  # drawing again: the message has said its piece
        assert not at.error


def test_the_pad_refuses_a_point_over_the_cap():
    full = tuple((round(-6 + 0.2 * (i % 61), 1), round(-6 + 0.2 * (i // 61), 1), i % 2) for i in range(MAX_DRAWN_POINTS))
    at = open_page(ds="drawn", pts=encode_points(full))
    assert len(drawing(at).points) == MAX_DRAWN_POINTS and len(link(at, "pts")) == 3 * MAX_DRAWN_POINTS
    click_pad(at, 5.0, 5.0)
    assert len(drawing(at).points) == MAX_DRAWN_POINTS
    assert any(f"at most {MAX_DRAWN_POINTS} points" in w.value for w in at.warning)
    click_pad(at, *full[0][:2])  # taking one away is always possible
    assert len(drawing(at).points) == MAX_DRAWN_POINTS - 1 and not at.warning


def test_a_language_switch_keeps_the_drawing_and_the_class():
    at = open_page(ds="drawn")
    at.pills(key="pg_draw_class").set_value(1).run()
    click_pad(at, 0.0, 0.0)
    points, run = drawing(at).points, run_of(at)
    for code, name in (("ru", "Класс 1: 6"), ("kk", "1-класс: 6"), ("en", "Class 1: 6")):
        at.selectbox(key="lang").set_value(LANGUAGES[code]).run()
        assert not at.exception, [e.message for e in at.exception]
        assert drawing(at).points == points and run_of(at) is run  # the same run goes on
        assert at.pills(key="pg_draw_class").value == 1 and class_pills(at)[1] == name
        assert at.selectbox(key="ds").value == "drawn"


@pytest.mark.skipif(N_CLASSES < 3, reason="the pad offers as many classes as the playground has colours for")
def test_a_third_class_makes_a_softmax_run():
    at = open_page(ds="drawn")
    assert class_pills(at)[2] == "Class 2: 0"
    at.pills(key="pg_draw_class").set_value(2).run()
    click_pad(at, 0.0, 5.0)
    click_pad(at, 0.4, 5.0)
    assert run_of(at).data.n_classes == 3 and run_of(at).net.sizes[-1] == 3
    click(at, "pg_step_button")
    assert run_of(at).epoch == 1


def pad_rings(at) -> set[tuple[float, float]]:
    """The points the pad draws as rings (white inside): the ones it says the run tests on."""
    rings = set()
    for trace in json.loads(pad(at).proto.spec)["data"][1:]:
        fills = trace["marker"]["color"]
        fills = fills if isinstance(fills, list) else [fills] * len(trace["x"])
        rings |= {(x, y) for x, y, fill in zip(trace["x"], trace["y"], fills) if fill == "#FFFFFF"}
    return rings


def test_the_rings_on_the_pad_are_the_runs_test_points():
    at = open_page(ds="drawn")
    for ratio in (50, 80, 20):
        at.slider(key="ratio").set_value(ratio).run()
        raw = run_of(at).data.raw
        assert pad_rings(at) == {tuple(p) for p in raw.X_test.tolist()}
        assert len(pad_rings(at)) == round(len(STARTER) * (100 - ratio) / 100)
    click(at, "pg_draw_clear")  # too few: the run keeps the example, the pad marks nothing
    assert pad_rings(at) == set()


def test_compare_trains_the_contestants_on_the_drawing():
    at = open_page(ds="drawn")
    click(at, "cmp_run")
    assert any(c.proto.id.endswith("-cmp_chart") for c in at.get("plotly_chart"))
