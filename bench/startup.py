"""Start-up figures against DESIGN.md's budgets: server start to first rendered page, each
vector model's first load, and the first UMAP picture after start.

    python bench/startup.py [--repeat 3]

Prints a table and writes bench/results/startup.json. Each figure comes from a fresh process,
so nothing is warm that a real server start would not have warm (the OS file cache aside).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, start_server, wait_for_app, wait_healthy  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def in_fresh_process(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def server_to_first_page(browser) -> dict:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    page = browser.new_page()
    start = time.perf_counter()
    process = start_server(port, RESULTS / "startup-server.log")
    try:
        wait_healthy(url, process)
        healthy = time.perf_counter() - start
        page.goto(url)
        page.get_by_role("heading", name="Vectorlab").first.wait_for()
        wait_for_app(page)
        first_page = time.perf_counter() - start
    finally:
        page.close()
        process.terminate()
        process.wait(10)
    return {"health_ok_s": healthy, "first_page_s": first_page}


def model_load(name: str) -> dict:
    return in_fresh_process(
        f"""
        import json, time
        start = time.perf_counter()
        from core.embeddings import read_vectors
        imported = time.perf_counter() - start
        start = time.perf_counter()
        read_vectors({name!r})
        print(json.dumps({{"import_s": imported, "load_s": time.perf_counter() - start}}))
        """
    )


def first_umap_after_start() -> dict:
    # As the app does: the warm-up thread starts with the first session; a student who opens a
    # UMAP page a second later asks for a 500-word map.
    return in_fresh_process(
        """
        import json, threading, time
        start = time.perf_counter()
        from core.embeddings import load_vectors, project, warm_up_umap
        timings = {}
        warm = threading.Thread(target=lambda: timings.update(warm_up_umap()))
        warm.start()
        kv = load_vectors("glove-en-50")
        time.sleep(max(0.0, 1.0 - (time.perf_counter() - start)))
        project(kv.vectors[1000:1500], "umap", seed=0)
        first = time.perf_counter() - start
        warm.join()
        warmed = time.perf_counter() - start
        t0 = time.perf_counter(); project(kv.vectors[1000:1500], "umap", seed=1); warm500 = time.perf_counter() - t0
        t0 = time.perf_counter(); project(kv.vectors[:5000], "umap", seed=0); warm5000 = time.perf_counter() - t0
        t0 = time.perf_counter(); project(kv.vectors[:5000], "pca", seed=0); pca = time.perf_counter() - t0
        print(json.dumps({"first_umap_500_s": first, "warm_up_done_s": warmed,
                          "warm_umap_500_s": warm500, "warm_umap_5000_s": warm5000,
                          "pca_5000_s": pca, "warm_up_stages_s": timings}))
        """
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    runs: dict[str, list] = {"server": [], "glove-en-50": [], "navec-ru-300": [], "umap": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for _ in range(args.repeat):
            runs["server"].append(server_to_first_page(browser))
        browser.close()
    for _ in range(args.repeat):
        runs["glove-en-50"].append(model_load("glove-en-50"))
        runs["navec-ru-300"].append(model_load("navec-ru-300"))
    runs["umap"].append(first_umap_after_start())

    def median(group: str, field: str) -> float:
        return statistics.median(run[field] for run in runs[group])

    rows = [
        ("server start to /_stcore/health ok", median("server", "health_ok_s"), None),
        ("server start to first rendered page", median("server", "first_page_s"), 3.0),
        ("load GloVe 400k (first use)", median("glove-en-50", "load_s"), 2.0),
        ("load navec 250k (first use)", median("navec-ru-300", "load_s"), 2.0),
        ("first UMAP (500 words) after start", median("umap", "first_umap_500_s"), 3.0),
        ("UMAP warm-up finished after start", median("umap", "warm_up_done_s"), None),
        ("UMAP 500 words, warm", median("umap", "warm_umap_500_s"), None),
        ("UMAP 5,000 words, warm", median("umap", "warm_umap_5000_s"), 5.0),
        ("PCA 5,000 words", median("umap", "pca_5000_s"), None),
    ]
    print(f"{'measure':42} {'median s':>9} {'budget s':>9}")
    for label, value, budget in rows:
        flag = "" if budget is None else ("  ok" if value < budget else "  OVER")
        print(f"{label:42} {value:9.2f} {'' if budget is None else f'{budget:9.1f}':>9}{flag}")
    (RESULTS / "startup.json").write_text(json.dumps({"runs": runs, "medians": {r[0]: r[1] for r in rows}}, indent=2))
    print(f"\nwrote {RESULTS / 'startup.json'} ({args.repeat} runs each; UMAP once)")


if __name__ == "__main__":
    main()
