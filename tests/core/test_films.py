import math
import warnings

import numpy as np
import pytest

from core.embeddings.films import FILMS, SCALE_MAX, Film, film_points, recommend
from core.errors import UserInputError

LECTURE = FILMS[:3]  # Indiana Jones [3, 1], Fast and Furious [5, 2], Die Hard [4, 4]


def keys(recommendations):
    return [r.film.key for r in recommendations]


def test_lecture_films():
    assert [(f.key, f.action, f.violence) for f in LECTURE] == [
        ("indiana_jones", 3, 1), ("fast_furious", 5, 2), ("die_hard", 4, 4)
    ]


def test_films_are_on_the_scale_and_unique():
    points = film_points()
    assert points.shape == (len(FILMS), 2)
    assert np.all((points >= 0) & (points <= SCALE_MAX))
    assert len({f.key for f in FILMS}) == len(FILMS)


def test_the_lecture_example_euclidean():
    found = recommend((3, 1), k=2, metric="euclidean", exclude=("indiana_jones",), films=LECTURE)
    assert keys(found) == ["fast_furious", "die_hard"]
    assert found[0].distance == pytest.approx(math.sqrt(5))
    assert found[1].distance == pytest.approx(math.sqrt(10))
    assert [r.rank_euclidean for r in found] == [1, 2]


def test_the_lecture_example_cosine():
    found = recommend((3, 1), k=2, metric="cosine", exclude=("indiana_jones",), films=LECTURE)
    by_key = {r.film.key: r for r in found}
    assert by_key["fast_furious"].cosine == pytest.approx(17 / math.sqrt(290))
    assert by_key["die_hard"].cosine == pytest.approx(16 / math.sqrt(320))
    # 17/sqrt(290) = 0.998 > 16/sqrt(320) = 0.894
    assert keys(found) == ["fast_furious", "die_hard"]
    assert [r.rank_cosine for r in found] == [1, 2]


def test_both_measures_are_reported_whatever_the_metric():
    a = recommend((2.5, 3), k=len(FILMS), metric="euclidean")
    b = recommend((2.5, 3), k=len(FILMS), metric="cosine")
    by_key = {r.film.key: r for r in b}
    for r in a:
        assert r == by_key[r.film.key]


def test_a_user_on_a_films_ray_has_cosine_one_with_it():
    found = recommend((1.5, 0.5), k=len(FILMS), metric="cosine")
    assert found[0].film.key == "indiana_jones"
    assert found[0].cosine == pytest.approx(1.0)
    assert found[0].rank_cosine == 1
    # ... but Euclidean distance puts nearer, smaller films first
    assert found[0].distance == pytest.approx(math.sqrt(1.5**2 + 0.5**2))
    assert found[0].rank_euclidean > 1
    euclidean = recommend((1.5, 0.5), k=1, metric="euclidean")
    assert euclidean[0].film.key != "indiana_jones"
    assert euclidean[0].film.key == "forrest_gump"  # [1, 0.5], at distance 0.5
    assert euclidean[0].distance == pytest.approx(0.5)


@pytest.mark.parametrize("user", [(0, 0), (3, 1), (5, 5), (0.1, 4.9), (2.5, 2.5)])
def test_ranks_are_permutations_and_follow_the_measures(user):
    found = recommend(user, k=100)
    n = len(FILMS)
    assert len(found) == n
    assert sorted(r.rank_euclidean for r in found) == list(range(1, n + 1))
    assert sorted(r.rank_cosine for r in found) == list(range(1, n + 1))
    point = np.asarray(user, float)
    for r in found:
        xy = np.array([r.film.action, r.film.violence])
        assert r.distance == pytest.approx(np.linalg.norm(xy - point))
    by_euclid = sorted(found, key=lambda r: r.rank_euclidean)
    by_cosine = sorted(found, key=lambda r: r.rank_cosine)
    assert by_euclid == found
    assert [r.distance for r in by_euclid] == sorted(r.distance for r in found)
    assert [r.cosine for r in by_cosine] == sorted((r.cosine for r in found), reverse=True)


def test_cosine_values_match_the_formula():
    user = np.array([2.0, 3.5])
    for r in recommend(tuple(user), k=len(FILMS)):
        xy = np.array([r.film.action, r.film.violence])
        assert r.cosine == pytest.approx(xy @ user / (np.linalg.norm(xy) * np.linalg.norm(user)))
        assert -1.0 <= r.cosine <= 1.0 + 1e-12


def test_the_origin_user_has_cosine_zero_and_no_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = recommend((0, 0), k=len(FILMS), metric="cosine")
    assert all(r.cosine == 0.0 for r in found)
    assert all(np.isfinite(r.distance) for r in found)
    # all cosines tie: the list order decides
    assert keys(found) == [f.key for f in FILMS]


def test_a_film_at_the_origin_has_cosine_zero():
    films = (Film("nothing", 0, 0), Film("some", 1, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = recommend((1, 2), k=2, metric="cosine", films=films)
    by_key = {r.film.key: r for r in found}
    assert by_key["nothing"].cosine == 0.0
    assert by_key["nothing"].distance == pytest.approx(math.sqrt(5))
    assert keys(found) == ["some", "nothing"]


@pytest.mark.parametrize("user", [(math.nan, 1), (1, math.inf), (-math.inf, 0), (1,), (1, 2, 3), (), [[1, 2]],
                                  (1, None)])
def test_bad_positions(user):
    with pytest.raises(UserInputError):
        recommend(user)


def test_unknown_metric():
    with pytest.raises(UserInputError) as caught:
        recommend((1, 1), metric="manhattan")
    assert caught.value.key == "error.unknown_metric"


def test_k_larger_than_the_films_returns_all():
    found = recommend((2, 2), k=1000)
    assert sorted(keys(found)) == sorted(f.key for f in FILMS)
    assert len(recommend((2, 2), k=1000, exclude=("titanic", "frozen"))) == len(FILMS) - 2


def test_k_counts():
    assert len(recommend((2, 2), k=3)) == 3
    assert len(recommend((2, 2), k=0)) == 1  # at least one recommendation


def test_exclude():
    found = recommend((3, 1), k=len(FILMS), exclude=("indiana_jones", "home_alone"))
    assert "indiana_jones" not in keys(found) and "home_alone" not in keys(found)
    assert recommend((3, 1), exclude=tuple(f.key for f in FILMS)) == []


def test_a_user_exactly_on_a_film():
    found = recommend((4, 4), k=1)
    assert keys(found) == ["die_hard"]
    assert found[0].distance == 0.0
    assert found[0].cosine == pytest.approx(1.0)


def test_films_on_the_users_ray_come_first_by_cosine():
    # The list promises pairs on one ray from the origin (same mix, different intensity).
    points = film_points()
    unit = points / np.linalg.norm(points, axis=1, keepdims=True)
    same_ray = [(i, j) for i in range(len(FILMS)) for j in range(i + 1, len(FILMS))
                if np.allclose(unit[i], unit[j])]
    assert same_ray
    for i, j in same_ray:
        user = tuple(points[i])
        found = recommend(user, k=len(FILMS), metric="cosine", exclude=(FILMS[i].key,))
        on_ray = [r for r in found if np.allclose(unit[FILMS.index(r.film)], unit[i])]
        # every film on the ray (cosine 1) ranks above every film off it
        assert sorted(r.rank_cosine for r in on_ray) == list(range(1, len(on_ray) + 1))
        assert all(r.cosine == pytest.approx(1.0) for r in on_ray)
        partner = next(r for r in found if r.film == FILMS[j])
        assert partner.distance == pytest.approx(np.linalg.norm(points[j] - points[i])) and partner.distance > 0


# --- the dot product, the formulas filled in, what more films change ----------------------------


def test_the_dot_product_ranks_long_vectors_first():
    from core.embeddings.films import METRICS

    assert "dot" in METRICS
    found = recommend((3, 1), k=3, metric="dot", exclude=("indiana_jones",))
    assert [(r.film.key, r.dot) for r in found] == [("john_wick", 20.0), ("mad_max", 19.0), ("fast_furious", 17.0)]
    assert [r.rank_dot for r in found] == [1, 2, 3]
    # cosine and distance both prefer Fast and Furious to John Wick: only the length differs
    ff, jw = (next(r for r in recommend((3, 1), 15, "dot") if r.film.key == k) for k in ("fast_furious", "john_wick"))
    assert ff.cosine > jw.cosine and ff.distance < jw.distance


def test_the_dot_product_is_the_cosine_times_both_lengths():
    for r in recommend((2.5, 1.25), k=15, metric="dot"):
        lengths = np.hypot(2.5, 1.25) * np.hypot(r.film.action, r.film.violence)
        assert r.dot == pytest.approx(r.cosine * lengths, abs=1e-9)


def test_formulas_write_every_sum_out_and_end_on_the_value():
    from core.embeddings.films import formula

    ff = FILMS[1]
    assert formula((3, 1), ff, "dot").endswith(r"= 3 \cdot 5 + 1 \cdot 2 = 17")
    cosine = formula((3, 1), ff, "cosine")
    assert r"\sum_{i=1}^{2} u_i f_i" in cosine and r"\sqrt{3^2 + 1^2} \sqrt{5^2 + 2^2}" in cosine
    assert cosine.endswith(r"= \frac{17}{3.16 \times 5.39} = 0.998")
    assert formula((3, 1), ff, "euclidean").endswith(r"\sqrt{(3 - 5)^2 + (1 - 2)^2} = 2.24")
    assert formula((0, 0), ff, "cosine").endswith("= 0")  # the origin has no direction, no division by 0


def test_nearest_names_every_film_tied_for_the_best():
    from core.embeddings.films import LECTURE_FILMS, nearest

    assert [f.key for f in nearest((3, 1), "euclidean", ("indiana_jones",), FILMS[:LECTURE_FILMS])] == ["fast_furious"]
    assert [f.key for f in nearest((3, 1), "euclidean", ("indiana_jones",))] == ["star_wars", "home_alone"]
    assert [f.key for f in nearest((3, 1), "dot", ("indiana_jones",))] == ["john_wick"]
