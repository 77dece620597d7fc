"""Next-item benchmark (recsys_anchors.md §4): 20,000 generated sessions (seed 0), one
session-disjoint leave-last-out split, item2vec (default parameters) and the four baselines
fitted on the same training sessions and scored by HR@10 and MRR@10 on the same test prefixes
(seen items excluded for every model). Budget: training + evaluating all five under 30 s on two
cores. Also item2vec's genre purity, a few variants (kNN of the last item, cosine-normalised
co-occurrence) and, timed separately, a three-value ns_exponent sweep.

    python bench/recsys.py [--sessions N] [--no-sweep]

Writes bench/results/recsys.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SWEEP_VALUES = (-0.5, 0.75, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20000)
    parser.add_argument("--no-sweep", action="store_true")
    args = parser.parse_args()

    from core.recsys.baselines import CooccurrenceKNN, MarkovBaseline, PopularityBaseline, RandomBaseline
    from core.recsys.item2vec import Item2VecParams, Item2VecRecommender, genre_purity, sweep
    from core.recsys.metrics import evaluate, leave_last_out
    from core.recsys.sessions import GeneratorParams, generate_sessions

    start = time.perf_counter()
    data = generate_sessions(GeneratorParams(n_sessions=args.sessions, seed=0))
    generate_s = time.perf_counter() - start
    split = leave_last_out(data.sessions, test_share=0.2, seed=0)

    start = time.perf_counter()
    models = [RandomBaseline(seed=0), PopularityBaseline(), CooccurrenceKNN(), MarkovBaseline(), Item2VecRecommender()]
    rows = []
    for model in models:
        fit_start = time.perf_counter()
        model.fit(split.train)
        fit_s = time.perf_counter() - fit_start
        score = evaluate(model, split, k=10)
        rows.append({**asdict(score), "train_seconds": fit_s})
    total_s = time.perf_counter() - start

    item2vec = models[-1]
    purity = genre_purity(item2vec.kv, {i: item.genre for i, item in data.items.items()}, k=10)
    variants = []
    for model in (Item2VecRecommender(item2vec.kv, context=1, name="item2vec, last item only"),
                  Item2VecRecommender(item2vec.kv, context=3, decay=0.5, name="item2vec, last 3, decay 0.5"),
                  CooccurrenceKNN(normalise=True, name="co-occurrence, session, cosine"),
                  CooccurrenceKNN(window=2, name="co-occurrence, window 2, counts")):
        fit_start = time.perf_counter()
        if not isinstance(model, Item2VecRecommender):
            model.fit(split.train)
        fit_s = time.perf_counter() - fit_start
        variants.append({**asdict(evaluate(model, split, k=10)), "train_seconds": fit_s})

    swept, sweep_s = [], 0.0
    if not args.no_sweep:
        start = time.perf_counter()
        swept = [asdict(s) for s in sweep(split, "ns_exponent", SWEEP_VALUES, Item2VecParams(), k=10)]
        sweep_s = time.perf_counter() - start

    events = sum(len(s) for s in data.sessions)
    print(f"{len(data.sessions)} sessions, {events} events, {len(data.items)} items (generated in {generate_s:.2f} s); "
          f"train {len(split.train)} sessions, test {split.n_test} "
          f"(dropped: {split.dropped_cold} cold targets, {split.dropped_repeat} repeated targets)")
    print(f"{'model':42} {'HR@10':>7} {'MRR@10':>7} {'cover':>6} {'fit s':>7} {'eval s':>7}")
    for row in [*rows, None, *variants, None, *swept]:
        if row is None:
            print("-" * 80)
            continue
        print(f"{row['model']:42} {row['hr']:7.3f} {row['mrr']:7.3f} {row['coverage']:6.2f} "
              f"{row['train_seconds']:7.2f} {row['seconds']:7.2f}")
    print(f"five models, training + evaluating (budget < 30 s): {total_s:.1f} s")
    print(f"item2vec genre purity (10 nearest neighbours): {purity:.3f}")
    if swept:
        print(f"ns_exponent sweep {SWEEP_VALUES}: {sweep_s:.1f} s")

    out = {
        "sessions": len(data.sessions), "events": events, "items": len(data.items),
        "train_sessions": len(split.train), "n_test": split.n_test,
        "dropped_cold": split.dropped_cold, "dropped_repeat": split.dropped_repeat,
        "generate_s": generate_s, "five_models_s": total_s, "models": rows, "variants": variants,
        "item2vec_genre_purity_at_10": purity, "ns_exponent_sweep": swept, "ns_exponent_sweep_s": sweep_s,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "recsys.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
