"""Analogies in a vector space: a − b + c by 3CosAdd (gensim's `most_similar`) and 3CosMul
(Levy and Goldberg 2014, gensim's `most_similar_cosmul`), free expressions with any number of
+ and − words, and the benchmark over a whole analogy file, batched into matrix products."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.embeddings.similarity import _smallest, known_words
from core.embeddings.similarity import neighbours as nearest
from core.errors import UserInputError

METHODS = ("3cosadd", "3cosmul")
COSMUL_EPSILON = 1e-6  # gensim's, keeps the division finite when a negative word is opposite


def parse_expression(text: str, known=None) -> tuple[list[str], list[str]]:
    """`king - man + woman` -> (["king", "woman"], ["man"]). A word without a sign before it
    is added. A hyphen between letters belongs to the word (пресс-служба) unless `known` (a
    test of whether the model has a word) says there is no such word: then `king-man+woman`
    reads as king − man + woman."""
    tokens = re.findall(r"[+−]|(?<![^\s+−])-|[^\s+−-]+(?:-[^\s+−-]+)*|-", text.replace("—", "−"))
    positive, negative, sign = [], [], +1
    for token in tokens:
        if token == "+":
            sign = +1
        elif token in ("-", "−"):
            sign = -1
        else:
            parts = [token] if known is None or known(token) or "-" not in token else token.split("-")
            for k, part in enumerate(parts):
                (positive if (sign if k == 0 else -1) > 0 else negative).append(part)
            sign = +1
    if not positive:
        raise UserInputError("error.analogy_no_positive", "An analogy needs at least one word to add")
    return positive, negative


def _check(kv, positive: list[str], negative: list[str]) -> tuple[list[int], list[int]]:
    words = [*positive, *negative]
    if len(words) < 3:  # a − b + c: with two words there is no analogy, only a sum
        raise UserInputError("error.analogy_too_few", "An analogy needs at least three words, got {n}", n=len(words))
    keys = known_words(kv, words)
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise UserInputError("error.analogy_repeated", "A word appears twice: {words}", words=", ".join(repeated))
    index = [kv.key_to_index[k] for k in keys]
    return index[: len(positive)], index[len(positive):]


def _unit(kv, i: int) -> np.ndarray:
    return kv.vectors[i].astype(np.float64) / float(kv.norms[i])


def analogy_scores(kv, positive: list[str], negative: list[str], method: str = "3cosadd",
                   restrict_vocab: int | None = None) -> tuple[np.ndarray, list[int]]:
    """Every word's score (higher is better) and the indices of the input words."""
    if method not in METHODS:
        raise UserInputError("error.analogy_method", "Unknown analogy method {method!r}", method=method)
    pos, neg = _check(kv, positive, negative)
    vectors = kv.vectors[:restrict_vocab] if restrict_vocab else kv.vectors
    norms = kv.norms[: len(vectors)]
    if method == "3cosadd":
        mean = sum(_unit(kv, i) for i in pos) - sum((_unit(kv, i) for i in neg), np.zeros(kv.vector_size))
        mean /= np.linalg.norm(mean) or 1.0
        return (vectors @ mean.astype(np.float32)) / norms, pos + neg
    # 3CosMul: cosines shifted to [0, 1], multiplied for added words, divided for subtracted ones
    shifted = [(1 + (vectors @ _unit(kv, i).astype(np.float32)) / norms) / 2 for i in pos + neg]
    scores = np.prod(shifted[: len(pos)], axis=0)
    if neg:
        scores = scores / (np.prod(shifted[len(pos):], axis=0) + COSMUL_EPSILON)
    return scores, pos + neg


def analogy(kv, positive: list[str], negative: list[str] = (), topn: int = 10, method: str = "3cosadd",
            exclude_inputs: bool = True, restrict_vocab: int | None = None) -> list[tuple[str, float]]:
    """The `topn` answers to sum(positive) − sum(negative) with their scores, as gensim's
    most_similar ("3cosadd") or most_similar_cosmul ("3cosmul"). With `exclude_inputs` off,
    the input words compete too, and often win (Nissim, van Noord and van der Goot 2020)."""
    scores, inputs = analogy_scores(kv, list(positive), list(negative), method, restrict_vocab)
    return _top(kv, scores, set(inputs) if exclude_inputs else set(), topn)


def rank_of(kv, expected: str, positive: list[str], negative: list[str], method: str = "3cosadd",
            exclude_inputs: bool = True) -> int:
    """Where `expected` comes among all answers (1 = the top answer)."""
    scores, inputs = analogy_scores(kv, list(positive), list(negative), method)
    return _rank(kv, scores, inputs, expected, exclude_inputs)


def answers_and_rank(kv, positive: list[str], negative: list[str], expected: str | None, method: str = "3cosadd",
                     exclude_inputs: bool = True, topn: int = 10) -> tuple[list[tuple[str, float]], int | None]:
    """`analogy` and `rank_of` from one pass over the model (a page shows both on every rerun)."""
    scores, inputs = analogy_scores(kv, list(positive), list(negative), method)
    found = _top(kv, scores, set(inputs) if exclude_inputs else set(), topn)
    return found, (_rank(kv, scores, inputs, expected, exclude_inputs) if expected else None)


def _top(kv, scores: np.ndarray, skip: set[int], topn: int) -> list[tuple[str, float]]:
    top = _smallest(-scores, min(len(scores), topn + len(skip)))
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(kv.index_to_key[i], float(scores[i])) for i in top if i not in skip][:topn]


def _rank(kv, scores: np.ndarray, inputs: list[int], expected: str, exclude_inputs: bool) -> int:
    (key,) = known_words(kv, [expected])
    target = kv.key_to_index[key]
    better = scores > scores[target]
    if exclude_inputs:
        better[[i for i in inputs if i != target]] = False
    return int(better.sum()) + 1


# ---- the benchmark


@dataclass
class SectionResult:
    name: str
    correct: int = 0
    total: int = 0  # questions whose four words are all within the restricted vocabulary
    skipped: int = 0  # questions with a word outside it (gensim's "OOV")
    wrong: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # a b c expected predicted

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class AnalogyEvaluation:
    method: str
    restrict_vocab: int
    sections: list[SectionResult]

    @property
    def correct(self) -> int:
        return sum(s.correct for s in self.sections)

    @property
    def total(self) -> int:
        return sum(s.total for s in self.sections)

    @property
    def skipped(self) -> int:
        return sum(s.skipped for s in self.sections)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def read_questions(path: str | Path) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """Sections of (a, b, c, expected) from a file in Google's format (": section" lines, then
    "a b c d" lines); lines that are not four words are skipped, as gensim does."""
    sections: list[tuple[str, list]] = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(": "):
                sections.append((line[2:].strip(), []))
            elif sections:
                words = line.split()
                if len(words) == 4:
                    sections[-1][1].append(tuple(words))
    return sections


def evaluate_analogies(kv, path: str | Path, restrict_vocab: int = 30000, method: str = "3cosadd",
                       wrong_examples: int = 5, batch: int = 512) -> AnalogyEvaluation:
    """Accuracy over an analogy file, by section, with gensim's conventions: case-insensitive,
    only the `restrict_vocab` most frequent words as inputs and answers, questions with other
    words skipped, input words never an answer. 3CosAdd gives exactly gensim's
    `evaluate_word_analogies`; the questions go through in batches of matrix products, so the
    19,544 Google questions take under a second instead of minutes."""
    if method not in METHODS:
        raise UserInputError("error.analogy_method", "Unknown analogy method {method!r}", method=method)
    restrict_vocab = int(min(max(restrict_vocab, 1), len(kv.index_to_key)))
    keys = kv.index_to_key[:restrict_vocab]
    upper = [k.upper() for k in keys]
    # as gensim: when two words differ only in case, the more frequent one stands for both
    index = {u: i for i, u in reversed(list(enumerate(upper)))}
    unit = kv.vectors[:restrict_vocab] / kv.norms[:restrict_vocab, None]
    sections = []
    for name, questions in read_questions(path):
        section = SectionResult(name)
        rows = []
        for q in questions:
            up = [w.upper() for w in q]
            if all(w in index for w in up):
                rows.append((q, [index[w] for w in up], up))
            else:
                section.skipped += 1
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            ids = np.array([r[1] for r in chunk])
            a, b, c = unit[ids[:, 0]], unit[ids[:, 1]], unit[ids[:, 2]]
            if method == "3cosadd":
                target = b + c - a
                target /= np.linalg.norm(target, axis=1, keepdims=True)
                scores = target @ unit.T
            else:
                # (1 + cos b)/2 · (1 + cos c)/2 / ((1 + cos a)/2 + ε), in place: the 512 × 30,000
                # intermediates are what costs time here, not the products
                scores, other, below = b @ unit.T, c @ unit.T, a @ unit.T
                for part in (scores, other, below):
                    part += 1
                    part *= 0.5
                below += COSMUL_EPSILON
                scores *= other
                scores /= below
            rows_i = np.arange(len(chunk))[:, None]
            scores[rows_i, ids[:, :3]] = -np.inf  # gensim leaves the input words out
            best = np.argmax(scores, axis=1)  # 10x faster than a top-5 partition of every row
            for row, ((q, _, up), first) in enumerate(zip(chunk, best)):
                predicted = upper[first]
                if predicted in up[:3]:
                    # A case variant of an input word (Paris for PARIS): gensim then takes the
                    # next of its top five that is not one, or else the fifth.
                    for i in np.argsort(-scores[row])[1:5]:
                        predicted = upper[i]
                        if predicted not in up[:3]:
                            break
                section.total += 1
                if predicted == up[3]:
                    section.correct += 1
                elif len(section.wrong) < wrong_examples:
                    section.wrong.append((*q, keys[index[predicted]] if predicted in index else ""))
        sections.append(section)
    return AnalogyEvaluation(method, restrict_vocab, sections)


def evaluate_word_pairs(kv, path: str | Path) -> tuple[float, float, float]:
    """Spearman and Pearson correlation of the model's cosines with human similarity ratings
    (WordSim353, SimLex-999), and the share of pairs skipped as unknown, through gensim."""
    pearson, spearman, oov = kv.evaluate_word_pairs(str(path), case_insensitive=True)
    return float(spearman.statistic), float(pearson.statistic), float(oov) / 100


# ---- pictures


@dataclass(frozen=True)
class AnalogyPicture:
    words: list[str]
    roles: list[str]  # "added", "subtracted", "answer", "neighbour", "target" (the computed vector)
    points: np.ndarray  # n x 2


def analogy_picture(kv, positive: list[str], negative: list[str], answer: str | None, neighbours: int = 3,
                    seed: int = 0) -> AnalogyPicture:
    """The words of the analogy, its answer, the computed vector sum(positive) − sum(negative)
    and a few neighbours of the answer, placed by a PCA fitted to just these unit vectors (so
    the picture spends its two dimensions on the analogy, not on the whole vocabulary)."""
    pos, neg = _check(kv, list(positive), list(negative))
    words = [kv.index_to_key[i] for i in pos + neg]
    roles = ["added"] * len(pos) + ["subtracted"] * len(neg)
    vectors = [_unit(kv, i) for i in pos + neg]
    target = sum(vectors[: len(pos)]) - sum(vectors[len(pos):], np.zeros(kv.vector_size))
    if answer:
        (answer,) = known_words(kv, [answer])
        if answer not in words:
            words.append(answer)
            roles.append("answer")
            vectors.append(_unit(kv, kv.key_to_index[answer]))
            for word, _ in nearest(kv, answer, topn=neighbours + len(words)):
                if word not in words and neighbours > 0:
                    words.append(word)
                    roles.append("neighbour")
                    vectors.append(_unit(kv, kv.key_to_index[word]))
                    neighbours -= 1
    words.append(" ".join([*positive[:1], *(f"− {w}" for w in negative), *(f"+ {w}" for w in positive[1:])]))
    roles.append("target")
    vectors.append(target / (np.linalg.norm(target) or 1.0))  # its direction is what the search compares
    matrix = np.stack(vectors)
    centred = matrix - matrix.mean(axis=0)
    # PCA by SVD: a handful of points, no need for scikit-learn; signs fixed for a stable picture
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    components = components[:2] * np.sign(components[:2, :1] + 1e-12)
    return AnalogyPicture(words, roles, centred @ components.T)


def axis_coordinates(kv, words: list[str], axis_x: tuple[str, str], axis_y: tuple[str, str]) -> np.ndarray:
    """Each word's place along two word directions (whatlies' "axes defined by words"): the
    projection of its unit vector on the unit vector from one word of a pair to the other."""
    keys = known_words(kv, [*axis_x, *axis_y])
    directions = []
    for start, end in (keys[:2], keys[2:]):
        if start == end:
            raise UserInputError("error.axis_same", "An axis needs two different words, got {word} twice", word=start)
        d = _unit(kv, kv.key_to_index[end]) - _unit(kv, kv.key_to_index[start])
        length = float(np.linalg.norm(d))
        if not length > 0:  # two words with one direction (neither shipped model has such a pair)
            raise UserInputError("error.axis_parallel", "{start} and {end} point the same way: they make no axis",
                                 start=start, end=end)
        directions.append(d / length)
    units = np.stack([_unit(kv, kv.key_to_index[w]) for w in known_words(kv, words)])
    return units @ np.stack(directions).T
