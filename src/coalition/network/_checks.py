"""Checks of the network functions' arguments: names, choices, edge weights (private).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._numbers import _kind, _real_array, _show
from ..errors import InvalidGameError, InvalidParameterError
from ..game._checks import MAX_ABS_WORTH, _check_players
from ..game._graph import _name_of

# With ``method="auto"``, a game without a table is tabulated up to this many
# players (2**20 worths); beyond it the value is sampled.
_AUTO_DENSE_MAX_N = 20
# Largest bitmask a dense kernel can use.
_MAX_MASK_BITS = 62
_METHODS = ("auto", "exact", "sample")


def _choice(value: Any, options: Sequence[str], arg: str) -> str:
    """`value` if it is one of the strings `options`, else a library error
    (compared as a string only: an array or a huge integer is refused)."""
    if not isinstance(value, str) or value not in options:
        listed = ", ".join(map(repr, options[:-1])) + f" or {options[-1]!r}"
        raise InvalidParameterError(f"`{arg}` must be {listed}, got {_show(value)}")
    return value


def _check_method(method: Any) -> str:
    return _choice(method, _METHODS, "method")


def _is_name(p: Any) -> bool:
    return isinstance(p, str) or (isinstance(p, (int, np.integer)) and not isinstance(p, (bool, np.bool_)))


def _names(players: Any, arg: str) -> tuple[str, ...]:
    """Partner names given to a graph builder: strings or integers (named by
    ``str``), non-empty and distinct; anything else (None, a bool, a float, a
    list...) is refused rather than turned into a name."""
    if isinstance(players, Mapping):
        raise InvalidParameterError(f"`{arg}` must be a list of names, got a {type(players).__name__}")
    if not isinstance(players, (str, bytes, set, frozenset)):
        try:
            items = list(players)
        except TypeError:
            raise InvalidParameterError(
                f"`{arg}` must be a list of names, got {_show(players)}"
            ) from None
        for k, p in enumerate(items):
            if not _is_name(p):
                raise InvalidParameterError(
                    f"`{arg}` entry {k} must be a name (a string or an integer), got {_show(p)}{_kind(p)}"
                )
        players = [_name_of(p, arg) for p in items]
    try:
        return _check_players(players, arg=arg)
    except InvalidGameError as exc:
        raise InvalidParameterError(str(exc)) from None


def _edge_weights(weights: Any, n_links: int, arg: str = "weights") -> np.ndarray:
    w = _real_array(weights, arg)
    if w.shape != (n_links,):
        raise InvalidParameterError(f"`{arg}` has shape {w.shape}; expected ({n_links},), one per link")
    if not np.all(np.isfinite(w)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {_short_list(w)}")
    huge = np.flatnonzero(np.abs(w) > MAX_ABS_WORTH)
    if huge.size:
        raise InvalidParameterError(
            f"`{arg}` has entries above {MAX_ABS_WORTH:g} in magnitude (entry {huge[0]} is "
            f"{w[huge[0]]:g}); worths built from them would overflow: rescale them"
        )
    return w


def _short_list(values: np.ndarray, k: int = 6) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:k])
    return f"[{shown}{', ...' if values.size > k else ''}]"
