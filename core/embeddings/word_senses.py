"""Senses of a word in pretrained vectors, found without retraining anything.

A pretrained model keeps one vector per word, however many meanings the word has (the lecture's
motivation for AdaGram). The meanings still show in the word's neighbourhood: the nearest
neighbours of "python" are snakes, programming languages and Monty Python's comedians, and the
neighbours of one meaning are nearer each other than the neighbours of another. So:

1. take the word's `n` nearest neighbours (cosine);
2. join each neighbour to its `k` nearest among them, weight = cosine (a k-NN graph);
3. split the graph with Louvain (networkx), which maximises modularity; `resolution` above 1
   gives more, smaller groups, below 1 fewer, larger ones;
4. name each group by its most central words: the highest weighted degree inside the group.

A typed sentence is then read against the groups: the mean of its words' vectors is compared
with each group's centroid (cosine), and a softmax turns the cosines into shares.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.embeddings.similarity import known_words, nearest_to_vector
from core.embeddings.wordsets import _is_word
from core.errors import UserInputError
from core.text.stopwords import prepare_tokens

SUGGESTIONS = {
    "en": ("python", "mouse", "apple", "bank", "plant", "java"),
    "ru": ("замок", "ключ", "лук", "коса", "мир"),
}
NEIGHBOURS = (20, 150)  # the slider's range; apple's fruit sense starts at its 91st neighbour (GloVe)
DEFAULT_NEIGHBOURS = 60
GRAPH_K = 8  # each neighbour's links: with 5 the graph falls apart into small islands, with 15 into one blob
RESOLUTIONS = (0.3, 2.0)
DEFAULT_RESOLUTION = 1.0
NAME_WORDS = 3  # words that name a sense
# Softmax temperature for the context's shares: cosines of a context to the senses' centroids
# differ by 0.05-0.2, which at 0.05 reads as a clear preference and at 1 as none at all.
TEMPERATURE = 0.05
CANDIDATES = 4  # neighbours asked for per neighbour kept: numbers and punctuation are skipped


def _unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float64)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


@dataclass(frozen=True)
class Sense:
    """One group of a word's neighbours."""

    words: tuple[str, ...]  # most central first
    centrality: tuple[float, ...]  # weighted degree inside the group, aligned with words
    centroid: np.ndarray  # unit mean of the group's unit vectors
    word_cosine: float  # cosine of the word's own (single) vector to the centroid

    @property
    def name(self) -> tuple[str, ...]:
        return self.words[:NAME_WORDS]


@dataclass(frozen=True)
class SenseSplit:
    word: str  # in the model's spelling
    neighbours: tuple[str, ...]  # nearest first
    similarities: tuple[float, ...]  # cosine of each neighbour to the word
    vectors: np.ndarray  # unit vectors of the neighbours (n x dim)
    word_vector: np.ndarray  # the word's unit vector
    sense_of: tuple[int, ...]  # the sense index of each neighbour
    senses: tuple[Sense, ...]  # largest first
    edges: tuple[tuple[int, int, float], ...]  # the k-NN graph: (i, j, cosine), i < j

    @property
    def nearest_sense(self) -> int:
        """The sense whose centroid the word's single vector is nearest to."""
        return int(np.argmax([s.word_cosine for s in self.senses]))

    @property
    def farthest_sense(self) -> int:
        return int(np.argmin([s.word_cosine for s in self.senses]))


def neighbour_words(kv, key: str, n: int) -> list[tuple[str, float]]:
    """The `n` nearest words that are words (no numbers or punctuation: GloVe lists "1990" and
    "," among its tokens, which say nothing about a meaning)."""
    found = nearest_to_vector(kv, kv.vectors[kv.key_to_index[key]], min(n * CANDIDATES, len(kv.index_to_key) - 1),
                              exclude=(key,))
    return [(w, s) for w, s in found if _is_word(w)][:n]


def knn_graph(unit_vectors: np.ndarray, k: int = GRAPH_K):
    """Each row joined to its k most similar rows (cosine), as an undirected weighted networkx
    graph. Only positive cosines become edges: Louvain needs positive weights."""
    import networkx as nx

    similarity = unit_vectors @ unit_vectors.T
    np.fill_diagonal(similarity, -np.inf)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(unit_vectors)))
    k = min(k, len(unit_vectors) - 1)
    for i in range(len(unit_vectors)):
        for j in np.argpartition(-similarity[i], k - 1)[:k] if k > 0 else ():
            if similarity[i, j] > 0:
                graph.add_edge(i, int(j), weight=float(similarity[i, j]))
    return graph


def split_senses(kv, word: str, n_neighbours: int = DEFAULT_NEIGHBOURS, resolution: float = DEFAULT_RESOLUTION,
                 k: int = GRAPH_K, seed: int = 0) -> SenseSplit:
    """The word's neighbours split into senses by Louvain on their k-NN graph (see the module's
    docstring). Unknown words raise UnknownWordsError with close spellings."""
    import networkx as nx

    if not word or not word.strip():
        raise UserInputError("error.senses_no_word", "Type a word")
    (key,) = known_words(kv, [word])
    n_neighbours = int(min(max(n_neighbours, NEIGHBOURS[0]), NEIGHBOURS[1]))
    found = neighbour_words(kv, key, n_neighbours)
    if len(found) < 3:
        raise UserInputError("error.senses_too_few_neighbours", "{word} has too few neighbours to group",
                             word=key)
    words = [w for w, _ in found]
    vectors = _unit(np.stack([kv.vectors[kv.key_to_index[w]] for w in words]))
    word_vector = _unit(kv.vectors[kv.key_to_index[key]])
    graph = knn_graph(vectors, k)
    groups = nx.community.louvain_communities(graph, weight="weight", resolution=float(resolution), seed=seed)
    # Largest first; ties by the nearest member, so that the order does not depend on set order.
    groups = sorted((sorted(g) for g in groups), key=lambda g: (-len(g), g[0]))
    sense_of = [0] * len(words)
    senses = []
    for index, members in enumerate(groups):
        inside = set(members)
        degree = {i: sum(d["weight"] for j, d in graph[i].items() if j in inside) for i in members}
        ordered = sorted(members, key=lambda i: (-degree[i], i))
        centroid = _unit(vectors[members].mean(axis=0))
        for i in members:
            sense_of[i] = index
        senses.append(Sense(tuple(words[i] for i in ordered), tuple(degree[i] for i in ordered), centroid,
                            float(word_vector @ centroid)))
    edges = tuple(sorted((min(i, j), max(i, j), d["weight"]) for i, j, d in graph.edges(data=True)))
    return SenseSplit(key, tuple(words), tuple(s for _, s in found), vectors, word_vector, tuple(sense_of),
                      tuple(senses), edges)


def softmax(scores, temperature: float = TEMPERATURE) -> np.ndarray:
    scores = np.asarray(scores, dtype=np.float64) / temperature
    scores = np.exp(scores - scores.max())
    return scores / scores.sum()


@dataclass(frozen=True)
class ContextReading:
    """Which sense a sentence's other words point to."""

    used: tuple[str, ...]  # context words in the model's spelling (stop words and the word itself left out)
    stop: tuple[str, ...]
    unknown: tuple[str, ...]
    cosines: tuple[float, ...]  # context mean to each sense's centroid, aligned with split.senses
    shares: tuple[float, ...]  # softmax of the cosines at TEMPERATURE

    @property
    def chosen(self) -> int:
        return int(np.argmax(self.cosines))


def read_context(kv, split: SenseSplit, text: str, language: str) -> ContextReading:
    """The sense the words around `split.word` in `text` point to. Raises UserInputError for an
    empty or huge text, or one with no known content word besides the word itself."""
    tokens = prepare_tokens(text, kv, language)
    used = tuple(w for w in tokens.kept if w != split.word)
    if not used:
        raise UserInputError("error.senses_no_context", "No word of the sentence besides {word} is known",
                             word=split.word)
    mean = _unit(_unit(np.stack([kv.vectors[kv.key_to_index[w]] for w in used])).mean(axis=0))
    cosines = tuple(float(mean @ s.centroid) for s in split.senses)
    return ContextReading(used, tokens.stop, tokens.unknown, cosines, tuple(softmax(cosines).tolist()))


def neighbourhood_plane(split: SenseSplit) -> np.ndarray:
    """2-D PCA of the word (row 0) and its neighbours (rows 1..n): the plane through the
    neighbourhood's two widest directions, so that separate senses lie apart."""
    points = np.vstack([split.word_vector, split.vectors])
    centred = points - points.mean(axis=0)
    _, _, directions = np.linalg.svd(centred, full_matrices=False)
    plane = centred @ directions[:2].T
    # The sign of a principal direction is arbitrary: fix it so that the first sense lies right
    # and up, and the same word always gives the same picture.
    first = np.asarray([i + 1 for i, s in enumerate(split.sense_of) if s == 0])
    for axis in range(plane.shape[1]):
        if len(first) and plane[first, axis].mean() < 0:
            plane[:, axis] *= -1
    if plane.shape[1] < 2:
        plane = np.hstack([plane, np.zeros((len(plane), 2 - plane.shape[1]))])
    return plane


# ---------------------------------------------------------------- AdaGram trained in the app
# (the model itself is core.embeddings.senses; here what the page asks of it)

ALPHAS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)  # the α slider's steps, log-spaced
SWEEP_ALPHAS = (0.01, 0.03, 0.1, 0.3, 1.0)  # "how the number of senses follows α": five small models
MIN_OCCURRENCES = 20  # fewer occurrences than this cannot show two senses apart
MAX_TRAIN_TOKENS = 150_000  # AdaGram on the page trains on at most this many tokens (Lee: 60k)
SWEEP_WORDS = 20  # on a corpus without planted words, the sweep follows its most frequent content words


@dataclass(frozen=True)
class AdaGramParams:
    """The page's settings, small and hashable: a cache key."""

    alpha: float = 0.1
    max_senses: int = 5
    epochs: int = 5
    vector_size: int = 50
    window: int = 4
    min_count: int = 3
    seed: int = 0


def capped(sentences, limit: int = MAX_TRAIN_TOKENS) -> tuple[tuple[str, ...], ...]:
    """The first sentences up to `limit` tokens: an upload of megabytes trains in seconds, not
    minutes (AdaGram learns about 100k tokens a second per sense here)."""
    kept, total = [], 0
    for sentence in sentences:
        if total + len(sentence) > limit and kept:
            break
        kept.append(tuple(sentence))
        total += len(sentence)
    return tuple(kept)


def train_adagram(sentences, params: AdaGramParams, progress=None):
    from core.embeddings.senses import AdaGram

    model = AdaGram(vector_size=params.vector_size, max_senses=params.max_senses, alpha=params.alpha,
                    window=params.window, min_count=params.min_count, seed=params.seed)
    return model.train(capped(sentences), epochs=params.epochs, progress=progress)


def check_sense_word(model, word: str) -> str:
    """`word` as the model knows it, or a UserInputError: unknown (with close words of the
    corpus), or too rare to have senses."""
    import difflib

    word = word.strip().lower()
    if not word:
        raise UserInputError("error.senses_no_word", "Type a word")
    count = model.count(word)
    if count >= MIN_OCCURRENCES and word in model:
        return word
    if count == 0:
        close = difflib.get_close_matches(word, model.vocabulary, n=5, cutoff=0.7)
        raise UserInputError("error.senses_not_in_corpus", "{word} is not in the corpus", word=word,
                             close=", ".join(close))
    raise UserInputError("error.senses_too_rare", "{word} occurs {n} times; senses need {minimum}", word=word,
                         n=count, minimum=MIN_OCCURRENCES)


def slide_lines(word: str, senses, digits: int = 2) -> list[str]:
    """The senses in the lecture's slide format:
    apple (1) — ("almond", 1, 0.70) ("cherry", 2, 0.69) ("plum", 1, 0.69)"""
    return [f"{word} ({k + 1}) — " + " ".join(f'("{w}", {n}, {s:.{digits}f})' for w, n, s in neighbours)
            for k, (_, neighbours) in enumerate(senses)]


def sweep_words(model_words, counts, planted_ambiguous, planted_control, language: str) -> dict[str, list[str]]:
    """The words whose senses the α sweep counts: the planted ambiguous and control words on the
    planted corpus, otherwise the corpus's most frequent content words (no stop words)."""
    from core.text.stopwords import stop_words

    if planted_ambiguous:
        return {"ambiguous": list(planted_ambiguous), "control": list(planted_control)}
    stop = stop_words(language)
    frequent = [w for w, c in counts.most_common() if c >= MIN_OCCURRENCES and w in model_words and len(w) >= 4
                and _is_word(w) and w not in stop][:SWEEP_WORDS]
    return {"frequent": frequent}


def mean_senses(model, words) -> float:
    """Mean number of senses AdaGram shows (prior >= its MIN_PRIOR, the most probable always)
    over the `words` it knows."""
    counts = [len(model.senses(w, topn=0)) for w in words if w in model]
    return float(np.mean(counts)) if counts else float("nan")


def context_words(text: str, word: str, max_chars: int = 2000) -> list[str]:
    """The words of a typed sentence around `word` (the word itself left out)."""
    from core.text.tokenize import words as tokenize

    if len(text or "") > max_chars:
        raise UserInputError("error.text_too_many_chars", "At most {limit} characters, got {n}", limit=max_chars,
                             n=len(text))
    found = [w for w in tokenize(text or "") if w != word]
    if not found:
        raise UserInputError("error.senses_no_context", "No word of the sentence besides {word} is known", word=word)
    return found
