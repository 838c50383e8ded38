"""Bankruptcy games (O'Neill 1982): an estate short of the claims on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..game import Game
from ._base import _ROUNDING, _named_claims, _names, _scalar, _Structured, _vector

__all__ = ['bankruptcy', 'BankruptcyGame']


class BankruptcyGame(_Structured):
    """``v(S) = max(0, estate - claims of the players outside S)``."""

    __slots__ = ("_estate", "_claims")
    _PARAMS = ("estate", "claims", "players")
    family = "bankruptcy"

    @property
    def estate(self) -> float:
        """What there is to share."""
        return self._estate

    @property
    def claims(self) -> np.ndarray:
        """Each player's claim (read-only)."""
        return self._claims

    @staticmethod
    def _rebuild(params):
        return bankruptcy(**params)

    def _evaluate(self, members):
        outside = self.claims.sum() - members @ self.claims
        return np.maximum(0.0, self.estate - outside)

    def _sampler_spec(self):
        return "clipped_sum", {"a": self.claims, "estate": self.estate, "total": float(self.claims.sum())}


def bankruptcy(estate: float, claims: Any, players: Sequence[str] | None = None) -> Game:
    """Bankruptcy game: what a coalition is sure to get of an estate.

    A coalition can count on what is left of the estate after everyone
    outside it has been paid in full: ``v(S) = max(0, E - sum of claims
    outside S)`` (O'Neill 1982). Its nucleolus is the Talmud rule (Aumann and
    Maschler 1985).

    Parameters
    ----------
    estate : float
        What there is to share, ``0 <= estate <= sum(claims)``.
    claims : array_like or dict
        Non-negative claim of each player, or ``{name: claim}``.
    players : sequence of str, optional
        Names (not with a dict of claims, whose keys name the players).

    Returns
    -------
    Game
        With attributes ``estate`` and ``claims``.

    Raises
    ------
    InvalidParameterError
        On a negative estate or claim, or an estate above the total claims
        (then there is no shortage to share).

    Notes
    -----
    The worth is a continuous function of the sums of claims, so adding the
    claims in another order (the table adds them by coalition, the sampler
    along each permutation) changes a worth by rounding only, about 1e-16
    of the total claims: every route answers for the same game. The same
    holds for :func:`airport`, whose worths take a maximum and add nothing.

    References
    ----------
    O'Neill, B. (1982). A problem of rights arbitration from the Talmud.
    Mathematical Social Sciences 2(4), 345-371.
    Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a
    bankruptcy problem from the Talmud. Journal of Economic Theory 36(2),
    195-213.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.families.bankruptcy(200, [100, 200, 300])
    >>> g.value("P2+P3"), co.shapley(g).as_dict()
    (100.0, {'P1': 33.33, 'P2': 83.33, 'P3': 83.33})
    """
    claims, players = _named_claims(claims, players)  # {claimant: claim}, as the claims rules take it
    d = _vector(claims, "claims")
    e = _scalar(estate, "estate")
    if e < 0:
        raise InvalidParameterError(f"`estate` must be non-negative, got {e:g}")
    total = float(np.sum(d))
    if e > total * (1 + _ROUNDING):
        raise InvalidParameterError(
            f"`estate` ({e:g}) exceeds the total of `claims` ({total:g}); "
            "there is no shortage to share"
        )
    e = min(e, total)
    game = BankruptcyGame._lazy(_names(players, d.size), "profit")
    game._init(_estate=e, _claims=d)
    return game
