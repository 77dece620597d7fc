"""The analogy benchmark against gensim (issue 6, DESIGN.md): Google's 19,544 questions with
restrict_vocab 30,000 on GloVe 6B 50d, by our batched evaluation (3CosAdd and 3CosMul) and by
gensim's own `evaluate_word_analogies` (3CosAdd), with both accuracies and timings; and single
analogies against `most_similar` over all 400,000 words.

    python bench/analogies.py [--gensim-questions N]

gensim needs minutes for the whole set; --gensim-questions times it on the first N questions
of each section instead and scales the time up. Writes bench/results/analogies.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gensim-questions", type=int, default=0, help="per section; 0 = the whole set")
    args = parser.parse_args()
    from gensim.test.utils import datapath

    from core.embeddings import analogy, load_vectors
    from core.embeddings.analogy import evaluate_analogies, read_questions

    kv = load_vectors("glove-en-50")
    google = datapath("questions-words.txt")
    evaluate_analogies(kv, google, restrict_vocab=1000)  # first-call costs out of the timing
    out = {}
    for method in ("3cosadd", "3cosmul"):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            result = evaluate_analogies(kv, google, restrict_vocab=30000, method=method)
            times.append(time.perf_counter() - start)
        out[f"ours_{method}_s"] = statistics.median(times)
        out[f"ours_{method}_accuracy"] = result.accuracy
    path, scale = google, 1.0
    if args.gensim_questions:
        sections = read_questions(google)
        lines = []
        for name, questions in sections:
            lines += [f": {name}", *(" ".join(q) for q in questions[: args.gensim_questions])]
        path = Path(tempfile.mkdtemp()) / "subset.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        scale = sum(len(q) for _, q in sections) / sum(min(len(q), args.gensim_questions) for _, q in sections)
    start = time.perf_counter()
    score, _ = kv.evaluate_word_analogies(str(path), restrict_vocab=30000)
    out["gensim_3cosadd_s"] = (time.perf_counter() - start) * scale
    out["gensim_3cosadd_accuracy"] = score
    out["gensim_timed_on"] = "whole set" if scale == 1.0 else f"{args.gensim_questions} per section, scaled"
    analogy(kv, ["king", "woman"], ["man"])
    for name, work in (("ours_single_ms", lambda: analogy(kv, ["king", "woman"], ["man"])),
                       ("gensim_single_ms", lambda: kv.most_similar(positive=["king", "woman"], negative=["man"]))):
        times = []
        for _ in range(30):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        out[name] = 1000 * statistics.median(times)

    print(f"{'measure':48} {'value':>10}")
    print(f"{'Google set, ours 3CosAdd (budget < 1 s)':48} {out['ours_3cosadd_s']:8.2f} s  accuracy {out['ours_3cosadd_accuracy']:.4f}")
    print(f"{'Google set, ours 3CosMul':48} {out['ours_3cosmul_s']:8.2f} s  accuracy {out['ours_3cosmul_accuracy']:.4f}")
    print(f"{'Google set, gensim evaluate_word_analogies':48} {out['gensim_3cosadd_s']:8.1f} s  accuracy "
          f"{out['gensim_3cosadd_accuracy']:.4f} ({out['gensim_timed_on']})")
    print(f"{'king - man + woman over 400k, ours':48} {out['ours_single_ms']:8.1f} ms")
    print(f"{'king - man + woman over 400k, gensim':48} {out['gensim_single_ms']:8.1f} ms")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "analogies.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
