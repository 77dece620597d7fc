"""Figures of the "Similarity" page: vectors and their cosines as heatmaps, how one-hot
vectors grow with the vocabulary, the lecture's film space, and a word's nearest neighbours.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.embeddings.films import SCALE_MAX, Film, Recommendation
from core.figures.label_places import place_labels
from core.figures.shared import built_once
from core.figures.theme import (
    BLACK, BLUE, D3_FORMAT, DIVERGING, GREEN, ORANGE, SMALL_FONT_SIZE, VERMILLION, round3,
    use_vectorlab_template,
)

FILM_PAD = 0.45  # the plane shows -pad .. SCALE_MAX + pad on both axes
# The plane is square (scaleanchor), its side set by the narrower of the chart's width and its
# 434 px of height (520 less the margins): film titles are placed to be clear of each other at
# 400 px (a narrow window) and at 434.
FILM_PLANE_SIDES = (400.0, 434.0)
FILM_TITLE_SIZE = SMALL_FONT_SIZE  # the lower left holds five films within 1.5 x 1.5

DEFAULT_LABELS = {
    "dimension": "dimension", "word": "word", "value": "value", "cosine": "cosine",
    "words": "words in the vocabulary", "length": "numbers in each vector", "one_hot": "one-hot",
    "dense": "dense", "action": "action", "violence": "violence", "you": "you", "recommended": "recommended",
    "film": "film", "score_cosine": "cosine similarity", "score_euclidean": "Euclidean distance",
    "ray": "your direction", "level": "equal dot product",
}


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


@built_once
def vectors_heatmap(words: Sequence[str], vectors: np.ndarray, labels=None, height: int | None = None) -> go.Figure:
    """One row per word, one column per dimension, signed values on the diverging scale."""
    use_vectorlab_template()
    lab = _labels(labels)
    vectors = np.asarray(vectors, dtype=float)
    limit = float(np.max(np.abs(vectors))) or 1.0
    fig = go.Figure(go.Heatmap(
        z=vectors, y=list(words), x=list(range(1, vectors.shape[1] + 1)), colorscale=DIVERGING,
        zmin=-limit, zmax=limit, xgap=1 if vectors.shape[1] <= 60 else 0, ygap=2,
        hovertemplate=f"%{{y}} · {lab['dimension']} %{{x}}: %{{z:{D3_FORMAT}}}<extra></extra>",
        colorbar=dict(title=dict(text=lab["value"], side="right")),
    ))
    fig.update_layout(
        height=height or 90 + 34 * len(words), margin=dict(l=10, r=10, t=10, b=40),
        xaxis=dict(title=lab["dimension"], showgrid=False), yaxis=dict(autorange="reversed", showgrid=False),
    )
    return fig


@built_once
def cosine_heatmap(words: Sequence[str], cosines: np.ndarray, labels=None, title: str = "") -> go.Figure:
    """Pairwise cosines with the values written in the cells (diverging: white at 0)."""
    use_vectorlab_template()
    lab = _labels(labels)
    cosines = np.asarray(cosines, dtype=float)
    text = [[round3(v) for v in row] for row in cosines]
    fig = go.Figure(go.Heatmap(
        z=cosines, x=list(words), y=list(words), colorscale=DIVERGING, zmin=-1, zmax=1, text=text,
        texttemplate="%{text}", textfont=dict(size=SMALL_FONT_SIZE + 2), xgap=2, ygap=2,
        hovertemplate=f"cos(%{{y}}, %{{x}}) = %{{z:{D3_FORMAT}}}<extra></extra>",
        colorbar=dict(title=dict(text=lab["cosine"], side="right")),
    ))
    fig.update_layout(
        title=title or None, height=120 + 56 * len(words), margin=dict(l=10, r=10, t=50 if title else 10, b=10),
        xaxis=dict(showgrid=False, side="bottom"), yaxis=dict(autorange="reversed", showgrid=False),
    )
    return fig


@built_once
def one_hot_growth_figure(n_words: int, dense_dim: int, labels=None, n_max: int = 1000) -> go.Figure:
    """Numbers per vector against vocabulary size: one-hot grows with every word, dense stays."""
    use_vectorlab_template()
    lab = _labels(labels)
    n = np.arange(1, n_max + 1)
    fig = go.Figure()
    fig.add_scatter(x=n, y=n, mode="lines", name=lab["one_hot"], line=dict(color=VERMILLION, width=3),
                    hovertemplate=f"%{{x}} {lab['words']}: %{{y}}<extra>{lab['one_hot']}</extra>")
    fig.add_scatter(x=n, y=np.full(n_max, dense_dim), mode="lines", name=lab["dense"],
                    line=dict(color=BLUE, width=3), hovertemplate=f"%{{y}}<extra>{lab['dense']}</extra>")
    fig.add_scatter(x=[n_words], y=[n_words], mode="markers", showlegend=False, hoverinfo="skip",
                    marker=dict(size=13, color=VERMILLION, line=dict(color=BLACK, width=1)))
    fig.update_layout(
        height=300, margin=dict(l=60, r=10, t=10, b=50), legend=dict(x=0.02, y=0.98),
        xaxis=dict(title=lab["words"]), yaxis=dict(title=lab["length"], rangemode="tozero"),
    )
    return fig


@built_once
def film_figure(
    films: Sequence[Film], titles: Sequence[str], user: tuple[float, float],
    recommended: Sequence[Recommendation], metric: str, labels=None, grid_step: float = 0.25,
) -> go.Figure:
    """The film plane: every film, the user, and lines to the recommended films. For cosine the
    user's direction from the origin is drawn too: cosine only sees angles, so every point on
    that ray counts as a perfect match. For the dot product, the line of points that score the
    same as the first film. An invisible grid of points catches clicks, so a click
    can move the user (the page reads the selection)."""
    use_vectorlab_template()
    lab = _labels(labels)
    fig = go.Figure()
    ticks = np.arange(0, SCALE_MAX + grid_step / 2, grid_step)
    gx, gy = np.meshgrid(ticks, ticks)
    fig.add_scatter(
        x=gx.ravel(), y=gy.ravel(), mode="markers", marker=dict(size=14, color="rgba(0,0,0,0)"),
        hovertemplate=f"{lab['action']} %{{x}}, {lab['violence']} %{{y}}<extra></extra>", showlegend=False,
        meta="grid",
    )
    ux, uy = user
    if metric == "cosine" and (ux or uy):
        reach = 1.45 * SCALE_MAX / max(abs(ux), abs(uy))
        fig.add_scatter(x=[0, ux * reach], y=[0, uy * reach], mode="lines", name=lab["ray"],
                        line=dict(color=GREEN, width=2, dash="dash"), hoverinfo="skip")
    if metric == "dot" and (ux or uy) and recommended:
        # Points with the same dot product as the first film lie on a line at right angles to
        # the user's direction: every film beyond it scores higher, however far away it is.
        level = recommended[0].dot
        span = np.array([-1.0, SCALE_MAX + 1.0])
        if abs(uy) >= abs(ux):
            xs, ys = span, (level - ux * span) / uy
        else:
            xs, ys = (level - uy * span) / ux, span
        fig.add_scatter(x=xs, y=ys, mode="lines", name=lab["level"], line=dict(color=GREEN, width=2, dash="dot"),
                        hoverinfo="skip")
    chosen = {r.film.key for r in recommended}
    for r in recommended:
        fig.add_scatter(x=[ux, r.film.action], y=[uy, r.film.violence], mode="lines", showlegend=False,
                        line=dict(color=ORANGE, width=2), hoverinfo="skip")
    is_chosen = [f.key in chosen for f in films]
    places = film_label_places(films, titles, is_chosen, user, lab["you"])
    fig.add_scatter(
        x=[f.action for f in films], y=[f.violence for f in films], mode="markers+text", text=list(titles),
        textposition=places[:-1], textfont=dict(size=FILM_TITLE_SIZE), name=lab["film"], showlegend=False,
        marker=dict(size=[16 if c else 11 for c in is_chosen], color=[ORANGE if c else BLUE for c in is_chosen],
                    line=dict(color=BLACK, width=[2 if c else 0 for c in is_chosen])),
        hovertemplate=f"%{{text}}<br>{lab['action']} %{{x}}, {lab['violence']} %{{y}}<extra></extra>",
    )
    fig.add_scatter(x=[ux], y=[uy], mode="markers+text", text=[lab["you"]], textposition=places[-1], textfont=dict(size=FILM_TITLE_SIZE),
                    name=lab["you"], showlegend=False,
                    marker=dict(symbol="star", size=22, color=VERMILLION, line=dict(color=BLACK, width=1)),
                    hovertemplate=f"{lab['you']}: %{{x:{D3_FORMAT}}}, %{{y:{D3_FORMAT}}}<extra></extra>")
    pad = FILM_PAD
    fig.update_layout(
        # The legend sits above the plane: inside it covered the titles along the top edge.
        height=520, margin=dict(l=60, r=10, t=36, b=50), showlegend=metric in ("cosine", "dot"),
        legend=dict(x=0.0, y=1.0, xanchor="left", yanchor="bottom", orientation="h"),
        clickmode="event+select", dragmode=False,
        xaxis=dict(title=lab["action"], range=[-pad, SCALE_MAX + pad], dtick=1, zeroline=True),
        yaxis=dict(title=lab["violence"], range=[-pad, SCALE_MAX + pad], dtick=1, zeroline=True,
                   scaleanchor="x", scaleratio=1),
    )
    return fig


def film_label_places(
    films: Sequence[Film], titles: Sequence[str], chosen: Sequence[bool], user: tuple[float, float], you: str,
) -> list[str]:
    """A text position for every film's title and, last, for the user's label, so that titles
    keep off each other, the markers and the plane's edge (with all 15 films, Star Wars and Fast
    and Furious, Mad Max and Die Hard, Toy Story and Frozen printed over each other at "top
    center"). Every title is shown: one with no free place takes the least covered one."""
    points = np.array([[f.action, f.violence] for f in films] + [list(user)], dtype=float)
    texts = [*titles, you]
    markers = [16.0 if c else 11.0 for c in chosen] + [22.0]
    span = SCALE_MAX + 2 * FILM_PAD
    layouts = [dict(pixels=(points + FILM_PAD) / span * side, font_sizes=[FILM_TITLE_SIZE] * len(texts),
                    marker_sizes=markers, area=(side, side)) for side in FILM_PLANE_SIDES]
    first, *also = layouts
    # The user first (their label is the one being looked for), then films in the given order.
    order = [len(films), *range(len(films))]
    return place_labels(first.pop("pixels"), texts, first.pop("font_sizes"), first.pop("marker_sizes"),
                        [False] * len(texts), order, also=also, **first)


@built_once
def neighbours_figure(pairs: Sequence[tuple[str, float]], metric: str, labels=None) -> go.Figure:
    """Horizontal bars, nearest at the top, scores written beside the bars."""
    use_vectorlab_template()
    lab = _labels(labels)
    words = [w for w, _ in pairs]
    scores = [s for _, s in pairs]
    title = lab["score_cosine"] if metric == "cosine" else lab["score_euclidean"]
    fig = go.Figure(go.Bar(
        x=scores, y=words, orientation="h", marker_color=BLUE if metric == "cosine" else GREEN,
        text=[round3(s) for s in scores], textposition="outside", cliponaxis=False,
        hovertemplate=f"%{{y}}: %{{x:{D3_FORMAT}}}<extra></extra>",
    ))
    top = max(scores, default=1.0)
    fig.update_layout(
        height=80 + 28 * len(words), margin=dict(l=10, r=40, t=10, b=50),
        xaxis=dict(title=title, range=[min(0.0, min(scores, default=0.0)), top * 1.15 if top > 0 else 1]),
        yaxis=dict(autorange="reversed", showgrid=False),
    )
    return fig
