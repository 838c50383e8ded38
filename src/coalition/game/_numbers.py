"""Reading numbers: type checks before use, huge integers and booleans refused (private).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np

from ..errors import (
    CoalitionError,
    InvalidParameterError,
)


# numbers given by the user
def _show(value: Any, limit: int = 60) -> str:
    """A short repr of a value for an error message (10**400 has 401 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _kind_of(value: Any) -> str:
    """What follows a value shown in a message: " (a string)" and the like."""
    if value is None or isinstance(value, (list, tuple, dict)):
        return ""
    if isinstance(value, (complex, np.complexfloating)):
        return " (a complex number)"
    if isinstance(value, str):
        return " (a string)"
    return f" (a {type(value).__name__})"


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _real(value: Any, arg: str, *, error: type[CoalitionError] = InvalidParameterError, limit: float = math.inf) -> float:
    """`value` as a finite float, or an `error` naming `arg`.

    Accepts Python and numpy integers and floats, fractions and decimals;
    refuses None, booleans, complex numbers, strings and other objects (which
    ``float()`` would either reject with a raw error or convert silently), NaN,
    infinities, integers too large for a float and magnitudes above `limit`.
    """
    if type(value) is float and abs(value) <= limit:  # the common case, quickly
        if math.isfinite(value):
            return value
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if _is_bool(value):
        raise error(f"`{arg}` must be a number, got the boolean {value!r}")
    if not isinstance(value, (numbers.Real, Decimal)):
        raise error(f"`{arg}` must be a number, got {_show(value)}{_kind_of(value)}")
    try:
        out = float(value)
    except OverflowError:
        raise error(f"`{arg}` is {_show(value)}, too large for a float (at most about 1.8e308)") from None
    except (TypeError, ValueError):
        raise error(f"`{arg}` must be a number, got {_show(value)}") from None
    if not math.isfinite(out):
        raise error(f"`{arg}` is not finite ({_show(value)}); expected a finite number")
    if abs(out) > limit:
        raise error(f"`{arg}` is {out:g}, above {limit:g} in magnitude; rescale it")
    return out


def _has_bool(seq: Any) -> bool:
    """Whether a (nested) list or tuple holds a boolean."""
    types = set(map(type, seq))
    if bool in types or np.bool_ in types:
        return True
    if list in types or tuple in types:
        return any(_has_bool(v) for v in seq if isinstance(v, (list, tuple)))
    return False


def _real_array(
    values: Any, arg: str, *, ndim: int = 1, error: type[CoalitionError] = InvalidParameterError
) -> np.ndarray:
    """`values` as a new float64 array of `ndim` dimensions, refusing what is
    not a real number (as :func:`_real`) with an `error` that names `arg` and
    the first bad entry. Finiteness is left to the caller."""
    shape_word = "one-dimensional array" if ndim == 1 else "two-dimensional array"
    if values is None or isinstance(values, (str, bytes, Mapping, set, frozenset, numbers.Number)):
        raise error(f"`{arg}` must be a {shape_word} of numbers, got {_show(values)}")
    if not isinstance(values, np.ndarray):
        if not hasattr(values, "__array__"):
            try:
                values = list(values)
            except TypeError:
                raise error(f"`{arg}` must be a {shape_word} of numbers, got {type(values).__name__}") from None
            if _has_bool(values):
                where = next((f"[{k}]" for k, v in enumerate(values) if _is_bool(v)), "")
                raise error(f"`{arg}{where}` is a boolean; expected numbers (write 1 and 0)")
        try:
            values = np.array(values)
        except (TypeError, ValueError):
            raise error(
                f"`{arg}` must be a {shape_word} of numbers; it mixes numbers and sequences, or rows of unequal length"
            ) from None
    kind = values.dtype.kind
    if kind == "O":
        flat = values.ravel()
        for k, v in enumerate(flat):
            where = np.unravel_index(k, values.shape) if values.ndim > 1 else (k,)
            _real(v, f"{arg}[{', '.join(map(str, where))}]", error=error)
        values = np.array([float(v) for v in flat]).reshape(values.shape)
    elif kind == "b":
        raise error(f"`{arg}` is an array of booleans; expected numbers")
    elif kind == "c":
        k = int(np.flatnonzero(values.ravel().imag != 0)[0]) if np.any(values.imag != 0) else 0
        raise error(f"`{arg}` holds complex numbers (entry {k} is {values.ravel()[k]!r}); expected real numbers")
    elif kind in "US":
        raise error(f"`{arg}` must hold numbers, not strings (such as {str(values.ravel()[0])!r})")
    elif kind not in "iuf":
        raise error(f"`{arg}` must hold numbers, got an array of dtype {values.dtype}")
    if values.ndim != ndim:
        raise error(f"`{arg}` must be a {shape_word} of numbers, got shape {values.shape}")
    return np.array(values, dtype=np.float64)


def _describe(x: Any) -> str:
    """A short description of a value for a message (huge integers by size:
    their decimal string may be refused by Python beyond 4,300 digits)."""
    if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)) and int(x).bit_length() > 128:
        return f"an integer of {int(int(x).bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(x)
    except ValueError:  # a container holding such an integer
        return f"a {type(x).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."
