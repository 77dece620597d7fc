"""Data sets with three or more classes: "spiral3" and "blobs" (K = 3..5)."""

import numpy as np
import pytest

from core.nn import MLP, make_dataset, make_features, make_optimizer
from core.nn.datasets import (
    BLOB_RADIUS,
    CLASSIFICATION_DATASETS,
    DATASETS,
    MULTICLASS_DATASETS,
    dataset_info,
    make_blobs,
    make_spiral3,
)

CASES = [("spiral3", None, 3), ("blobs", None, 3), ("blobs", 3, 3), ("blobs", 4, 4), ("blobs", 5, 5)]


def test_registry_keeps_the_two_class_lists_as_they_were():
    assert set(MULTICLASS_DATASETS) == {"spiral3", "blobs"}
    assert not set(MULTICLASS_DATASETS) & set(DATASETS)
    assert "spiral3" not in CLASSIFICATION_DATASETS
    assert dataset_info("blobs").classes == (3, 4, 5) and dataset_info("blobs").n_classes == 3
    assert dataset_info("spiral3").is_multiclass and not dataset_info("spiral").is_multiclass
    assert dataset_info("spiral").n_classes == 2 and dataset_info("plane").n_classes == 0
    with pytest.raises(ValueError, match="spiral3"):
        dataset_info("nope")


@pytest.mark.parametrize("name,classes,k", CASES)
@pytest.mark.parametrize("noise", [0.0, 0.25, 0.5])
def test_shapes_labels_balance_range_and_determinism(name, classes, k, noise):
    X, y = make_dataset(name, 301, noise=noise, seed=4, classes=classes)
    assert X.shape == (301, 2) and X.dtype == np.float64
    assert y.shape == (301,) and y.dtype == np.int64
    counts = np.bincount(y)
    assert len(counts) == k and counts.max() - counts.min() <= 1 and counts.sum() == 301
    assert np.abs(X).max() < 9.5  # the same box as the two-class sets
    X2, y2 = make_dataset(name, 301, noise=noise, seed=4, classes=classes)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make_dataset(name, 301, noise=noise, seed=5, classes=classes)[0])
    assert len(set(y[:30])) > 1  # shuffled, not sorted by class


def test_spiral_arms_are_the_same_arm_turned_by_120_degrees():
    X, y = make_spiral3(300, 0.0, seed=0)

    def arm(c, turn):
        points = X[y == c]
        points = points[np.argsort(np.hypot(points[:, 0], points[:, 1]))]  # along the arm
        r, angle = np.hypot(points[:, 0], points[:, 1]), np.arctan2(points[:, 0], points[:, 1]) - turn
        return np.column_stack([r * np.sin(angle), r * np.cos(angle)])

    np.testing.assert_allclose(arm(1, 2 * np.pi / 3), arm(0, 0.0), atol=1e-9)
    np.testing.assert_allclose(arm(2, 4 * np.pi / 3), arm(0, 0.0), atol=1e-9)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_blobs_sit_on_a_circle_and_the_nearest_centre_names_the_class(k):
    X, y = make_blobs(1000, 0.0, seed=0, classes=k)
    centres = np.array([X[y == c].mean(axis=0) for c in range(k)])
    np.testing.assert_allclose(np.hypot(*centres.T), BLOB_RADIUS, atol=0.2)
    nearest = np.argmin(((X[:, None, :] - centres) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == y) > 0.97
    # full noise makes the blobs overlap: the same rule gets clearly worse
    Xn, yn = make_blobs(1000, 0.5, seed=0, classes=k)
    nearest = np.argmin(((Xn[:, None, :] - centres) ** 2).sum(axis=2), axis=1)
    assert np.mean(nearest == yn) < 0.97


@pytest.mark.parametrize(
    "name,classes",
    [("blobs", 2), ("blobs", 6), ("blobs", 3.0), ("blobs", True), ("spiral3", 4), ("spiral", 3), ("plane", 2)],
)
def test_impossible_class_counts_are_refused(name, classes):
    with pytest.raises(ValueError, match="cannot make"):
        make_dataset(name, 100, classes=classes)


def test_two_class_sets_accept_two_and_keep_float_labels():
    X, y = make_dataset("spiral", 50, classes=2)
    np.testing.assert_array_equal(y, make_dataset("spiral", 50)[1])
    assert y.dtype == np.float64


def test_fewer_points_than_classes_is_refused():
    with pytest.raises(ValueError, match="at least 5 points"):
        make_dataset("blobs", 4, classes=5)
    assert np.bincount(make_dataset("blobs", 5, classes=5)[1]).tolist() == [1] * 5


def test_three_spirals_are_learned_by_a_softmax_network():
    X, y = make_dataset("spiral3", 300, 0.0, seed=0)
    F = make_features(X, ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"])
    net = MLP([7, 12, 12, 3], activation="tanh", output="softmax", seed=0)  # 0.993 measured
    opt = make_optimizer("adam", lr=0.03)
    rng = np.random.default_rng(0)
    for _ in range(300):
        order = rng.permutation(len(F))
        for start in range(0, len(F), 30):
            rows = order[start:start + 30]
            _, grads = net.loss_and_grads(F[rows], y[rows], loss="cross_entropy")
            opt.step(net.params, grads)
    assert np.mean(net.classify(F) == y) > 0.95




# ----------------------------------------------------------------------- CSV with K classes

from core.errors import UserInputError  # noqa: E402
from core.nn.csv_data import MAX_CSV_CLASSES, load_csv  # noqa: E402


def species_csv(labels, header="sepal,petal,species"):
    rng = np.random.default_rng(0)
    rows = [f"{rng.normal(5, 1):.3f},{rng.normal(3, 1):.3f},{label}" for label in labels]
    return header + "\n" + "\n".join(rows) + "\n"


def test_csv_text_labels_of_three_classes_keep_their_names():
    labels = ["setosa", "virginica", "versicolor", "setosa", "virginica", "versicolor", "setosa"]
    data = load_csv(species_csv(labels))
    assert data.task == "classification" and data.columns == ("sepal", "petal", "species")
    assert data.classes == ("setosa", "versicolor", "virginica") and data.n_classes == 3
    assert data.y.dtype == np.int64
    np.testing.assert_array_equal(data.y, [0, 2, 1, 0, 2, 1, 0])
    assert [data.classes[c] for c in data.y] == labels  # the names a legend shows


def test_csv_number_labels_are_ordered_as_numbers():
    data = load_csv(species_csv([10, 2, 3, 2, 10, "3.0", 2]))
    assert data.classes == ("2", "3", "10")
    np.testing.assert_array_equal(data.y, [2, 0, 1, 0, 2, 1, 0])


@pytest.mark.parametrize("k", [3, 4, 5])
def test_csv_up_to_five_classes(k):
    labels = [f"c{i % k}" for i in range(4 * k)]
    data = load_csv(species_csv(labels))
    assert data.n_classes == k and set(data.y.tolist()) == set(range(k))


def test_csv_two_classes_stay_todays_binary():
    data = load_csv(species_csv(["b", "a", "b", "a"]))
    assert data.classes == ("a", "b") and data.y.dtype == np.float64
    np.testing.assert_array_equal(data.y, [1.0, 0.0, 1.0, 0.0])


def test_csv_class_limit_and_a_binary_only_caller():
    too_many = species_csv([f"c{i}" for i in range(MAX_CSV_CLASSES + 1)])
    with pytest.raises(UserInputError) as caught:
        load_csv(too_many)
    assert caught.value.key == "error.csv_class_limit" and "6 different values" in str(caught.value)
    with pytest.raises(UserInputError) as caught:
        load_csv(species_csv(["a", "b", "c", "a"]), max_classes=2)
    assert caught.value.key == "error.csv_too_many_classes"


def test_csv_label_text_is_kept_as_data():
    labels = ["<script>alert(1)</script>", "😀", "a,b", "<script>alert(1)</script>"]
    text = "x1,x2,label\n" + "\n".join(f"{i},{i * i % 5},\"{label}\"" for i, label in enumerate(labels)) + "\n"
    data = load_csv(text)
    assert data.classes == tuple(sorted(set(labels))) and data.n_classes == 3


def test_table_data_keeps_the_binary_check_for_todays_page_unless_asked():
    from core.nn.csv_data import guess_columns, read_table, table_data

    table = read_table(species_csv(["a", "b", "c", "a"]))
    with pytest.raises(UserInputError) as caught:
        table_data(table, *guess_columns(table))
    assert caught.value.key == "error.csv_too_many_classes"
    assert table_data(table, *guess_columns(table), max_classes=MAX_CSV_CLASSES).n_classes == 3
