"""Power indices of simple (voting) games built on minimal winning coalitions
and critical players: Johnston, Deegan-Packel, public good and Coleman.

A game is *simple* when every coalition is worth 0 (losing) or 1 (winning),
adding a member never turns a winning coalition into a losing one
(monotone), and the grand coalition wins. A member ``i`` of a winning
coalition ``S`` is *critical* (a swing) when ``S`` minus ``i`` loses; ``S``
is *minimal winning* when all its members are critical.

A game that has its own route to an index offers it through
``game._power_fast(index)`` (see :mod:`coalition.game.protocol`): weighted
voting games compute the Johnston and Coleman indices by pseudo-polynomial
dynamic programmes and walk their minimal winning coalitions for the
Deegan-Packel and public good indices; multiple weighted voting games (up
to 27 players) walk all their coalitions once in compiled code; all without
a table. Other games are read from the dense table, one vectorised pass per
player, so they are bounded by the table's memory cap
(:func:`coalition.set_max_table_bytes`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..errors import GameTooLargeError, InvalidGameError
from ..game import Game
from ..game._checks import _check_table_size
from ..results import Allocation
from ._checks import _check_game

__all__ = [
    "minimal_winning_coalitions",
    "minimal_blocking_coalitions",
    "johnston",
    "deegan_packel",
    "public_good",
    "coleman",
    "ColemanPower",
]


class ColemanPower(NamedTuple):
    """Coleman's two indices of a simple game (see :func:`coleman`).

    Attributes
    ----------
    prevent : Allocation
        Power to prevent action: the share of winning coalitions in which
        each player is critical (rule ``"Coleman (prevent)"``).
    initiate : Allocation
        Power to initiate action: the share of losing coalitions that each
        player turns winning by joining (rule ``"Coleman (initiate)"``).
    """

    prevent: Allocation
    initiate: Allocation


def _fast(game: Game, index: str):
    """The game's own route to `index`, or None (then the table is read)."""
    game = _check_game(game)
    if game.kind != "profit":
        return None
    return game._power_fast(index)


def _winning(game: Game) -> np.ndarray:
    """The table of a simple game as booleans; refuses any other game."""
    game = _check_game(game)
    if game.kind != "profit":
        raise InvalidGameError(
            "`game` is a cost game; power indices need a simple game "
            "(a profit game whose worths are 0 or 1)"
        )
    v = game.values
    bad = np.flatnonzero((v != 0.0) & (v != 1.0))
    if bad.size:
        m = int(bad[0])
        raise InvalidGameError(
            f"`game` is not a simple game: worths must be 0 or 1, but "
            f"v({Game._name(m, game.players)}) = {float(v[m])!r}"
        )
    if v[-1] != 1.0:
        raise InvalidGameError("`game` is not a simple game: the grand coalition must win (worth 1), it is worth 0")
    win = v == 1.0
    n = game.n
    for i in range(n):
        pair = win.reshape(-1, 2, 1 << i)
        drop = pair[:, 0, :] & ~pair[:, 1, :]
        if drop.any():
            outer, inner = np.argwhere(drop)[0]
            m = int(outer) * (2 << i) + int(inner)
            raise InvalidGameError(
                f"`game` is not a simple game: it is not monotone, "
                f"v({Game._name(m, game.players)}) = 1 but adding "
                f"{game.players[i]!r} makes it 0"
            )
    return win


def _critical(win: np.ndarray, n: int, i: int) -> np.ndarray:
    """Flags, over the coalitions that contain player ``i`` (in mask order),
    of those that win and lose without ``i``."""
    pair = win.reshape(-1, 2, 1 << i)
    return (pair[:, 1, :] & ~pair[:, 0, :]).reshape(-1)


def _with(arr: np.ndarray, i: int) -> np.ndarray:
    """The entries of a table at the coalitions that contain player ``i``."""
    return arr.reshape(-1, 2, 1 << i)[:, 1, :].reshape(-1)


def _swings(win: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per coalition: number of critical members and size; per player: swings."""
    count = np.zeros(win.size, dtype=np.int8)
    size = np.zeros(win.size, dtype=np.int8)
    eta = np.zeros(n, dtype=np.int64)
    for i in range(n):
        crit = _critical(win, n, i)
        eta[i] = int(crit.sum())
        count.reshape(-1, 2, 1 << i)[:, 1, :] += crit.reshape(-1, 1 << i)
        size.reshape(-1, 2, 1 << i)[:, 1, :] += 1
    return count, size, eta


def _minimal(win: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Flags of the minimal winning coalitions and the size of each coalition."""
    count, size, _ = _swings(win, n)
    return win & (count == size), size


def minimal_winning_coalitions(game: Game) -> list[tuple[str, ...]]:
    """Minimal winning coalitions of a simple game: the winning coalitions
    that lose when any one member leaves.

    Parameters
    ----------
    game : Game
        A simple game: worths 0 or 1, monotone, the grand coalition wins.

    Returns
    -------
    list of tuple of str
        Each coalition as a tuple of player names in ``game.players`` order;
        the list is in increasing bitmask order (``game.mask`` of a tuple
        gives its mask).

    Raises
    ------
    InvalidGameError
        If `game` is not a simple game.
    GameTooLargeError
        If it needs a dense table beyond the memory cap, or (a weighted
        voting game) it has more minimal winning coalitions than can be
        listed; the message states their number.

    References
    ----------
    Riker, W. H. (1962). The Theory of Political Coalitions. Yale University
    Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    >>> co.minimal_winning_coalitions(g)
    [('P1', 'P2'), ('P1', 'P3'), ('P1', 'P4'), ('P2', 'P3', 'P4')]
    """
    fast = _fast(game, "minimal_winning")
    if fast is not None:
        return [tuple(game.players[i] for i in c) for c in fast]
    win = _winning(game)
    mwc, _ = _minimal(win, game.n)
    return [game.members(int(m)) for m in np.flatnonzero(mwc)]


def minimal_blocking_coalitions(game: Game) -> list[tuple[str, ...]]:
    """Minimal blocking coalitions of a simple game: the coalitions whose
    complement loses (so they can stop a decision) and that no longer can
    when any one member leaves.

    They are the minimal winning coalitions of the dual game
    ``v*(S) = 1 - v(N \\ S)``; in a weighted voting game of total weight
    ``T`` and quota ``q``, those of the same weights with quota
    ``T - q + 1``.

    Parameters
    ----------
    game : Game
        A simple game: worths 0 or 1, monotone, the grand coalition wins.

    Returns
    -------
    list of tuple of str
        Each coalition as a tuple of player names in ``game.players`` order;
        the list is in increasing bitmask order.

    Raises
    ------
    InvalidGameError
        If `game` is not a simple game.
    GameTooLargeError
        If it needs a dense table beyond the memory cap, or (a weighted
        voting game) it has more minimal blocking coalitions than can be
        listed; the message states their number.

    References
    ----------
    Felsenthal, D. S. and Machover, M. (1998). The Measurement of Voting
    Power: Theory and Practice, Problems and Paradoxes. Edward Elgar
    (blocking coalitions and the dual game).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=5)
    >>> co.minimal_blocking_coalitions(g)  # 7 - 5 + 1 = 3 of the weight blocks
    [('P1',), ('P2', 'P3'), ('P2', 'P4')]
    """
    fast = _fast(game, "minimal_blocking")
    if fast is not None:
        return [tuple(game.players[i] for i in c) for c in fast]
    win = _winning(game)
    blocking = ~win[::-1]  # S blocks when its complement (mask 2**n - 1 - S) loses
    mbc, _ = _minimal(blocking, game.n)
    return [game.members(int(m)) for m in np.flatnonzero(mbc)]


def johnston(game: Game) -> Allocation:
    r"""Johnston index: each winning coalition with critical members splits
    one unit equally among them; the totals are normalised to sum to 1.

    .. math:: J_i = \frac{1}{|V|} \sum_{S \in V,\, i \text{ critical in } S}
              \frac{1}{c(S)}

    where :math:`V` is the set of winning coalitions with at least one
    critical member and :math:`c(S)` their number in :math:`S`.

    Parameters
    ----------
    game : Game
        A simple game: worths 0 or 1, monotone, the grand coalition wins.

    Returns
    -------
    Allocation
        Shares summing to 1, rule ``"Johnston"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a simple game.
    GameTooLargeError
        If it needs a dense table beyond the memory cap. A weighted voting
        game with integer-scaled weights needs none while its programme by
        weight classes stays within 2e9 steps (the number of pairs of
        distinct weights, times ``n (n + 1)``, times the quota): 300 players
        of weights 1 to 10 at a simple majority take 4.3e9, beyond it.

    References
    ----------
    Johnston, R. J. (1978). On the measurement of power: some reactions to
    Laver. Environment and Planning A 10(8), 907-914.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1], quota=4)
    >>> {p: round(s, 4) for p, s in co.johnston(g).as_dict().items()}
    {'P1': 0.6667, 'P2': 0.1667, 'P3': 0.1667}
    """
    fast = _fast(game, "johnston")
    if fast is not None:
        return Allocation(game.players, fast, "Johnston", "profit")
    n = game.n
    try:
        _check_table_size(n, copies=2)  # a float64 scratch table beside the game's: checked before either is built
    except GameTooLargeError:
        if getattr(game, "family", None) == "weighted voting":
            raise GameTooLargeError(
                f"the Johnston index of this weighted voting game of {n} players is beyond its programme by "
                "weight classes (more than 2e9 steps: pairs of distinct weights times n (n + 1) times the "
                "quota) and beyond a dense table; fewer distinct weights, a smaller quota in the weights' "
                "units, or fewer players bring it within reach"
            ) from None
        raise
    win = _winning(game)
    count, _, _ = _swings(win, n)
    inv = np.zeros(win.size)
    np.divide(1.0, count, out=inv, where=count > 0)
    raw = np.array([_with(inv, i)[_critical(win, n, i)].sum() for i in range(n)])
    return Allocation(game.players, raw / raw.sum(), "Johnston", "profit")


def deegan_packel(game: Game) -> Allocation:
    r"""Deegan-Packel index: each minimal winning coalition is equally likely
    to form and splits one unit equally among its members.

    .. math:: DP_i = \frac{1}{|M|} \sum_{S \in M,\, i \in S} \frac{1}{|S|}

    where :math:`M` is the set of minimal winning coalitions.

    Parameters
    ----------
    game : Game
        A simple game: worths 0 or 1, monotone, the grand coalition wins.

    Returns
    -------
    Allocation
        Shares summing to 1, rule ``"Deegan-Packel"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a simple game.
    GameTooLargeError
        If it needs a dense table beyond the memory cap, or (a weighted
        voting game) it has more minimal winning coalitions than the walk
        takes (2e7); the message states their number.

    References
    ----------
    Deegan, J. and Packel, E. W. (1978). A new index of power for simple
    n-person games. International Journal of Game Theory 7(2), 113-123.
    doi:10.1007/BF01753239

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    >>> co.deegan_packel(g).as_dict()
    {'P1': 0.375, 'P2': 0.20833333333333331, 'P3': 0.20833333333333331, 'P4': 0.20833333333333331}
    """
    fast = _fast(game, "deegan_packel")
    if fast is not None:
        return Allocation(game.players, fast, "Deegan-Packel", "profit")
    n = game.n
    _check_table_size(n, copies=2)  # a float64 scratch table beside the game's: checked before either is built
    win = _winning(game)
    mwc, size = _minimal(win, n)
    inv = np.zeros(win.size)
    np.divide(1.0, size, out=inv, where=mwc)
    raw = np.array([_with(inv, i).sum() for i in range(n)])
    return Allocation(game.players, raw / int(mwc.sum()), "Deegan-Packel", "profit")


def public_good(game: Game) -> Allocation:
    r"""Public good index (Holler index): the number of minimal winning
    coalitions each player belongs to, normalised to sum to 1.

    .. math:: h_i = \frac{|\{S \in M : i \in S\}|}{\sum_j |\{S \in M : j \in S\}|}

    where :math:`M` is the set of minimal winning coalitions.

    Parameters
    ----------
    game : Game
        A simple game: worths 0 or 1, monotone, the grand coalition wins.

    Returns
    -------
    Allocation
        Shares summing to 1, rule ``"Public good"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a simple game.
    GameTooLargeError
        If it needs a dense table beyond the memory cap, or (a weighted
        voting game) it has more minimal winning coalitions than the walk
        takes (2e7); the message states their number.

    References
    ----------
    Holler, M. J. (1982). Forming coalitions and measuring voting power.
    Political Studies 30(2), 262-271. doi:10.1111/j.1467-9248.1982.tb00537.x

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([3, 2, 1, 1], quota=4)
    >>> co.public_good(g).as_dict()
    {'P1': 0.3333333333333333, 'P2': 0.2222222222222222, 'P3': 0.2222222222222222, 'P4': 0.2222222222222222}
    """
    fast = _fast(game, "public_good")
    if fast is not None:
        return Allocation(game.players, fast, "Public good", "profit")
    win = _winning(game)
    n = game.n
    mwc, _ = _minimal(win, n)
    raw = np.array([int(_with(mwc, i).sum()) for i in range(n)], dtype=np.float64)
    return Allocation(game.players, raw / raw.sum(), "Public good", "profit")


def coleman(game: Game) -> ColemanPower:
    r"""Coleman's power to prevent and power to initiate action.

    With :math:`\eta_i` the number of winning coalitions in which ``i`` is
    critical (its raw Banzhaf swings), :math:`W` the winning and :math:`L`
    the losing coalitions,

    .. math:: P_i = \frac{\eta_i}{|W|}, \qquad I_i = \frac{\eta_i}{|L|}.

    ``P_i`` is the chance that ``i`` can block a winning coalition by
    leaving, ``I_i`` the chance that ``i`` turns a losing coalition winning
    by joining (every swing is both). Neither sums to 1 in general.

    Parameters
    ----------
    game : Game
        A simple game: worths 0 or 1, monotone, the grand coalition wins.

    Returns
    -------
    ColemanPower
        A named pair ``(prevent, initiate)`` of Allocations with rules
        ``"Coleman (prevent)"`` and ``"Coleman (initiate)"``.

    Raises
    ------
    InvalidGameError
        If `game` is not a simple game.
    GameTooLargeError
        If it needs a dense table beyond the memory cap.

    References
    ----------
    Coleman, J. S. (1971). Control of collectivities and the power of a
    collectivity to act. In B. Lieberman (ed.), Social Choice, 269-300.
    Gordon and Breach.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.weighted_voting([2, 1, 1], quota=3)
    >>> prevent, initiate = co.coleman(g)
    >>> prevent.as_dict(), initiate.as_dict()
    ({'P1': 1.0, 'P2': 0.3333333333333333, 'P3': 0.3333333333333333}, {'P1': 0.6, 'P2': 0.2, 'P3': 0.2})
    """
    by_weights = _fast(game, "coleman")
    if by_weights is not None:
        prevent, initiate = by_weights
    else:
        win = _winning(game)
        _, _, eta = _swings(win, game.n)
        n_win = int(win.sum())
        prevent, initiate = eta / n_win, eta / (win.size - n_win)
    return ColemanPower(
        Allocation(game.players, prevent, "Coleman (prevent)", "profit"),
        Allocation(game.players, initiate, "Coleman (initiate)", "profit"),
    )
