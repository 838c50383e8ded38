"""Run named rules on a game, a rule that does not apply giving NaN and a note (private)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._rules import apply, resolve_rules
from ..errors import InvalidParameterError
from ..game import Game

__all__: list[str] = []

#: The rules of the life-cycle reports unless others are asked for.
DEFAULT_RULES = ("Shapley", "nucleolus")


def chosen_rules(rules: Any) -> list[tuple[str, Callable[[Game], Any], bool]]:
    return resolve_rules(rules, DEFAULT_RULES)


def shares(game: Game, chosen: list[tuple[str, Callable[[Game], Any], bool]], where: str
           ) -> tuple[np.ndarray, list[str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """``(n, k)`` shares of `game` under each rule, a note per rule that did
    not apply or was estimated (`where` says which game, e.g. "after the
    exit"), and the confidence intervals of estimated rules."""
    return apply(game, chosen, where=where)


def partner_index(game: Game, partner: Any, arg: str = "partner") -> int:
    if not isinstance(partner, str) or partner not in game.players:
        raise InvalidParameterError(
            f"`{arg}` must be one of the partners {list(game.players)}, got {partner!r}"
        )
    return game.players.index(partner)


def ratio(amount: np.ndarray, share: np.ndarray, scale: float) -> np.ndarray:
    """``amount / |share|``, NaN where the share is nil (below 1e-12 of `scale`)."""
    tiny = np.abs(share) <= 1e-12 * max(scale, 1e-300)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = amount / np.where(tiny, 1.0, np.abs(share))[(...,) + (None,) * (amount.ndim - share.ndim)]
    out[tiny] = np.nan
    return out
