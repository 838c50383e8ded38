"""The utopia vector and the minimal rights in worth units (private).
"""

from __future__ import annotations

import numpy as np

from ..game import Game
from ..game._checks import _check_table_size
from ..game._masks import _additive_table


def _utopia_worths(game: Game) -> np.ndarray:
    """``M_i = v(N) - v(N \\ i)`` on the game's worths."""
    w = game.worths
    full = (1 << game.n) - 1
    return w[full] - w[full ^ (1 << np.arange(game.n))]


def _minimal_rights_worths(game: Game, utopia: np.ndarray) -> np.ndarray:
    """``m_i = max over S containing i of v(S) - M(S \\ i)`` on the worths.

    The remainder ``R(S) = v(S) - M(S)`` is computed once for every
    coalition, so that ``m_i = M_i + max over S containing i of R(S)``.
    """
    n = game.n
    _check_table_size(n, copies=3)  # the table, the additive table, the remainders
    rest = game.worths - _additive_table(utopia)
    return utopia + np.array([_with(rest, i).max() for i in range(n)])


def _with(table: np.ndarray, i: int) -> np.ndarray:
    """The entries of a ``2**n`` table at the coalitions containing player
    `i`, as a strided view (no copy): blocks of ``2**i`` entries with bit
    ``i`` set alternate with blocks without it."""
    return table.reshape(-1, 2, 1 << i)[:, 1, :]


def _without(table: np.ndarray, i: int) -> np.ndarray:
    """The entries at the coalitions without player `i`, in the same order
    as :func:`_with` (entry ``k`` of one is entry ``k`` of the other less `i`)."""
    return table.reshape(-1, 2, 1 << i)[:, 0, :]


def _scale(game: Game, *arrays: np.ndarray) -> float:
    """A magnitude for relative tolerances: the largest worth in play."""
    w = game.worths
    big = max([float(np.max(np.abs(w)))] + [float(np.max(np.abs(a))) for a in arrays])
    return max(big, 1e-300)
