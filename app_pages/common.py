"""The one place for Streamlit glue: language, vector-model choice, cached loaders, warm-up."""

from __future__ import annotations

import threading
import time

import streamlit as st

from core.embeddings import MODELS, load_vectors, warm_up_umap
from core.errors import UserInputError
from core.i18n import DEFAULT_LANGUAGE, LANGUAGES, translate

DEFAULT_MODEL = "glove-en-50"
_LANGUAGE_BY_NAME = {name: code for code, name in LANGUAGES.items()}


def language() -> str:
    return _LANGUAGE_BY_NAME.get(st.session_state.get("lang"), DEFAULT_LANGUAGE)


def t(key: str, /, **params) -> str:
    """Interface text in the language picked in the sidebar."""
    return translate(language(), key, **params)


def number(value: int) -> str:
    """An integer grouped the way the reader's language groups digits (400,000 / 400 000)."""
    grouped = f"{value:,}"
    return grouped if language() == "en" else grouped.replace(",", "\u00a0")


def model_label(name: str) -> str:
    # Language-independent, because bound widgets put the label into shared links.
    info = MODELS[name]
    return f"{info.title} · {info.language}"


_MODEL_BY_LABEL = {model_label(name): name for name in MODELS}


def model_name() -> str:
    return _MODEL_BY_LABEL.get(st.session_state.get("model"), DEFAULT_MODEL)


def sidebar_pickers() -> None:
    """Language and vector model, shared by every page and kept in the URL (?lang=, ?model=)
    so that a link opens with the same choices."""
    with st.sidebar:
        st.selectbox(
            "Language · Язык · Тіл", list(LANGUAGES.values()), key="lang", bind="query-params"
        )
        st.selectbox(
            t("sidebar.model"), list(_MODEL_BY_LABEL), key="model", bind="query-params",
            help=t("sidebar.model_help"),
        )
        info = MODELS[model_name()]
        st.caption(t("sidebar.model_caption", words=number(info.words), dim=info.dim))


def vectors():
    """The chosen model's KeyedVectors, read once per process (core caches them)."""
    name = model_name()
    with st.spinner(t("model.loading", title=MODELS[name].title)):
        return load_vectors(name)


def show_user_error(error: UserInputError) -> None:
    st.error(t(error.key, **error.params))


class _WarmUp:
    """UMAP's numba compilation, run once per server process in a background thread."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.timings: dict[str, float] | None = None
        self.failed: str | None = None
        self.done = threading.Event()
        threading.Thread(target=self._run, name="umap-warm-up", daemon=True).start()

    def _run(self) -> None:
        try:
            self.timings = warm_up_umap()
        except Exception as exc:  # a failed warm-up only costs speed later; never the page
            self.failed = repr(exc)
        finally:
            self.done.set()


@st.cache_resource(show_spinner=False)
def umap_warm_up() -> _WarmUp:
    return _WarmUp()
