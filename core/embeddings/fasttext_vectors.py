"""How gensim's fastText builds a word's vector from the rows it learned, written out so that the
page can show it beside the lecture's slide ("the final embedding of a word is the sum of the
embeddings of its pieces").

Read in gensim 4.4 (gensim/models/fasttext.py): for a word of the vocabulary,
`FastTextKeyedVectors.adjust_vectors` sets
    vectors[i] = (vectors_vocab[i] + sum of vectors_ngrams[h] for h in buckets_word[i]) / (len(buckets_word[i]) + 1),
the MEAN of the word's own row and one row per character n-gram of "<word>" (`ft_ngram_hashes`:
every n-gram, repeats included - "ana" counts twice in banana - hashed into `bucket` rows).
For a word it never saw, `get_vector` returns the mean of the rows its n-grams hash to: ALL of
its n-grams, not only those met in training (an unseen n-gram lands on a row another n-gram
trained, or on a row still at its random start). Facebook's fastText averages too
(`Model::computeHidden`); the paper (Bojanowski et al. 2017) and the lecture say "sum". The two
differ by the factor 1/(rows), which changes a vector's length, never its direction: cosines and
nearest neighbours are the same."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from gensim.models.fasttext import ft_ngram_hashes


@dataclass(frozen=True)
class Composition:
    word: str
    known: bool  # in the vocabulary: its own row takes part
    ngrams: int  # n-gram rows added (repeats included)
    total: np.ndarray  # the lecture's sum of the rows
    vector: np.ndarray  # what gensim returns: the mean of the same rows

    @property
    def rows(self) -> int:
        return self.ngrams + int(self.known)


def compose(wv, word: str) -> Composition | None:
    """The sum and the mean of the rows gensim uses for `word`, computed from `wv.vectors_vocab`
    and `wv.vectors_ngrams`; None when the word has no row at all (unknown and too short for
    any n-gram of the model's lengths: gensim returns the zero vector)."""
    hashes = ft_ngram_hashes(word, wv.min_n, wv.max_n, wv.bucket) if wv.bucket else []
    index = wv.key_to_index.get(word)
    parts = [wv.vectors_ngrams[h] for h in hashes]
    if index is not None:
        parts.append(wv.vectors_vocab[index])
    if not parts:
        return None
    total = np.sum(np.asarray(parts, dtype=np.float64), axis=0)
    return Composition(word, index is not None, len(hashes), total, total / len(parts))
