"""AppTest of "Word Mover's Distance": the lecture's pair, flow equal to gensim, the bounds,
stop words, bad input, and the document search against brute force."""

import pytest

from core.embeddings import load_vectors
from core.text.stopwords import prepare_tokens
from tests.app.apptest import chart_spec, open_page as open_at
from tests.app.shown import mount_number

PAGE = "app_pages/texts/wmd.py"


def open_page(**query):
    return open_at(PAGE, **query)


def metric(at, label):
    return float(next(m for m in at.metric if m.label == label).value)


def test_the_lecture_pair_equals_gensim_and_the_terms_add_up():
    at = open_page()
    kv = load_vectors("glove-en-50")
    a = prepare_tokens("Obama speaks to the media in Illinois", kv, "en").kept
    b = prepare_tokens("The President greets the press in Chicago", kv, "en").kept
    assert a == ("obama", "speaks", "media", "illinois")
    expected = kv.wmdistance(a, b)
    assert metric(at, "WMD") == pytest.approx(expected, abs=5e-3)  # shown rounded to 3 digits
    assert metric(at, "WCD") <= metric(at, "WMD") and metric(at, "RWMD") <= metric(at, "WMD")
    terms = at.dataframe[0].value
    assert terms.iloc[-1, 0] == "total" and float(terms.iloc[-1, 4]) == pytest.approx(expected, abs=5e-3)
    assert len(terms) == 5  # four words, each sends all its weight to one word, and the total
    for key in ("wmd_flow", "wmd_arrows", "wmd_plan"):
        assert chart_spec(at, key)["data"]


def test_without_stop_words_removed_the_and_in_are_kept():
    on, off = open_page(), open_page(wmd_stop="0")
    assert metric(off, "WMD") < metric(on, "WMD")  # the, in match for free
    assert any("the" in c.value.split("**")[1].split() for c in off.caption if c.value.startswith("A:"))


@pytest.mark.parametrize(("query", "message"), [
    ({"wmd_a": ""}, "Type some words"),
    ({"wmd_a": "the of and"}, "both known to the model and not a stop word"),
    ({"wmd_b": "qqqzzx zzxqqq"}, "both known to the model and not a stop word"),
    ({"wmd_a": "😀 🙃"}, "Type some words"),
])
def test_bad_texts_get_a_message(query, message):
    at = open_page(**query)
    assert any(message in e.value for e in at.error) and not at.exception


def test_identical_texts_are_exactly_zero():
    at = open_page(wmd_b="Obama speaks to the media in Illinois")
    assert metric(at, "WMD") == 0.0


def test_search_finds_the_brute_force_top_k_with_fewer_solves():
    at = open_page()
    solves = next(m for m in at.metric if m.label == "Exact solves").value
    done, total = (int(x.replace(",", "")) for x in solves.split(" / "))
    assert done * 3 <= total
    hits = at.dataframe[1].value
    assert len(hits) == 5 and list(hits.iloc[:, 1]) == sorted(hits.iloc[:, 1])


def test_russian_pair_on_navec():
    at = open_page(model="navec news v1 · ru")
    assert at.text_input(key="wmd_a").value.startswith("Президент")
    assert not at.exception and not at.error


def test_a_pasted_text_of_10000_words_gets_a_message_not_silence():
    at = open_page()
    pasted = " ".join(["fire threatens homes"] * 3334)  # 10,002 words, 70,000 characters
    at.text_input(key="wmd_a").input(pasted).run()
    # Before: the field refused the paste (max_chars=500) and the old text stayed, without a word.
    assert at.text_input(key="wmd_a").value == pasted
    assert any("At most 1000 words, got 10002" in e.value for e in at.error) and not at.exception
    at.text_input(key="wmd_query").input(pasted).run()
    assert at.text_input(key="wmd_query").value == pasted


def test_a_pasted_collection_longer_than_the_search_reads_says_so():
    at = open_page(wmd_collection="own")
    documents = "\n".join(f"fire number {i} threatens homes near sydney" for i in range(600))
    at.text_area(key="wmd_own").input(documents).run()
    assert any("600 documents" in w.value and "first 500" in w.value for w in at.warning)
    assert len(at.dataframe[-1].value) == 5 and not at.exception


def test_typed_words_never_become_markup_in_the_token_caption():
    at = open_page(wmd_a="don't **bold** [x](http://x) <script> =HYPERLINK(\"x\") кот 😀")
    captions = [c.value for c in at.caption if c.value.startswith("A:")]
    assert captions and "don\\'t" in captions[0] and not at.exception
    assert "<script>" not in captions[0] and "](http" not in captions[0]



OWN = "fire near sydney homes\nfloods in queensland towns\nthe cricket team won the match"


def test_own_documents_survive_their_field_being_hidden():
    at = open_page(wmd_collection="own")
    at.text_area(key="wmd_own").input(OWN).run()
    assert len(at.dataframe[-1].value) == 3
    at.radio(key="wmd_collection").set_value("lee").run()
    assert "wmd_own" not in [area.key for area in at.text_area]
    at.radio(key="wmd_collection").set_value("own").run()
    field = at.text_area(key="wmd_own")
    # the value the page uses, and the text the browser (which had forgotten the field) shows
    assert field.value == OWN and mount_number(field) == OWN
    assert len(at.dataframe[-1].value) == 3 and not at.exception


def test_own_documents_travel_in_the_link_while_they_fit():
    """Found by the random walk (seed 7): the link opened the search with an empty collection."""
    at = open_page(wmd_collection="own")
    at.text_area(key="wmd_own").input(OWN).run()
    at.radio(key="wmd_collection").set_value("lecture").run()  # hidden: still the user's, still in the link
    assert at.query_params["wmd_own"] in (OWN, [OWN])
    fresh = open_page(wmd_collection="own", wmd_own=OWN)
    assert fresh.text_area(key="wmd_own").value == OWN and len(fresh.dataframe[-1].value) == 3


def test_own_documents_too_long_for_a_link_are_left_out_and_the_page_says_so():
    at = open_page(wmd_collection="own")
    long = "\n".join(f"fire number {i} threatens homes near sydney" for i in range(100))
    at.text_area(key="wmd_own").input(long).run()
    assert "wmd_own" not in at.query_params
    assert any("too long for the page's link" in caption.value for caption in at.caption)
    assert at.text_area(key="wmd_own").value == long and not at.exception


def test_a_text_too_long_for_the_link_stays_out_of_it():
    from tests.app.apptest import open_page as open_at

    at = open_at("app_pages/texts/wmd.py")
    long = " ".join(["the president spoke to the press"] * 70)
    at.text_input(key="wmd_a").input(long).run()
    assert "wmd_a" not in at.query_params and not at.exception
    assert any("too long for the page's link" in c.value for c in at.caption)
