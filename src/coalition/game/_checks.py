"""Checks of players, kinds, table sizes and worths shared by every game constructor (private).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from .. import _config
from .._numbers import _is_bool, _show
from ..errors import (
    GameTooLargeError,
    InvalidGameError,
    InvalidParameterError,
)

_KINDS = ("profit", "cost")
_ORDERS = ("binary", "lex")
_FILLS = (None, "additive", "superadditive")
_SUPERADDITIVE_FILL_MAX_N = 15
# Beyond this many players a coalition cannot be an int64 bitmask.
_MAX_MASK_BITS = 62


# validation helpers shared by the constructors
def _check_kind(kind: Any) -> str:
    if not isinstance(kind, str) or kind not in _KINDS:
        raise InvalidParameterError(f"`kind` must be 'profit' or 'cost', got {kind!r}")
    return kind


def _check_players(players: Iterable[Any], n: int | None = None, arg: str = "players") -> tuple[str, ...]:
    if isinstance(players, (str, bytes)):
        raise InvalidGameError(f"`{arg}` must be a sequence of names, not a single string {players!r}")
    if isinstance(players, (set, frozenset)):
        raise InvalidGameError(
            f"`{arg}` must be an ordered sequence of names (a list or tuple), not a {type(players).__name__}: "
            "the order of the names is the order of the worths"
        )
    if players is None or isinstance(players, (numbers.Number, np.bool_)):
        raise InvalidGameError(f"`{arg}` must be a sequence of names, got {_show(players)}")
    try:
        raw = list(players)
    except TypeError:
        raise InvalidGameError(f"`{arg}` must be a sequence of names, got {type(players).__name__}") from None
    for i, p in enumerate(raw):
        if p is None or _is_bool(p) or isinstance(p, (complex, np.complexfloating, bytes, list, dict, set, np.ndarray)):
            raise InvalidGameError(f"`{arg}` has {_show(p)} at position {i}; a name must be a string")
    names = tuple(str(p) for p in raw)
    if n is not None and len(names) != n:
        raise InvalidGameError(f"`{arg}` has {len(names)} names; the table is for {n} players")
    if not names:
        raise InvalidGameError(f"`{arg}` is empty; a game needs at least one player")
    empty = [i for i, p in enumerate(names) if not p.strip()]
    if empty:
        raise InvalidGameError(f"`{arg}` has an empty name at position {empty[0]}")
    seen: dict[str, int] = {}
    for i, p in enumerate(names):
        if p in seen:
            raise InvalidGameError(f"`{arg}` has the name {p!r} twice (positions {seen[p]} and {i})")
        seen[p] = i
    for p in names:
        # a name may hold '+' ("R+D"), unless its parts are players too: then
        # "A+B" would name both a player and a coalition
        parts = p.split("+")
        if len(parts) > 1 and all(q in seen for q in parts):
            raise InvalidGameError(
                f"`{arg}` has {p!r} and also {', '.join(repr(q) for q in parts)}: {p!r} would name both a "
                "player and a coalition; rename one of them"
            )
    return names


def _default_players(n: int) -> tuple[str, ...]:
    return tuple(f"P{i + 1}" for i in range(n))


def _n_from_length(length: int, *, lex: bool) -> int:
    target = length + 1 if lex else length
    if target < 2 or target & (target - 1):
        if lex:
            raise InvalidGameError(
                f"`values` has {length} entries; in lex order a game of n players "
                "needs 2**n - 1 (1, 3, 7, 15, ...)"
            )
        raise InvalidGameError(
            f"`values` has {length} entries; in binary order a game of n players "
            "needs 2**n (2, 4, 8, 16, ...)"
        )
    return target.bit_length() - 1


def _check_table_size(n: int, copies: int = 1) -> None:
    needed = copies * 8 * (1 << n) if n < 64 else math.inf
    cap = _config.get_max_table_bytes()
    if n > _MAX_MASK_BITS or needed > cap:
        need_txt = f"{needed:,} bytes" if needed != math.inf else "more than 2**64 bytes"
        raise GameTooLargeError(
            f"a dense table of {n} players needs {need_txt} (2**{n} float64 entries), "
            f"more than the cap of {cap:,} bytes; use estimate_shapley or an exact "
            "algorithm of the game's family, or raise the cap with "
            "coalition.set_max_table_bytes"
        )


# Worths are kept below this magnitude so that sums over 2**62 coalitions and
# squares (variances) of worths stay finite in float64.
MAX_ABS_WORTH = 1e150


# Tables of more entries than this are checked by one compiled pass in place
# (no temporary of the table's size); smaller ones in numpy, so that a small
# game compiles nothing.
_SCAN_MIN = 1 << 16


def _scan(values: np.ndarray) -> tuple[int, np.ndarray, int]:
    """``(count, first, huge)`` of :func:`coalition._kernels.scan.check_worths`
    (at most 5 positions in ``first``), for a one-dimensional float64 array."""
    if values.size > _SCAN_MIN:
        from .._kernels import scan as _ks

        count, first, huge = _ks.check_worths(np.ascontiguousarray(values), MAX_ABS_WORTH, 5)
        return int(count), first[: min(int(count), 5)], int(huge)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        return int(bad.size), bad[:5], -1
    huge = np.flatnonzero(np.abs(values) > MAX_ABS_WORTH)
    return 0, bad, int(huge[0]) if huge.size else -1


def _max_abs(values: np.ndarray) -> float:
    """``max |values|`` (0.0 when empty), without a temporary of the table's size."""
    if values.size > _SCAN_MIN:
        from .._kernels import scan as _ks

        return float(_ks.max_abs(np.ascontiguousarray(values, dtype=np.float64)))
    return float(np.max(np.abs(values))) if values.size else 0.0


def _finite_or_raise(values: np.ndarray, what: str, describe: Callable[[int], str]) -> None:
    count, first, huge = _scan(values)
    if count:
        shown = ", ".join(describe(int(k)) for k in first)
        more = f" and {count - 5} more" if count > 5 else ""
        raise InvalidGameError(f"`{what}` has non-finite worths (NaN or inf) at {shown}{more}")
    if huge >= 0:
        raise InvalidGameError(
            f"`{what}` has a worth of magnitude above {MAX_ABS_WORTH:g} at {describe(huge)} "
            f"({values[huge]:g}); sums over coalitions would overflow: rescale the worths"
        )
