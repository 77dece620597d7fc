"""A setting as link text and back; a mangled link gives the default."""

import pytest

from core.links import Interval, link_value, value_from_link


@pytest.mark.parametrize("value, allowed", [
    (True, None), (False, None), (7, range(0, 10)), (0.03, Interval(1e-5, 10)), ("spiral", ["circle", "spiral"]),
    (("x1", "sin x2"), ["x1", "x2", "sin x2"]),
])
def test_a_value_comes_back_from_its_link_text(value, allowed):
    default = {bool: False, int: 0, float: 1.0, str: "circle", tuple: ("x1",)}[type(value)]
    assert value_from_link(link_value(value), default, allowed) == value


@pytest.mark.parametrize("text, default, allowed", [
    ("abc", 3, range(10)), ("12", 3, range(10)), ("1e9", 0.5, Interval(0, 1)), ("nan", 0.5, Interval(0, 1)),
    ("<script>", "circle", ["circle", "xor"]), ("x1,evil", ("x1",), ["x1", "x2"]),
])
def test_a_mangled_or_unknown_value_gives_the_default(text, default, allowed):
    assert value_from_link(text, default, allowed) == default


def test_anything_goes_when_nothing_is_listed():
    assert value_from_link("any text", "", None) == "any text"
