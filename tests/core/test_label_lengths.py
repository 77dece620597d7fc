"""Labels shown in narrow places fit them in every language (Streamlit cuts a button's text
with "…" when it does not fit)."""

import pytest

from app_pages.networks.playground_presets import PRESET_COLUMNS, TITLE_KEYS, TITLE_MAX
from core.i18n import catalogue as _catalogue


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_lesson_buttons_of_the_playground_fit_their_column(language):
    catalogue = _catalogue(language)
    assert PRESET_COLUMNS <= 2  # at three a row, 24 letters were the most that fitted
    too_long = {key: catalogue[key] for key in TITLE_KEYS.values() if len(catalogue[key]) > TITLE_MAX}
    assert not too_long


# Rows of four metrics beside a controls column (WMD's document search, item2vec's sessions):
# at a 1400 px window each gets about 155 px, which holds 16 letters and a help icon
# ("Пропущено по WCD" was the longest that showed whole; "Точных решений WMD" and "Events on
# the top 10 % items" were cut).
FOUR_METRICS = ["wmd.exact_solves", "wmd.pruned", "wmd.skipped", "wmd.seconds",
                "rs.sessions", "rs.items", "rs.mean_length", "rs.top10"]
METRIC_MAX = 16


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_metric_labels_in_rows_of_four_fit_their_column(language):
    catalogue = _catalogue(language)
    too_long = {key: catalogue[key] for key in FOUR_METRICS if len(catalogue[key]) > METRIC_MAX}
    assert not too_long


# Gradient descent's race table sits beside the controls (about 540 px, less in Presenting
# mode); Streamlit's table does not wrap, so the widest cell or header of each column adds up.
# 76 letters fit with the default race (SGD against momentum) and 3,000 steps; before, the last
# column ("final loss") was cut at 93 (English) and 87 (Kazakh).
RACE_TABLE_MAX = 76


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_race_table_of_gradient_descent_fits_beside_the_controls(language):
    catalogue = _catalogue(language)
    contestants = ["SGD, γ = 0.01", catalogue["pg.opt.momentum"] + ", γ = 0.01, μ = 0.9"]
    outcomes = [catalogue["gd.outcome.reached"].format(step=3000), catalogue["gd.outcome.diverged"],
                catalogue["gd.outcome.stuck"]]
    columns = [[catalogue["gd.col_contestant"], *contestants], [catalogue["gd.col_outcome"], *outcomes],
               [catalogue["gd.col_turns"], "100"], [catalogue["gd.col_loss"], "1.26e-17"]]
    assert sum(max(map(len, column)) for column in columns) <= RACE_TABLE_MAX


def test_presenting_mode_lets_metric_and_widget_labels_wrap():
    """Large text leaves less room: a metric's label or value ("7,621 × 7,621" on Train
    embeddings) and a checkbox's or toggle's label wrap instead of ending in "…"."""
    from app_pages.common import _PRESENTING_CSS

    rule = _PRESENTING_CSS[_PRESENTING_CSS.index('[data-testid="stMetricLabel"] .stMarkdownEllipsis'):]
    selectors, body = rule.split("{", 1)
    for testid in ("stMetricLabel", "stMetricValue", "stWidgetLabel"):
        # Streamlit sets nowrap on the ellipsis box and on its paragraph both
        assert f'[data-testid="{testid}"] .stMarkdownEllipsis,' in selectors
        assert f'[data-testid="{testid}"] .stMarkdownEllipsis p' in selectors
    body = body.split("}", 1)[0]
    assert "white-space: normal !important" in body and "text-overflow: clip" in body


# Train embeddings' two buttons under a trained model share the picture's column, half each
# (about 300 px at a 1400 px window, 37 letters with the icon; less in Presenting mode):
# "Использовать эти векторы на других с…" was cut.
HAND_OVER_BUTTONS = ["te.use_vectors", "te.download"]
HAND_OVER_MAX = 28


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_buttons_under_a_trained_model_fit_half_the_column(language):
    catalogue = _catalogue(language)
    too_long = {key: catalogue[key] for key in HAND_OVER_BUTTONS if len(catalogue[key]) > HAND_OVER_MAX}
    assert not too_long


def test_the_unseen_words_column_of_fasttext_shows_each_default_word_whole():
    """Train embeddings, step 5: the typed words' column is as wide as its longest word (at
    8 px a letter and the padding), for every corpus's default words."""
    from app_pages.embeddings.training.defaults import CURATED
    from app_pages.embeddings.training.fasttext_part import word_column_width

    for curated in CURATED.values():
        words = curated["oov"]
        assert word_column_width(words) >= 8 * max(map(len, words)) + 24
    assert word_column_width(["a" * 60]) == 180  # a pasted long word leaves the neighbours room
