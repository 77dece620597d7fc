"""Typed numbers: a decimal comma or dot reads the same, garbage and out-of-range never read."""

import math

import pytest
from hypothesis import given, strategies as st

from core.errors import UserInputError
from core.i18n import translate
from core.numbers import MAX_LENGTH, format_number, parse_number

LOW, HIGH = -10.0, 10.0
in_range = st.floats(min_value=LOW, max_value=HIGH, allow_nan=False)
separators = st.sampled_from([".", ","])
minuses = st.sampled_from(["-", "\u2212"])
spaces = st.sampled_from(["", " ", "  ", "\u00a0", "\t"])


def _written(value: float, separator: str, minus: str) -> str:
    text = repr(value).replace(".", separator)  # repr is the shortest text that reads back exactly
    return minus + text[1:] if text.startswith("-") else text


@given(in_range, separators, minuses, spaces, spaces)
def test_every_float_written_with_a_comma_or_a_dot_reads_back_exactly(value, separator, minus, before, after):
    assert parse_number(before + _written(value, separator, minus) + after, LOW, HIGH) == value


@given(st.integers(min_value=-10**6, max_value=10**6), separators)
def test_whole_numbers_read_back_as_ints(value, separator):
    parsed = parse_number(str(value), -10**6, 10**6, integer=True)
    assert parsed == value and isinstance(parsed, int)
    assert parse_number(f"{value}{separator}0", -10**6, 10**6, integer=True) == value


@given(in_range, st.sampled_from(["en", "ru", "kk"]))
def test_what_a_field_shows_reads_back_to_the_same_shown_number(value, language):
    shown = format_number(value, language)
    parsed = parse_number(shown, LOW, HIGH)
    assert math.isclose(parsed, value, rel_tol=1e-5, abs_tol=1e-300)
    assert format_number(parsed, language) == shown
    assert ("." not in shown) if language in ("ru", "kk") else ("," not in shown)


@pytest.mark.parametrize(("text", "expected"), [
    ("1,5", 1.5), ("1.5", 1.5), ("-0,25", -0.25), ("\u22120,25", -0.25), ("1e-3", 0.001), ("1E-3", 0.001),
    (" 2 ", 2.0), ("+3", 3.0), (",5", 0.5), ("5.", 5.0), ("-0", 0.0), ("1,5e0", 1.5),
])
def test_the_forms_people_type(text, expected):
    value = parse_number(text, LOW, HIGH)
    assert value == expected and math.copysign(1, value) == math.copysign(1, expected)


def test_grouped_digits_in_whole_number_fields():
    assert parse_number("99 999", 0, 99_999, integer=True) == 99_999
    assert parse_number("99\u00a0999", 0, 99_999, integer=True) == 99_999
    assert parse_number("1,000", 0, 9999, integer=True) == 1000


GARBAGE = ["", " ", "abc", "nan", "NaN", "inf", "-inf", "Infinity", "😀", "1,5,5", "1.2.3", "1,2.3", "1_000",
           "\u0661\u0662", "0x10", "1e", "e5", "--1", "1-", "٣", "1/2", "½", "²", "1²", "(1)", "1 e 3x", "12abc",
           "=1+1", "<script>", "None", "True", "١"]


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_is_refused_with_the_range(text):
    with pytest.raises(UserInputError) as refused:
        parse_number(text, LOW, HIGH)
    assert refused.value.key == "error.number_range"
    assert refused.value.params == {"low": LOW, "high": HIGH}


@given(st.text(min_size=1).filter(lambda s: any(not (c.isspace() or c in "0123456789+-\u2212\u2012\u2013\ufe63\uff0d.,eE") for c in s)))
def test_text_with_anything_but_digits_signs_separators_and_an_exponent_never_reads(text):
    with pytest.raises(UserInputError):
        parse_number(text, -1e308, 1e308)


@given(st.one_of(st.floats(min_value=HIGH, exclude_min=True), st.floats(max_value=LOW, exclude_max=True)),
       separators)
def test_out_of_range_is_refused(value, separator):
    with pytest.raises(UserInputError):
        parse_number(_written(value, separator, "-"), LOW, HIGH)


@pytest.mark.parametrize("text", ["1e9", "1e400", "-1e400", "10.000001", "-10,5"])
def test_huge_and_just_outside_are_refused(text):
    with pytest.raises(UserInputError):
        parse_number(text, LOW, HIGH)


@pytest.mark.parametrize("text", ["1,5", "0.5", "1e-1", "3.000001", "1,0001"])
def test_whole_number_fields_refuse_fractions(text):
    with pytest.raises(UserInputError) as refused:
        parse_number(text, 0, 999, integer=True)
    assert refused.value.key == "error.number_whole"


def test_a_long_paste_is_refused_without_reading_it():
    with pytest.raises(UserInputError):
        parse_number("1" * (MAX_LENGTH + 1), 0, 10**100)
    with pytest.raises(UserInputError):
        parse_number(None, 0, 1)


def test_numbers_for_reading():
    assert format_number(1.5, "en") == "1.5" and format_number(1.5, "ru") == "1,5" and format_number(1.5, "kk") == "1,5"
    assert format_number(-10.0, "ru", minus="\u2212") == "\u221210"
    assert format_number(3, "ru") == "3" and format_number(99_999, "en") == "99999"
    assert format_number(0.1 + 0.2, "en") == "0.3"
    message = translate("ru", "error.number_range", low=format_number(-10.0, "ru", minus="\u2212"), high="10")
    assert "\u221210" in message and "10" in message


@pytest.mark.parametrize("seconds, shown", [(0.0001, "< 1 ms"), (0.0034, "3 ms"), (0.0996, "100 ms"),
                                            (0.1, "0.10 s"), (2.345, "2.35 s")])
def test_a_duration_reads_in_milliseconds_under_a_tenth_of_a_second(seconds, shown):
    from core.numbers import format_duration

    assert format_duration(seconds) == shown
