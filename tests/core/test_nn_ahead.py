"""Training ahead in a background thread: the same run as training in the foreground, stopped
on request, with the follow-up work's result (or error) handed back."""

import threading
import time

import numpy as np
import pytest

from core.nn.ahead import TrainingAhead
from core.nn.trainer import Run, Setup, Training


def test_a_run_trained_ahead_equals_one_trained_in_the_foreground():
    ahead = TrainingAhead(Run(Setup(), Training()), epochs=30, max_seconds=60).start()
    ahead._thread.join()
    run = ahead.run
    assert ahead.finish() is None and run.epoch == 30
    foreground = Run(Setup(), Training())
    foreground.train(30)
    for a, b in zip(run.net.params, foreground.net.params):
        np.testing.assert_array_equal(a, b)
    assert run.history.test_loss == foreground.history.test_loss


def test_finish_stops_a_long_run_promptly_and_leaves_it_consistent():
    run = Run(Setup(dataset="spiral", hidden=(8, 8)), Training(batch_size=1))
    ahead = TrainingAhead(run, epochs=100_000, max_seconds=60).start()
    time.sleep(0.2)
    started = time.perf_counter()
    ahead.finish()
    assert time.perf_counter() - started < 1.0  # one epoch of 250 single-point steps at most
    assert 0 < run.epoch < 100_000
    assert len(run.history.train_loss) == run.epoch + 1 and run.snapshots[-1].epoch == run.epoch
    run.train(1)  # the run is usable again in this thread
    assert run.epoch == len(run.history.train_loss) - 1


def test_then_runs_after_training_and_its_result_is_returned():
    seen = []
    ahead = TrainingAhead(Run(Setup(), Training()), epochs=5, max_seconds=60,
                          then=lambda run: seen.append(threading.current_thread().name) or run.epoch).start()
    ahead._thread.join()
    assert ahead.finish() == 5
    assert seen == ["vectorlab-training-ahead"]


def test_then_is_skipped_when_stopped_early():
    ahead = TrainingAhead(Run(Setup(), Training(batch_size=1)), epochs=100_000, max_seconds=60,
                          then=lambda run: "made").start()
    assert ahead.finish() is None


def test_an_error_in_the_thread_reaches_the_caller():
    def broken(run):
        raise ValueError("bad picture")

    ahead = TrainingAhead(Run(Setup(), Training()), epochs=2, max_seconds=60, then=broken).start()
    ahead._thread.join()
    with pytest.raises(ValueError, match="bad picture"):
        ahead.finish()


def test_finish_can_let_it_train_a_minimum_first():
    run = Run(Setup(), Training())
    ahead = TrainingAhead(run, epochs=100_000, max_seconds=60).start()
    ahead.finish(at_least=40, max_wait=30)
    assert 40 <= run.epoch < 100_000
    slow = TrainingAhead(Run(Setup(dataset="spiral", hidden=(8, 8)), Training(batch_size=1)), 100_000, 60).start()
    started = time.perf_counter()
    slow.finish(at_least=10**6, max_wait=0.2)
    assert time.perf_counter() - started < 1.5  # the wait is bounded


def test_nothing_trains_until_started_and_an_unstarted_one_finishes_at_once():
    run = Run(Setup(), Training())
    ahead = TrainingAhead(run, epochs=30, max_seconds=60, then=lambda run: "made")
    time.sleep(0.1)
    assert run.epoch == 0
    assert ahead.finish() is None and run.epoch == 0


def test_finishing_twice_gives_the_same_result():
    ahead = TrainingAhead(Run(Setup(), Training()), epochs=3, max_seconds=60, then=lambda run: run.epoch).start()
    ahead._thread.join()
    assert ahead.finish() == 3 and ahead.finish() == 3


def test_finish_does_not_wait_for_a_thread_still_in_its_delay():
    # The player asking for more just after Play finds the thread not yet begun: waiting for it
    # would only add its delay to the wait for the chunk (the page trains it itself then).
    run = Run(Setup(), Training())
    ahead = TrainingAhead(run, epochs=30, max_seconds=60, then=lambda run: "made", after=5.0).start()
    started = time.perf_counter()
    assert ahead.finish(at_least=30, max_wait=3.0) is None
    assert time.perf_counter() - started < 1.0 and run.epoch == 0
