"""Stage results as JSON plus numpy arrays, and back, exactly: no pickle.

A cached stage result (outcomes, a plan's evaluation and tables) is a tree of the
package's own dataclasses, dicts, lists, numbers, strings, numpy arrays and DataFrames.
:func:`encode` turns it into a JSON-able tree in which every array is a reference to a
named ``.npy`` file; :func:`decode` rebuilds it bit for bit (dtypes, memory order, index
and column types included). Anything else raises :class:`Uncacheable`: that result is
then computed every time, never stored approximately.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

#: JSON values the encoded tree is made of.
Json = None | bool | int | float | str | list["Json"] | dict[str, "Json"]
#: Only dataclasses of this package are rebuilt from a cache entry.
PACKAGE = "salesperf_model."


class Uncacheable(TypeError):
    """A value the codec cannot store exactly."""


def _json_column(values: np.ndarray, where: str) -> list[Json]:
    """An object or string column as a JSON list (str, int, float, bool, None only)."""
    out: list[Json] = []
    for value in values.tolist():
        if value is None or isinstance(value, bool | int | float | str):
            out.append(value)
        else:
            raise Uncacheable(f"{where}: value {value!r} of type {type(value).__name__}")
    return out


def _encode_index(index: pd.Index, add: Callable[[np.ndarray], str], where: str) -> Json:
    if isinstance(index, pd.MultiIndex):
        raise Uncacheable(f"{where}: a MultiIndex")
    name = index.name
    if name is not None and not isinstance(name, str | int):
        raise Uncacheable(f"{where}: index name {name!r}")
    if isinstance(index, pd.RangeIndex):
        return {"t": "range", "args": [index.start, index.stop, index.step], "name": name}
    return {"t": "index", "values": _encode_values(index.to_numpy(), add, where), "name": name,
            "dtype": str(index.dtype)}  # fmt: skip


def _decode_index(tree: dict, arrays: Mapping[str, np.ndarray]) -> pd.Index:
    if tree["t"] == "range":
        return pd.RangeIndex(*tree["args"], name=tree["name"])
    return pd.Index(_decode_values(tree["values"], arrays), dtype=tree["dtype"], name=tree["name"])


def _encode_values(values: np.ndarray, add: Callable[[np.ndarray], str], where: str) -> Json:
    if values.dtype.kind in "biufcmM":
        return {"t": "array", "ref": add(values)}
    return {"t": "json", "values": _json_column(values, where)}


def _decode_values(tree: dict, arrays: Mapping[str, np.ndarray]) -> np.ndarray | list:
    return arrays[tree["ref"]] if tree["t"] == "array" else tree["values"]


def _encode_frame(frame: pd.DataFrame, add: Callable[[np.ndarray], str], where: str) -> Json:
    if frame.attrs or frame.columns.has_duplicates:
        raise Uncacheable(f"{where}: a DataFrame with attrs or duplicate columns")
    columns = []
    for position, (label, series) in enumerate(frame.items()):
        dtype = series.dtype
        if not isinstance(dtype, np.dtype | pd.StringDtype):
            raise Uncacheable(f"{where}: column {label!r} has dtype {dtype}")
        values = series.to_numpy()
        columns.append(
            {"dtype": str(dtype), "values": _encode_values(values, add, f"{where}[{position}]")}
        )
    return {
        "t": "frame",
        "columns": _encode_index(frame.columns, add, f"{where}.columns"),
        "index": _encode_index(frame.index, add, f"{where}.index"),
        "data": columns,
    }


def _decode_frame(tree: dict, arrays: Mapping[str, np.ndarray]) -> pd.DataFrame:
    columns = _decode_index(tree["columns"], arrays)
    index = _decode_index(tree["index"], arrays)
    data = {
        position: pd.Series(
            _decode_values(column["values"], arrays), dtype=column["dtype"], index=index, copy=False
        )
        for position, column in enumerate(tree["data"])
    }
    frame = pd.DataFrame(data, index=index, copy=False)
    frame.columns = columns
    return frame


def encode(value: object, add: Callable[[np.ndarray], str], where: str = "value") -> Json:
    """``value`` as a JSON tree; ``add(array)`` stores an array and returns its name."""
    if isinstance(value, np.generic):  # before float: np.float64 is a float
        return {"t": "scalar", "dtype": value.dtype.str, "value": value.item()}
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value  # json writes repr(float), NaN and Infinity: exact both ways
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "biufcmM":
            raise Uncacheable(f"{where}: array of dtype {value.dtype}")
        return {"t": "array", "ref": add(value)}
    if isinstance(value, pd.DataFrame):
        return _encode_frame(value, add, where)
    if isinstance(value, list | tuple):
        items = [encode(item, add, f"{where}[{i}]") for i, item in enumerate(value)]
        return {"t": "list" if isinstance(value, list) else "tuple", "items": items}
    if isinstance(value, dict):
        return {
            "t": "dict",
            "items": [[encode(k, add, where), encode(v, add, f"{where}.{k}")] for k, v in value.items()],
        }  # fmt: skip
    cls = type(value)
    if dataclasses.is_dataclass(value) and cls.__module__.startswith(PACKAGE):
        fields = {
            f.name: encode(getattr(value, f.name), add, f"{where}.{f.name}")
            for f in dataclasses.fields(value)
        }
        return {
            "t": "dataclass",
            "module": cls.__module__,
            "name": cls.__qualname__,
            "fields": fields,
        }
    raise Uncacheable(f"{where}: {cls.__module__}.{cls.__qualname__} is not stored by the cache")


def _dataclass(module: str, name: str) -> type:
    if not module.startswith(PACKAGE):
        raise ValueError(f"cache entry names a class outside the package: {module}.{name}")
    cls = getattr(importlib.import_module(module), name)
    if not dataclasses.is_dataclass(cls):
        raise ValueError(f"cache entry names {module}.{name}, which is not a dataclass")
    return cls


def decode(tree: Json, arrays: Mapping[str, np.ndarray]) -> object:
    """The value :func:`encode` made ``tree`` from (``arrays``: name -> array)."""
    if not isinstance(tree, dict):
        return tree
    kind = tree["t"]
    if kind == "array":
        return arrays[tree["ref"]]
    if kind == "scalar":
        return np.dtype(tree["dtype"]).type(tree["value"])
    if kind == "frame":
        return _decode_frame(tree, arrays)
    if kind in ("list", "tuple"):
        items = [decode(item, arrays) for item in tree["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "dict":
        return {decode(k, arrays): decode(v, arrays) for k, v in tree["items"]}
    if kind == "dataclass":
        cls = _dataclass(tree["module"], tree["name"])
        fields = {name: decode(value, arrays) for name, value in tree["fields"].items()}
        init = {f.name for f in dataclasses.fields(cls) if f.init}
        value = cls(**{k: v for k, v in fields.items() if k in init})
        for name in set(fields) - init:
            object.__setattr__(value, name, fields[name])
        return value
    raise ValueError(f"unknown entry kind {kind!r}")
