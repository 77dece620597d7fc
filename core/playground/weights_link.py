"""Trained weights in a link: a small network's weights and biases in one link parameter.

The settings are in the link already (app_pages/common.py, `write_url_state`); this adds the
numbers the network learnt, so that opening the link shows the trained boundary at once and
Play goes on training from it.

The parameter's text is base64url (letters, digits, "-" and "_": nothing a link must escape) of
zlib-compressed bytes:

    version (1 byte) | epoch (uint32) | layer count L (1 byte) | L sizes (1 byte each)
    | signature (uint32: CRC-32 of the input features and the activation)
    | every weight and bias as float32, layer by layer (W1, b1, W2, b2, ...), little-endian

float32 keeps a link half as long as float64 (5.3 characters a number instead of 10.7): the
spiral preset's 289 numbers fit under 2,000 characters with room for the settings, and the
predictions move by about 1e-7. zlib's checksum makes a link cut short or mistyped unreadable
instead of quietly wrong; the sizes and the signature are checked against the link's settings,
so weights are never poured into a network they were not trained in.

Everything here reads the text as data, with limits before any work: a long text, a huge epoch,
too many numbers or a decompression bomb is refused. Every failure is a `UserInputError` with
an ``export.link_*`` key; the page shows it and starts with fresh weights.
"""

from __future__ import annotations

import base64
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from core.errors import UserInputError
from core.nn.datasets import dataset_info
from core.nn.drawn import drawn_arrays
from core.nn.mlp import MLP
from core.nn.trainer import Setup

PARAM = "w"  # the link parameter (not a playground setting's name: see playground_controls.SPEC)
VERSION = 1
MAX_TEXT = 4_096  # longer parameter text is refused unread (a link holds ~2,000 characters)
MAX_NUMBERS = 1_000  # weights and biases a decoded link may hold
MAX_LAYERS = 12
MAX_EPOCH = 1_000_000  # the history up to the epoch is kept one slot an epoch (see Run.start_from)
_HEADER = struct.Struct("<BIB")  # version, epoch, layer count
_SIGNATURE = struct.Struct("<I")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


@dataclass(frozen=True)
class LinkWeights:
    """What a link carries: the network's `sizes`, the `epoch` the weights were taken at, the
    `params` (float64 arrays W1, b1, W2, b2, ...) and the `signature` of features and activation."""

    sizes: tuple[int, ...]
    epoch: int
    params: list[np.ndarray]
    signature: int


def signature(features: Sequence[str], activation: str) -> int:
    """A checksum of what the weights mean beyond their shapes: which inputs the first layer
    reads and which activation the hidden layers apply."""
    return zlib.crc32(("|".join(features) + "#" + activation).encode("utf-8"))


def network_sizes(setup: Setup) -> tuple[int, ...]:
    """The layer sizes a playground run of these settings has (as `core.nn.trainer.Run` builds
    them), without making its data: one output for two classes or a number, K for K ≥ 3.
    Raises UserInputError for an upload (a link cannot carry the file) and for drawn points
    too few to train on."""
    if setup.dataset == "csv":
        raise UserInputError("export.link_no_file", "A link cannot carry an uploaded file.")
    if setup.dataset == "drawn":
        k = drawn_arrays(setup.points)[2]
    else:
        info = dataset_info(setup.dataset)
        k = (setup.classes or info.n_classes) if info.task == "classification" else 0
    return (len(setup.features), *setup.hidden, k if k > 2 else 1)


def encode_weights(net: MLP, epoch: int, features: Sequence[str], activation: str) -> str:
    """The link parameter's text for `net`'s weights at `epoch` (see the module text)."""
    if not net.is_finite():
        raise ValueError("a diverged network (inf or NaN weights) has nothing to share")
    if not 0 <= epoch <= MAX_EPOCH:
        raise ValueError(f"epoch {epoch} is outside 0..{MAX_EPOCH}")
    sizes = list(net.sizes)
    if len(sizes) > MAX_LAYERS or max(sizes) > 255:
        raise ValueError(f"a link holds at most {MAX_LAYERS} layers of at most 255 neurons")
    numbers = np.concatenate([p.ravel() for p in net.params]).astype("<f4")
    body = (_HEADER.pack(VERSION, epoch, len(sizes)) + bytes(sizes)
            + _SIGNATURE.pack(signature(features, activation)) + numbers.tobytes())
    return base64.urlsafe_b64encode(zlib.compress(body, 9)).decode("ascii").rstrip("=")


def _unreadable(reason: str) -> UserInputError:
    return UserInputError("export.link_unreadable",
                          "The trained weights in this link cannot be read ({reason}).", reason=reason)


def decode_weights(text: str) -> LinkWeights:
    """The weights a link parameter carries. Raises UserInputError: export.link_too_long (too
    much text), export.link_too_many (too many numbers), export.link_unreadable (not
    base64url, cut short, corrupt, another version), export.link_not_finite (NaN or infinity)."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        raise UserInputError("export.link_too_long", "The weights in this link are longer than {limit} characters.",
                             limit=MAX_TEXT)
    if not text or not _BASE64URL.fullmatch(text) or len(text) % 4 == 1:
        raise _unreadable("not base64url text")
    try:
        packed = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
        inflater = zlib.decompressobj()
        # At most the largest valid body: a small text that inflates to gigabytes stops here.
        limit = _HEADER.size + MAX_LAYERS + _SIGNATURE.size + 4 * MAX_NUMBERS
        body = inflater.decompress(packed, limit + 1)
        complete = inflater.eof and not inflater.unused_data
    except (ValueError, zlib.error):
        raise _unreadable("cut short or changed") from None
    if len(body) > limit:
        raise UserInputError("export.link_too_many", "The weights in this link are more than {limit} numbers.",
                             limit=MAX_NUMBERS)
    if not complete:
        raise _unreadable("cut short or changed")
    if len(body) < _HEADER.size:
        raise _unreadable("no header")
    version, epoch, n_sizes = _HEADER.unpack_from(body)
    if version != VERSION:
        raise _unreadable(f"format version {version}, this program reads {VERSION}")
    if not 2 <= n_sizes <= MAX_LAYERS or len(body) < _HEADER.size + n_sizes + _SIGNATURE.size:
        raise _unreadable("a bad header")
    sizes = tuple(body[_HEADER.size:_HEADER.size + n_sizes])
    if min(sizes) < 1 or epoch > MAX_EPOCH:
        raise _unreadable("a bad header")
    (sign,) = _SIGNATURE.unpack_from(body, _HEADER.size + n_sizes)
    numbers = body[_HEADER.size + n_sizes + _SIGNATURE.size:]
    count = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    if count > MAX_NUMBERS:
        raise UserInputError("export.link_too_many", "The weights in this link are more than {limit} numbers.",
                             limit=MAX_NUMBERS)
    if len(numbers) != 4 * count:
        raise _unreadable(f"{len(numbers) // 4} numbers for a network that needs {count}")
    values = np.frombuffer(numbers, dtype="<f4").astype(np.float64)
    if not np.isfinite(values).all():
        raise UserInputError("export.link_not_finite", "The weights in this link hold a value that is not a number.")
    params, at = [], 0
    for a, b in zip(sizes[:-1], sizes[1:]):
        params.append(values[at:at + a * b].reshape(a, b))
        params.append(values[at + a * b:at + a * b + b].copy())
        at += a * b + b
    return LinkWeights(sizes=sizes, epoch=int(epoch), params=params, signature=sign)


def check_fits(weights: LinkWeights, sizes: Sequence[int], features: Sequence[str], activation: str) -> None:
    """Raise UserInputError (export.link_other_network) unless the weights were trained in a
    network of these sizes, inputs and activation: the link's settings were changed by hand,
    or the weights came from another link."""
    if tuple(sizes) != weights.sizes:
        raise UserInputError("export.link_other_network",
                             "The weights in this link are for a {link} network; its settings make {settings}.",
                             link=_arrow(weights.sizes), settings=_arrow(sizes))
    if weights.signature != signature(features, activation):
        raise UserInputError("export.link_other_inputs",
                             "The weights in this link were trained with other inputs or another activation.")


def _arrow(sizes: Sequence[int]) -> str:
    return "–".join(str(int(s)) for s in sizes)
