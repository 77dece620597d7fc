"""Speculative work gives way to script runs (app_pages.script_runs): it waits while any run is
under way, goes on when none is, and never waits past its own stop."""

import threading
import time

import pytest

from app_pages.script_runs import give_way, script_run


def _give_way_in_thread(stop):
    returned = threading.Event()
    threading.Thread(target=lambda: (give_way(stop), returned.set()), daemon=True).start()
    return returned


def test_nothing_running_means_no_wait():
    started = time.perf_counter()
    give_way(threading.Event())
    assert time.perf_counter() - started < 0.05


def test_it_waits_for_every_run_under_way_to_end():
    stop = threading.Event()
    with script_run():
        with script_run():
            returned = _give_way_in_thread(stop)
            assert not returned.wait(0.2)
        assert not returned.wait(0.1)  # one run is still going
    assert returned.wait(1.0)


def test_a_stop_ends_the_wait_while_a_run_goes_on():
    stop = threading.Event()
    with script_run():
        returned = _give_way_in_thread(stop)
        assert not returned.wait(0.1)
        stop.set()
        assert returned.wait(0.5)


def test_a_run_that_raises_is_no_longer_counted():
    with pytest.raises(RuntimeError):
        with script_run():
            raise RuntimeError("a rerun request stops the script")
    started = time.perf_counter()
    give_way(threading.Event())
    assert time.perf_counter() - started < 0.05
