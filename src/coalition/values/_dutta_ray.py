"""The egalitarian solution of Dutta and Ray (1989) for convex games."""

from __future__ import annotations

import numpy as np

from ..errors import InvalidGameError
from ..game import Game
from ..results import Allocation
from ._checks import _check_game

__all__ = ["dutta_ray"]


def dutta_ray(game: Game) -> Allocation:
    r"""The Dutta-Ray egalitarian solution of a convex game: the most equal split in the core.

    The largest coalition with the highest average worth shares its worth
    equally; the others then play the game of what they add to it, and the
    step repeats. For a convex game this split is in the core and Lorenz
    dominates every other core allocation.

    .. math:: S_1 = \text{the largest } S \text{ maximising } \frac{v(S)}{|S|},
              \quad x_i = \frac{v(S_1)}{|S_1|} \ (i \in S_1),
              \quad v_1(T) = v(T \cup S_1) - v(S_1).

    Parameters
    ----------
    game : Game
        A convex game (for a cost game: its savings game is convex, i.e.
        the costs are submodular).

    Returns
    -------
    Allocation
        Shares in ``game.players`` order, rule ``"dutta-ray"``; for a cost
        game, cost shares (standalone costs less the egalitarian split of the
        savings).

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game` or is not convex (the
        largest maximiser is then not well defined and the solution may
        leave the core).
    GameTooLargeError
        If the dense table of the game would exceed the memory cap.

    References
    ----------
    Dutta, B. and Ray, D. (1989). A concept of egalitarianism under
    participation constraints. Econometrica 57(3), 615-635.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 2,
    ...                        "B+C": 2, "A+B+C": 9})
    >>> co.dutta_ray(g).as_dict()
    {'A': 3.0, 'B': 3.0, 'C': 3.0}
    """
    game = _check_game(game)
    if not game.is_convex:
        raise InvalidGameError(
            "`game` is not convex (for a cost game: its costs are not submodular); "
            "the Dutta-Ray solution is defined here for convex games"
        )
    v = game.worths
    n = game.n
    size = np.array([bin(m).count("1") for m in range(1 << n)], dtype=np.float64)
    tol = 1e-9 * max(float(np.max(np.abs(v))), 1e-300)
    x = np.zeros(n)
    done = 0
    full = (1 << n) - 1
    while done != full:
        masks = np.arange(1 << n)
        fresh = masks[(masks & done) == 0][1:]  # non-empty coalitions of the players left
        gain = v[fresh | done] - v[done]
        avg = gain / size[fresh]
        best = float(avg.max())
        tied = fresh[avg >= best - tol]
        chosen = int(tied[np.argmax(size[tied])])  # the largest maximiser (unique for convex games)
        for i in range(n):
            if chosen >> i & 1:
                x[i] = best
        done |= chosen
    return Allocation(game.players, game._from_worth_units(x), "dutta-ray", game.kind)
