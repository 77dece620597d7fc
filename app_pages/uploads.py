"""What every file uploader says, in the interface language and with the page's real cap.

Streamlit's uploader has no API for its words: its button says "Upload", its note the server's
limit ("20MB per file"), both in English, while the pages refuse files well below that limit
and say so in the reader's language. A small style sheet, drawn once per run from
`common.sidebar_pickers`, hides those words and shows ours in their place (the style sheet
cannot change what the browser's own file dialog says)."""

from __future__ import annotations

import inspect

from streamlit import config

from core.embeddings.corpora import MAX_UPLOAD_BYTES
from core.embeddings.wordsets import MAX_LIST_BYTES
from core.i18n import translate
from core.nn.datasets import MAX_CSV_BYTES
from core.playground.take_away import MAX_FILE_BYTES
from core.recsys.sessions import read_sessions_csv

# Each uploader's key: the largest file its page accepts and the types it takes (as the page's
# file_uploader lists them). An uploader missing here is described with the server's limit.
UPLOADS: dict[str, tuple[int, tuple[str, ...]]] = {
    "pg_upload": (MAX_CSV_BYTES, ("csv", "txt")),  # Train a network: a data set
    "map_file": (MAX_LIST_BYTES, ("txt", "csv")),  # Map: a word list
    "te_upload": (MAX_UPLOAD_BYTES, ("txt",)),  # Train embeddings: a corpus
    # item2vec: sessions; the reader's own default is the cap the page uses
    "rs_upload": (inspect.signature(read_sessions_csv).parameters["max_bytes"].default, ("csv", "txt")),
    "pg_network_upload": (MAX_FILE_BYTES, ("json",)),  # Train a network: a downloaded network
}


def megabytes(size: int) -> str:
    """A cap as the pages' own messages state it: binary caps (5 × 2²⁰) in MiB, others in MB."""
    mb = size // 2**20 if size % 2**20 == 0 else size / 1_000_000
    return f"{mb:g}"


def server_cap() -> int:
    """Streamlit's own limit (config.toml's maxUploadSize, in MiB) in bytes."""
    return int(config.get_option("server.maxUploadSize")) * 2**20


def _css_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _limit(language: str, size: int, types: tuple[str, ...]) -> str:
    text = translate(language, "upload.limit", mb=megabytes(size))
    return text + (" • " + ", ".join(kind.upper() for kind in types) if types else "")


def uploader_css(language: str) -> str:
    """The style sheet: our words for the button, the drop hint and each uploader's cap."""
    zone = '[data-testid="stFileUploaderDropzone"]'
    note = '[data-testid="stFileUploaderDropzoneInstructions"]'
    rules = [
        f'{zone} button [data-testid="stMarkdownContainer"] {{ display: none; }}',
        f"{zone} button::after {{ content: {_css_text(translate(language, 'upload.button'))}; }}",
        # not on an uploaded file's remove button: "Upload" ran over its ⊗ ("a.csv ⊗Uploa")
        f'{zone} [data-testid="stFileChipDeleteBtn"] button::after {{ content: none; }}',
        f"{zone} > div > span {{ display: none; }}",
        f"{zone} > div:has(> span)::after {{ content: {_css_text(translate(language, 'upload.drop'))};"
        " color: var(--st-primary-color, #0072B2); font-weight: 800; font-size: 0.875rem; }",
        f"{note} span {{ display: none; }}",
        f"{note} > div::after {{ content: {_css_text(_limit(language, server_cap(), ()))};"
        " font-size: 0.875rem; color: rgba(49, 51, 63, 0.7); }",
    ]
    for key, (size, types) in UPLOADS.items():
        rules.append(f".st-key-{key} {note} > div::after {{ content: {_css_text(_limit(language, size, types))}; }}")
    return "\n".join(rules)
