"""The optimizer race: surfaces with true gradients and minima, and paths that follow the rules."""

import numpy as np
import pytest

from core.nn.descent import SURFACES, Contestant, quadratic, race, run, sharp_turns


@pytest.mark.parametrize("name", list(SURFACES))
def test_gradients_match_finite_differences(name):
    surface = SURFACES[name]
    rng = np.random.default_rng(0)
    (x0, x1), (y0, y1) = surface.box
    h = 1e-6
    for x, y in zip(rng.uniform(x0, x1, 20), rng.uniform(y0, y1, 20)):
        gx, gy = surface.grad(x, y)
        nx = (surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h)
        ny = (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h)
        assert gx == pytest.approx(nx, rel=1e-5, abs=1e-4) and gy == pytest.approx(ny, rel=1e-5, abs=1e-4)


@pytest.mark.parametrize("name", [n for n in SURFACES if SURFACES[n].minima])
def test_minima_are_zero_loss_stationary_points_inside_the_picture(name):
    surface = SURFACES[name]
    (x0, x1), (y0, y1) = surface.box
    for x, y in surface.minima:
        assert surface.f(x, y) == pytest.approx(0.0, abs=1e-8)
        assert np.allclose(surface.grad(x, y), 0.0, atol=1e-4)
        assert x0 <= x <= x1 and y0 <= y <= y1


def test_sgd_is_the_lectures_step():
    """x(n+1) = x(n) − γ ∇F(x(n)), step by step, on Rosenbrock."""
    surface, lr = SURFACES["rosenbrock"], 1e-3
    result = run(surface, Contestant("sgd", lr), surface.start, steps=25)
    point = np.array(surface.start)
    for step in range(1, 26):
        point = point - lr * np.array(surface.grad(*point))
        np.testing.assert_allclose(result.path[step], point, rtol=1e-12)
    np.testing.assert_allclose(result.losses, [surface.f(*p) for p in result.path])


def test_momentum_is_torchs_rule():
    """torch.optim.SGD(momentum=μ): b = μ b + g (b = g at first), x = x − γ b."""
    surface, lr, mu = SURFACES["quadratic"], 0.05, 0.9
    result = run(surface, Contestant("momentum", lr), surface.start, steps=15)
    point, buffer = np.array(surface.start), None
    for step in range(1, 16):
        g = np.array(surface.grad(*point))
        buffer = g if buffer is None else mu * buffer + g
        point = point - lr * buffer
        np.testing.assert_allclose(result.path[step], point, rtol=1e-12)


def test_outcomes_tell_reached_diverged_and_stuck_apart():
    bowl = quadratic(10.0)  # steepest curvature 10: plain SGD diverges for lr > 2/10
    reached, diverged, stuck = race(bowl, [Contestant("sgd", 0.15), Contestant("sgd", 0.25), Contestant("sgd", 1e-4)],
                                    bowl.start, steps=300)
    assert reached.outcome == "reached" and 0 < reached.reached_at < 300
    assert bowl.distance_to_minimum(reached.path[reached.reached_at:reached.reached_at + 1])[0] <= 1e-2
    assert diverged.outcome == "diverged" and diverged.reached_at is None
    assert stuck.outcome == "stuck"


def test_adam_beats_sgd_in_a_narrow_valley_and_each_can_start_elsewhere():
    surface = SURFACES["rosenbrock"]
    sgd, adam = race(surface, [Contestant("sgd", 1e-3), Contestant("adam", 0.05)], surface.start, steps=3000)
    assert adam.outcome == "reached" and (sgd.outcome == "stuck" or sgd.reached_at > adam.reached_at)
    a, b = race(SURFACES["himmelblau"], [Contestant("sgd", 0.01)] * 2, [(0.0, 0.0), (-1.0, -1.0)], steps=500)
    assert a.outcome == b.outcome == "reached"
    assert not np.allclose(a.path[-1], b.path[-1])  # two different minima


def test_the_saddle_has_no_minimum_to_reach():
    saddle = SURFACES["saddle"]
    slow, fast = race(saddle, [Contestant("sgd", 1e-3), Contestant("sgd", 0.1)], saddle.start, steps=200)
    assert slow.outcome == "stuck"  # creeps along the ridge, near the saddle point
    assert fast.outcome == "diverged"  # runs away downhill along y


def test_a_run_that_leaves_the_picture_for_good_diverged():
    """Momentum at γ = 0.01 on the saddle ends at y ~ 4.7e5 with a loss of -2.2e11: it ran off
    downhill (it was called "stuck" while short of the 1e6-box escape limit)."""
    saddle = SURFACES["saddle"]
    away, creeping = race(saddle, [Contestant("momentum", 0.01), Contestant("sgd", 0.01)], saddle.start, steps=200)
    assert away.losses[-1] < -1e11 and len(away.path) == 201
    assert away.outcome == "diverged"
    assert np.max(np.abs(creeping.path[-1])) < 0.1 and creeping.outcome == "stuck"  # still near the saddle point
    # a start far outside the picture that creeps back is not running away
    bowl = quadratic(10.0)
    slow = run(bowl, Contestant("sgd", 1e-4), (-4.0, 9.5), steps=50)
    assert slow.outcome == "stuck"


def test_in_the_narrow_valley_sgd_zigzags_and_momentum_rolls_to_the_minimum_first():
    """The "Momentum in a narrow valley" lesson (κ = 50, SGD γ = 0.03, momentum γ = 0.003,
    μ = 0.9, 200 steps from the page's start): what its note says, in numbers."""
    bowl = quadratic(50)
    sgd, momentum = race(bowl, [Contestant("sgd", 0.03), Contestant("momentum", 0.003, (("momentum", 0.9),))],
                         bowl.start, steps=200)
    assert sharp_turns(sgd.path) >= 4 and sharp_turns(momentum.path) == 0
    assert momentum.outcome == sgd.outcome == "reached"
    assert momentum.reached_at < 0.7 * sgd.reached_at  # 119 against 197
    # the zigzag is across the valley: SGD's first steps flip the sign of y every time
    assert np.all(np.sign(sgd.path[1:6, 1]) == -np.sign(sgd.path[:5, 1]))


def test_sharp_turns_count_steps_that_turn_back():
    zigzag = np.array([[0, 0], [1, 3], [2, 0], [3, 3], [4, 0]], dtype=float)
    assert sharp_turns(zigzag) == 3
    assert sharp_turns(np.column_stack([np.arange(10.0), np.sin(np.arange(10.0) / 5)])) == 0  # a smooth curve
    assert sharp_turns(np.array([[0, 0], [1e-3, 0], [0, 0], [1e-3, 0]])) == 0  # jitter at rest


def test_nan_and_huge_learning_rates_end_cleanly():
    surface = SURFACES["beale"]
    result = run(surface, Contestant("sgd", 100.0), surface.start, steps=100)
    assert result.outcome == "diverged" and np.all(np.isfinite(result.path)) and len(result.path) < 100
    result = run(surface, Contestant("adam", 0.01), (float("nan"), 0.0), steps=10)
    assert result.outcome == "diverged" and len(result.path) == 1


from core.nn.descent import CURVES, descend_1d  # noqa: E402


@pytest.mark.parametrize(("lr", "behaviour"), [(0.01, "slow"), (0.3, "good"), (0.9, "oscillating"), (1.1, "diverging")])
def test_the_four_learning_rates_of_the_lecture_on_a_parabola(lr, behaviour):
    run_ = descend_1d(CURVES["parabola"], lr, 2.5, steps=20)
    assert run_.behaviour == behaviour
    # the steps are the lecture's formula: x(n+1) = x(n) − γ·2x(n)
    np.testing.assert_allclose(run_.xs[1:], run_.xs[:-1] * (1 - 2 * lr))


def test_two_valleys_have_a_local_minimum_to_fall_into():
    curve = CURVES["two_valleys"]
    for m in curve.minima:
        assert abs(curve.df(np.array(m))) < 1e-6
    assert curve.f(np.array(curve.minima[0])) < curve.f(np.array(curve.minima[1]))
    right = descend_1d(curve, 0.05, 2.0, steps=60)
    assert right.behaviour == "good" and right.local and right.minimum == pytest.approx(1.1309, abs=1e-3)
    left = descend_1d(curve, 0.05, -2.0, steps=60)
    assert left.behaviour == "good" and not left.local


from core.nn.descent import minibatch_runs, regression_data  # noqa: E402


def test_batch_gradient_descent_follows_the_full_gradient():
    data = regression_data(n=50, noise=0.3, seed=1)
    (full,) = minibatch_runs(data, [50], lr=0.05, epochs=3, start=(0.0, 0.0))
    w, b = 0.0, 0.0
    for step in range(1, 4):
        residual = w * data.x + b - data.y
        w, b = w - 0.05 * 2 * np.mean(residual * data.x), b - 0.05 * 2 * np.mean(residual)
        np.testing.assert_allclose(full.path[step], (w, b))
    assert full.updates_per_epoch == 1 and len(full.path) == 4


def test_smaller_batches_take_more_noisier_steps_to_the_same_place():
    data = regression_data(n=100, noise=0.5, seed=0)
    full, mini, single = minibatch_runs(data, [100, 10, 1], lr=0.02, epochs=30)
    assert (full.updates_per_epoch, mini.updates_per_epoch, single.updates_per_epoch) == (1, 10, 100)
    assert len(single.path) == 30 * 100 + 1
    best = np.polyfit(data.x, data.y, 1)  # least squares: the bottom of the MSE bowl
    for run_ in (mini, single):
        assert np.linalg.norm(run_.path[-1] - best) < 0.15
    # noise: the stochastic path's last hundred steps wander more than the mini-batch one's
    assert np.std(single.path[-100:], axis=0).sum() > np.std(mini.path[-10:], axis=0).sum()
    assert all(np.all(np.diff(r.epoch_losses[:3]) < 0) for r in (full, mini))
    assert data.loss(best[0], best[1]) <= min(r.epoch_losses[-1] for r in (full, mini, single)) + 1e-12


def test_adam_and_nesterov_paths_follow_torchs_formulas():
    surface = SURFACES["beale"]
    result = run(surface, Contestant("adam", 0.01, (("beta1", 0.8),)), surface.start, steps=12)
    point, m, v = np.array(surface.start), np.zeros(2), np.zeros(2)
    b1, b2, eps = 0.8, 0.999, 1e-8
    for step in range(1, 13):
        g = np.array(surface.grad(*point))
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        point = point - 0.01 * (m / (1 - b1 ** step)) / (np.sqrt(v / (1 - b2 ** step)) + eps)
        np.testing.assert_allclose(result.path[step], point, rtol=1e-10)
    result = run(surface, Contestant("nesterov", 1e-3), surface.start, steps=12)
    point, buffer = np.array(surface.start), None
    for step in range(1, 13):  # torch: b = μ b + g; x = x − γ (g + μ b)
        g = np.array(surface.grad(*point))
        buffer = g if buffer is None else 0.9 * buffer + g
        point = point - 1e-3 * (g + 0.9 * buffer)
        np.testing.assert_allclose(result.path[step], point, rtol=1e-10)


def test_a_far_start_point_ends_cleanly():
    for name, surface in SURFACES.items():
        result = run(surface, Contestant("sgd", 0.01), (10.0, -10.0), steps=100)
        assert result.outcome in ("reached", "stuck", "diverged") and np.all(np.isfinite(result.path)), name
