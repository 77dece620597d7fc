"""A generated English corpus with planted ambiguous words, so that students can watch AdaGram
(core.embeddings.senses) find a word's senses where the answer is known.

Five topics each have context words of their own (they occur in that topic only) and subject
words that sentences are about:

    fruit      orchard, ripe, juice, peel, harvest ...        pear, cherry
    computers  keyboard, software, screen, install, click ... laptop, printer
    river      water, shore, fishing, boat, flood ...         lake, stream
    finance    money, loan, deposit, interest, account ...    wallet, cash
    animals    cheese, tail, fur, squeak, trap ...            rabbit, squirrel

A sentence picks a subject, then its topic, then six to ten context words of that topic, and
puts the subject at a random place among them with one or two fillers (the, a, and, with, of,
is) shared by every topic. The planted words:

    AMBIGUOUS  apple  fruit 0.5, then computers 0.5
               bank   river 0.5, then finance 0.5
               mouse  animals 0.6, then computers 0.4
    CONTROL    pear (fruit), laptop (computers), lake (river), wallet (finance), rabbit (animals):
               one topic only, so one sense.

The shares are of the word's sentences over the whole corpus. The other subjects (cherry,
printer, stream, cash, squirrel) are one-topic words like the controls, there so that every
topic has more than one subject. Ambiguous words take 40 % of the sentences, so that they are
frequent enough to split; fillers live in every topic, and AdaGram often gives them senses too.

A word's second sense arrives later: in the first `new_sense_from` of the corpus (0.4 by
default) an ambiguous word is used in its first topic only, afterwards in both (the second
topic's share raised so that the totals above hold), as real words gain senses (the apple came
before the Apple computer). This matters to AdaGram, which learns online: a new sense starts as
a blank vector behind a stick-breaking prior that costs it about ψ(α) − ψ(1 + N + α) ≈ −16 nats
at α = 0.1 for a word seen N ≈ 300 times, and a word's first vector, if it meets both topics
from the start, becomes a mixture that predicts either topic better than a blank vector does,
so no context ever pays that price. Measured with the default settings (2,000 sentences, 5
epochs, seeds 0-9): ambiguous words split into two senses of prior >= 0.34 in 30 of 30 cases;
with new_sense_from=0 (senses mixed from the first sentence) in 1 of 30.
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
CONTEXT_WORDS = (6, 10)  # fewest and most topic words in a sentence
NEW_SENSE_FROM = 0.4  # share of the corpus in which ambiguous words have their first sense only (see above)


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


def planted_senses_corpus(sentences: int = 2000, seed: int = 0, new_sense_from: float = NEW_SENSE_FROM) -> Corpus:
    """`sentences` generated sentences (see the module docstring); ambiguous words get their
    second sense after the first `new_sense_from` of them (0 = both senses from the start, at
    most 1 − the largest second share, 0.5). The same arguments give the same corpus. Returns a
    Corpus named "senses"."""
    if isinstance(sentences, bool) or not isinstance(sentences, (int, np.integer)) \
            or not 1 <= sentences <= MAX_SENTENCES:
        raise ValueError(f"sentences must be an integer from 1 to {MAX_SENTENCES}, got {sentences!r}")
    latest = 1 - max(shares[-1] for shares in (tuple(t.values()) for t in AMBIGUOUS.values()))
    if isinstance(new_sense_from, bool) or not isinstance(new_sense_from, (int, float, np.floating)) \
            or not 0 <= new_sense_from <= latest:
        raise ValueError(f"new_sense_from must be between 0 and {latest}, got {new_sense_from!r}")
    return _planted_senses_corpus(int(sentences), int(seed), float(new_sense_from))


@lru_cache(maxsize=8)
def _planted_senses_corpus(n_sentences: int, seed: int, new_sense_from: float) -> Corpus:
    rng = np.random.default_rng(seed)
    ambiguous = tuple(AMBIGUOUS)
    one_topic = {**CONTROL, **OTHER_SUBJECTS}
    single = tuple(one_topic)
    found = []
    for position in range(n_sentences):
        if rng.random() < AMBIGUOUS_SHARE:
            subject = ambiguous[int(rng.integers(len(ambiguous)))]
            (first, _), (second, second_share) = AMBIGUOUS[subject].items()
            # Before new_sense_from only the first sense; after it the second sense takes a larger
            # share, so that over the whole corpus each sense has its planted share.
            late = position >= new_sense_from * n_sentences
            topic = second if late and rng.random() < second_share / (1 - new_sense_from) else first
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
