"""The Aumann-Dreze value: the Shapley value within each bloc of a
coalition structure.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..game import Game
from ..results import Allocation
from ..values import shapley
from ..values._checks import _check_game
from ..game._partition import check_partition

__all__ = ["aumann_dreze"]


def aumann_dreze(game: Game, blocs: Any) -> Allocation:
    r"""The Aumann-Drèze value: each bloc shares its own worth by the Shapley value of its subgame.

    .. math:: AD_i(v, \mathcal{B}) = \phi_i(v|_{B(i)}),

    with :math:`B(i)` the bloc of partner :math:`i` and
    :math:`v|_B` the game restricted to the players of :math:`B`. Where the
    Owen value (:func:`owen`) shares the grand coalition's worth with blocs
    that bargain together, the Aumann-Drèze value is for blocs that stay
    apart: each bloc's shares add up to its own worth :math:`v(B)`, so the
    shares add up to :math:`\sum_B v(B)`, not :math:`v(N)`.

    Parameters
    ----------
    game : Game
    blocs : list of groups of player names, or dict of them
        A partition of the players (each group a list of names or an
        ``"A+B"`` string), as for :func:`owen`.

    Returns
    -------
    Allocation
        Shares in ``game.players`` order (cost shares for a cost game: each
        bloc shares its own cost), rule ``"Aumann-Dreze"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    InvalidParameterError
        If `blocs` is not a partition of the players (a player unknown,
        missing, or in two blocs; an empty bloc).
    GameTooLargeError
        If a bloc's subgame has no exact Shapley value within the memory
        cap (a bloc of a dense game too large for a table).

    References
    ----------
    Aumann, R. J. and Drèze, J. H. (1974). Cooperative games with coalition
    structures. International Journal of Game Theory 3(4), 217-237.

    Examples
    --------
    Three partners; A and B form one bloc, C stays on its own.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 1, "B": 2, "C": 3, "A+B": 7, "A+C": 6,
    ...                        "B+C": 8, "A+B+C": 12}, players=["A", "B", "C"])
    >>> co.aumann_dreze(g, [["A", "B"], ["C"]]).as_dict()
    {'A': 3.0, 'B': 4.0, 'C': 3.0}
    """
    game = _check_game(game)
    groups = check_partition(blocs, game, "blocs")
    x = np.empty(game.n)
    for pos in groups:
        order = np.sort(pos)
        sub = game.subgame([game.players[i] for i in order])
        x[order] = shapley(sub).x
    return Allocation(game.players, x, "Aumann-Dreze", game.kind)
