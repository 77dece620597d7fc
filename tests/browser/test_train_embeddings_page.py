"""Train embeddings in a real browser: train word2vec on the synthetic corpus, play the epochs,
hand the vectors to the Analogies page; uploads good and bad; Russian and Kazakh."""

import pytest

from core.i18n import translate
from tests.browser.conftest import assert_no_errors, screenshot, wait_for_app

pytestmark = pytest.mark.browser

RUSSIAN = ("Кошка сидит на ковре. Собака лежит у двери. Кошка и собака живут в одном доме. "
           "Ёжик ищет яблоко в саду. Слово — это вектор, а вектор — это список чисел. ") * 6


def slider_label(page, key) -> str:
    return page.evaluate(
        f"() => document.querySelector('.st-key-{key} .js-plotly-plot')._fullLayout.sliders[0].active")


def test_train_play_and_use_the_vectors_on_analogies(page, app_url):
    page.goto(f"{app_url}/train-embeddings?te_corpus=synthetic&te_epochs=10")
    wait_for_app(page)
    page.get_by_role("radio", name="4 · word2vec").click()  # a segmented control's option
    wait_for_app(page, timeout=60_000)
    assert page.locator(".st-key-te_epochs_fig .js-plotly-plot").count() == 1
    assert slider_label(page, "te_epochs_fig") == 10
    page.locator(".st-key-te_epochs_fig .updatemenu-button").click()  # plotly's own Play
    page.wait_for_timeout(1500)
    assert slider_label(page, "te_epochs_fig") >= 1
    assert page.locator(".st-key-te_emerge .js-plotly-plot").count() == 1
    screenshot(page, "train-embeddings-word2vec")
    page.get_by_role("button", name="Use on other pages").click()
    wait_for_app(page)
    page.get_by_role("link", name="Analogies").click()
    wait_for_app(page, timeout=60_000)
    answers = page.evaluate(
        "() => Array.from(document.querySelector('.st-key-an_3cosadd .js-plotly-plot').data[0].y)")
    assert answers[0] == "queen"  # king − man + woman on vectors trained a minute ago
    assert "model=trained-" in page.url  # the sidebar picked them (a short name in the link)
    assert_no_errors(page)


def test_uploads_good_and_bad(page, app_url, tmp_path):
    page.goto(f"{app_url}/train-embeddings?te_corpus=upload")
    wait_for_app(page)
    good = tmp_path / "корпус.txt"
    good.write_bytes(RUSSIAN.encode("cp1251"))
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(good))
    wait_for_app(page, timeout=30_000)
    page.locator(".st-key-te_heatmap .js-plotly-plot").wait_for(timeout=30_000)
    assert page.get_by_text("language: ru").count() == 1
    assert page.locator(".st-key-te_heatmap .js-plotly-plot").count() == 1
    assert_no_errors(page)
    for name, data, message in (
        ("picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "not text"),
        ("empty.txt", b"", "empty"),
        ("short.txt", "два слова".encode(), "a corpus needs at least 50"),
        ("big.txt", b"word " * 1_200_001, "the limit is 5 MB"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(path))
        wait_for_app(page, timeout=30_000)
        alert = page.locator("[data-testid=stAlertContentError]").filter(has_text=message)
        alert.wait_for(timeout=30_000)  # a big file takes a moment to send
        assert alert.count() == 1, name
        assert page.locator("[data-testid=stException]").count() == 0


@pytest.mark.parametrize(("lang", "parts", "corpus"), [
    ("ru", ("pairs",), "lecture_ru"), ("ru", ("step",), "lee"), ("kk", ("counts", "fasttext"), "lecture_kk"),
], ids=["ru-pairs-lecture_ru", "ru-step-lee", "kk-counts-fasttext-lecture_kk"])
def test_russian_and_kazakh(page, app_url, lang, parts, corpus):
    """Parts on the lectures' corpora in their languages. Two parts on one corpus: the second
    chosen on the page (a rerun, not a second page load)."""
    page.goto(f"{app_url}/train-embeddings?lang={lang}&te_part={parts[0]}&te_corpus={corpus}&te_min_count=1")
    wait_for_app(page, timeout=60_000)
    for part in parts:
        if part != parts[0]:
            page.get_by_role("radio", name=translate(lang, f"te.part.{part}")).click()
            wait_for_app(page, timeout=60_000)
            assert f"te_part={part}" in page.url and f"te_corpus={corpus}" in page.url
        assert_no_errors(page)
        screenshot(page, f"train-embeddings-{part}-{corpus}")
