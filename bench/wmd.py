"""The Word Mover's Distance benchmark (DESIGN.md, "Budgets"): WMD of two sentences, warm, by
`core.text.wmd.wmd` (with its plan) against gensim's `wmdistance` (the number only); and nearest
documents over gensim's 300 Lee background documents for 20 queries (the first sentence of each
of the first 20 Lee *test* documents), by prefetch and prune against brute force: time per
query, exact solves, and whether the top 5 agree.

    python bench/wmd.py [--calls N]

Writes bench/results/wmd.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
BUDGET_PAIR_MS = 5.0
BUDGET_QUERY_S = 1.0
BUDGET_SOLVE_RATIO = 3.0


def _median_ms(work, calls: int) -> float:
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=1000, help="calls per pair timing")
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    from gensim.test.utils import datapath

    from core.embeddings import load_vectors
    from core.text.documents import document_tokens, lee_documents
    from core.text.stopwords import prepare_tokens
    from core.text.tokenize import sentences
    from core.text.wmd import document_index, wmd

    kv = load_vectors("glove-en-50")
    a = prepare_tokens("Obama speaks to the media in Illinois", kv, "en").kept
    b = prepare_tokens("The president greets the press in Chicago", kv, "en").kept
    out = {"pair": [list(a), list(b)]}
    start = time.perf_counter()
    out["pair_distance"] = wmd(kv, a, b).distance  # the first call imports POT (and with it scikit-learn)
    out["first_call_ms"] = 1000 * (time.perf_counter() - start)
    out["gensim_distance"] = kv.wmdistance(a, b)
    out["ours_pair_ms"] = _median_ms(lambda: wmd(kv, a, b), args.calls)
    out["gensim_pair_ms"] = _median_ms(lambda: kv.wmdistance(a, b), args.calls)

    texts, _ = lee_documents()
    start = time.perf_counter()
    documents = document_tokens(kv, texts, "en")
    out["tokenise_documents_s"] = time.perf_counter() - start
    start = time.perf_counter()
    index = document_index(kv, documents)
    out["index_build_s"] = time.perf_counter() - start
    lines = Path(datapath("lee.cor")).read_text(encoding="latin-1").splitlines()
    queries = [prepare_tokens(" ".join(sentences(line)[0]), kv, "en").kept for line in lines[: args.queries]]
    query_times, brute_times, solves, brute_solves, agree = [], [], [], [], 0
    for query in queries:
        start = time.perf_counter()
        result = index.search(query, k=5)
        query_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        scored = sorted((wmd(kv, query, d).distance, i) for i, d in enumerate(documents) if d)
        brute_times.append(time.perf_counter() - start)
        agree += result.hits == [(i, d) for d, i in scored[:5]]
        solves.append(result.exact_solves)
        brute_solves.append(result.brute_force_solves)
    out.update(
        queries=len(queries),
        query_tokens_mean=statistics.mean(len(q) for q in queries),
        query_mean_s=statistics.mean(query_times),
        query_max_s=max(query_times),
        brute_force_query_mean_s=statistics.mean(brute_times),
        exact_solves_mean=statistics.mean(solves),
        brute_force_solves_mean=statistics.mean(brute_solves),
        solve_ratio=statistics.mean(brute_solves) / statistics.mean(solves),
        top5_equal_brute_force=f"{agree}/{len(queries)}",
    )

    print(f"{'measure':56} {'value':>12}")
    print(f"{'WMD of two sentences, ours with plan (budget < 5 ms)':56} {out['ours_pair_ms']:9.3f} ms")
    print(f"{'WMD of two sentences, gensim wmdistance':56} {out['gensim_pair_ms']:9.3f} ms")
    print(f"{'  distance ours / gensim':56} {out['pair_distance']:.6f} / {out['gensim_distance']:.6f}")
    print(f"{'  first call (imports POT)':56} {out['first_call_ms']:9.1f} ms")
    print(f"{'Lee documents: tokenise 300 / build the index':56} {out['tokenise_documents_s'] * 1000:6.0f} ms "
          f"/ {out['index_build_s'] * 1000:.0f} ms")
    print(f"{'nearest 5 of 300, per query, mean (budget < 1 s)':56} {out['query_mean_s'] * 1000:9.1f} ms "
          f"(max {out['query_max_s'] * 1000:.0f} ms)")
    print(f"{'nearest 5 of 300, brute force, per query, mean':56} {out['brute_force_query_mean_s'] * 1000:9.1f} ms")
    print(f"{'exact solves per query: pruned / brute force':56} {out['exact_solves_mean']:9.1f} / "
          f"{out['brute_force_solves_mean']:.0f}  ({out['solve_ratio']:.1f}x fewer; budget >= 3x)")
    print(f"{'top 5 equal to brute force':56} {out['top5_equal_brute_force']:>12}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "wmd.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
