"""A figure built once for everyone who asks for it with the same arguments.

In a class, thirty followers run the teacher's page with the teacher's settings at the same
moment, and each run used to build the same plotly figures again: plotly validates every
property of every trace and animation frame as it is set, and on the gradient-descent page that
was most of a run (bench/class_load.py; README "A class on one server"). While a run shares
(`share_figures(True)`: the app turns it on for sessions in a class), a builder decorated with
`@built_once` builds its figure once per distinct arguments and keeps plotly's description of it
(`to_dict()`); every caller gets a figure of its own made from that description without
validating it again (it was valid when built), so a caller may still add to its copy.

Arguments are told apart by a digest of their content (`digest`): numbers, strings, arrays,
containers, dataclasses and functions (their code, defaults and captured values; a lambda of
the same code capturing another κ is another function). An argument it cannot read, or one too
big to be worth reading (a whole vector model), and the builder simply runs, as before.
"""

from __future__ import annotations

import contextvars
import copy
import dataclasses
import enum
import functools
import hashlib
import threading
import types
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

MAX_FIGURES = 64  # a figure's description is at most a few MB: some 100 MB at worst
MAX_ARGUMENT_BYTES = 16_000_000  # array bytes read per call; more is cheaper to build than to read
MAX_DEPTH = 32


class Unkeyable(Exception):
    """An argument the digest cannot tell apart from another: build, do not share."""


class _Feed:
    def __init__(self) -> None:
        self.hash = hashlib.blake2b(digest_size=20)
        self.array_bytes = 0

    def tag(self, text: str) -> None:
        self.hash.update(text.encode("utf-8", "surrogatepass"))
        self.hash.update(b"\x00")

    def value(self, obj, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise Unkeyable("nested too deep")
        kind = type(obj)
        self.tag(f"{kind.__module__}.{kind.__qualname__}")
        if obj is None or kind in (bool, int, float, complex, str, bytes):
            self.tag(repr(obj))  # repr tells every float apart (and 0.0 from -0.0)
        elif isinstance(obj, enum.Enum):
            self.tag(obj.name)
        elif isinstance(obj, np.ndarray):
            self._array(obj)
        elif isinstance(obj, np.generic):
            self.tag(repr(obj.item()))
        elif isinstance(obj, (list, tuple)):
            if obj and all(type(item) is float for item in obj):  # a list of numbers: as an array
                self._array(np.asarray(obj, dtype=np.float64))
                return
            self.tag(str(len(obj)))
            for item in obj:
                self.value(item, depth + 1)
        elif isinstance(obj, Mapping):
            self.tag(str(len(obj)))
            for key, item in obj.items():  # insertion order: an equal dict in another order only misses
                self.value(key, depth + 1)
                self.value(item, depth + 1)
        elif isinstance(obj, (set, frozenset)):
            self.tag(str(len(obj)))
            for item in sorted(digest(item) for item in obj):
                self.tag(item)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                self.tag(f.name)
                self.value(getattr(obj, f.name), depth + 1)
        elif isinstance(obj, types.FunctionType):
            self._function(obj, depth)
        elif isinstance(obj, types.MethodType):
            self.value(obj.__self__, depth + 1)
            self.value(obj.__func__, depth + 1)
        elif isinstance(obj, (types.BuiltinFunctionType, np.ufunc, type)):
            self.tag(f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', obj.__name__)}")
        else:
            raise Unkeyable(kind.__qualname__)

    def _array(self, array: np.ndarray) -> None:
        if array.dtype.hasobject:
            raise Unkeyable("an array of objects")
        self.array_bytes += array.nbytes
        if self.array_bytes > MAX_ARGUMENT_BYTES:
            raise Unkeyable("arrays too big to read")
        self.tag(f"{array.dtype.str}{array.shape}")
        self.hash.update(np.ascontiguousarray(array).tobytes())

    def _function(self, fn: types.FunctionType, depth: int) -> None:
        self.tag(f"{fn.__module__}.{fn.__qualname__}")
        self._code(fn.__code__)
        self.value(fn.__defaults__, depth + 1)
        self.value(fn.__kwdefaults__, depth + 1)
        for cell in fn.__closure__ or ():
            try:
                captured = cell.cell_contents
            except ValueError:  # an empty cell
                captured = None
            self.value(captured, depth + 1)

    def _code(self, code: types.CodeType) -> None:
        self.hash.update(code.co_code)
        self.tag(repr(code.co_names))
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                self._code(const)
            else:
                self.tag(repr(const))


def digest(*parts) -> str:
    """A digest of the parts' content (Unkeyable if one cannot be read)."""
    feed = _Feed()
    feed.value(parts)
    return feed.hash.hexdigest()


class _Figures:
    """Descriptions by digest, the least recently used dropped first. One lock per digest: the
    thirty followers woken together wait for the first one's figure instead of each building it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.specs: OrderedDict[str, dict] = OrderedDict()
        self.building: dict[str, threading.Lock] = {}
        self.built = 0  # figures built (the tests and the benchmark read it)

    def get(self, key: str, build) -> dict:
        with self.lock:
            if key in self.specs:
                self.specs.move_to_end(key)
                return self.specs[key]
            one = self.building.setdefault(key, threading.Lock())
        with one:
            with self.lock:
                if key in self.specs:
                    return self.specs[key]
            spec = build().to_dict()
            with self.lock:
                self.built += 1
                self.specs[key] = spec
                self.building.pop(key, None)
                while len(self.specs) > self.size:
                    self.specs.popitem(last=False)
            return spec


FIGURES = _Figures(MAX_FIGURES)
# Whether this script run shares: the app says so per run (a session in a class). Outside a
# class a figure is rarely asked for twice alike, and keeping its description costs a run
# about a fifth of the figure again.
_SHARING: contextvars.ContextVar[bool] = contextvars.ContextVar("vectorlab_share_figures", default=False)


def share_figures(on: bool) -> None:
    """For the rest of this thread's (or context's) work: build each figure once for everyone."""
    _SHARING.set(on)


class SharedFigure(go.Figure):
    """A caller's own figure made from a shared description, made only when the caller looks
    inside it.

    Making a plotly Figure from a description walks every property of every trace and frame
    (even unvalidated), and Streamlit turns the figure straight back into a description
    (`to_dict`: a deep copy, then every array to base64). In a class of 30 followers those two
    copies took half of each follower's run (bench/class_load.py --profile: 190 of 345 s). A
    follower's page mostly just shows the figure, so until anything reads or changes it,
    `to_dict` hands out the shared description: a new top-level dict, new trace and layout dicts
    (Streamlit removes the traces' uids), the rest shared and never changed by its readers. The
    first other use (`fig.layout`, `fig.update_layout(...)`, `fig.data`, ...) makes the figure
    from a deep copy, as before, and from then on it is an ordinary figure."""

    def __new__(cls, spec: dict):
        figure = object.__new__(cls)
        object.__setattr__(figure, "_vl_spec", spec)
        object.__setattr__(figure, "_vl_made", False)
        return figure

    def __init__(self, spec: dict) -> None:  # the figure itself is made on first use (__getattr__)
        pass

    def __getattr__(self, name: str):
        # Only for attributes not found: before the figure is made, that is all of plotly's own.
        state = object.__getattribute__(self, "__dict__")
        if state.get("_vl_made", True) or name.startswith("__"):
            raise AttributeError(name)
        state["_vl_made"] = True  # before making: plotly's __init__ asks for attributes it has not set yet
        go.Figure.__init__(self, copy.deepcopy(state["_vl_spec"]), _validate=False)
        return getattr(self, name)

    @property
    def made(self) -> bool:
        return self.__dict__["_vl_made"]

    def to_dict(self) -> dict:
        if self.__dict__["_vl_made"]:
            return super().to_dict()
        spec = self.__dict__["_vl_spec"]
        out = dict(spec)
        out["data"] = [dict(trace) for trace in spec.get("data", ())]
        if "layout" in spec:
            out["layout"] = dict(spec["layout"])
        return out

    def __reduce__(self):  # deepcopy and pickle: an ordinary figure of the same description
        return (go.Figure, (self.to_dict(),))


def built_once(builder):
    """Decorates a figure builder (a pure function of its arguments): see the module's text."""

    name = f"{builder.__module__}.{builder.__qualname__}#{id(builder)}"

    @functools.wraps(builder)
    def wrapper(*args, **kwargs):
        if not _SHARING.get():
            return builder(*args, **kwargs)
        try:
            key = digest(name, args, kwargs)
        except Unkeyable:
            return builder(*args, **kwargs)
        return SharedFigure(FIGURES.get(key, lambda: builder(*args, **kwargs)))

    return wrapper
