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
    _check_table_size(n, copies=4)  # the table, the remainders, masks, a selection
    rest = game.worths - _additive_table(utopia)
    masks = np.arange(1 << n)
    m = np.empty(n)
    for i in range(n):
        m[i] = utopia[i] + rest[(masks >> i) & 1 == 1].max()
    return m


def _scale(game: Game, *arrays: np.ndarray) -> float:
    """A magnitude for relative tolerances: the largest worth in play."""
    w = game.worths
    big = max([float(np.max(np.abs(w)))] + [float(np.max(np.abs(a))) for a in arrays])
    return max(big, 1e-300)
