"""The map in a real browser: a long UMAP shows progress, search, 3-D, CSV and PNG exports,
and Cyrillic labels in 3-D."""

import csv
import io

import pytest

from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

MAP = "document.querySelector('.st-key-map_chart .js-plotly-plot')"


def traces(page) -> list[dict]:
    return page.evaluate(f"""() => {MAP}.data.map((d) => ({{type: d.type, name: d.name,
      text: d.text ? Array.from(d.text) : [],
      n: d.x ? (d.x._inputArray || d.x).length : 0}}))""")


def test_a_long_umap_shows_progress_then_the_map(page, app_url):
    page.goto(f"{app_url}/map?map_source=frequent&map_n=2000&map_seed=7")
    # while UMAP works: a progress bar and the PCA picture meanwhile
    page.locator("[data-testid='stProgress']").wait_for(timeout=30_000)
    wait_for_app(page, timeout=90_000)
    page.locator(".st-key-map_chart .js-plotly-plot").wait_for()
    assert sum(t["n"] for t in traces(page)) == 2000
    assert page.locator("[data-testid='stProgress']").count() == 0
    assert_no_errors(page)


def test_search_three_d_and_exports(page, app_url):
    page.goto(f"{app_url}/map?map_method=pca")
    wait_for_app(page)
    field = page.get_by_role("textbox", name="Search a word on the map")
    field.fill("Paris")
    field.press("Enter")
    wait_for_app(page)
    found = {t["name"]: t["text"] for t in traces(page)}
    assert found["searched word"] == ["paris"]
    assert len(found["its nearest in the original space"]) == 10
    assert page.get_by_text("true neighbours among its nearest").count() == 1
    # the PNG comes from plotly's camera button
    page.locator(".st-key-map_chart .js-plotly-plot").hover()
    with page.expect_download() as png:
        page.locator(".st-key-map_chart .modebar-btn[data-title='Download plot as a PNG']").click()
    assert png.value.suggested_filename == "vectorlab-map-chart.png"
    assert open(png.value.path(), "rb").read(8) == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the coordinates (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert rows[0] == ["word", "x", "y", "group"] and len(rows) == 81
    assert {r[3] for r in rows[1:]} == {"countries", "capitals"}
    screenshot(page, "map-search")
    page.get_by_text("3-D", exact=True).click()
    wait_for_app(page)
    assert {t["type"] for t in traces(page)} == {"scatter3d"}
    assert_no_errors(page)


def test_cyrillic_labels_in_3d_on_navec(page, app_url):
    page.goto(f"{app_url}/map?lang=Қазақша&model=navec+news+v1+·+ru&map_dims=3&map_preset=animals")
    wait_for_app(page, timeout=60_000)
    page.locator(".st-key-map_chart .js-plotly-plot").wait_for()
    shown = [w for t in traces(page) for w in t["text"]]
    assert "собака" in shown and all(t["type"] == "scatter3d" for t in traces(page))
    # the labels are drawn: plotly's WebGL scene exists and the page shows no error
    assert page.locator(".st-key-map_chart .gl-container canvas").count() >= 1
    assert_no_errors(page)
    screenshot(page, "map-3d-kk")


def test_an_uploaded_csv_colours_by_its_own_categories(page, app_url, tmp_path):
    page.goto(f"{app_url}/map?map_source=list&map_method=pca&map_colour=category")
    wait_for_app(page)
    upload = tmp_path / "words.csv"
    upload.write_text("word,category\ncat,animal\ndog,animal\nhorse,animal\nparis,city\nberlin,city\nrome,city\n"
                      "кошка,animal\n<img src=x onerror=alert(1)>,x\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(upload))
    wait_for_app(page)
    # the page's first chart: plotly's code and the figure are drawn a moment after the run
    page.locator(".st-key-map_chart .js-plotly-plot").wait_for()
    assert {t["name"]: sorted(t["text"]) for t in traces(page)} == {
        "animal": ["cat", "dog", "horse"], "city": ["berlin", "paris", "rome"]}
    warning = page.locator("[data-testid='stAlertContentWarning']").inner_text()
    assert "кошка" in warning and "<img src=x onerror=alert(1)>" in warning  # shown as text, not run
    binary = tmp_path / "words.txt"
    binary.write_bytes(b"\x00\x01" * 500)
    page.locator("input[type=file]").set_input_files(str(binary))
    wait_for_app(page)
    assert page.locator("[data-testid='stAlertContentError']").inner_text() == "The file is not UTF-8 or CP1251 text."
    assert page.locator("[data-testid='stException']").count() == 0
