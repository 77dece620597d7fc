"""Skip-gram with negative sampling, one piece at a time: the (target, context) pairs a window
yields (and CBOW's one example per position beside them), the noise distribution negatives are
drawn from (unigram counts to the power 0.75), the draw itself, and one gradient step on the
SGNS loss with every number kept for display."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Sequence

import numpy as np
from scipy.special import expit

from core.errors import UserInputError

MAX_NEGATIVES = 50


def skipgram_pairs(sentence: Sequence[str], target_index: int, window: int) -> list[tuple[str, str, int]]:
    """Positive training pairs (target, context, 1) for the word at `target_index`: one for every
    other position at most `window` away in the sentence, in sentence order. The window is cut
    at the sentence's ends."""
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be an integer of at least 1, got {window!r}")
    if (
        isinstance(target_index, bool)
        or not isinstance(target_index, (int, np.integer))
        or not 0 <= target_index < len(sentence)
    ):
        raise ValueError(f"target_index must be in 0..{len(sentence) - 1}, got {target_index!r}")
    target = sentence[target_index]
    start, stop = max(0, target_index - window), min(len(sentence), target_index + window + 1)
    return [(target, sentence[p], 1) for p in range(start, stop) if p != target_index]


def cbow_example(sentence: Sequence[str], target_index: int, window: int) -> tuple[list[str], str]:
    """CBOW's one training example for the word at `target_index`: the words of its window (the
    same positions as skipgram_pairs, in sentence order), whose vectors are averaged into one
    hidden vector, and the centre word that vector must predict. gensim's CBOW with cbow_mean=1
    (its default) does this in word2vec_inner.pyx: neu1 = Σ syn0[context] / count, then the
    centre word with label 1 and each negative with label 0 are scored against that one neu1."""
    return [context for _, context, _ in skipgram_pairs(sentence, target_index, window)], sentence[target_index]


def examples_per_sentence(length: int, window: int) -> tuple[int, int]:
    """How many training examples a sentence of `length` words gives at the full window:
    (skip-gram, CBOW). Skip-gram makes one (centre, context) example per context word at every
    position; CBOW one per position that has a context (a one-word sentence has none). gensim
    shrinks each position's window at random (shrink_windows=True), so on average it makes
    fewer skip-gram examples than this; CBOW's count does not change."""
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 0:
        raise ValueError(f"length must be a non-negative integer, got {length!r}")
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise ValueError(f"window must be an integer of at least 1, got {window!r}")
    skipgram = sum(min(p, window) + min(length - 1 - p, window) for p in range(length))
    return skipgram, length if length > 1 else 0


def noise_distribution(counts: np.ndarray, alpha: float = 0.75) -> np.ndarray:
    """P_n(w) = count(w)^alpha / Σ count^alpha, word2vec's distribution for negatives. alpha = 1
    is the unigram distribution, alpha = 0 uniform over the words seen; in between it flattens
    the unigram distribution, so rare words are drawn more often than their share of the text.
    Words with count 0 get probability 0 whatever alpha (0^0 would be 1)."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 1 or not np.all(np.isfinite(counts)) or np.any(counts < 0):
        raise ValueError("counts must be a 1-D array of finite, non-negative numbers")
    if not counts.sum() > 0:
        raise ValueError("counts must not all be zero")
    if not 0 <= alpha <= 1:
        raise ValueError(f"alpha must be in [0, 1], got {alpha!r}")
    seen = counts > 0
    weights = np.zeros_like(counts)
    weights[seen] = counts[seen] ** alpha
    return weights / weights.sum()


def draw_negatives(
    vocab: Sequence[str],
    distribution: np.ndarray,
    k: int,
    seed: int = 0,
    avoid: Collection[str] = (),
) -> list[str]:
    """k noise words drawn with replacement from `distribution` (aligned with `vocab`).

    A draw that falls on a word in `avoid` (the target and its true context) is redrawn, as
    word2vec skips a negative equal to the true word. Redrawing until the word is not avoided is
    the same as drawing once from the distribution renormalised over the other words, which is
    what is done here: it takes one pass whatever the avoided words' share."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= MAX_NEGATIVES:
        raise ValueError(f"k must be an integer in 1..{MAX_NEGATIVES}, got {k!r}")
    distribution = np.asarray(distribution, dtype=np.float64)
    if distribution.shape != (len(vocab),):
        raise ValueError(f"distribution must have one probability per word: {distribution.shape} for {len(vocab)}")
    if not np.all(np.isfinite(distribution)) or np.any(distribution < 0) or not distribution.sum() > 0:
        raise ValueError("distribution must be finite, non-negative and not all zero")
    avoided = set(avoid)
    allowed = np.array([w not in avoided for w in vocab], dtype=bool)
    weights = np.where(allowed, distribution, 0.0)
    if not weights.sum() > 0:
        raise UserInputError(
            "error.no_negatives", "Every word of this corpus is in the window: no negative can be drawn"
        )
    rng = np.random.default_rng(seed)
    drawn = rng.choice(len(vocab), size=k, replace=True, p=weights / weights.sum())
    return [vocab[i] for i in drawn]


@dataclass(frozen=True)
class SGNSStep:
    """One SGD step on the SGNS loss of a target t, its true context c and k noise words n_i."""

    positive_dot: float  # t·c
    positive_prob: float  # σ(t·c): the model's probability that c is a real context of t
    negative_dots: np.ndarray  # t·n_i
    negative_probs: np.ndarray  # σ(t·n_i): probability that each noise word is a real context (should go down)
    loss: float  # −log σ(t·c) − Σ_i log σ(−t·n_i)
    grad_target: np.ndarray  # ∂loss/∂t
    grad_context: np.ndarray  # ∂loss/∂c
    grad_negatives: np.ndarray  # k x d, ∂loss/∂n_i
    new_target: np.ndarray  # t − lr·grad_target; all updates from the old vectors, simultaneously
    new_context: np.ndarray
    new_negatives: np.ndarray
    new_loss: float  # the loss at the new vectors


def _checked(target, context, negatives) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    t = np.asarray(target, dtype=np.float64)
    c = np.asarray(context, dtype=np.float64)
    n = np.asarray(negatives, dtype=np.float64)
    if t.ndim != 1 or t.size < 1:
        raise ValueError(f"target must be a non-empty 1-D vector, got shape {t.shape}")
    if c.shape != t.shape:
        raise ValueError(f"context must have the target's shape {t.shape}, got {c.shape}")
    if n.ndim != 2 or n.shape[0] < 1 or n.shape[1] != t.size:
        raise ValueError(f"negatives must be a k x {t.size} matrix with k >= 1, got shape {n.shape}")
    if not (np.all(np.isfinite(t)) and np.all(np.isfinite(c)) and np.all(np.isfinite(n))):
        raise ValueError("vectors must be finite")
    return t, c, n


def _loss(t: np.ndarray, c: np.ndarray, n: np.ndarray) -> float:
    # −log σ(x) = log(1 + e^−x) = logaddexp(0, −x): no overflow for large |x|, no log(0).
    # Dot products beyond the float range give inf, which the callers report.
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.logaddexp(0.0, -(t @ c)) + np.logaddexp(0.0, n @ t).sum())


def sgns_loss(target: np.ndarray, context: np.ndarray, negatives: np.ndarray) -> float:
    """−log σ(t·c) − Σ_i log σ(−t·n_i): small when the true context scores high and the noise low."""
    return _loss(*_checked(target, context, negatives))


def sgns_step(target: np.ndarray, context: np.ndarray, negatives: np.ndarray, lr: float = 0.1) -> SGNSStep:
    """One gradient step on sgns_loss for all the vectors involved at once:
    ∂L/∂t = −(1 − σ(t·c)) c + Σ_i σ(t·n_i) n_i,  ∂L/∂c = −(1 − σ(t·c)) t,  ∂L/∂n_i = σ(t·n_i) t."""
    if not (np.isfinite(lr) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    t, c, n = _checked(target, context, negatives)
    # Vectors too large overflow to inf or nan: checked below and refused as a whole.
    with np.errstate(over="ignore", invalid="ignore"):
        positive_dot = float(t @ c)
        negative_dots = n @ t
        # 1 − σ(x) computed as σ(−x): no cancellation when σ(x) is close to 1.
        positive_miss = float(expit(-positive_dot))
        negative_probs = expit(negative_dots)
        grad_target = -positive_miss * c + negative_probs @ n
        grad_context = -positive_miss * t
        grad_negatives = np.outer(negative_probs, t)
        new_target = t - lr * grad_target
        new_context = c - lr * grad_context
        new_negatives = n - lr * grad_negatives
        step = SGNSStep(
            positive_dot=positive_dot,
            positive_prob=float(expit(positive_dot)),
            negative_dots=negative_dots,
            negative_probs=negative_probs,
            loss=_loss(t, c, n),
            grad_target=grad_target,
            grad_context=grad_context,
            grad_negatives=grad_negatives,
            new_target=new_target,
            new_context=new_context,
            new_negatives=new_negatives,
            new_loss=_loss(new_target, new_context, new_negatives),
        )
    numbers = (positive_dot, negative_dots, step.loss, grad_target, grad_context, grad_negatives,
               new_target, new_context, new_negatives, step.new_loss)
    if not all(np.all(np.isfinite(v)) for v in numbers):
        raise ValueError("the step overflowed: the vectors or the learning rate are too large")
    return step
