"""Every page survives a student who tries everything (tests/app/walker.py).

CI walks each page with a fixed seed and a few steps; a deeper walk on demand:
    VECTORLAB_WALK_SEED=123 VECTORLAB_WALK_STEPS=40 python -m pytest tests/app/test_walk.py
A failure prints the shortest sequence of steps that fails the same way, then the whole walk.
"""

import os

import pytest

from app_pages.registry import PAGES
from tests.app.walker import random_walk

SEED = int(os.environ.get("VECTORLAB_WALK_SEED", "20261206"))
STEPS = int(os.environ.get("VECTORLAB_WALK_STEPS", "12"))


@pytest.mark.parametrize("spec", PAGES, ids=[spec.url_path or "home" for spec in PAGES])
def test_a_random_walk_finds_nothing(spec):
    steps = random_walk(spec.path, SEED, STEPS)
    assert len(steps) == STEPS
