"""Words a user types reach Markdown (messages, captions, headings, metric labels) escaped: the
page shows the characters, never a link, bold text or a formula. Streamlit renders all of these
as Markdown, metric labels and widget labels included, so the element's Markdown source must hold
the escaped text (core.text.plain) and never the raw markup."""

import pytest

from core.text.plain import plain
from tests.app.apptest import open_page
from tests.app.shown import markdown_shows

MARKUP = ["[x](http://x)", "**b**", "<b>x</b>", '=HYPERLINK("x")']
# Tokens GloVe itself holds, so that they pass the lookup and reach headings and labels.
GLOVE_MARKUP = ["**", "$", "_", "["]


def markdown_sources(at) -> list[str]:
    """The Markdown source of every element that renders Markdown, metric labels included."""
    kinds = ("markdown", "caption", "subheader", "header", "title", "error", "warning", "info", "success")
    sources = [element.value for kind in kinds for element in at.get(kind)]
    return sources + [metric.label for metric in at.metric]


def assert_escaped(at, typed: str) -> None:
    sources = markdown_sources(at)
    assert not at.exception, [e.message for e in at.exception]
    assert any(plain(typed) in source for source in sources), (typed, sources)
    assert any(typed in markdown_shows(source) for source in sources)  # the characters, as typed
    for source in sources:
        for raw in ("](http", "**b**", "<b>", "=HYPERLINK(\""):
            assert raw not in source, (raw, source)


@pytest.mark.parametrize("typed", MARKUP)
def test_an_unknown_word_and_its_suggestions_show_the_characters(typed):
    at = open_page("app_pages/embeddings/similarity.py", sim_word=typed)
    assert at.error and at.caption
    assert_escaped(at, typed)
    # the suggestions caption too, not only the error above it
    assert any(plain(typed) in caption.value for caption in at.caption if "“" in caption.value)


def test_a_model_word_that_is_markup_is_escaped_in_the_cosine_label():
    at = open_page("app_pages/embeddings/similarity.py", sim_a="**", sim_b="$")
    labels = [metric.label for metric in at.metric]
    assert any(r"\*\*" in label and r"\$" in label for label in labels), labels


@pytest.mark.parametrize("typed", MARKUP)
def test_map_unknown_list_words_and_search_are_escaped(typed):
    at = open_page("app_pages/embeddings/map.py", map_source="list", map_method="pca",
                   map_list=f"king\nqueen\nman\nwoman\nprince\n{typed}", map_search=typed)
    assert at.warning and at.info
    assert_escaped(at, typed)


def test_map_comparison_heading_escapes_a_model_word():
    at = open_page("app_pages/embeddings/map.py", map_source="list", map_method="pca",
                   map_list="king\nqueen\nman\nwoman\nprince\n**\n$", map_search="**")
    assert any(plain("**") in heading.value for heading in at.subheader), [h.value for h in at.subheader]
    assert not any("“**”" in heading.value or " ** " in heading.value for heading in at.subheader)


def test_analogy_heading_rank_label_and_axes_note_are_escaped():
    at = open_page("app_pages/embeddings/analogies.py", an_a="king", an_b="**", an_c="$", an_expected="_",
                   an_x0="**", an_x1="$", an_y0="_", an_y1="[")
    assert not at.exception, [e.message for e in at.exception]
    headings = [heading.value for heading in at.subheader]
    assert any(heading.startswith(plain("king − ** + $")) for heading in headings), headings
    assert any(plain("_") in metric.label for metric in at.metric), [m.label for m in at.metric]
    assert any(all(plain(w) in c.value for w in GLOVE_MARKUP) for c in at.caption), [c.value for c in at.caption]


@pytest.mark.parametrize("typed", MARKUP)
def test_an_unknown_analogy_word_is_escaped(typed):
    at = open_page("app_pages/embeddings/analogies.py", an_a=typed)
    assert at.error
    assert_escaped(at, typed)


@pytest.mark.parametrize(("part", "key"), [("step", "te_sc"), ("counts", "te_query"), ("fasttext", "te_ngram")])
@pytest.mark.parametrize("typed", MARKUP)
def test_train_embeddings_reads_typed_words_as_tokens_never_markup(part, key, typed):
    """These fields keep the first word as the tokenizer cuts it (letters and digits): what reaches
    a metric label or a note can hold no markup at all (the page's own bold around the lecture's
    trigrams is the page's, around a word of letters)."""
    at = open_page("app_pages/embeddings/train_embeddings.py", te_part=part, **{key: typed})
    assert not at.exception, [e.message for e in at.exception]
    for source in markdown_sources(at):
        for raw in ("](http", "<b>", "=HYPERLINK", "«**", "**»"):
            assert raw not in source, (raw, source)
