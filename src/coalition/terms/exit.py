"""A term sheet's exit clause read against what a partner's exit does to the rest."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from ..game import Game
from ..lifecycle import exit_report
from ..results._format import _fmt
from ..results.lifecycle import ExitReport

__all__ = ["exit_clause_report"]


def exit_clause_report(sheet: Any, game: Game, partner: str, *, rules: Any = None) -> ExitReport:
    r"""What `partner`'s exit does to every share, with the exit payment the
    sheet's :class:`~coalition.terms.ExitTerms` clause prescribes checked
    against the range that leaves the others no worse off.

    :func:`coalition.exit_report` with ``payment`` set to the clause's
    payment: `payment_fits` says, per rule, whether the payment is at most
    `max_payment`. A note adds the same check for the sheet's own split:
    with the partner paid ``x`` by the sheet and bringing ``m = v(N) -
    v(N \ {partner})``, the rest gain ``x - m`` together from its exit (an
    efficient split; for a cost game ``m - x``, with ``m`` the cost it adds),
    and a payment up to that leaves them together no worse off.

    Parameters
    ----------
    sheet : TermSheet
    game : Game
    partner : str
    rules : as for :func:`coalition.exit_report`

    Returns
    -------
    ExitReport

    Raises
    ------
    InvalidParameterError
        If the sheet has no exit clause, `partner` is not a partner, or as
        for :func:`coalition.exit_report`.
    InfeasibleError
        If the sheet cannot be applied to `game`.

    Examples
    --------
    >>> import coalition as co
    >>> from coalition.terms import ExitTerms, TermSheet, Tranche
    >>> g = co.Game.from_dict({"Hub": 12, "Battery": 6, "Plant": 0, "Hub+Battery": 42,
    ...                        "Hub+Plant": 24, "Battery+Plant": 12, "Hub+Battery+Plant": 60})
    >>> sheet = TermSheet([Tranche(split="Shapley"), ExitTerms("standalone")])
    >>> r = sheet.exit_report(g, "Battery", rules=["shapley"])
    >>> r.payment, r.max_payment, r.payment_fits
    (6.0, array([-15.]), (False,))
    """
    payment = sheet.exit_payment(game, partner)
    report = exit_report(game, partner, rules=rules, payment=payment)
    i = game.players.index(partner)
    x = float(sheet.evaluate(game).x[i])
    sign = -1.0 if game.kind == "cost" else 1.0
    gain = sign * (x - report.marginal_contribution)
    slack = 1e-9 * max(abs(float(game.grand_value)), 1.0)
    verdict = "within" if payment <= gain + slack else "above"
    note = (f"Under the sheet's own split {partner} gets {_fmt(x)}; the rest gain {_fmt(gain)} together from its "
            f"exit, and the exit clause's payment of {_fmt(payment)} is {verdict} that.")
    return replace(report, notes=(*report.notes, note), max_payment=np.array(report.max_payment))
