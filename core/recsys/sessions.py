"""Listening sessions: a seeded generator whose structure is known, and a CSV reader for uploads.

The generator follows recsys_anchors.md §5.1, so that item2vec and the baselines have something
to find and students can check that they found it:

1. Catalogue: genres grouped into super-genres (electronic: synthwave, house, techno; ...), items
   split evenly over the genres, each with a made-up title ("Neon Harbor").
2. Popularity: inside a genre the item of popularity rank r is drawn with weight 1 / r^s (Zipf);
   ranks are shuffled, so item ids say nothing about popularity.
3. Taste: each session is one visit of a user who likes a few genres (mostly siblings in one
   super-genre), with Dirichlet weights over them.
4. Length: min_length + Poisson(mean_length - min_length), so the mean is mean_length.
5. Drift: at each step the session switches genre with probability `drift`; 70 % of switches go
   to a sibling genre of the same super-genre, the rest to another super-genre, landing on one of
   the user's taste genres when that group has one.
6. Order: every item has a planted "next" item (a random ring through its genre); while the
   genre stays the same, the next event follows it with probability `order_strength` — what a
   first-order Markov baseline can learn. Otherwise a popularity-weighted draw in the genre.
7. Noise: a share `noise` of events is an item drawn uniformly from the whole catalogue; noise is
   a stray click and does not move the session's genre or its place on the ring.
8. Companions (complementary items, like a phone and its case): a share `companion_share` of
   the items each has a companion from another super-genre (another genre if there is only
   one). Right after such an item, the next event is its companion with probability
   `companion_strength`. Like noise, a companion does not move the session's genre or its place
   on the ring. The companions come from their own random stream, so with companion_share 0
   the sessions are exactly those of a generator without them.

The planted truth (next items, companions, each session's taste genres) is kept in
`SessionData.planted`.
"""

from __future__ import annotations

import collections
import csv
import io
import math
import re
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
import pandas as pd

from core.errors import UserInputError
from core.text.decoding import decode_text, delimiter as guess_delimiter

# Super-genre -> its genres; a catalogue of n genres uses ceil(n / 3) super-genres.
GENRES: dict[str, tuple[str, ...]] = {
    "electronic": ("synthwave", "house", "techno"),
    "rock": ("indie", "punk", "metal"),
    "jazz": ("bebop", "swing", "fusion"),
    "hip-hop": ("boom bap", "trap", "lo-fi"),
    "classical": ("baroque", "romantic", "minimalist"),
    "folk": ("bluegrass", "celtic", "americana"),
    "world": ("reggae", "afrobeat", "samba"),
    "pop": ("disco", "britpop", "k-pop"),
}
GENRES_PER_SUPER = 3
MAX_GENRES = sum(len(genres) for genres in GENRES.values())

# Titles are "adjective noun"; 50 x 50 words give 2,500 distinct titles.
ADJECTIVES = (
    "Neon", "Velvet", "Silent", "Golden", "Broken", "Electric", "Midnight", "Crystal", "Wild", "Hollow",
    "Silver", "Burning", "Frozen", "Lonely", "Secret", "Distant", "Crimson", "Gentle", "Restless", "Faded",
    "Hidden", "Bright", "Quiet", "Endless", "Paper", "Copper", "Violet", "Northern", "Summer", "Winter",
    "Falling", "Rising", "Lucky", "Stolen", "Sleeping", "Dancing", "Empty", "Open", "Amber", "Cosmic",
    "Static", "Sunny", "Misty", "Iron", "Little", "Last", "Blue", "Scarlet", "Dusty", "Lunar",
)
NOUNS = (
    "Harbor", "Highway", "Garden", "River", "Signal", "Mirror", "Engine", "Forest", "Window", "Station",
    "Ocean", "Desert", "Thunder", "Echo", "Lantern", "Horizon", "Machine", "Meadow", "Shadow", "Island",
    "Avenue", "Canyon", "Comet", "Dream", "Feather", "Glacier", "Heart", "Journey", "Kingdom", "Letter",
    "Monsoon", "Night", "Orbit", "Parade", "Rain", "Satellite", "Tide", "Valley", "Wave", "Zephyr",
    "Bridge", "Candle", "Circus", "Fever", "Motel", "Planet", "Rocket", "Sparrow", "Tower", "Voyage",
)
MAX_ITEMS = len(ADJECTIVES) * len(NOUNS)
# A step coprime to 2,500 scatters consecutive items over both word lists.
_NAME_STEP = 1031

SIBLING_SHARE = 0.7  # share of genre switches (and of extra taste genres) inside the super-genre
MIN_ITEMS_PER_GENRE = 2  # the order ring needs a next item that is not the item itself
MAX_SESSIONS = 200_000  # 40 times the default: about 2 s and 200 MB here, a ceiling, not a slider value
MAX_MEAN_LENGTH = 200.0
MAX_POPULARITY_EXPONENT = 3.0

COMPANION_STREAM = 2  # a second seed word: the companions' random stream

MIN_UPLOAD_SESSIONS = 10
UPLOAD_LABEL = "—"  # genre and super-genre of uploaded items: unknown
_MAX_SHOWN_COLUMNS = 120  # characters of a bad header shown back to the user


@dataclass(frozen=True)
class Item:
    """One catalogue entry: a stable short id, a readable title and its genre."""

    item_id: str
    name: str
    genre: str
    super_genre: str


@dataclass(frozen=True)
class GeneratorParams:
    """The knobs of the session generator (the page's sliders); out-of-range values raise ValueError."""

    n_sessions: int = 5000
    n_items: int = 400
    n_genres: int = 12
    popularity_exponent: float = 1.0
    taste_genres: int = 2
    drift: float = 0.15
    order_strength: float = 0.5
    noise: float = 0.05
    min_length: int = 3
    mean_length: float = 8.0
    seed: int = 0
    companion_share: float = 0.0
    companion_strength: float = 0.5

    def __post_init__(self) -> None:
        checks = (
            (1 <= self.n_sessions <= MAX_SESSIONS, f"n_sessions must be in 1..{MAX_SESSIONS}"),
            (2 <= self.n_genres <= MAX_GENRES, f"n_genres must be in 2..{MAX_GENRES}"),
            (MIN_ITEMS_PER_GENRE * self.n_genres <= self.n_items <= MAX_ITEMS,
             f"n_items must be in {MIN_ITEMS_PER_GENRE} * n_genres..{MAX_ITEMS}"),
            (0.0 <= self.popularity_exponent <= MAX_POPULARITY_EXPONENT,
             f"popularity_exponent must be in 0..{MAX_POPULARITY_EXPONENT}"),
            (1 <= self.taste_genres <= self.n_genres, "taste_genres must be in 1..n_genres"),
            (0.0 <= self.drift <= 1.0, "drift must be in 0..1"),
            (0.0 <= self.order_strength <= 1.0, "order_strength must be in 0..1"),
            (0.0 <= self.noise <= 1.0, "noise must be in 0..1"),
            (self.min_length >= 2, "min_length must be at least 2"),
            (self.min_length <= self.mean_length <= MAX_MEAN_LENGTH,
             f"mean_length must be in min_length..{MAX_MEAN_LENGTH}"),
            (self.seed >= 0, "seed must be non-negative"),
            (0.0 <= self.companion_share <= 1.0, "companion_share must be in 0..1"),
            (0.0 <= self.companion_strength <= 1.0, "companion_strength must be in 0..1"),
        )
        for ok, message in checks:
            if not ok:
                raise ValueError(f"{message}, got {self}")


@dataclass(frozen=True)
class PlantedStructure:
    """What the generator built in, for checks and for the page's "what should be found"."""

    next_item: dict[str, str]  # item id -> its planted next item (same genre)
    taste: tuple[tuple[str, ...], ...]  # per session: the user's taste genres, heaviest first
    companion: dict[str, str] = field(default_factory=dict)  # item id -> its companion (another genre)


@dataclass(frozen=True, eq=False)
class SessionData:
    """Sessions (item ids in order) with their catalogue, generated or uploaded."""

    sessions: tuple[tuple[str, ...], ...]
    items: dict[str, Item]
    source: str  # "generated" | "upload"
    params: GeneratorParams | None = None
    planted: PlantedStructure | None = None  # generated data only
    one_item_sessions_dropped: int = 0  # uploads: sessions that had a single event
    rows_skipped: int = 0  # uploads: rows without a session id or an item id

    @property
    def n_events(self) -> int:
        return sum(len(session) for session in self.sessions)

    def popularity(self) -> collections.Counter:
        """Events per item id."""
        return collections.Counter(chain.from_iterable(self.sessions))

    def lengths(self) -> np.ndarray:
        """Number of events of each session, in session order."""
        return np.fromiter((len(session) for session in self.sessions), dtype=np.int64, count=len(self.sessions))


# --- the catalogue ---------------------------------------------------------------------------


def genre_layout(n_genres: int) -> list[tuple[str, str]]:
    """(genre, super-genre) pairs: n genres spread evenly over ceil(n / 3) super-genres, so every
    super-genre has at least two genres (a switch to a sibling is always possible) once n ≥ 4."""
    n_super = math.ceil(n_genres / GENRES_PER_SUPER)
    layout = []
    for index, (super_genre, genres) in enumerate(list(GENRES.items())[:n_super]):
        size = n_genres // n_super + (index < n_genres % n_super)
        layout.extend((genre, super_genre) for genre in genres[:size])
    return layout


def item_name(index: int) -> str:
    """The made-up title of item `index` (0 ≤ index < MAX_ITEMS); distinct indices, distinct titles."""
    scattered = index * _NAME_STEP % MAX_ITEMS
    return f"{ADJECTIVES[scattered % len(ADJECTIVES)]} {NOUNS[scattered // len(ADJECTIVES)]}"


def _catalogue(params: GeneratorParams) -> tuple[list[Item], np.ndarray, np.ndarray]:
    """Items ordered by genre, and each genre's first item and item count."""
    layout = genre_layout(params.n_genres)
    sizes = np.full(params.n_genres, params.n_items // params.n_genres)
    sizes[: params.n_items % params.n_genres] += 1
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    width = max(4, len(str(params.n_items - 1)))
    items = []
    for (genre, super_genre), size, start in zip(layout, sizes, starts):
        for index in range(start, start + size):
            items.append(Item(f"i{index:0{width}d}", item_name(index), genre, super_genre))
    return items, starts, sizes


# --- the generator ---------------------------------------------------------------------------


def _sample_rows(weights: np.ndarray, uniform: np.ndarray) -> np.ndarray:
    """One column index per row, drawn with the row's (unnormalised) weights."""
    cumulative = np.cumsum(weights, axis=1)
    target = uniform * cumulative[:, -1]
    choice = (cumulative <= target[:, None]).sum(axis=1)
    return np.minimum(choice, weights.shape[1] - 1)  # guards against rounding at the row's end


def _taste(rng: np.random.Generator, params: GeneratorParams, same_super: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each session's taste genres (n × taste_genres, heaviest first) and its weights over all genres (n × G)."""
    n, n_genres, k = params.n_sessions, params.n_genres, params.taste_genres
    first = rng.integers(n_genres, size=n)
    # Further taste genres are drawn without replacement, siblings of the first one favoured:
    # exponential races (key = Exp(1) / weight; smallest keys win) do that in one sort.
    siblings = same_super[first] & (np.arange(n_genres) != first[:, None])
    others = ~same_super[first]
    n_siblings = siblings.sum(axis=1, keepdims=True)
    n_others = others.sum(axis=1, keepdims=True)
    sibling_share = np.where(n_others > 0, SIBLING_SHARE, 1.0)
    weight = (siblings * sibling_share / np.maximum(n_siblings, 1)
              + others * (1.0 - sibling_share) / np.maximum(n_others, 1))
    keys = rng.exponential(size=(n, n_genres)) / np.maximum(weight, 1e-300)
    keys[np.arange(n), first] = -1.0
    chosen = np.argsort(keys, axis=1, kind="stable")[:, :k]
    shares = -np.sort(-rng.dirichlet(np.ones(k), size=n), axis=1)  # heaviest first
    theta = np.zeros((n, n_genres))
    np.put_along_axis(theta, chosen, shares, axis=1)
    return chosen, theta


def _companions(params: GeneratorParams, sizes: np.ndarray, genre_super: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per item, the index of its companion or -1: round(companion_share * n_items) items, each
    paired with the hit (most popular item) of a genre drawn from the other super-genres (other
    genres if there is one super-genre). A hit is heard mostly in its own genre's sessions, so
    its vector stays with its genre; a rare companion, heard mostly after its item, is pulled
    into that item's genre (measured at the defaults, strength 0.3: drawn uniformly, 9 of 40
    companions were among their item's 10 nearest vectors; drawn by popularity in the genre, 3)."""
    rng = np.random.default_rng([params.seed, COMPANION_STREAM, 1])
    genre_of = np.repeat(np.arange(params.n_genres), sizes)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    hits = np.array([start + int(np.argmax(weight[start:start + size])) for start, size in zip(starts, sizes)])
    companion = np.full(params.n_items, -1)
    chosen = rng.permutation(params.n_items)[: round(params.companion_share * params.n_items)]
    for index in np.sort(chosen):
        genre = genre_of[index]
        pool = np.flatnonzero(genre_super != genre_super[genre])
        if not len(pool):
            pool = np.flatnonzero(np.arange(params.n_genres) != genre)
        companion[index] = hits[rng.choice(pool)]
    return companion


def generate_sessions(params: GeneratorParams = GeneratorParams()) -> SessionData:
    """Sessions with planted genres, popularity, taste, drift, order and noise (see the module
    docstring). The same params give the same data; every step draws the same amount of
    randomness whatever the probabilities, so moving one slider changes only what it controls."""
    rng = np.random.default_rng(params.seed)
    items, starts, sizes = _catalogue(params)
    n, n_genres, n_items = params.n_sessions, params.n_genres, params.n_items
    supers = [item.super_genre for item in items]
    genre_super = np.array([supers[start] for start in starts])
    same_super = genre_super[:, None] == genre_super[None, :]
    siblings_of = same_super & ~np.eye(n_genres, dtype=bool)
    others_of = ~same_super
    if not others_of.any():  # a single super-genre: every switch stays inside it
        others_of = siblings_of

    # Popularity: Zipf weights over shuffled ranks, as one cumulative key per genre block:
    # genre g's items cover (g, g + 1], so a draw in genre g is searchsorted(g + u).
    block_key = np.empty(n_items)
    item_weight = np.empty(n_items)
    next_item = np.empty(n_items, dtype=np.int64)
    for genre, (start, size) in enumerate(zip(starts, sizes)):
        ranks = rng.permutation(size) + 1.0
        weights = ranks ** -params.popularity_exponent
        item_weight[start:start + size] = weights / weights.sum()
        cumulative = np.cumsum(weights / weights.sum())
        cumulative[-1] = 1.0
        block_key[start:start + size] = genre + cumulative
        ring = start + rng.permutation(size)
        next_item[ring] = np.roll(ring, -1)
    block_end = starts + sizes - 1
    companion = _companions(params, sizes, genre_super, item_weight)
    # Their own stream: the main one draws the same numbers with or without companions.
    companion_draws = np.random.default_rng([params.seed, COMPANION_STREAM])

    taste, theta = _taste(rng, params, same_super)
    lengths = params.min_length + rng.poisson(params.mean_length - params.min_length, size=n)
    events = np.empty((n, int(lengths.max())), dtype=np.int64)
    genre = _sample_rows(theta, rng.random(n))
    # The last non-noise item of the current genre, where the order ring continues from;
    # -1 at the start and after a genre switch (the new genre starts with a popularity draw).
    anchor = np.full(n, -1)
    for step in range(events.shape[1]):
        switch_draw, sibling_draw, target_draw = rng.random(n), rng.random(n), rng.random(n)
        if step > 0:
            switch = np.flatnonzero(switch_draw < params.drift)
            current = genre[switch]
            group = np.where((sibling_draw[switch] < SIBLING_SHARE)[:, None], siblings_of[current], others_of[current])
            # Land on a taste genre of the chosen group if it has one, else anywhere in it.
            weights = group * theta[switch]
            no_taste = weights.sum(axis=1) == 0
            weights[no_taste] = group[no_taste]
            genre[switch] = _sample_rows(weights, target_draw[switch])
            anchor[switch] = -1
        noise_draw, follow_draw, popular_draw = rng.random(n), rng.random(n), rng.random(n)
        random_item = rng.integers(n_items, size=n)
        popular = np.minimum(np.searchsorted(block_key, genre + popular_draw, side="right"), block_end[genre])
        follow = (anchor >= 0) & (follow_draw < params.order_strength)
        is_noise = noise_draw < params.noise
        item = np.where(is_noise, random_item, np.where(follow, next_item[np.maximum(anchor, 0)], popular))
        stray = is_noise
        if step > 0 and params.companion_share > 0:
            previous = companion[events[:, step - 1]]
            along = (previous >= 0) & (companion_draws.random(n) < params.companion_strength)
            item = np.where(along, previous, item)
            stray = is_noise | along
        anchor = np.where(stray, anchor, item)
        events[:, step] = item

    ids = np.array([item.item_id for item in items], dtype=object)
    genre_names = [items[start].genre for start in starts]
    sessions = tuple(tuple(ids[row[:length]]) for row, length in zip(events, lengths))
    planted = PlantedStructure(
        next_item={ids[i]: ids[j] for i, j in enumerate(next_item)},
        taste=tuple(tuple(genre_names[g] for g in row) for row in taste.tolist()),
        companion={ids[i]: ids[j] for i, j in enumerate(companion) if j >= 0},
    )
    return SessionData(sessions, {item.item_id: item for item in items}, "generated", params, planted)


# --- CSV upload ------------------------------------------------------------------------------


def _is_blank(cells: list[str]) -> bool:
    """A line pandas skips: empty or only spaces (",," is a row of empty cells, not blank)."""
    return not cells or (len(cells) == 1 and not cells[0].strip())


def _line_of_row(text: str, delimiter: str, header_lines: int, row_index: int) -> int:
    """The file line (1-based) where data row `row_index` starts (0-based, blank lines not
    counted, as pandas counts them); only called to word an error, so reading again is fine."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    seen, end_of_previous = -1, 0
    for cells in reader:
        start, end_of_previous = end_of_previous + 1, reader.line_num
        if start > header_lines and not _is_blank(cells):
            seen += 1
            if seen == row_index:
                return start
    return end_of_previous


def _timestamps(values: pd.Series) -> np.ndarray:
    """Sort keys: all numbers, or all ISO dates (as UTC microseconds; naive times taken as UTC),
    whichever the first value is; NaN where a value is not of that kind."""
    first = pd.to_numeric(values.iloc[:1], errors="coerce").to_numpy(dtype=float)
    if np.isfinite(first).all():
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        return np.where(np.isfinite(numbers), numbers, np.nan)
    moments = pd.to_datetime(values, format="ISO8601", utc=True, errors="coerce")
    keys = moments.dt.tz_localize(None).to_numpy(dtype="datetime64[us]").astype(np.int64).astype(float)
    return np.where(moments.isna().to_numpy(), np.nan, keys)


def read_sessions_csv(data: bytes, max_rows: int = 1_000_000, max_bytes: int = 20_000_000) -> SessionData:
    """Sessions from an uploaded CSV with the columns session_id,item_id[,timestamp].

    The header is required; names are case-insensitive and other columns are ignored. Events are
    ordered by timestamp within a session when the column exists (all numbers, or all ISO dates;
    ties keep file order), else by file order. Sessions keep the order in which their ids first
    appear. One-item sessions are dropped and counted, as are rows missing an id. A "row" in
    messages is the line number in the file, the header being line 1. Parsed as text only
    (pandas' C parser, every cell a string): nothing in the file is evaluated."""
    if len(data) > max_bytes:
        limit_mb = max_bytes / 1_000_000
        raise UserInputError("error.csv_too_big", "The file is {size_mb} MB; the limit is {limit_mb} MB",
                             size_mb=math.ceil(len(data) / 100_000) / 10,
                             limit_mb=int(limit_mb) if limit_mb.is_integer() else round(limit_mb, 1))
    text = decode_text(data)
    header_lines, header = 0, None
    for line in io.StringIO(text):  # lazily: only the lines up to the header are split off
        header_lines += 1
        if line.strip():
            header = line.rstrip("\n")
            break
    if header is None:
        raise UserInputError("error.csv_empty", "The file is empty.")
    delimiter = guess_delimiter(header)
    columns = [cell.strip() for cell in next(csv.reader([header], delimiter=delimiter))]
    names = [column.lower() for column in columns]
    if "session_id" not in names or "item_id" not in names:
        shown = ", ".join(columns)
        if len(shown) > _MAX_SHOWN_COLUMNS:
            shown = shown[:_MAX_SHOWN_COLUMNS] + "…"
        raise UserInputError("error.csv_session_columns",
                             "The CSV needs the columns session_id and item_id; it has {columns}", columns=shown)
    wanted = {"session": names.index("session_id"), "item": names.index("item_id")}
    if "timestamp" in names:
        wanted["time"] = names.index("timestamp")

    try:
        # Extra cells in a row are ignored and missing ones read as "" (index_col=False);
        # nrows stops reading one row past the limit.
        table = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, skiprows=header_lines,
                            names=list(range(len(columns))), usecols=sorted(set(wanted.values())), index_col=False,
                            dtype=str, na_filter=False, nrows=max_rows + 1, engine="c")
    except pd.errors.EmptyDataError:
        table = pd.DataFrame(columns=sorted(set(wanted.values())), dtype=str)
    except pd.errors.ParserError as error:  # e.g. a quote that is never closed
        found = re.search(r"row (\d+)", str(error))
        raise UserInputError("error.csv_malformed", "Line {row} could not be read as CSV.",
                             row=int(found.group(1)) + 1 if found else header_lines + 1) from None
    if len(table) > max_rows:
        raise UserInputError("error.csv_too_many_rows", "At most {limit} rows, got more",
                             limit=max_rows, maximum=max_rows)
    if len(table) == 0:
        raise UserInputError("error.csv_empty", "The file is empty.")

    session_ids = table[wanted["session"]].str.strip().to_numpy(dtype=object)
    item_ids = table[wanted["item"]].str.strip().to_numpy(dtype=object)
    kept = np.flatnonzero((session_ids != "") & (item_ids != ""))
    rows_skipped = len(table) - len(kept)
    codes, _ = pd.factorize(session_ids[kept])  # sessions numbered in order of first appearance
    order = np.arange(len(kept))
    if "time" in wanted:
        stamps = table[wanted["time"]].str.strip().iloc[kept]
        keys = _timestamps(stamps)
        bad = np.flatnonzero(np.isnan(keys))
        if len(bad):
            row = _line_of_row(text, delimiter, header_lines, int(kept[bad[0]]))
            raise UserInputError("error.csv_timestamp", "Timestamp «{value}» in row {row} is not a number or a date",
                                 value=stamps.iloc[bad[0]], row=row)
        order = np.argsort(keys, kind="stable")  # stable: equal timestamps keep file order
    order = order[np.argsort(codes[order], kind="stable")]  # group by session, keeping the order inside
    ordered_items = item_ids[kept][order].tolist()
    counts = np.bincount(codes)
    ends = np.cumsum(counts).tolist()
    sessions = [tuple(ordered_items[end - count:end]) for end, count in zip(ends, counts.tolist()) if count >= 2]
    one_item = int((counts == 1).sum())
    if len(sessions) < MIN_UPLOAD_SESSIONS:
        raise UserInputError("error.csv_too_few_sessions",
                             "Only {n} sessions with at least two items; at least {minimum} are needed",
                             n=len(sessions), minimum=MIN_UPLOAD_SESSIONS)
    items = {item_id: Item(item_id, item_id, UPLOAD_LABEL, UPLOAD_LABEL)
             for item_id in dict.fromkeys(chain.from_iterable(sessions))}
    return SessionData(tuple(sessions), items, "upload", one_item_sessions_dropped=one_item, rows_skipped=rows_skipped)


def sessions_to_csv(data: SessionData) -> str:
    """The sessions as CSV (session_id, position, item_id, name, genre) for download; reading it
    back with read_sessions_csv gives the same sessions (position order is file order)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("session_id", "position", "item_id", "name", "genre"))
    width = len(str(len(data.sessions)))
    for number, session in enumerate(data.sessions):
        for position, item_id in enumerate(session):
            item = data.items[item_id]
            writer.writerow((f"s{number:0{width}d}", position, item_id, item.name, item.genre))
    return out.getvalue()


# --- summary ---------------------------------------------------------------------------------


def summary(data: SessionData) -> dict:
    """Sizes and shape of the data, for the page's table: sessions, items, events, session length
    (mean, median, max), share of events on the most popular 10 % of items, and what an upload lost."""
    lengths = data.lengths()
    counts = sorted(data.popularity().values(), reverse=True)
    n_top = max(1, math.ceil(0.1 * len(data.items)))
    events = int(lengths.sum())
    return {
        "sessions": len(data.sessions),
        "items": len(data.items),
        "events": events,
        "mean_length": float(lengths.mean()) if len(lengths) else 0.0,
        "median_length": float(np.median(lengths)) if len(lengths) else 0.0,
        "max_length": int(lengths.max()) if len(lengths) else 0,
        "top10_share": sum(counts[:n_top]) / events if events else 0.0,
        "one_item_sessions_dropped": data.one_item_sessions_dropped,
        "rows_skipped": data.rows_skipped,
    }
