"""Assignment games (Shapley and Shubik 1971): buyers and sellers trade one
indivisible good each; the core's two corners and their midpoint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..game._checks import _check_players
from ..results import Allocation
from ._base import _array, _Model

__all__ = ["assignment", "buyer_optimal", "seller_optimal", "fair_division_point", "AssignmentGame"]


def _matching_value(gains: np.ndarray) -> float:
    if gains.shape[0] == 0 or gains.shape[1] == 0:
        return 0.0
    r, c = linear_sum_assignment(gains, maximize=True)
    return float(gains[r, c].sum())


class AssignmentGame(_Model):
    """``v(S)`` = the best matching of S's buyers with S's sellers."""

    __slots__ = ("_given", "_gains", "_n_buyers")
    _PARAMS = ("gains", "buyers", "sellers")
    family = "assignment"

    @property
    def gains(self) -> np.ndarray:
        """The gain ``a[i, j]`` of each buyer-seller pair, as given (read-only)."""
        return self._given

    @property
    def buyers(self) -> tuple[str, ...]:
        """The buyers' names (the first players)."""
        return self.players[: self._n_buyers]

    @property
    def sellers(self) -> tuple[str, ...]:
        """The sellers' names (the last players)."""
        return self.players[self._n_buyers :]

    def _params(self):
        return {"gains": self._given, "buyers": self.buyers, "sellers": self.sellers}

    @staticmethod
    def _rebuild(params):
        return assignment(**params)

    def __reduce__(self):
        return (assignment, (self._given, self.buyers, self.sellers))

    def _subgame_fast(self, pos):
        nb = self._n_buyers
        b = [i for i in pos if i < nb]
        s = [i - nb for i in pos if i >= nb]
        if not b or not s or list(pos) != b + [nb + j for j in s]:
            return None  # no market left, or the order is not buyers then sellers
        return assignment(self._given[np.ix_(b, s)], [self.players[i] for i in b], [self.players[nb + j] for j in s])

    def _compute(self, rows):
        nb = self._n_buyers
        out = np.empty(rows.shape[0])
        for r, row in enumerate(rows):
            out[r] = _matching_value(self._gains[np.ix_(row[:nb], row[nb:])])
        return out


def _side(names: Any, count: int, prefix: str, arg: str) -> tuple[str, ...]:
    if names is None:
        return tuple(f"{prefix}{i + 1}" for i in range(count))
    names = _check_players(names, arg=arg)
    if len(names) != count:
        raise InvalidParameterError(f"`{arg}` has {len(names)} names; `gains` has {count} of them")
    return names


def assignment(
    gains: Any,
    buyers: Sequence[str] | None = None,
    sellers: Sequence[str] | None = None,
) -> Game:
    r"""Assignment game: a coalition's worth is its best matching of buyers with sellers.

    Each seller has one indivisible good (a house, a slot, a licence) and
    each buyer wants one. When buyer ``i`` trades with seller ``j`` they
    create ``a[i, j]`` (the buyer's value of the good minus the seller's
    reservation value). A coalition can only trade inside itself:

    .. math:: v(S) = \max_{\mu} \sum_{(i, j) \in \mu} \max(a_{ij}, 0)

    over the matchings ``mu`` of the buyers in ``S`` with the sellers in
    ``S`` (a pair with a negative gain does not trade).

    Parameters
    ----------
    gains : array_like, shape (buyers, sellers)
        The gain of each buyer-seller pair (a DataFrame's index and columns
        give the names when `buyers` and `sellers` are not given).
    buyers, sellers : sequence of str, optional
        Names of the buyers (default ``B1, B2, ...``) and of the sellers
        (default ``S1, S2, ...``). The game's players are the buyers, then
        the sellers.

    Returns
    -------
    Game
        A profit game with read-only attributes ``gains``,
        ``buyers`` and ``sellers``. Each worth is one assignment problem
        (:func:`scipy.optimize.linear_sum_assignment`), computed when first
        asked for and remembered.

    Raises
    ------
    InvalidParameterError
        On a matrix that is not two-dimensional, non-finite entries, or
        names that do not match its shape.

    See Also
    --------
    buyer_optimal, seller_optimal, fair_division_point : core allocations.

    References
    ----------
    Shapley, L. S. and Shubik, M. (1971). The assignment game I: the core.
    International Journal of Game Theory 1(1), 111-130. doi:10.1007/BF01753437

    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.assignment([[5, 2], [4, 3]], buyers=["Ann", "Bob"], sellers=["Cy", "Di"])
    >>> g.grand_value, g.value("Ann+Cy"), g.value("Ann+Bob+Di")
    (8.0, 5.0, 3.0)
    """
    if buyers is None and hasattr(gains, "index") and hasattr(gains, "columns"):
        buyers = [str(p) for p in gains.index]
        sellers = [str(p) for p in gains.columns] if sellers is None else sellers
    a = _array(gains, "gains", ndim=2, nonneg=False)
    nb, ns = a.shape
    names = _side(buyers, nb, "B", "buyers") + _side(sellers, ns, "S", "sellers")
    _check_players(names)  # a buyer and a seller may not share a name
    return AssignmentGame._build(
        names, "profit", _given=a, _gains=np.maximum(a, 0.0), _n_buyers=nb
    )


def _assignment_game(game: Any) -> AssignmentGame:
    if not isinstance(game, AssignmentGame):
        raise InvalidGameError(
            f"`game` must be an assignment game (coalition.models.assignment), got {type(game).__name__}"
        )
    return game


def _side_optimal(g: AssignmentGame, buyers_first: bool) -> np.ndarray:
    """The core point best for one side: each of its members gets its
    marginal contribution ``v(N) - v(N without it)``; its partner in an
    optimal matching gets the rest of their pair's gain, the unmatched 0."""
    a = g._gains if buyers_first else g._gains.T
    total = _matching_value(a)
    k = a.shape[0]
    mine = np.array([total - _matching_value(np.delete(a, i, axis=0)) for i in range(k)])
    theirs = np.zeros(a.shape[1])
    r, c = linear_sum_assignment(a, maximize=True)
    theirs[c] = a[r, c] - mine[r]
    # an unmatched player of the favoured side has a marginal contribution of 0
    theirs = np.maximum(theirs, 0.0)
    return np.concatenate([mine, theirs] if buyers_first else [theirs, mine])




def buyer_optimal(game: Game) -> Allocation:
    """The core allocation that every buyer prefers: each buyer gets its largest core share.

    The core of an assignment game is a lattice with a buyer-optimal corner
    in which each buyer ``i`` gets ``v(N) - v(N - i)``, its marginal
    contribution, and each seller the rest of its pair's gain in an optimal
    matching (0 when it does not trade).

    Parameters
    ----------
    game : Game
        A game from :func:`assignment`.

    Returns
    -------
    Allocation
        Rule ``"buyer optimal"``, buyers first, then sellers.

    Raises
    ------
    InvalidGameError
        If `game` is not an assignment game.
    References
    ----------
    Shapley, L. S. and Shubik, M. (1971). The assignment game I: the core.
    International Journal of Game Theory 1(1), 111-130 (the two corners of
    the core). Demange, G. (1982). Strategyproofness in the assignment
    market game. Laboratoire d'Econometrie, Ecole Polytechnique; Leonard,
    H. B. (1983). Elicitation of honest preferences for the assignment of
    individuals to positions. Journal of Political Economy 91(3), 461-479
    (each member of the favoured side gets its marginal contribution).
    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.assignment([[5, 2], [4, 3]])
    >>> co.models.buyer_optimal(g).as_dict()
    {'B1': 4.0, 'B2': 3.0, 'S1': 1.0, 'S2': 0.0}
    """
    g = _assignment_game(game)
    return Allocation(g.players, _side_optimal(g, True), "buyer optimal", "profit")


def seller_optimal(game: Game) -> Allocation:
    """The core allocation that every seller prefers: each seller gets its largest core share.

    The mirror image of :func:`buyer_optimal`: each seller ``j`` gets
    ``v(N) - v(N - j)`` and each buyer the rest of its pair's gain.

    Parameters
    ----------
    game : Game
        A game from :func:`assignment`.

    Returns
    -------
    Allocation
        Rule ``"seller optimal"``, buyers first, then sellers.

    Raises
    ------
    InvalidGameError
        If `game` is not an assignment game.
    References
    ----------
    Shapley, L. S. and Shubik, M. (1971). The assignment game I: the core.
    International Journal of Game Theory 1(1), 111-130 (the two corners of
    the core). Demange, G. (1982). Strategyproofness in the assignment
    market game. Laboratoire d'Econometrie, Ecole Polytechnique; Leonard,
    H. B. (1983). Elicitation of honest preferences for the assignment of
    individuals to positions. Journal of Political Economy 91(3), 461-479
    (each member of the favoured side gets its marginal contribution).
    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.assignment([[5, 2], [4, 3]])
    >>> co.models.seller_optimal(g).as_dict()
    {'B1': 0.0, 'B2': 0.0, 'S1': 5.0, 'S2': 3.0}
    """
    g = _assignment_game(game)
    return Allocation(g.players, _side_optimal(g, False), "seller optimal", "profit")


def fair_division_point(game: Game) -> Allocation:
    """Thompson's fair division point: the midpoint of the buyer- and seller-optimal corners of the core.

    The core is convex, so the midpoint of its two corners is in the core;
    it splits the bargaining range between the two sides evenly.

    Parameters
    ----------
    game : Game
        A game from :func:`assignment`.

    Returns
    -------
    Allocation
        Rule ``"fair division point"``, buyers first, then sellers.

    Raises
    ------
    InvalidGameError
        If `game` is not an assignment game.

    References
    ----------
    Thompson, G. L. (1981). Auctions and market games. In Essays in Game
    Theory and Mathematical Economics in Honor of Oskar Morgenstern,
    R. J. Aumann et al. (eds.), Bibliographisches Institut, Mannheim,
    181-196.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.models.assignment([[5, 2], [4, 3]])
    >>> x = co.models.fair_division_point(g)
    >>> x.as_dict(), co.in_core(g, x.x)
    ({'B1': 2.0, 'B2': 1.5, 'S1': 3.0, 'S2': 1.5}, True)
    """
    g = _assignment_game(game)
    x = (_side_optimal(g, True) + _side_optimal(g, False)) / 2
    return Allocation(g.players, x, "fair division point", "profit")
