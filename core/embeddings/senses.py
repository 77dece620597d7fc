"""Adaptive Skip-gram (AdaGram): several vectors per word, as many as its contexts need.

Bartunov, Kondrashkin, Osokin, Vetrov (2016), "Breaking Sticks and Ambiguities with Adaptive
Skip-gram" (AISTATS). The lecture's slide: apple (1) — almond, cherry, plum; apple (2) —
macintosh, iifx, iigs.

The model. Word w has up to T sense vectors in_w1 .. in_wT (input side) and a prior over them
drawn from a Dirichlet process with concentration α, written as stick-breaking:

    β_wk ~ Beta(1, α),   π_wk = β_wk Π_{j<k} (1 − β_wj)           (β_wT = 1: truncation at T)

An occurrence i of word x_i first picks a sense z_i ~ Categorical(π_{x_i}), then each context
word y_ij (within the window) is drawn by skip-gram with that sense's vector, through
hierarchical softmax over a Huffman tree of the vocabulary (as word2vec and AdaGram.jl do):

    p(y | x, k) = Π_{n on y's path} σ((1 − 2·code_n) · in_xk · out_n)

Small α makes new sticks short (few senses); large α leaves more of the stick for new senses.

Inference (mean field): q(β_wk) = Beta(a_wk, b_wk), q(z_i) categorical, point estimates for the
vectors θ. The evidence lower bound

    ELBO = Σ_i Σ_k q(z_i = k) [Σ_j log p(y_ij | x_i, k, θ) + E_q[log π_{x_i k}] − log q(z_i = k)]
           + Σ_w Σ_k (E_q[log p(β_wk | α)] − E_q[log q(β_wk)])

is climbed online, one occurrence at a time (stochastic variational inference):

  * local step: q(z_i = k) ∝ exp(E[log π_{x_i k}] + Σ_j log p(y_ij | x_i, k)), where
    E[log π_k] = E[log β_k] + Σ_{j<k} E[log(1 − β_j)], E[log β] = ψ(a) − ψ(a + b),
    E[log(1 − β)] = ψ(b) − ψ(a + b);
  * the sticks: a_wk = 1 + n_wk, b_wk = α + Σ_{j>k} n_wj, where n_wk is the expected number of
    occurrences of w in sense k. Its optimum is Σ_{i: x_i = w} q(z_i = k); one occurrence gives
    the noisy estimate N_w q(z_i = k) (N_w the word's frequency), and the step
    n_wk ← n_wk + ρ_t (N_w q(z_i = k) − n_wk) is the natural-gradient step of SVI. All of a
    word's mass starts on sense 1 (n_w1 = N_w), as in AdaGram.jl;
  * θ: one gradient step of Σ_k q(z_i = k) Σ_j log p(y_ij | x_i, k) on the sense and node vectors;
  * learning rate, shared by both steps: ρ_t = max(ρ₀ (1 − t / (epochs · tokens)), ρ₀ · 10⁻⁴),
    t the number of occurrences seen so far (word2vec's linear decay; Robbins–Monro needs
    decreasing steps).

The loop itself is compiled (core.embeddings.senses_kernel). What a reader sees here is the
model's state and what it answers: a word's senses with their expected priors

    E[π_k] = E[β_k] Π_{j<k} (1 − E[β_j]),   E[β] = a / (a + b),

each sense's nearest sense vectors of other words (cosine), and which sense a context picks.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from typing import Callable, Iterable, Sequence

import numpy as np

from core.errors import UserInputError

MIN_PRIOR = 0.05  # a sense shown by senses(): used in at least one occurrence in twenty
SENSE_THRESHOLD = 1e-5  # q(z = k) below this: the sense gets no gradient for this occurrence (saves time)


def huffman_paths(counts: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Huffman tree of the vocabulary for hierarchical softmax: frequent words get short paths.

    Returns codes (V, L) int8 (the branch taken at each step from the root: 0 or 1), points
    (V, L) int32 (the inner node at each step, 0 .. V − 2; the root is V − 2) and lengths (V,).
    Ties are broken by creation order, so the tree is the same on every run."""
    n = len(counts)
    if n < 2:
        raise ValueError("a Huffman tree needs at least two words")
    heap = [(int(c), i) for i, c in enumerate(counts)]
    heapq.heapify(heap)
    parent = np.zeros(2 * n - 1, dtype=np.int64)
    branch = np.zeros(2 * n - 1, dtype=np.int8)
    next_id = n
    while len(heap) > 1:
        count_a, a = heapq.heappop(heap)
        count_b, b = heapq.heappop(heap)
        parent[a], branch[a] = next_id, 0
        parent[b], branch[b] = next_id, 1
        heapq.heappush(heap, (count_a + count_b, next_id))
        next_id += 1
    root = 2 * n - 2
    paths = []
    for word in range(n):
        steps, node = [], word
        while node != root:
            steps.append((int(parent[node]) - n, int(branch[node])))
            node = int(parent[node])
        paths.append(steps[::-1])
    longest = max(len(p) for p in paths)
    codes = np.zeros((n, longest), dtype=np.int8)
    points = np.zeros((n, longest), dtype=np.int32)
    lengths = np.array([len(p) for p in paths], dtype=np.int32)
    for word, steps in enumerate(paths):
        for step, (node, code) in enumerate(steps):
            points[word, step], codes[word, step] = node, code
    return codes, points, lengths


def expected_priors(sense_counts: np.ndarray, alpha: float) -> np.ndarray:
    """E[π_k] = E[β_k] Π_{j<k} (1 − E[β_j]) for every row of expected counts n (…, T), with
    E[β_k] = a_k / (a_k + b_k), a_k = 1 + n_k, b_k = α + Σ_{j>k} n_j and β_T = 1. Rows sum to 1."""
    counts = np.asarray(sense_counts, dtype=float)
    after = np.cumsum(counts[..., ::-1], axis=-1)[..., ::-1] - counts  # Σ_{j>k} n_j
    a, b = 1.0 + counts, alpha + after
    stick = a / (a + b)
    stick[..., -1] = 1.0
    left = np.cumprod(np.concatenate([np.ones(counts.shape[:-1] + (1,)), 1.0 - stick[..., :-1]], axis=-1),
                      axis=-1)
    return stick * left


def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -x)


class AdaGram:
    """Adaptive Skip-gram. `train` builds the vocabulary and learns from scratch; the other
    methods answer about a trained model. Same seed and same sentences give the same numbers.

    vector_size D, max_senses T, alpha α (the Dirichlet process' concentration), window (context
    words on each side, all of them as in AdaGram.jl; context_cut=True draws 1..window for each
    occurrence as word2vec does: faster, but weaker evidence for a new sense), min_count (rarer
    words are left out), lr the starting learning rate ρ₀, sample word2vec's subsampling of
    frequent words (0 = off, AdaGram.jl's default), seed."""

    def __init__(self, vector_size: int = 50, max_senses: int = 5, alpha: float = 0.1, window: int = 4,
                 min_count: int = 3, lr: float = 0.025, sample: float = 0.0, context_cut: bool = False,
                 seed: int = 0):
        for name, value, low in (("vector_size", vector_size, 1), ("max_senses", max_senses, 1),
                                 ("window", window, 1), ("min_count", min_count, 1)):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
        if not alpha > 0 or not np.isfinite(alpha):
            raise ValueError(f"alpha must be a positive number, got {alpha!r}")
        if not lr > 0 or not np.isfinite(lr):
            raise ValueError(f"lr must be a positive number, got {lr!r}")
        if not 0 <= sample < 1:
            raise ValueError(f"sample must be in [0, 1), got {sample!r}")
        self.vector_size, self.max_senses, self.alpha = int(vector_size), int(max_senses), float(alpha)
        self.window, self.min_count, self.lr, self.sample = int(window), int(min_count), float(lr), float(sample)
        self.context_cut = bool(context_cut)
        self.seed = int(seed)
        self.vocabulary: list[str] = []
        self._index: dict[str, int] = {}
        self._corpus_counts: Counter = Counter()
        self.sense_vectors = np.zeros((0, self.max_senses, self.vector_size))
        self.node_vectors = np.zeros((0, self.vector_size))
        self.sense_counts = np.zeros((0, self.max_senses))
        self.epoch_seconds: list[float] = []
        self.epoch_log_likelihood: list[float] = []
        self._cache: dict = {}
        self._paths: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    # --- training -----------------------------------------------------------------------------

    def train(self, sentences: Iterable[Sequence[str]], epochs: int = 5,
              progress: Callable[[int, int], None] | None = None) -> "AdaGram":
        """Learn from `sentences` (lists of tokens) for `epochs` passes; progress(done, epochs)
        is called after each pass. Returns self."""
        from core.embeddings.senses_kernel import train_epoch

        if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 1:
            raise ValueError(f"epochs must be an integer >= 1, got {epochs!r}")
        sentences = [list(s) for s in sentences]
        self._build_vocabulary(sentences)
        rng = np.random.default_rng(self.seed)
        n_words, dim, n_senses = len(self.vocabulary), self.vector_size, self.max_senses
        # word2vec's start: small random input vectors; AdaGram.jl draws the node vectors the same way.
        self.sense_vectors = (rng.random((n_words, n_senses, dim)) - 0.5) / dim
        self.node_vectors = (rng.random((n_words - 1, dim)) - 0.5) / dim
        frequencies = np.array([self._corpus_counts[w] for w in self.vocabulary], dtype=float)
        self.sense_counts = np.zeros((n_words, n_senses))
        self.sense_counts[:, 0] = frequencies
        codes, points, lengths = huffman_paths(frequencies.astype(np.int64))

        ids, starts = self._encode(sentences)
        keep_probability = self._keep_probability(frequencies)
        total = float(epochs * len(ids))
        done = 0
        self.epoch_seconds, self.epoch_log_likelihood = [], []
        for epoch in range(epochs):
            start = time.perf_counter()
            keep = rng.random(len(ids)) < keep_probability[ids]
            if self.context_cut:
                windows = rng.integers(1, self.window + 1, size=len(ids)).astype(np.int64)
            else:
                windows = np.full(len(ids), self.window, dtype=np.int64)
            done, log_likelihood = train_epoch(ids, starts, keep, windows, self.sense_vectors, self.node_vectors,
                                               self.sense_counts, frequencies, self.alpha, codes, points, lengths,
                                               self.lr, done, total, SENSE_THRESHOLD)
            self.epoch_seconds.append(time.perf_counter() - start)
            self.epoch_log_likelihood.append(float(log_likelihood))
            if progress is not None:
                progress(epoch + 1, epochs)
        self._paths = codes, points, lengths
        self._cache = {}
        return self

    def _build_vocabulary(self, sentences: list[list[str]]) -> None:
        self._corpus_counts = Counter(t for s in sentences for t in s)
        kept = [(w, c) for w, c in self._corpus_counts.items() if c >= self.min_count]
        if not kept:
            raise UserInputError("error.empty_vocabulary", "No word occurs at least {min_count} times in this corpus",
                                 min_count=self.min_count)
        if len(kept) < 2:
            raise UserInputError("error.too_few_words_to_train",
                                 "Fewer than two words occur {min_count} times or more: lower min_count",
                                 min_count=self.min_count)
        kept.sort(key=lambda wc: (-wc[1], wc[0]))  # frequency order, ties alphabetical: the same every run
        self.vocabulary = [w for w, _ in kept]
        self._index = {w: i for i, w in enumerate(self.vocabulary)}

    def _encode(self, sentences: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """The kept words of every sentence as indices, one after another, and where each sentence
        starts (words under min_count are dropped before the window is taken, as in word2vec)."""
        ids, starts = [], [0]
        for sentence in sentences:
            encoded = [self._index[t] for t in sentence if t in self._index]
            if encoded:
                ids.extend(encoded)
                starts.append(len(ids))
        return np.asarray(ids, dtype=np.int64), np.asarray(starts, dtype=np.int64)

    def _keep_probability(self, frequencies: np.ndarray) -> np.ndarray:
        """word2vec's subsampling: a word of corpus share f is kept with (√(f/s) + 1) s/f."""
        if self.sample == 0:
            return np.ones(len(frequencies))
        share = frequencies / frequencies.sum()
        return np.minimum((np.sqrt(share / self.sample) + 1) * self.sample / share, 1.0)

    # --- questions ----------------------------------------------------------------------------

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def count(self, word: str) -> int:
        """How often `word` occurs in the training sentences (0 if never; words under min_count
        are counted too, so a page can say why a word has no senses)."""
        return int(self._corpus_counts.get(word, 0))

    def _word_index(self, word: str) -> int:
        if word not in self._index:
            # "Not in the model": the catalogue's message fits both never seen and under min_count;
            # count(word) tells the two apart.
            raise UserInputError("error.unknown_words", "Not in the model: {words}", words=word, word=word)
        return self._index[word]

    def sense_priors(self, word: str) -> np.ndarray:
        """All T expected priors E[π_k] of `word`, in stick order (k = 1..T); they sum to 1."""
        return self._priors()[self._word_index(word)].copy()

    def _priors(self) -> np.ndarray:
        if "priors" not in self._cache:
            self._cache["priors"] = expected_priors(self.sense_counts, self.alpha)
        return self._cache["priors"]

    def _shown(self, min_prior: float) -> tuple[np.ndarray, np.ndarray]:
        """For every word: which senses have prior >= min_prior, and each sense's number (1 = the
        most probable) among them; 0 for senses not shown."""
        key = ("shown", float(min_prior))
        if key not in self._cache:
            priors = self._priors()
            shown = priors >= min_prior
            shown[np.arange(len(priors)), priors.argmax(axis=1)] = True  # a word always keeps one sense
            rank = np.argsort(np.argsort(-priors, axis=1, kind="stable"), axis=1, kind="stable") + 1
            self._cache[key] = shown, np.where(shown, rank, 0)
        return self._cache[key]

    def _ordered_senses(self, index: int, min_prior: float) -> np.ndarray:
        shown, number = self._shown(min_prior)
        ks = np.flatnonzero(shown[index])
        return ks[np.argsort(number[index, ks], kind="stable")]

    def senses(self, word: str, topn: int = 5, min_prior: float = MIN_PRIOR
               ) -> list[tuple[float, list[tuple[str, int, float]]]]:
        """`word`'s senses with prior >= min_prior, most probable first: [(prior, neighbours)].

        Neighbours are the topn sense vectors of other words nearest by cosine, in the slide's
        form (word, sense number, similarity); a sense number is the position (from 1) of that
        sense in senses(word) of the neighbour, i.e. ranked by prior, and only shown senses are
        candidates. The most probable sense is always listed, even below min_prior."""
        index = self._word_index(word)
        unit, owners, numbers = self._sense_table(min_prior)
        priors = self._priors()[index]
        found = []
        for k in self._ordered_senses(index, min_prior):
            vector = self.sense_vectors[index, k]
            cosine = unit @ (vector / max(np.linalg.norm(vector), 1e-12))
            cosine[owners == index] = -np.inf
            top = np.argsort(-cosine, kind="stable")[:max(int(topn), 0)]
            top = top[np.isfinite(cosine[top])]
            found.append((float(priors[k]),
                          [(self.vocabulary[owners[j]], int(numbers[j]), float(cosine[j])) for j in top]))
        return found

    def _sense_table(self, min_prior: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every shown sense of every word as a unit row, with its word index and sense number."""
        key = ("table", float(min_prior))
        if key not in self._cache:
            shown, number = self._shown(min_prior)
            owners, ks = np.nonzero(shown)
            rows = self.sense_vectors[owners, ks]
            unit = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
            self._cache[key] = unit, owners, number[owners, ks]
        return self._cache[key]

    def sense_vector(self, word: str, number: int, min_prior: float = MIN_PRIOR) -> np.ndarray:
        """The vector of `word`'s sense `number` (from 1, as in senses())."""
        ordered = self._ordered_senses(self._word_index(word), min_prior)
        if not 1 <= number <= len(ordered):
            raise ValueError(f"{word!r} has {len(ordered)} senses, not {number}")
        return self.sense_vectors[self._index[word], ordered[number - 1]].copy()

    def disambiguate(self, word: str, context: Iterable[str], min_prior: float = MIN_PRIOR) -> np.ndarray:
        """Probabilities of senses(word) (same order, renormalised over them) given context words:

            p(k | context) ∝ E[π_k] Π_{y in context} p(y | word, k)

        with hierarchical softmax for p(y | x, k). Context words outside the vocabulary are
        ignored; an empty (or all-unknown) context gives the priors themselves, renormalised.
        (Training's local step uses exp E[log π_k]; here the prior's mean, so that no context
        means exactly the prior the page shows.) A string is read as words split at spaces."""
        if isinstance(context, str):
            context = context.split()
        index = self._word_index(word)
        ks = self._ordered_senses(index, min_prior)
        log_p = np.log(self._priors()[index, ks])
        codes, points, lengths = self._paths
        for y in (self._index[t] for t in context if t in self._index):
            nodes = points[y, :lengths[y]]
            signs = 1.0 - 2.0 * codes[y, :lengths[y]]
            f = self.sense_vectors[index, ks] @ self.node_vectors[nodes].T  # (senses, path)
            log_p = log_p + _log_sigmoid(f * signs).sum(axis=1)
        p = np.exp(log_p - log_p.max())
        return p / p.sum()

    def senses_per_word(self, min_prior: float = MIN_PRIOR, min_count: int = 0) -> np.ndarray:
        """Number of senses with prior >= min_prior of every vocabulary word (vocabulary order),
        optionally only words seen at least min_count times (others get 0)."""
        shown, _ = self._shown(min_prior)
        found = shown.sum(axis=1)
        frequent = np.array([self._corpus_counts[w] >= min_count for w in self.vocabulary], dtype=bool)
        return np.where(frequent, found, 0)
