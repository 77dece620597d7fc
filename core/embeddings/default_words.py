"""The words a page opens with, taken from the chosen model's own vocabulary.

The shipped models know the lecture's words (cat, dog; кошка, собака). Vectors trained in the
app on a small corpus (Lee news, a lecture, an upload) may know none of them: a page opening
on "cat" would greet the student with an error. So a page names the words it would like, and
gets them if the model knows every one, or else the model's most frequent content words.
"""

from __future__ import annotations

from typing import Sequence

from core.embeddings.analogy_gallery import GALLERY, GalleryAnalogy
from core.embeddings.wordsets import _is_word
from core.text.stopwords import stop_words

MIN_LENGTH = 4  # shorter frequent words are mostly grammar (and no stop-word list covers Kazakh)
SEARCHED = 5000  # content words are looked for among this many of the most frequent


def knows_all(kv, words: Sequence[str]) -> bool:
    return all(w in kv.key_to_index for w in words)


def frequent_content_words(kv, n: int, language: str) -> list[str]:
    """Up to n of the model's most frequent words that are neither stop words, numbers nor
    punctuation (both shipped models and gensim's trained vectors list words by frequency)."""
    stop = stop_words(language)
    found = []
    for word in kv.index_to_key[:SEARCHED]:
        if len(word) >= MIN_LENGTH and _is_word(word) and word.lower() not in stop:
            found.append(word)
            if len(found) == n:
                break
    return found


def words_or_frequent(kv, preferred: Sequence[str], language: str) -> list[str]:
    """`preferred` if the model knows every one of them, else as many frequent content words
    (fewer only if the model has fewer)."""
    if knows_all(kv, preferred):
        return list(preferred)
    return frequent_content_words(kv, len(preferred), language)


def pair_or_neighbours(kv, preferred: tuple[str, str], language: str) -> tuple[str, str]:
    """Two words to compare: `preferred` if known, else the most frequent content word and its
    nearest neighbour (a pair whose cosine says something)."""
    if knows_all(kv, preferred):
        return preferred
    first = frequent_content_words(kv, 1, language)
    if not first:
        return preferred
    nearest = [w for w, _ in kv.most_similar(first[0], topn=10) if _is_word(w)]
    return (first[0], nearest[0]) if nearest else preferred


def first_known_analogy(kv, language: str) -> GalleryAnalogy:
    """The first gallery analogy of the model's language whose four words the model knows; else
    three frequent content words with no expected answer (any a − b + c can be asked)."""
    for item in GALLERY.get(language, ()):
        if knows_all(kv, (item.a, item.b, item.c, item.expected)):
            return item
    words = frequent_content_words(kv, 3, language)
    if len(words) < 3:
        return GALLERY.get(language, GALLERY["en"])[0]
    return GalleryAnalogy("", words[0], words[1], words[2], "")
