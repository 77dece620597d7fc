"""User text shown as Markdown, HTML, plotly text or a spreadsheet cell reads as it was written."""

import re

import pytest
from hypothesis import given, strategies as st

from core.text.plain import WORD_JOINER, plain, plain_html, plain_plotly, spreadsheet_cell

NASTY = ["<script>alert(1)</script>", "[x](http://x)", '=HYPERLINK("http://x")', "**bold**", "😀 🙃",
         "котёнок спит", "қазақ тілі", ":smile: :red[x] :material/home:", "$x^2$", "www.example.com", "a@b.kz",
         "# heading", "1. list", "> quote", "| a | b |", "`code`", "_x_ ~y~", "&lt;b&gt;", "back\\slash"]


def commonmark_text(markdown: str) -> str:
    """What a CommonMark renderer shows for a single-line paragraph made only of text and
    backslash escapes: each escape gives its character (the word joiner is invisible)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(WORD_JOINER, "")


def unescaped_specials(markdown: str) -> list[str]:
    """ASCII punctuation not preceded by an escaping backslash: anything that could start markup."""
    found, i = [], 0
    while i < len(markdown):
        if markdown[i] == "\\":
            i += 2
            continue
        if re.match(r"[!-/:-@\[-`{-~]", markdown[i]):
            found.append(markdown[i])
        i += 1
    return found


@pytest.mark.parametrize("text", NASTY)
def test_markdown_shows_the_text_and_nothing_can_start_markup(text):
    shown = plain(text)
    assert commonmark_text(shown) == text
    assert unescaped_specials(shown) == []
    assert "http://" not in shown and "www." not in shown  # no bare-URL autolink
    assert not re.search(r":\w+:", shown.replace("\\", ""))  # no :shortcode:


def test_letters_digits_and_emoji_pass_unchanged():
    assert plain("котёнок 42 😀 қазақ") == "котёнок 42 😀 қазақ"
    assert plain("**bold**") == r"\*\*bold\*\*"


def test_line_breaks_cannot_start_a_heading_or_a_code_block():
    assert plain("a\n# h\r\n    code") == r"a \# h     code"


@given(st.text())
def test_any_text_round_trips_on_one_line(text):
    shown = plain(text)
    assert unescaped_specials(shown) == []
    assert "\n" not in shown and "\r" not in shown
    expected = re.sub(r"[\r\n\u2028\u2029\x0b\x0c]+", " ", text)
    assert commonmark_text(shown) == expected.replace(WORD_JOINER, "")


def test_html_and_plotly():
    assert plain_html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert plain_plotly('<a href="http://x">x</a> & <b>') == '&lt;a href="http://x"&gt;x&lt;/a&gt; &amp; &lt;b&gt;'
    assert "<" not in plain_plotly("<br><script>")


@pytest.mark.parametrize(("text", "cell"), [('=HYPERLINK("x")', "'=HYPERLINK(\"x\")"), ("+1", "'+1"),
                                            ("-2", "'-2"), ("@a", "'@a"), ("a=b", "a=b"), ("кот", "кот")])
def test_spreadsheet_cells_never_start_a_formula(text, cell):
    assert spreadsheet_cell(text) == cell


def test_message_parameters_are_escaped_and_numbers_kept():
    from core.text.plain import plain_params

    assert plain_params({"columns": "**a**, [b](http://x)", "n": 3, "share": 0.5}) == {
        "columns": r"\*\*a\*\*\, \[b\]\(http\:\/\/x\)", "n": 3, "share": 0.5}
