"""A data set the student draws: points of 2 to 5 classes clicked onto the playground's plane.

The plane is the playground's [-6, 6]^2 (core.nn.datasets.DOMAIN_2D), cut into a grid of
`GRID_STEP` (61 x 61 cells): a click lands on the nearest cell, and a cell holds at most one
point, so clicking a point again with its own class takes it away and with another class gives
it that class. The points are the data as drawn: no standardising (unlike an upload), so the
network and the picture see them on the same plane as the built-in sets.

`Drawing` is the pad's state with its verbs (click, undo, clear); `encode_points` and
`decode_points` put the points into the page's link in 3 characters each (x cell, y cell,
class): 200 points are 600 characters, under the link's text limit, and use only characters a
link carries as they are (a comma or semicolon would be sent as %2C / %3B, three characters).
`drawn_arrays` turns the points into (X, y, n_classes) for the trainer and says, with a
`UserInputError`, when there are too few to learn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.errors import UserInputError
from core.nn.datasets import DOMAIN_2D, train_test_split

GRID_STEP = 0.2
GRID_CELLS = int(round(2 * DOMAIN_2D / GRID_STEP)) + 1  # 61 positions per axis, -6.0 ... 6.0
MAX_DRAWN_POINTS = 200
MAX_DRAWN_CLASSES = 5  # as many as an upload may have (core.nn.csv_data.MAX_CSV_CLASSES)
MIN_CLASS_POINTS = 2  # a class needs this many points to count, and two classes must have them
# One character per cell position: 0-9, A-Z, a-y (61 of them), all unreserved in a URL.
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy"
assert len(_ALPHABET) == GRID_CELLS

Point = tuple[float, float, int]  # (x1, x2, class)

# What the pad starts with: two small groups a line can split, for the student to change.
STARTER: tuple[Point, ...] = (
    (-3.0, 2.0, 0), (-2.2, 3.0, 0), (-3.6, 3.4, 0), (-2.0, 1.6, 0), (-3.0, 4.2, 0),
    (2.6, -2.0, 1), (3.4, -3.0, 1), (2.0, -3.4, 1), (3.8, -1.8, 1), (2.8, -4.2, 1),
)


def cell(value: float) -> int:
    """The grid position nearest to a coordinate (outside the plane: its edge)."""
    return min(max(int(round((float(value) + DOMAIN_2D) / GRID_STEP)), 0), GRID_CELLS - 1)


def coordinate(position: int) -> float:
    """A grid position's coordinate, rounded to one decimal (-6.0 ... 6.0)."""
    return round(-DOMAIN_2D + position * GRID_STEP, 1)


def snap(x: float, y: float) -> tuple[float, float]:
    return coordinate(cell(x)), coordinate(cell(y))


def encode_points(points) -> str:
    return "".join(_ALPHABET[cell(x)] + _ALPHABET[cell(y)] + str(c) for x, y, c in points)


def decode_points(text: str, max_classes: int = MAX_DRAWN_CLASSES) -> tuple[Point, ...]:
    """The points a link's text names; a text that is not what `encode_points` writes raises
    a UserInputError (a link cut short or typed by hand)."""
    text = text.strip()
    bad = UserInputError("error.draw_bad_link",
                         "The link's drawn points could not be read; the pad starts with the example points.")
    if len(text) % 3 or len(text) // 3 > MAX_DRAWN_POINTS:
        raise bad
    points: dict[tuple[float, float], int] = {}
    for i in range(0, len(text), 3):
        x, y, c = text[i : i + 3]
        if x not in _ALPHABET or y not in _ALPHABET or c not in "0123456789" or int(c) >= max_classes:
            raise bad
        points[(coordinate(_ALPHABET.index(x)), coordinate(_ALPHABET.index(y)))] = int(c)  # one per cell
    return tuple((x, y, c) for (x, y), c in points.items())


def class_counts(points, n_classes: int) -> list[int]:
    counts = [0] * n_classes
    for _, _, c in points:
        if c < n_classes:
            counts[c] += 1
    return counts


def drawn_arrays(points) -> tuple[np.ndarray, np.ndarray, int]:
    """(X (n, 2), y, K) of drawn points: K is the highest class drawn + 1 (a class the student
    skipped stays, empty, so that every class keeps its colour); two classes give y as
    0.0 / 1.0 for the sigmoid network, more give int64 labels for softmax. Raises a
    UserInputError unless two classes have at least `MIN_CLASS_POINTS` points each."""
    points = tuple(points)
    classes = [c for _, _, c in points]
    k = max(classes, default=-1) + 1
    counts = class_counts(points, max(k, 0))
    if sum(count >= MIN_CLASS_POINTS for count in counts) < 2:
        raise UserInputError(
            "error.draw_too_few",
            "Draw at least {minimum} points in each of two classes; until then the network trains on the "
            "last drawing that had them.", minimum=MIN_CLASS_POINTS,
        )
    X = np.array([[x, y] for x, y, _ in points], dtype=np.float64)
    y = np.array(classes, dtype=np.float64 if k == 2 else np.int64)
    return X, y, k


def held_out(points, train_ratio: float, seed: int) -> list[bool]:
    """Which points the trainer keeps for testing: the same `train_test_split` it makes of
    the drawn points' arrays (core.nn.trainer.make_data), applied to their indices."""
    n = len(points)
    split = train_test_split(np.arange(n, dtype=np.float64)[:, None], np.zeros(n), train_ratio, seed=seed)
    test = set(split.X_test[:, 0].astype(int).tolist())
    return [i in test for i in range(n)]


def enough(points) -> bool:
    try:
        drawn_arrays(points)
    except UserInputError:
        return False
    return True


@dataclass
class Drawing:
    """The pad: the points in the order drawn, what each click replaced (for Undo), and the
    last points that were enough to train on (the network keeps those while the drawing has
    too few)."""

    points: tuple[Point, ...] = STARTER
    history: list[tuple[Point, ...]] = field(default_factory=list)
    trained: tuple[Point, ...] = STARTER
    refused: bool = False  # the last click would have gone over MAX_DRAWN_POINTS

    def click(self, x: float, y: float, chosen: int) -> None:
        """A click at (x, y) with class `chosen`: a point in an empty cell, the cell's point
        removed if it has that class, or given that class if it has another."""
        x, y = snap(x, y)
        here = next((i for i, (px, py, _) in enumerate(self.points) if (px, py) == (x, y)), None)
        self.refused = here is None and len(self.points) >= MAX_DRAWN_POINTS
        if self.refused:
            return
        if here is None:
            points = (*self.points, (x, y, int(chosen)))
        elif self.points[here][2] == chosen:
            points = self.points[:here] + self.points[here + 1 :]
        else:
            points = (*self.points[:here], (x, y, int(chosen)), *self.points[here + 1 :])
        self._become(points)

    def undo(self) -> None:
        """Back to before the last click or Clear; with no history (a page opened from a
        link) the last point drawn goes."""
        self.refused = False
        self._become(self.history.pop() if self.history else self.points[:-1], remember=False)

    def clear(self) -> None:
        self.refused = False
        if self.points:
            self._become(())

    def _become(self, points: tuple[Point, ...], remember: bool = True) -> None:
        if remember:
            self.history.append(self.points)
            del self.history[:-MAX_DRAWN_POINTS]  # enough to take back every point
        self.points = points
        if enough(points):
            self.trained = points

    @classmethod
    def from_link(cls, text: str | None, max_classes: int = MAX_DRAWN_CLASSES) -> Drawing:
        """The drawing a link names (raises UserInputError for a bad one)."""
        if text is None:
            return cls()
        points = decode_points(text, max_classes)
        return cls(points=points, trained=points if enough(points) else STARTER)

    @property
    def code(self) -> str:
        return encode_points(self.points)
