"""The two Texts pages in a real browser: sentence similarity matrices, and WMD with its flow,
its bounds, stop words and the document search; English on GloVe, Russian on navec."""

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def metric(page, label) -> float:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_text(label, exact=True)).first
    return float(box.get_by_test_id("stMetricValue").inner_text().replace(",", ""))


def test_sentence_vectors(page, app_url):
    page.goto(f"{app_url}/sentence-vectors")
    wait_for_app(page, timeout=60_000)
    assert page.locator(".js-plotly-plot").count() == 4
    assert page.get_by_text("Word order is lost").count() == 1
    assert_no_errors(page)
    screenshot(page, "sentence-vectors")


def test_wmd_flow_bounds_stop_words_and_search(page, app_url):
    page.goto(f"{app_url}/wmd")
    wait_for_app(page, timeout=60_000)
    with_removal = metric(page, "WMD")
    assert metric(page, "WCD") <= with_removal and metric(page, "RWMD") <= with_removal
    for key in ("wmd_flow", "wmd_arrows", "wmd_plan"):
        assert page.locator(f".st-key-{key} .js-plotly-plot").count() == 1
    screenshot(page, "wmd")
    page.get_by_test_id("stCheckbox").get_by_text("Remove stop words").click()
    wait_for_app(page, timeout=60_000)
    assert "wmd_stop=0" in page.url and metric(page, "WMD") < with_removal
    solves = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Exact solves", exact=True))
    done, total = (int(x.replace(",", "")) for x in solves.get_by_test_id("stMetricValue").inner_text().split(" / "))
    assert done * 3 <= total
    assert_no_errors(page)


@pytest.mark.parametrize("path", ["wmd", "sentence-vectors"])
def test_russian_on_navec(page, app_url, path):
    page.goto(f"{app_url}/{path}?lang=Русский&model=navec+news+v1+·+ru")
    wait_for_app(page, timeout=90_000)
    assert_no_errors(page)
    screenshot(page, f"{path}-ru")
