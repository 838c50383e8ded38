"""Travelling-salesman cost games: partners share a delivery round from a
depot; exact for small alliances, a stated heuristic beyond.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._kernels import routing as _kr
from ..errors import InvalidParameterError
from ..game import Game
from ..game._masks import _freeze
from ._base import _array, _Model, _names

__all__ = ["travelling_salesman", "TravellingSalesmanGame"]

# Most partners for the exact route: one Held-Karp programme over all the
# stops gives every coalition's shortest round, 2**16 * 16**2 steps and
# 2**16 * 16 path lengths (8 MiB) at 16.
_EXACT_MAX = 16
_METHODS = ("exact", "heuristic")


class TravellingSalesmanGame(_Model):
    """Cost game ``c(S)`` = the shortest round from the depot through S's stops."""

    __slots__ = ("_distances", "_method", "_rounds")
    _PARAMS = ("distances", "depot", "players", "method")
    family = "travelling salesman"

    @property
    def distances(self) -> np.ndarray:
        """The distance matrix, depot first (read-only)."""
        return self._distances

    @property
    def method(self) -> str:
        """``"exact"`` or ``"heuristic"`` (2-opt tours, upper bounds)."""
        return self._method

    def _params(self):
        return {"distances": self._distances, "depot": 0, "players": self.players, "method": self._method}

    @staticmethod
    def _rebuild(params):
        return travelling_salesman(**params)

    def __reduce__(self):
        return (_restore, (self._distances, self.players, self._method))

    def _subgame_fast(self, pos):
        keep = [0, *(i + 1 for i in pos)]
        return travelling_salesman(self._distances[np.ix_(keep, keep)], 0, [self.players[i] for i in pos],
                                   method=self._method)

    def _compute(self, rows):
        if self._method == "exact":
            if self._rounds is None:  # every coalition's shortest round at once, then looked up
                rounds = _kr.held_karp_all(np.ascontiguousarray(self._distances))
                rounds.flags.writeable = False
                object.__setattr__(self, "_rounds", rounds)
            masks = rows.astype(np.int64) @ (np.int64(1) << np.arange(self.n, dtype=np.int64))
            return self._rounds[masks]
        tour = _kr.two_opt
        out = np.empty(rows.shape[0])
        for r, row in enumerate(rows):
            keep = np.concatenate([[0], 1 + np.flatnonzero(row)])
            out[r] = tour(np.ascontiguousarray(self._distances[np.ix_(keep, keep)]))
        return out


def _restore(distances, players, method):
    return travelling_salesman(distances, 0, players, method=method)


def travelling_salesman(
    distances: Any,
    depot: int = 0,
    players: Sequence[str] | None = None,
    *,
    method: str = "exact",
) -> Game:
    r"""Travelling-salesman cost game: a coalition pays for the shortest round from the depot through its members.

    Partners share a vehicle (a delivery round, a maintenance tour, a
    milk run) that leaves the depot, visits each member once and returns:

    .. math:: c(S) = \min_{\text{tours } T \text{ of } S \cup \{0\}} \text{length}(T).

    Parameters
    ----------
    distances : array_like, shape (n + 1, n + 1)
        Non-negative cost of going from each stop to each other (row
        `depot` is the depot). With ``method="exact"`` it may be asymmetric.
    depot : int, default 0
        The depot's row.
    players : sequence of str, optional
        Partner names, one per row other than the depot.
    method : {"exact", "heuristic"}, default "exact"
        ``"exact"``: the shortest round, for at most 16 partners: one
        Held-Karp dynamic programme over all the stops, run on the first
        cost asked for, gives every coalition's at once. ``"heuristic"``: a nearest-neighbour round
        improved by 2-opt moves, for any number of partners and symmetric
        distances; its costs are upper bounds of the shortest rounds, so the
        game is an approximation of the travelling-salesman game.

    Returns
    -------
    Game
        A cost game with read-only ``distances`` (depot first) and
        ``method``; costs are computed when first asked for and remembered.

    Raises
    ------
    InvalidParameterError
        On a matrix that is not square, negative or non-finite distances,
        a `depot` outside it, more than 16 partners with ``"exact"``,
        asymmetric distances with ``"heuristic"``, or names that do not
        match.

    References
    ----------
    Potters, J. A. M., Curiel, I. J. and Tijs, S. H. (1992). Traveling
    salesman games. Mathematical Programming 53, 199-211.
    Held, M. and Karp, R. M. (1962). A dynamic programming approach to
    sequencing problems. Journal of SIAM 10(1), 196-210.
    Croes, G. A. (1958). A method for solving traveling-salesman problems.
    Operations Research 6(6), 791-812 (2-opt).

    Examples
    --------
    A depot and three customers on a line at 1, 2 and 4 km, both ways:

    >>> import coalition as co
    >>> at = [0, 1, 2, 4]
    >>> d = [[abs(a - b) for b in at] for a in at]
    >>> g = co.models.travelling_salesman(d)
    >>> g.value("P1"), g.value("P1+P3"), g.grand_value
    (2.0, 8.0, 8.0)
    """
    if not isinstance(method, str) or method not in _METHODS:
        raise InvalidParameterError(f"`method` must be 'exact' or 'heuristic', got {method!r}")
    d = _array(distances, "distances", ndim=2)
    if d.shape[0] != d.shape[1] or d.shape[0] < 2:
        raise InvalidParameterError(f"`distances` must be square, (n + 1, n + 1) with n >= 1, got shape {d.shape}")
    if isinstance(depot, bool) or not isinstance(depot, (int, np.integer)) or not 0 <= depot < d.shape[0]:
        raise InvalidParameterError(f"`depot` must be a row of `distances`, 0 to {d.shape[0] - 1}, got {depot!r}")
    n = d.shape[0] - 1
    if method == "exact" and n > _EXACT_MAX:
        raise InvalidParameterError(
            f"`distances` has {n} partners; the exact shortest rounds are computed for at most {_EXACT_MAX}: "
            "use method='heuristic' (2-opt rounds, upper bounds of the shortest)"
        )
    if method == "heuristic" and not np.array_equal(d, d.T):
        raise InvalidParameterError("`distances` must be symmetric with method='heuristic'")
    order = [int(depot), *[k for k in range(n + 1) if k != depot]]
    d = _freeze(d[np.ix_(order, order)])
    names = _names(players, n, "`distances`")
    return TravellingSalesmanGame._build(names, "cost", _distances=d, _method=method, _rounds=None)
