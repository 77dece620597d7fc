"""The AdaGram benchmark (DESIGN.md, "Budgets": AdaGram on the Lee corpus, 5 epochs, <= 30 s with
progress): numba's first call (compiling, or loading its on-disk cache) timed apart, then gensim's
Lee corpus trained with the settings the "Word senses" page uses, seconds per epoch and in
total, and the senses it finds for a few words; the same for the planted senses corpus (the
page's default corpus).

    python bench/adagram.py [--repeat N] [--fresh-compile] [--alpha A]

--fresh-compile points numba at an empty cache directory, so the first call compiles. Writes
bench/results/adagram.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
BUDGET_SECONDS = 30.0
SETTINGS = dict(vector_size=50, max_senses=5, alpha=0.1, window=4, min_count=3, seed=0)  # the page's defaults
EPOCHS = 5
WORDS = ("bank", "fire", "party", "new", "test", "australia", "government", "security")


def _senses(model, words) -> dict:
    found = {}
    for word in words:
        if word not in model:
            continue
        found[word] = {"count": model.count(word),
                       "priors": [round(float(p), 3) for p in model.sense_priors(word)],
                       "senses": [{"prior": round(prior, 3), "neighbours": [[w, n, round(s, 2)] for w, n, s in nbrs]}
                                  for prior, nbrs in model.senses(word, topn=6)]}
        print(f"  {word} ({model.count(word)}x), all priors {found[word]['priors']}")
        for number, sense in enumerate(found[word]["senses"], 1):
            shown = " ".join(f'("{w}", {n}, {s:.2f})' for w, n, s in sense["neighbours"])
            print(f"    {word} ({number}) prior {sense['prior']:.2f} — {shown}")
    return found


def _train(sentences, settings, repeat: int) -> tuple[dict, object]:
    from core.embeddings.senses import AdaGram

    totals, epochs, model = [], [], None
    for _ in range(repeat):
        shown = []
        start = time.perf_counter()
        model = AdaGram(**settings).train(sentences, epochs=EPOCHS,
                                          progress=lambda done, total: shown.append((done, total)))
        totals.append(time.perf_counter() - start)
        epochs.append(model.epoch_seconds)
        assert shown == [(e + 1, EPOCHS) for e in range(EPOCHS)]  # progress after every epoch
    per_epoch = [statistics.median(column) for column in zip(*epochs)]
    spw = model.senses_per_word()
    return {"total_median_s": statistics.median(totals), "total_max_s": max(totals),
            "epoch_median_s": per_epoch, "log_likelihood_per_context_word": model.epoch_log_likelihood,
            "vocabulary": len(model.vocabulary), "mean_senses_per_word": float(spw.mean()),
            "words_with_2plus_senses": int((spw > 1).sum())}, model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--fresh-compile", action="store_true")
    parser.add_argument("--alpha", type=float, default=SETTINGS["alpha"])
    args = parser.parse_args()
    if args.fresh_compile:
        os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="adagram-numba-")
    settings = {**SETTINGS, "alpha": args.alpha}
    out: dict = {"settings": settings, "epochs": EPOCHS, "cpus": os.cpu_count(),
                 "load_average": os.getloadavg()[0]}

    start = time.perf_counter()
    from core.embeddings.senses import AdaGram  # noqa: F401  (numba itself imports here)
    out["import_s"] = time.perf_counter() - start
    start = time.perf_counter()
    AdaGram(min_count=1, vector_size=4).train([["warm", "up", "numba"]] * 3, epochs=1)
    out["first_call_s"] = time.perf_counter() - start
    what = "compile" if args.fresh_compile else "compile or on-disk cache load"
    print(f"import {out['import_s']:.2f} s; numba first call ({what}): {out['first_call_s']:.2f} s")

    from core.embeddings.corpora import lee_corpus
    from core.embeddings.sense_corpus import AMBIGUOUS, CONTROL, planted_senses_corpus

    for name, corpus, words in (("lee", lee_corpus(), WORDS),
                                ("planted", planted_senses_corpus(), (*AMBIGUOUS, *list(CONTROL)[:2]))):
        timing, model = _train(corpus.sentences, settings, args.repeat)
        print(f"{name}: {corpus.tokens} tokens, {timing['vocabulary']} words; {EPOCHS} epochs in "
              f"{timing['total_median_s']:.1f} s median, {timing['total_max_s']:.1f} s max (budget {BUDGET_SECONDS} s); "
              f"per epoch {', '.join(f'{s:.2f}' for s in timing['epoch_median_s'])} s; "
              f"mean senses per word {timing['mean_senses_per_word']:.3f}, "
              f"{timing['words_with_2plus_senses']} words with 2+")
        out[name] = {**timing, "tokens": corpus.tokens, "senses": _senses(model, words)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.alpha == SETTINGS["alpha"] else f"_alpha{args.alpha:g}"
    (RESULTS / f"adagram{suffix}.json").write_text(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
