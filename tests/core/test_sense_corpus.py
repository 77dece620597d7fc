"""The planted senses corpus: seeded, each planted word in the topics it should live in, in the
planted shares, and an ambiguous word's second sense only after `new_sense_from`."""

from collections import Counter

import pytest

from core.embeddings.corpora import Corpus
from core.embeddings.sense_corpus import (
    AMBIGUOUS,
    CONTROL,
    FILLERS,
    MAX_SENTENCES,
    NEW_SENSE_FROM,
    OTHER_SUBJECTS,
    TOPIC_WORDS,
    planted_senses_corpus,
    topic_of,
)


def sentence_topic(sentence) -> str:
    """The topic of a generated sentence: the one topic its context words share."""
    topics = {topic for word in sentence if word not in AMBIGUOUS for topic in topic_of(word)}
    assert len(topics) == 1, sentence
    return topics.pop()


def test_a_corpus_named_senses_in_english():
    corpus = planted_senses_corpus(200, seed=0)
    assert isinstance(corpus, Corpus)
    assert (corpus.name, corpus.language, len(corpus.sentences)) == ("senses", "en", 200)


def test_same_seed_same_corpus_other_seed_other_corpus():
    assert planted_senses_corpus(300, seed=3).sentences == planted_senses_corpus(300, seed=3).sentences
    assert planted_senses_corpus(300, seed=3).sentences != planted_senses_corpus(300, seed=4).sentences


def test_topics_keep_their_words_apart():
    pools = [set(words) for words in TOPIC_WORDS.values()]
    subjects = set(AMBIGUOUS) | set(CONTROL) | set(OTHER_SUBJECTS)
    everything = [w for pool in pools for w in pool]
    assert len(everything) == len(set(everything)), "a context word in two topics"
    assert not subjects & set(everything) and not subjects & set(FILLERS)


def test_every_sentence_is_one_subject_among_its_topics_words():
    for sentence in planted_senses_corpus(500, seed=1).sentences:
        subjects = [w for w in sentence if w in AMBIGUOUS or w in CONTROL or w in OTHER_SUBJECTS]
        assert len(subjects) == 1
        topic = sentence_topic(sentence)
        assert topic in topic_of(subjects[0])
        context = [w for w in sentence if w in TOPIC_WORDS[topic]]
        assert 6 <= len(context) <= 10 and len(set(context)) == len(context)
        assert 1 <= sum(w in FILLERS for w in sentence) <= 2


def test_ambiguous_words_live_in_their_two_topics_in_the_planted_shares():
    corpus = planted_senses_corpus(6000, seed=2)
    for word, shares in AMBIGUOUS.items():
        seen = Counter(sentence_topic(s) for s in corpus.sentences if word in s)
        assert set(seen) == set(shares)
        total = sum(seen.values())
        assert total > 600  # frequent enough to split: 40 % of the sentences, three words
        for topic, share in shares.items():
            assert seen[topic] / total == pytest.approx(share, abs=0.05)


def test_control_words_live_in_one_topic():
    corpus = planted_senses_corpus(3000, seed=2)
    for word, topic in CONTROL.items():
        seen = {sentence_topic(s) for s in corpus.sentences if word in s}
        assert seen == {topic}, word


def test_the_second_sense_arrives_after_new_sense_from():
    corpus = planted_senses_corpus(3000, seed=5)
    cut = int(NEW_SENSE_FROM * 3000)
    for word, shares in AMBIGUOUS.items():
        first, second = shares
        early = {sentence_topic(s) for s in corpus.sentences[:cut] if word in s}
        late = Counter(sentence_topic(s) for s in corpus.sentences[cut:] if word in s)
        assert early == {first}
        assert late[second] > late[first] * 0.5  # the second sense is common afterwards


def test_both_senses_from_the_start_when_asked():
    corpus = planted_senses_corpus(3000, seed=5, new_sense_from=0)
    early = Counter(sentence_topic(s) for s in corpus.sentences[:600] if "apple" in s)
    assert early["fruit"] > 20 and early["computers"] > 20


def test_topic_of_names_the_planted_topics():
    assert topic_of("apple") == ("fruit", "computers")
    assert topic_of("pear") == ("fruit",)
    assert topic_of("loan") == ("finance",)
    assert topic_of("the") == () and topic_of("🙂") == ()


@pytest.mark.parametrize("sentences", [0, -1, MAX_SENTENCES + 1, 2.5, True, "100"])
def test_bad_sizes_are_refused(sentences):
    with pytest.raises(ValueError):
        planted_senses_corpus(sentences)


@pytest.mark.parametrize("new_sense_from", [-0.1, 0.6, float("nan"), True])
def test_bad_new_sense_from_is_refused(new_sense_from):
    with pytest.raises(ValueError):
        planted_senses_corpus(100, new_sense_from=new_sense_from)
