"""Every lesson and "Try this" hint of the Embeddings section keeps its word (issue 20, section 2).

The words a lesson or hint names exist in the model (or corpus) it runs on, and what it says
happens happens, with the page's settings. Russian-language hints that name Russian words are
checked against the Russian model navec-ru-300.
"""

from __future__ import annotations

import numpy as np
import pytest

from app_pages.embeddings.training.corpus_picker import spec as corpus_spec
from app_pages.embeddings.training.counts_part import spec as counts_spec
from app_pages.embeddings.training.sampling_part import spec as sampling_spec
from app_pages.home.lessons import LESSONS
from core.embeddings import analogy, load_vectors, project
from core.embeddings.corpora import lecture_corpus
from core.embeddings.counting import cooccurrence, glove_ratios
from core.embeddings.films import FILMS, recommend
from core.embeddings.negative_sampling import draw_negatives, noise_distribution, skipgram_pairs
from core.embeddings.synthetic_corpus import synthetic_corpus
from core.embeddings.wordsets import preset_words, presets
from core.i18n import LANGUAGES, translate

CODES = list(LANGUAGES)
MODEL = {"en": "glove-en-50", "ru": "navec-ru-300"}


def lesson(title_key: str):
    return next(item for item in LESSONS if item.title_key == title_key)


# ------------------------------------------------------------------ Analogies and the map


def test_lesson_capitals_paris_minus_france_plus_italy_gives_rome():
    query = lesson("lesson.capitals").query
    kv = load_vectors(MODEL["en"])  # the lesson keeps the default model
    answer = analogy(kv, positive=[query["an_a"], query["an_c"]], negative=[query["an_b"]], topn=1)
    assert answer[0][0] == query["an_expected"] == "rome"


@pytest.mark.parametrize("model_language", ["en", "ru"])
def test_lesson_map_capitals_sit_next_to_their_countries(model_language):
    """The lesson opens the map on its default preset and projection (UMAP, 2-D, seed 0)."""
    assert lesson("lesson.map").query == {}
    kv = load_vectors(MODEL[model_language])
    groups = presets(model_language)["countries_capitals"]
    chosen = preset_words(kv, model_language, "countries_capitals")
    assert not chosen.unknown  # every country and capital is on the map
    points = dict(zip(chosen.words, project(np.stack([kv[w] for w in chosen.words]), "umap", 2, seed=0)))
    countries = groups["country"]
    hits = 0
    for country, capital in zip(countries, groups["capital"]):
        nearest = min(countries, key=lambda c: np.linalg.norm(points[capital] - points[c]))
        hits += nearest == country
    # chance would be 1 in 40; GloVe puts 18 capitals next to their own country, navec 8
    assert hits >= len(countries) // 5, hits


# ------------------------------------------------------------------ Similarity


@pytest.mark.parametrize("code", CODES)
def test_hint_similarity_words_exist_in_both_models(code):
    text = translate(code, "sim.try")
    for model_language, words in {"en": ("puppy", "tiger", "bank", "apple"), "ru": ("щенок", "тигр", "ключ", "лук")}.items():
        kv = load_vectors(MODEL[model_language])
        for word in words:
            assert f"*{word}*" in text, (code, word)
            assert word in kv.key_to_index, (model_language, word)


@pytest.mark.parametrize("model_language", ["en", "ru"])
def test_hint_similarity_puppy_and_tiger_are_close_in_dense_vectors_only(model_language):
    kv = load_vectors(MODEL[model_language])
    dog, snake, cat, puppy, tiger = {"en": ("dog", "snake", "cat", "puppy", "tiger"),
                                     "ru": ("собака", "змея", "кошка", "щенок", "тигр")}[model_language]
    # one-hot: every pair of different words has cosine 0; dense: a puppy is nearer a dog than a snake
    assert kv.similarity(puppy, dog) > kv.similarity(puppy, snake) + 0.1
    assert kv.similarity(tiger, cat) > kv.similarity(tiger, snake)


@pytest.mark.parametrize("code", CODES)
def test_hint_similarity_near_the_origin_cosine_keeps_die_hard_distance_does_not(code):
    text = translate(code, "sim.try")
    assert translate(code, "sim.where.point") in text and translate(code, "film.die_hard") in text
    die_hard = next(f for f in FILMS if f.key == "die_hard")
    near_origin = (die_hard.action / 20, die_hard.violence / 20)
    assert recommend(near_origin, 1, "cosine")[0].film.key == "die_hard"
    assert recommend(near_origin, 1, "euclidean")[0].film.key != "die_hard"


@pytest.mark.parametrize("code", CODES)
def test_dot_note_john_wick_20_beats_fast_and_furious_17_though_cosine_and_distance_prefer_it(code):
    """sim.dot_note: from Indiana Jones [3, 1] among all the films, the dot product picks John Wick
    [5, 5] (20) over Fast and Furious [5, 2] (17); cosine 0.998 against 0.894; Fast and Furious nearer."""
    text = translate(code, "sim.dot_note")
    # Russian declines the titles (от «Индианы Джонса»): their stems
    stems = {"ru": ("Индиан", "Джона Уика", "Форсаж")}.get(
        code, tuple(translate(code, f"film.{f}") for f in ("indiana_jones", "john_wick", "fast_furious")))
    for stem in stems:
        assert stem in text, stem
    decimal = "." if code == "en" else ","
    for number in ("[3, 1]", "[5, 5] (20)", "[5, 2] (17)", f"0{decimal}998", f"0{decimal}894"):
        assert number in text, number
    ranked = {r.film.key: r for r in recommend((3, 1), len(FILMS), "dot", exclude=("indiana_jones",))}
    jw, ff = ranked["john_wick"], ranked["fast_furious"]
    assert (jw.rank_dot, jw.dot, ff.dot) == (1, 20.0, 17.0)
    assert (round(ff.cosine, 3), round(jw.cosine, 3)) == (0.998, 0.894) and ff.distance < jw.distance


@pytest.mark.parametrize("code", CODES)
def test_dot_explain_quotes_the_lectures_third_measure(code):
    quote = {"en": "the dot product on scaled vectors", "ru": "скалярное произведение нормированных векторов",
             "kk": "«қашықтық (немесе масштабталған векторлардағы нүктелік көбейтінді) ең көп таралған»"}[code]
    assert quote in translate(code, "sim.dot_explain") and "Σ u_i f_i" in translate(code, "sim.dot_explain")


def test_more_films_change_indiana_jones_nearest_from_fast_and_furious_to_star_wars_and_home_alone():
    """What sim.all_films_changes says with the page's defaults (Indiana Jones, Euclidean distance);
    cosine keeps the lecture's answer (sim.all_films_same) and the dot product moves to John Wick."""
    from core.embeddings.films import LECTURE_FILMS, nearest

    keys = lambda films: [f.key for f in films]  # noqa: E731
    ij = ("indiana_jones",)
    assert keys(nearest((3, 1), "euclidean", ij, FILMS[:LECTURE_FILMS])) == ["fast_furious"]
    assert keys(nearest((3, 1), "euclidean", ij)) == ["star_wars", "home_alone"]
    assert keys(nearest((3, 1), "cosine", ij)) == keys(nearest((3, 1), "cosine", ij, FILMS[:LECTURE_FILMS]))
    assert keys(nearest((3, 1), "dot", ij)) == ["john_wick"]
    assert len(FILMS) - LECTURE_FILMS == 12
    for code in CODES:
        assert "12" in translate(code, "sim.all_films")


# ------------------------------------------------------------------ Train embeddings: counts, pairs


def test_hint_counts_a_wider_window_makes_the_matrix_denser():
    from core.embeddings.corpora import lee_corpus

    assert counts_spec()["te_window"][0] == 2 and corpus_spec()["te_corpus"][0] == "lee"
    sentences = lee_corpus().sentences
    assert cooccurrence(sentences, 10).nonzero > 2 * cooccurrence(sentences, 2).nonzero


def test_lesson_pairs_negatives_drawn_with_exponent_0_75():
    assert lesson("lesson.pairs").query == {"te_part": "pairs"}
    assert sampling_spec()["te_alpha"][0] == 0.75
    counts = np.array([100.0, 10.0, 1.0])
    p = noise_distribution(counts, 0.75)
    assert np.allclose(p, counts ** 0.75 / np.sum(counts ** 0.75))


def test_hint_pairs_alpha_1_follows_frequency_alpha_0_is_uniform():
    counts = np.array([1000.0, 100.0, 10.0, 1.0])
    assert np.allclose(noise_distribution(counts, 1.0), counts / counts.sum())
    assert np.allclose(noise_distribution(counts, 0.0), 0.25)


def test_hint_pairs_cat_with_window_2_gives_four_positive_pairs():
    sentence = "the furry cat is on the mat".split()  # the page's default sentence
    assert sampling_spec()["te_pair_window"][0] == 2
    pairs = skipgram_pairs(sentence, sentence.index("cat"), 2)
    assert [context for _, context, label in pairs if label == 1] == ["the", "furry", "is", "on"]


def test_hint_pairs_raising_k_brings_more_negatives_per_pair():
    vocab = ["the", "cat", "mat", "dog", "sat"]
    p = noise_distribution(np.array([50.0, 5, 3, 2, 1]))
    assert [len(draw_negatives(vocab, p, k, seed=0)) for k in (1, 4, 10)] == [1, 4, 10]


# ------------------------------------------------------------------ GloVe ratios


def test_lesson_glove_opens_on_the_lectures_corpus():
    assert lesson("lesson.glove").query == {"te_part": "glove", "te_corpus": "lecture_en"}


def test_lesson_glove_ratios_tell_solid_from_gas_better_than_probabilities():
    window = counts_spec()["te_gwindow"][0]
    rows = {r.probe: r for r in glove_ratios(cooccurrence(lecture_corpus("en").sentences, window), "ice", "steam",
                                             ["solid", "gas", "water", "fashion"])}
    # the probabilities of all four are small and of one size; the ratios split them in three
    assert max(r.p_given_i for r in rows.values()) < 0.2
    assert rows["solid"].ratio > 3 and rows["gas"].ratio < 1 / 3
    assert 0.5 < rows["water"].ratio < 2 and 0.5 < rows["fashion"].ratio < 2


@pytest.mark.parametrize("code", CODES)
def test_hint_glove_synthetic_king_queen_probes_exist_and_gender_splits(code):
    text = translate(code, "te.try.glove")
    probes = ["his", "her", "uncle", "aunt", "palace"]
    assert all(f" {p}" in text for p in probes) and "king" in text and "queen" in text
    spec = corpus_spec()
    corpus = synthetic_corpus(spec["te_syn_n"][0], spec["te_syn_noise"][0], spec["te_syn_seed"][0])
    rows = {r.probe: r.ratio for r in glove_ratios(cooccurrence(corpus.sentences, counts_spec()["te_gwindow"][0]),
                                                   "king", "queen", probes)}
    assert rows["his"] > 10 and rows["uncle"] > 10  # male words: far above 1
    assert rows["her"] < 0.1 and rows["aunt"] < 0.1  # female words: far below 1
    assert 0.8 < rows["palace"] < 1.25  # both are royal: near 1


def test_hint_glove_a_probe_of_both_or_neither_sits_near_1():
    rows = glove_ratios(cooccurrence(lecture_corpus("en").sentences, counts_spec()["te_gwindow"][0]), "ice", "steam",
                        ["fashion"])
    assert 0.8 < rows[0].ratio < 1.25


# ------------------------------------------------------------------ fastText (written last: its defaults were changing)


def _page_params(algorithm: str):
    """The page's own settings for this algorithm (fastText trains its own number of epochs)."""
    from app_pages.embeddings.training.runs import default_values, params_from_state

    return params_from_state(algorithm, default_values())


_TRAINED: dict = {}


def _trained(corpus, algorithm: str):
    """Trained once per corpus and algorithm for this module (fastText on the Lee news: ~15 s)."""
    from core.embeddings.training import train_embeddings

    key = (corpus.name, corpus.language, algorithm)
    if key not in _TRAINED:
        _TRAINED[key] = train_embeddings(corpus.sentences, _page_params(algorithm)).wv
    return _TRAINED[key]


def test_lesson_fasttext_gives_vectors_to_unseen_words_word2vec_has_none():
    from core.embeddings.corpora import lee_corpus

    assert lesson("lesson.fasttext").query == {"te_part": "fasttext"}
    corpus = lee_corpus()
    fast, plain = _trained(corpus, "fasttext"), _trained(corpus, "word2vec")
    for word in ("goverment", "policewoman", "palestinan"):  # misspellings and a new form
        assert word not in corpus.counts() and word not in plain.key_to_index
        assert np.all(np.isfinite(fast[word])) and np.linalg.norm(fast[word]) > 0


def test_hint_fasttext_a_misspelling_of_a_frequent_word_lands_near_it():
    from core.embeddings.corpora import lee_corpus

    fast = _trained(lee_corpus(), "fasttext")
    # At the page's settings (fastText's own 10 epochs) each misspelling's nearest word is of the
    # word's family (government's, president, israel); further down come words sharing only an
    # ending (comment, investment: "-ment"), which is the page's other lesson.
    for typo, family in (("goverment", "govern"), ("presidnt", "president"), ("israili", "israel")):
        nearest = fast.most_similar(typo, topn=1)[0][0]
        assert nearest.startswith(family), (typo, nearest)


def test_hint_fasttext_kazakh_lecture_word_gets_a_vector_from_its_ngrams():
    corpus = lecture_corpus("kk")
    word = "кітаптарымызда"
    assert word not in corpus.counts()
    fast = _trained(corpus, "fasttext")
    assert np.linalg.norm(fast[word]) > 0


@pytest.mark.parametrize("code", CODES)
def test_hint_fasttext_names_min_n_max_n_and_the_kazakh_lecture(code):
    text = translate(code, "te.try.fasttext")
    assert "min_n = max_n = 3" in text and "кітаптарымызда" in text
    from core.embeddings.training import word_ngrams

    assert all(len(g.strip("<>")) <= 3 for g in word_ngrams("<кітап>".strip("<>"), 3, 3))
    stem = {"en": "kazakh", "ru": "казахск", "kk": "қазақша"}[code]
    assert stem in text.lower() and stem in translate(code, "te.corpus.lecture_kk").lower()


# ------------------------------------------------------------------ The Kazakh lecture's analogy


@pytest.mark.parametrize("model_language", ["en", "ru"])
def test_the_kazakh_lectures_analogy_in_each_models_words_gives_the_queen(model_language):
    """The Analogies lead (all languages) quotes «ер : патша = әйел : ? (ханшайым)»; the Kazakh one
    says the Russian model computes мужчина : король = женщина : ? and the English one king − man +
    woman. Both models answer with the queen, as the lecture expects."""
    text = translate("kk", "an.lead")
    a, b, c, queen = {"en": ("king", "man", "woman", "queen"), "ru": ("король", "мужчина", "женщина", "королева")}[model_language]
    assert a in text and b in text and c in text
    assert analogy(load_vectors(MODEL[model_language]), positive=[a, c], negative=[b], topn=1)[0][0] == queen


def test_glove_slide_note_the_tables_ratio_is_p_ik_over_p_jk_by_the_slides_own_p_ij():
    """te.glove_slide: with the slide's P_ij = (times j in the context of i) / (words in the
    context of i), the table's ratio is P_ik / P_jk, and the slide's printed P_ij / P_jk is another
    number (it does not hold the probe k fixed)."""
    co = cooccurrence(lecture_corpus("en").sentences, counts_spec()["te_gwindow"][0])
    matrix = co.matrix.toarray().astype(float)

    def p(i, j):
        return matrix[co.index[i], co.index[j]] / matrix[co.index[i]].sum()

    for row in glove_ratios(co, "ice", "steam", ["solid", "gas", "water"]):
        assert row.ratio == pytest.approx(p("ice", row.probe) / p("steam", row.probe))
        assert p("ice", "steam") / p("steam", row.probe) != pytest.approx(row.ratio, rel=0.05)
    for code in CODES:
        note = translate(code, "te.glove_slide")
        assert "P_{ij}/P_{jk}" in note and r"P_{ik}/P_{jk} = P(k\mid i)/P(k\mid j)" in note
