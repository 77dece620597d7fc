"""The playground's training run: continue, rewind, divergence, snapshots."""

import numpy as np
import pytest

from core.nn import MLP, make_optimizer
from core.nn.trainer import MAX_SNAPSHOTS, Run, Setup, Training

SPIRAL = Setup(dataset="spiral", features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"), hidden=(8, 8, 8, 8))


def test_epoch_zero_is_recorded_and_training_advances():
    run = Run(Setup(), Training())
    assert run.epoch == 0 and len(run.history.train_loss) == 1 and run.snapshots[0].epoch == 0
    assert run.train(5) == 5
    assert run.epoch == 5 and len(run.history.test_loss) == 6 and len(run.history.train_accuracy) == 6
    assert [s.epoch for s in run.snapshots] == list(range(6))


def test_same_seeds_same_run():
    a, b = Run(SPIRAL, Training(optimizer="adam", lr=0.03)), Run(SPIRAL, Training(optimizer="adam", lr=0.03))
    a.train(20)
    b.train(20)
    for p, q in zip(a.net.params, b.net.params):
        np.testing.assert_array_equal(p, q)


def test_one_epoch_is_minibatch_sgd_over_a_shuffled_order():
    """An epoch equals hand-written mini-batch descent over the run's permutation."""
    run = Run(Setup(hidden=(3,)), Training(optimizer="sgd", lr=0.1, batch_size=7))
    net = MLP([2, 3, 1], activation="tanh", output="sigmoid", seed=0)
    for p, q in zip(net.params, run.net.params):
        np.testing.assert_array_equal(p, q)
    order = np.random.default_rng(7919).permutation(len(run.data.inputs.X_train))
    X, y = run.data.inputs.X_train, run.data.inputs.y_train
    for begin in range(0, len(X), 7):
        rows = order[begin : begin + 7]
        _, grads = net.loss_and_grads(X[rows], y[rows], loss="bce")
        for p, g in zip(net.params, grads):
            p -= 0.1 * g
    run.train(1)
    for p, q in zip(net.params, run.net.params):
        np.testing.assert_allclose(p, q, rtol=1e-12, atol=1e-12)


def test_spiral_with_depth_and_all_features_is_separated_quickly():
    run = Run(SPIRAL, Training(optimizer="adam", lr=0.03, batch_size=25))
    run.train(150)
    assert min(run.history.test_loss) < 0.1
    assert max(run.history.test_accuracy) > 0.95


def test_changing_the_learning_rate_continues_from_the_current_weights():
    run = Run(Setup(), Training(optimizer="adam", lr=0.01))
    run.train(10)
    before = [p.copy() for p in run.net.params]
    state_t = run.optimizer.t
    run.set_training(Training(optimizer="adam", lr=0.1))
    for p, q in zip(before, run.net.params):
        np.testing.assert_array_equal(p, q)
    assert run.optimizer.t == state_t and run.optimizer.lr == 0.1  # Adam's moments kept
    run.set_training(Training(optimizer="rmsprop", lr=0.01))
    assert run.optimizer.t == 0 and run.epoch == 10  # a new rule starts its own state


def test_rewind_restores_weights_optimizer_and_batch_order():
    run = Run(Setup(), Training(optimizer="adam", lr=0.03))
    run.train(10)
    weights_at_4 = [p.copy() for p in run.snapshots[4].params]
    continued = Run(Setup(), Training(optimizer="adam", lr=0.03))
    continued.train(6)
    run.rewind(4)
    assert run.epoch == 4 and len(run.history.train_loss) == 5 and run.snapshots[-1].epoch == 4
    for p, q in zip(weights_at_4, run.net.params):
        np.testing.assert_array_equal(p, q)
    run.train(2)  # replaying epochs 5 and 6 gives exactly the uninterrupted run
    for p, q in zip(continued.net.params, run.net.params):
        np.testing.assert_array_equal(p, q)


def test_divergence_stops_and_keeps_the_last_finite_state():
    run = Run(Setup(dataset="plane", loss="mse", hidden=(8, 8), activation="relu"), Training(optimizer="sgd", lr=10.0))
    trained = run.train(200)
    assert run.diverged_at is not None and run.diverged_at == trained + 1
    assert run.net.is_finite()
    assert all(np.all(np.isfinite(p)) for s in run.snapshots for p in s.params)
    assert run.train(5) == 0  # stays stopped until rewound or reset
    run.rewind(0)
    assert run.diverged_at is None


def test_snapshots_are_thinned_but_the_newest_is_kept(monkeypatch):
    import core.nn.trainer as trainer

    monkeypatch.setattr(trainer, "MAX_SNAPSHOTS", 20)
    run = Run(Setup(hidden=(2,)), Training(batch_size=250))
    run.train(101)
    epochs = [s.epoch for s in run.snapshots]
    assert len(epochs) <= 21 and epochs[0] == 0 and epochs[-1] == 101
    assert epochs == sorted(epochs)
    assert MAX_SNAPSHOTS >= 400


def test_time_budget_stops_early():
    run = Run(SPIRAL, Training(batch_size=1))
    assert run.train(10_000, max_seconds=0.05) < 10_000
    assert run.snapshots[-1].epoch == run.epoch


def test_regression_one_dimensional():
    run = Run(Setup(dataset="sine", features=("x1", "sin x1"), hidden=(8,), loss="mse"), Training(optimizer="adam", lr=0.03))
    assert run.data.n_inputs == 1 and not run.is_classification
    run.train(100)
    assert run.history.test_loss[-1] < run.history.test_loss[0] / 3
    assert run.history.train_accuracy == []


def test_should_stop_ends_training_after_the_current_epoch():
    run = Run(Setup(), Training())
    calls = []
    trained = run.train(50, should_stop=lambda: len(calls) >= 3 or calls.append(1))
    assert trained == run.epoch == 4  # asked after each epoch: "no" three times, then "yes"
    assert run.snapshots[-1].epoch == 4


def test_snapshot_stride_doubles_when_snapshots_are_thinned(monkeypatch):
    import core.nn.trainer as trainer

    monkeypatch.setattr(trainer, "MAX_SNAPSHOTS", 10)
    run = Run(Setup(), Training())
    assert run.snapshot_stride == 1
    run.train(10)
    assert run.snapshot_stride == 2
    run.train(10)
    assert run.snapshot_stride == 4


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_fork_trains_exactly_as_its_run_would_and_leaves_it_alone(optimizer):
    run = Run(Setup(dataset="xor", hidden=(4,)), Training(optimizer=optimizer, lr=0.03, batch_size=10))
    run.train(7)
    before = [p.copy() for p in run.net.params], run.epoch, list(run.history.train_loss), len(run.snapshots)
    fork = run.fork()
    fork.train(12)
    # the run is where it was
    assert all(np.array_equal(a, b) for a, b in zip(run.net.params, before[0]))
    assert (run.epoch, run.history.train_loss, len(run.snapshots)) == before[1:]
    # and training it now gives the fork's very numbers
    run.train(12)
    assert fork.epoch == run.epoch == 19
    assert all(np.array_equal(a, b) for a, b in zip(run.net.params, fork.net.params))
    assert fork.history.test_loss == run.history.test_loss
    assert [s.epoch for s in fork.snapshots] == [s.epoch for s in run.snapshots]
    # a fork can go back to the epochs it shares with its run
    fork.rewind(3)
    assert fork.epoch == 3 and run.epoch == 19
