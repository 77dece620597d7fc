"""Fuzz: every core function that takes text a user typed (or that arrives through a page's
link, which no max_chars bounds) or bytes a user uploaded either returns, or raises our own
UserInputError whose key exists in all three catalogues and whose parameters fill its text.
Anything else (IndexError, KeyError, UnicodeDecodeError, a numpy warning, ...) would reach the
student as a traceback.

The text is any Unicode without lone surrogates (which no browser or file upload can deliver):
emoji, control characters and NUL, combining marks, Cyrillic and Kazakh letters, HTML, CSV-like
lines, whitespace only, empty, and very long strings, mixed with words a small model knows so
that the code past the "unknown word" checks is reached too. Vectors come from a tiny seeded
KeyedVectors built here, never from the shipped models.

Example counts stay small so that the file runs in well under a minute; set
VECTORLAB_FUZZ_SCALE=10 (or more) for a deeper run. Settings not named in `fuzz` come from the
loaded Hypothesis profile. Nothing is written to a Hypothesis database.
"""

from __future__ import annotations

import os
import warnings
from contextlib import contextmanager
from datetime import datetime

import numpy as np
from gensim.models import KeyedVectors
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from core.embeddings.analogy import (
    analogy, analogy_picture, answers_and_rank, axis_coordinates, parse_expression, rank_of,
)
from core.embeddings.corpora import read_uploaded_corpus
from core.embeddings.counting import (
    cooccurrence, count_neighbours, glove_ratios, neighbours_from, ppmi, submatrix, svd_vectors,
)
from core.embeddings.models import MODELS, load_vectors, model_info
from core.embeddings.negative_sampling import draw_negatives, noise_distribution, skipgram_pairs
from core.embeddings.projection_cache import projection_key
from core.embeddings.similarity import cosine_terms, foreign_words, known_words, neighbours, resolve, suggest
from core.embeddings.training import (
    TrainingParams, epoch_neighbours, fingerprint, plain_ngrams, train_embeddings, word2vec_text, word_ngrams,
)
from core.embeddings.word_map import category_groups, coordinates_csv
from core.embeddings.wordsets import listed_words, neighbour_words, preset_words, read_word_file, split_words
from core.errors import UserInputError
from core.i18n import LANGUAGES, catalogue, placeholders, translate
from core.nn import load_csv
from core.recsys.item2vec import Item2VecParams, recommend_for_items, similar_items, train_item2vec, user_vector
from core.recsys.sessions import read_sessions_csv, sessions_to_csv, summary
from core.text.decoding import decode_text
from core.text.documents import document_tokens, title_of
from core.text.sentence_vectors import METHODS, sentence_vectors, similarity_matrix
from core.text.stopwords import model_key, prepare_tokens, split_tokens, stop_words
from core.text.tokenize import detect_language, sentences, words
from core.text.wmd import (
    bag_of_words, mean_vector_cosine, nearest_documents, relaxed_wmd, wmd, word_centroid_distance,
)
from core.text.word_plane import word_plane

SCALE = float(os.environ.get("VECTORLAB_FUZZ_SCALE", "1"))


def fuzz(examples: int) -> settings:
    """Settings for one fuzzed function, on top of the loaded profile: no deadline (the first
    call of a library may import it), no database in the repository, and the failing input
    printed so that it can be replayed without one."""
    return settings(
        max_examples=max(1, int(examples * SCALE)), deadline=None, database=None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example,
                               HealthCheck.filter_too_much],
    )


# --- the tiny model ---------------------------------------------------------------------------

VOCAB = (
    # English, with GloVe's habits: punctuation, numbers, "'s" and a contraction are tokens too
    "the", "a", "of", "and", "to", "king", "queen", "man", "woman", "cat", "dog", "fruit", "orange",
    "press", "media", "obama", "chicago", "don't", "3.5", "2020", ",", ".", "'s",
    # Russian (navec writes е for ё in most words, but not all)
    "и", "в", "не", "что-то", "король", "королева", "мужчина", "женщина", "кошка", "собака", "еще", "ёж",
    # Kazakh
    "патша", "ханшайым", "ер", "әйел", "мысық", "ит", "қала", "және", "бала", "өзен",
    # other scripts
    "naïve", "東京", "straße",
)


def tiny_vectors() -> KeyedVectors:
    """A few dozen words in 8 dimensions, read-only like the shipped models. "собака" has the
    same vector as "dog" and "кошка" the direction of "cat": texts made of them are 0 apart."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(len(VOCAB), 8)).astype(np.float32)
    index = {w: i for i, w in enumerate(VOCAB)}
    vectors[index["собака"]] = vectors[index["dog"]]
    vectors[index["кошка"]] = 2 * vectors[index["cat"]]
    kv = KeyedVectors(vector_size=8, count=0, dtype=np.float32)
    kv.add_vectors(list(VOCAB), vectors)
    kv.fill_norms()
    for array in (kv.vectors, kv.norms):
        array.flags.writeable = False
    return kv


KV = tiny_vectors()


# --- the property -----------------------------------------------------------------------------


def check_user_error(error: UserInputError) -> None:
    """A page shows t(error.key, **error.params): the key must be in every catalogue and the
    parameters must fill every {placeholder} of its text."""
    assert isinstance(error.key, str) and isinstance(error.params, dict)
    for language in LANGUAGES:
        text = catalogue(language).get(error.key)
        assert text, f"{error.key!r} is missing from assets/i18n/{language}.json"
        missing = placeholders(text) - set(error.params)
        assert not missing, f"{language}:{error.key} needs {missing}, the error gives {sorted(error.params)}"
        translate(language, error.key, **error.params)


@contextmanager
def warnings_as_errors():
    """A numpy RuntimeWarning (division by zero, nan) is a failure too; deprecations of the
    libraries underneath are not ours to fix here."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for category in (DeprecationWarning, PendingDeprecationWarning):
            warnings.simplefilter("ignore", category)
        yield


def attempt(function, *args, **kwargs):
    """function(*args, **kwargs), or None when it raised a well-formed UserInputError. Any
    other exception (or warning) propagates and fails the test."""
    with warnings_as_errors():
        try:
            return function(*args, **kwargs)
        except UserInputError as error:
            check_user_error(error)
            return None


# --- strategies -------------------------------------------------------------------------------

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
SPECIAL = (
    "", " ", "   ", "\t\n \r\n", "\u00a0\u2003\u3000", "\n\n\n", "\x00", "\x00\x00abc", "\ufeff", "\ufeffking",
    "\u200b", "\u200d", "\ufffd", "\x1b[31m", "\x7f", "\u0085", "\u2028", "\u202e", "👨‍👩‍👧", "🐱 cat", "🇰🇿",
    "e\u0301", "и\u0306", "\u0301", "ß", "İ", "ǅ", "ﬁ", "Ⅻ", "²", "٣", "3.5", "1,5", "-1", "+", "-", "−", "—", "--",
    "- -", "+ +", "'", "’", "'s", "obama's", "don't", "что-то", "ЁЖ", "Қазақстан", "ҚАЛА", "<script>alert(1)</script>",
    "<b>король</b>", "&amp;", "javascript:alert(1)", "=cmd|' /C calc'!A0", "@SUM(1+1)", "{}", "{0}", "{n}", "{words}",
    "%s", "%(x)s", "$x$", "\\", "\"", "\"\"", "\"unclosed", "a\"b", ";", ",", ",,,", "\t", "NaN", "nan", "inf",
    "-inf", "1e309", "1e-400", "0x10", "1_000", "True", "None", "x1,x2,label", "x,y", "session_id,item_id",
    "session_id,item_id,timestamp", "2024-01-01", "2024-01-01T00:00:00+05:00", "2024-13-45", "1970-01-01T00:00:00Z",
    "...", "?!", "…", "。", "e.g.", "U.S.A.", "king - man + woman", "король − мужчина + женщина", "king-man+woman",
)
SEPARATORS = (" ", "", "\n", ", ", ";", "\t", " - ", " + ", " − ", "\r\n", ". ", "-", "'", "\"", "\u00a0")

known_word = st.sampled_from(VOCAB) | st.sampled_from(VOCAB).map(str.upper) | st.sampled_from(VOCAB).map(str.title)
any_unicode = st.text(max_size=40)  # every code point but lone surrogates: controls, NUL, emoji
cyrillic = st.text(alphabet=CYRILLIC + KAZAKH + " -'’.,!?\n", max_size=40)
fragment = st.one_of(known_word, known_word, st.sampled_from(SPECIAL), any_unicode, cyrillic)


@st.composite
def mixed(draw, max_parts: int = 12) -> str:
    parts = draw(st.lists(fragment, max_size=max_parts))
    out = ""
    for part in parts:
        out += part + draw(st.sampled_from(SEPARATORS))
    return out


def repeated(text: st.SearchStrategy, low: int, high: int) -> st.SearchStrategy:
    """Very long strings: a short text repeated many times."""
    return st.builds(lambda s, n: s * n, text, st.integers(low, high))


# Short enough for functions that look up close spellings of every unknown word (0.1 to 0.5 s a
# word); `long_text` goes through everything else.
short_text = st.one_of(st.sampled_from(SPECIAL), any_unicode, cyrillic, mixed(6))
long_text = repeated(mixed(4).filter(bool), 200, 3000)
any_text = st.one_of(short_text, mixed(), st.text(max_size=400), long_text)
word = st.one_of(known_word, st.sampled_from(SPECIAL), any_unicode, cyrillic)
language = st.sampled_from(["en", "ru", "kk"]) | st.text(max_size=5)


def encodings(text: str, how: str) -> bytes:
    if how in ("utf-8", "utf-8-sig", "utf-16"):
        return text.encode(how)
    return text.encode(how, errors="ignore")


any_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(encodings, any_text, st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "koi8-r", "latin-1", "utf-16"])),
    st.builds(lambda head, tail: head + tail, st.binary(max_size=8), st.builds(str.encode, mixed())),
)
file_name = st.one_of(st.just(""), st.text(max_size=30), st.sampled_from(["../../etc/passwd", "C:\\x\\y.txt", "a/b/"]))


# --- tokenising and decoding ------------------------------------------------------------------


@fuzz(300)
@given(any_text)
def test_tokenizer(text):
    found = attempt(words, text)
    assert found is not None and all(isinstance(w, str) and w for w in found)
    assert attempt(sentences, text) is not None
    assert attempt(detect_language, found) in ("en", "ru", "kk")
    assert attempt(detect_language, [text]) in ("en", "ru", "kk")
    assert attempt(title_of, text) is not None


@fuzz(300)
@given(any_bytes)
def test_decode_text(data):
    text = attempt(decode_text, data)
    assert text is None or isinstance(text, str)


# --- text compared with a model: stop words, WMD, sentence vectors ----------------------------


@fuzz(200)
@given(any_text, any_text, language, st.booleans())
def test_prepare_tokens_and_wmd(text_a, text_b, lang, drop):
    attempt(stop_words, lang)
    a = attempt(prepare_tokens, text_a, KV, lang, drop_stop_words=drop)
    b = attempt(prepare_tokens, text_b, KV, lang, drop_stop_words=drop)
    for tokens in (words(text_a), [text_a, text_b]):
        for token in tokens[:50]:
            attempt(model_key, KV, token)
        attempt(split_tokens, tokens, KV, stop_words(lang))
    if a is None or b is None:
        return
    # What the WMD page does with two prepared texts.
    result = attempt(wmd, KV, a.kept, b.kept)
    assert result is not None and np.isfinite(result.distance)
    for bound in (relaxed_wmd, word_centroid_distance, mean_vector_cosine):
        assert np.isfinite(attempt(bound, KV, a.kept, b.kept))
    plane = attempt(word_plane, KV, [*result.words_a, *result.words_b])
    assert plane is not None and np.isfinite(plane).all()


@fuzz(200)
@given(any_text, any_text)
def test_wmd_on_raw_tokens(text_a, text_b):
    """The WMD functions on tokens that did not go through prepare_tokens (unknown words,
    stop words, nothing known at all)."""
    for a, b in ((words(text_a), words(text_b)), (text_a.split(), text_b.split()), ([text_a], [text_b])):
        attempt(bag_of_words, KV, a)
        for function in (wmd, relaxed_wmd, word_centroid_distance, mean_vector_cosine):
            attempt(function, KV, a, b)


@fuzz(100)
@given(st.lists(any_text, max_size=8), short_text, language, st.integers(-2, 120), st.booleans())
def test_document_search(texts, query, lang, k, drop):
    """The WMD page's own collection: one text a line, a typed query, k from the link."""
    documents = attempt(document_tokens, KV, texts, lang, drop)
    assert documents is not None
    prepared = attempt(prepare_tokens, query, KV, lang, drop_stop_words=drop)
    attempt(nearest_documents, KV, words(query), documents, k)
    if prepared is not None:
        found = attempt(nearest_documents, KV, prepared.kept, documents, k)
        assert found is None or all(np.isfinite(d) for _, d in found.hits)


@fuzz(100)
@given(any_text, st.integers(1, 5))
def test_sentence_vectors(text, keywords):
    """The sentence-vector page: one sentence a line."""
    lines = [words(line) for line in text.splitlines()][:30]
    for method in METHODS:
        result = attempt(sentence_vectors, KV, lines, method, keywords=keywords)
        assert result is not None
        matrix = attempt(similarity_matrix, result.vectors)
        assert matrix is not None and np.isfinite(matrix).all()


# --- words typed into the embedding pages -----------------------------------------------------


@fuzz(120)
@given(word, word, st.integers(-5, 1000), language)
def test_similarity_words(a, b, topn, lang):
    """The similarity page (and the map's "a word and its neighbours"). Once known_words has
    refused a word, the functions that start with it are not asked again: they would repeat
    the same lookup of close spellings, which is what takes time here."""
    assert attempt(resolve, KV, a) in (None, *VOCAB)
    attempt(foreign_words, [a, b], lang)
    if attempt(known_words, KV, [a, b]) is not None:
        terms = attempt(cosine_terms, KV, a, b)
        assert np.isfinite([terms.cosine, terms.euclidean, terms.dot]).all()
    if attempt(known_words, KV, [a]) is not None:
        found = attempt(neighbours, KV, a, topn=topn)
        assert all(np.isfinite(s) for _, s in found)
        assert attempt(neighbour_words, KV, a, topn) is not None
    else:
        assert all(w in VOCAB for w in attempt(suggest, KV, a))


@fuzz(200)
@given(st.one_of(short_text, st.text(max_size=300), repeated(st.sampled_from(["+", "-", "− ", "king-"]), 10, 5000)))
def test_parse_expression(text):
    for known in (None, KV.__contains__):
        found = attempt(parse_expression, text, known=known)
        if found is not None:
            positive, negative = found
            assert positive and all(w for w in positive + negative)


# Words the model gives one direction ("dog" and "собака", "cat" and "кошка") make no axis.
twin = st.sampled_from(["dog", "собака", "cat", "кошка"])
# Mostly known words: unknown ones are the similarity test's business, and each costs a search
# for close spellings.
analogy_word = st.one_of(known_word, known_word, known_word, known_word, twin, word)
analogy_text = st.one_of(short_text, mixed(5), st.lists(known_word, max_size=6).map(" - ".join),
                         st.lists(known_word, max_size=6).map(" + ".join))


methods = st.sampled_from(["3cosadd", "3cosmul"])
# The four axis words: typed, or left empty for the page's defaults.
axis_words = st.lists(st.one_of(st.just(""), twin, twin, known_word, word), min_size=4, max_size=4)


@fuzz(150)
@given(analogy_text, analogy_word, methods, st.booleans(), axis_words)
def test_analogy_expression(text, expected, method, exclude, axes):
    """The analogy page in expression mode: parse, answer, rank, picture, axes."""
    parsed = attempt(parse_expression, text, known=KV.__contains__)
    if parsed is None:
        return
    positive, negative = parsed
    _analogy_page(positive, negative, expected, method, exclude, axes)


@fuzz(100)
@given(analogy_word, analogy_word, analogy_word, analogy_word, methods, st.booleans(), axis_words)
@example("king", "dog", "собака", "", "3cosadd", True, ["", "", "", ""])  # the axis dog → собака: was nan
def test_analogy_three_words(a, b, c, expected, method, exclude, axes):
    """The analogy page in three-word mode: a − b + c, the words as typed."""
    assume(a.strip() and b.strip() and c.strip())
    _analogy_page([a.strip(), c.strip()], [b.strip()], expected, method, exclude, axes)


def _analogy_page(positive, negative, expected, method, exclude, axes):
    expected_key = None
    if expected.strip():
        found = attempt(known_words, KV, [expected])
        expected_key = found[0] if found else None
    # The page stops at the first error: every later call would name the same unknown words
    # (and look up their close spellings again, the slow part of this test).
    answered = attempt(answers_and_rank, KV, positive, negative, expected_key, method=method, exclude_inputs=exclude)
    if answered is None:
        return
    attempt(analogy, KV, positive, negative, method=method, exclude_inputs=exclude)
    if expected_key:
        attempt(rank_of, KV, expected_key, positive, negative, method=method, exclude_inputs=exclude)
    answers, _ = answered
    assert all(np.isfinite(s) for _, s in answers)
    answer = expected_key or (answers[0][0] if answers else None)
    picture = attempt(analogy_picture, KV, positive, negative, answer)
    assert picture is not None and np.isfinite(picture.points).all()
    if len(positive) == 2 and len(negative) == 1:  # the page offers word axes only then
        shown = [w for w, r in zip(picture.words, picture.roles) if r != "target"]
        defaults = (negative[0], positive[1], negative[0], positive[0])
        chosen = [typed.strip() or default for typed, default in zip(axes, defaults)]
        coordinates = attempt(axis_coordinates, KV, shown, tuple(chosen[:2]), tuple(chosen[2:]))
        assert coordinates is None or np.isfinite(coordinates).all()


# --- word lists for the map --------------------------------------------------------------------


@fuzz(200)
@given(any_text, st.text(max_size=20), language)
def test_typed_word_list(text, preset, lang):
    listed = attempt(split_words, text)
    assert listed is not None
    result = attempt(listed_words, KV, listed)
    attempt(preset_words, KV, lang, preset)
    if result is not None:
        _map_download(result.words, result.categories)


word_list_file = st.one_of(
    any_bytes,
    # One very long line: the csv module refuses a cell of more than 131,072 characters.
    st.builds(lambda header, piece, n: (header + "\n" + piece * n).encode(),
              st.sampled_from(["word,category", "words"]), st.sampled_from(["a", "кот ", "x,", "\"q"]),
              st.integers(0, 300_000) | st.integers(100_000, 300_000)),
    st.builds(lambda header, rows: (header + "\n" + "\n".join(rows)).encode(),
              st.sampled_from(["word,category", "Word, Category", "word,category,extra", "word", ""]),
              st.lists(st.builds(lambda *cells: ",".join(cells), word, st.one_of(word, st.just(""))), max_size=20)),
)


@fuzz(200)
@given(word_list_file)
@example(b"word,category\n" + b"a" * 131_073)  # was csv.Error: field larger than field limit
@example(b"word,category\n" + "\n".join(f"w{i},c" for i in range(10_001)).encode())
@example(b"x" * 1_000_001)
def test_uploaded_word_list(data):
    found = attempt(read_word_file, data)
    if found is None:
        return
    listed, categories = found
    assert categories is None or len(categories) == len(listed)
    result = attempt(listed_words, KV, listed, categories)
    if result is not None:
        _map_download(result.words, result.categories)


def _map_download(shown, categories):
    if not shown:
        return
    points = np.arange(2 * len(shown), dtype=float).reshape(-1, 2)
    groups = None
    if categories is not None:
        numbers, names = attempt(category_groups, list(categories))
        groups = [names[n] for n in numbers]
    assert attempt(coordinates_csv, shown, points, groups) is not None
    assert attempt(projection_key, "tiny", tuple(shown), "pca", 2, 0)


@fuzz(100)
@given(st.text(max_size=30))
def test_model_names(name):
    """A model name in the link."""
    assume(name not in MODELS)
    attempt(model_info, name)
    attempt(load_vectors, name)


# --- uploaded corpora and what the training page does with them ------------------------------

corpus_text = st.one_of(any_text, repeated(mixed(8).filter(bool), 5, 60))
corpus_file = st.one_of(any_bytes, st.builds(str.encode, corpus_text))


@fuzz(120)
@given(corpus_file, file_name, st.lists(word, max_size=6), st.integers(1, 10))
@example(b"x " * 2_500_001, "big.txt", [], 1)
def test_uploaded_corpus_counts(data, name, typed, window):
    corpus = attempt(read_uploaded_corpus, data, name)
    if corpus is None:
        return
    assert corpus.language in ("en", "ru", "kk") and corpus.tokens >= 50
    co = attempt(cooccurrence, corpus.sentences, window)
    assert co is not None
    # Typed words go through the tokenizer first (typed_word), then to the counts.
    typed_words = [w for text in typed for w in words(text)][:12]
    query = typed_words[0] if typed_words else co.vocab[0]
    attempt(submatrix, co, typed_words or list(co.vocab[:3]))
    attempt(count_neighbours, co, query)
    attempt(glove_ratios, co, query, co.vocab[-1], typed_words)
    vectors = attempt(svd_vectors, ppmi(co.matrix), 4)
    attempt(neighbours_from, vectors, co.vocab, query)
    # Skip-gram pairs and negatives for a typed sentence.
    sentence = typed_words or list(co.vocab[:5])
    pairs = attempt(skipgram_pairs, sentence, len(sentence) // 2, window)
    counts = corpus.counts()
    vocab = [w for w, _ in counts.most_common()]
    distribution = noise_distribution(np.array([counts[w] for w in vocab], dtype=float))
    attempt(draw_negatives, vocab, distribution, 5, avoid={sentence[0], *(c for _, c, _ in pairs)})


prose = st.lists(st.one_of(known_word, known_word, known_word, cyrillic, st.sampled_from(SPECIAL)), min_size=1,
                 max_size=12).map(" ".join)


@fuzz(30)
@given(st.builds(str.encode, repeated(prose.map(lambda text: text + ".\n"), 10, 40)),
       st.lists(st.one_of(known_word, word), max_size=4), st.sampled_from(["word2vec", "fasttext"]))
def test_uploaded_corpus_training(data, typed, algorithm):
    corpus = attempt(read_uploaded_corpus, data, "corpus.txt")
    if corpus is None:
        return
    follow = tuple(dict.fromkeys(w for text in typed for w in words(text)))[:8]
    params = TrainingParams(algorithm=algorithm, vector_size=8, epochs=1, min_count=1)
    model = attempt(train_embeddings, corpus.sentences, params, track=follow)
    if model is None:
        return
    for typed_word in follow:
        if typed_word in model.tracked:  # the page shows only the words it tracked
            attempt(epoch_neighbours, model, typed_word, 3)
    assert attempt(word2vec_text, model.wv) and attempt(fingerprint, data, params)
    # Trained vectors become a model the other pages use: their vocabulary is whatever the
    # upload held, and typed text meets it there.
    wv = model.wv
    typed_text = " ".join(typed)
    a = attempt(prepare_tokens, typed_text, wv, corpus.language)
    b = attempt(prepare_tokens, " ".join(corpus.sentences[0]), wv, corpus.language, drop_stop_words=False)
    if a is not None and b is not None:
        assert np.isfinite(attempt(wmd, wv, a.kept, b.kept).distance)
    for typed_word in (*typed, *follow):
        if attempt(known_words, wv, [typed_word]) is not None:
            attempt(neighbours, wv, typed_word, topn=5)
    first = list(dict.fromkeys(corpus.sentences[0]))[:3]
    if len(first) == 3:
        attempt(answers_and_rank, wv, first[:2], first[2:], None)


@fuzz(200)
@given(word, st.integers(1, 6), st.integers(1, 6))
def test_ngrams(typed, min_n, max_n):
    """The fastText part: n-grams of the first word typed (or of the text as it is)."""
    for w in (*words(typed)[:1], typed):
        assert attempt(plain_ngrams, w) is not None
        assert attempt(word_ngrams, w, min_n, max(min_n, max_n)) is not None


# --- CSV uploads --------------------------------------------------------------------------------

plain_number = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.floats(-1e6, 1e6, allow_nan=False).map(repr),
    st.sampled_from(["0", "1", "-1", "0.5", "1e3", " 2 ", "+3", ".5", "5.", "1E-3"]),
)
odd_number = st.one_of(
    st.integers(-10**400, 10**400).map(str),  # beyond float range: inf
    st.floats().map(repr),
    st.sampled_from(["", "nan", "NaN", "inf", "-Infinity", "1e309", "1,5", "−1", "٣", "１", "1_0", "0x1", "1 000",
                     "True", "\x00", "1e", "--1"]),
)
number_cell = st.one_of(plain_number, plain_number, plain_number, odd_number)
cell = st.one_of(number_cell, number_cell, st.sampled_from(SPECIAL), st.text(max_size=8))


def _csv(rows: list[list[str]], delimiter: str, newline: str, quote: bool, tail: str) -> str:
    def shown(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote else value

    return newline.join(delimiter.join(shown(c) for c in row) for row in rows) + tail


@st.composite
def playground_csv(draw) -> str:
    """Half the files well formed (so that parsing reaches the numbers and labels), the other
    half with every kind of damage: odd cells, rows of another length, blank lines."""
    damaged = draw(st.booleans())
    header = draw(st.sampled_from([
        ["x1", "x2", "label"], ["x", "y"], [" X1 ", "X2", "Class"], ["x", "y", "label"], ["y", "x"],
        ["x2", "x1", "target"], None, *([["a", "b", "c"], ["x1", "x1", "label"], ["x1", "x2", "label", "extra"], [""]]
                                        if damaged else []),
    ]))
    width = len(header) if header else draw(st.sampled_from([2, 3]))
    labels = draw(st.sampled_from([["0", "1"], ["-1", "1"], ["cat", "dog"], ["Кошка", "ит"], ["1e0", "1"],
                                   *([["a", "b", "c"], ["1"], ["0", "1", ""]] if damaged else [])]))
    number = number_cell if damaged else plain_number
    label = st.sampled_from(labels) if width == 3 else number
    if damaged:
        label = st.one_of(label, label, label, cell)
    row = st.builds(lambda cells, last: [*cells, last], st.lists(number, min_size=width - 1, max_size=width - 1), label)
    if damaged:
        row = st.one_of(row, row, row, row, row, row, st.lists(cell, max_size=width + 1), st.just([]))
    rows = draw(st.lists(row, min_size=0 if damaged else 4, max_size=40))
    delimiter = draw(st.sampled_from([",", ",", ";", "\t", *(["|"] if damaged else [])]))
    return _csv(([header] if header else []) + rows, delimiter, draw(st.sampled_from(["\n", "\r\n", "\r"])),
                draw(st.booleans()), draw(st.sampled_from(["", "\n", "\n\n\n", *(["\x00"] if damaged else [])])))


@fuzz(250)
@given(st.one_of(playground_csv(), playground_csv().map(str.encode),
                 playground_csv().map(lambda text: text.encode("utf-8-sig")), any_text, any_bytes))
@example("x1,x2,label\n" + "0,0,0\n" * 10_001)
def test_playground_csv(data):
    found = attempt(load_csv, data)
    if found is not None:
        assert np.isfinite(found.X).all() and np.isfinite(found.y).all() and len(found.X) == len(found.y)


clean_id = st.sampled_from(["a", "b", "c", "d", "e", "1", "2", "01", "item 7", "Песня", "әнші", "<b>x</b>", "=1+1",
                            "🎵", "x;y", "'q'"])
item_id = st.one_of(clean_id, clean_id, clean_id, st.just(""), word)
number_time = st.one_of(st.integers(-10**12, 10**12).map(str), st.floats(-1e12, 1e12).map(repr))
date_time = st.one_of(
    st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1)).map(lambda d: d.isoformat()),
    st.sampled_from(["2024-01-01", "2024-01-01T10:00:00+05:00", "2024-01-01 10:00", "1970-01-01T00:00:00Z",
                     "2024-01-01T10:00:00.123456789"]),
)
odd_time = st.one_of(odd_number, word, st.datetimes().map(lambda d: d.isoformat()), st.sampled_from([
    "2024-W01-1", "2024-001", "2024-13-45", "01/02/2024", "0000-01-01", "99999-01-01", "2024-01-01T25:00", "1e18",
    "-1e300",
]))


@st.composite
def sessions_csv(draw) -> str:
    """Half the files well formed, with ten or more sessions (so that reading gets past the
    first checks) and timestamps all numbers or all dates; the other half with odd headers,
    ids, timestamps and damaged lines."""
    damaged = draw(st.booleans())
    header = draw(st.sampled_from([
        ["session_id", "item_id"], ["session_id", "item_id", "timestamp"], ["Session_ID", "Item_ID", "TimeStamp"],
        ["item_id", "timestamp", "session_id"], ["session_id", "item_id", "timestamp", "extra"],
        *([["user", "item"], ["session_id", "session_id", "item_id"], [""]] if damaged else []),
    ]))
    columns = [c.lower() for c in header]
    times = draw(st.sampled_from([number_time, date_time]))
    items = item_id if damaged else clean_id
    if damaged:
        times = st.one_of(*[times] * 12, odd_time)
    rows = []
    for number in range(draw(st.integers(0, 16) if damaged else st.integers(10, 16))):
        for _ in range(draw(st.integers(1, 4) if damaged else st.integers(2, 4))):
            values = {"session_id": f"s{number}", "item_id": draw(items), "timestamp": draw(times), "extra": "x"}
            if damaged and not draw(st.integers(0, 10)):
                values["session_id"] = draw(st.one_of(st.just(""), word))
            rows.append([values.get(c, "") for c in columns])
        if damaged and not draw(st.integers(0, 10)):
            rows.append(draw(st.lists(cell, max_size=len(columns) + 1)))
    return _csv([header, *rows], draw(st.sampled_from([",", ",", ";", "\t"])), draw(st.sampled_from(["\n", "\r\n"])),
                draw(st.booleans()), draw(st.sampled_from(["", "\n", "\n\n"])))


@fuzz(250)
@given(st.one_of(sessions_csv().map(str.encode), sessions_csv().map(lambda text: encodings(text, "cp1251")), any_bytes))
def test_sessions_csv(data):
    assert attempt(fingerprint, data)  # the cache key of an upload
    found = attempt(read_sessions_csv, data)
    if found is not None:
        assert attempt(summary, found) is not None
        again = attempt(read_sessions_csv, sessions_to_csv(found).encode())
        assert again is not None and again.sessions == found.sessions


@fuzz(30)
@given(sessions_csv(), st.lists(word, max_size=4))
def test_sessions_to_recommendations(text, typed):
    """An uploaded file's item ids (any text) through item2vec, then items picked or typed."""
    found = attempt(read_sessions_csv, text.encode())
    if found is None:
        return
    kv = attempt(train_item2vec, found.sessions, Item2VecParams(vector_size=8, epochs=1))
    if kv is None:
        return
    for item in [*typed, kv.index_to_key[0]]:
        attempt(similar_items, kv, item, 5)
    liked = [*typed, kv.index_to_key[-1]]
    attempt(user_vector, kv, typed)
    attempt(recommend_for_items, kv, liked, 5)
