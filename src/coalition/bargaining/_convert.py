"""Reading the numbers of a bargaining problem: arrays, vectors by player, weights (private).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..game._checks import _check_players, _default_players

_FORMS = ("points", "constraints", "frontier")
# most partners a frontier may have (its Nash solution takes O(n^2) evaluations per step)
_MAX_PARTNERS = 1000


# feasible sets
def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _first_odd(value: Any) -> Any:
    """The first entry of nested lists/tuples that is not a real number
    (None, a bool, a complex number, a string), or ``None`` if there is none."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed(item))
        elif item is None or isinstance(item, (bool, np.bool_, complex, np.complexfloating, str, bytes)):
            return (item,)
    return None


def _real_array(value: Any, arg: str, expected: str) -> np.ndarray:
    """`value` as a float array, with a clear error for strings, None, bools,
    complex numbers, ragged nesting and numbers too large for a float."""
    if value is None or isinstance(value, (str, bytes)):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {value!r}")
    if isinstance(value, (list, tuple)):
        odd = _first_odd(value)
        if odd is not None:
            raise InvalidParameterError(
                f"`{arg}` must be {expected}; it holds {odd[0]!r} ({type(odd[0]).__name__})"
            )
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {_short(value)}") from None
    kind = arr.dtype.kind
    if kind in "bcUSVMm":
        what = {"b": "booleans", "c": "complex numbers"}.get(kind, f"values of type {arr.dtype}")
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {what}: {_short(value)}")
    if kind == "O":
        odd = next((x for x in arr.flat if x is None or isinstance(x, (bool, complex, str, bytes))), False)
        if odd is not False:
            raise InvalidParameterError(f"`{arg}` must be {expected}; it holds {odd!r} ({type(odd).__name__})")
    try:
        with np.errstate(over="ignore"):
            out = arr.astype(np.float64)
    except OverflowError:
        raise InvalidParameterError(
            f"`{arg}` holds a number too large for a float (about 1.8e308 at most): {_short(value)}"
        ) from None
    except (TypeError, ValueError):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {_short(value)}") from None
    return out


def _real_scalar(value: Any, arg: str, expected: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidParameterError(f"`{arg}` must be {expected}, got {value!r}")
    arr = _real_array(value, arg, expected)
    if arr.ndim != 0:
        raise InvalidParameterError(f"`{arg}` must be {expected}, got an array of shape {arr.shape}")
    return float(arr)


def _matrix(value: Any, arg: str) -> np.ndarray:
    arr = _real_array(value, arg, "a 2-D array of numbers")
    arr = np.array(arr, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise InvalidParameterError(f"`{arg}` must be a non-empty 2-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        r, c = np.argwhere(~np.isfinite(arr))[0]
        raise InvalidParameterError(f"`{arg}` has a non-finite entry at row {r}, column {c}: {float(arr[r, c])}")
    arr.setflags(write=False)
    return arr


def _names_for(players: Sequence[str] | None, n: int, what: str) -> tuple[str, ...]:
    if players is None:
        return _default_players(n)
    names = _check_players(players)
    if len(names) != n:
        raise InvalidParameterError(f"`players` has {len(names)} names but {what} {n} columns, one per partner")
    return names


# argument handling
def _vector_of(value: Any, players: tuple[str, ...], arg: str) -> np.ndarray:
    """One finite number per player, from a sequence or a {player: value} dict."""
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in players]
        if unknown:
            raise InvalidParameterError(f"`{arg}` names {unknown[0]!r}, which is not a player {list(players)}")
        absent = [p for p in players if p not in value]
        if absent:
            raise InvalidParameterError(f"`{arg}` has no entry for {absent}")
        value = [value[p] for p in players]
    arr = _real_array(value, arg, "numbers, one per player")
    if arr.shape != (len(players),):
        raise InvalidParameterError(
            f"`{arg}` has shape {arr.shape}; there are {len(players)} players {list(players)}"
        )
    if not np.all(np.isfinite(arr)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {arr.tolist()}")
    return arr


def _weights_of(value: Any, players: tuple[str, ...], arg: str) -> np.ndarray:
    if value is None:
        return np.full(len(players), 1.0 / len(players))
    w = _vector_of(value, players, arg)
    if np.any(w <= 0):
        k = int(np.flatnonzero(w <= 0)[0])
        raise InvalidParameterError(
            f"`{arg}` must be positive for every partner; {players[k]!r} has {float(w[k]):g}"
        )
    w = w / w.max()  # no overflow in the sum, whatever the scale
    return w / w.sum()


def _ndim(value: Any) -> int:
    try:
        return int(np.ndim(value))
    except (TypeError, ValueError, OverflowError):
        return -1


def _scale(*arrays: np.ndarray) -> float:
    return max([1.0] + [float(np.max(np.abs(a))) for a in arrays if np.size(a)])


def _fmt_vec(v: np.ndarray) -> str:
    return "[" + ", ".join(f"{x:.6g}" for x in v) + "]"


def _overflow(what: str) -> InvalidParameterError:
    return InvalidParameterError(
        f"{what} are too large to combine in floating point (an intermediate overflows); "
        "express the utilities in a larger unit"
    )
