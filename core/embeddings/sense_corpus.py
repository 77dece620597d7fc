"""A generated English corpus with planted ambiguous words, so that students can watch AdaGram
(core.embeddings.senses) find a word's senses where the answer is known.

Five topics each have context words of their own (they occur in that topic only) and subject
words that sentences are about:

    fruit      orchard, ripe, juice, peel, harvest ...        pear, cherry
    computers  keyboard, software, screen, install, click ... laptop, printer
    river      water, shore, fishing, boat, flood ...         lake, stream
    finance    money, loan, deposit, interest, account ...    wallet, cash
    animals    cheese, tail, fur, squeak, trap ...            rabbit, squirrel

A sentence picks a subject, then its topic, then five to eight context words of that topic,
and puts the subject at a random place among them with one or two fillers (the, a, and, with,
of, is) shared by every topic. The planted words:

    AMBIGUOUS  apple  fruit 0.5 + computers 0.5
               bank   river 0.5 + finance 0.5
               mouse  animals 0.6 + computers 0.4
    CONTROL    pear (fruit), laptop (computers), lake (river), wallet (finance), rabbit (animals):
               one topic only, so one sense.

An ambiguous word's sentences split between its two topics by the shares above, so each of its
two senses should get about that prior; the other subjects (cherry, printer, stream, cash,
squirrel) are one-topic words like the controls, there so that every topic has more than one
subject and the neighbours of a sense are more than its own context words. Ambiguous words
take 40 % of the sentences (so they are frequent enough to split), the ten one-topic subjects
the rest.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from core.embeddings.corpora import Corpus

MAX_SENTENCES = 200_000

TOPIC_WORDS = {
    "fruit": ("orchard", "ripe", "juice", "peel", "harvest", "sweet", "tree", "pie", "seeds", "blossom",
              "jam", "orange"),
    "computers": ("keyboard", "software", "screen", "install", "click", "program", "cable", "usb", "code",
                  "windows", "battery", "device"),
    "river": ("water", "shore", "fishing", "boat", "flood", "reeds", "mud", "swim", "current", "ducks",
              "bridge", "grass"),
    "finance": ("money", "loan", "deposit", "interest", "account", "credit", "savings", "teller", "mortgage",
                "cheque", "fees", "branch"),
    "animals": ("cheese", "tail", "fur", "squeak", "trap", "hole", "whiskers", "nest", "cat", "field",
                "hunt", "owl"),
}
TOPICS = tuple(TOPIC_WORDS)

# word -> {topic: share of its sentences}
AMBIGUOUS = {
    "apple": {"fruit": 0.5, "computers": 0.5},
    "bank": {"river": 0.5, "finance": 0.5},
    "mouse": {"animals": 0.6, "computers": 0.4},
}
# word -> its one topic
CONTROL = {"pear": "fruit", "laptop": "computers", "lake": "river", "wallet": "finance", "rabbit": "animals"}
OTHER_SUBJECTS = {"cherry": "fruit", "printer": "computers", "stream": "river", "cash": "finance",
                  "squirrel": "animals"}
FILLERS = ("the", "a", "and", "with", "of", "is")
AMBIGUOUS_SHARE = 0.4  # of all sentences; the rest are about one-topic subjects
CONTEXT_WORDS = (5, 8)  # fewest and most topic words in a sentence


def topic_of(word: str) -> tuple[str, ...]:
    """The topics a planted word lives in (two for an ambiguous word, one for any other word of
    the corpus, none for fillers and unknown words)."""
    if word in AMBIGUOUS:
        return tuple(AMBIGUOUS[word])
    if word in CONTROL:
        return (CONTROL[word],)
    if word in OTHER_SUBJECTS:
        return (OTHER_SUBJECTS[word],)
    return tuple(topic for topic, words in TOPIC_WORDS.items() if word in words)


def planted_senses_corpus(sentences: int = 3000, seed: int = 0) -> Corpus:
    """`sentences` generated sentences (see the module docstring); the same arguments give the
    same corpus. Returns a Corpus named "senses"."""
    if isinstance(sentences, bool) or not isinstance(sentences, (int, np.integer)) \
            or not 1 <= sentences <= MAX_SENTENCES:
        raise ValueError(f"sentences must be an integer from 1 to {MAX_SENTENCES}, got {sentences!r}")
    return _planted_senses_corpus(int(sentences), int(seed))


@lru_cache(maxsize=8)
def _planted_senses_corpus(n_sentences: int, seed: int) -> Corpus:
    rng = np.random.default_rng(seed)
    ambiguous = tuple(AMBIGUOUS)
    one_topic = {**CONTROL, **OTHER_SUBJECTS}
    single = tuple(one_topic)
    found = []
    for _ in range(n_sentences):
        if rng.random() < AMBIGUOUS_SHARE:
            subject = ambiguous[int(rng.integers(len(ambiguous)))]
            topics, shares = zip(*AMBIGUOUS[subject].items())
            topic = topics[int(rng.choice(len(topics), p=np.asarray(shares)))]
        else:
            subject = single[int(rng.integers(len(single)))]
            topic = one_topic[subject]
        pool = TOPIC_WORDS[topic]
        n_context = int(rng.integers(CONTEXT_WORDS[0], CONTEXT_WORDS[1] + 1))
        words = [pool[int(i)] for i in rng.choice(len(pool), size=n_context, replace=False)]
        words += [FILLERS[int(i)] for i in rng.integers(len(FILLERS), size=int(rng.integers(1, 3)))]
        order = rng.permutation(len(words) + 1)
        sentence = [subject, *words]
        found.append(tuple(sentence[int(i)] for i in order))
    return Corpus("senses", "en", tuple(found))
