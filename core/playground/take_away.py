"""Take the trained network away: the playground's network at the epoch on screen as a JSON
file (the network, its settings, inputs and classes) or as a standalone numpy script; and
`read_network_file`, which opens such a file again (checked as data, never evaluated).

`taken(run, epoch, csv)` copies what the files need at that moment (the weights recorded at the
epoch, not whatever the run trained ahead; the settings; the losses then), so the files can be
written later, in another thread, while the run trains on. File names are made of the
program's own words and numbers only: an uploaded file's name never goes into them.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from dataclasses import dataclass

from core.errors import UserInputError
from core.nn.csv_data import CsvData
from core.nn.datasets import FEATURES
from core.nn.export import standalone_script
from core.nn.mlp import MLP
from core.nn.optimizers import OPTIMIZERS
from core.nn.trainer import Run, Setup, Training
from core.playground.weights_link import MAX_EPOCH, network_sizes

FORMAT = "vectorlab.playground"
VERSION = 1


def network_at(run: Run, epoch: int) -> tuple[MLP, int]:
    """(the network, its epoch) recorded at `epoch`, or at the last recorded epoch before it
    (a long run thins its snapshots). A run holds at least one snapshot, its first."""
    kept = [s for s in run.snapshots if s.epoch <= epoch] or run.snapshots[:1]
    snapshot = kept[-1]
    return run.net_at(snapshot), snapshot.epoch


@dataclass(frozen=True)
class Taken:
    """A network taken away at one epoch, with what it needs to be used elsewhere."""

    net: MLP
    epoch: int
    setup: Setup
    training: Training
    task: str
    n_inputs: int  # raw columns: 2 for points on the plane, 1 for a function of x
    measured: dict
    csv: CsvData | None  # the upload the run trained on (its column names and scale)

    @property
    def stem(self) -> str:
        """`vectorlab-<data set>-<sizes>-epoch<N>`: letters, digits, "_" and "-" only."""
        return f"vectorlab-{_safe(self.setup.dataset)}-{'-'.join(map(str, self.net.sizes))}-epoch{self.epoch}"


def taken(run: Run, epoch: int, csv: CsvData | None = None) -> Taken:
    net, at = network_at(run, epoch)
    history = run.history
    measured = {"train_loss": _number(history.train_loss[at]), "test_loss": _number(history.test_loss[at])}
    if run.is_classification:
        measured |= {"train_accuracy": _number(history.train_accuracy[at]),
                     "test_accuracy": _number(history.test_accuracy[at])}
    return Taken(net=net, epoch=at, setup=run.setup, training=run.training, task=run.data.task,
                 n_inputs=run.data.n_inputs, measured=measured, csv=csv if run.setup.dataset == "csv" else None)


def _plain(value):
    """Tuples as lists, recursively: JSON has only lists."""
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _input_names(away: Taken) -> list[str]:
    if away.csv is not None:
        return [str(name) for name in away.csv.columns[:away.n_inputs]]
    return ["x1", "x2"] if away.n_inputs == 2 else ["x"]


def network_file(away: Taken) -> dict:
    """Everything needed to use or reload the network: `network` (MLP.to_dict), the epoch it
    was recorded at, its input features, the raw inputs (with the standardisation an upload
    went through), the classes, the playground's settings and the losses then."""
    csv = away.csv
    inputs: dict = {"names": _input_names(away)}
    if csv is not None:
        inputs["standardised"] = "(value - mean) / std, per column, before the features"
        inputs["mean"], inputs["std"] = [float(v) for v in csv.mean], [float(v) for v in csv.std]
    return {
        "format": FORMAT,
        "version": VERSION,
        "epoch": away.epoch,
        "task": away.task,
        "features": list(away.setup.features),
        "inputs": inputs,
        "classes": list(csv.classes) if csv is not None and csv.classes else None,
        "network": away.net.to_dict(),
        "setup": _plain(dataclasses.asdict(away.setup)),
        "training": _plain(dataclasses.asdict(away.training)),
        "measured": away.measured,
    }


def network_json(away: Taken) -> str:
    """`network_file` as strict JSON text (no NaN: an unknown loss is null)."""
    return json.dumps(network_file(away), allow_nan=False, ensure_ascii=False, indent=1)


def network_script(away: Taken) -> str:
    """A numpy-only Python script that reproduces the network on raw points."""
    csv = away.csv
    script = standalone_script(
        away.net, away.setup.features,
        input_mean=csv.mean if csv is not None else None, input_std=csv.std if csv is not None else None,
        input_names=_input_names(away) if csv is not None else None,
        class_names=csv.classes if csv is not None and csv.classes else None,
        n_inputs=away.n_inputs,
    )
    return f"# Vectorlab playground: data set {_safe(away.setup.dataset)}, epoch {away.epoch}\n{script}"


def _safe(name: str) -> str:
    return re.sub(r"[^a-z0-9_]", "", name.lower()) or "data"


# --------------------------------------------------------------------------- opening a file

MAX_FILE_BYTES = 1_000_000  # a 6 x 16 network's file is about 60 kB


@dataclass(frozen=True)
class Opened:
    """A network file read back: the settings it was trained with and its weights at `epoch`."""

    setup: Setup
    training: Training
    params: list
    epoch: int


def _field(value, default, name: str):
    """`value` checked against the type of the field's default (JSON has lists for tuples)."""
    if isinstance(default, bool) or isinstance(value, bool):
        raise ValueError(name)
    if isinstance(default, tuple):
        if not isinstance(value, list) or len(value) > 1_000:
            raise ValueError(name)
        return tuple(tuple(v) if isinstance(v, list) else v for v in value)
    if isinstance(default, float):
        if not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(name)
        return float(value)
    if default is None:  # an optional count or name
        if value is not None and not isinstance(value, (int, str)):
            raise ValueError(name)
        return value
    if not isinstance(value, type(default)) or (isinstance(value, str) and len(value) > 200):
        raise ValueError(name)
    return value


def _record(cls, data, name: str):
    """A Setup or Training from its `dataclasses.asdict` (unknown keys are ignored)."""
    if not isinstance(data, dict):
        raise ValueError(name)
    values = {f.name: _field(data[f.name], f.default, f.name) for f in dataclasses.fields(cls) if f.name in data}
    return cls(**values)


def read_network_file(content: bytes) -> Opened:
    """A file `network_json` wrote, read as data and checked: the network against its own
    settings (sizes, activation, inputs) and every setting's type. Raises UserInputError with an
    ``export.file_*`` key (or ``export.link_no_file`` for a network trained on an upload)."""
    if len(content) > MAX_FILE_BYTES:
        raise UserInputError("export.file_too_big", "The file is larger than {limit} MB.",
                             limit=MAX_FILE_BYTES // 1_000_000)

    def refuse_constant(name):
        raise ValueError(name)

    try:
        data = json.loads(content.decode("utf-8-sig"), parse_constant=refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise UserInputError("export.file_not_json", "The file is not JSON text.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserInputError("export.file_not_network", "The file is not a network saved by this page.")
    if data.get("version") != VERSION or isinstance(data.get("version"), bool):
        raise UserInputError("export.file_not_network", "The file is not a network saved by this page.")
    try:
        setup = _record(Setup, data.get("setup"), "setup")
        training = _record(Training, data.get("training"), "training")
        net = MLP.from_dict(data.get("network"))
        epoch = data.get("epoch")
        if not isinstance(epoch, int) or isinstance(epoch, bool) or not 0 <= epoch <= MAX_EPOCH:
            raise ValueError("epoch")
        if not (setup.n_points is None or 1 <= setup.n_points <= 10_000):
            raise ValueError("n_points")
        if not (setup.classes is None or 2 <= setup.classes <= 5):
            raise ValueError("classes")
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in setup.hidden):
            raise ValueError("hidden")
        if not set(setup.features) <= set(FEATURES) or len(set(setup.features)) != len(setup.features):
            raise ValueError("features")
        if training.optimizer not in OPTIMIZERS or not training.lr > 0 or training.batch_size < 1:
            raise ValueError("training")
        if training.regularization not in (None, "l1", "l2") or training.reg_rate < 0:
            raise ValueError("regularization")
        sizes = network_sizes(setup)  # refuses an upload's network: the file's data is not in it
        if tuple(net.sizes) != sizes or net.activation.name != setup.activation:
            raise ValueError("the network does not fit its settings")
    except UserInputError:
        raise
    except (ValueError, TypeError, KeyError):
        raise UserInputError("export.file_bad_network",
                             "The network in this file is damaged or does not fit its settings.") from None
    return Opened(setup=setup, training=training, params=[p.copy() for p in net.params], epoch=epoch)
