"""Which recorded epochs become frames: playing and paused."""

from hypothesis import given, strategies as st

from core.nn.frame_epochs import kept_epoch, playing_epochs, still_epochs

recorded_runs = st.lists(st.integers(1, 5000), min_size=1, max_size=600, unique=True).map(sorted)


@given(recorded_runs, st.integers(0, 5000), st.integers(1, 10))
def test_playing_frames_come_after_the_start_apart_by_the_speed_and_end_on_the_newest(recorded, start, speed):
    out = playing_epochs(recorded, start, speed)
    assert all(e > start for e in out) and set(out) <= set(recorded)
    if recorded[-1] > start:
        assert out[-1] == recorded[-1]
    steps = [b - a for a, b in zip([start, *out], out)]
    assert all(s >= speed for s in steps[:-1])  # only the newest may come sooner


def test_playing_frames_at_speed_two():
    assert playing_epochs([1, 2, 3, 4, 5, 6, 7], 2, 2) == [4, 6, 7]


@given(recorded_runs, st.integers(1, 200), st.data())
def test_a_paused_picture_keeps_the_epoch_on_screen_and_the_newest_within_the_cap(recorded, cap, data):
    seen = data.draw(st.sampled_from(recorded))
    out = still_epochs(recorded, seen, recorded[-1], cap)
    assert seen in out and recorded[-1] in out and out == sorted(set(out))
    assert len(out) <= cap + 2 and set(out) <= set(recorded)


def test_the_epoch_on_screen_is_kept_as_the_last_recorded_one_at_or_before_it():
    recorded = [0, 1, 2, 4, 8, 16]  # a long run thinned as it trained
    assert kept_epoch(recorded, 8, 16) == 8
    assert kept_epoch(recorded, 7, 16) == 4  # painted, then made way for the one before it
    assert kept_epoch(recorded, 17, 16) is None  # past the run: not a picture of it
    assert kept_epoch([3, 5], 2, 5) is None
