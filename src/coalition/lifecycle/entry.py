"""What a newcomer's entry does to every incumbent's share."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from .._numbers import _real, _show
from ..errors import InvalidGameError, InvalidParameterError
from ..game import Game
from ..game._checks import MAX_ABS_WORTH, _check_players
from ..game.game import _check_game
from ..results.lifecycle import EntryReport
from ._apply import chosen_rules, ratio, shares

__all__ = ["entry_report"]

_FILLS = ("superadditive", "additive", None)


def entry_report(game: Game, newcomer: str, worths: Mapping[Any, float] | Callable[[tuple[str, ...]], float], *,
                 rules: Any = None, fill: str | None = "superadditive", monotone: bool = False) -> EntryReport:
    r"""What happens to every share when a newcomer joins the alliance.

    The newcomer's worths come as the coalitions it would join: a mapping
    ``{coalition with or without the newcomer's name: worth}`` (``"Solar"``,
    ``"Hub+Solar"``, or the incumbents' names alone, ``"Hub"``, meaning that
    coalition plus the newcomer), or a function of the coalition's names (the
    newcomer included, incumbents in the game's order). Coalitions left out
    of a mapping are filled by `fill` and listed in the report's `filled`.

    For each rule: each incumbent's share before and after the entry, the
    newcomer's share, and the range of entry fees the newcomer could pay the
    incumbents such that together they are no worse off and the newcomer is
    no worse off than alone. With `y` the newcomer's share, ``m = v(N + j) -
    v(N)`` what it adds and ``v(j)`` its standalone worth, the range is
    ``[y - m, y - v(j)]`` (negative fees are payments to the newcomer); it is
    empty when ``m < v(j)``, a newcomer who adds less than it earns alone. In
    a cost game, with `y` its cost share, ``m`` the cost it adds and ``c(j)``
    its cost alone, the range is ``[m - y, c(j) - y]``, empty when ``m >
    c(j)``.

    Parameters
    ----------
    game : Game
        The alliance before the entry.
    newcomer : str
        The newcomer's name (not a partner yet).
    worths : mapping or callable
        The worths of the coalitions with the newcomer, as above.
    rules : sequence of str or callable, or dict, optional
        As for :func:`exit_report`. Default: Shapley and the nucleolus.
    fill : {"superadditive", "additive", None}, default "superadditive"
        How to fill the coalitions with the newcomer that a mapping leaves
        out: the best split of the coalition into coalitions whose worths are
        known (the cheapest for a cost game; up to 15 partners after entry),
        the sum of standalone worths, or None to require every coalition.
    monotone : bool, default False
        Require that the newcomer never lowers a coalition's worth
        (``v(S + j) >= v(S)``; for a cost game, never lowers its cost), and
        raise naming the coalitions where it does.

    Returns
    -------
    EntryReport
        Shares before and after (incumbents by rules), the newcomer's share,
        the entry fee range, the coalitions filled, and the enlarged game.

    Raises
    ------
    InvalidParameterError
        If `newcomer` is already a partner or not a name, `fill` is unknown,
        or a rule name is unknown.
    InvalidGameError
        If a worth is not a finite number, a key names an unknown partner,
        coalitions are missing with ``fill=None``, or ``monotone=True`` and a
        worth breaks monotonicity (the message lists the coalitions).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 6, "Hub+Battery": 40})
    >>> r = co.entry_report(g, "Solar", {"Solar": 2, "Hub+Solar": 18, "Battery+Solar": 14,
    ...                                  "Hub+Battery+Solar": 58}, rules=["shapley"])
    >>> r.marginal_contribution, r.newcomer_share.round(2), r.fee.round(2)
    (18.0, array([9.33]), array([[-8.67,  7.33]]))

    Solar adds 18 and its Shapley share is 9.33; it could pay the incumbents
    up to 7.33 to join (it earns 2 alone), and they are no worse off as long
    as they pay it no more than 8.67.
    """
    game = _check_game(game)
    if not isinstance(newcomer, str) or newcomer in game.players:
        raise InvalidParameterError(
            f"`newcomer` must be a new partner's name, not one of {list(game.players)}; got {newcomer!r}"
        )
    if fill not in _FILLS:
        raise InvalidParameterError(f"`fill` must be 'superadditive', 'additive' or None, got {fill!r}")
    chosen = chosen_rules(rules)
    names = _check_players([*game.players, newcomer], arg="newcomer")
    big, filled = _enlarged(game, names, worths, fill)
    if monotone:
        _check_monotone(game, big, names)
    before, notes, ci_before = shares(game, chosen, "before the entry")
    after_all, more, ci_after = shares(big, chosen, "after the entry")
    intervals = {f"{r} before": ci for r, ci in ci_before.items()}
    intervals.update({f"{r} after": ci for r, ci in ci_after.items()})
    after, y = after_all[:-1], after_all[-1]
    sign = -1.0 if game.kind == "cost" else 1.0
    standalone = float(big.value(newcomer))
    low = sign * (before.sum(axis=0) - after.sum(axis=0))
    high = sign * (y - standalone)
    # rounding residues of the sums (1e-14 on shares of tens) are 0
    noise = 1e-12 * max(1.0, abs(game.grand_value), abs(big.grand_value))
    low = np.where(np.abs(low) <= noise, 0.0, low)
    high = np.where(np.abs(high) <= noise, 0.0, high)
    ok = low <= high + 1e-9 * max(1.0, abs(big.grand_value))
    fee = np.column_stack([np.where(ok, low, np.nan), np.where(ok, high, np.nan)])
    fee_ratio = ratio(fee, y, max(abs(game.grand_value), abs(big.grand_value)))
    return EntryReport(
        newcomer, game.players, game.kind, tuple(c[0] for c in chosen), before, after, y,
        float(big.grand_value - game.grand_value), standalone, fee, fee_ratio, filled, big, tuple(notes + more), intervals,
    )


def _enlarged(game: Game, names: tuple[str, ...], worths: Any, fill: str | None) -> tuple[Game, tuple[str, ...]]:
    """The game on the incumbents and the newcomer (last), and the coalitions filled."""
    n = game.n
    new = names[-1]
    old = game.values
    table = np.zeros(1 << (n + 1))
    given = np.zeros(1 << (n + 1), dtype=np.bool_)
    table[: 1 << n] = old
    given[: 1 << n] = True
    top = 1 << n
    if callable(worths) and not isinstance(worths, Mapping):
        for m in range(1 << n):
            members = tuple(p for k, p in enumerate(game.players) if m >> k & 1) + (new,)
            table[top | m] = _worth(worths(members), members)
            given[top | m] = True
    elif isinstance(worths, Mapping):
        index = {p: k for k, p in enumerate(names)}
        for key, w in worths.items():
            members = Game._split_key(key, "worths")
            mask = top
            for p in members:
                if p not in index:
                    raise InvalidGameError(f"`worths` key {_show(key)} names {p!r}, which is neither a partner "
                                           f"{list(game.players)} nor the newcomer {new!r}")
                mask |= 1 << index[p]
            if given[mask]:
                raise InvalidGameError(f"`worths` gives the coalition {Game._name(mask, names)} twice")
            table[mask] = _worth(w, key)
            given[mask] = True
    else:
        raise InvalidParameterError(
            f"`worths` must be a mapping of coalitions to worths or a function of a coalition, got {type(worths).__name__}"
        )
    filled = tuple(Game._name(int(m), names) for m in np.flatnonzero(~given))
    try:
        big = Game._from_given(table, given, names, fill=fill, kind=game.kind)
    except InvalidGameError as exc:
        raise InvalidGameError(str(exc).replace("`mapping`", "`worths`", 1)) from None
    return big, filled


def _worth(w: Any, key: Any) -> float:
    return _real(w, f"worths[{_show(key)}]", error=InvalidGameError, limit=MAX_ABS_WORTH)


def _check_monotone(game: Game, big: Game, names: tuple[str, ...]) -> None:
    n = game.n
    v = big.values
    low = v[: 1 << n]
    high = v[1 << n:]
    worse = high < low if game.kind == "profit" else high > low
    tol = 1e-9 * max(1.0, float(np.max(np.abs(v))))
    worse &= np.abs(high - low) > tol
    bad = np.flatnonzero(worse)
    if bad.size:
        shown = ", ".join(Game._name(int(m) | (1 << n), names) for m in bad[:5])
        word = "lower worth" if game.kind == "profit" else "higher cost"
        raise InvalidGameError(
            f"`worths` breaks monotonicity at {bad.size} coalitions: {shown}"
            f"{', ...' if bad.size > 5 else ''} have a {word} with {names[-1]} than without"
        )
