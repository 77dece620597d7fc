"""Labels shown in narrow places fit them in every language (Streamlit cuts a button's text
with "…" when it does not fit)."""

import json
from pathlib import Path

import pytest

from app_pages.networks.playground_presets import PRESET_COLUMNS, TITLE_KEYS, TITLE_MAX

I18N = Path(__file__).resolve().parents[2] / "assets" / "i18n"


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_lesson_buttons_of_the_playground_fit_their_column(language):
    catalogue = json.loads((I18N / f"{language}.json").read_text(encoding="utf-8"))
    assert PRESET_COLUMNS <= 2  # at three a row, 24 letters were the most that fitted
    too_long = {key: catalogue[key] for key in TITLE_KEYS.values() if len(catalogue[key]) > TITLE_MAX}
    assert not too_long
