"""word2vec and fastText trained with gensim on a small corpus, with a snapshot after every epoch
so that students can watch words move into place, and the comparisons the lecture makes
(CBOW against skip-gram on frequent and rare words; fastText against word2vec on unseen words)."""

from __future__ import annotations

import hashlib
import io
import time
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Callable, Sequence

import numpy as np

from core.errors import UserInputError

if TYPE_CHECKING:
    from gensim.models import KeyedVectors

ALGORITHMS = ("word2vec", "fasttext")
MAX_TRACKED = 300  # words whose every epoch is kept: enough for a readable map, small in memory
# fastText's n-gram table: gensim's default 2,000,000 rows x 50 floats is 381 MB per trained model,
# and a class keeps dozens of them. A corpus only trains its vocabulary's n-grams (15,187 on the
# Lee news at 4..5 letters), so the table gets five rows per distinct n-gram: 75,935 rows, 14.5 MB,
# training 1.3-2 s instead of 2.7-3.5 s. About one n-gram in six then shares its row (hashing
# collisions); across seeds 0-5 the unseen words' neighbours share their pieces as often as with
# 2,000,000 rows (mean 3.47 of 5 against 3.45).
NGRAM_ROWS_PER_NGRAM = 5
MIN_BUCKET, MAX_BUCKET = 1_000, 2_000_000  # gensim's default is the most a corpus gets


@dataclass(frozen=True)
class TrainingParams:
    """gensim's own parameter names, so that what students set here carries over to gensim."""

    algorithm: str = "word2vec"
    sg: int = 1  # 1 skip-gram, 0 CBOW
    vector_size: int = 50
    window: int = 5
    negative: int = 5
    ns_exponent: float = 0.75
    epochs: int = 5
    min_count: int = 3
    seed: int = 0
    min_n: int = 3  # fastText's character n-gram lengths
    max_n: int = 6

    def gensim_kwargs(self) -> dict:
        kwargs = asdict(self)
        algorithm = kwargs.pop("algorithm")
        if algorithm != "fasttext":
            kwargs.pop("min_n"), kwargs.pop("max_n")
        # One worker thread: gensim's runs are reproducible only then (threads race on updates).
        return {**kwargs, "workers": 1}


@dataclass(frozen=True, eq=False)
class TrainedModel:
    params: TrainingParams
    wv: KeyedVectors
    tracked: tuple[str, ...]
    snapshots: np.ndarray  # (epochs + 1) x tracked x dim: unit vectors before training and after each epoch
    seconds: float

    def aligned_snapshots(self) -> np.ndarray:
        return align_snapshots(self.snapshots)


def train_embeddings(
    sentences: Sequence[Sequence[str]],
    params: TrainingParams = TrainingParams(),
    track: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> TrainedModel:
    """Train word2vec or fastText; `progress(epoch, epochs)` is called after every epoch.

    Tracked words are `track` (those in the vocabulary) followed by the most frequent words,
    up to MAX_TRACKED."""
    from gensim.models import FastText, Word2Vec
    from gensim.models.callbacks import CallbackAny2Vec

    if params.algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}")
    sentences = [list(s) for s in sentences if s]
    model_class = FastText if params.algorithm == "fasttext" else Word2Vec
    sized = {"bucket": ngram_bucket(sentences, params)} if params.algorithm == "fasttext" else {}
    model = model_class(**params.gensim_kwargs(), **sized)
    model.build_vocab(sentences)
    if len(model.wv) < 2:
        raise UserInputError(
            "error.too_few_words_to_train", "Fewer than two words occur {min_count} times or more: lower min_count",
            min_count=params.min_count,
        )
    keys = model.wv.key_to_index
    chosen = list(dict.fromkeys(w for w in track if w in keys))
    tracked = (chosen + [w for w in model.wv.index_to_key if w not in set(chosen)])[:MAX_TRACKED]
    ids = np.array([keys[w] for w in tracked])
    snapshots = [_unit_rows(_word_vectors(model)[ids])]

    class Snapshot(CallbackAny2Vec):
        def on_epoch_end(self, trained):
            snapshots.append(_unit_rows(_word_vectors(trained)[ids]))
            if progress is not None:
                progress(len(snapshots) - 1, params.epochs)

    start = time.perf_counter()
    model.train(sentences, total_examples=len(sentences), epochs=params.epochs, callbacks=[Snapshot()])
    seconds = time.perf_counter() - start
    wv = model.wv
    wv.fill_norms()
    for array in (wv.vectors, wv.norms):
        array.flags.writeable = False
    return TrainedModel(params, wv, tuple(tracked), np.stack(snapshots), seconds)


def ngram_bucket(sentences: Sequence[Sequence[str]], params: TrainingParams) -> int:
    """Rows of fastText's n-gram table for this corpus: NGRAM_ROWS_PER_NGRAM per distinct
    character n-gram of the words gensim will keep (those seen min_count times or more)."""
    counts = Counter(w for sentence in sentences for w in sentence)
    grams = {g for w, c in counts.items() if c >= params.min_count for g in word_ngrams(w, params.min_n, params.max_n)}
    return min(MAX_BUCKET, max(MIN_BUCKET, NGRAM_ROWS_PER_NGRAM * len(grams)))


def _word_vectors(model) -> np.ndarray:
    wv = model.wv
    if hasattr(wv, "adjust_vectors"):
        # fastText's word vectors are means of the word's own row and its n-gram rows (see
        # core.embeddings.fasttext_vectors), refreshed by gensim only after the last epoch; a snapshot needs them now.
        wv.adjust_vectors()
    return wv.vectors


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def align_snapshots(snapshots: np.ndarray) -> np.ndarray:
    """Rotate every epoch's vectors onto the last epoch's (orthogonal Procrustes).

    word2vec's loss does not change when the whole space is rotated, so two epochs share no
    axes: without this, a picture of successive epochs would spin rather than show words moving.
    Rotations keep every cosine, so the aligned vectors are as true as the raw ones."""
    from scipy.linalg import orthogonal_procrustes

    final = snapshots[-1]
    aligned = np.empty_like(snapshots)
    for i, snapshot in enumerate(snapshots):
        rotation, _ = orthogonal_procrustes(snapshot, final)
        aligned[i] = snapshot @ rotation
    return aligned


def epoch_coordinates(snapshots: np.ndarray) -> np.ndarray:
    """2-D coordinates of aligned snapshots, by one PCA fitted on the last epoch and reused for
    every epoch, so that a word's movement on screen is its movement in the space."""
    aligned = align_snapshots(snapshots)
    final = aligned[-1]
    mean = final.mean(axis=0)
    _, _, vt = np.linalg.svd(final - mean, full_matrices=False)
    axes = vt[:2].T
    # Fix each axis's sign so that re-training with another seed does not mirror the picture.
    signs = np.sign(((final - mean) @ axes)[np.argmax(np.abs((final - mean) @ axes), axis=0), [0, 1]])
    return (aligned - mean) @ (axes * np.where(signs == 0, 1, signs))


def epoch_neighbours(model: TrainedModel, word: str, topn: int = 5) -> list[list[tuple[str, float]]]:
    """Nearest tracked words of `word` before training and after each epoch (cosine)."""
    index = model.tracked.index(word)
    result = []
    for snapshot in model.snapshots:
        cosines = snapshot @ snapshot[index]
        cosines[index] = -np.inf
        order = np.argsort(-cosines, kind="stable")[: min(topn, len(model.tracked) - 1)]
        result.append([(model.tracked[i], float(cosines[i])) for i in order])
    return result


def word_ngrams(word: str, min_n: int = 3, max_n: int = 6) -> list[str]:
    """fastText's character n-grams of a word, with its boundary marks < and >, shortest first
    (gensim's own function, so the page shows exactly what the model uses)."""
    from gensim.models.fasttext_inner import compute_ngrams

    return compute_ngrams(word, min_n, max_n)


def plain_ngrams(word: str, n: int = 3) -> list[str]:
    """The lecture's picture of n-grams without boundary marks: apple -> app, ppl, ple."""
    return [word[i : i + n] for i in range(len(word) - n + 1)] or [word]


@dataclass(frozen=True)
class BandScore:
    band: str  # "frequent" | "rare"
    words: int
    sg: float  # mean Spearman agreement with the reference, skip-gram
    cbow: float


def frequency_bands(wv: KeyedVectors, candidates: Sequence[str], size: int = 100) -> dict[str, list[str]]:
    """The `size` most frequent and the `size` rarest of `candidates` (by the model's counts)."""
    words = sorted((w for w in candidates if w in wv.key_to_index), key=lambda w: -wv.get_vecattr(w, "count"))
    size = min(size, len(words) // 2)
    return {"frequent": words[:size], "rare": words[len(words) - size :] if size else []}


def agreement(wv: KeyedVectors, reference: Callable[[list[str]], np.ndarray], words: Sequence[str],
              others: Sequence[str]) -> float:
    """Mean over `words` of the Spearman correlation between the trained model's cosines to
    `others` and the reference similarities to the same words (1 = same order of similarity)."""
    from scipy.stats import rankdata

    if not words or len(others) < 3:
        return float("nan")
    trained = _unit_rows(wv[list(words)]) @ _unit_rows(wv[list(others)]).T
    expected = reference(list(words)) @ reference(list(others)).T
    scores = []
    for word, a, b in zip(words, trained, expected):
        keep = [i for i, other in enumerate(others) if other != word]  # a word's 1 with itself says nothing
        ra, rb = rankdata(a[keep]), rankdata(b[keep])
        if np.ptp(ra) and np.ptp(rb):
            scores.append(np.corrcoef(ra, rb)[0, 1])
    return float(np.mean(scores)) if scores else float("nan")


def unit_reference(kv: KeyedVectors) -> Callable[[list[str]], np.ndarray]:
    """A pretrained model as a reference for `agreement`: words to their unit vectors."""
    return lambda words: _unit_rows(kv[list(words)])


def compare_sg_cbow(
    sentences: Sequence[Sequence[str]],
    params: TrainingParams,
    reference: Callable[[list[str]], np.ndarray],
    candidates: Sequence[str],
    size: int = 100,
) -> tuple[list[BandScore], dict[str, float]]:
    """Train skip-gram and CBOW with the same settings and score both, on the most frequent and
    the rarest words, by agreement with a reference (a big pretrained model or the planted
    structure). Also returns each one's training time in seconds."""
    models = {sg: train_embeddings(sentences, TrainingParams(**{**asdict(params), "sg": sg})) for sg in (1, 0)}
    bands = frequency_bands(models[1].wv, candidates, size)
    others = [w for w in candidates if w in models[1].wv.key_to_index]
    scores = [
        BandScore(band, len(words), *(agreement(models[sg].wv, reference, words, others) for sg in (1, 0)))
        for band, words in bands.items()
    ]
    return scores, {"sg": models[1].seconds, "cbow": models[0].seconds}


def word2vec_text(wv: KeyedVectors) -> bytes:
    """The vectors in word2vec's text format (header "count dim", then "word v1 v2 ..."),
    floats written in full so that the download is exact. A key with spaces in it (an item
    name from an uploaded CSV) gets underscores instead: the format splits lines on spaces."""
    out = io.StringIO()
    out.write(f"{len(wv)} {wv.vector_size}\n")
    for word, vector in zip(wv.index_to_key, wv.vectors):
        out.write("_".join(str(word).split()) + " " + " ".join(repr(float(x)) for x in vector) + "\n")
    return out.getvalue().encode("utf-8")


def fingerprint(*parts) -> str:
    """A short stable name for a corpus and settings (a link or a cache can carry it)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:12]


def analogies_by_epoch(model: TrainedModel, questions: Sequence[tuple[str, str, str, str]]) -> np.ndarray:
    """Share of analogy questions (a, b, c, expected: a − b + c = expected) answered right by
    3CosAdd among the tracked words, before training and after each epoch; questions with a
    word that is not tracked are left out. Returns one value per snapshot (NaN if none count)."""
    index = {w: i for i, w in enumerate(model.tracked)}
    usable = [q for q in questions if all(w in index for w in q)]
    if not usable:
        return np.full(len(model.snapshots), np.nan)
    a, b, c, expected = (np.array([index[q[n]] for q in usable]) for n in range(4))
    rows = np.arange(len(usable))
    scores = []
    for snapshot in model.snapshots:
        cosines = (snapshot[a] - snapshot[b] + snapshot[c]) @ snapshot.T
        for inputs in (a, b, c):  # gensim's convention: the question's own words never answer it
            cosines[rows, inputs] = -np.inf
        scores.append(float(np.mean(np.argmax(cosines, axis=1) == expected)))
    return np.array(scores)
