"""Which recorded epochs become frames: playing and paused."""

from hypothesis import given, strategies as st

from core.nn.frame_epochs import playing_epochs, still_epochs

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
