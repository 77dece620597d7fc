"""In a class, figures are built once for all the followers (core/figures/shared.py): every page
whose builders are shared must draw the same charts as when each run builds its own."""

import json

import pytest

from app_pages.classroom import live
from core.figures import shared
from tests.app.apptest import open_page

PAGES = [
    "app_pages/networks/descent.py", "app_pages/networks/activations.py", "app_pages/embeddings/similarity.py",
    "app_pages/embeddings/analogies.py", "app_pages/texts/wmd.py", "app_pages/embeddings/map.py",
    "app_pages/recommendations/item2vec.py", "app_pages/embeddings/train_embeddings.py",
    "app_pages/embeddings/senses.py",
]


def charts(at) -> dict:
    return {chart.proto.id.rsplit("-", 1)[-1]: json.loads(chart.proto.spec) for chart in at.get("plotly_chart")}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_draws_the_same_charts_with_figures_shared(page, monkeypatch):
    alone = charts(open_page(page))
    assert alone  # the page draws charts
    with shared.FIGURES.lock:  # figures another test of this worker shared would not be built again
        shared.FIGURES.specs.clear()
    built_before = shared.FIGURES.built
    monkeypatch.setattr(live, "share_figures", lambda on: shared.share_figures(True))  # as in a class
    first = open_page(page)
    first.run()  # the second run takes every figure from the first's
    in_class = charts(first)
    assert in_class == alone
    assert shared.FIGURES.built > built_before  # the page's figures did go through the shared store
