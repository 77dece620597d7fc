"""t-SNE of 5,000 GloVe words in 2-D and 3-D against the budget in DESIGN.md (10 s each), with
the trustworthiness of each picture (k = 10), by the app's projection (openTSNE) and, with
--sklearn, by scikit-learn as the map page computed it before (34 s and 77 s there).

    python bench/tsne.py [--words 5000] [--sklearn]

Prints wall-clock and CPU seconds (CPU: this process's own, so a busy machine shows in wall
time only) and writes bench/results/tsne.json. One run each: t-SNE is seeded, so a second run
repeats the same work.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
BUDGET_SECONDS = 10.0


def _timed(work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--sklearn", action="store_true", help="also time scikit-learn's TSNE (minutes)")
    args = parser.parse_args()

    import numpy as np

    from core.embeddings import load_vectors, project
    from core.embeddings.projection import tsne_schedule, trustworthiness
    from core.embeddings.wordsets import frequent_words

    kv = load_vectors("glove-en-50")
    words = frequent_words(kv, args.words).words
    matrix = kv.vectors[[kv.key_to_index[w] for w in words]].astype(np.float32)
    project(matrix[:50], "tsne", n_components=2)  # imports, so that they are not timed

    def trust(points):
        return trustworthiness(matrix, points, 10, "cosine", sample=2000 if len(matrix) > 3000 else None)

    rows = []
    for dims in (2, 3):
        points, wall, cpu = _timed(lambda: project(matrix, "tsne", n_components=dims, seed=0))
        early, steps, gradient, options = tsne_schedule(len(matrix), dims)
        rows.append({"implementation": f"openTSNE {gradient} {options}, {early}+{steps} steps", "dims": dims,
                     "wall_s": wall, "cpu_s": cpu, "trustworthiness": trust(points)})
        if args.sklearn:
            from sklearn.manifold import TSNE

            points, wall, cpu = _timed(lambda: TSNE(n_components=dims, perplexity=30, metric="cosine", init="pca",
                                                    random_state=0).fit_transform(matrix))
            rows.append({"implementation": "scikit-learn TSNE (before)", "dims": dims, "wall_s": wall, "cpu_s": cpu,
                         "trustworthiness": trust(points)})

    print(f"t-SNE of {len(matrix):,} GloVe words (budget {BUDGET_SECONDS:g} s)")
    print(f"{'implementation':58} {'dims':>4} {'wall s':>7} {'CPU s':>7} {'trust':>6}")
    for row in rows:
        print(f"{row['implementation']:58} {row['dims']:>4} {row['wall_s']:7.2f} {row['cpu_s']:7.2f} "
              f"{row['trustworthiness']:6.3f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tsne.json").write_text(json.dumps({"words": len(matrix), "rows": rows}, indent=2))
    print(f"wrote {RESULTS / 'tsne.json'}")


if __name__ == "__main__":
    main()
