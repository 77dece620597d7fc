"""Reading and typing number fields (app_pages/number_field.py) in AppTest."""

import math

from streamlit.testing.v1 import AppTest

from app_pages.number_field import text_key


def shown(at: AppTest, key: str) -> float:
    """The number the field shows, checked against the value the page uses (the field shows
    six significant digits of it)."""
    text = at.text_input(key=text_key(key)).value
    number = float(text.replace(",", "."))
    used = at.session_state[key]
    assert math.isclose(number, used, rel_tol=1e-5, abs_tol=1e-12), (key, text, used)
    return number


def type_number(at: AppTest, key: str, text: str) -> AppTest:
    """Type `text` into the field and commit it (Enter), as a person does."""
    at.text_input(key=text_key(key)).input(text).run()
    assert not at.exception, [e.message for e in at.exception]
    return at
