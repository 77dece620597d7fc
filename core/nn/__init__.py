"""Neural-network playground logic in plain numpy: activations, an MLP with hand-written
backpropagation, losses and regularisers, PyTorch-exact optimizers, toy data sets."""

from core.nn.activations import ACTIVATIONS, Activation, get_activation, leaky_relu, sigmoid
from core.nn.datasets import (
    CLASSIFICATION_DATASETS,
    DATASETS,
    DEFAULT_FEATURES,
    FEATURES,
    FUNCTIONS_1D,
    MAX_CSV_BYTES,
    MAX_CSV_ROWS,
    MIN_CSV_ROWS,
    REGRESSION_DATASETS,
    CsvData,
    DatasetInfo,
    Split,
    load_csv,
    make_abs,
    make_circle,
    make_dataset,
    make_features,
    make_gaussians,
    make_moons,
    make_multi_gaussian,
    make_plane,
    make_poly,
    make_sine,
    make_spiral,
    make_step,
    make_xor,
    train_test_split,
)
from core.nn.losses import LOSS_FORMULAS, LOSSES, REGULARIZERS
from core.nn.mlp import INITS, MAX_HIDDEN_LAYERS, MAX_NEURONS, MLP, Backprop, ForwardTrace
from core.nn.optimizers import DEFAULT_LR, OPTIMIZERS, Optimizer, make_optimizer

__all__ = [
    "ACTIVATIONS", "Activation", "get_activation", "leaky_relu", "sigmoid",
    "MLP", "ForwardTrace", "Backprop", "INITS", "MAX_HIDDEN_LAYERS", "MAX_NEURONS",
    "LOSSES", "LOSS_FORMULAS", "REGULARIZERS",
    "make_optimizer", "OPTIMIZERS", "DEFAULT_LR", "Optimizer",
    "DATASETS", "DatasetInfo", "CLASSIFICATION_DATASETS", "REGRESSION_DATASETS", "FUNCTIONS_1D",
    "make_dataset", "make_circle", "make_xor", "make_gaussians", "make_spiral", "make_moons",
    "make_plane", "make_multi_gaussian", "make_sine", "make_step", "make_abs", "make_poly",
    "Split", "train_test_split", "FEATURES", "DEFAULT_FEATURES", "make_features",
    "CsvData", "load_csv", "MAX_CSV_BYTES", "MIN_CSV_ROWS", "MAX_CSV_ROWS",
]
