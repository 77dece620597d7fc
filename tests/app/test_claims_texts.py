"""Every lesson and "Try this" hint of the Texts section (Word Mover's Distance) keeps its word
(issue 20, section 2): with the page's own sentences, stop words and models."""

from __future__ import annotations

import numpy as np
import pytest

from app_pages.home.lessons import LESSONS
from core.embeddings import load_vectors
from core.i18n import LANGUAGES, translate
from core.text.stopwords import prepare_tokens
from core.text.wmd import wmd

CODES = list(LANGUAGES)
MODEL = {"en": "glove-en-50", "ru": "navec-ru-300"}
# The page's default pair for each model language (app_pages/texts/wmd.py, PAIRS).
PAIRS = {
    "en": ("Obama speaks to the media in Illinois", "The President greets the press in Chicago"),
    "ru": ("Президент выступил перед журналистами в Москве", "Глава государства обратился к прессе в столице"),
}
# The stop word both texts of a pair share, as the page passes it to its hint (wmd.py, SHARED_STOP).
SHARED_STOP = {"en": "the", "ru": "в"}
STOP_LABEL_STEMS = {"en": "stop words", "ru": "стоп-слова", "kk": "стоп-сөздерді"}
SOLVES_STEMS = {"en": "exact", "ru": "точных решений", "kk": "дәл шешім"}


def lesson(title_key: str):
    return next(item for item in LESSONS if item.title_key == title_key)




def tokens(language: str, text: str, stop: bool = True):
    return prepare_tokens(text, load_vectors(MODEL[language]), language, drop_stop_words=stop)


def test_the_pairs_tested_here_are_the_pages_pairs():
    source = open("app_pages/texts/wmd.py", encoding="utf-8").read()
    for a, b in PAIRS.values():
        assert f'"{a}"' in source and f'"{b}"' in source
    assert 'SHARED_STOP = {"en": "the", "ru": "в"}' in source
    assert 't("wmd.try", stop=SHARED_STOP.get(lang, SHARED_STOP["en"]))' in source


def test_lesson_wmd_obama_sentence_flows_word_to_word():
    assert lesson("lesson.wmd").query == {}
    a, b = (tokens("en", text) for text in PAIRS["en"])
    assert not a.unknown and not b.unknown and len(a.kept) == len(b.kept) == 4
    result = wmd(load_vectors(MODEL["en"]), a.kept, b.kept)
    # the flow moves every word of A somewhere in B, all of it, and the distance is its cost
    assert np.allclose(result.plan.sum(axis=1), result.weights_a)
    assert result.distance == pytest.approx(float(np.sum(result.plan * result.cost)), rel=1e-6)
    assert 0.3 < result.distance < 1.5


def test_lesson_wmd_ru_uses_navec_and_russian_stop_words():
    assert lesson("lesson.wmd_ru").query.get("model") in ("navec-ru-300", "navec news v1 · ru")
    a, b = (tokens("ru", text) for text in PAIRS["ru"])
    assert not a.unknown and not b.unknown
    assert {"в", "перед"} <= set(a.stop) and {"к", "в"} <= set(b.stop)  # Russian stop words dropped
    assert wmd(load_vectors(MODEL["ru"]), a.kept, b.kept).distance > 0


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("code", CODES)
def test_hint_wmd_with_stop_words_on_a_seventh_of_the_flow_goes_between_the_shared_stop_word(code, language):
    """The hint names the stop word both default texts of the page's model share (not «the»
    for the Russian texts of navec), in every interface language."""
    stop = SHARED_STOP[language]
    text = translate(code, "wmd.try", stop=stop)
    label = STOP_LABEL_STEMS[code]
    assert label in text.lower() and label in translate(code, "wmd.stop").lower()
    assert f"«{stop}»" in text
    a, b = (tokens(language, s, stop=False) for s in PAIRS[language])
    assert stop in a.kept and stop in b.kept  # on the page with stop words kept
    assert stop in tokens(language, PAIRS[language][0]).stop  # and a stop word the switch drops
    kv = load_vectors(MODEL[language])
    result = wmd(kv, a.kept, b.kept)
    shared = result.plan[result.words_a.index(stop), result.words_b.index(stop)]
    assert shared == pytest.approx(1 / 7, abs=1e-6)  # 1 of B's 7 words, moved for free
    kept = wmd(kv, *(tokens(language, s).kept for s in PAIRS[language])).distance
    assert result.distance < kept  # the shared stop words make the texts look closer


@pytest.mark.parametrize("language", ["en", "ru"])
def test_hint_wmd_same_sentence_twice_is_exactly_0(language):
    a = tokens(language, PAIRS[language][0]).kept
    assert wmd(load_vectors(MODEL[language]), a, a).distance == 0.0


@pytest.mark.parametrize("code", CODES)
def test_hint_wmd_search_names_the_exact_solves_metric(code):
    stem = SOLVES_STEMS[code]
    assert stem in translate(code, "wmd.try").lower() and stem in translate(code, "wmd.exact_solves").lower()


def test_hint_wmd_search_solves_fewer_than_the_documents():
    from core.text.documents import document_tokens, lee_documents
    from core.text.wmd import nearest_documents
    from app_pages.texts.wmd_search import QUERIES

    kv = load_vectors(MODEL["en"])
    texts, _ = lee_documents()
    documents = document_tokens(kv, tuple(texts), "en", True)
    found = nearest_documents(kv, tokens("en", QUERIES["en"]).kept, documents, k=5)
    assert found.brute_force_solves == len(texts)
    assert found.exact_solves < found.brute_force_solves
