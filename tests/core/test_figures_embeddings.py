"""Figures of the Similarity and Map pages: what is drawn where, from plain data."""

import numpy as np
import pytest

from core.embeddings.films import FILMS, recommend
from core.embeddings.similarity import cosine_matrix, one_hot
from core.figures.similarity import cosine_heatmap, film_figure, neighbours_figure, one_hot_growth_figure
from core.figures.theme import OKABE_ITO
from core.figures.word_map import LABEL_ALL_UP_TO, WEBGL_FROM, group_style, word_map_figure


def test_one_hot_cosines_are_written_in_the_cells():
    fig = cosine_heatmap(["dog", "snake", "cat"], cosine_matrix(one_hot(3)))
    assert [list(row) for row in fig.data[0].text] == [["1", "0", "0"], ["0", "1", "0"], ["0", "0", "1"]]
    assert (fig.data[0].zmin, fig.data[0].zmax) == (-1, 1)


def test_growth_marks_the_chosen_vocabulary_size():
    fig = one_hot_growth_figure(250, 50)
    one_hot_line, dense_line, marker = fig.data
    assert one_hot_line.y[-1] == 1000 and set(dense_line.y) == {50}
    assert (marker.x[0], marker.y[0]) == (250, 250)


@pytest.mark.parametrize("metric", ["euclidean", "cosine"])
def test_film_figure_joins_you_to_each_recommended_film(metric):
    chosen = recommend((1.0, 1.0), k=3, metric=metric)
    fig = film_figure(FILMS, [f.key for f in FILMS], (1.0, 1.0), chosen, metric)
    lines = [tr for tr in fig.data if tr.mode == "lines" and tr.name is None]
    assert sorted((tr.x[1], tr.y[1]) for tr in lines) == sorted((r.film.action, r.film.violence) for r in chosen)
    rays = [tr for tr in fig.data if tr.mode == "lines" and tr.name]
    assert len(rays) == (metric == "cosine")  # cosine sees only the direction: the ray is drawn
    films = next(tr for tr in fig.data if tr.mode == "markers+text" and len(tr.x) == len(FILMS))
    sizes = dict(zip(films.text, films.marker.size))
    assert {key for key, size in sizes.items() if size > 11} == {r.film.key for r in chosen}
    grid = next(tr for tr in fig.data if tr.meta == "grid")
    assert len(grid.x) == 21 * 21  # a click anywhere on the 0..5 plane lands on a grid point


def test_neighbours_figure_keeps_the_order_nearest_first():
    fig = neighbours_figure([("dog", 0.92), ("rabbit", 0.85), ("rat", 0.79)], "cosine")
    assert list(fig.data[0].y) == ["dog", "rabbit", "rat"]
    assert fig.layout.yaxis.autorange == "reversed"


@pytest.fixture(scope="module")
def cloud():
    rng = np.random.default_rng(0)
    return rng.normal(size=(60, 2)), [f"w{i}" for i in range(60)]


def test_one_trace_per_group_with_its_name_and_colour(cloud):
    points, words = cloud
    groups = [i % 3 for i in range(60)]
    fig = word_map_figure(points, words, groups, ["country", "capital", "город"])
    assert [tr.name for tr in fig.data] == ["country", "capital", "город"]
    assert [tr.marker.color for tr in fig.data] == [group_style(g, False)[0] for g in range(3)]
    assert list(fig.data[2].text) == [w for i, w in enumerate(words) if i % 3 == 2]


def test_colours_are_okabe_ito_and_shapes_change_after_eight_groups():
    assert {group_style(g, False)[0] for g in range(8)} == set(OKABE_ITO)
    assert group_style(0, False) != group_style(8, False)
    assert group_style(0, False)[0] == group_style(8, False)[0]


def test_search_highlights_the_word_its_neighbours_and_zooms_on_them(cloud):
    points, words = cloud
    fig = word_map_figure(points, words, query=5, neighbours=[7, 9, 11])
    star = fig.data[-1]
    assert list(star.text) == ["w5"]
    rings = fig.data[-2]
    assert list(rings.text) == ["w7", "w9", "w11"]
    lines = fig.data[-3]
    assert sum(x is None for x in lines.x) == 3  # one segment per neighbour
    x0, x1 = fig.layout.xaxis.range
    y0, y1 = fig.layout.yaxis.range
    for i in (5, 7, 9, 11):
        assert x0 < points[i, 0] < x1 and y0 < points[i, 1] < y1


def test_three_d_draws_cyrillic_and_kazakh_labels(cloud):
    points = np.random.default_rng(1).normal(size=(5, 3))
    words = ["кошка", "собака", "мысық", "ит", "жылан"]
    fig = word_map_figure(points, words, label_all=True, query=2, neighbours=[0])
    assert all(tr.type == "scatter3d" for tr in fig.data)
    assert list(fig.data[0].text) == words and "text" in fig.data[0].mode
    assert fig.data[-1].text == ("мысық",)


def test_big_maps_use_webgl_and_drop_labels():
    n = max(WEBGL_FROM, LABEL_ALL_UP_TO + 1)
    points = np.random.default_rng(2).normal(size=(n, 2))
    fig = word_map_figure(points, [str(i) for i in range(n)], label_all=True)
    assert fig.data[0].type == "scattergl" and fig.data[0].mode == "markers"
    small = word_map_figure(points[:50], [str(i) for i in range(50)], label_all=True)
    assert small.data[0].type == "scatter" and small.data[0].mode == "markers+text"


@pytest.mark.parametrize("dims", [2, 3])
def test_a_highlighted_word_is_labelled_once(dims):
    points = np.random.default_rng(3).normal(size=(30, dims))
    words = [f"w{i}" for i in range(30)]
    fig = word_map_figure(points, words, label_all=True, query=4, neighbours=[6, 8])
    base = fig.data[0]
    shown = [w for w, template in zip(base.text, base.texttemplate) if template]
    assert "w4" not in shown and "w6" not in shown and "w8" not in shown and len(shown) == 27


def test_search_on_a_3d_map_zooms_the_scene_on_the_word_and_its_neighbours():
    """Issue 20: searching a 3-D map left the whole cloud in view; the 2-D map zoomed."""
    points = np.random.default_rng(4).normal(size=(500, 3)) * 10
    fig = word_map_figure(points, [f"w{i}" for i in range(500)], query=5, neighbours=[7, 9])
    scene = fig.layout.scene
    ranges = [scene.xaxis.range, scene.yaxis.range, scene.zaxis.range]
    assert all(r is not None for r in ranges)
    for i in (5, 7, 9):
        assert all(low < points[i, axis] < high for axis, (low, high) in enumerate(ranges))
    spans = [high - low for low, high in ranges]
    assert spans[0] == pytest.approx(spans[1]) == pytest.approx(spans[2])  # a cube: no axis stretched
    assert max(spans) < 0.8 * np.ptp(points, axis=0).min()  # zoomed in, not the whole cloud
    assert word_map_figure(points, [f"w{i}" for i in range(500)]).layout.scene.xaxis.range is None


def test_film_titles_keep_off_each_other_and_the_edge_with_all_films():
    """With all 15 films at "top center", Star Wars ran into Fast and Furious, Mad Max into Die
    Hard, Toy Story into Frozen. Placed titles: no two boxes meet, none leaves the plane, at
    both plane sizes, with the user at any film (the page's "where my last film is")."""
    from core.embeddings.films import SCALE_MAX
    from core.figures.label_places import label_box, overlap_area
    from core.figures.similarity import FILM_PAD, FILM_PLANE_SIDES, FILM_TITLE_SIZE, film_label_places

    titles = [f.key.replace("_", " ").title() for f in FILMS]  # English-length titles
    for user in [(f.action, f.violence) for f in FILMS]:
        places = film_label_places(FILMS, titles, [False] * len(FILMS), user, "you")
        points = [(f.action, f.violence) for f in FILMS] + [user]
        markers = [11.0] * len(FILMS) + [22.0]
        for side in FILM_PLANE_SIDES:
            scale = side / (SCALE_MAX + 2 * FILM_PAD)
            boxes = [label_box((x + FILM_PAD) * scale, (y + FILM_PAD) * scale, text, place, FILM_TITLE_SIZE, m)
                     for (x, y), text, place, m in zip(points, [*titles, "you"], places, markers)]
            for i, box in enumerate(boxes):
                assert overlap_area(box, boxes[:i] + boxes[i + 1:]) == 0, (user, side, titles[i] if i < 15 else "you")
                assert box[0] >= 0 and box[2] <= side and box[1] >= 0 and box[3] <= side, (side, i)
