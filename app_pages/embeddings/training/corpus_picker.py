"""The corpus every part of the "Train embeddings" page works on: chosen once at the top, loaded
once per process (uploads once per session), named by a short key that caches can use."""

from typing import Callable

import streamlit as st

from app_pages.common import number, show_user_error, t
from app_pages.number_field import number_field
from core.embeddings.corpora import MAX_UPLOAD_BYTES, Corpus, lecture_corpus, lee_corpus, read_uploaded_corpus
from core.embeddings.synthetic_corpus import synthetic_corpus
from core.embeddings.training import fingerprint
from core.errors import UserInputError

SOURCE_KEYS = {
    "lee": "te.corpus.lee", "synthetic": "te.corpus.synthetic", "lecture_en": "te.corpus.lecture_en",
    "lecture_ru": "te.corpus.lecture_ru", "lecture_kk": "te.corpus.lecture_kk", "upload": "te.corpus.upload",
}
SENTENCE_COUNTS = [500, 1000, 2000, 4000, 8000, 16000]
state = st.session_state


def spec() -> dict[str, tuple]:
    return {
        "te_corpus": ("lee", list(SOURCE_KEYS)),
        "te_syn_n": (4000, SENTENCE_COUNTS),
        "te_syn_noise": (0.1, [round(0.1 * i, 1) for i in range(11)]),
        "te_syn_seed": (0, range(0, 1000)),
    }


@st.cache_resource(max_entries=12, show_spinner=False)
def _corpus(key: str, _data: bytes | None = None, _file_name: str = "") -> Corpus:
    source, _, rest = key.partition(":")
    if source == "lee":
        return lee_corpus()
    if source.startswith("lecture_"):
        return lecture_corpus(source.removeprefix("lecture_"))
    if source == "synthetic":
        n, noise, seed = rest.split(",")
        return synthetic_corpus(int(n), float(noise), int(seed))
    return read_uploaded_corpus(_data, _file_name)


def choose_corpus() -> tuple[str, Corpus]:
    """Draw the corpus controls; return the corpus's cache key and the corpus. Stops the page
    with a clear message when an upload is unusable or missing."""
    source = st.selectbox(t("te.corpus"), list(SOURCE_KEYS), key="te_corpus", format_func=lambda s: t(SOURCE_KEYS[s]))
    if source == "synthetic":
        with st.expander(t("te.syn_settings"), expanded=False):
            st.select_slider(t("te.syn_n"), SENTENCE_COUNTS, key="te_syn_n", format_func=number)
            st.slider(t("te.syn_noise"), 0.0, 1.0, step=0.1, key="te_syn_noise", help=t("te.syn_noise_help"))
            number_field(t("te.seed"), 0, 999, key="te_syn_seed")
        key = f"synthetic:{state['te_syn_n']},{state['te_syn_noise']},{state['te_syn_seed']}"
        return key, _corpus(key)
    if source != "upload":
        return source, _corpus(source)
    return uploaded_corpus("te_upload", _corpus)


def uploaded_corpus(widget_key: str, load: Callable[[str, bytes, str], Corpus]) -> tuple[str, Corpus]:
    """The .txt uploader and its corpus (`load(key, data, file_name)`, a cached reader), keyed by
    the file's fingerprint; stops the page with a clear message when no file or a bad one came."""
    upload = st.file_uploader(t("te.upload"), type=["txt"], key=widget_key,
                              help=t("te.upload_help", mb=MAX_UPLOAD_BYTES // 1_000_000))
    if upload is None:
        st.info(t("te.upload_first"))
        st.stop()
    data = upload.getvalue()
    key = "upload:" + fingerprint(data)
    try:
        return key, load(key, data, upload.name)
    except UserInputError as error:
        show_user_error(error)
        st.stop()


def corpus_caption(corpus: Corpus) -> str:
    vocabulary = len(corpus.counts())
    return t("te.corpus_caption", sentences=number(len(corpus.sentences)), tokens=number(corpus.tokens),
             words=number(vocabulary), language=corpus.language)
