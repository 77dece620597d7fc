"""What a trained fastText model keeps: the Train embeddings page caches up to 24 runs per process
(and the model picker up to 32), so one run must cost tens of MB, not gensim's default n-gram
table of 2,000,000 rows (381 MB at 50 dimensions: a class of 30 would need ~10 GB)."""

import numpy as np
import pytest

from core.embeddings.corpora import lee_corpus
from core.embeddings.training import MAX_BUCKET, TrainingParams, ngram_bucket, train_embeddings, word_ngrams

# The page's defaults (app_pages/embeddings/training/runs.py): gensim's, with 4..5-letter n-grams.
PAGE = TrainingParams(algorithm="fasttext", min_n=4, max_n=5)


@pytest.fixture(scope="module")
def lee_fasttext():
    return train_embeddings(lee_corpus().sentences, PAGE)


def test_a_trained_fasttext_model_on_the_lee_news_keeps_under_20_mb(lee_fasttext):
    """Measured: 15.6 MB of arrays (n-gram table 75,935 x 50), against 382.6 MB before."""
    wv = lee_fasttext.wv
    kept = sum(a.nbytes for a in vars(wv).values() if isinstance(a, np.ndarray)) + lee_fasttext.snapshots.nbytes
    assert kept < 20 * 2**20, kept / 2**20
    assert wv.vectors_ngrams.shape == (wv.bucket, PAGE.vector_size) and wv.bucket <= 100_000


def test_the_ngram_table_is_sized_to_the_vocabularys_ngrams(lee_fasttext):
    wv = lee_fasttext.wv
    grams = {g for w in wv.index_to_key for g in word_ngrams(w, PAGE.min_n, PAGE.max_n)}
    assert wv.bucket == ngram_bucket(lee_corpus().sentences, PAGE) == 5 * len(grams)


def test_a_huge_vocabulary_gets_no_more_than_gensims_default_table():
    sentences = [[f"w{i:07d}" for i in range(j, j + 100)] for j in range(0, 500_000, 100)]
    assert ngram_bucket(sentences, TrainingParams(algorithm="fasttext", min_count=1)) == MAX_BUCKET == 2_000_000
