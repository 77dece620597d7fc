"""A generated English corpus whose structure is known, so that students can watch analogies
emerge when word2vec trains on it, and fail when the structure is drowned in noise.

Sixteen planted words cross four binary attributes: gender (king/queen), rank (king/man),
number (king/kings) and age (king/prince). Each attribute has context words of its own, and
each sentence draws them from the subject's attributes only:

    number  a / one / this, is / was, walks     vs   many / some / these, are / were, walk
    gender  his (singular), uncle / brother      vs   her (singular), aunt / sister
    rank    palace / castle / court / kingdom    vs   village / farm / market / field
    age     old / wise / grown                   vs   young / little / small

So every context word's co-occurrence with a planted word depends on one attribute alone, the
word-context statistics are additive in the attributes, and king − man + woman = queen holds
by construction. Filler words (the, to, with, bread, song ...) are shared by all. The planted
words follow a Zipf law, so some are frequent and some rare.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from core.embeddings.corpora import Corpus

GENDERS = ("male", "female")
RANKS = ("royal", "common")
NUMBERS = ("singular", "plural")
AGES = ("adult", "young")
ZIPF_EXPONENT = 1.0
MAX_SENTENCES = 200_000  # 50 times the default: enough for any lesson, still seconds to build


@dataclass(frozen=True)
class PlantedWord:
    """A word whose attributes the generator knows."""

    word: str
    gender: str  # "male" | "female"
    rank: str  # "royal" | "common"
    number: str  # "singular" | "plural"
    age: str = "adult"  # "adult" | "young": tells king from prince, man from boy

    @property
    def group(self) -> str:
        """Rank, gender and number, e.g. "royal female plural": the colour groups of a map."""
        return f"{self.rank} {self.gender} {self.number}"


# (rank, age) -> gender -> number -> word
_WORDS = {
    ("royal", "adult"): {"male": ("king", "kings"), "female": ("queen", "queens")},
    ("royal", "young"): {"male": ("prince", "princes"), "female": ("princess", "princesses")},
    ("common", "adult"): {"male": ("man", "men"), "female": ("woman", "women")},
    ("common", "young"): {"male": ("boy", "boys"), "female": ("girl", "girls")},
}
# Zipf ranks, most frequent first; attributes are mixed along the list so that frequency is
# not another name for one attribute.
FREQUENCY_ORDER = ("man", "king", "woman", "boy", "queen", "men", "girl", "prince",
                   "women", "kings", "boys", "princess", "girls", "queens", "princes", "princesses")

# Context words, one pool per attribute value.
_DETERMINERS = {"singular": ("a", "one", "this", "that"), "plural": ("many", "some", "these", "those")}
_BE = {"singular": ("is", "was"), "plural": ("are", "were")}
_VERBS = ("walk", "sit", "sing", "eat", "sleep", "wait", "read", "dance")  # -s in the singular
_POSSESSIVE = {("male", "singular"): "his", ("female", "singular"): "her", ("male", "plural"): "their",
               ("female", "plural"): "their"}
_KIN = {"male": ("uncle", "brother", "nephew", "grandfather"), "female": ("aunt", "sister", "niece", "grandmother")}
_PLACES = {"royal": ("palace", "castle", "court", "kingdom", "ballroom", "fortress"),
           "common": ("village", "farm", "market", "field", "cottage", "street")}
_AGE_WORDS = {"adult": ("old", "wise", "grown"), "young": ("young", "little", "small")}
_FILLERS = ("bread", "book", "letter", "apple", "lamp", "basket", "cake", "candle", "horse", "dog")
_TIMES = ("today", "at night", "in the morning", "in the evening", "every day", "in winter", "in summer")

_TEMPLATES = (
    "{det} {age} {subject} {verb} to the {place} with {poss} {kin}",
    "{det} {subject} {be} {age} and {verb} in the {place} {time}",
    "in the {place} {det} {age} {subject} {verb} with {poss} {kin}",
    "{det} {age} {subject} {be} with {poss} {kin} in the {place}",
    "{poss} {kin} came with {det} {age} {subject} to the {place}",  # past tense: no number agreement
    "{det} {age} {subject} {verb} near the {place} and {poss} {kin} brought the {filler}",
    "{det} {subject} from the {place} {verb} {time} with {poss} {filler}",
)


@lru_cache(maxsize=1)
def planted_words() -> tuple[PlantedWord, ...]:
    """The sixteen planted words, in order of frequency (most frequent first)."""
    by_word = {}
    for (rank, age), genders in _WORDS.items():
        for gender, forms in genders.items():
            for number, word in zip(NUMBERS, forms):
                by_word[word] = PlantedWord(word, gender, rank, number, age)
    return tuple(by_word[w] for w in FREQUENCY_ORDER)


def planted_vectors(words: Sequence[str]) -> np.ndarray:
    """Each planted word as a unit vector of its four attributes (±1 each): the structure the
    generator planted, as a reference that trained vectors can be scored against."""
    planted = {p.word: p for p in planted_words()}
    rows = [[1.0 if value == first else -1.0 for value, first in zip(_attributes(planted[w]), _FIRST_VALUES)]
            for w in words]
    return np.asarray(rows, dtype=float).reshape(len(words), 4) / 2.0


_FIRST_VALUES = ("male", "royal", "singular", "adult")


def _attributes(word: PlantedWord) -> tuple[str, str, str, str]:
    return word.gender, word.rank, word.number, word.age


@lru_cache(maxsize=1)
def planted_analogies() -> tuple[tuple[str, str, str, str], ...]:
    """(a, b, c, expected), meaning a − b + c = expected, true by construction.

    For each relation (male → female, common → royal, singular → plural) and each pair of
    planted words it links (a → expected), the relation is shown by another pair (b → c) that
    differs from the first in exactly one other attribute: king − man + woman = queen."""
    words = planted_words()
    by_attributes = {_attributes(w): w.word for w in words}
    relations = ((0, "male", "female"), (1, "common", "royal"), (2, "singular", "plural"))
    found = []
    for index, base, marked in relations:
        for w in words:
            a = _attributes(w)
            if a[index] != base:
                continue
            expected = by_attributes[a[:index] + (marked,) + a[index + 1:]]
            for other in range(4):
                if other == index:
                    continue
                values = (GENDERS, RANKS, NUMBERS, AGES)[other]
                flipped = values[1 - values.index(a[other])]
                b_attrs = a[:other] + (flipped,) + a[other + 1:]
                c_attrs = b_attrs[:index] + (marked,) + b_attrs[index + 1:]
                found.append((w.word, by_attributes[b_attrs], by_attributes[c_attrs], expected))
    # The famous one first, then by how frequent the words are (easier ones before rarer ones).
    rank = {w: i for i, w in enumerate(FREQUENCY_ORDER)}
    found.sort(key=lambda q: (q != ("king", "man", "woman", "queen"), sum(rank[w] for w in q)))
    return tuple(found)


def _zipf_probabilities(n: int) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** ZIPF_EXPONENT
    return weights / weights.sum()


def _sentence(rng: np.random.Generator, subject: str, gender: str, rank: str, number: str, age: str) -> list[str]:
    def pick(options):
        return options[int(rng.integers(len(options)))]

    verb = pick(_VERBS)
    poss = _POSSESSIVE[(gender, number)]
    kin = pick(_KIN[gender])
    slots = {
        "det": pick(_DETERMINERS[number]),
        "age": pick(_AGE_WORDS[age]),
        "subject": subject,
        "verb": verb + "s" if number == "singular" else verb,
        "be": pick(_BE[number]),
        "poss": poss,
        "kin": kin,
        "place": pick(_PLACES[rank]),
        "filler": pick(_FILLERS),
        "time": pick(_TIMES),
    }
    return pick(_TEMPLATES).format(**slots).split()


def synthetic_corpus(n_sentences: int = 4000, noise: float = 0.1, seed: int = 0) -> Corpus:
    """`n_sentences` simple sentences, each about one planted word drawn by Zipf frequency.

    `noise` is the share of sentences whose context words ignore the subject's attributes
    (drawn as if for a random planted word): 0 keeps the structure clean, 1 destroys it.
    The same arguments give the same corpus."""
    if isinstance(n_sentences, bool) or not isinstance(n_sentences, (int, np.integer)) \
            or not 1 <= n_sentences <= MAX_SENTENCES:
        raise ValueError(f"n_sentences must be an integer from 1 to {MAX_SENTENCES}, got {n_sentences!r}")
    if isinstance(noise, bool) or not isinstance(noise, (int, float, np.floating)) or not 0.0 <= noise <= 1.0:
        raise ValueError(f"noise must be between 0 and 1, got {noise!r}")  # NaN fails the comparison too
    # Validated first: the cache would take True for 1.
    return _synthetic_corpus(int(n_sentences), float(noise), int(seed))


@lru_cache(maxsize=16)
def _synthetic_corpus(n_sentences: int, noise: float, seed: int) -> Corpus:
    rng = np.random.default_rng(seed)
    words = planted_words()
    subjects = rng.choice(len(words), size=n_sentences, p=_zipf_probabilities(len(words)))
    noisy = rng.random(n_sentences) < noise
    # A noisy sentence borrows the contexts of a random planted word (uniformly, so that the
    # borrowed attributes carry no trace of the subject's frequency either).
    borrowed = rng.integers(len(words), size=n_sentences)
    sentences = []
    for subject, is_noisy, other in zip(subjects, noisy, borrowed):
        word = words[subject]
        source = words[other] if is_noisy else word
        sentences.append(tuple(_sentence(rng, word.word, *_attributes(source))))
    return Corpus("synthetic", "en", tuple(sentences))
