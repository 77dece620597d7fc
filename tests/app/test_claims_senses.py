"""Every lesson and "Try this" hint of the Word senses page keeps its word: the words it names
exist in the model or corpus it runs on, and what it says happens happens with the page's
settings (GloVe and navec for the pretrained part, the planted corpus for AdaGram)."""

from __future__ import annotations

import pytest

from app_pages.home.lessons import LESSONS
from core.embeddings import load_vectors
from core.embeddings.sense_corpus import AMBIGUOUS, CONTROL, planted_senses_corpus, topic_of
from core.embeddings.training import TrainingParams, train_embeddings
from core.embeddings.word_senses import (
    DEFAULT_NEIGHBOURS, DEFAULT_RESOLUTION, SWEEP_ALPHAS, AdaGramParams, capped, context_words, mean_senses,
    read_context, split_senses, train_adagram,
)
from core.i18n import LANGUAGES, translate

CODES = list(LANGUAGES)


def lesson(title_key: str):
    return next(item for item in LESSONS if item.title_key == title_key)


@pytest.fixture(scope="module")
def glove():
    return load_vectors("glove-en-50")


@pytest.fixture(scope="module")
def navec():
    return load_vectors("navec-ru-300")


def senses_with(split, word: str) -> list[int]:
    return [i for i, s in enumerate(split.senses) if word in s.words]


# ------------------------------------------------------------------ the pretrained part


def test_the_page_defaults_are_the_claims_settings():
    from app_pages.embeddings import senses_adagram, senses_pretrained

    assert (DEFAULT_NEIGHBOURS, DEFAULT_RESOLUTION) == (60, 1.0)
    assert senses_pretrained.WORDS == {"en": "python", "ru": "замок"}
    params = AdaGramParams()
    spec = senses_adagram.spec()
    assert (spec["ws_alpha"][0], spec["ws_senses"][0], spec["ws_epochs"][0], spec["ws_dim"][0],
            spec["ws_window"][0]) == (params.alpha, params.max_senses, params.epochs, params.vector_size,
                                      params.window)
    assert spec["ws_corpus"][0] == "planted" and spec["ws_ag_word"][0] == "apple"


@pytest.mark.parametrize("code", CODES)
def test_lesson_python_splits_into_snakes_programming_and_monty_python(glove, code):
    item = lesson("lesson.senses_pretrained")
    assert item.page == "senses" and item.query == {}  # the page's defaults: python in GloVe
    assert "python" in translate(code, item.note_key)
    split = split_senses(glove, "python", DEFAULT_NEIGHBOURS, DEFAULT_RESOLUTION)
    snake, code_, comedy = senses_with(split, "monkey") + senses_with(split, "ape"), senses_with(split, "php"), \
        senses_with(split, "monty")
    assert snake and code_ and comedy
    assert len({snake[0], code_[0], comedy[0]}) == 3  # three different senses
    # "its one vector sits between them": no sense centre holds it (all cosines well under 1)
    assert all(0.5 < s.word_cosine < 0.9 for s in split.senses)


@pytest.mark.parametrize("code", ["en", "kk", "ru"])
def test_hint_apple_shows_its_fruit_only_with_150_neighbours(glove, code):
    text = translate(code, "ws.try")
    assert "*apple*" in text and "150" in text and "*fruit*" in text and "*juice*" in text
    assert not any("fruit" in s.words for s in split_senses(glove, "apple", 60).senses)
    wide = split_senses(glove, "apple", 150)
    fruit = senses_with(wide, "fruit")
    assert fruit and fruit == senses_with(wide, "juice")  # one fruit group, with juice in it
    # and "every group is about the company" at 60: the groups' names are products and firms
    names = {w for s in split_senses(glove, "apple", 60).senses for w in s.name}
    assert names & {"iphone", "ipad", "ibm", "macintosh", "products", "computer", "pc"}


@pytest.mark.parametrize("code", ["en", "kk"])
def test_hint_bank_river_is_far_down(glove, code):
    text = translate(code, "ws.try")
    assert "2,353" in text or "2 353" in text
    assert glove.rank("bank", "river") == 2353
    split = split_senses(glove, "bank", DEFAULT_NEIGHBOURS)
    assert not {"river", "shore", "riverbank"} & set(split.neighbours)


@pytest.mark.parametrize("code", CODES)
def test_hint_zamok_sentences_pick_the_lock_then_a_castle(navec, code):
    text = translate(code, "ws.try")
    lock_sentence, castle_sentence = "вор взломал замок на двери", "старинный рыцарский замок на холме"
    assert lock_sentence in text and castle_sentence in text
    split = split_senses(navec, "замок", DEFAULT_NEIGHBOURS)
    lock = read_context(navec, split, lock_sentence, "ru").chosen
    castle = read_context(navec, split, castle_sentence, "ru").chosen
    assert set(split.senses[lock].words) & {"взломав", "проникли", "взломали", "двери", "входной"}
    assert castle != lock
    assert set(split.senses[castle].words) & {"дворец", "расположенный", "построенный", "средневековый", "вавель",
                                             "рыцарский", "крепость"}


def test_hint_luk_has_no_bow_among_its_neighbours(navec):
    assert "*лук*" in translate("ru", "ws.try") and "стрела" in translate("ru", "ws.try")
    split = split_senses(navec, "лук", DEFAULT_NEIGHBOURS)
    assert not {"стрела", "лучник", "тетива", "арбалет"} & set(split.neighbours)
    assert any({"морковь", "чеснок", "картофель"} & set(s.words) for s in split.senses)  # food


@pytest.mark.parametrize("code", CODES)
def test_hint_resolution_gives_one_group_then_nine_for_python(glove, code):
    text = translate(code, "ws.try")
    assert "0.3" in text or "0,3" in text
    assert len(split_senses(glove, "python", DEFAULT_NEIGHBOURS, 0.3).senses) == 1
    assert len(split_senses(glove, "python", DEFAULT_NEIGHBOURS, 2.0).senses) == 9


def test_suggested_words_are_known_to_their_models(glove, navec):
    from core.embeddings.word_senses import SUGGESTIONS

    assert all(w in glove.key_to_index for w in SUGGESTIONS["en"])
    assert all(w in navec.key_to_index for w in SUGGESTIONS["ru"])


# ------------------------------------------------------------------ AdaGram on the planted corpus


@pytest.fixture(scope="module")
def planted():
    return planted_senses_corpus()


@pytest.fixture(scope="module")
def adagram(planted):
    return train_adagram(planted.sentences, AdaGramParams())


def _topics(words) -> set[str]:
    return {topic for w in words for topic in topic_of(w)}


@pytest.mark.parametrize("code", CODES)
def test_lesson_apple_has_a_fruit_and_a_computer_sense_and_skipgram_mixes_them(planted, adagram, code):
    item = lesson("lesson.senses")
    assert item.query == {"ws_part": "adagram"}  # planted corpus, apple: the part's defaults
    assert "apple" in translate(code, item.note_key)
    senses = adagram.senses("apple", topn=5)
    assert len(senses) >= 2
    majorities = []
    for _, neighbours in senses[:2]:
        topics = [t for w, _, _ in neighbours for t in topic_of(w)]
        majorities.append(max(set(topics), key=topics.count))
    assert set(majorities) == {"fruit", "computers"}
    params = AdaGramParams()
    wv = train_embeddings(capped(planted.sentences), TrainingParams(
        sg=1, vector_size=params.vector_size, window=params.window, epochs=params.epochs,
        min_count=params.min_count)).wv
    from app_pages.embeddings.senses_adagram import SKIPGRAM_NEIGHBOURS

    assert f" {SKIPGRAM_NEIGHBOURS} " in translate(code, "ws.sg_single")
    for word in AMBIGUOUS:  # "its 20 nearest words come from both senses"
        assert set(AMBIGUOUS[word]) <= _topics(w for w, _ in wv.most_similar(word, topn=SKIPGRAM_NEIGHBOURS))


@pytest.mark.parametrize("code", CODES)
def test_hint_bank_sentences_pick_the_river_then_the_money(adagram, code):
    text = translate(code, "ws.ag_try")
    river_sentence, money_sentence = "we fished from the boat near the bank", "a loan from the bank"
    assert river_sentence in text and money_sentence in text
    senses = adagram.senses("bank", topn=5)

    def topic(sentence):
        posterior = adagram.disambiguate("bank", context_words(sentence, "bank"))
        neighbours = senses[int(posterior.argmax())][1]
        topics = [t for w, _, _ in neighbours for t in topic_of(w)]
        return max(set(topics), key=topics.count), float(posterior.max())

    assert topic(river_sentence)[0] == "river" and topic(river_sentence)[1] > 0.9
    assert topic(money_sentence)[0] == "finance" and topic(money_sentence)[1] > 0.9


def test_hint_sweep_ambiguous_words_split_as_alpha_grows_one_sense_words_do_not(planted):
    assert "*pear*" in translate("en", "ws.ag_try") and "*lake*" in translate("en", "ws.ag_try")
    means = {alpha: train_adagram(planted.sentences, AdaGramParams(alpha=alpha)) for alpha in
             (SWEEP_ALPHAS[0], SWEEP_ALPHAS[-1])}
    small, large = means[SWEEP_ALPHAS[0]], means[SWEEP_ALPHAS[-1]]
    assert mean_senses(small, AMBIGUOUS) == mean_senses(small, CONTROL) == 1.0
    assert mean_senses(large, AMBIGUOUS) > mean_senses(large, CONTROL)
    assert mean_senses(large, CONTROL) == 1.0


def test_hint_one_sense_per_word_when_t_is_one(planted):
    model = train_adagram(planted.sentences, AdaGramParams(max_senses=1, epochs=1))
    assert all(len(model.senses(w, topn=0)) == 1 for w in model.vocabulary)


@pytest.mark.parametrize("code", CODES)
def test_the_planted_corpus_is_described_as_it_is(code):
    explain = translate(code, "ws.ag_explain")
    assert AMBIGUOUS["apple"] == {"fruit": 0.5, "computers": 0.5}
    assert AMBIGUOUS["bank"] == {"river": 0.5, "finance": 0.5}
    assert AMBIGUOUS["mouse"] == {"animals": 0.6, "computers": 0.4} and "60 %" in explain and "40 %" in explain
    for word in CONTROL:
        assert f"*{word}*" in explain
    from core.embeddings.sense_corpus import NEW_SENSE_FROM

    assert NEW_SENSE_FROM == 0.4 and "40 %" in explain
    assert all(w in translate(code, "ws.sweep.ambiguous") for w in AMBIGUOUS)
    assert all(w in translate(code, "ws.sweep.control") for w in CONTROL)
    assert all(w in translate(code, "ws.corpus_help") for w in (*AMBIGUOUS, *CONTROL))


@pytest.mark.parametrize("code", CODES)
def test_hint_senses_mixed_from_the_start_blend_into_one_vector(planted, adagram, code):
    """The hint's corpus option exists under its name, and on it apple keeps one sense while the
    default planted corpus (computer sense later) gives it two."""
    hint = translate(code, "ws.ag_try")
    assert f"*{translate(code, 'ws.corpus.planted_mixed')}*" in hint
    from app_pages.embeddings.senses_adagram import SOURCE_KEYS, _corpus

    assert SOURCE_KEYS["planted_mixed"] == "ws.corpus.planted_mixed"
    mixed = _corpus("planted_mixed")
    assert mixed.sentences != planted.sentences and len(mixed.sentences) == len(planted.sentences)
    assert abs(mixed.counts()["apple"] - planted.counts()["apple"]) < 0.1 * planted.counts()["apple"]
    blended = train_adagram(mixed.sentences, AdaGramParams())
    assert [round(p, 2) for p, _ in blended.senses("apple")][0] >= 0.9
    assert len(adagram.senses("apple")) == 2
