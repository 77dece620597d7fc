"""The "Train embeddings" benchmark (issue 7): training on gensim's Lee corpus (word2vec
skip-gram and CBOW and fastText, 5 epochs, the page's defaults, one worker thread for
reproducibility), the count pipeline (co-occurrence, PPMI, SVD), and how long the page's script
takes for each step, first time and again (cached), as a student waits for it.

    python bench/training.py [--repeat N]

Writes bench/results/training.json.
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
BUDGET_SECONDS = 5.0  # issue 7: the Lee corpus trains (5 epochs) within 5 s


def _timed(work, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from core.embeddings.corpora import lee_corpus
    from core.embeddings.counting import cooccurrence, ppmi, svd_vectors
    from core.embeddings.training import TrainingParams, train_embeddings

    corpus = lee_corpus()
    out: dict = {"tokens": corpus.tokens, "sentences": len(corpus.sentences)}
    for name, params in (("word2vec skip-gram", TrainingParams(sg=1)), ("word2vec CBOW", TrainingParams(sg=0)),
                         ("fastText skip-gram", TrainingParams(algorithm="fasttext"))):
        times = _timed(lambda: train_embeddings(corpus.sentences, params), args.repeat)
        out[name] = {"median_s": statistics.median(times), "max_s": max(times)}
        print(f"Lee, {name}, 5 epochs: median {statistics.median(times):.2f} s, max {max(times):.2f} s "
              f"(budget {BUDGET_SECONDS} s)")
    for window in (2, 5, 10):
        times = _timed(lambda: cooccurrence(corpus.sentences, window), args.repeat)
        out[f"cooccurrence window {window}"] = statistics.median(times)
        print(f"co-occurrence, window {window}: {1000 * statistics.median(times):.0f} ms")
    for top, algorithm in ((None, "arpack"), (3000, "randomized")):  # every word; what the page does
        co = cooccurrence(corpus.sentences, 2, max_vocab=top)
        times = _timed(lambda: svd_vectors(ppmi(co.matrix), 50, algorithm=algorithm), args.repeat)
        out[f"ppmi + svd 50, {len(co.vocab)} words, {algorithm}"] = statistics.median(times)
        print(f"PPMI + SVD (k=50, {algorithm}), {len(co.vocab)} words: {1000 * statistics.median(times):.0f} ms")
    out["page"] = _page_times()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "training.json").write_text(json.dumps(out, indent=2))


def _page_times() -> dict:
    """Script run time of each step of the page: first (computing) and second (cached)."""
    from streamlit.testing.v1 import AppTest

    times = {}
    for part in ("counts", "pairs", "step", "word2vec", "fasttext", "glove"):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["te_part"] = part
        at.run()
        at.switch_page("app_pages/embeddings/train_embeddings.py")
        runs = []
        for _ in range(2):
            start = time.perf_counter()
            at.run()
            runs.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        times[part] = {"first_s": runs[0], "cached_s": runs[1]}
        print(f"page step {part}: first {runs[0]:.2f} s, again {runs[1]:.2f} s")
    return times


if __name__ == "__main__":
    main()
