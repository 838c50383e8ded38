"""Checks of games, numbers and weights shared by the rules (private).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..game._numbers import _describe


def _check_game(game: Any) -> Game:
    if not isinstance(game, Game):
        raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
    return game


def _short(values: np.ndarray, k: int = 6) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:k])
    return f"[{shown}{', ...' if values.size > k else ''}]"


_PLAIN_NUMBER_TYPES = (int, float, np.integer, np.floating)


def _entry_problem(x: Any) -> str | None:
    """Why `x` is not a real number that fits a float64, or None if it is."""
    if isinstance(x, (bool, np.bool_)):
        return f"{x!r} (a bool)"
    if isinstance(x, (str, bytes)):
        return f"{_describe(x)} (a string)"
    if x is None:
        return "None"
    if isinstance(x, (complex, np.complexfloating)):
        return f"{x!r} (a complex number)"
    try:
        float(x)
    except OverflowError:
        return f"{_describe(x)}, too large for a float64 (above 1.8e308)"
    except (TypeError, ValueError):
        return f"{_describe(x)} (a {type(x).__name__})"
    return None


def _real_array(values: Any, arg: str, *, error: type = InvalidParameterError) -> np.ndarray:
    """`values` as a float64 array, refusing anything that is not a real
    number: strings (even "1.5"), bools, complex numbers, None, and integers
    too large for a float64. Non-finite entries pass (the caller decides)."""
    if isinstance(values, (str, bytes)):
        raise error(f"`{arg}` must be numbers, got the string {_describe(values)}")
    if isinstance(values, (list, tuple)):
        if all(issubclass(t, _PLAIN_NUMBER_TYPES) and not issubclass(t, (bool, np.bool_))
               for t in set(map(type, values))):  # the common case, checked by type at C speed
            try:
                return np.array(values, dtype=np.float64)
            except OverflowError:
                pass  # an integer beyond the float range: found and named below
        try:
            arr = np.asarray(values, dtype=object)
        except (TypeError, ValueError, OverflowError):
            raise error(f"`{arg}` must be numbers, got {_describe(values)}") from None
    else:  # an array, a pandas object, a scalar
        try:
            arr = np.asarray(values)
        except (TypeError, ValueError, OverflowError):
            raise error(f"`{arg}` must be numbers, got {_describe(values)}") from None
        if arr.dtype.kind in "iuf":
            return np.array(arr, dtype=np.float64)  # a copy: the caller may freeze it
        if arr.dtype.kind != "O":
            kind = {"b": "bools", "c": "complex numbers", "U": "strings", "S": "strings"}.get(
                arr.dtype.kind, f"dtype {arr.dtype}")
            got = f"an array of {kind}" if arr.ndim else _entry_problem(values) or _describe(values)
            raise error(f"`{arg}` must be real numbers, got {got}")
    for k, x in enumerate(arr.flat):
        problem = _entry_problem(x)
        if problem is not None:
            where = f" entry {k}" if arr.ndim else ""
            raise error(f"`{arg}`{where} must be a real number, got {problem}")
    try:
        return np.array(arr.tolist(), dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise error(f"`{arg}` must be numbers, got {_describe(values)}") from None


def _check_weights(weights: Any, game: Game, *, arg: str = "weights", allow_zero: bool = False) -> np.ndarray:
    if isinstance(weights, dict):
        players = set(game.players)
        unknown = [k for k in weights if k not in players]
        if unknown:
            raise InvalidParameterError(
                f"`{arg}` names {_describe(unknown[0])}, which is not a player of the game "
                f"({_short_names(game.players)})"
            )
        absent = [p for p in game.players if p not in weights]
        if absent:
            raise InvalidParameterError(f"`{arg}` has no weight for {_short_names(absent)}")
        weights = [weights[p] for p in game.players]
    w = _real_array(weights, arg)
    if w.shape != (game.n,):
        raise InvalidParameterError(f"`{arg}` has shape {w.shape}; the game has {game.n} players")
    if not np.all(np.isfinite(w)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {_short(w)}")
    if allow_zero:
        if np.any(w < 0):
            raise InvalidParameterError(f"`{arg}` must be non-negative, got {_short(w)}")
        if not np.any(w > 0):
            raise InvalidParameterError(f"`{arg}` must have a positive sum, got {_short(w)}")
    elif np.any(w <= 0):
        raise InvalidParameterError(f"`{arg}` must be positive, got {_short(w)}")
    return w


def _short_names(names: Any, k: int = 6) -> str:
    names = list(names)
    shown = ", ".join(repr(p) for p in names[:k])
    return shown + (f" and {len(names) - k} more" if len(names) > k else "")
