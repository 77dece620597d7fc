"""Map and neighbour figures against the budgets of issue 5 and DESIGN.md:

- the first UMAP picture after a server start, in a real browser: with numba's on-disk cache
  empty (the very first start after installing) and filled (every start after that);
- UMAP of 5,000 words warm, PCA of 10,000 words, a neighbour query over each whole model,
  trustworthiness and k-means on big maps, a map read back from the disk cache.

    python bench/map.py [--repeat 3]

Prints a table and writes bench/results/map.json. Every map is computed afresh (an empty
projection cache per server), so the disk cache never hides the work being timed.
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

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, start_server, wait_for_app  # noqa: E402

RESULTS = ROOT / "bench" / "results"
MAP_URL = "/map?map_method=umap"


def first_map_after_start(browser, numba_cache: str, via_home: bool = False) -> dict:
    """Seconds to the map's UMAP picture after starting the server process: opened as the
    very first page as soon as the server answers, or (`via_home`) the way a class starts,
    Home first and the map a few seconds later, timed from the click on its menu entry."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    with tempfile.TemporaryDirectory() as projections:
        start = time.perf_counter()
        process = start_server(port, RESULTS / "map-server.log",
                               {"VECTORLAB_CACHE_DIR": projections, "NUMBA_CACHE_DIR": numba_cache})
        try:
            while True:
                try:
                    page.goto(url + ("" if via_home else MAP_URL), timeout=2000)
                    break
                except Exception:  # noqa: BLE001  the server is not listening yet
                    time.sleep(0.1)
            if via_home:
                wait_for_app(page)
                page.wait_for_timeout(5000)
                start = time.perf_counter()
                page.get_by_role("link", name="Map of words").first.click()
            opened = time.perf_counter() - start
            wait_for_app(page, timeout=120_000)
            page.locator(".st-key-map_chart .js-plotly-plot").wait_for(timeout=120_000)
            shown = time.perf_counter() - start
        finally:
            page.close()
            process.terminate()
            process.wait(10)
    return {"page_opened_s": opened, "umap_on_screen_s": shown, "after_opening_s": shown - opened}


def in_process() -> dict:
    import numpy as np

    from core.embeddings import load_vectors, project, warm_up_umap
    from core.embeddings.similarity import neighbours
    from core.embeddings.word_map import map_points, map_trustworthiness
    from core.embeddings.wordsets import frequent_words, kmeans_clusters

    def timed(work, repeat=1):
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    warm_up_umap()
    out = {}
    glove, navec = load_vectors("glove-en-50"), load_vectors("navec-ru-300")
    words = frequent_words(glove, 5000).words
    matrix = glove.vectors[[glove.key_to_index[w] for w in words]]
    out["umap_5000_warm_s"] = timed(lambda: project(matrix, "umap", seed=0))
    for name, kv in (("glove", glove), ("navec", navec)):
        top = kv.vectors[:10000]
        out[f"pca_10000_{name}_s"] = timed(lambda: project(top, "pca", seed=0), 5)
        query = "king" if name == "glove" else "король"
        neighbours(kv, query, 10)
        out[f"neighbours_{name}_ms"] = 1000 * timed(lambda: neighbours(kv, query, 10), 50)
        out[f"gensim_most_similar_{name}_ms"] = 1000 * timed(lambda: kv.most_similar(query, topn=10), 50)
    big = glove.vectors[:10000]
    points = project(big, "pca", seed=0)
    out["trustworthiness_10000_s"] = timed(lambda: map_trustworthiness(big, points), 3)
    out["kmeans_10000_s"] = timed(lambda: kmeans_clusters(big, 8, 0), 3)
    with tempfile.TemporaryDirectory() as cache:
        import os

        os.environ["VECTORLAB_CACHE_DIR"] = cache
        map_points("glove-en-50", words, matrix, "umap", 2, 0, n_neighbors=15, min_dist=0.1, metric="cosine")
        out["cached_map_5000_s"] = timed(lambda: map_points(
            "glove-en-50", words, matrix, "umap", 2, 0, n_neighbors=15, min_dist=0.1, metric="cosine"), 5)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    runs: dict[str, list] = {"numba cache empty": [], "numba cache filled": [], "after Home": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        with tempfile.TemporaryDirectory() as numba_cache:
            runs["numba cache empty"].append(first_map_after_start(browser, numba_cache))
            for _ in range(args.repeat):
                runs["numba cache filled"].append(first_map_after_start(browser, numba_cache))
                runs["after Home"].append(first_map_after_start(browser, numba_cache, via_home=True))
        browser.close()
    local = in_process()

    def median(group: str, field: str) -> float:
        return statistics.median(run[field] for run in runs[group])

    rows = [
        ("first UMAP map after the very first start", median("numba cache empty", "umap_on_screen_s"), None, "s"),
        ("first UMAP map after a restart, as first page", median("numba cache filled", "umap_on_screen_s"), None, "s"),
        ("  of which after the page opened", median("numba cache filled", "after_opening_s"), 3.0, "s"),
        ("first UMAP map after a restart, after Home", median("after Home", "umap_on_screen_s"), 3.0, "s"),
        ("UMAP 5,000 words, warm", local["umap_5000_warm_s"], 5.0, "s"),
        ("PCA 10,000 words (GloVe 50-d)", local["pca_10000_glove_s"], 0.5, "s"),
        ("PCA 10,000 words (navec 300-d)", local["pca_10000_navec_s"], 0.5, "s"),
        ("neighbours over GloVe 400k", local["neighbours_glove_ms"], 10.0, "ms"),
        ("  gensim most_similar over GloVe", local["gensim_most_similar_glove_ms"], None, "ms"),
        ("neighbours over navec 250k", local["neighbours_navec_ms"], 10.0, "ms"),
        ("  gensim most_similar over navec", local["gensim_most_similar_navec_ms"], None, "ms"),
        ("trustworthiness, 10,000 words", local["trustworthiness_10000_s"], None, "s"),
        ("k-means (k = 8), 10,000 words", local["kmeans_10000_s"], None, "s"),
        ("5,000-word map from the disk cache", local["cached_map_5000_s"], None, "s"),
    ]
    print(f"{'measure':48} {'median':>9} {'budget':>9}")
    for label, value, budget, unit in rows:
        flag = "" if budget is None else ("  ok" if value < budget else "  OVER")
        shown_budget = "" if budget is None else f"{budget:g} {unit}"
        print(f"{label:48} {value:7.3g} {unit:2} {shown_budget:>9}{flag}")
    (RESULTS / "map.json").write_text(json.dumps(
        {"runs": runs, "in_process": local, "table": {r[0]: r[1] for r in rows}}, indent=2))
    print(f"\nwrote {RESULTS / 'map.json'} (restart runs: {args.repeat})")


if __name__ == "__main__":
    main()
