"""AppTests see a page's own exception: app.py otherwise turns it into a friendly message
(which tests/app/test_pages.py checks once on purpose)."""

import pytest


@pytest.fixture(autouse=True)
def _pages_raise(monkeypatch):
    monkeypatch.setenv("VECTORLAB_RAISE", "1")
