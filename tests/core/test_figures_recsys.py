"""The item2vec page's item map: the liked items' names and "the user" lie on no other name
and no highlighted marker (they printed on top of each other in a tight cluster)."""

import numpy as np
import pytest

from core.figures.recsys import (
    LIKED_SIZE, MAP_PLOT, RECOMMENDED_SIZE, USER_SIZE, item_map_figure, map_pixels, name_box,
)


def _boxes(fig, plot):
    """Each name's box in pixels, from its annotation's point and offset and its text's
    length; each highlighted marker's box."""
    x_range, y_range = fig.layout.xaxis.range, fig.layout.yaxis.range
    names = []
    for note in fig.layout.annotations:
        (x, y), = map_pixels(np.array([[note.x, note.y]]), x_range, y_range, plot)
        names.append((note.text, name_box((x + note.ax, y - note.ay), note.text)))
    sizes = {"liked": LIKED_SIZE, "recommended": RECOMMENDED_SIZE, "the user": USER_SIZE}
    markers = []
    for trace in fig.data:
        if trace.name in sizes:
            s = sizes[trace.name]
            for x, y in map_pixels(np.column_stack([trace.x, trace.y]), x_range, y_range, plot):
                markers.append(np.array([x - s / 2, y - s / 2, x + s / 2, y + s / 2]))
    return names, markers


def _meet(a, b) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


def _map(seed: int, n_liked: int):
    rng = np.random.default_rng(seed)
    centres = np.array([[-0.8, 1.2], [0.7, 0.0], [-0.9, -0.9]])
    points = np.vstack([c + 0.25 * rng.standard_normal((60, 2)) for c in centres])
    names = [f"{w} {v} · bebop" for w, v in zip(
        rng.choice(["Restless", "Empty", "Blue", "Hidden", "Cosmic"], len(points)),
        rng.choice(["Highway", "Sparrow", "Rain", "Tide", "Horizon"], len(points)))]
    groups = ["bebop"] * 60 + ["house"] * 60 + ["punk"] * 60
    cluster = np.argsort(np.linalg.norm(points - centres[0], axis=1))
    liked = list(cluster[:n_liked])  # the tightest items of one genre: the hardest case
    recommended = list(cluster[n_liked:n_liked + 10])
    user = points[liked].mean(axis=0)
    return item_map_figure(points, names, groups, liked, recommended, user)


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("n_liked", [3, 5])
@pytest.mark.parametrize("width", [MAP_PLOT[0], 700.0])
def test_liked_names_lie_on_no_other_name_or_marker(seed, n_liked, width):
    fig = _map(seed, n_liked)
    names, markers = _boxes(fig, (width, MAP_PLOT[1]))
    assert len(names) == n_liked + 1  # every liked item and the user are named
    clashes = [(a, b) for k, (a, box) in enumerate(names) for b, other in names[k + 1:] if _meet(box, other)]
    clashes += [(a, "marker") for a, box in names for marker in markers if _meet(box, marker)]
    assert not clashes


def test_names_are_escaped_and_far_names_point_to_their_item():
    fig = item_map_figure(np.array([[0.0, 0.0], [0.01, 0.0], [1.0, 1.0]]), ["<b>x</b>", "y", "z"],
                          ["g", "g", "g"], liked=[0, 1], recommended=[2], user_point=np.array([0.005, 0.0]))
    texts = [a.text for a in fig.layout.annotations]
    assert texts[0] == "the user" and "<b>" not in texts[1]
    assert all(a.showarrow and a.arrowhead == 0 for a in fig.layout.annotations)


def test_popularity_axes_have_few_whole_number_ticks():
    """The long-tail chart's log axes wrote every digit (6 5 4 3 2 100 9 8 7 ...) on top of
    each other: now 1, 2, 5 times the powers of ten, written whole, within the data."""
    from core.figures.recsys import log_ticks, popularity_figure

    assert log_ticks(2, 600) == [2, 5, 10, 20, 50, 100, 200, 500]
    assert log_ticks(1, 400) == [1, 2, 5, 10, 20, 50, 100, 200]
    counts = np.r_[np.full(10, 600), np.geomspace(300, 2, 390)].astype(int)
    fig = popularity_figure(counts)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.type == "log" and 3 <= len(axis.tickvals) <= 9
        assert list(axis.ticktext) == [f"{v:g}" for v in axis.tickvals] and "e" not in "".join(axis.ticktext)
    assert min(fig.layout.yaxis.tickvals) >= counts.min() and max(fig.layout.yaxis.tickvals) <= counts.max()
