"""The Kazakh lecture's film space: each film a point (how much action, how much violence),
a user placed where their last film is, and the K nearest films recommended by Euclidean
distance, cosine or the dot product (the lecture names all three), each with its formula filled in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.errors import UserInputError

SCALE_MAX = 5.0  # both axes are scores from 0 to 5


@dataclass(frozen=True)
class Film:
    key: str  # i18n key suffix of the title: film.<key>
    action: float
    violence: float


# The first three are the lecture's own: Indiana Jones [3, 1], Fast and Furious [5, 2],
# Die Hard [4, 4]. The rest are ours, scored by the team, chosen to spread over the plane
# and to include pairs on one ray from the origin (same mix, different intensity), where
# cosine and Euclidean distance disagree.
FILMS: tuple[Film, ...] = (
    Film("indiana_jones", 3, 1),
    Film("fast_furious", 5, 2),
    Film("die_hard", 4, 4),
    Film("john_wick", 5, 5),
    Film("mad_max", 5, 4),
    Film("terminator", 4, 3),
    Film("star_wars", 3, 2),
    Film("jurassic_park", 2, 2),
    Film("home_alone", 2, 1),
    Film("toy_story", 1, 0),
    Film("titanic", 1, 1),
    Film("pulp_fiction", 2, 5),
    Film("godfather", 1, 4),
    Film("frozen", 0.5, 0),
    Film("forrest_gump", 1, 0.5),
)

METRICS = ("euclidean", "cosine", "dot")
LECTURE_FILMS = 3  # FILMS[:3] are the lecture's own


def film_points(films: tuple[Film, ...] = FILMS) -> np.ndarray:
    return np.array([[f.action, f.violence] for f in films], dtype=float)


@dataclass(frozen=True)
class Recommendation:
    film: Film
    distance: float  # Euclidean distance from the user
    cosine: float  # cosine similarity with the user (1 for any point on the user's ray)
    rank_euclidean: int  # 1 = nearest
    rank_cosine: int
    dot: float = 0.0  # dot product with the user: grows with the film's length, not only its direction
    rank_dot: int = 0


def recommend(
    user: tuple[float, float], k: int = 3, metric: str = "euclidean", exclude: tuple[str, ...] = (),
    films: tuple[Film, ...] = FILMS,
) -> list[Recommendation]:
    """The k films nearest the user by `metric`, each with both measures and both ranks."""
    if metric not in METRICS:
        raise UserInputError("error.unknown_metric", "Unknown measure {metric!r}", metric=metric)
    point = np.asarray(user, dtype=float)
    if point.shape != (2,) or not np.all(np.isfinite(point)):
        raise UserInputError("error.film_position", "A position is two finite numbers")
    candidates = [f for f in films if f.key not in exclude]
    if not candidates:
        return []
    xy = film_points(tuple(candidates))
    distance = np.linalg.norm(xy - point, axis=1)
    user_norm = np.linalg.norm(point)
    norms = np.linalg.norm(xy, axis=1)
    # The origin has no direction: its cosine with anything is taken as 0.
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.where((norms > 0) & (user_norm > 0), xy @ point / (norms * user_norm), 0.0)
    # Ties (a film on the user's ray and another one) break by the film's order in the list.
    by_euclid = np.argsort(distance, kind="stable")
    cos = np.round(cos, 12)  # equal angles must tie, not differ in the last bit
    by_cosine = np.argsort(-cos, kind="stable")
    rank_e = np.empty(len(xy), int)
    rank_e[by_euclid] = np.arange(1, len(xy) + 1)
    rank_c = np.empty(len(xy), int)
    rank_c[by_cosine] = np.arange(1, len(xy) + 1)
    dot = np.round(xy @ point, 12)
    by_dot = np.argsort(-dot, kind="stable")
    rank_d = np.empty(len(xy), int)
    rank_d[by_dot] = np.arange(1, len(xy) + 1)
    order = {"euclidean": by_euclid, "cosine": by_cosine, "dot": by_dot}[metric]
    return [
        Recommendation(candidates[i], float(distance[i]), float(cos[i]), int(rank_e[i]), int(rank_c[i]),
                       float(dot[i]), int(rank_d[i]))
        for i in order[: max(1, int(k))]
    ]


def score(recommendation: Recommendation, metric: str) -> float:
    return {"euclidean": recommendation.distance, "cosine": recommendation.cosine, "dot": recommendation.dot}[metric]


def nearest(user: tuple[float, float], metric: str, exclude: tuple[str, ...] = (),
            films: tuple[Film, ...] = FILMS) -> list[Film]:
    """The films tied for the best score (usually one): "the nearest" of the answer."""
    ranked = recommend(user, k=len(films), metric=metric, exclude=exclude, films=films)
    if not ranked:
        return []
    best = score(ranked[0], metric)
    return [r.film for r in ranked if abs(score(r, metric) - best) < 1e-9]


def _num(value: float) -> str:
    return f"{value:g}"


def formula(user: tuple[float, float], film: Film, metric: str) -> str:
    """The measure between the user and a film as LaTeX, every sum written out with the numbers
    (the lecture's slide gives cosine as sums over i = 1..N; here N = 2)."""
    (u1, u2), (f1, f2) = (float(user[0]), float(user[1])), (film.action, film.violence)
    products = rf"{_num(u1)} \cdot {_num(f1)} + {_num(u2)} \cdot {_num(f2)}"
    dot = u1 * f1 + u2 * f2
    if metric == "dot":
        return (rf"\mathbf{{u}} \cdot \mathbf{{f}} = \sum_{{i=1}}^{{2}} u_i f_i = {products}"
                f" = {_round(dot)}")
    if metric == "euclidean":
        distance = float(np.hypot(u1 - f1, u2 - f2))
        return (rf"|\mathbf{{u}} - \mathbf{{f}}| = \sqrt{{\sum_{{i=1}}^{{2}} (u_i - f_i)^2}}"
                rf" = \sqrt{{({_num(u1)} - {_num(f1)})^2 + ({_num(u2)} - {_num(f2)})^2}} = {_round(distance)}")
    norm_u, norm_f = float(np.hypot(u1, u2)), float(np.hypot(f1, f2))
    cosine = dot / (norm_u * norm_f) if norm_u and norm_f else 0.0
    return (rf"\cos(\mathbf{{u}}, \mathbf{{f}}) = \frac{{\sum_{{i=1}}^{{2}} u_i f_i}}"
            rf"{{\sqrt{{\sum_{{i=1}}^{{2}} u_i^2}} \sqrt{{\sum_{{i=1}}^{{2}} f_i^2}}}}"
            rf" = \frac{{{products}}}{{\sqrt{{{_num(u1)}^2 + {_num(u2)}^2}} \sqrt{{{_num(f1)}^2 + {_num(f2)}^2}}}}"
            rf" = \frac{{{_round(dot)}}}{{{_round(norm_u)} \times {_round(norm_f)}}} = {_round(cosine)}")


def _round(value: float) -> str:
    """Three significant digits, as the page rounds numbers for reading."""
    return f"{value:.3g}"
