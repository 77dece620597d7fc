"""AdaGram's inner loop, compiled with numba: one pass over the corpus of stochastic
variational inference (see core.embeddings.senses for the model and its equations).

Pure numpy would spend its time in Python: each word occurrence touches T senses × (context
words × their Huffman path) dot products of length D, a few thousand small operations, and the
Lee corpus has 60,000 occurrences per epoch. Compiled, an epoch takes about a second.

Arrays (V words, T senses, D dimensions, V − 1 inner nodes of the Huffman tree):
    sense_vectors  (V, T, D) float64   input vectors, one per sense
    node_vectors   (V − 1, D) float64  output vectors of the tree's inner nodes
    sense_counts   (V, T) float64      expected number of occurrences of each sense, n_wk
    codes, points  (V, L) int8/int32   each word's path from the root: branch (0/1), node index
    path_lengths   (V,) int32
"""

from __future__ import annotations

import math

import numba
import numpy as np

# Let LLVM reorder sums (reassociate, fuse multiply-add) so the dot products vectorise: an epoch
# on the Lee corpus took 1.7-3.0 s without, 0.9-1.0 s with, and the numbers agree to 1e-15.
# Infinities and NaNs keep their IEEE meaning (no "ninf"/"nnan"), so a run that diverges still shows it.
FAST = {"reassoc", "contract", "nsz"}
# nogil: a model trains on its own arrays, so on a shared server other sessions' threads may run
# Python while one student's AdaGram trains.


@numba.njit(cache=True, fastmath=FAST, nogil=True)
def digamma(x: float) -> float:
    """ψ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the asymptotic
    series ψ(x) ≈ ln x − 1/(2x) − 1/(12x²) + 1/(120x⁴) − 1/(252x⁶) + 1/(240x⁸) − 1/(132x¹⁰)
    (error below 1e-12 there; scipy is not callable from numba)."""
    result = 0.0
    while x < 6.0:
        result -= 1.0 / x
        x += 1.0
    f = 1.0 / (x * x)
    series = f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))))
    return result + math.log(x) - 0.5 / x - series


@numba.njit(cache=True, fastmath=FAST, nogil=True)
def expected_log_pi(counts: np.ndarray, alpha: float, out: np.ndarray) -> None:
    """E_q[log π_k] for one word, written to `out`.

    q(β_k) = Beta(a_k, b_k) with a_k = 1 + n_k, b_k = α + Σ_{j>k} n_j, and π_k = β_k Π_{j<k}(1 − β_j),
    so E[log π_k] = E[log β_k] + Σ_{j<k} E[log(1 − β_j)] with
    E[log β] = ψ(a) − ψ(a + b), E[log(1 − β)] = ψ(b) − ψ(a + b). The last stick is 1 (truncation at T)."""
    n_senses = counts.shape[0]
    rest = 0.0
    for k in range(n_senses):
        rest += counts[k]
    before = 0.0  # Σ_{j<k} E[log(1 − β_j)]
    for k in range(n_senses - 1):
        rest = max(rest - counts[k], 0.0)
        a = 1.0 + counts[k]
        b = alpha + rest
        both = digamma(a + b)
        out[k] = digamma(a) - both + before
        before += digamma(b) - both
    out[n_senses - 1] = before


@numba.njit(cache=True, fastmath=FAST, nogil=True)
def log_sigmoid(x: float) -> float:
    """log σ(x) = −log(1 + e^(−x)), without overflow for large |x|."""
    if x >= 0.0:
        return -math.log1p(math.exp(-x))
    return x - math.log1p(math.exp(x))


@numba.njit(cache=True, fastmath=FAST, nogil=True)
def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^(−x)), computed on the side where e^(...) cannot overflow."""
    if x >= 0.0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@numba.njit(cache=True, fastmath=FAST, nogil=True)
def context_log_likelihood(sense_vectors, node_vectors, codes, points, path_lengths, word, context, n_context,
                           out):
    """out[k] += Σ_{y in context} log p(y | word, k) for every sense k, where hierarchical softmax
    gives log p(y | x, k) = Σ_{n on y's path} log σ((1 − 2·code_n) · in_xk · out_n)."""
    n_senses = sense_vectors.shape[1]
    dim = sense_vectors.shape[2]
    for c in range(n_context):
        y = context[c]
        for step in range(path_lengths[y]):
            node = points[y, step]
            sign = 1.0 - 2.0 * codes[y, step]
            for k in range(n_senses):
                f = 0.0
                for i in range(dim):
                    f += sense_vectors[word, k, i] * node_vectors[node, i]
                out[k] += log_sigmoid(sign * f)


@numba.njit(cache=True, fastmath=FAST, nogil=True)
def train_epoch(ids, sentence_starts, keep, windows, sense_vectors, node_vectors, sense_counts, frequencies,
                alpha, codes, points, path_lengths, start_lr, words_done, total_words, sense_threshold):
    """One pass of AdaGram's online variational inference over the corpus.

    ids: the corpus as word indices, sentences one after another (sentence_starts[s] is where
    sentence s begins; one more entry marks the end). keep[i]: False for occurrences dropped by
    subsampling. windows[i]: the window drawn for occurrence i (1..window, as in word2vec).
    For each kept occurrence x with context words y_1..y_C inside its sentence:

      1. learning rate ρ = max(ρ₀ (1 − words_done / total_words), ρ₀·10⁻⁴)
      2. local step: q(z = k) ∝ exp(E[log π_xk] + Σ_c log p(y_c | x, k))
      3. gradient step on the ELBO's expected log-likelihood Σ_k q(z = k) Σ_c log p(y_c | x, k)
         with respect to the sense vectors of x and the tree's node vectors (step ρ)
      4. global step for the sticks: n_xk ← n_xk + ρ (N_x q(z = k) − n_xk), N_x the word's
         corpus frequency: as if the whole corpus were N_x copies of this occurrence (SVI's
         natural-gradient step).

    Returns (words_done, mean log-likelihood per context word over the epoch)."""
    n_senses = sense_vectors.shape[1]
    dim = sense_vectors.shape[2]
    max_window = 0
    for i in range(windows.shape[0]):
        max_window = max(max_window, windows[i])
    context = np.empty(2 * max_window + 1, dtype=np.int64)
    z = np.empty(n_senses)
    grad_in = np.empty((n_senses, dim))
    grad_out = np.empty(dim)
    total_ll = 0.0
    n_ll = 0
    for s in range(sentence_starts.shape[0] - 1):
        begin = sentence_starts[s]
        end = sentence_starts[s + 1]
        for i in range(begin, end):
            words_done += 1
            if not keep[i]:
                continue
            x = ids[i]
            n_context = 0
            for j in range(max(begin, i - windows[i]), min(end, i + windows[i] + 1)):
                if j != i and keep[j]:
                    context[n_context] = ids[j]
                    n_context += 1
            if n_context == 0:
                continue
            lr = max(start_lr * (1.0 - words_done / (total_words + 1.0)), start_lr * 1e-4)

            # 2. q(z): the prior from the sticks plus the evidence of the context
            expected_log_pi(sense_counts[x], alpha, z)
            context_log_likelihood(sense_vectors, node_vectors, codes, points, path_lengths, x, context,
                                   n_context, z)
            top = z.max()
            norm = 0.0
            for k in range(n_senses):
                z[k] = math.exp(z[k] - top)
                norm += z[k]
            for k in range(n_senses):
                z[k] /= norm

            # 3. gradient of Σ_k z_k log σ(±in_xk·out_n): d/df log σ(f) for label 1 − code is 1 − code − σ(f)
            for c in range(n_context):
                y = context[c]
                grad_in[:, :] = 0.0
                for step in range(path_lengths[y]):
                    node = points[y, step]
                    code = codes[y, step]
                    grad_out[:] = 0.0
                    for k in range(n_senses):
                        if z[k] < sense_threshold:
                            continue
                        f = 0.0
                        for d in range(dim):
                            f += sense_vectors[x, k, d] * node_vectors[node, d]
                        total_ll += z[k] * log_sigmoid((1.0 - 2.0 * code) * f)
                        g = z[k] * lr * (1.0 - code - sigmoid(f))
                        for d in range(dim):
                            grad_in[k, d] += g * node_vectors[node, d]
                            grad_out[d] += g * sense_vectors[x, k, d]
                    for d in range(dim):
                        node_vectors[node, d] += grad_out[d]
                for k in range(n_senses):
                    if z[k] < sense_threshold:
                        continue
                    for d in range(dim):
                        sense_vectors[x, k, d] += grad_in[k, d]
                n_ll += 1

            # 4. the sticks' expected counts
            for k in range(n_senses):
                sense_counts[x, k] += lr * (z[k] * frequencies[x] - sense_counts[x, k])
    return words_done, total_ll / max(n_ll, 1)
