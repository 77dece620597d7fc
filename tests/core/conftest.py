"""The two shipped vector models, for any core test that asks for them (read once per process)."""

import pytest

from core.embeddings import load_vectors


@pytest.fixture(scope="session")
def glove():
    return load_vectors("glove-en-50")


@pytest.fixture(scope="session")
def navec():
    return load_vectors("navec-ru-300")
