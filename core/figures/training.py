"""Figures of the "Train embeddings" page: co-occurrence counts, how α flattens the noise
distribution, one skip-gram step as arrows, words moving into place epoch by epoch, CBOW
against skip-gram, and GloVe's probability ratios.

``labels`` holds the page's translated strings; missing keys fall back to English.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from core.figures.shared import built_once
from core.figures.theme import (
    BLACK, BLUE, D3_FORMAT, OKABE_ITO, ORANGE, SMALL_FONT_SIZE, TRAIN_COLOR, VERMILLION,
    round3, use_vectorlab_template,
)

DEFAULT_LABELS = {
    "count": "count", "ppmi": "PPMI", "rank": "word rank by frequency", "probability": "probability of being drawn",
    "alpha": "α", "unigram": "α = 1 (raw frequencies)", "uniform": "α = 0 (uniform)", "target": "target",
    "context": "context", "negative": "negative", "before": "before", "after": "after", "x": "dimension 1",
    "y": "dimension 2", "epoch": "epoch", "play": "Play", "pca1": "PCA 1", "pca2": "PCA 2", "band": "words",
    "agreement": "agreement with the reference (Spearman)", "frequent": "frequent", "rare": "rare",
    "skipgram": "skip-gram", "cbow": "CBOW", "probe": "probe word k", "ratio": "P(k | i) / P(k | j)",
    "word": "word", "solved": "planted analogies solved",
}
# Non-negative quantities (counts, PPMI) run from white to the diverging scale's positive blue.
SEQUENTIAL = [[0.0, "#FFFFFF"], [0.5, "#80B9D8"], [1.0, BLUE]]


def _labels(labels: Mapping[str, str] | None) -> dict[str, str]:
    return {**DEFAULT_LABELS, **(labels or {})}


@built_once
def counts_heatmap(words: Sequence[str], matrix: np.ndarray, labels=None, value: str = "count") -> go.Figure:
    """Rows and columns are the chosen words; cells hold co-occurrence counts (or PPMI)."""
    use_vectorlab_template()
    lab = _labels(labels)
    matrix = np.asarray(matrix, dtype=float)
    text = [[round3(v) if v else "" for v in row] for row in matrix]
    fig = go.Figure(go.Heatmap(
        z=matrix, x=list(words), y=list(words), colorscale=SEQUENTIAL, zmin=0, zmax=float(matrix.max()) or 1.0,
        text=text, texttemplate="%{text}", textfont=dict(size=SMALL_FONT_SIZE), xgap=2, ygap=2,
        hovertemplate=f"%{{y}} · %{{x}}: %{{z:{D3_FORMAT}}}<extra></extra>",
        colorbar=dict(title=dict(text=lab[value], side="right")),
    ))
    fig.update_layout(
        height=140 + 32 * len(words), margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(side="top", showgrid=False, tickangle=-45), yaxis=dict(autorange="reversed", showgrid=False),
    )
    return fig


@built_once
def noise_figure(words: Sequence[str], counts: np.ndarray, alpha: float, labels=None) -> go.Figure:
    """The probability of drawing each word as a negative, by frequency rank, for raw counts,
    the chosen α and uniform: α < 1 lifts rare words and lowers frequent ones."""
    use_vectorlab_template()
    lab = _labels(labels)
    counts = np.asarray(counts, dtype=float)
    order = np.argsort(-counts, kind="stable")
    ranks = np.arange(1, len(counts) + 1)
    fig = go.Figure()
    for exponent, name, color, dash in ((1.0, lab["unigram"], TRAIN_COLOR, "dot"),
                                        (0.0, lab["uniform"], BLACK, "dash"),
                                        (alpha, f"{lab['alpha']} = {round3(alpha)}", VERMILLION, "solid")):
        weights = np.where(counts > 0, counts ** exponent, 0.0)
        p = (weights / weights.sum())[order]
        fig.add_scatter(
            x=ranks, y=p, mode="lines", name=name, line=dict(color=color, dash=dash, width=3 if dash == "solid" else 2),
            customdata=[words[i] for i in order],
            hovertemplate=f"%{{customdata}} · {lab['rank']} %{{x}}: %{{y:{D3_FORMAT}}}<extra>{name}</extra>",
        )
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.25),
        xaxis=dict(title=lab["rank"], type="log"), yaxis=dict(title=lab["probability"], type="log", exponentformat="e"),
    )
    return fig


@built_once
def sgns_step_figure(words: Sequence[str], roles: Sequence[str], before: np.ndarray, after: np.ndarray,
                     labels=None) -> go.Figure:
    """Each vector before and after one step, with an arrow showing how it moved: the target
    and its true context come closer, the negatives are pushed away."""
    use_vectorlab_template()
    lab = _labels(labels)
    before, after = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    color = {"target": BLUE, "context": "#009E73", "negative": VERMILLION}
    fig = go.Figure()
    for role in ("target", "context", "negative"):
        rows = [i for i, r in enumerate(roles) if r == role]
        if not rows:
            continue
        fig.add_scatter(
            x=before[rows, 0], y=before[rows, 1], mode="markers", name=f"{lab[role]} · {lab['before']}",
            marker=dict(color="white", size=11, line=dict(color=color[role], width=2)),
            text=[words[i] for i in rows], hovertemplate="%{text}: (%{x:.3g}, %{y:.3g})<extra></extra>",
            showlegend=False,
        )
        fig.add_scatter(
            x=after[rows, 0], y=after[rows, 1], mode="markers+text", name=lab[role],
            marker=dict(color=color[role], size=12), text=[words[i] for i in rows], textposition="top center",
            textfont=dict(size=SMALL_FONT_SIZE + 1, color=color[role]),
            hovertemplate="%{text}: (%{x:.3g}, %{y:.3g})<extra></extra>",
        )
    for i in range(len(words)):
        fig.add_annotation(
            x=after[i, 0], y=after[i, 1], ax=before[i, 0], ay=before[i, 1], xref="x", yref="y", axref="x",
            ayref="y", showarrow=True, arrowhead=3, arrowsize=1.2, arrowwidth=2, arrowcolor=color[roles[i]], text="",
        )
    fig.add_scatter(x=[0], y=[0], mode="markers", marker=dict(symbol="cross", color=BLACK, size=9),
                    showlegend=False, hoverinfo="skip")
    points = np.vstack([before, after, [[0, 0]]])
    low, high = points.min(axis=0), points.max(axis=0)
    pad = 0.15 * float(max(high - low)) or 0.5
    fig.update_layout(
        height=460, margin=dict(l=10, r=10, t=10, b=10), legend=dict(orientation="h", y=-0.15),
        xaxis=dict(title=lab["x"], range=[low[0] - pad, high[0] + pad], zeroline=True),
        yaxis=dict(title=lab["y"], range=[low[1] - pad, high[1] + pad], zeroline=True, scaleanchor="x"),
    )
    return fig


@built_once
def epochs_figure(coordinates: np.ndarray, words: Sequence[str], highlighted: Sequence[str],
                  groups: Sequence[str] | None = None, labels=None) -> go.Figure:
    """Tracked words at every epoch (aligned, one PCA for all), with a slider and a Play button
    that the browser runs on its own; highlighted words carry their labels."""
    use_vectorlab_template()
    lab = _labels(labels)
    coordinates = np.asarray(coordinates, dtype=float)
    shown = set(highlighted)
    group_names = sorted(set(groups)) if groups is not None else [""]
    members = {g: [i for i in range(len(words)) if (groups[i] if groups is not None else "") == g] for g in group_names}
    colors = iter(OKABE_ITO)

    def traces(epoch: int) -> list[go.Scatter]:
        points = coordinates[epoch]
        out = []
        for group in group_names:
            rows = members[group]
            out.append(go.Scatter(
                x=points[rows, 0], y=points[rows, 1], mode="markers+text", name=group or lab["word"],
                text=[words[i] if words[i] in shown else "" for i in rows], customdata=[words[i] for i in rows],
                textposition="top center", textfont=dict(size=SMALL_FONT_SIZE),
                marker=dict(size=[11 if words[i] in shown else 6 for i in rows], color=palette[group],
                            opacity=0.8),
                hovertemplate="%{customdata}<extra></extra>", showlegend=groups is not None,
            ))
        return out

    if groups is None:
        palette = {"": BLUE}
    else:
        palette = {g: next(colors, BLACK) for g in group_names}

    epochs = len(coordinates)
    frames = [go.Frame(data=traces(e), name=str(e)) for e in range(epochs)]
    low, high = coordinates.reshape(-1, 2).min(axis=0), coordinates.reshape(-1, 2).max(axis=0)
    pad = 0.08 * (high - low + 1e-9)
    fig = go.Figure(data=traces(epochs - 1), frames=frames)
    step = dict(duration=500, redraw=True)
    fig.update_layout(
        height=640, margin=dict(l=10, r=10, t=10, b=170), legend=dict(orientation="h", y=-0.36, yanchor="top"),
        xaxis=dict(title=lab["pca1"], range=[low[0] - pad[0], high[0] + pad[0]]),
        yaxis=dict(title=lab["pca2"], range=[low[1] - pad[1], high[1] + pad[1]]),
        updatemenus=[dict(
            type="buttons", showactive=False, x=0, y=-0.13, xanchor="left", yanchor="top",
            buttons=[dict(label=f"▶ {lab['play']}", method="animate",
                          args=[None, dict(frame=step, transition=dict(duration=300), fromcurrent=False)])],
        )],
        sliders=[dict(
            active=epochs - 1, x=0.18, len=0.82, y=-0.1, yanchor="top",
            currentvalue=dict(prefix=f"{lab['epoch']}: ", xanchor="right"),
            steps=[dict(label=str(e), method="animate",
                        args=[[str(e)], dict(mode="immediate", frame=step, transition=dict(duration=300))])
                   for e in range(epochs)],
        )],
    )
    return fig


@built_once
def bands_figure(scores, labels=None) -> go.Figure:
    """Agreement of skip-gram and CBOW with the reference, on frequent and on rare words."""
    use_vectorlab_template()
    lab = _labels(labels)
    bands = [lab[s.band] for s in scores]
    fig = go.Figure()
    for attr, name, color in (("sg", lab["skipgram"], BLUE), ("cbow", lab["cbow"], ORANGE)):
        values = [getattr(s, attr) for s in scores]
        fig.add_bar(x=bands, y=values, name=name, marker_color=color, text=[round3(v) for v in values],
                    textposition="outside", hovertemplate=f"%{{x}} · {name}: %{{y:{D3_FORMAT}}}<extra></extra>")
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=30, b=10), barmode="group", legend=dict(orientation="h", y=-0.2),
        xaxis=dict(title=lab["band"]), yaxis=dict(title=lab["agreement"], zeroline=True),
    )
    return fig


@built_once
def ratios_figure(rows, i: str, j: str, labels=None) -> go.Figure:
    """P(k | i) / P(k | j) for each probe word on a log scale: far above 1 means k belongs to i,
    far below to j, near 1 to both or neither. Ratios a log axis cannot draw (0, infinite,
    undefined) are left out; the table beside it shows them."""
    use_vectorlab_template()
    lab = _labels(labels)
    finite = [r for r in rows if math.isfinite(r.ratio) and r.ratio > 0]
    colors = [BLUE if r.ratio > 1 else VERMILLION for r in finite]
    fig = go.Figure(go.Bar(
        # Bars grow from 1 (no preference) up or down to the ratio.
        x=[r.probe for r in finite], y=[r.ratio - 1 for r in finite], base=1, marker_color=colors,
        text=[round3(r.ratio) for r in finite], textposition="outside", customdata=[r.ratio for r in finite],
        hovertemplate=f"k = %{{x}}: %{{customdata:{D3_FORMAT}}}<extra></extra>",
    ))
    fig.add_hline(y=1, line=dict(color=BLACK, width=1))
    ticks = _one_two_five([r.ratio for r in finite])
    fig.update_layout(
        height=340, margin=dict(l=10, r=10, t=30, b=10),
        # 1, 2, 5 in each decade, written whole: plotly's own choice over one or two decades
        # labelled every digit and wrote 9, 8, 7 over 0.1
        xaxis=dict(title=lab["probe"]),
        yaxis=dict(title=f"P(k | {i}) / P(k | {j})", type="log", tickvals=ticks, ticktext=[f"{v:g}" for v in ticks]),
    )
    return fig


def _one_two_five(values) -> list[float]:
    """1, 2 and 5 times the powers of ten from below the smallest value to above the largest."""
    values = [v for v in values if v > 0] + [1.0]
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    ticks = [m * 10.0 ** e for e in range(low, high + 1) for m in (1, 2, 5)]
    return [float(f"{v:.3g}") for v in ticks if min(values) / 2.5 <= v <= max(values) * 2.5]



@built_once
def analogies_figure(shares: np.ndarray, labels=None) -> go.Figure:
    """Share of planted analogies solved before training (epoch 0) and after each epoch."""
    use_vectorlab_template()
    lab = _labels(labels)
    percent = 100 * np.asarray(shares, dtype=float)
    fig = go.Figure(go.Scatter(
        x=list(range(len(percent))), y=percent, mode="lines+markers", line=dict(color=BLUE, width=3),
        hovertemplate=f"{lab['epoch']} %{{x}}: %{{y:.0f}} %<extra></extra>",
    ))
    fig.update_layout(
        height=280, margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=lab["epoch"], dtick=1 if len(percent) <= 20 else None),
        yaxis=dict(title=lab["solved"], range=[0, 102], ticksuffix=" %"),
    )
    return fig
