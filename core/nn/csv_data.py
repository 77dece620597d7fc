"""The playground's own data: an uploaded CSV read as data (the csv module and float(), never
executed), its columns chosen, its inputs standardised.

`read_table` checks the file (size, encoding, rows) and keeps its cells as text; `guess_columns`
picks the inputs and the target the way the file names them (x1,x2,label / x,y,label /
x,y), or else the first two all-number columns and a two-valued label column;
a label column may hold 2 to `MAX_CSV_CLASSES` classes, as numbers or text: two classes become
y = 0.0 / 1.0 (a sigmoid network, as always), three or more int64 labels 0..K−1 (softmax);
`table_data(table, inputs, target)` turns the chosen columns into a `CsvData`; `load_csv` does
all three. Anything wrong raises `core.errors.UserInputError` with an ``error.csv_*`` key.

Inputs are standardised, z = (x − mean) / std per column, before the network or the picture
sees them: heights of 140-190 cm went into tanh neurons that were saturated from the start
(the loss stayed at 0.692, chance), and data in [0, 1] was a dot in the middle of the
playground's −6…6. `CsvData.mean` and `.std` are the scale, to show beside the picture.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from core.errors import UserInputError
from core.text.decoding import delimiter

MAX_CSV_BYTES = 5 * 1024 * 1024
MIN_CSV_ROWS = 4
MAX_CSV_ROWS = 10_000
# Standardising squares the values: 1e300 overflows to inf (and took the run with it).
MAX_ABS_VALUE = 1e15
MAX_CSV_CLASSES = 5  # the playground's softmax networks colour and list at most five classes
_COORDINATE_NAMES = (("x1", "x2"), ("x", "y"))
_LABEL_NAMES = ("label", "class", "target")


@dataclass(frozen=True)
class CsvData:
    """Validated data: `task` is "classification" (X (n, 2); `classes` holds the file's label
    of class 0, 1, ...: for two classes y is 0.0/1.0, for K ≥ 3 int64 labels 0..K−1) or
    "regression" (X (n, 1), y, classes None). X holds the file's values; `inputs` the
    standardised ones the network and the picture use."""

    X: np.ndarray
    y: np.ndarray
    task: str
    columns: tuple[str, ...]  # the columns as named in the file, in the order used (inputs, then target)
    classes: tuple[str, ...] | None = None
    mean: tuple[float, ...] = ()  # per input column, in the file's units
    std: tuple[float, ...] = ()

    @property
    def inputs(self) -> np.ndarray:
        return (self.X - np.asarray(self.mean)) / np.asarray(self.std)

    @property
    def n_classes(self) -> int:
        """How many classes the label column holds (0 for regression)."""
        return len(self.classes) if self.classes else 0


@dataclass(frozen=True)
class Table:
    """A CSV's cells as text: `names` (the header, or x1,x2,label / x,y without one), one tuple
    of cells per data row, and each row's line number in the file."""

    names: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]
    has_header: bool

    def is_numeric(self, column: str) -> bool:
        j = self.names.index(column)
        return all(_is_number(row[j]) for row in self.rows)


def _shown(text: str, limit: int = 30) -> str:
    """User text trimmed for an error message (pages must still show it as plain text)."""
    text = text.replace("\n", " ").replace("\r", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _decode(data) -> str:
    if hasattr(data, "getvalue"):  # an uploaded file object
        data = data.getvalue()
    if isinstance(data, str):
        size = len(data.encode("utf-8", errors="replace"))
    elif isinstance(data, (bytes, bytearray, memoryview)):
        data = bytes(data)
        size = len(data)
    else:
        raise TypeError(f"load_csv takes text or bytes, not {type(data).__name__}")
    if size > MAX_CSV_BYTES:
        raise UserInputError("error.csv_too_large", "The file is {size_mb} MB; the limit is {max_mb} MB.",
                             size_mb=f"{size / 2**20:.1f}", max_mb=MAX_CSV_BYTES // 2**20)
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UserInputError("error.csv_encoding",
                                 "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.") from None
    return data.lstrip("\ufeff")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _columns_error(found: Sequence[str]) -> UserInputError:
    return UserInputError(
        "error.csv_columns",
        "The file needs the columns x1,x2,label (two classes) or x,y (a 1-D function); it has: {columns}.",
        columns=_shown(",".join(found), 60),
    )


def _header(cells: list[str]) -> tuple[str, ...] | None:
    """The column names of a header row, or None for a first row of numbers."""
    if cells and _is_number(cells[0]):
        if len(cells) not in (2, 3):
            raise UserInputError(
                "error.csv_column_count",
                "Each row needs 3 values (x1,x2,label) or 2 values (x,y); the first row has {count}.",
                count=len(cells),
            )
        return None
    if len(cells) < 2 or len({c.lower() for c in cells}) != len(cells) or not all(cells):
        raise _columns_error(cells)
    return tuple(cells)


def read_table(data) -> Table:
    """The file's cells, checked for size, encoding and shape (not yet for numbers)."""
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first_line))
    names: tuple[str, ...] | None = None
    has_header = False
    rows: list[tuple[str, ...]] = []
    lines: list[int] = []
    try:
        for raw in reader:
            cells = [c.strip() for c in raw]
            if not any(cells):
                continue  # blank line
            if names is None:
                header = _header(cells)
                if header is not None:
                    names, has_header = header, True
                    continue
                names = ("x1", "x2", "label") if len(cells) == 3 else ("x", "y")
            if len(cells) != len(names):
                raise UserInputError("error.csv_row_length", "Row {row} has {found} values; every row needs {expected}.",
                                     row=reader.line_num, found=len(cells), expected=len(names))
            if len(rows) >= MAX_CSV_ROWS:
                raise UserInputError("error.csv_too_many_rows",
                                     "The file has more than {maximum} data rows; use at most {maximum}.",
                                     maximum=MAX_CSV_ROWS)
            rows.append(tuple(cells))
            lines.append(reader.line_num)
    except csv.Error:
        raise UserInputError("error.csv_malformed", "Line {row} could not be read as CSV.", row=reader.line_num) from None
    if names is None:
        raise UserInputError("error.csv_empty", "The file is empty.")
    if len(rows) < MIN_CSV_ROWS:
        raise UserInputError("error.csv_too_few_rows", "The file has {rows} data rows; at least {minimum} are needed.",
                             rows=len(rows), minimum=MIN_CSV_ROWS)
    return Table(names, tuple(rows), tuple(lines), has_header)


def guess_columns(table: Table) -> tuple[tuple[str, ...], str]:
    """(input columns, target column): two inputs and a label for classification, one input
    and y for a function of one variable (a file of two columns)."""
    lower = {name.lower(): name for name in table.names}
    if len(table.names) == 2:
        if set(lower) == {"x", "y"}:
            return (lower["x"],), lower["y"]
        return (table.names[0],), table.names[1]
    label = next((lower[n] for n in _LABEL_NAMES if n in lower), None)
    for first, second in _COORDINATE_NAMES:
        if label and first in lower and second in lower and label not in (lower[first], lower[second]):
            return (lower[first], lower[second]), label
    if label is None:
        # the last column with exactly two values, else the last one (then its error says why)
        two = [name for name in table.names if len({row[table.names.index(name)] for row in table.rows}) == 2]
        label = two[-1] if two else table.names[-1]
    numeric = [name for name in table.names if name != label and table.is_numeric(name)]
    others = [name for name in table.names if name != label and name not in numeric]
    inputs = (numeric + others)[:2]  # a column of text among them gets its "not a number" error
    return tuple(inputs), label


def _number(cell: str, row: int, column: str) -> float:
    if not cell:
        raise UserInputError("error.csv_empty_cell", "Row {row} has an empty cell in column {column}.",
                             row=row, column=column)
    try:
        value = float(cell)
    except ValueError:
        raise UserInputError("error.csv_not_numeric", "Row {row}, column {column}: “{value}” is not a number.",
                             row=row, column=column, value=_shown(cell)) from None
    if not np.isfinite(value):
        raise UserInputError("error.csv_not_finite", "Row {row}, column {column}: “{value}” is not a finite number.",
                             row=row, column=column, value=_shown(cell))
    if abs(value) > MAX_ABS_VALUE:
        raise UserInputError("error.csv_value_too_large",
                             "Row {row}, column {column}: “{value}” is too large; use numbers between −10¹⁵ and 10¹⁵.",
                             row=row, column=column, value=_shown(cell))
    return value


def _class_codes(
    labels: list[str], rows: Sequence[int], column: str, max_classes: int = MAX_CSV_CLASSES
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Map the label column to 0..K−1: numbers in increasing order, otherwise text in
    alphabetical order (so 0/1 stay 0/1, −1/1 become 0/1 and 1/2/3 become 0/1/2). Two classes
    give float64 0/1, as the sigmoid networks always had; more give int64 labels."""
    for label, row in zip(labels, rows):
        if not label:
            _number(label, row, column)  # raises the empty-cell error
    if all(_is_number(label) for label in labels):
        values = [_number(label, row, column) for label, row in zip(labels, rows)]
        distinct = sorted(set(values))
        names = [f"{v:g}" for v in distinct]
    else:
        values = labels
        distinct = sorted(set(labels))
        names = list(distinct)
    if len(distinct) > max_classes and max_classes == 2:
        raise UserInputError("error.csv_too_many_classes",
                             "The label column has {count} different values; it needs exactly two classes.",
                             count=len(distinct))
    if len(distinct) > max_classes:
        raise UserInputError("error.csv_class_limit",
                             "The label column has {count} different values; the network can tell apart 2 to "
                             "{maximum} classes.", count=len(distinct), maximum=max_classes)
    if len(distinct) < 2:
        raise UserInputError("error.csv_one_class",
                             "Every row has the same label; the label column needs two different values.")
    code = {value: i for i, value in enumerate(distinct)}
    dtype = np.float64 if len(distinct) == 2 else np.int64
    return np.array([code[v] for v in values], dtype=dtype), tuple(names)


def table_data(table: Table, inputs: Sequence[str], target: str, max_classes: int = 2) -> CsvData:
    """The chosen columns as data: two inputs and a label of 2..`max_classes` values
    (classification) or one input and a number (regression), with each input's mean and
    standard deviation. `max_classes` stays 2 here by default because the playground page
    calls this directly and still draws two classes only (a softmax run fails in its figure
    code); a caller that draws K classes passes MAX_CSV_CLASSES, as `load_csv` does."""
    inputs = tuple(inputs)
    chosen = (*inputs, target)
    if len(inputs) not in (1, 2) or len(set(chosen)) != len(chosen) or not set(chosen) <= set(table.names):
        raise UserInputError("error.csv_choose_columns",
                             "Choose two different input columns and a third column for the label.")
    index = [table.names.index(name) for name in chosen]
    X = np.array([[_number(row[j], line, name) for j, name in zip(index, inputs)]
                  for row, line in zip(table.rows, table.lines)], dtype=np.float64)
    targets = [row[index[-1]] for row in table.rows]
    if len(inputs) == 2:
        y, classes, task = *_class_codes(targets, table.lines, target, max_classes), "classification"
    else:
        y = np.array([_number(v, line, target) for v, line in zip(targets, table.lines)], dtype=np.float64)
        classes, task = None, "regression"
    mean, std = X.mean(axis=0), X.std(axis=0)
    for name, spread in zip(inputs, std):
        if not spread > 0:
            raise UserInputError("error.csv_constant_column",
                                 "Column {column} has the same value in every row, so it cannot teach the network "
                                 "anything; choose another.", column=_shown(name))
    return CsvData(X=X, y=y, task=task, columns=chosen, classes=classes,
                   mean=tuple(float(v) for v in mean), std=tuple(float(v) for v in std))


def load_csv(
    data, inputs: Sequence[str] | None = None, target: str | None = None, max_classes: int = MAX_CSV_CLASSES
) -> CsvData:
    """Read an uploaded CSV: ``x1,x2,label`` (2 to `max_classes` classes; any label values,
    mapped to 0..K−1) or ``x,y`` (a 1-D function), or any columns named by `inputs` and `target` (guessed
    when not given: see `guess_columns`). A header row is optional (without one, 3 columns mean
    classification and 2 mean regression); comma, semicolon or tab separated; UTF-8 (a BOM is
    fine)."""
    table = read_table(data)
    if inputs is None or target is None:
        inputs, target = guess_columns(table)
    return table_data(table, inputs, target, max_classes)
