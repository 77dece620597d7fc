"""A training run of the playground: data, network, optimizer and its recorded history.

The run trains on the server in plain numpy and records a snapshot of the weights (and the
optimizer's state) after each epoch, so the page can play the epochs back in the browser,
take students back to any earlier epoch, and continue training from there.

What starts a run over and what does not follows TensorFlow Playground and its users'
requests: the data, the input features, the architecture, the activation, the loss and the
initialisation seed define a `Setup` (changing any of them starts over); the optimizer, its
learning rate, the batch size and the regularisation are `Training` settings that may change
between epochs and continue from the current weights.

Data with three or more classes (the multi-class sets, a CSV with K ≥ 3 labels) gets a softmax
output of K units trained with cross-entropy (the setup's "bce" means cross-entropy there);
accuracy is then the share of argmax predictions that are right, and `confusion_matrix` counts
which class was taken for which.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from core.nn.datasets import CsvData, Split, dataset_info, make_dataset, make_features, train_test_split
from core.nn.drawn import drawn_arrays
from core.nn.mlp import MLP
from core.nn.optimizers import Optimizer, make_optimizer

MAX_SNAPSHOTS = 400  # beyond this, older epochs are thinned to every 2nd, 4th, ... epoch
GRID_EXTENT = 6.0  # the 2-D data sets live in [-6, 6]^2, as in TensorFlow Playground


@dataclass(frozen=True)
class Setup:
    """Everything that defines the data and the network; changing any of it starts over."""

    dataset: str = "circle"  # a name from DATASETS or MULTICLASS_DATASETS, or "csv"
    csv_id: str = ""  # for "csv": a digest of the upload, so another file starts over
    n_points: int | None = None  # None: the data set's own default
    noise: float = 0.0
    train_ratio: float = 0.5
    data_seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    loss: str = "bce"  # classification: "bce" or "mse" ("bce" is cross-entropy for K ≥ 3); regression: "mse"
    init_seed: int = 0
    classes: int | None = None  # how many classes a set that offers several makes ("blobs": 3-5)
    points: tuple[tuple[float, float, int], ...] = ()  # for "drawn": the student's (x1, x2, class), core.nn.drawn


@dataclass(frozen=True)
class Training:
    """Settings that may change mid-run without losing the weights."""

    optimizer: str = "sgd"
    lr: float = 0.03
    batch_size: int = 10
    regularization: str | None = None  # None, "l1" or "l2"
    reg_rate: float = 0.0
    hyper: tuple[tuple[str, float], ...] = ()  # optimizer hyper-parameters other than lr


@dataclass
class Snapshot:
    epoch: int
    params: list[np.ndarray]
    optimizer: Optimizer
    rng_state: dict


@dataclass
class Data:
    """The raw points (for plotting), their feature matrices (for the network) and the task."""

    task: str  # "classification" or "regression"
    raw: Split
    inputs: Split
    n_inputs: int  # 2 for points on the plane, 1 for function fitting
    n_classes: int = 0  # 2 for two classes, K for more, 0 for regression
    class_names: tuple[str, ...] = ()  # an upload's own names of class 0, 1, ... (the file's words)


def make_data(setup: Setup, csv: CsvData | None = None) -> Data:
    if setup.dataset == "drawn":  # on the playground's own plane, not standardised: drawn there
        X, y, n_classes = drawn_arrays(setup.points)
        task, class_names = "classification", ()
    elif setup.dataset == "csv":
        if csv is None:
            raise ValueError("a CSV setup needs the uploaded data")
        X, y, task = csv.inputs, csv.y, csv.task  # standardised: see core.nn.csv_data
        n_classes, class_names = csv.n_classes, tuple(csv.classes or ())
    else:
        X, y = make_dataset(setup.dataset, setup.n_points, setup.noise, setup.data_seed, classes=setup.classes)
        task = dataset_info(setup.dataset).task
        n_classes = (setup.classes or dataset_info(setup.dataset).n_classes) if task == "classification" else 0
        class_names = ()
    raw = train_test_split(X, y, setup.train_ratio, seed=setup.data_seed)
    features = list(setup.features)
    inputs = Split(
        make_features(raw.X_train, features), raw.y_train, make_features(raw.X_test, features), raw.y_test
    )
    return Data(task=task, raw=raw, inputs=inputs, n_inputs=X.shape[1], n_classes=n_classes,
                class_names=class_names)


@dataclass
class History:
    """Per-epoch measurements, index = epoch (0 is the untrained network)."""

    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    test_accuracy: list[float] = field(default_factory=list)

    def truncate(self, epoch: int) -> None:
        for values in (self.train_loss, self.test_loss, self.train_accuracy, self.test_accuracy):
            del values[epoch + 1 :]


class Run:
    """One network trained on one data set; `train` advances it, `rewind` goes back."""

    def __init__(self, setup: Setup, training: Training, csv: CsvData | None = None):
        self.setup = setup
        self.data = make_data(setup, csv)
        # Two classes end in a sigmoid, with cross-entropy or the lecture's MSE on it; more
        # classes in a softmax of one unit per class, with cross-entropy or MSE on one-hot.
        multiclass = self.data.n_classes > 2
        output = "softmax" if multiclass else "sigmoid" if self.data.task == "classification" else "linear"
        sizes = [len(setup.features), *setup.hidden, self.data.n_classes if multiclass else 1]
        if multiclass:
            self.loss_name = "mse" if setup.loss == "mse" else "cross_entropy"
        else:
            self.loss_name = "bce" if setup.loss == "cross_entropy" else setup.loss
        self.net = MLP(sizes, activation=setup.activation, output=output, seed=setup.init_seed)
        self.training = training
        self.optimizer = _optimizer(training)
        self.rng = np.random.default_rng(setup.init_seed + 7919)  # mini-batch order
        self.epoch = 0
        self.history = History()
        self.diverged_at: int | None = None  # the epoch whose update produced NaN or inf
        self.snapshots: list[Snapshot] = []
        self._stride = 1
        self._measure()
        self._snapshot()

    # ----------------------------------------------------------------------------- training

    def set_training(self, training: Training) -> None:
        """New optimizer settings from the current weights. The optimizer's state (momentum,
        running averages) is kept when only the learning rate changes, and starts fresh for
        a different optimizer or different hyper-parameters."""
        same_rule = (training.optimizer, training.hyper) == (self.training.optimizer, self.training.hyper)
        if same_rule:
            self.optimizer.lr = training.lr
        else:
            self.optimizer = _optimizer(training)
        self.training = training

    def train(self, epochs: int, max_seconds: float | None = None, should_stop: Callable[[], bool] | None = None) -> int:
        """Train up to `epochs` more epochs (fewer if `max_seconds` runs out, `should_stop()`
        turns true between two epochs, or the loss diverges). Returns how many epochs were
        trained."""
        if self.diverged_at is not None:
            return 0
        start = time.perf_counter()
        done = 0
        X, y = self.data.inputs.X_train, self.data.inputs.y_train
        batch = max(1, min(int(self.training.batch_size), len(X)))
        while done < epochs:
            backup = [p.copy() for p in self.net.params]
            order = self.rng.permutation(len(X))
            with np.errstate(all="ignore"):
                for begin in range(0, len(X), batch):
                    rows = order[begin : begin + batch]
                    _, grads = self.net.loss_and_grads(
                        X[rows], y[rows], loss=self.loss_name,
                        regularization=self.training.regularization, reg_rate=self.training.reg_rate,
                    )
                    self.optimizer.step(self.net.params, grads)
            if not self.net.is_finite():
                # Keep the last finite state on screen; the page explains what happened.
                self.net.set_params(backup)
                self.diverged_at = self.epoch + 1
                break
            self.epoch += 1
            done += 1
            self._measure()
            if self.epoch % self._stride == 0:
                self._snapshot()
            if max_seconds is not None and time.perf_counter() - start > max_seconds:
                break
            if should_stop is not None and should_stop():
                break
        if self.snapshots[-1].epoch != self.epoch:
            self._snapshot()  # the newest state is always recorded
        return done

    def fork(self) -> "Run":
        """An independent copy that trains exactly as this run would from here on (weights,
        optimizer state, mini-batch order); the data and the recorded snapshots, which
        nothing changes in place, are shared."""
        twin = object.__new__(Run)
        twin.__dict__.update(self.__dict__)
        twin.net = self.net.copy()
        twin.optimizer = self.optimizer.copy()
        twin.rng = np.random.default_rng()
        twin.rng.bit_generator.state = self.rng.bit_generator.state
        twin.history = History(*(list(values) for values in (
            self.history.train_loss, self.history.test_loss, self.history.train_accuracy, self.history.test_accuracy)))
        twin.snapshots = list(self.snapshots)
        return twin

    def rewind(self, epoch: int) -> None:
        """Go back to the recorded snapshot at or before `epoch`; later history is dropped."""
        kept = [s for s in self.snapshots if s.epoch <= epoch]
        target = kept[-1]
        self.snapshots = kept
        self.net.set_params(target.params)
        self.optimizer = target.optimizer.copy()
        self.optimizer.lr = self.training.lr
        self.rng.bit_generator.state = target.rng_state
        self.epoch = target.epoch
        self.history.truncate(target.epoch)
        self.diverged_at = None

    def start_from(self, params, epoch: int = 0) -> None:
        """Make a fresh run go on from weights trained elsewhere (a shared link, a file): the
        network holds `params` at `epoch`, with a fresh optimizer. The epochs before it were
        not seen here: their losses are NaN (the loss lines start at `epoch`) and there is no
        snapshot to go back to before it."""
        if self.epoch != 0 or len(self.snapshots) != 1:
            raise ValueError("only a fresh run can start from given weights")
        if epoch < 0:
            raise ValueError(f"epoch must be at least 0, got {epoch}")
        self.net.set_params(params)
        if not self.net.is_finite():
            raise ValueError("the given weights hold inf or NaN")
        self.epoch = int(epoch)
        unknown = [float("nan")] * self.epoch
        self.history = History(list(unknown), list(unknown),
                               *((list(unknown), list(unknown)) if self.is_classification else ([], [])))
        self.snapshots = []
        self._measure()
        self._snapshot()

    def edit(self, kind: str, index: int, value: float) -> None:
        """Set one weight or bias by hand at the current epoch (the student clicked it on the
        diagram). `index` counts the weights (or biases) of all layers in order, each matrix
        row-major (W[i, j]: from neuron i to neuron j). This epoch's snapshot and losses become
        the edited network's, and training goes on from it with the optimizer's state as it was."""
        value = float(value)
        if not np.isfinite(value):
            raise ValueError("a weight must be a finite number")
        array, position = self._parameter(kind, index)
        array.flat[position] = value
        self.diverged_at = None
        newest = self.snapshots[-1]
        if newest.epoch == self.epoch:  # the newest state is always recorded: it is this one
            self.snapshots[-1] = Snapshot(self.epoch, [p.copy() for p in self.net.params], newest.optimizer,
                                          newest.rng_state)
        else:
            self._snapshot()
        self.history.truncate(self.epoch - 1)
        self._measure()

    def parameter(self, kind: str, index: int) -> float:
        """The weight or bias number `index`, counted as `edit` counts them."""
        array, position = self._parameter(kind, index)
        return float(array.flat[position])

    def _parameter(self, kind: str, index: int) -> tuple[np.ndarray, int]:
        if kind not in ("weight", "bias"):
            raise ValueError(f"kind is 'weight' or 'bias', not {kind!r}")
        arrays = self.net.weights if kind == "weight" else self.net.biases
        sizes = np.cumsum([0, *(a.size for a in arrays)])
        if not 0 <= index < sizes[-1]:
            raise ValueError(f"there are {sizes[-1]} {kind}s, no number {index}")
        layer = int(np.searchsorted(sizes, index, side="right")) - 1
        return arrays[layer], int(index - sizes[layer])

    # ----------------------------------------------------------------------------- looking

    @property
    def snapshot_stride(self) -> int:
        """Epochs between two recorded snapshots (1 until `MAX_SNAPSHOTS`, then doubling)."""
        return self._stride

    def net_at(self, snapshot: Snapshot) -> MLP:
        net = self.net.copy()
        net.set_params(snapshot.params)
        return net

    @property
    def is_classification(self) -> bool:
        return self.data.task == "classification"

    def _measure(self) -> None:
        inputs = self.data.inputs
        with np.errstate(all="ignore"):
            self.history.train_loss.append(float(self.net.loss(inputs.X_train, inputs.y_train, loss=self.loss_name)))
            self.history.test_loss.append(float(self.net.loss(inputs.X_test, inputs.y_test, loss=self.loss_name)))
            if self.is_classification:
                self.history.train_accuracy.append(_accuracy(self.net, inputs.X_train, inputs.y_train))
                self.history.test_accuracy.append(_accuracy(self.net, inputs.X_test, inputs.y_test))

    def confusion(self, split: str = "test", epoch: int | None = None) -> np.ndarray:
        """The confusion matrix of the current network (or of the snapshot kept at or before
        `epoch`: the one on screen) on the "train" or "test" points: (k, k) counts, rows = true
        class, columns = predicted class."""
        if not self.is_classification:
            raise ValueError("a confusion matrix needs classes; this run fits numbers")
        if split not in ("train", "test"):
            raise ValueError(f"split is 'train' or 'test', not {split!r}")
        inputs = self.data.inputs
        X, y = (inputs.X_train, inputs.y_train) if split == "train" else (inputs.X_test, inputs.y_test)
        net = self.net
        if epoch is not None and epoch != self.epoch:
            net = self.net_at(([s for s in self.snapshots if s.epoch <= epoch] or self.snapshots[:1])[-1])
        with np.errstate(all="ignore"):
            predicted = net.classify(X)
        return confusion_matrix(y, predicted, max(self.data.n_classes, 2))

    def _snapshot(self) -> None:
        self.snapshots.append(
            Snapshot(self.epoch, [p.copy() for p in self.net.params], self.optimizer.copy(), self.rng.bit_generator.state)
        )
        if len(self.snapshots) > MAX_SNAPSHOTS:
            # Thin the past evenly and keep recording at the new stride.
            self._stride *= 2
            newest = self.snapshots[-1]
            self.snapshots = [s for s in self.snapshots[:-1] if s.epoch % self._stride == 0] + [newest]


def _optimizer(training: Training) -> Optimizer:
    return make_optimizer(training.optimizer, lr=training.lr, **dict(training.hyper))


def _accuracy(net: MLP, X: np.ndarray, y: np.ndarray) -> float:
    """The share of points classified right (for softmax `classify` is the argmax class)."""
    if len(X) == 0:
        return float("nan")
    return float(np.mean(net.classify(X).ravel() == np.asarray(y).ravel()))


def confusion_matrix(labels, predicted, k: int) -> np.ndarray:
    """(k, k) int64 counts: entry [i, j] is how many points of true class i were predicted as
    class j (rows = true class, so a row sums to that class's size and the diagonal holds the
    right answers). Labels may be ints or whole floats (0.0/1.0 of the two-class sets)."""
    labels = np.asarray(labels).ravel()
    predicted = np.asarray(predicted).ravel()
    if labels.shape != predicted.shape:
        raise ValueError(f"{labels.size} labels but {predicted.size} predictions")
    k = int(k)
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    true_class, guess = labels.astype(np.int64), predicted.astype(np.int64)
    for name, values, original in (("label", true_class, labels), ("prediction", guess, predicted)):
        if values.size and (values.min() < 0 or values.max() >= k or np.any(values != original)):
            raise ValueError(f"every {name} must be a class 0..{k - 1}")
    return np.bincount(true_class * k + guess, minlength=k * k).reshape(k, k)
