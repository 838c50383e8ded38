"""Multiple weighted voting games: a coalition wins when it reaches every
quota at once (an AND of weighted voting games), as the Council of the
European Union's double majority does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._kernels import multi_voting as _km
from .._numbers import _is_bool, _show
from ..errors import GameTooLargeError, InvalidParameterError
from ..game import Game
from ..game._masks import _freeze
from ._base import _names, _Structured, _vector
from .voting import _binomial_half, _voting_units

__all__ = ["multiple_weighted_voting", "MultipleWeightedVotingGame"]

# Bounds of the exact route: float64 entries of one count, and steps in all.
_MAX_CELLS = 25_000_000
_MAX_WORK = 2_000_000_000
# The indices read off the winning coalitions (Johnston, Deegan-Packel,
# public good, minimal winning and blocking coalitions) walk all 2**n
# coalitions without a table: about 11 s at 27 players (the EU Council).
_WALK_MAX_N = 27
_MAX_LIST = 1_000_000


class MultipleWeightedVotingGame(_Structured):
    """``v(S) = 1`` if S reaches every quota (or its complement is smaller
    than the blocking minority), else 0."""

    __slots__ = ("_weights", "_quotas", "_blocking", "_units", "_unit_quotas", "_cache", "_given")
    _PARAMS = ("weights", "quotas", "players", "blocking_minority")
    family = "multiple weighted voting"

    def _params(self):
        # the weights and quotas as given (Fractions stay exact): `replace`
        # rebuilds the same game
        weights, quotas = self._given
        return {"weights": weights, "quotas": quotas, "players": self.players,
                "blocking_minority": self._blocking}

    @property
    def weights(self) -> np.ndarray:
        """The weights as given, one row per dimension (read-only)."""
        return self._weights

    @property
    def quotas(self) -> np.ndarray:
        """The quota of each dimension, as given (read-only)."""
        return self._quotas

    @property
    def blocking_minority(self) -> int | None:
        """The fewest members that can block, or None."""
        return self._blocking

    @staticmethod
    def _rebuild(params):
        return multiple_weighted_voting(**params)

    def _wins(self, totals: np.ndarray, sizes: np.ndarray) -> np.ndarray:
        win = np.all(totals >= self._unit_quotas, axis=-1)
        if self._blocking is not None:
            win = win | (sizes > self.n - self._blocking)
        return win

    def _evaluate(self, members):
        m = np.asarray(members, dtype=np.float64)
        return self._wins(m @ self._units.T, m.sum(axis=1)).astype(np.float64)

    def _exact(self):
        """(Shapley-Shubik, raw Banzhaf, Coleman prevent, Coleman initiate)
        without a table, or None beyond the bounds."""
        if "exact" not in self._cache:
            exact = _multi_power(self)
            if exact is not None:
                for a in exact:  # kept for later calls: read-only, callers copy
                    a.setflags(write=False)
            self._cache["exact"] = exact
        return self._cache["exact"]

    def _shapley_fast(self):
        exact = self._exact()
        return None if exact is None else exact[0].copy()

    def _banzhaf_fast(self):
        exact = self._exact()
        return None if exact is None else exact[1].copy()

    def _walked(self, blocking: bool, listing: bool):
        """The walk over every coalition (see ``walk_all``), once per side:
        a walk that lists its minimal coalitions serves the indices too."""
        for key in (("walk", blocking, True), ("walk", blocking, listing)):
            if key in self._cache:
                return self._cache[key]
        out = _km.walk_all(np.ascontiguousarray(self._units, dtype=np.int64),
                           np.asarray(self._unit_quotas, dtype=np.int64), int(self._blocking or 0), blocking,
                           _MAX_LIST if listing else 0)
        self._cache[("walk", blocking, listing)] = out
        return out

    def _power_fast(self, index):
        if index == "coleman":
            exact = self._exact()
            return None if exact is None else (exact[2].copy(), exact[3].copy())
        if index not in ("johnston", "deegan_packel", "public_good", "minimal_winning", "minimal_blocking"):
            return None
        if self.n > _WALK_MAX_N:
            return None
        blocking = index == "minimal_blocking"
        johnston, dp, holler, count, listed = self._walked(blocking, index.startswith("minimal_"))[:5]
        if index == "johnston":
            return johnston / johnston.sum()
        if index == "deegan_packel":
            return dp / count
        if index == "public_good":
            return holler / holler.sum()
        if count > _MAX_LIST:
            kind = "blocking" if blocking else "winning"
            raise GameTooLargeError(
                f"`game` has {count:,} minimal {kind} coalitions; minimal_{kind}_coalitions lists at most "
                f"{_MAX_LIST:,}"
            )
        return [tuple(i for i in range(self.n) if int(m) >> i & 1) for m in np.sort(listed)]


def _multi_power(game: MultipleWeightedVotingGame):
    """Swings by size of one player of each distinct weight column, from the
    counts of the others by size and capped weights (one count per column);
    or, when that programme has more states than a walk over every coalition
    has steps, from the walk."""
    units = game._units.astype(np.int64)
    caps = np.asarray(game._unit_quotas, dtype=np.int64)
    n = game.n
    cols, which = np.unique(units.T, axis=0, return_inverse=True)
    which = which.reshape(-1)
    big = float(np.prod(caps + 1.0))
    work = (cols.shape[0] + 1) * n * n * big * caps.size
    states = int(big) if big < 1e12 else None
    too_big = states is None or (n + 1) * states > _MAX_CELLS or work > _MAX_WORK
    if n <= _WALK_MAX_N and (too_big or work > (2.0 ** n) * n * caps.size):
        return _walked_power(game)
    if too_big:
        return None
    # the capped weights of every state, and whether it wins at each size
    grid = np.stack(np.unravel_index(np.arange(states), tuple(int(c) + 1 for c in caps)), axis=1)
    shapley, banzhaf = np.zeros(cols.shape[0]), np.zeros(cols.shape[0])
    half = _binomial_half(n - 1)
    sizes = np.arange(n)
    for c, col in enumerate(cols):
        others = np.delete(units.T, np.flatnonzero(which == c)[0], axis=0)
        r = _km.size_state_shares(np.ascontiguousarray(others), caps)  # (n, states)
        joined = np.minimum(grid + col, caps)
        swing = game._wins(joined[None, :, :], sizes[:, None] + 1) & ~game._wins(grid[None, :, :], sizes[:, None])
        f = (r * swing).sum(axis=1)  # share of the s-coalitions of the others where it swings
        shapley[c] = f.sum() / n
        banzhaf[c] = f @ half
    r = _km.size_state_shares(np.ascontiguousarray(units.T), caps)  # all players
    win = game._wins(grid[None, :, :], np.arange(n + 1)[:, None])
    by_size = (r * win).sum(axis=1)
    lose_by_size = (r * ~win).sum(axis=1)
    all_half = _binomial_half(n)
    p_win, p_lose = float(by_size @ all_half), float(lose_by_size @ all_half)
    beta = banzhaf[which]
    return shapley[which], beta, beta / (2.0 * p_win), beta / (2.0 * p_lose)


def multiple_weighted_voting(
    weights: Any,
    quotas: Any,
    players: Sequence[str] | None = None,
    blocking_minority: int | None = None,
) -> Game:
    """Multiple weighted voting game: a coalition wins (worth 1) when its
    weights reach the quota in every dimension.

    Parameters
    ----------
    weights : array_like, shape (k, n)
        Non-negative weights, one row per dimension (votes, population,
        one per member...), one column per player; numbers as in
        :func:`weighted_voting` (integers, floats as written, fractions,
        decimals).
    quotas : array_like, shape (k,)
        Weight needed in each dimension; ``0 < quotas[j] <= sum(weights[j])``.
    players : sequence of str, optional
    blocking_minority : int, optional
        The fewest members that can block: a coalition whose complement has
        fewer members wins whatever its weights (the Lisbon rule's "a
        blocking minority must include at least four members" is
        ``blocking_minority=4``). None (default): no such clause.

    Returns
    -------
    Game
        With read-only attributes ``weights``, ``quotas`` and
        ``blocking_minority``. Its Shapley value is the Shapley-Shubik index,
        its raw Banzhaf value the Banzhaf index.

    Raises
    ------
    InvalidParameterError
        On weights that are not a non-negative 2-D array, quotas of the
        wrong length or outside ``(0, sum of the row]``, or a blocking
        minority that is not an integer from 1 to the number of players.

    Notes
    -----
    :func:`coalition.shapley`, :func:`coalition.banzhaf` and
    :func:`coalition.coleman` need no table while the weights are integers
    on a small scale: the coalitions of the other players are counted by
    size and by their weights in every dimension, each capped at its quota
    (a k-dimensional dynamic programme), once per distinct column of
    weights. It takes O(d n**2 P) steps and O(n P) memory, with ``d`` the
    number of distinct columns and ``P`` the product of the quotas plus 1,
    so it suits a few dimensions with small integer weights. When that
    programme would take more steps than visiting every coalition, or is
    beyond 2.5e7 entries or 2e9 steps, games of at most 27 players walk all
    ``2**n`` coalitions once in compiled code (Gray-code order, the totals
    kept up to date, exact integer counts of swings by size); the Johnston,
    Deegan-Packel and public good indices and the minimal winning and
    blocking coalitions always come from that walk (about 2 to 8 s for the
    27 members of the Council of the EU). Beyond 27 players the dense table
    is used, within its memory cap.

    References
    ----------
    Taylor, A. D. and Zwicker, W. S. (1999). Simple Games: Desirability
    Relations, Trading, Pseudoweightings. Princeton University Press
    (vector-weighted games).
    Algaba, E., Bilbao, J. M., Fernández García, J. R. and López, J. J.
    (2003). Computing power indices in weighted multiple majority games.
    Mathematical Social Sciences 46(1), 63-80.

    Examples
    --------
    Two chambers: a bill passes with 3 of 5 seats in the first and 2 of 3
    in the second.

    >>> import coalition as co
    >>> g = co.families.multiple_weighted_voting([[3, 2, 0], [1, 1, 1]], [3, 2])
    >>> g.value("P1+P2"), g.value("P1+P3"), g.value("P2+P3")
    (1.0, 1.0, 0.0)
    >>> co.shapley(g).as_dict()
    {'P1': 0.6667, 'P2': 0.1667, 'P3': 0.1667}
    """
    w = _vector(weights, "weights", ndim=2)
    k, n = w.shape
    q = _vector(quotas, "quotas")
    if q.ndim != 1 or q.size != k:
        raise InvalidParameterError(
            f"`quotas` has {q.size} entries; `weights` has {k} rows (one quota per row expected)"
        )
    rows = [weights[j] for j in range(k)] if isinstance(weights, np.ndarray) else [list(r) for r in weights]
    units, unit_quotas = [], []
    for j in range(k):
        try:
            u, uq = _voting_units(rows[j], w[j], quotas[j] if not isinstance(quotas, np.ndarray) else q[j])
        except InvalidParameterError as err:
            raise InvalidParameterError(f"row {j} of `weights` and `quotas`: {err}") from None
        units.append(u)
        unit_quotas.append(uq)
    if blocking_minority is not None:
        if _is_bool(blocking_minority) or not isinstance(blocking_minority, (int, np.integer)) \
                or not 1 <= blocking_minority <= n:
            raise InvalidParameterError(
                f"`blocking_minority` must be None or an integer from 1 to {n} (the number of players), "
                f"got {_show(blocking_minority)}"
            )
        blocking_minority = int(blocking_minority)
    game = MultipleWeightedVotingGame._lazy(_names(players, n), "profit")
    game._init(
        _weights=w, _quotas=_freeze(q.copy()), _blocking=blocking_minority,
        _units=_freeze(np.array(units, dtype=np.float64).reshape(k, n)),
        _unit_quotas=_freeze(np.array(unit_quotas, dtype=np.int64)), _cache={},
        _given=([list(r) for r in rows], quotas.copy() if isinstance(quotas, np.ndarray) else list(quotas)),
    )
    return game


def _walked_power(game: MultipleWeightedVotingGame):
    """Shapley-Shubik, raw Banzhaf and Coleman's indices from the swings by
    size counted by the walk over every coalition (exact integer counts)."""
    n = game.n
    swings, winning = game._walked(False, False)[5:7]
    sizes = np.arange(n)
    # s! (n - s - 1)! / n! for s others before the player
    weight = np.exp([math.lgamma(s + 1) + math.lgamma(n - s) - math.lgamma(n + 1) for s in sizes])
    shapley = swings @ weight
    beta = swings.sum(axis=1) / 2.0 ** (n - 1)
    p_win = winning / 2.0**n
    p_lose = 1.0 - p_win
    return shapley, beta, beta / (2.0 * p_win), beta / (2.0 * p_lose)
