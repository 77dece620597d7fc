"""Wrong class codes per browser session: five within a minute, then a wait that says how long."""

import pytest

from core.classroom import JoinGuard
from core.errors import UserInputError
from core.i18n import translate


class Clock:
    def __init__(self):
        self.now = 500.0

    def __call__(self):
        return self.now


def blocked_for(guard) -> int:
    with pytest.raises(UserInputError) as caught:
        guard.check()
    assert caught.value.key == "class.too_many_tries"
    return caught.value.params["seconds"]


def test_five_wrong_codes_within_the_window_block_until_the_window_passes():
    clock = Clock()
    guard = JoinGuard(max_failures=5, window_s=60.0, clock=clock)
    for _ in range(4):
        guard.check()
        guard.failed()
    guard.check()  # four failures: still allowed
    guard.failed()
    assert blocked_for(guard) == 60
    clock.now += 29.5
    assert blocked_for(guard) == 31  # whole seconds, rounded up: never "0 s"
    clock.now += 30.4
    assert blocked_for(guard) == 1
    clock.now += 0.1
    guard.check()


def test_the_window_slides_over_failures_spread_in_time():
    clock = Clock()
    guard = JoinGuard(max_failures=5, window_s=60.0, clock=clock)
    for _ in range(5):
        guard.failed()
        clock.now += 10  # failures at 0, 10, 20, 30, 40
    clock.now = 500 + 45
    assert blocked_for(guard) == 15  # until the first is a minute old
    clock.now = 500 + 60
    guard.check()
    guard.failed()  # 10, 20, 30, 40, 60: blocked until the one at 10 is a minute old
    assert blocked_for(guard) == 10


def test_failures_older_than_the_window_do_not_count():
    clock = Clock()
    guard = JoinGuard(clock=clock)
    for _ in range(4):
        guard.failed()
    clock.now += 61
    guard.failed()
    guard.check()


def test_a_successful_join_forgets_the_failures():
    clock = Clock()
    guard = JoinGuard(max_failures=3, window_s=10.0, clock=clock)
    for _ in range(3):
        guard.failed()
    assert blocked_for(guard) == 10
    guard.succeeded()
    guard.check()
    guard.failed(), guard.failed()
    guard.check()


def test_the_message_carries_the_wait_in_every_language():
    guard = JoinGuard(max_failures=1, window_s=90.0, clock=Clock())
    guard.failed()
    with pytest.raises(UserInputError) as caught:
        guard.check()
    assert "90" in str(caught.value)
    for language in ("en", "ru", "kk"):
        assert "90" in translate(language, caught.value.key, **caught.value.params)


@pytest.mark.parametrize("max_failures, window_s", [(0, 60.0), (5, 0.0), (5, -1.0)])
def test_a_guard_that_would_block_everything_is_refused(max_failures, window_s):
    with pytest.raises(ValueError):
        JoinGuard(max_failures=max_failures, window_s=window_s)
