"""Analogies against gensim: single questions against most_similar / most_similar_cosmul, the
batched benchmark against evaluate_word_analogies, and every kind of bad input."""

import random

import numpy as np
import pytest
from gensim.test.utils import datapath
from scipy.stats import spearmanr

from core.embeddings.analogy import (
    analogy, evaluate_analogies, evaluate_word_pairs, parse_expression, rank_of, read_questions,
)
from core.embeddings.similarity import UnknownWordsError, foreign_words
from core.errors import UserInputError

GOOGLE = datapath("questions-words.txt")


def _queries(kv, n, seed):
    rng = random.Random(seed)
    words = [w for w in kv.index_to_key[100:5000] if w.isalpha()]
    return [rng.sample(words, 3) for _ in range(n)]


@pytest.mark.parametrize("model", ["glove", "navec"])
def test_3cosadd_equals_gensim_most_similar(model, request):
    kv = request.getfixturevalue(model)
    for a, b, c in _queries(kv, 25, seed=1):
        ours = analogy(kv, [b, c], [a], topn=10)
        theirs = kv.most_similar(positive=[b, c], negative=[a], topn=10)
        assert [w for w, _ in ours] == [w for w, _ in theirs]
        np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], atol=1e-5)


@pytest.mark.parametrize("model", ["glove", "navec"])
def test_3cosmul_equals_gensim_most_similar_cosmul(model, request):
    kv = request.getfixturevalue(model)
    for a, b, c in _queries(kv, 25, seed=2):
        ours = analogy(kv, [b, c], [a], topn=10, method="3cosmul")
        theirs = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=10)
        assert [w for w, _ in ours] == [w for w, _ in theirs]
        np.testing.assert_allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-5)


def test_the_lectures_analogies(glove, navec):
    assert analogy(glove, ["king", "woman"], ["man"], topn=1)[0][0] == "queen"
    assert analogy(navec, ["король", "женщина"], ["мужчина"], topn=1)[0][0] == "королева"


def test_without_excluding_inputs_an_input_word_wins(glove):
    """Nissim et al. 2020: the honest nearest vector to king − man + woman is king itself."""
    found = analogy(glove, ["king", "woman"], ["man"], topn=3, exclude_inputs=False)
    assert found[0][0] == "king" and found[1][0] == "queen"
    assert rank_of(glove, "queen", ["king", "woman"], ["man"], exclude_inputs=False) == 2
    assert rank_of(glove, "queen", ["king", "woman"], ["man"]) == 1


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
def test_rank_agrees_with_the_answer_list(glove, method):
    found = analogy(glove, ["paris", "germany"], ["france"], topn=20, method=method)
    for position, (word, _) in enumerate(found, start=1):
        assert rank_of(glove, word, ["paris", "germany"], ["france"], method=method) == position


def test_any_number_of_words(glove):
    ours = analogy(glove, ["king", "woman", "young"], ["man", "old"], topn=5)
    theirs = glove.most_similar(positive=["king", "woman", "young"], negative=["man", "old"], topn=5)
    assert [w for w, _ in ours] == [w for w, _ in theirs]


@pytest.mark.parametrize(("text", "positive", "negative"), [
    ("king - man + woman", ["king", "woman"], ["man"]),
    ("king -man+woman", ["king", "woman"], ["man"]),
    ("король − мужчина + женщина", ["король", "женщина"], ["мужчина"]),
    ("- man + woman king", ["woman", "king"], ["man"]),
    ("пресс-служба - москва + киев", ["пресс-служба", "киев"], ["москва"]),
    ("  paris   germany -france ", ["paris", "germany"], ["france"]),
])
def test_expressions(text, positive, negative):
    assert parse_expression(text) == (positive, negative)


def test_a_hyphen_splits_words_only_when_the_model_lacks_the_joined_word(glove, navec):
    assert parse_expression("king-man+woman") == (["king-man", "woman"], [])
    assert parse_expression("king-man+woman", known=glove.__contains__) == (["king", "woman"], ["man"])
    assert parse_expression("пресс-служба - москва", known=navec.__contains__) == (["пресс-служба"], ["москва"])


@pytest.mark.parametrize("text", ["", "   ", "- man - woman", "+ -"])
def test_an_expression_without_a_word_to_add(text):
    with pytest.raises(UserInputError) as info:
        parse_expression(text)
    assert info.value.key == "error.analogy_no_positive"


def test_bad_questions_are_clear_errors(glove, navec):
    for positive, negative in ((["king"], []), (["king", "queen"], []), (["king"], ["man"])):
        with pytest.raises(UserInputError) as info:
            analogy(glove, positive, negative)
        assert info.value.key == "error.analogy_too_few"
    with pytest.raises(UserInputError) as info:
        analogy(glove, ["king", "King"], ["man"])
    assert info.value.key == "error.analogy_repeated" and info.value.params["words"] == "king"
    with pytest.raises(UnknownWordsError) as info:
        analogy(glove, ["kingg", "woman"], ["mannn"])
    assert info.value.unknown == ["kingg", "mannn"] and "king" in info.value.suggestions["kingg"]
    # Latin words against the Russian model: named, whether navec happens to know them or not
    assert foreign_words(["king", "женщина", "mann", "пресс-служба", "42"], "ru") == ["king", "mann"]
    assert foreign_words(["king", "королева"], "en") == ["королева"]
    with pytest.raises(UnknownWordsError) as info:
        analogy(navec, ["kingdomz", "женщина"], ["мужчина"])
    assert info.value.unknown == ["kingdomz"]
    with pytest.raises(UserInputError) as info:
        analogy(glove, ["king", "woman"], ["man"], method="3cosmax")
    assert info.value.key == "error.analogy_method"


def test_the_whole_google_set_gives_the_known_accuracy(glove):
    result = evaluate_analogies(glove, GOOGLE, restrict_vocab=30000)
    assert round(result.accuracy, 4) == 0.4969  # gensim's evaluate_word_analogies, DESIGN.md
    assert len(result.sections) == 14 and result.total + result.skipped == 19544


def _subset(tmp_path, per_section, case=str.lower):
    lines = []
    for name, questions in read_questions(GOOGLE):
        lines.append(f": {name}")
        lines += [" ".join(case(w) for w in q) for q in questions[:per_section]]
    path = tmp_path / "subset.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title])
def test_batched_accuracy_equals_gensim_section_by_section(glove, tmp_path, case):
    path = _subset(tmp_path, 30, case)
    ours = evaluate_analogies(glove, path, restrict_vocab=30000, batch=64)
    score, theirs = glove.evaluate_word_analogies(str(path), restrict_vocab=30000)
    theirs = [s for s in theirs if s["section"] != "Total accuracy"]
    assert [s.name for s in ours.sections] == [s["section"] for s in theirs]
    assert [s.correct for s in ours.sections] == [len(s["correct"]) for s in theirs]
    assert [s.total for s in ours.sections] == [len(s["correct"]) + len(s["incorrect"]) for s in theirs]
    assert ours.accuracy == pytest.approx(score)


def test_wrong_answers_are_kept_as_examples(glove, tmp_path):
    result = evaluate_analogies(glove, _subset(tmp_path, 30), restrict_vocab=30000, wrong_examples=3)
    assert all(len(s.wrong) == min(3, s.total - s.correct) for s in result.sections)
    examples = [w for s in result.sections for w in s.wrong]
    assert len(examples) >= 10
    for a, b, c, expected, predicted in examples:
        assert predicted != expected.lower()
        assert analogy(glove, [b.lower(), c.lower()], [a.lower()], topn=1, restrict_vocab=30000)[0][0] == predicted


def test_3cosmul_benchmark_agrees_with_single_questions(glove, tmp_path):
    path = _subset(tmp_path, 5)
    result = evaluate_analogies(glove, path, restrict_vocab=30000, method="3cosmul")
    expected = 0
    for _, questions in read_questions(path):
        for a, b, c, d in questions:
            words = [w.lower() for w in (a, b, c, d)]
            if all(glove.key_to_index.get(w, 10**9) < 30000 for w in words):
                top = analogy(glove, words[1:3], words[:1], topn=1, method="3cosmul", restrict_vocab=30000)
                expected += top[0][0] == words[3]
    assert result.correct == expected


def test_a_smaller_vocabulary_skips_more_questions(glove):
    small = evaluate_analogies(glove, GOOGLE, restrict_vocab=5000)
    large = evaluate_analogies(glove, GOOGLE, restrict_vocab=30000)
    assert small.skipped > large.skipped and small.total < large.total


def test_word_pair_correlations(glove):
    path = datapath("wordsim353.tsv")
    spearman, pearson, oov = evaluate_word_pairs(glove, path)
    pairs = [line.split("\t") for line in open(path, encoding="utf-8") if not line.startswith("#")]
    pairs = [(a.lower(), b.lower(), float(s)) for a, b, s in pairs if a.lower() in glove and b.lower() in glove]
    model = [glove.similarity(a, b) for a, b, _ in pairs]
    assert spearman == pytest.approx(spearmanr(model, [s for *_, s in pairs]).statistic, abs=1e-9)
    assert 0.4 < spearman < 0.7 and -1 <= pearson <= 1 and oov == 0


def test_the_picture_holds_the_analogy_its_answer_and_the_computed_vector(glove):
    from core.embeddings.analogy import analogy_picture

    picture = analogy_picture(glove, ["king", "woman"], ["man"], "queen", neighbours=2)
    assert picture.words[:4] == ["king", "woman", "man", "queen"]
    assert picture.roles == ["added", "added", "subtracted", "answer", "neighbour", "neighbour", "target"]
    assert picture.points.shape == (7, 2) and np.allclose(picture.points.mean(axis=0), 0, atol=1e-9)
    # an orthogonal projection (PCA) never stretches a distance
    units = [glove[w] / np.linalg.norm(glove[w]) for w in picture.words[:-1]]
    for i in range(6):
        for j in range(6):
            flat = np.linalg.norm(picture.points[i] - picture.points[j])
            assert flat <= np.linalg.norm(units[i] - units[j]) + 1e-6


def test_word_axes_are_projections_on_word_directions(glove):
    from core.embeddings.analogy import axis_coordinates

    coords = axis_coordinates(glove, ["man", "woman", "king", "queen"], ("man", "woman"), ("man", "king"))
    unit = {w: glove[w] / np.linalg.norm(glove[w]) for w in ("man", "woman", "king", "queen")}
    gender = unit["woman"] - unit["man"]
    assert coords[3, 0] == pytest.approx(unit["queen"] @ gender / np.linalg.norm(gender), abs=1e-5)
    assert coords[1, 0] - coords[0, 0] == pytest.approx(np.linalg.norm(gender), abs=1e-5)  # woman is further along
    assert coords[3, 0] > coords[2, 0] and coords[2, 1] > coords[0, 1]  # queen more "woman", king more "king"
    with pytest.raises(UserInputError) as info:
        axis_coordinates(glove, ["man"], ("man", "Man"), ("man", "king"))
    assert info.value.key == "error.axis_same"


def test_gallery_words_are_all_in_their_models(glove, navec):
    from core.embeddings.analogy_gallery import GALLERY

    for kv, lang in ((glove, "en"), (navec, "ru")):
        kinds = {g.kind for g in GALLERY[lang]}
        assert {"gender", "capital", "plural", "tense", "comparative"} <= kinds
        for g in GALLERY[lang]:
            assert all(w in kv for w in (g.a, g.b, g.c, g.expected)), g
        ranks = [rank_of(kv, g.expected, g.positive, g.negative) for g in GALLERY[lang]]
        assert any(r == 1 for r in ranks) and any(r > 1 for r in ranks)  # some succeed, some fail


def test_the_russian_set_is_ours_well_formed_and_answerable(navec):
    from core.embeddings.analogy_sets import analogy_set

    path = analogy_set("ru")
    sections = read_questions(path)
    assert len(sections) >= 5 and sum(len(q) for _, q in sections) >= 100
    lines = [line.split() for line in open(path, encoding="utf-8") if not line.startswith(":")]
    assert all(len(words) == 4 for words in lines)
    assert all(navec.key_to_index[w] < 100000 for words in lines for w in words)
    ours = evaluate_analogies(navec, path, restrict_vocab=100000)
    score, _ = navec.evaluate_word_analogies(str(path), restrict_vocab=100000)
    assert ours.skipped == 0 and ours.accuracy == pytest.approx(score)
    assert 0.3 < ours.accuracy < 0.9


@pytest.mark.parametrize("method", ["3cosadd", "3cosmul"])
@pytest.mark.parametrize("exclude", [True, False])
def test_answers_and_rank_in_one_pass_equal_the_two_calls(glove, method, exclude):
    from core.embeddings.analogy import answers_and_rank

    found, rank = answers_and_rank(glove, ["king", "woman"], ["man"], "princess", method, exclude)
    assert found == analogy(glove, ["king", "woman"], ["man"], method=method, exclude_inputs=exclude)
    assert rank == rank_of(glove, "princess", ["king", "woman"], ["man"], method, exclude)
    assert answers_and_rank(glove, ["king", "woman"], ["man"], None, method, exclude)[1] is None
