"""Sessions: the generator plants what recsys_anchors.md §5 says (genres, power-law popularity,
taste, drift inside the super-genre, an order ring, noise), seeded; the CSV reader orders,
drops and refuses as documented."""

from __future__ import annotations

import dataclasses
from collections import Counter
from functools import lru_cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.errors import UserInputError
from core.recsys.sessions import (
    MAX_GENRES,
    MAX_ITEMS,
    MIN_UPLOAD_SESSIONS,
    UPLOAD_LABEL,
    GeneratorParams,
    Item,
    SessionData,
    generate_sessions,
    genre_layout,
    item_name,
    read_sessions_csv,
    sessions_to_csv,
    summary,
)

N = 20_000  # sessions for the statistical checks: tolerances below are many standard errors wide


@lru_cache(maxsize=None)
def generated(**changes) -> SessionData:
    return generate_sessions(GeneratorParams(n_sessions=N, **changes))


def pairs(data: SessionData) -> list[tuple[str, str]]:
    return [(a, b) for session in data.sessions for a, b in zip(session, session[1:])]


def genre_pairs(data: SessionData) -> list[tuple[str, str]]:
    return [(data.items[a].genre, data.items[b].genre) for a, b in pairs(data)]


def error_key(data: bytes, **kwargs) -> UserInputError:
    with pytest.raises(UserInputError) as caught:
        read_sessions_csv(data, **kwargs)
    return caught.value


# --- catalogue -------------------------------------------------------------------------------


def test_catalogue_has_unique_ids_and_readable_unique_names():
    data = generated()
    items = list(data.items.values())
    assert len(items) == 400
    assert [item.item_id for item in items] == [f"i{i:04d}" for i in range(400)]
    names = [item.name for item in items]
    assert len(set(names)) == len(names)
    assert all(name.isascii() and len(name.split()) == 2 for name in names)
    assert items[0].name == "Neon Harbor"


def test_every_title_is_distinct():
    names = [item_name(i) for i in range(MAX_ITEMS)]
    assert len(set(names)) == MAX_ITEMS


def test_twelve_genres_are_four_super_genres_of_three():
    layout = genre_layout(12)
    supers = Counter(super_genre for _, super_genre in layout)
    assert supers == {"electronic": 3, "rock": 3, "jazz": 3, "hip-hop": 3}
    assert ("synthwave", "electronic") in layout and ("punk", "rock") in layout


@pytest.mark.parametrize("n_genres", range(2, MAX_GENRES + 1))
def test_every_super_genre_has_siblings(n_genres):
    layout = genre_layout(n_genres)
    assert len(layout) == len({genre for genre, _ in layout}) == n_genres
    assert min(Counter(super_genre for _, super_genre in layout).values()) >= 2


def test_items_are_spread_evenly_over_genres():
    data = generate_sessions(GeneratorParams(n_sessions=50, n_items=101, n_genres=7))
    per_genre = Counter(item.genre for item in data.items.values())
    assert len(per_genre) == 7 and max(per_genre.values()) - min(per_genre.values()) <= 1


# --- seeding ---------------------------------------------------------------------------------


def test_same_params_same_data_other_seed_other_data():
    params = GeneratorParams(n_sessions=500, seed=3)
    first, second = generate_sessions(params), generate_sessions(params)
    assert first.sessions == second.sessions
    assert first.planted == second.planted
    assert first.items == second.items
    assert generate_sessions(dataclasses.replace(params, seed=4)).sessions != first.sessions


def test_a_slider_changes_only_what_it_controls():
    # The same random numbers are drawn whatever the probabilities, so the lengths (and the
    # planted structure) stay put when only the noise moves.
    quiet, noisy = generated(noise=0.0), generated(noise=0.2)
    assert np.array_equal(quiet.lengths(), noisy.lengths())
    assert quiet.planted == noisy.planted


# --- lengths ---------------------------------------------------------------------------------


def test_lengths_respect_minimum_and_mean():
    lengths = generated().lengths()
    assert lengths.min() >= 3
    assert abs(lengths.mean() - 8.0) < 0.1
    long_ones = generate_sessions(GeneratorParams(n_sessions=5000, min_length=5, mean_length=20.0)).lengths()
    assert long_ones.min() >= 5 and abs(long_ones.mean() - 20.0) < 0.3


def test_mean_equal_to_minimum_gives_fixed_length():
    data = generate_sessions(GeneratorParams(n_sessions=300, min_length=4, mean_length=4.0))
    assert set(data.lengths().tolist()) == {4}


# --- genres, taste and drift -----------------------------------------------------------------


def test_consecutive_items_mostly_share_a_genre():
    data = generated()
    same = np.mean([a == b for a, b in genre_pairs(data)])
    genre_share = np.array(list(Counter(item.genre for s in data.sessions for item in map(data.items.get, s)).values()))
    chance = ((genre_share / genre_share.sum()) ** 2).sum()  # two independent events, same genre
    assert chance < 0.1
    assert same > 0.7


def test_sessions_stay_within_the_users_taste_genres():
    data = generated()
    in_taste = [data.items[item].genre in taste for session, taste in zip(data.sessions, data.planted.taste)
                for item in session]
    assert np.mean(in_taste) > 0.75
    assert all(len(taste) == 2 and len(set(taste)) == 2 for taste in data.planted.taste)


def test_genre_switch_rate_is_the_drift():
    # Without noise every genre change is a drift switch, and a switch always changes genre.
    for drift in (0.0, 0.15, 0.4):
        changes = np.mean([a != b for a, b in genre_pairs(generated(noise=0.0, drift=drift))])
        assert abs(changes - drift) < 0.01


def test_drift_switches_stay_mostly_within_the_super_genre():
    data = generated(noise=0.0)
    switches = [(data.items[a], data.items[b]) for a, b in pairs(data) if data.items[a].genre != data.items[b].genre]
    within = np.mean([a.super_genre == b.super_genre for a, b in switches])
    chance = 2 / 11  # 2 sibling genres among the 11 other genres
    assert abs(within - 0.7) < 0.03 and within > 3 * chance


def test_no_drift_no_noise_keeps_each_session_in_one_genre():
    data = generate_sessions(GeneratorParams(n_sessions=2000, drift=0.0, noise=0.0))
    assert all(len({data.items[item].genre for item in session}) == 1 for session in data.sessions)


def test_a_single_super_genre_still_generates():
    data = generate_sessions(GeneratorParams(n_sessions=500, n_genres=3, n_items=30, taste_genres=3, drift=0.5))
    assert {item.super_genre for item in data.items.values()} == {"electronic"}
    assert min(data.lengths()) >= 3


# --- popularity ------------------------------------------------------------------------------


def test_top_ten_percent_of_items_hold_far_more_than_ten_percent_of_events():
    assert summary(generated())["top10_share"] > 0.3
    assert summary(generated(popularity_exponent=0.0, order_strength=0.0, noise=0.0))["top10_share"] < 0.13


@pytest.mark.parametrize("exponent", [0.5, 1.0, 1.5])
def test_popularity_within_a_genre_is_a_power_law(exponent):
    # The law is planted on the popularity draws; the order ring and noise smooth it, so they
    # are switched off to see it bare.
    data = generated(popularity_exponent=exponent, order_strength=0.0, noise=0.0)
    counts = data.popularity()
    slopes = []
    for genre in {item.genre for item in data.items.values()}:
        in_genre = np.sort([counts[i] for i, item in data.items.items() if item.genre == genre])[::-1]
        ranks = np.arange(1, len(in_genre) + 1)
        slopes.append(np.polyfit(np.log(ranks), np.log(in_genre), 1)[0])
    assert abs(np.mean(slopes) + exponent) < 0.05
    assert max(abs(np.array(slopes) + exponent)) < 0.15


# --- order -----------------------------------------------------------------------------------


def most_frequent_successor_is_planted(data: SessionData) -> float:
    successors: dict[str, Counter] = {}
    for a, b in pairs(data):
        successors.setdefault(a, Counter())[b] += 1
    return np.mean([c.most_common(1)[0][0] == data.planted.next_item[a] for a, c in successors.items()])


def test_planted_next_items_form_one_ring_per_genre():
    data = generated()
    next_item = data.planted.next_item
    assert sorted(next_item.values()) == sorted(data.items)  # a permutation
    for genre in {item.genre for item in data.items.values()}:
        members = {i for i, item in data.items.items() if item.genre == genre}
        start = next(iter(members))
        ring, current = [start], next_item[start]
        while current != start:
            ring.append(current)
            current = next_item[current]
        assert set(ring) == members


def test_most_frequent_successor_is_the_planted_next_item():
    assert most_frequent_successor_is_planted(generated()) > 0.95  # chance: about 1 in 33
    assert most_frequent_successor_is_planted(generated(order_strength=0.0)) < 0.2


def test_share_of_ring_steps_follows_order_strength():
    for strength in (0.2, 0.5, 0.8):
        data = generated(order_strength=strength)
        on_ring = np.mean([data.planted.next_item[a] == b for a, b in pairs(data)])
        planted = strength * (1 - 0.15) * (1 - 0.05) ** 2  # no switch, neither event noise, follow
        assert planted - 0.01 < on_ring < planted + 0.05  # popularity draws land there too, rarely


# --- noise -----------------------------------------------------------------------------------


@pytest.mark.parametrize("noise", [0.0, 0.1, 0.3])
def test_noise_share_is_as_set(noise):
    # With no drift a session keeps one genre; a uniform noise item lands outside it 11 times in 12.
    data = generated(drift=0.0, order_strength=0.0, noise=noise)
    off_genre = 0
    for session in data.sessions:
        genres = [data.items[item].genre for item in session]
        off_genre += len(genres) - Counter(genres).most_common(1)[0][1]
    share = off_genre / data.n_events
    assert abs(share - noise * 11 / 12) < 0.012


# --- parameters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        dict(n_sessions=0),
        dict(n_items=10, n_genres=12),
        dict(n_items=MAX_ITEMS + 1),
        dict(n_genres=1),
        dict(n_genres=MAX_GENRES + 1),
        dict(popularity_exponent=-0.1),
        dict(taste_genres=0),
        dict(taste_genres=13),
        dict(drift=1.5),
        dict(order_strength=-0.1),
        dict(noise=1.01),
        dict(min_length=1),
        dict(min_length=5, mean_length=4.0),
        dict(seed=-1),
    ],
)
def test_out_of_range_params_raise_value_error(changes):
    with pytest.raises(ValueError):
        GeneratorParams(**changes)


def test_extreme_but_valid_params_generate():
    data = generate_sessions(GeneratorParams(n_sessions=200, n_items=48, n_genres=24, taste_genres=24, drift=1.0,
                                             order_strength=1.0, noise=1.0, min_length=2, mean_length=2.0))
    assert len(data.sessions) == 200 and set(data.lengths().tolist()) == {2}


# --- SessionData and summary -----------------------------------------------------------------


def test_counts_and_summary_agree():
    data = generated()
    info = summary(data)
    assert data.n_events == info["events"] == sum(data.popularity().values()) == data.lengths().sum()
    assert info["sessions"] == N and info["items"] == 400
    assert info["median_length"] == float(np.median(data.lengths()))
    assert info["max_length"] == data.lengths().max()
    top = sorted(data.popularity().values(), reverse=True)[:40]
    assert info["top10_share"] == pytest.approx(sum(top) / data.n_events)
    assert info["one_item_sessions_dropped"] == 0 and data.source == "generated"


def test_export_reads_back_to_the_same_sessions():
    data = generate_sessions(GeneratorParams(n_sessions=300, seed=5))
    back = read_sessions_csv(sessions_to_csv(data).encode())
    assert back.sessions == data.sessions


# --- CSV: good files -------------------------------------------------------------------------


def csv_bytes(rows: list[tuple], header: str = "session_id,item_id", encoding: str = "utf-8") -> bytes:
    lines = [header] + [",".join(str(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def ten_sessions(prefix: str = "s") -> list[tuple]:
    return [(f"{prefix}{n}", f"item{n}-{k}") for n in range(MIN_UPLOAD_SESSIONS) for k in range(2)]


def test_without_timestamps_file_order_is_kept_and_sessions_merge():
    rows = [("a", "x"), ("b", "p"), ("a", "y"), ("b", "q"), ("a", "z")] + ten_sessions()
    data = read_sessions_csv(csv_bytes(rows))
    assert data.sessions[:2] == (("x", "y", "z"), ("p", "q"))
    assert data.source == "upload" and data.params is None and data.planted is None
    assert data.items["x"] == Item("x", "x", UPLOAD_LABEL, UPLOAD_LABEL)
    assert len(data.items) == 5 + 2 * MIN_UPLOAD_SESSIONS


def test_numeric_timestamps_order_each_session_and_ties_keep_file_order():
    rows = [("a", "late", 30), ("a", "early", 10), ("a", "tie1", 20), ("a", "tie2", 20), ("b", "two", 2.5),
            ("b", "one", -1)] + [row + (0,) for row in ten_sessions()]
    data = read_sessions_csv(csv_bytes(rows, header="session_id,item_id,timestamp"))
    assert data.sessions[:2] == (("early", "tie1", "tie2", "late"), ("one", "two"))


def test_iso_date_timestamps_order_each_session():
    rows = [("a", "third", "2024-03-01T10:00:00Z"), ("a", "first", "2024-02-29"), ("a", "second", "2024-03-01 09:59"),
            ("b", "later", "2024-01-01T12:00:00+00:00"), ("b", "sooner", "2024-01-01T13:00:00+02:00")]
    rows += [row + ("2024-01-01",) for row in ten_sessions()]
    data = read_sessions_csv(csv_bytes(rows, header="session_id,item_id,timestamp"))
    assert data.sessions[:2] == (("first", "second", "third"), ("sooner", "later"))


def test_header_is_case_insensitive_extra_columns_ignored_semicolons_accepted():
    rows = [("x", f"s{n}", "extra", f"i{n}-{k}") for n in range(MIN_UPLOAD_SESSIONS) for k in range(3)]
    text = "Note;Session_ID;Whatever;ITEM_ID\n" + "\n".join(";".join(row) for row in rows) + "\n"
    data = read_sessions_csv(text.encode())
    assert data.sessions[0] == ("i0-0", "i0-1", "i0-2") and len(data.sessions) == MIN_UPLOAD_SESSIONS


def test_cp1251_file_with_cyrillic_header_and_items():
    rows = [(f"сессия{n}", f"трек{n}-{k}", "примечание") for n in range(MIN_UPLOAD_SESSIONS) for k in range(2)]
    data = read_sessions_csv(csv_bytes(rows, header="session_id,item_id,примечание", encoding="cp1251"))
    assert data.sessions[0] == ("трек0-0", "трек0-1")
    assert data.items["трек0-0"].name == "трек0-0"


def test_one_item_sessions_and_rows_without_ids_are_dropped_and_counted():
    rows = ten_sessions() + [("lonely", "only"), ("single", "one"), ("", "no-session"), ("no-item", "")]
    data = read_sessions_csv(csv_bytes(rows))
    assert len(data.sessions) == MIN_UPLOAD_SESSIONS and all(len(s) == 2 for s in data.sessions)
    assert "only" not in data.items and "no-session" not in data.items
    info = summary(data)
    assert info["one_item_sessions_dropped"] == 2  # lonely, single; "no-item" never got an item
    assert info["rows_skipped"] == 2


def test_short_and_long_rows_and_blank_lines_are_tolerated():
    text = "session_id,item_id,timestamp\n\na,x,1,surplus\n   \na,y\n" + "".join(
        f"{n},i{n}-{k},{k}\n" for n in range(MIN_UPLOAD_SESSIONS) for k in range(2))
    with pytest.raises(UserInputError) as caught:  # a's second row has no timestamp: line 5
        read_sessions_csv(text.encode())
    assert caught.value.params == {"value": "", "row": 5}
    data = read_sessions_csv(text.replace("a,y\n", "a,y,0\n").encode())
    assert data.sessions[0] == ("y", "x")


def test_a_million_rows_are_read():
    # 125,000 sessions of 8 items: the row limit exactly; speed is measured in bench/, not here.
    text = "session_id,item_id\n" + "".join(f"{n // 8},i{n % 997}\n" for n in range(1_000_000))
    data = read_sessions_csv(text.encode())
    assert len(data.sessions) == 125_000 and data.n_events == 1_000_000


@settings(max_examples=30, deadline=None)
@given(
    sessions=st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=6), min_size=MIN_UPLOAD_SESSIONS,
                      max_size=20),
    seed=st.integers(0, 1000),
)
def test_shuffled_rows_with_timestamps_read_back_in_order(sessions, seed):
    rows = [(f"s{n}", f"it{item}", 100 * n + position) for n, session in enumerate(sessions)
            for position, item in enumerate(session)]
    shuffled = [rows[i] for i in np.random.default_rng(seed).permutation(len(rows))]
    data = read_sessions_csv(csv_bytes(shuffled, header="session_id,item_id,timestamp"))
    assert sorted(data.sessions) == sorted(tuple(f"it{item}" for item in session) for session in sessions)


# --- CSV: refusals ---------------------------------------------------------------------------


def test_wrong_columns_are_named():
    error = error_key(csv_bytes(ten_sessions(), header="user,product"))
    assert error.key == "error.csv_session_columns" and error.params["columns"] == "user, product"


def test_too_many_rows_stops_reading():
    error = error_key(csv_bytes(ten_sessions()), max_rows=len(ten_sessions()) - 1)
    assert error.key == "error.csv_too_many_rows" and error.params["limit"] == len(ten_sessions()) - 1
    assert str(error) == f"At most {len(ten_sessions()) - 1} rows, got more"


def test_a_million_and_one_rows_are_too_many():
    text = "session_id,item_id\n" + "".join(f"{n // 8},i{n % 997}\n" for n in range(1_000_001))
    assert error_key(text.encode()).key == "error.csv_too_many_rows"


def test_too_big_file_is_refused_before_decoding():
    data = csv_bytes(ten_sessions()) + b"\x00" * 300_000  # binary too: the size check comes first
    error = error_key(data, max_bytes=200_000)
    assert error.key == "error.csv_too_big"
    assert error.params == {"size_mb": 0.4, "limit_mb": 0.2}
    assert str(error) == "The file is 0.4 MB; the limit is 0.2 MB"


def test_unclosed_quote_is_malformed():
    text = "session_id,item_id\n" + "".join(f"{n},i{k}\n" for n in range(MIN_UPLOAD_SESSIONS) for k in range(2))
    error = error_key((text + 'z,"never closed\nz,q\n').encode())
    assert error.key == "error.csv_malformed" and error.params == {"row": 2 + 2 * MIN_UPLOAD_SESSIONS}


def test_binary_file_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert error_key(png).key == "error.text_binary"


@pytest.mark.parametrize("data", [b"", b"\n\n  \n", b"session_id,item_id\n", b"session_id,item_id\n\n\n"])
def test_empty_file_is_refused(data):
    assert error_key(data).key == "error.csv_empty"


def test_too_few_sessions_are_refused():
    rows = ten_sessions()[:-2] + [("solo", "x")]  # 9 usable sessions and a one-item one
    error = error_key(csv_bytes(rows))
    assert error.key == "error.csv_too_few_sessions"
    assert error.params == {"n": MIN_UPLOAD_SESSIONS - 1, "minimum": MIN_UPLOAD_SESSIONS}


@pytest.mark.parametrize(
    "stamps, bad, row",
    [(["1", "2", "soon"], "soon", 4), (["2024-01-01", "2024-01-02", "17"], "17", 4), (["1", "", "3"], "", 3),
     (["nan", "1", "2"], "nan", 2)],
)
def test_unparsable_timestamp_names_value_and_row(stamps, bad, row):
    rows = [(f"s{n}", f"i{n}", stamp) for n, stamp in enumerate(stamps)] + [r + ("5",) for r in ten_sessions()]
    error = error_key(csv_bytes(rows, header="session_id,item_id,timestamp"))
    assert error.key == "error.csv_timestamp" and error.params == {"value": bad, "row": row}
