"""Drawn data (core.nn.drawn): clicks on the pad, the link's code, the arrays the trainer uses."""

import numpy as np
import pytest

from core.errors import UserInputError
from core.links import value_from_link
from core.nn.drawn import (
    GRID_CELLS, MAX_DRAWN_POINTS, STARTER, Drawing, decode_points, drawn_arrays, encode_points, enough, held_out,
    snap,
)
from core.nn.trainer import Run, Setup, Training

TWO = ((-3.0, 2.0, 0), (-2.0, 3.0, 0), (3.0, -2.0, 1), (2.0, -3.0, 1))


def test_clicks_snap_to_the_grid_of_one_decimal_inside_the_plane():
    assert snap(1.23, -4.49) == (1.2, -4.4)
    assert snap(0.31, 0.29) == (0.4, 0.2)  # 0.2 steps
    assert snap(9.0, -100.0) == (6.0, -6.0)  # outside: the edge
    assert GRID_CELLS == 61


def test_points_become_arrays_two_classes_as_floats_more_as_ints():
    X, y, k = drawn_arrays(TWO)
    assert X.tolist() == [[-3.0, 2.0], [-2.0, 3.0], [3.0, -2.0], [2.0, -3.0]]
    assert y.dtype == np.float64 and y.tolist() == [0.0, 0.0, 1.0, 1.0] and k == 2
    X, y, k = drawn_arrays(TWO + ((0.0, 5.0, 2),))
    assert y.dtype == np.int64 and y.tolist() == [0, 0, 1, 1, 2] and k == 3
    # a skipped class keeps the others' numbers (and colours): classes 0 and 2 make K = 3
    _, y, k = drawn_arrays(((0.0, 0.0, 0), (1.0, 0.0, 0), (0.0, 1.0, 2), (1.0, 1.0, 2)))
    assert k == 3 and y.tolist() == [0, 0, 2, 2]


@pytest.mark.parametrize("points", [
    (),
    ((0.0, 0.0, 0),),
    ((0.0, 0.0, 0), (1.0, 0.0, 0), (2.0, 0.0, 0), (3.0, 0.0, 0)),  # one class only
    ((0.0, 0.0, 0), (1.0, 0.0, 0), (2.0, 0.0, 1)),  # class 1 has one point
])
def test_too_few_points_say_so(points):
    with pytest.raises(UserInputError) as caught:
        drawn_arrays(points)
    assert caught.value.key == "error.draw_too_few" and caught.value.params == {"minimum": 2}
    assert not enough(points)


def test_two_points_of_two_classes_are_enough():
    assert enough(TWO) and enough(STARTER)


def test_the_link_code_round_trips_in_three_link_safe_characters_a_point():
    drawing = Drawing(points=())
    rng = np.random.default_rng(0)
    for x, y, c in zip(rng.uniform(-6, 6, 150), rng.uniform(-6, 6, 150), rng.integers(0, 5, 150)):
        drawing.click(x, y, int(c))
    code = encode_points(drawing.points)
    assert len(code) == 3 * len(drawing.points)
    assert code.isalnum() and code.isascii()  # nothing a link escapes (a comma became %2C)
    assert decode_points(code) == drawing.points
    assert Drawing.from_link(code).points == drawing.points
    # the page's link holds the code as text: it comes back as it went
    assert value_from_link(code, "", None) == code


def test_two_hundred_points_fit_the_links_text_limit():
    from app_pages.common import LINK_TEXT_MAX  # the page writes texts up to this length into the link

    drawing = Drawing(points=())
    for i in range(MAX_DRAWN_POINTS + 5):
        drawing.click(-6 + 0.2 * (i % 61), -6 + 0.2 * (i // 61), i % 2)
    assert len(drawing.points) == MAX_DRAWN_POINTS and drawing.refused
    assert len(drawing.code) == 600 <= LINK_TEXT_MAX


@pytest.mark.parametrize("text", [
    "A", "AB", "AB0C", "AB5", "AB9", "ABx", "z00", "!!0", "AB0" * (MAX_DRAWN_POINTS + 1), "<script>", "1,5",
    "Ж00", "🙂🙂0",
])
def test_a_bad_link_code_is_a_user_error(text):
    with pytest.raises(UserInputError) as caught:
        decode_points(text)
    assert caught.value.key == "error.draw_bad_link"


def test_a_link_code_for_more_classes_than_the_pad_offers_is_refused():
    code = encode_points(TWO + ((0.0, 0.0, 2),))
    assert len(decode_points(code, max_classes=3)) == 5
    with pytest.raises(UserInputError):
        decode_points(code, max_classes=2)


def test_one_point_a_cell_in_the_link_too():
    assert decode_points("UU0UU1") == ((0.0, 0.0, 1),)


def test_click_adds_removes_recolours_and_undo_takes_each_back():
    drawing = Drawing(points=())
    drawing.click(1.01, 2.02, 0)
    drawing.click(-1.0, -2.0, 1)
    assert drawing.points == ((1.0, 2.0, 0), (-1.0, -2.0, 1))
    drawing.click(0.98, 1.99, 1)  # the same cell, another class: recoloured in place
    assert drawing.points == ((1.0, 2.0, 1), (-1.0, -2.0, 1))
    drawing.click(1.0, 2.0, 1)  # the same cell and class: taken away
    assert drawing.points == ((-1.0, -2.0, 1),)
    drawing.undo()
    assert drawing.points == ((1.0, 2.0, 1), (-1.0, -2.0, 1))
    drawing.undo()
    assert drawing.points == ((1.0, 2.0, 0), (-1.0, -2.0, 1))
    drawing.clear()
    assert drawing.points == ()
    drawing.undo()  # Clear can be taken back too
    assert drawing.points == ((1.0, 2.0, 0), (-1.0, -2.0, 1))


def test_undo_without_history_drops_the_last_point_drawn():
    drawing = Drawing.from_link(encode_points(TWO))
    drawing.undo()
    assert drawing.points == TWO[:3]
    drawing.clear()
    drawing.undo()  # Clear taken back, from the history
    assert drawing.points == TWO[:3]
    for _ in range(5):
        drawing.undo()  # then point by point, and nothing left to take back is no error
    assert drawing.points == ()


def test_the_network_trains_on_the_last_drawing_that_was_enough():
    drawing = Drawing()
    assert drawing.points == drawing.trained == STARTER
    drawing.clear()
    assert drawing.points == () and drawing.trained == STARTER
    for x, y, c in TWO[:3]:
        drawing.click(x, y, c)
    assert drawing.trained == STARTER  # class 1 has one point
    drawing.click(*TWO[3])
    assert drawing.trained == TWO
    # a link with too few points opens on the example points until there are enough
    assert Drawing.from_link(encode_points(TWO[:2])).trained == STARTER


def test_a_run_on_drawn_points_learns_them_on_the_playgrounds_plane():
    setup = Setup(dataset="drawn", points=STARTER, hidden=(4,), train_ratio=0.5)
    run = Run(setup, Training(optimizer="adam", lr=0.03, batch_size=10))
    raw = run.data.raw
    drawn = {(x, y) for x, y, _ in STARTER}
    assert {tuple(p) for p in np.concatenate([raw.X_train, raw.X_test])} == drawn  # as drawn, not standardised
    assert run.data.task == "classification" and run.data.n_classes == 2 and len(raw.X_train) == 5
    run.train(100)
    assert run.history.train_accuracy[-1] == 1.0 and run.history.test_accuracy[-1] == 1.0


def test_a_run_on_three_drawn_classes_gets_a_softmax_network():
    points = TWO + ((0.0, 5.0, 2), (0.4, 5.0, 2))
    run = Run(Setup(dataset="drawn", points=points, hidden=(4,)), Training())
    assert run.data.n_classes == 3 and run.net.sizes[-1] == 3


@pytest.mark.parametrize("ratio, seed", [(0.5, 0), (0.3, 7), (0.9, 123)])
def test_held_out_marks_the_points_the_run_tests_on(ratio, seed):
    points = STARTER + ((0.0, 0.0, 0), (1.0, 1.0, 1), (5.0, 5.0, 1))
    run = Run(Setup(dataset="drawn", points=points, train_ratio=ratio, data_seed=seed), Training())
    test = held_out(points, ratio, seed)
    tested = {(x, y) for (x, y, _), held in zip(points, test) if held}
    assert tested == {tuple(p) for p in run.data.raw.X_test}
    assert sum(test) == len(run.data.raw.X_test)
