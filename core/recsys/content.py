"""Content against behaviour, similar against complementary (the Kazakh lecture's "GOAL" slides).

Content: what the catalogue says about an item. For generated sessions that is its genre and
super-genre, the "hand-made features" a person typed in (as the lecture's films were scored on
action and violence). Behaviour: what users did with the items, here two readings of the same
sessions: item2vec's nearest vectors (items heard in similar sessions: similar, substitutes) and
the items that most often come right after an item (complementary, like a phone and its case).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from core.errors import UserInputError
from core.recsys.sessions import UPLOAD_LABEL, Item

# Hand-made features: one column per genre (weight 1) and one per super-genre (weight
# SUPER_WEIGHT), so that same genre gives cosine 1, a sibling genre 0.2, another super-genre 0.
SUPER_WEIGHT = 0.5


@dataclass(frozen=True)
class ContentFeatures:
    """Items as hand-made feature vectors: rows follow `items`, columns are `columns`."""

    items: tuple[str, ...]
    columns: tuple[str, ...]
    matrix: np.ndarray

    def vector(self, genre: str, super_genre: str) -> np.ndarray:
        """The features of an item of this genre, in the catalogue or not (a new item)."""
        row = np.zeros(len(self.columns))
        for name, weight in ((f"genre:{genre}", 1.0), (f"super:{super_genre}", SUPER_WEIGHT)):
            if name not in self.columns:
                raise UserInputError("error.unknown_genre", "There is no genre {genre} in this catalogue.", genre=genre)
            row[self.columns.index(name)] = weight
        return row


def content_features(catalogue: Mapping[str, Item]) -> ContentFeatures:
    """The catalogue's items with a known genre, as genre and super-genre indicator vectors."""
    known = [item for item in catalogue.values() if item.genre != UPLOAD_LABEL]
    if len(known) < 2:
        raise UserInputError("error.no_content", "These items have no genres: content cannot compare them.")
    genres = list(dict.fromkeys(item.genre for item in known))
    supers = list(dict.fromkeys(item.super_genre for item in known))
    columns = tuple([f"genre:{g}" for g in genres] + [f"super:{s}" for s in supers])
    matrix = np.zeros((len(known), len(columns)))
    for row, item in enumerate(known):
        matrix[row, genres.index(item.genre)] = 1.0
        matrix[row, len(genres) + supers.index(item.super_genre)] = SUPER_WEIGHT
    matrix.flags.writeable = False
    return ContentFeatures(tuple(item.item_id for item in known), columns, matrix)


def content_neighbours(
    features: ContentFeatures, query: np.ndarray, k: int, exclude: Sequence[str] = (),
) -> list[tuple[str, float]]:
    """The k items whose features have the highest cosine to `query`. Items of one genre have the
    same features and tie: content cannot rank them, so ties keep catalogue order (content never
    sees the sessions, so it cannot put the popular ones first)."""
    norms = np.linalg.norm(features.matrix, axis=1) * (np.linalg.norm(query) or 1.0)
    scores = np.round(features.matrix @ query / np.where(norms > 0, norms, 1.0), 12)
    ranked = np.argsort(-scores, kind="stable")
    skip = set(exclude)
    return [(features.items[r], float(scores[r])) for r in ranked if features.items[r] not in skip][:k]


def tied_with_best(features: ContentFeatures, query: np.ndarray, exclude: Sequence[str] = ()) -> int:
    """How many items share the top content score: the ones content cannot tell apart."""
    found = content_neighbours(features, query, len(features.items), exclude)
    return sum(score == found[0][1] for _, score in found) if found else 0


def followers(sessions: Sequence[Sequence[str]], item: str, k: int) -> list[tuple[str, int, float]]:
    """The k items that most often come right after `item` in the sessions: (item, times, share of
    all the events right after it). Ties keep the order of first appearance."""
    after: Counter = Counter()
    for session in sessions:
        for first, second in zip(session, session[1:]):
            if first == item and second != item:
                after[second] += 1
    total = sum(after.values())
    return [(other, count, count / total) for other, count in after.most_common(k)]


# A follower counts as complementary only if it is no stray click: at the page's defaults a
# random click (noise 5 %, uniform over 400 items) lands right after a given item once or twice
# among its ~80 successors (1-3 %), while a planted companion takes about half of them.
MIN_TIMES = 3
MIN_SHARE = 0.05


def complementary_split(
    similar: Sequence[str], follows: Sequence[tuple[str, int, float]], genre_of: Mapping[str, str], item: str,
) -> list[str]:
    """Items that often follow `item` (at least MIN_TIMES times and MIN_SHARE of what follows
    it) but are not alike: of another genre and not among the items nearest by vector. With no
    genres known (an upload), the last condition alone."""
    near = set(similar)
    own = genre_of.get(item)
    return [other for other, times, share in follows
            if times >= MIN_TIMES and share >= MIN_SHARE and other not in near
            and (own is None or genre_of.get(other) not in (own, None))]
