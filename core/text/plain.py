"""Text a user typed or uploaded, made safe to show as it is: as Markdown (st.markdown, headings,
captions, messages, widget labels), as HTML, as plotly text (which reads a few HTML tags, links
among them), and as a spreadsheet cell. Nothing a user gives may become a link, a heading,
bold text, a formula, an emoji shortcode or a script; it must read exactly as it was written.
"""

from __future__ import annotations

import html
import re

# CommonMark lets every ASCII punctuation character be escaped with a backslash and then shows
# it literally; escaping all of them (not a chosen few) also covers Streamlit's own additions:
# $...$ (LaTeX), :red[...] (coloured text), :material/icon: and GitHub's bare-URL links, whose
# "http://" or "www." no longer reads as one piece once a backslash sits inside it.
_ASCII_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
# Streamlit turns :smile: into an emoji after parsing, when escapes are already gone, so a word
# joiner (invisible, not a space) after a colon keeps ":smile:" from reading as a shortcode.
_SHORTCODE_START = re.compile(r"\\:(?=[\w+\-])")
WORD_JOINER = "\u2060"
# A line break inside a heading ends it; four spaces after one start a code block.
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets run as a formula


def plain(text: object) -> str:
    """`text` as Markdown that shows exactly these characters on one line: every ASCII
    punctuation character backslash-escaped, line breaks made spaces, colon shortcodes broken.
    Letters of any script, digits and emoji pass unchanged."""
    escaped = _ASCII_PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
    return _SHORTCODE_START.sub("\\\\:" + WORD_JOINER, escaped)


def plain_params(params: dict) -> dict:
    """A message's parameters with every string made `plain`: an error names what the user gave
    (an unknown word, an uploaded file's columns) inside a Markdown message. Numbers stay
    numbers, so that format specs such as {n:,} still apply; a message shows a parameter with
    {name}, never {name!r}, whose quoting would undo the escapes."""
    return {key: plain(value) if isinstance(value, str) else value for key, value in params.items()}


def plain_html(text: object) -> str:
    """`text` for an HTML page (unsafe_allow_html, st.html): &, <, >, " and ' as entities."""
    return html.escape(str(text), quote=True)


def plain_plotly(text: object) -> str:
    """`text` for a plotly title, label, tick or hover: plotly reads <a href>, <b>, <br> and the
    like in every string, and decodes &lt; &gt; &amp; back into the characters. Only these three
    are replaced: plotly shows &quot; and &#39; literally."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def spreadsheet_cell(text: object) -> str:
    """`text` for a CSV cell a spreadsheet will open: a leading =, +, -, @, tab or carriage return
    makes Excel and LibreOffice run the cell as a formula (=HYPERLINK(...)); a leading
    apostrophe keeps it a word. Markdown does not care about these characters; spreadsheets do."""
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text
