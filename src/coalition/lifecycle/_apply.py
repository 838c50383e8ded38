"""Run named rules on a game, a rule that does not apply giving NaN and a note (private)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._rules import resolve_rules
from ..errors import CoalitionError, InvalidParameterError
from ..game import Game

__all__: list[str] = []

#: The rules of the life-cycle reports unless others are asked for.
DEFAULT_RULES = ("Shapley", "nucleolus")


def chosen_rules(rules: Any) -> list[tuple[str, Callable[[Game], Any], bool]]:
    return resolve_rules(rules, DEFAULT_RULES)


def shares(game: Game, chosen: list[tuple[str, Callable[[Game], Any], bool]], where: str
           ) -> tuple[np.ndarray, list[str]]:
    """``(n, k)`` shares of `game` under each rule, and a note per rule that
    did not apply (`where` says which game, e.g. "after the exit")."""
    out = np.full((game.n, len(chosen)), np.nan)
    notes = []
    for j, (label, func, _) in enumerate(chosen):
        try:
            result = func(game)
        except CoalitionError as exc:
            notes.append(f"{label} {where}: not applicable ({exc})")
            continue
        x = np.asarray(getattr(result, "x", result), dtype=float)
        if x.shape != (game.n,):
            raise InvalidParameterError(
                f"`rules`: {label} returned {x.shape[0] if x.ndim == 1 else x.shape} shares for a game of "
                f"{game.n} players"
            )
        out[:, j] = x
    return out, notes


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
