"""What a partner's exit does to every other partner's share."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._rules import dense_ok
from ..errors import InvalidParameterError
from ..game import Game
from ..game.game import _check_game
from ..results.lifecycle import ExitReport
from ..stability import core_report
from ._apply import chosen_rules, partner_index, ratio, shares

__all__ = ["exit_report"]


def exit_report(game: Game, partner: str, *, rules: Any = None, payment: Any = None) -> ExitReport:
    r"""What happens to every share when one partner leaves the alliance.

    For each rule: each remaining partner's share in the whole alliance and
    in the smaller one (the subgame of the partners who stay, solved from
    scratch), whether the old split of the rest is still in the core of the
    smaller alliance (and who would walk if not), and the range of exit
    payments to the leaving partner that leave every remaining partner no
    worse off than before.

    With `x` the leaving partner's share and ``m = v(N) - v(N \ {partner})``
    what it brings, the remaining partners together gain ``x - m`` from its
    exit under an efficient rule: they can pay it anything up to ``x - m``
    and each still be no worse off (the gain is theirs to share out). When
    ``x < m``, as in every core split where the partner adds more than it is
    paid, no payment works: the rest lose ``m - x`` even if it leaves with
    nothing, and it would have to pay them that much to leave them whole.

    Parameters
    ----------
    game : Game
    partner : str
        The partner who leaves.
    rules : sequence of str or callable, or dict, optional
        Rule names from :data:`coalition.comparison.RULES` (read without case,
        spaces or underscores: ``"shapley"``, ``"tau_value"``), functions of a
        game, or ``{label: rule}``. Default: Shapley and the nucleolus.
    payment : float, optional
        An exit payment to the leaving partner to check against each rule's
        range (in the game's units), e.g. the one an exit clause prescribes:
        :meth:`coalition.terms.TermSheet.exit_report` passes its sheet's.

    Returns
    -------
    ExitReport
        Shares before and after (partners by rules), the change, the old
        split's core check in the smaller alliance, the exit payment range.
        A rule that does not apply to one of the two games (say, the
        nucleolus of a game without imputations) gives NaN and a note.

    Raises
    ------
    InvalidParameterError
        If `partner` is not a partner (the message lists them), the game has
        one partner, a rule name is unknown, or `payment` is not a finite
        number.
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the game has no table and its subgame would need one too large.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 12, "Battery": 6, "Plant": 0, "Hub+Battery": 42,
    ...                        "Hub+Plant": 24, "Battery+Plant": 12, "Hub+Battery+Plant": 60})
    >>> r = co.exit_report(g, "Plant", rules=["shapley"])
    >>> r["Shapley"]  # partner: (before, after)
    {'Hub': (30.0, 24.0), 'Battery': (21.0, 18.0)}
    >>> r.marginal_contribution, r.partner_share, r.max_payment
    (18.0, array([9.]), array([-9.]))

    The Plant brings 18 and its Shapley share is 9: when it leaves, the Hub
    and the Battery lose 9 between them, which the Plant would have to pay
    to leave them whole.

    References
    ----------
    Straffin, P. D. (1993). *Game Theory and Strategy*, ch. 19-20. Mathematical
    Association of America. (Marginal contributions and shares under changing
    alliances.)
    """
    game = _check_game(game)
    i = partner_index(game, partner)
    if game.n < 2:
        raise InvalidParameterError("`game` has one partner; an exit leaves no alliance to report on")
    chosen = chosen_rules(rules)
    amount = _check_payment(payment)
    rest = [p for p in game.players if p != partner]
    sub = game.subgame(rest)
    full, notes, ci_full = shares(game, chosen, "in the whole alliance")
    small, more, ci_small = shares(sub, chosen, "after the exit")
    keep = np.arange(game.n) != i
    intervals = {f"{r} before": (lo[keep], hi[keep]) for r, (lo, hi) in ci_full.items()}
    intervals.update({f"{r} after": ci for r, ci in ci_small.items()})
    before, x_i = full[keep], full[i]
    sign = -1.0 if game.kind == "cost" else 1.0
    gain = sign * (small.sum(axis=0) - before.sum(axis=0))  # what the rest gain together
    scale = max(abs(game.grand_value), abs(sub.grand_value))
    checkable = dense_ok(sub)
    old = tuple(core_report(sub, before[:, j]) if checkable and not np.isnan(before[:, j]).any() else None
                for j in range(len(chosen)))
    if not checkable:
        more.append("The old split of the rest was not checked in the smaller alliance: that needs its table.")
    fits: tuple[bool | None, ...] = ()
    if amount is not None:
        slack = 1e-9 * max(scale, 1.0)
        fits = tuple(None if np.isnan(top) else bool(amount <= top + slack) for top in gain)
    return ExitReport(
        partner, tuple(rest), game.kind, tuple(c[0] for c in chosen), before, small, x_i,
        float(game.grand_value - sub.grand_value), float(game.value(partner)), old, gain, ratio(gain, x_i, scale),
        tuple(notes + more), intervals, amount, fits,
    )


def _check_payment(payment: Any) -> float | None:
    if payment is None:
        return None
    if isinstance(payment, (bool, np.bool_)) or not isinstance(payment, (int, float, np.integer, np.floating)) \
            or not np.isfinite(payment):
        raise InvalidParameterError(f"`payment` must be a finite number (the exit payment), got {payment!r}")
    return float(payment)
