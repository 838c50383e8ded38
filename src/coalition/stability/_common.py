"""Checks, tolerances and unit conversions shared by the stability rules (private).
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from ..errors import (
    InvalidGameError,
    InvalidParameterError,
    SolverError,
)
from ..game import Game
from ..game._checks import _scan
from ..game.game import _check_game  # noqa: F401 - the check every rule of this package starts with
from . import _engine as _nu
from . import _excess

_CORE_VERTICES_MAX_N = 6
_EPS = float(np.finfo(float).eps)
_NORMS = ("max", "total")


# validation helpers
def _worth_allocation(game: Game, x: Any, arg: str = "x") -> np.ndarray:
    """Validated allocation in the game's units, converted to worth units."""
    return game._to_worth_units(game._check_allocation(x, arg))


def _check_tol(tol: Any, arg: str = "tol") -> float:
    if isinstance(tol, bool):
        raise InvalidParameterError(f"`{arg}` must be a number, got {tol!r}")
    try:
        t = float(tol)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"`{arg}` must be a number, got {tol!r}") from None
    if not (np.isfinite(t) and 0 <= t < 1):
        raise InvalidParameterError(f"`{arg}` must be at least 0 and below 1 (relative to the game's scale), got {tol!r}")
    return t


# The worth table in LP units of each game, built once: a game never
# changes, and the table's magnitude and scale take a pass over its 2**n
# worths. Keyed by the game itself (by identity; a game is released with it).
_TABLES: weakref.WeakKeyDictionary[Game, _nu.Table] = weakref.WeakKeyDictionary()


def _table(game: Game) -> _nu.Table:
    """The game's worth table with its zero-normalization and scale
    (:class:`._engine.Table`), checked finite; built on first need and kept
    while the game lives. Its arrays are read-only."""
    try:
        table = _TABLES.get(game)
    except TypeError:  # not weakly referable
        table = None
    if table is not None and table.v is game.worths:
        return table
    worths = game.worths
    count, first, _ = _scan(worths)  # in place: no temporary of the table's size
    if count:
        m = int(first[0])
        raise InvalidGameError(
            f"`game` has {count} non-finite worth(s), e.g. {worths[m]} for {'+'.join(_names(game, m))}: "
            "its worths overflow float64; rescale them (e.g. to millions) and build the game again"
        )
    # a cost game's savings sum(c_i) - c(S) are rounded at the scale of the costs
    magnitude = float(_excess.max_abs(game.values)) * game.n if game.kind == "cost" else 0.0
    table = _nu.Table(worths, game.n, magnitude)
    table.b.setflags(write=False)
    try:
        _TABLES[game] = table
    except TypeError:
        pass
    return table


def _checked_shares(game: Game, table: _nu.Table, x: np.ndarray, what: str) -> np.ndarray:
    """`x` (game units) if it is finite and adds up to the grand coalition's
    worth (or cost); otherwise SolverError, never a wrong split."""
    x = np.asarray(x, dtype=np.float64)
    total = float(x.sum())
    raw = max(table.raw, float(np.abs(x).max()) if x.size else 0.0)
    atol = 1e-8 * table.scale + 64 * game.n * _EPS * raw
    if not (np.isfinite(x).all() and np.isfinite(total) and abs(total - game.grand_value) <= atol):
        raise SolverError(
            f"{what}: the LP solution is not a split of the grand coalition's "
            f"{'cost' if game.kind == 'cost' else 'worth'} {game.grand_value:.10g} "
            f"(its shares add up to {total:.10g}); the game is too badly scaled for float64"
        )
    return x


def _abs_tol(table: _nu.Table, tol: float) -> float:
    """Absolute tolerance on an excess computed in raw units: `tol` times
    the scale, plus the rounding of the worths' magnitude."""
    return tol * table.scale + 8 * np.finfo(float).eps * table.raw


def _lp_tol(table: _nu.Table, tol: float) -> float:
    """Absolute tolerance on an LP value: the LPs work on the
    zero-normalized game, so `tol` is relative to its scale; the
    zero-normalization itself rounds at the worths' magnitude (an additive
    game with decimal worths, 0.1 + 0.2 != 0.3, must not lose its core)."""
    return _abs_tol(table, tol)


def _names(game: Game, mask: int) -> tuple[str, ...]:
    return tuple(p for i, p in enumerate(game.players) if mask >> i & 1)


def _to_game(game: Game, x_worth: np.ndarray) -> np.ndarray:
    return game._from_worth_units(np.asarray(x_worth, dtype=np.float64)) + 0.0  # no -0.0
