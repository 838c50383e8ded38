"""Reading a user's numbers: real numbers, arrays of them, and a short
description of a bad value for a message (private).

Every reader refuses None, booleans, complex numbers, strings and other
objects that ``float()`` would reject with a raw error or convert silently
("1.5", True), and integers too large for a float (10**400); finiteness is
checked where asked. A message names the argument in backticks (an entry as
``values[2]``), says what was expected and what came; an integer too long to
print is described by its number of digits.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np

from .errors import CoalitionError, InvalidParameterError

_LOG10_2 = math.log10(2)
_SHOWN_DIGITS = 30  # a longer integer is described by its number of digits
_FLOAT_MAX = "at most about 1.8e308"
_ARRAY_WORDS = {1: "a one-dimensional array of numbers", 2: "a two-dimensional array of numbers"}


def _digits(value: int) -> int:
    """The number of decimal digits of ``abs(value)``, without writing it
    (Python refuses to write an integer of more than 4,300 digits)."""
    value = abs(value)
    if value == 0:
        return 1
    d = int((value.bit_length() - 1) * _LOG10_2) + 1  # the digits of 2**(bits - 1)
    return d + (value >= 10**d)


def _show(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to `limit` characters for a message; an integer of
    more than 30 digits as "an integer of 401 digits"."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_SHOWN_DIGITS:
        return f"an integer of {_digits(value):,} digits"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a container of such integers, or any object's own repr
        return f"a {type(value).__name__}"
    return _cut(text, limit)


def _cut(text: str, limit: int = 60) -> str:
    """`text` cut to about `limit` characters for a message, saying how long it was."""
    return text if len(text) <= limit else f"{text[: limit - 15]}... ({len(text):,} characters)"


def _kind(value: Any) -> str:
    """What follows a value shown in a message: " (a string)" and the like."""
    if value is None or isinstance(value, (list, tuple, dict)):
        return ""
    if isinstance(value, (complex, np.complexfloating)):
        return " (a complex number)"
    if isinstance(value, (str, np.str_)):
        return " (a string)"
    if _is_bool(value):
        return " (a bool)"
    name = type(value).__name__
    return f" ({'an' if name[:1] in 'aeiou' else 'a'} {name})"


def _is_bool(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_))


def _real(
    value: Any,
    arg: str,
    *,
    expected: str = "a number",
    error: type[CoalitionError] = InvalidParameterError,
    limit: float = math.inf,
    allow_nonfinite: bool = False,
) -> float:
    """`value` as a float, or an `error` naming `arg`.

    Accepts Python and numpy integers and floats, fractions, decimals and 0-d
    arrays of them; refuses what is not a real number, integers too large for
    a float, NaN and infinities (unless `allow_nonfinite`) and magnitudes
    above `limit`. `expected` is what the message says was expected.
    """
    if type(value) is float and (math.isfinite(value) and abs(value) <= limit or allow_nonfinite and limit == math.inf):
        return value  # the common case, quickly
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if _is_bool(value):
        raise error(f"`{arg}` must be {expected}, got the boolean {value!r}")
    if not isinstance(value, (numbers.Real, Decimal)):
        raise error(f"`{arg}` must be {expected}, got {_show(value)}{_kind(value)}")
    try:
        out = float(value)
    except OverflowError:
        raise error(f"`{arg}` is {_show(value)}, too large for a float ({_FLOAT_MAX})") from None
    except (TypeError, ValueError):  # a signalling decimal NaN, an odd subclass
        raise error(f"`{arg}` must be {expected}, got {_show(value)}{_kind(value)}") from None
    if not (allow_nonfinite or math.isfinite(out)):
        raise error(f"`{arg}` is not finite ({_show(value)}); expected a finite number")
    if abs(out) > limit:
        raise error(f"`{arg}` is {out:g}, above {limit:g} in magnitude; rescale it")
    return out


def _is_real(value: Any, *, allow_nonfinite: bool = False) -> bool:
    """Whether :func:`_real` takes `value`."""
    try:
        _real(value, "value", allow_nonfinite=allow_nonfinite)
    except CoalitionError:
        return False
    return True


def _check_entries(values: Any, arg: str, expected: str, error: type[CoalitionError]) -> None:
    """Refuse the first entry of nested lists and tuples (and arrays inside
    them) that is not a real number, naming it as ``arg[i, j]``."""
    stack: list[tuple[tuple[int, ...], Any]] = [((), values)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, np.ndarray) and item.ndim > 0:
            item = item.tolist()
        if isinstance(item, (list, tuple)):
            stack.extend(reversed([((*where, k), v) for k, v in enumerate(item)]))
        elif type(item) is not float:  # a float is a real number (finite or not)
            name = f"{arg}[{', '.join(map(str, where))}]" if where else arg
            _real(item, name, expected="a number" if where else expected, error=error, allow_nonfinite=True)


def _real_array(
    values: Any,
    arg: str,
    *,
    ndim: int | None = None,
    expected: str | None = None,
    error: type[CoalitionError] = InvalidParameterError,
) -> np.ndarray:
    """`values` as a new float64 array (of `ndim` dimensions if given), or an
    `error` that names `arg` and the first entry that is not a real number
    (as :func:`_real`). Finiteness is left to the caller. `expected` is what
    the message says was expected (by default from `ndim`)."""
    expected = expected or _ARRAY_WORDS.get(ndim, "numbers")  # type: ignore[arg-type]
    if isinstance(values, np.ma.MaskedArray) and np.ma.getmaskarray(values).any():
        hidden = int(np.ma.getmaskarray(values).sum())
        raise error(
            f"`{arg}` is a masked array with {hidden} masked entr{'y' if hidden == 1 else 'ies'}; "
            "a masked entry is no number: fill it (e.g. `values.filled(...)`) or leave the entry out"
        )
    if (
        values is None
        or _is_bool(values)
        or isinstance(values, (str, bytes, Mapping, set, frozenset))
        or (ndim is not None and isinstance(values, (numbers.Number, Decimal)))
    ):
        raise error(f"`{arg}` must be {expected}, got {_show(values)}{_kind(values)}")
    if isinstance(values, (list, tuple)) and all(
        t is float or t is int or (issubclass(t, (np.integer, np.floating)) and t is not np.bool_)
        for t in set(map(type, values))
    ):  # flat plain numbers, the common case: checked by type at C speed
        try:
            return _shaped(np.array(values, dtype=np.float64), arg, ndim, expected, error)
        except OverflowError:
            pass  # an integer beyond the float range: found and named below
    if not isinstance(values, (list, tuple, np.ndarray, numbers.Number, Decimal)):
        if hasattr(values, "__array__"):  # a pandas object, an array-like
            values = np.asarray(values)
        else:
            try:
                values = list(values)  # a range, a generator
            except TypeError:
                raise error(f"`{arg}` must be {expected}, got {_show(values)}{_kind(values)}") from None
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        return _shaped(np.array(values, dtype=np.float64), arg, ndim, expected, error)
    if isinstance(values, np.ndarray) and values.dtype.kind == "c" and values.ndim and np.any(values.imag):
        where = np.unravel_index(int(np.flatnonzero(values.imag)[0]), values.shape)  # an entry truly complex
        _real(values[where].item(), f"{arg}[{', '.join(map(str, where))}]", error=error)
    _check_entries(values, arg, expected, error)
    try:
        out = np.array(values, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise error(
            f"`{arg}` must be {expected}; it mixes numbers and sequences, or rows of unequal length"
        ) from None
    return _shaped(out, arg, ndim, expected, error)


def _shaped(arr: np.ndarray, arg: str, ndim: int | None, expected: str, error: type[CoalitionError]) -> np.ndarray:
    if ndim is not None and arr.ndim != ndim:
        raise error(f"`{arg}` must be {expected}, got shape {arr.shape}")
    return arr
