import json
import re
import unicodedata

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from core.embeddings import MODELS, load_vectors
from core.embeddings.similarity import UnknownWordsError, neighbours
from core.embeddings.wordsets import (
    MAX_LIST_BYTES,
    MAX_WORDS,
    PRESET_DIR,
    frequent_words,
    kmeans_clusters,
    listed_words,
    neighbour_words,
    preset_words,
    presets,
    read_word_file,
    split_words,
)
from core.errors import UserInputError

MODEL_OF_LANGUAGE = {"en": "glove-en-50", "ru": "navec-ru-300"}
ALIGNED_PRESETS = ("countries_capitals", "verb_tenses")


def is_letter_word(word):
    """Letters only, apart from single inner hyphens or apostrophes (checked character by character)."""
    parts = re.split(r"[-']", word)
    return all(part and all(unicodedata.category(ch).startswith("L") for ch in part) for part in parts)


# --- most frequent words ------------------------------------------------------------------


@pytest.mark.parametrize("model", ["glove-en-50", "navec-ru-300"])
@pytest.mark.parametrize("n", [1, 10, 1000, MAX_WORDS])
def test_frequent_words_are_the_first_n_letter_words(model, n):
    kv = load_vectors(model)
    found = frequent_words(kv, n).words
    assert len(found) == n == len(set(found))
    assert all(is_letter_word(w) for w in found)
    assert not any(ch.isdigit() or ch in ",.;:!?()\"" for w in found for ch in w)
    ranks = [kv.key_to_index[w] for w in found]
    assert ranks == sorted(ranks)
    # nothing skipped before the last one was a word
    skipped = set(kv.index_to_key[: ranks[-1] + 1]) - set(found)
    assert not any(is_letter_word(w) for w in skipped)


def test_frequent_words_skip_punctuation_in_glove(glove):
    # GloVe's top ten holds ',' '.' and '"': they are not words on a map
    found = frequent_words(glove, 8).words
    assert found == ("the", "of", "to", "and", "in", "a", "for", "that")
    first_thousand = set(glove.index_to_key[:1000])
    assert {",", ".", "(", "'s", "1"} <= first_thousand
    assert not {",", ".", "(", "'s", "1"} & set(frequent_words(glove, 1000).words)


def test_frequent_words_russian(navec):
    assert frequent_words(navec, 3).words == ("в", "и", "на")


def test_frequent_words_count_is_clamped(glove):
    assert len(frequent_words(glove, 0).words) == 1
    assert len(frequent_words(glove, -10).words) == 1
    assert len(frequent_words(glove, 10**9).words) == MAX_WORDS


# --- a word and its neighbours ------------------------------------------------------------


@pytest.mark.parametrize(("model", "word", "query"), [("glove-en-50", "Cat", "cat"), ("navec-ru-300", "Кошка", "кошка")])
def test_neighbour_words_start_with_the_query(model, word, query):
    kv = load_vectors(model)
    found = neighbour_words(kv, word, 10)
    assert found.query == query
    assert found.words[0] == query
    assert len(found.words) == 11 == len(set(found.words))
    assert list(found.words[1:]) == [w for w, _ in neighbours(kv, query, 10)]
    assert found.categories is None and found.unknown == ()


def test_neighbour_words_unknown_word(glove):
    with pytest.raises(UnknownWordsError):
        neighbour_words(glove, "catx", 10)


def test_neighbour_words_count_is_clamped(glove):
    assert len(neighbour_words(glove, "cat", 0).words) == 2
    assert len(neighbour_words(glove, "cat", 10**6).words) == 501


# --- typed lists --------------------------------------------------------------------------


def test_split_words_separators():
    text = "cat, dog;horse\tcow\nsheep\r\npig  goat,,;\n\n  hen "
    assert split_words(text) == ["cat", "dog", "horse", "cow", "sheep", "pig", "goat", "hen"]


def test_split_words_dedupes_keeping_first_order():
    assert split_words("dog cat dog bird cat") == ["dog", "cat", "bird"]


def test_split_words_cyrillic_and_emoji():
    assert split_words("кошка, собака; ёж\nкошка") == ["кошка", "собака", "ёж"]
    assert split_words("🐱, 🐶 cat👍 👨‍👩‍👧") == ["🐱", "🐶", "cat👍", "👨‍👩‍👧"]


def test_split_words_empty():
    assert split_words("") == []
    assert split_words(" ,;\n\t ") == []


def test_split_words_size_limit():
    assert len(split_words("a " * (MAX_LIST_BYTES // 2))) == 1  # exactly 1 MB is allowed
    with pytest.raises(UserInputError) as caught:
        split_words("a " * (MAX_LIST_BYTES // 2) + "b")
    assert caught.value.key == "error.list_too_large"
    # the limit is in bytes: 600,000 Cyrillic letters are 1.2 MB of UTF-8
    with pytest.raises(UserInputError):
        split_words("ж" * 600_000)


def test_listed_words_keep_model_spelling_and_report_unknown(glove):
    found = listed_words(glove, ["Cat", "dog", "catx", "CAT", " Paris ", "qqzzxxw"])
    assert found.words == ("cat", "dog", "paris")
    assert found.unknown == ("catx", "qqzzxxw")
    assert found.categories is None


def test_listed_words_categories_follow_the_kept_words(glove):
    words = ["Cat", "catx", "dog", "DOG", "paris", "qqzzxxw", "london"]
    categories = ["animal", "typo", "animal", "dupe", "city", "typo", "city"]
    found = listed_words(glove, words, categories)
    assert found.words == ("cat", "dog", "paris", "london")
    assert found.categories == ("animal", "animal", "city", "city")
    assert len(found.categories) == len(found.words)


def test_listed_words_russian_yo(navec):
    found = listed_words(navec, ["Кошка", "черёмуха", "кошкв"])
    assert found.words == ("кошка", "черемуха")
    assert found.unknown == ("кошкв",)


def test_listed_words_limit(glove):
    assert len(listed_words(glove, ["cat"] * MAX_WORDS).words) == 1
    with pytest.raises(UserInputError) as caught:
        listed_words(glove, ["cat"] * (MAX_WORDS + 1))
    assert caught.value.key == "error.list_too_long"


def test_listed_words_odd_input(glove):
    found = listed_words(glove, ["🐱", "", "a" * 100_000, "cat"])
    assert found.words == ("cat",)
    assert len(found.unknown) == 3


# --- uploaded files -----------------------------------------------------------------------


def test_read_utf8():
    assert read_word_file("кошка\nсобака\nёж".encode("utf-8")) == (["кошка", "собака", "ёж"], None)


def test_read_utf8_with_bom():
    assert read_word_file("\ufeffcat\ndog".encode("utf-8")) == (["cat", "dog"], None)
    assert read_word_file(b"\xef\xbb\xbfcat\r\ndog\r\n") == (["cat", "dog"], None)


def test_read_cp1251_russian():
    data = "кошка\nсобака".encode("cp1251")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_word_file(data) == (["кошка", "собака"], None)


def test_read_csv_with_categories():
    data = "word,category\ncat,animal\nparis,city\n\"new, york\",city\nx\n".encode()
    assert read_word_file(data) == (["cat", "paris", "new, york", "x"], ["animal", "city", "city", "—"])


def test_read_csv_header_is_case_and_space_insensitive_and_has_bom_and_crlf():
    data = "\ufeffWord, Category\r\ncat , animal\r\n\r\nпариж,город\r\n".encode("utf-8")
    assert read_word_file(data) == (["cat", "париж"], ["animal", "город"])


def test_read_cp1251_csv():
    data = "word,category\nкошка,животное\n".encode("cp1251")
    assert read_word_file(data) == (["кошка"], ["животное"])


def test_a_csv_without_the_header_is_a_list_of_words():
    assert read_word_file(b"cat,dog\nbird") == (["cat", "dog", "bird"], None)


@pytest.mark.parametrize("data", [b"abc\x00def", b"\x00" * 100, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
                                  "cat\ndog".encode("utf-16")])
def test_binary_files_are_rejected(data):
    with pytest.raises(UserInputError) as caught:
        read_word_file(data)
    assert caught.value.key == "error.list_encoding"


def test_large_files_are_rejected():
    assert read_word_file(b"a\n" * (MAX_LIST_BYTES // 2))[0] == ["a"]
    with pytest.raises(UserInputError) as caught:
        read_word_file(b"a\n" * (MAX_LIST_BYTES // 2) + b"b")
    assert caught.value.key == "error.list_too_large"


def test_a_csv_with_too_many_rows_is_rejected():
    data = ("word,category\n" + "w,c\n" * (MAX_WORDS + 1)).encode()
    with pytest.raises(UserInputError) as caught:
        read_word_file(data)
    assert caught.value.key == "error.list_too_long"


def test_empty_file():
    assert read_word_file(b"") == ([], None)


# --- k-means ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def directions():
    """Four groups of vectors pointing in four well-separated directions, at varied lengths
    (k-means works on unit vectors, so the lengths must not matter)."""
    rng = np.random.default_rng(7)
    centres = np.eye(20)[:4] * 10
    labels = np.repeat(np.arange(4), 30)
    lengths = rng.uniform(0.5, 5.0, size=(120, 1))
    vectors = (centres[labels] + rng.normal(scale=1.0, size=(120, 20))) * lengths
    order = rng.permutation(120)
    return vectors[order], labels[order]


def test_kmeans_recovers_separated_clusters(directions):
    vectors, truth = directions
    labels = kmeans_clusters(vectors, 4, seed=0)
    assert labels.shape == (120,)
    assert set(labels.tolist()) == {0, 1, 2, 3}
    assert adjusted_rand_score(truth, labels) > 0.9


def test_kmeans_is_seeded(directions):
    vectors, _ = directions
    for seed in (0, 1, 42):
        np.testing.assert_array_equal(kmeans_clusters(vectors, 5, seed=seed), kmeans_clusters(vectors, 5, seed=seed))


def test_kmeans_follows_direction_not_length():
    # two rays: lengths differ a hundredfold within each, yet each ray is one cluster
    ray_a = np.outer([1, 10, 100], [1.0, 0.1])
    ray_b = np.outer([1, 10, 100], [0.1, 1.0])
    labels = kmeans_clusters(np.vstack([ray_a, ray_b]), 2)
    assert len(set(labels[:3])) == 1 and len(set(labels[3:])) == 1 and labels[0] != labels[3]


def test_kmeans_k_is_clamped():
    data = np.random.default_rng(0).normal(size=(4, 3))
    assert sorted(kmeans_clusters(data, 10).tolist()) == [0, 1, 2, 3]
    assert set(kmeans_clusters(data, 0).tolist()) == {0}


def test_kmeans_survives_a_zero_vector():
    data = np.vstack([np.zeros(3), np.random.default_rng(0).normal(size=(9, 3))])
    labels = kmeans_clusters(data, 2)
    assert labels.shape == (10,)
    assert set(labels.tolist()) == {0, 1}


# --- presets ------------------------------------------------------------------------------


def test_preset_files_exist_for_both_models():
    assert sorted(p.name for p in PRESET_DIR.glob("*.json")) == ["en.json", "ru.json"]
    assert {MODELS[m].language for m in MODEL_OF_LANGUAGE.values()} == set(MODEL_OF_LANGUAGE)


def test_same_preset_ids_in_both_languages():
    assert list(presets("en")) == list(presets("ru"))
    assert len(presets("en")) >= 3
    assert presets("en") == json.loads((PRESET_DIR / "en.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["en", "ru"])
def test_preset_words_are_frequent_model_words(language):
    kv = load_vectors(MODEL_OF_LANGUAGE[language])
    for preset, groups in presets(language).items():
        assert len(groups) >= 2, preset
        for category, words in groups.items():
            assert words, (preset, category)
            for word in words:
                assert word in kv.key_to_index, (preset, category, word)
                assert kv.key_to_index[word] < 100_000, (preset, category, word)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_word_twice_in_a_preset(language):
    for preset, groups in presets(language).items():
        words = [w for group in groups.values() for w in group]
        assert len(words) == len(set(words)), (preset, [w for w in set(words) if words.count(w) > 1])


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("preset", ALIGNED_PRESETS)
def test_aligned_presets_have_equal_length_categories(language, preset):
    groups = presets(language)[preset]
    lengths = {len(words) for words in groups.values()}
    assert len(lengths) == 1, {c: len(w) for c, w in groups.items()}


def test_countries_and_capitals_are_paired():
    # the i-th capital belongs to the i-th country: king-queen style offsets agree
    kv = load_vectors("glove-en-50")
    groups = presets("en")["countries_capitals"]
    countries, capitals = groups["country"], groups["capital"]
    assert countries[:2] == ["france", "germany"] and capitals[:2] == ["paris", "berlin"]
    offsets = np.array([kv[a] - kv[c] for c, a in zip(countries, capitals)])
    mean = offsets.mean(axis=0)
    shuffled = np.array([kv[a] - kv[c] for c, a in zip(countries, np.roll(capitals, 1))])
    cos = lambda m: np.mean(m @ mean / (np.linalg.norm(m, axis=1) * np.linalg.norm(mean)))  # noqa: E731
    assert cos(offsets) > cos(shuffled) + 0.1


@pytest.mark.parametrize("language", ["en", "ru"])
def test_preset_words_are_aligned_with_categories(language):
    kv = load_vectors(MODEL_OF_LANGUAGE[language])
    for preset, groups in presets(language).items():
        found = preset_words(kv, language, preset)
        assert found.unknown == ()
        assert len(found.categories) == len(found.words)
        assert list(found.words) == [w for group in groups.values() for w in group]
        for word, category in zip(found.words, found.categories):
            assert word in groups[category], (preset, word, category)


def test_unknown_preset():
    kv = load_vectors("glove-en-50")
    with pytest.raises(UserInputError) as caught:
        preset_words(kv, "en", "no_such_preset")
    assert caught.value.key == "error.unknown_preset"
    assert presets("xx") == {}
    with pytest.raises(UserInputError):
        preset_words(kv, "xx", "animals")
