"""Checks of games, numbers and weights shared by the rules (private).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._numbers import _real_array, _show
from ..errors import InvalidParameterError
from ..game import Game
from ..game.game import _check_game  # noqa: F401 - the check every rule of this package starts with


def _short(values: np.ndarray, k: int = 6) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:k])
    return f"[{shown}{', ...' if values.size > k else ''}]"


def _check_weights(weights: Any, game: Game, *, arg: str = "weights", allow_zero: bool = False) -> np.ndarray:
    if isinstance(weights, dict):
        players = set(game.players)
        unknown = [k for k in weights if k not in players]
        if unknown:
            raise InvalidParameterError(
                f"`{arg}` names {_show(unknown[0])}, which is not a player of the game "
                f"({_short_names(game.players)})"
            )
        absent = [p for p in game.players if p not in weights]
        if absent:
            raise InvalidParameterError(f"`{arg}` has no weight for {_short_names(absent)}")
        weights = [weights[p] for p in game.players]
    w = _real_array(weights, arg)
    if w.shape != (game.n,):
        raise InvalidParameterError(f"`{arg}` has shape {w.shape}; the game has {game.n} players")
    if not np.all(np.isfinite(w)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {_short(w)}")
    if allow_zero:
        if np.any(w < 0):
            raise InvalidParameterError(f"`{arg}` must be non-negative, got {_short(w)}")
        if not np.any(w > 0):
            raise InvalidParameterError(f"`{arg}` must have a positive sum, got {_short(w)}")
    elif np.any(w <= 0):
        raise InvalidParameterError(f"`{arg}` must be positive, got {_short(w)}")
    return w


def _short_names(names: Any, k: int = 6) -> str:
    names = list(names)
    shown = ", ".join(repr(p) for p in names[:k])
    return shown + (f" and {len(names) - k} more" if len(names) > k else "")
