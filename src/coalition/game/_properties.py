"""More properties of a game read off its worths: symmetry, constant sum,
1-convexity and semiconvexity, dummy, null and veto players, and the
properties of simple (voting) games.
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidGameError
from ._masks import _additive_table


def _marginals(w: np.ndarray, i: int) -> np.ndarray:
    """``v(S + i) - v(S)`` for every S without player i (a strided view)."""
    blocks = w.reshape(-1, 2, 1 << i)
    return blocks[:, 1, :] - blocks[:, 0, :]


class _Properties:
    """Properties of a game's worths (savings for a cost game) beyond
    superadditivity and convexity; mixed into :class:`~coalition.Game`."""

    __slots__ = ()

    def _gap(self) -> np.ndarray:
        """The gap function ``g(S) = M(S) - v(S)``, with ``M_i = v(N) - v(N - i)``."""
        w = self.worths
        full = (1 << self._n) - 1
        utopia = w[full] - w[full ^ (1 << np.arange(self._n))]
        gap = _additive_table(utopia)
        np.subtract(gap, w, out=gap)
        return gap

    @property
    def is_symmetric(self) -> bool:
        """Whether every coalition's worth depends only on its size.

        Then all partners are interchangeable and every symmetric rule
        (Shapley, nucleolus, core centroid) splits equally.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 1, 3]).is_symmetric, co.Game([0, 1, 2, 3]).is_symmetric
        (True, False)
        """
        w = self.worths
        size = np.zeros(w.size, dtype=np.int64)
        for i in range(self._n):
            size += (np.arange(w.size) >> i) & 1
        order = np.argsort(size, kind="stable")
        bounds = np.searchsorted(size[order], np.arange(self._n + 2))
        tol = self._tol()
        for k in range(self._n + 1):
            block = w[order[bounds[k]:bounds[k + 1]]]
            if block.max() - block.min() > tol:
                return False
        return True

    @property
    def is_constant_sum(self) -> bool:
        r"""Whether :math:`v(S) + v(N \setminus S) = v(N)` for every coalition S.

        What a coalition gains, its complement loses: a zero-sum fight over a
        fixed pie.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 3]).is_constant_sum, co.Game([0, 1, 2, 6]).is_constant_sum
        (True, False)
        """
        w = self.worths
        full = w.size - 1
        return bool(np.max(np.abs(w + w[full ^ np.arange(w.size)] - w[full])) <= self._tol())

    @property
    def is_one_convex(self) -> bool:
        r"""Whether the gap of the grand coalition is the smallest: :math:`0 \le g(N) \le g(S)`.

        The gap :math:`g(S) = M(S) - v(S)`, with :math:`M_i = v(N) - v(N
        \setminus i)` the utopia payoffs, is what a coalition's members
        would have to give up from their utopia payoffs to stay together.
        A 1-convex game has a non-empty core, and its nucleolus and
        :math:`\tau`-value are both :math:`M_i - g(N)/n` (Driessen and Tijs
        1983; Driessen 1985).

        References
        ----------
        Driessen, T. S. H. (1985). Properties of 1-convex n-person games.
        OR Spektrum 7, 19-26.

        Driessen, T. S. H. and Tijs, S. H. (1983). The tau-value, the
        nucleolus and the core for a subclass of games. Methods of
        Operations Research 46, 395-406.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 0, 0, 0, 0, 0, 0, 6]).is_one_convex
        False
        >>> co.Game([0, 0, 0, 4, 0, 4, 4, 6]).is_one_convex
        True
        """
        g = self._gap()
        tol = self._tol() * self._n
        return bool(g[-1] >= -tol and np.all(g[1:] >= g[-1] - tol))

    @property
    def is_semiconvex(self) -> bool:
        r"""Whether each partner's gap is at least 0 and at most that of every coalition holding it.

        With the gap :math:`g(S) = M(S) - v(S)` (see :attr:`is_one_convex`):
        :math:`0 \le g(\{i\}) \le g(S)` for every S holding i. Convex games
        are semiconvex; a semiconvex game's minimal rights are its
        standalone worths, so its :math:`\tau`-value is
        :math:`v(\{i\}) + \lambda\, g(\{i\})` (Driessen and Tijs 1985). That
        value need not lie in the core, even of a convex game: the sum of the
        unanimity games of {1, 2} and {3, 4, 5} gives each of the five 2/5,
        and {1, 2} less than the 1 it earns alone.

        References
        ----------
        Driessen, T. S. H. and Tijs, S. H. (1985). The tau-value, the core
        and semiconvex games. International Journal of Game Theory 14(4),
        229-247.

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 3, 4, 9, 5, 10, 11, 18]).is_semiconvex
        True
        >>> co.Game([0, 1, 2, 4, 3, 5, 6, 7]).is_semiconvex
        False
        """
        g = self._gap()
        tol = self._tol() * self._n
        for i in range(self._n):
            single = g[1 << i]
            with_i = g.reshape(-1, 2, 1 << i)[:, 1, :]
            if single < -tol or np.any(with_i < single - tol):
                return False
        return True

    def _players_where(self, test) -> tuple[str, ...]:
        w = self.worths
        tol = self._tol()
        return tuple(p for i, p in enumerate(self._players) if test(w, i, tol))

    @property
    def dummy_players(self) -> tuple[str, ...]:
        r"""The partners who add exactly their standalone worth to every coalition.

        :math:`v(S \cup i) = v(S) + v(i)` for every S without i: a dummy
        partner neither creates nor destroys value by joining, and every
        rule with the dummy property (Shapley, Banzhaf, the nucleolus...)
        gives it :math:`v(i)`. Judged on the worths (the savings game of a
        cost game, where a dummy's arrival saves nothing).

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6, 3, 4, 5, 9]).dummy_players
        ('P3',)
        """
        return self._players_where(
            lambda w, i, tol: bool(np.max(np.abs(_marginals(w, i) - w[1 << i])) <= tol))

    @property
    def null_players(self) -> tuple[str, ...]:
        r"""The partners who add nothing to any coalition: :math:`v(S \cup i) = v(S)`.

        A null player is a dummy with :math:`v(i) = 0`; rules with the null
        player property give it 0. Judged on the worths (for a cost game,
        the savings game: a partner whose arrival saves nothing, and who
        pays its standalone cost).

        Examples
        --------
        >>> import coalition as co
        >>> co.Game([0, 1, 2, 6, 0, 1, 2, 6]).null_players
        ('P3',)
        """
        return self._players_where(lambda w, i, tol: bool(np.max(np.abs(_marginals(w, i))) <= tol))

    @property
    def veto_players(self) -> tuple[str, ...]:
        r"""The partners without whom no coalition is worth anything: :math:`v(S) = 0` whenever S lacks i.

        In a simple (voting) game, the players in every winning coalition.
        Judged on the worths (the savings game of a cost game).

        Examples
        --------
        >>> import coalition as co
        >>> co.families.weighted_voting([3, 1, 1], quota=4).veto_players
        ('P1',)
        """
        return self._players_where(
            lambda w, i, tol: bool(np.max(np.abs(w.reshape(-1, 2, 1 << i)[:, 0, :])) <= tol))

    @property
    def is_simple(self) -> bool:
        r"""Whether this is a simple (voting) game: worths 0 or 1, monotone, :math:`v(N) = 1`.

        A coalition of worth 1 is *winning*. Judged on the worths (a cost
        game is simple only if its savings are).

        References
        ----------
        von Neumann, J. and Morgenstern, O. (1944). Theory of Games and
        Economic Behavior, chapter 10. Princeton University Press.

        Examples
        --------
        >>> import coalition as co
        >>> co.families.weighted_voting([3, 2, 1], quota=4).is_simple
        True
        >>> co.Game([0, 1, 1, 2]).is_simple
        False
        """
        w = self.worths
        tol = self._tol()
        binary = np.all((np.abs(w) <= tol) | (np.abs(w - 1.0) <= tol))
        return bool(binary and abs(w[-1] - 1.0) <= tol and self.is_monotone)

    def _winning(self, what: str) -> np.ndarray:
        if not self.is_simple:
            raise InvalidGameError(
                f"`{what}` is defined for simple games (worths 0 or 1, monotone, v(N) = 1); "
                "this game is not one"
            )
        return self.worths > 0.5

    @property
    def is_proper(self) -> bool:
        r"""Whether no two disjoint coalitions both win (a simple game's property).

        Equivalently, the complement of a winning coalition loses: the rule
        cannot pass two contradictory motions.

        Raises
        ------
        InvalidGameError
            If the game is not simple (:attr:`is_simple`).

        References
        ----------
        Taylor, A. D. and Zwicker, W. S. (1999). Simple Games:
        Desirability Relations, Trading, Pseudoweightings. Princeton
        University Press.

        Examples
        --------
        >>> import coalition as co
        >>> co.families.weighted_voting([1, 1, 1], quota=2).is_proper
        True
        >>> co.families.weighted_voting([1, 1, 1, 1], quota=2).is_proper
        False
        """
        win = self._winning("is_proper")
        full = win.size - 1
        return not bool(np.any(win & win[full ^ np.arange(win.size)]))

    @property
    def is_decisive(self) -> bool:
        r"""Whether exactly one of every coalition and its complement wins (a simple game's property).

        A decisive (constant-sum) simple game is proper and strong: every
        motion or its opposite passes, never both.

        Raises
        ------
        InvalidGameError
            If the game is not simple (:attr:`is_simple`).

        References
        ----------
        Taylor, A. D. and Zwicker, W. S. (1999). Simple Games:
        Desirability Relations, Trading, Pseudoweightings. Princeton
        University Press.

        Examples
        --------
        >>> import coalition as co
        >>> co.families.weighted_voting([1, 1, 1], quota=2).is_decisive
        True
        >>> co.families.weighted_voting([1, 1, 1, 1], quota=3).is_decisive
        False
        """
        win = self._winning("is_decisive")
        full = win.size - 1
        return bool(np.all(win != win[full ^ np.arange(win.size)]))
