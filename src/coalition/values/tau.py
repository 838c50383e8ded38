r"""The utopia vector, the minimal rights and the :math:`\tau`-value (Tijs 1981).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidGameError
from ..game import Game
from ..results import Allocation
from ._bounds import _minimal_rights_worths, _scale, _utopia_worths
from ._checks import _check_game

__all__ = ['utopia', 'minimal_rights', 'is_quasi_balanced', 'tau_value']

_RTOL = 1e-12


def utopia(game: Game) -> Allocation:
    r"""The utopia vector: what each partner adds by joining all the others.

    .. math:: M_i = v(N) - v(N \setminus i).

    No partner can hope for more than :math:`M_i` in an allocation that the
    others would accept rather than go on alone: it is the upper corner of
    the core cover. It is not efficient in general.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Allocation
        The vector, with rule ``"utopia"``. For a cost game it is reported
        in cost units: :math:`c(N) - c(N \setminus i)`, the least each
        partner can be asked to pay.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.

    References
    ----------
    Tijs, S. H. (1981). Bounds for the core and the :math:`\tau`-value. In
    O. Moeschlin and D. Pallaschke (eds.), Game Theory and Mathematical
    Economics, 123-132. North-Holland.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 2, 2, 3, 5], order="lex")
    >>> co.utopia(g).as_dict()
    {'P1': 2.0, 'P2': 3.0, 'P3': 3.0}
    """
    game = _check_game(game)
    M = _utopia_worths(game)
    return Allocation(game.players, game._from_worth_units(M), "utopia", game.kind)


def minimal_rights(game: Game) -> Allocation:
    r"""The minimal rights: the most a partner can secure by paying others their utopia.

    .. math:: m_i = \max_{S \ni i}\Bigl(v(S) - \sum_{j \in S \setminus i} M_j\Bigr),

    with :math:`M` the :func:`utopia` vector. It is the lower corner of the
    core cover; :math:`m_i \ge v(i)` always.

    Parameters
    ----------
    game : Game

    Returns
    -------
    Allocation
        The vector, with rule ``"minimal rights"`` (in cost units for a cost
        game: the most each partner can be asked to pay).

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the dense table and two more arrays of its size would exceed the
        memory cap.

    Notes
    -----
    One pass over the table computes :math:`v(S) - M(S)` for every
    coalition; :math:`m_i` is then :math:`M_i` plus its largest value over
    the coalitions containing :math:`i`: O(n 2**n).

    References
    ----------
    Tijs, S. H. (1981). Bounds for the core and the :math:`\tau`-value. In
    O. Moeschlin and D. Pallaschke (eds.), Game Theory and Mathematical
    Economics, 123-132. North-Holland.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 2, 2, 3, 5], order="lex")
    >>> co.minimal_rights(g).as_dict()
    {'P1': 0.0, 'P2': 0.0, 'P3': 0.0}
    """
    game = _check_game(game)
    m = _minimal_rights_worths(game, _utopia_worths(game))
    return Allocation(game.players, game._from_worth_units(m), "minimal rights", game.kind)


def is_quasi_balanced(game: Game) -> bool:
    r"""Whether the :math:`\tau`-value is defined: ``m <= M`` and ``sum m <= v(N) <= sum M``.

    Parameters
    ----------
    game : Game

    Returns
    -------
    bool
        The test is made on the worths (savings for a cost game), up to a
        rounding tolerance relative to the largest worth.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the minimal rights need more memory than the cap allows.

    References
    ----------
    Tijs, S. H. (1981), see :func:`tau_value`.

    Examples
    --------
    >>> import coalition as co
    >>> co.is_quasi_balanced(co.Game([0, 0, 0, 2, 2, 3, 5], order="lex"))
    True
    >>> co.is_quasi_balanced(co.Game([0, 0, 0, 1, 1, 1, 1], order="lex"))
    False
    """
    game = _check_game(game)
    return _quasi_balance_gap(game)[0] is None


def _quasi_balance_gap(game: Game):
    """``(reason, m, M)``: reason is None when the game is quasi-balanced,
    else a sentence saying which inequality fails."""
    M = _utopia_worths(game)
    m = _minimal_rights_worths(game, M)
    vN = float(game.worths[-1])
    tol = _RTOL * _scale(game, M, m) * game.n
    bad = np.flatnonzero(m > M + tol)
    if bad.size:
        i = int(bad[0])
        return (f"player {game.players[i]!r} has minimal right {m[i]:g} above its "
                f"utopia payoff {M[i]:g}"), m, M
    if m.sum() > vN + tol:
        return f"the minimal rights sum to {m.sum():g}, above v(N) = {vN:g}", m, M
    if M.sum() < vN - tol:
        return f"the utopia payoffs sum to {M.sum():g}, below v(N) = {vN:g}", m, M
    return None, m, M


def tau_value(game: Game) -> Allocation:
    r"""The :math:`\tau`-value: the efficient compromise between minimal rights and utopia.

    .. math:: \tau = m + \alpha\,(M - m), \qquad
              \alpha \text{ such that } \textstyle\sum_i \tau_i = v(N),

    with :math:`M` the :func:`utopia` vector and :math:`m` the
    :func:`minimal_rights`. It is defined for quasi-balanced games
    (:func:`is_quasi_balanced`), among them every game with a non-empty
    core. On bankruptcy games it is the adjusted proportional rule (Curiel,
    Maschler and Tijs 1987).

    Parameters
    ----------
    game : Game
        A quasi-balanced game (for a cost game, its savings game must be).

    Returns
    -------
    Allocation
        Shares in ``game.players`` order, rule ``"tau"``; for a cost game,
        cost shares computed on the savings game.

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`, or is not quasi-balanced
        (the message says which inequality fails).
    GameTooLargeError
        If the minimal rights need more memory than the cap allows.

    Notes
    -----
    When :math:`\sum M = \sum m` (then both equal :math:`v(N)`), the
    segment is a point and :math:`\tau = m = M`.

    References
    ----------
    Tijs, S. H. (1981). Bounds for the core and the :math:`\tau`-value. In
    O. Moeschlin and D. Pallaschke (eds.), Game Theory and Mathematical
    Economics, 123-132. North-Holland.

    Branzei, R., Dimitrov, D. and Tijs, S. (2008). Models in Cooperative Game
    Theory, 2nd ed. Springer, section 3.2.

    Curiel, I. J., Maschler, M. and Tijs, S. H. (1987). Bankruptcy games.
    Zeitschrift fur Operations Research 31(5), A143-A159.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 2, 2, 3, 5], order="lex")
    >>> co.tau_value(g).as_dict()
    {'P1': 1.25, 'P2': 1.875, 'P3': 1.875}
    """
    game = _check_game(game)
    reason, m, M = _quasi_balance_gap(game)
    if reason is not None:
        raise InvalidGameError(
            f"`game` is not quasi-balanced, so its tau-value is not defined: {reason}. "
            "It needs minimal rights m <= utopia payoffs M and sum(m) <= v(N) <= sum(M)"
        )
    gap = M.sum() - m.sum()
    vN = float(game.worths[-1])
    if gap <= _RTOL * _scale(game, M, m) * game.n:
        x = m + (vN - m.sum()) / game.n  # the segment is a point; spread rounding only
    else:
        x = m + (vN - m.sum()) / gap * (M - m)
    return Allocation(game.players, game._from_worth_units(x), "tau", game.kind)
