"""Skip-gram pairs, the noise distribution, negative draws and one SGNS step, checked against the
lecture's example, formulas worked out by hand, and central finite differences."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.embeddings.negative_sampling import (
    MAX_NEGATIVES,
    cbow_example,
    draw_negatives,
    examples_per_sentence,
    noise_distribution,
    sgns_loss,
    sgns_step,
    skipgram_pairs,
)
from core.errors import UserInputError

CAT = "the furry cat is on the mat".split()


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


# --- skip-gram pairs ----------------------------------------------------------------------


def test_the_lectures_cat_example():
    assert skipgram_pairs(CAT, 2, 2) == [("cat", "the", 1), ("cat", "furry", 1), ("cat", "is", 1), ("cat", "on", 1)]


def test_window_larger_than_the_sentence():
    pairs = skipgram_pairs(CAT, 3, 20)
    assert pairs == [("is", w, 1) for w in ["the", "furry", "cat", "on", "the", "mat"]]


def test_targets_at_the_edges():
    assert skipgram_pairs(CAT, 0, 2) == [("the", "furry", 1), ("the", "cat", 1)]
    assert skipgram_pairs(CAT, 6, 1) == [("mat", "the", 1)]
    # A repeated word is a context like any other, even the target's own spelling.
    assert skipgram_pairs(CAT, 5, 1) == [("the", "on", 1), ("the", "mat", 1)]
    assert skipgram_pairs(["alone"], 0, 3) == []


@pytest.mark.parametrize("index, window", [(-1, 2), (7, 2), (2, 0), (2, -1), (2.0, 2), (2, 1.5)])
def test_bad_index_or_window(index, window):
    with pytest.raises(ValueError):
        skipgram_pairs(CAT, index, window)


def test_an_empty_sentence_has_no_target():
    with pytest.raises(ValueError):
        skipgram_pairs([], 0, 2)


# --- noise distribution -------------------------------------------------------------------

COUNTS = np.array([100, 10, 1, 0, 25])


def test_noise_distribution_by_hand():
    p = noise_distribution(COUNTS, 0.75)
    assert p.dtype == np.float64
    assert p.sum() == pytest.approx(1.0)
    weights = np.array([100**0.75, 10**0.75, 1.0, 0.0, 25**0.75])  # 31.62, 5.62, 1, 0, 11.18
    np.testing.assert_allclose(p, weights / weights.sum(), rtol=1e-12)
    assert p[3] == 0


def test_alpha_one_is_the_unigram_distribution():
    np.testing.assert_allclose(noise_distribution(COUNTS, 1.0), COUNTS / COUNTS.sum(), rtol=1e-12)


def test_alpha_zero_is_uniform_over_seen_words():
    np.testing.assert_allclose(noise_distribution(COUNTS, 0.0), [0.25, 0.25, 0.25, 0, 0.25])


@pytest.mark.parametrize("counts, alpha", [
    ([1, 2], -0.1), ([1, 2], 1.1), ([0, 0], 0.75), ([1, -1], 0.75), ([[1, 2]], 0.75), ([1, np.nan], 0.75),
])
def test_bad_counts_or_alpha(counts, alpha):
    with pytest.raises(ValueError):
        noise_distribution(np.array(counts, dtype=float), alpha)


def entropy(p: np.ndarray) -> float:
    p = p[p > 0]
    return float(-(p * np.log(p)).sum())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 10_000), min_size=2, max_size=30),
    st.lists(st.floats(0.01, 0.99), min_size=1, max_size=6),
)
def test_smaller_alpha_flattens_the_distribution(counts, alphas):
    counts = np.array(counts)
    unigram = noise_distribution(counts, 1.0)
    for alpha in alphas:
        p = noise_distribution(counts, alpha)
        # The most frequent word loses share, the rarest gains (equal when all counts are equal).
        assert p.max() <= unigram.max() + 1e-12
        assert p.min() >= unigram.min() - 1e-12
    # Entropy grows as alpha falls: dH/dalpha = -alpha Var(log count) <= 0.
    ladder = sorted({*alphas, 0.0, 1.0}, reverse=True)
    entropies = [entropy(noise_distribution(counts, a)) for a in ladder]
    assert all(later >= earlier - 1e-12 for earlier, later in zip(entropies, entropies[1:]))
    assert entropies[-1] == pytest.approx(math.log(len(counts)))


# --- drawing negatives --------------------------------------------------------------------

VOCAB = ["the", "cat", "sat", "on", "mat", "dog"]
DIST = noise_distribution(np.array([50, 5, 8, 20, 3, 14]), 0.75)


def test_draws_are_seeded():
    first = draw_negatives(VOCAB, DIST, 20, seed=7)
    assert first == draw_negatives(VOCAB, DIST, 20, seed=7)
    assert len(first) == 20 and set(first) <= set(VOCAB)
    assert first != draw_negatives(VOCAB, DIST, 20, seed=8)


def test_avoided_words_are_never_drawn():
    for seed in range(200):
        drawn = draw_negatives(VOCAB, DIST, 10, seed=seed, avoid={"the", "cat"})
        assert not {"the", "cat"} & set(drawn)


def draw_frequencies(distribution, avoid=(), draws=200_000, k=MAX_NEGATIVES):
    counts = dict.fromkeys(VOCAB, 0)
    for seed in range(draws // k):
        for word in draw_negatives(VOCAB, distribution, k, seed=seed, avoid=avoid):
            counts[word] += 1
    return np.array([counts[w] for w in VOCAB]) / draws


def test_draw_frequencies_follow_the_distribution():
    # Standard error of each share over 200,000 draws is at most 0.0011: 0.01 is far out.
    assert np.abs(draw_frequencies(DIST) - DIST).max() < 0.01


def test_redrawing_avoided_words_renormalises_the_rest():
    # Redrawing "the" until another word comes is drawing from the others, renormalised.
    expected = np.where(np.array(VOCAB) == "the", 0.0, DIST)
    expected /= expected.sum()
    assert np.abs(draw_frequencies(DIST, avoid={"the"}, draws=100_000) - expected).max() < 0.01


def test_no_negative_left_is_a_user_error():
    with pytest.raises(UserInputError) as info:
        draw_negatives(["cat", "mat"], noise_distribution(np.array([3, 1])), 5, avoid={"cat", "mat"})
    assert info.value.key == "error.no_negatives"
    assert info.value.params == {}
    # Only words with probability 0 left: still impossible.
    with pytest.raises(UserInputError):
        draw_negatives(["cat", "mat", "rare"], np.array([0.5, 0.5, 0.0]), 5, avoid={"cat", "mat"})


@pytest.mark.parametrize("k", [0, MAX_NEGATIVES + 1, -3, 2.5])
def test_k_out_of_range(k):
    with pytest.raises(ValueError):
        draw_negatives(VOCAB, DIST, k)


def test_distribution_must_match_the_vocabulary():
    with pytest.raises(ValueError):
        draw_negatives(VOCAB, DIST[:-1], 3)


# --- one SGNS step ------------------------------------------------------------------------


def test_step_by_hand_in_one_dimension():
    t, c, n = np.array([0.5]), np.array([2.0]), np.array([[1.0]])
    step = sgns_step(t, c, n, lr=0.1)
    s_pos, s_neg = sigmoid(1.0), sigmoid(0.5)  # t·c = 1, t·n = 0.5
    assert step.positive_dot == pytest.approx(1.0)
    assert step.positive_prob == pytest.approx(s_pos)  # 0.7311
    np.testing.assert_allclose(step.negative_dots, [0.5])
    np.testing.assert_allclose(step.negative_probs, [s_neg])  # 0.6225
    # loss = -log σ(1) - log σ(-0.5) = 0.3133 + 0.9741
    assert step.loss == pytest.approx(-math.log(s_pos) - math.log(1 - s_neg))
    assert step.loss == pytest.approx(1.2874, abs=1e-4)
    # ∂/∂t = -(1 - σ(t·c)) c + σ(t·n) n = -0.2689 * 2 + 0.6225 * 1 = 0.0847
    np.testing.assert_allclose(step.grad_target, [-(1 - s_pos) * 2 + s_neg * 1])
    # ∂/∂c = -(1 - σ(t·c)) t = -0.1345 ; ∂/∂n = σ(t·n) t = 0.3112
    np.testing.assert_allclose(step.grad_context, [-(1 - s_pos) * 0.5])
    np.testing.assert_allclose(step.grad_negatives, [[s_neg * 0.5]])
    np.testing.assert_allclose(step.new_target, 0.5 - 0.1 * step.grad_target)
    np.testing.assert_allclose(step.new_context, 2.0 - 0.1 * step.grad_context)
    np.testing.assert_allclose(step.new_negatives, 1.0 - 0.1 * step.grad_negatives)
    assert step.new_loss == pytest.approx(sgns_loss(step.new_target, step.new_context, step.new_negatives))


def vectors(d: int, k: int, scale: float):
    return st.lists(st.floats(-scale, scale), min_size=d * (k + 2), max_size=d * (k + 2)).map(
        lambda xs: (np.array(xs[:d]), np.array(xs[d:2 * d]), np.array(xs[2 * d:]).reshape(k, d))
    )


shapes = st.tuples(st.integers(2, 20), st.integers(1, 6))


@settings(max_examples=100, deadline=None)
@given(shapes.flatmap(lambda dk: vectors(*dk, scale=1.0)))
def test_gradients_match_central_finite_differences(tcn):
    t, c, n = tcn
    step = sgns_step(t, c, n)
    analytic = np.concatenate([step.grad_target, step.grad_context, step.grad_negatives.ravel()])
    params = np.concatenate([t, c, n.ravel()])
    d, k = len(t), len(n)

    def loss_at(p):
        return sgns_loss(p[:d], p[d:2 * d], p[2 * d:].reshape(k, d))

    h = 1e-6
    numeric = np.empty_like(params)
    for i in range(len(params)):
        up, down = params.copy(), params.copy()
        up[i] += h
        down[i] -= h
        numeric[i] = (loss_at(up) - loss_at(down)) / (2 * h)
    error = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-8)
    assert error < 1e-6


@settings(max_examples=100, deadline=None)
@given(shapes.flatmap(lambda dk: vectors(*dk, scale=1.5)))
def test_a_small_step_lowers_the_loss(tcn):
    t, c, n = tcn
    lr = 1e-3
    step = sgns_step(t, c, n, lr=lr)
    gradient_squared = (step.grad_target @ step.grad_target + step.grad_context @ step.grad_context
                        + (step.grad_negatives**2).sum())
    assume(gradient_squared > 1e-8)
    # Sufficient decrease: the loss falls by at least half of what the slope promises.
    assert step.new_loss <= step.loss - 0.5 * lr * gradient_squared


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 8), st.integers(0, 10_000), st.floats(0.2, 2.0), st.floats(0.2, 2.0))
def test_a_small_step_pulls_the_context_in_and_pushes_the_noise_out(k, seed, t_scale, other_scale):
    # With the context and the noise words mutually orthogonal, t·c rises by about
    # lr (1 - σ(t·c)) (|c|² + |t|²) and each t·n_i falls by about lr σ(t·n_i) (|n_i|² + |t|²).
    rng = np.random.default_rng(seed)
    d = k + 3
    basis, _ = np.linalg.qr(rng.normal(size=(d, d)))
    c = basis[0] * other_scale
    n = basis[1:k + 1] * other_scale * rng.uniform(0.5, 1.5, size=(k, 1))
    t = rng.normal(size=d) * t_scale / math.sqrt(d)
    step = sgns_step(t, c, n, lr=1e-3)
    assert step.new_loss < step.loss
    assert step.new_target @ step.new_context > step.positive_dot
    assert np.all(step.new_negatives @ step.new_target < step.negative_dots)


def test_a_negative_equal_to_the_context_can_push_the_context_away():
    # Why word2vec skips a noise word equal to the true context: the two gradients fight, and
    # when t·c is already large the noise side wins, so t moves away from c.
    t, c = np.array([1.0, 0.0]), np.array([3.0, 0.0])
    step = sgns_step(t, c, c[None, :], lr=1e-3)
    assert step.new_target @ step.new_context < step.positive_dot


def test_loss_is_stable_for_large_dot_products():
    t, c, n = np.array([30.0]), np.array([30.0]), np.array([[-30.0]])
    # log(1 + e^-900) underflows to 0 instead of log(0) = -inf
    assert sgns_loss(t, c, n) == pytest.approx(0.0, abs=1e-300)
    assert sgns_loss(t, -c, -n) == pytest.approx(1800.0)
    step = sgns_step(t, -c, -n, lr=1e-3)
    assert np.isfinite(step.loss) and np.isfinite(step.new_loss)


@pytest.mark.parametrize("t, c, n", [
    (np.zeros(3), np.zeros(2), np.zeros((1, 3))),  # context of another length
    (np.zeros(3), np.zeros(3), np.zeros(3)),  # negatives not a matrix
    (np.zeros(3), np.zeros(3), np.zeros((2, 4))),  # negatives of another length
    (np.zeros(3), np.zeros(3), np.zeros((0, 3))),  # no negative
    (np.zeros((1, 3)), np.zeros(3), np.zeros((1, 3))),  # target not a vector
    (np.zeros(0), np.zeros(0), np.zeros((1, 0))),  # empty vectors
    (np.array([np.nan]), np.zeros(1), np.zeros((1, 1))),  # not finite
])
def test_shapes_are_validated(t, c, n):
    with pytest.raises(ValueError):
        sgns_step(t, c, n)
    with pytest.raises(ValueError):
        sgns_loss(t, c, n)


@pytest.mark.parametrize("lr", [0.0, -0.1, math.inf, math.nan])
def test_learning_rate_must_be_positive(lr):
    with pytest.raises(ValueError):
        sgns_step(np.ones(2), np.ones(2), np.ones((1, 2)), lr=lr)


def test_an_overflowing_step_is_refused():
    huge = np.full(2, 1e154)
    with pytest.raises(ValueError):
        sgns_step(huge, huge, huge[None, :], lr=1e10)


# --- CBOW's example and the number of examples a sentence gives --------------------------


def test_cbow_example_is_the_window_predicting_the_centre():
    assert cbow_example(CAT, 2, 2) == (["the", "furry", "is", "on"], "cat")


@pytest.mark.parametrize(("index", "context"), [(0, ["furry", "cat"]), (6, ["on", "the"]), (1, ["the", "cat", "is"])])
def test_cbow_window_is_cut_at_the_sentence_ends(index, context):
    assert cbow_example(CAT, index, 2) == (context, CAT[index])


@given(st.lists(st.sampled_from("ab cd ef gh ij kl".split()), min_size=1, max_size=15), st.data())
@settings(max_examples=60, deadline=None)
def test_cbow_context_is_skipgrams_context(sentence, data):
    index = data.draw(st.integers(0, len(sentence) - 1))
    window = data.draw(st.integers(1, 6))
    context, target = cbow_example(sentence, index, window)
    pairs = skipgram_pairs(sentence, index, window)
    assert target == sentence[index] and context == [c for _, c, _ in pairs]
    assert all(t == target for t, _, _ in pairs)


@pytest.mark.parametrize(("index", "window"), [(-1, 2), (7, 2), (0, 0), (True, 2)])
def test_cbow_bad_index_or_window(index, window):
    with pytest.raises(ValueError):
        cbow_example(CAT, index, window)


def test_examples_per_sentence_for_the_lectures_sentence():
    # window 2 over 7 words: 2 + 3 + 4 + 4 + 4 + 3 + 2 skip-gram pairs, one CBOW example per word
    assert examples_per_sentence(7, 2) == (22, 7)
    assert examples_per_sentence(1, 3) == (0, 0) and examples_per_sentence(0, 1) == (0, 0)
    assert examples_per_sentence(2, 5) == (2, 2)


@given(st.integers(0, 30), st.integers(1, 6))
@settings(max_examples=80, deadline=None)
def test_examples_per_sentence_counts_what_the_pair_functions_give(length, window):
    sentence = [f"w{i}" for i in range(length)]
    skipgram = sum(len(skipgram_pairs(sentence, i, window)) for i in range(length))
    cbow = sum(1 for i in range(length) if cbow_example(sentence, i, window)[0])
    assert examples_per_sentence(length, window) == (skipgram, cbow)


@pytest.mark.parametrize(("length", "window"), [(-1, 2), (3, 0), (2.5, 1), (3, True)])
def test_examples_per_sentence_refuses_bad_numbers(length, window):
    with pytest.raises(ValueError):
        examples_per_sentence(length, window)
