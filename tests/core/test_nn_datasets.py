"""Toy data sets, feature maps, the split, and the CSV loader's validation."""

import csv
import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import UserInputError
from core.nn import (
    CLASSIFICATION_DATASETS,
    DATASETS,
    FEATURES,
    FUNCTIONS_1D,
    MAX_CSV_ROWS,
    REGRESSION_DATASETS,
    load_csv,
    make_circle,
    make_dataset,
    make_features,
    make_spiral,
    train_test_split,
)


def test_registry():
    assert CLASSIFICATION_DATASETS == ("circle", "xor", "gaussians", "spiral", "moons")
    assert set(REGRESSION_DATASETS) == {"plane", "multi_gaussian", "sine", "step", "abs", "poly"}
    assert set(FUNCTIONS_1D) == {"sine", "step", "abs", "poly"}


@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("noise", [0.0, 0.25, 0.5])
def test_shapes_types_and_determinism(name, noise):
    info = DATASETS[name]
    X, y = make_dataset(name, 101, noise=noise, seed=7)
    assert X.shape == (101, info.n_inputs) and y.shape == (101,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(y))
    X2, y2 = make_dataset(name, 101, noise=noise, seed=7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make_dataset(name, 101, noise=noise, seed=8)
    assert not np.array_equal(X, X3)
    if info.task == "classification":
        assert set(np.unique(y)) <= {0.0, 1.0}
    if info.n_inputs == 2:
        assert np.abs(X).max() < 9  # about the playground's [-6, 6] box


@pytest.mark.parametrize("name", ["circle", "gaussians", "spiral", "moons"])
def test_two_class_sets_are_balanced(name):
    _, y = make_dataset(name, 301, noise=0.0, seed=1)
    assert y.sum() == 151  # the odd point goes to class 1


def test_xor_is_roughly_balanced():
    _, y = make_dataset("xor", 1000, seed=0)
    assert 0.45 < y.mean() < 0.55


def test_data_is_shuffled():
    _, y = make_dataset("spiral", 200, seed=0)
    assert 0 < y[:100].sum() < 100


def test_clean_structure_at_zero_noise():
    X, y = make_circle(500, 0.0, seed=2)
    np.testing.assert_array_equal(y, (np.hypot(X[:, 0], X[:, 1]) < 2.5).astype(float))
    assert np.all(np.abs(np.hypot(X[:, 0], X[:, 1]) - 3.0) > 0.49)  # the empty ring

    X, y = make_dataset("xor", 500, 0.0, seed=2)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] >= 0).astype(float))
    assert np.abs(X).min() >= 0.3  # padding off the axes

    X, y = make_dataset("gaussians", 500, 0.0, seed=2)
    assert np.mean((X.sum(axis=1) > 0) == (y == 1)) > 0.99

    X, y = make_spiral(500, 0.0, seed=2)
    r, angle = np.hypot(X[:, 0], X[:, 1]), np.arctan2(X[:, 0], X[:, 1])
    # on the spiral t = 1.75 * 2π * r / 5 (+ π for class 0): sin/cos of t match the point's
    t = 1.75 * 2 * np.pi * r / 5 + np.where(y == 1, 0.0, np.pi)
    far = r > 1e-9
    np.testing.assert_allclose(np.sin(angle[far]), np.sin(t[far]), atol=1e-9)
    np.testing.assert_allclose(np.cos(angle[far]), np.cos(t[far]), atol=1e-9)

    X, y = make_dataset("moons", 400, 0.0, seed=2)
    unscaled = X / 2.5 + [0.5, 0.25]
    centre = np.where(y[:, None] == 0, [0.0, 0.0], [1.0, 0.5])
    np.testing.assert_allclose(np.hypot(*(unscaled - centre).T), 1.0, atol=1e-12)

    X, y = make_dataset("plane", 300, 0.0, seed=2)
    np.testing.assert_allclose(y, X.sum(axis=1) / 10)

    X, y = make_dataset("multi_gaussian", 300, 0.0, seed=2)
    assert np.all(np.abs(y) <= 1) and y.max() > 0.5 and y.min() < -0.5

    for name, (f, half_range, latex) in FUNCTIONS_1D.items():
        X, y = make_dataset(name, 200, 0.0, seed=2)
        np.testing.assert_allclose(y, f(X[:, 0]))
        assert np.abs(X).max() <= 3.0
        assert (y.max() - y.min()) / 2 <= half_range + 1e-9
        assert latex.startswith("y =")


def test_noise_moves_points_across_the_rule():
    flips = []
    for noise in (0.0, 0.2, 0.5):
        X, y = make_circle(1000, noise, seed=0)
        flips.append(np.mean(y != (np.hypot(X[:, 0], X[:, 1]) < 2.5)))
    assert flips[0] == 0 and 0 < flips[1] < flips[2] < 0.5

    clean = make_dataset("sine", 500, 0.0, seed=0)[1]
    noisy = make_dataset("sine", 500, 0.3, seed=0)[1]
    assert 0.2 < np.std(noisy - clean) < 0.4  # noise × half-range 1


@pytest.mark.parametrize(
    "kwargs",
    [dict(name="nope"), dict(name="xor", noise=0.6), dict(name="xor", noise=-0.1), dict(name="xor", n_points=1)],
)
def test_bad_generator_arguments(kwargs):
    with pytest.raises(ValueError):
        make_dataset(**kwargs)


# ----------------------------------------------------------------------- split and features


@pytest.mark.parametrize("ratio, n_train", [(0.5, 50), (0.1, 10), (0.9, 90), (0.001, 1), (0.999, 99)])
def test_split_sizes_and_partition(ratio, n_train):
    X, y = make_dataset("circle", 100, seed=0)
    s = train_test_split(X, y, ratio, seed=3)
    assert len(s.X_train) == len(s.y_train) == n_train
    assert len(s.X_test) == len(s.y_test) == 100 - n_train
    rows = np.vstack([np.column_stack([s.X_train, s.y_train]), np.column_stack([s.X_test, s.y_test])])
    whole = np.column_stack([X, y])
    np.testing.assert_array_equal(rows[np.lexsort(rows.T)], whole[np.lexsort(whole.T)])
    again = train_test_split(X, y, ratio, seed=3)
    np.testing.assert_array_equal(s.X_test, again.X_test)


def test_split_rejects_bad_input():
    X, y = make_dataset("circle", 10)
    with pytest.raises(ValueError):
        train_test_split(X, y, 1.0)
    with pytest.raises(ValueError):
        train_test_split(X, y[:5])


def test_features():
    assert list(FEATURES) == ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2"]
    X = np.array([[1.0, 2.0], [-0.5, 3.0]])
    F = make_features(X, list(FEATURES))
    expected = np.array([[a, b, a * a, b * b, a * b, np.sin(a), np.sin(b)] for a, b in X])
    np.testing.assert_allclose(F, expected)
    np.testing.assert_array_equal(make_features(X, ["x1*x2", "x1"]), np.column_stack([X[:, 0] * X[:, 1], X[:, 0]]))
    one_d = np.array([[0.5], [1.0]])
    np.testing.assert_allclose(make_features(one_d, ["x1", "x1^2", "sin x1"]),
                               [[0.5, 0.25, np.sin(0.5)], [1.0, 1.0, np.sin(1.0)]])
    with pytest.raises(ValueError):
        make_features(one_d, ["x2"])
    with pytest.raises(ValueError):
        make_features(X, ["cos x1"])
    with pytest.raises(ValueError):
        make_features(X, [])


# ----------------------------------------------------------------------- CSV


def csv_text(rows, header="x1,x2,label"):
    lines = [header] if header else []
    lines += [",".join(str(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"


GOOD_ROWS = [(0.1, 0.2, 0), (1.5, -2, 1), (-3, 4.25, 1), (2, 2, 0), (0, 0, 1)]


def test_csv_classification_with_header():
    data = load_csv(csv_text(GOOD_ROWS))
    assert data.task == "classification" and data.columns == ("x1", "x2", "label")
    np.testing.assert_array_equal(data.X, [[r[0], r[1]] for r in GOOD_ROWS])
    np.testing.assert_array_equal(data.y, [0, 1, 1, 0, 1])
    assert data.X.dtype == data.y.dtype == np.float64
    assert data.classes == ("0", "1")


@pytest.mark.parametrize(
    "labels, expected_y, classes",
    [
        ((-1, 1, 1, -1, 1), [0, 1, 1, 0, 1], ("-1", "1")),
        ((1.0, 2, 2, 1, "2.0"), [0, 1, 1, 0, 1], ("1", "2")),
        (("dog", "cat", "cat", "dog", "cat"), [1, 0, 0, 1, 0], ("cat", "dog")),
    ],
)
def test_csv_two_label_values_map_to_0_1(labels, expected_y, classes):
    rows = [(r[0], r[1], lab) for r, lab in zip(GOOD_ROWS, labels)]
    data = load_csv(csv_text(rows))
    np.testing.assert_array_equal(data.y, expected_y)
    assert data.classes == classes


def test_csv_variants_are_accepted():
    base = load_csv(csv_text(GOOD_ROWS))
    variants = [
        csv_text(GOOD_ROWS, header=None),  # no header: 3 columns
        csv_text(GOOD_ROWS, header="x,y,label"),
        csv_text(GOOD_ROWS, header=" X1 , X2 , Class "),
        csv_text(GOOD_ROWS).replace(",", ";"),
        csv_text(GOOD_ROWS).replace(",", "\t"),
        csv_text(GOOD_ROWS).replace("\n", "\r\n"),
        csv_text(GOOD_ROWS).replace("\n", "\n\n"),  # blank lines
        "\ufeff".encode() + csv_text(GOOD_ROWS).encode(),  # BOM, bytes
        bytearray(csv_text(GOOD_ROWS).encode()),
        io.BytesIO(csv_text(GOOD_ROWS).encode()),  # an uploaded file object
    ]
    for v in variants:
        data = load_csv(v)
        np.testing.assert_array_equal(data.X, base.X)
        np.testing.assert_array_equal(data.y, base.y)
    reordered = "label,x2,x1\n" + "".join(f"{r[2]},{r[1]},{r[0]}\n" for r in GOOD_ROWS)
    data = load_csv(reordered)
    np.testing.assert_array_equal(data.X, base.X)
    assert data.columns == ("x1", "x2", "label")


def test_csv_regression():
    rows = [(-1, 0.5), (0, 0.25), (1, -2), (2.5, 3)]
    for text in (csv_text(rows, header="x,y"), csv_text(rows, header=None), csv_text(rows, header="y,x").replace("y,x", "x,y")):
        data = load_csv(text)
        assert data.task == "regression" and data.classes is None
        assert data.X.shape == (4, 1)
        np.testing.assert_array_equal(data.X[:, 0], [-1, 0, 1, 2.5])
        np.testing.assert_array_equal(data.y, [0.5, 0.25, -2, 3])
    swapped = load_csv("y,x\n" + "".join(f"{b},{a}\n" for a, b in rows))
    np.testing.assert_array_equal(swapped.X[:, 0], [-1, 0, 1, 2.5])


def test_csv_row_limits():
    assert len(load_csv(csv_text(GOOD_ROWS[:4])).y) == 4
    many = [(i % 7, i % 5, i % 2) for i in range(MAX_CSV_ROWS)]
    assert len(load_csv(csv_text(many)).y) == MAX_CSV_ROWS


BIG = "x1,x2,label\n" + "1.0,2.0,1\n0.0,0.0,0\n" * 300_000  # ~6 MB


@pytest.mark.parametrize(
    "content, key",
    [
        ("", "error.csv_empty"),
        ("\n\n  \n", "error.csv_empty"),
        ("x1,x2,label\n", "error.csv_too_few_rows"),
        (csv_text(GOOD_ROWS[:3]), "error.csv_too_few_rows"),
        (csv_text([(i, i, i % 2) for i in range(MAX_CSV_ROWS + 1)]), "error.csv_too_many_rows"),
        (BIG, "error.csv_too_large"),
        (BIG.encode(), "error.csv_too_large"),
        ("x1,x2,label\n1,2,0\n".encode("utf-16"), "error.csv_encoding"),
        (b"x1,x2,label\n1,2,\xff\n3,4,1\n5,6,0\n7,8,1\n", "error.csv_encoding"),
        (csv_text(GOOD_ROWS, header="x1,x1,label"), "error.csv_columns"),
        (csv_text(GOOD_ROWS, header="x1,,label"), "error.csv_columns"),
        (csv_text(GOOD_ROWS, header="only"), "error.csv_columns"),
        (csv_text([(1, 2, 3, 4)] * 5, header=None), "error.csv_column_count"),
        (csv_text([(1,)] * 5, header=None), "error.csv_column_count"),
        (csv_text(GOOD_ROWS) + "1,2\n", "error.csv_row_length"),
        (csv_text(GOOD_ROWS) + "1,2,0,5\n", "error.csv_row_length"),
        (csv_text(GOOD_ROWS) + "1,abc,0\n", "error.csv_not_numeric"),
        (csv_text(GOOD_ROWS) + "1,__import__('os'),0\n", "error.csv_not_numeric"),
        (csv_text(GOOD_ROWS) + "1,\"1,5\",0\n", "error.csv_not_numeric"),
        (csv_text(GOOD_ROWS) + "1,,0\n", "error.csv_empty_cell"),
        (csv_text(GOOD_ROWS) + "1,2,\n", "error.csv_empty_cell"),
        (csv_text(GOOD_ROWS) + "1,nan,0\n", "error.csv_not_finite"),
        (csv_text(GOOD_ROWS) + "inf,1,0\n", "error.csv_not_finite"),
        (csv_text(GOOD_ROWS) + "1,1e999,0\n", "error.csv_not_finite"),
        (csv_text(GOOD_ROWS) + "1,1,nan\n", "error.csv_not_finite"),
        (csv_text(GOOD_ROWS) + "1,1e300,0\n", "error.csv_value_too_large"),  # standardising overflowed
        (csv_text(GOOD_ROWS) + "-2e15,1,0\n", "error.csv_value_too_large"),
        (csv_text([(7, r[1], r[2]) for r in GOOD_ROWS]), "error.csv_constant_column"),
        (csv_text([(r[0], r[1], 1) for r in GOOD_ROWS]), "error.csv_one_class"),
        (csv_text(GOOD_ROWS) + "1,1,2\n1,2,3\n1,3,4\n1,4,5\n", "error.csv_class_limit"),  # six classes
        (csv_text(GOOD_ROWS) + "1,1,cat\n1,2,a\n1,3,b\n1,4,c\n", "error.csv_class_limit"),
        (csv_text([(1, 2)] * 3 + [(1, "x")], header="x,y"), "error.csv_not_numeric"),
        ("x1,x2,label\n1,2,0\n\"3,4,1\n5,6,0\n7,8,1\n", "error.csv_row_length"),
        (csv_text(GOOD_ROWS) + "3,\x004,1\n", "error.csv_not_numeric"),  # a NUL byte
        ("x1,x2,label\n" + "1" * 200_000 + ",2,0\n", "error.csv_malformed"),  # field too long
    ],
    ids=lambda v: v if isinstance(v, str) and v.startswith("error.") else "",
)
def test_csv_rejects_bad_input_with_the_right_key(content, key):
    with pytest.raises(UserInputError) as caught:
        load_csv(content)
    assert caught.value.key == key
    assert str(caught.value)  # the English message formats with its parameters


def test_csv_error_names_the_row_and_trims_the_value():
    text = csv_text(GOOD_ROWS) + "1," + "z" * 500 + ",0\n"
    with pytest.raises(UserInputError) as caught:
        load_csv(text)
    err = caught.value
    assert err.params["row"] == len(GOOD_ROWS) + 2  # line number in the file, header = 1
    assert err.params["column"] == "x2"
    assert len(err.params["value"]) <= 30


def test_csv_size_message():
    with pytest.raises(UserInputError) as caught:
        load_csv(BIG)
    assert caught.value.params["max_mb"] == 5
    assert float(caught.value.params["size_mb"]) > 5


def test_csv_rejects_non_text_objects():
    with pytest.raises(TypeError):
        load_csv(12345)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.text(alphabet=st.sampled_from(list("0123456789.,-;e\n\r\t \"xylabe12n")), max_size=300))
def test_csv_loader_only_ever_raises_user_input_errors(content):
    try:
        data = load_csv(content)
    except UserInputError as err:
        assert err.key.startswith("error.csv_")
        assert isinstance(str(err), str)
    else:
        assert len(data.y) >= 4 and np.all(np.isfinite(data.X)) and np.all(np.isfinite(data.y))


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(CLASSIFICATION_DATASETS), st.integers(4, 200), st.integers(0, 10_000))
def test_csv_round_trip_of_generated_data(name, n, seed):
    X, y = make_dataset(name, n, noise=0.1, seed=seed)
    if len(np.unique(y)) < 2:
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["x1", "x2", "label"])
    writer.writerows([[repr(float(a)), repr(float(b)), int(c)] for (a, b), c in zip(X, y)])
    data = load_csv(buffer.getvalue())
    np.testing.assert_array_equal(data.X, X)
    np.testing.assert_array_equal(data.y, y)


def test_csv_any_two_number_columns_and_a_label_column():
    """Columns named anything: the first two all-number columns and a two-valued one are
    guessed; any other choice can be made by name; extra columns are left out."""
    from core.nn.csv_data import guess_columns, read_table, table_data

    rows = [(160 + i, 50 + 2 * i, "tall" if i > 4 else "short", f"id{i}") for i in range(10)]
    text = "height,weight,size,name\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)
    table = read_table(text)
    assert guess_columns(table) == (("height", "weight"), "size")
    data = load_csv(text)
    assert data.columns == ("height", "weight", "size") and data.classes == ("short", "tall")
    np.testing.assert_array_equal(data.X[:, 1], [r[1] for r in rows])
    swapped = table_data(table, ("weight", "height"), "size")
    np.testing.assert_array_equal(swapped.X[:, 0], data.X[:, 1])
    for inputs, target, key in [(("height", "name"), "size", "error.csv_not_numeric"),
                                (("height", "weight"), "name", "error.csv_too_many_classes"),
                                (("height", "height"), "size", "error.csv_choose_columns"),
                                (("height", "nope"), "size", "error.csv_choose_columns")]:
        with pytest.raises(UserInputError) as caught:
            table_data(table, inputs, target)
        assert caught.value.key == key
    assert load_csv(csv_text(GOOD_ROWS, header="a,b,c")).columns == ("a", "b", "c")
    assert load_csv(csv_text([(1, 2), (2, 3), (3, 5), (4, 4)], header="t,v")).task == "regression"


def test_csv_inputs_are_standardised_with_their_scale_kept():
    rows = [(0.0, 10.0, 0), (1.0, 30.0, 1), (2.0, 20.0, 0), (3.0, 40.0, 1)]
    data = load_csv(csv_text(rows))
    assert data.mean == pytest.approx((1.5, 25.0)) and data.std == pytest.approx((np.sqrt(1.25), np.sqrt(125)))
    np.testing.assert_allclose(data.inputs.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(data.inputs.std(axis=0), 1)
    np.testing.assert_allclose(data.inputs * data.std + data.mean, data.X)


def _height_weight(n=300, seed=0):
    """People of 140-190 cm and 40-100 kg; class 1 above a line through the cloud (BMI-like)."""
    rng = np.random.default_rng(seed)
    height = rng.uniform(140, 190, n)
    weight = rng.uniform(40, 100, n)
    label = (weight - 70 > 0.8 * (height - 165)).astype(int)
    return "height,weight,label\n" + "".join(f"{h:.1f},{w:.1f},{c}\n" for h, w, c in zip(height, weight, label))


def test_height_and_weight_in_their_own_units_train_to_a_low_loss():
    """Before standardising, 140-190 cm sat in a corner of the picture and the loss stayed at
    0.692 (chance); now the playground's defaults learn the boundary within 100 epochs."""
    from core.nn.trainer import Run, Setup, Training

    data = load_csv(_height_weight())
    assert data.mean[0] == pytest.approx(165, abs=3) and data.std[0] == pytest.approx(50 / np.sqrt(12), rel=0.1)
    run = Run(Setup(dataset="csv", csv_id="hw", hidden=(4, 2)), Training(), csv=data)
    assert np.abs(run.data.raw.X_train).max() < 2.0  # standardised: uniform data is within ±√3
    run.train(100)
    assert run.history.train_loss[-1] < 0.2 and run.history.test_loss[-1] < 0.25
    assert run.history.test_accuracy[-1] > 0.93
