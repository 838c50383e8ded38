"""Partitions of the players into blocs (a coalition structure, a priori
unions): reading a user's groups and checking that they partition the players
(private)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from .game import Game

__all__ = ["check_partition"]


def _listing(names: list[str], k: int = 6) -> str:
    shown = ", ".join(repr(p) for p in names[:k])
    return shown + (f" and {len(names) - k} more" if len(names) > k else "")


def check_partition(blocs: Any, game: Game, arg: str = "blocs") -> list[np.ndarray]:
    """The groups of `blocs` as arrays of player positions, checked to be a
    partition of the players of `game`; `arg` names the argument in errors."""
    if isinstance(blocs, Mapping):
        groups = list(blocs.values())
        labels = [str(k) for k in blocs]
    elif isinstance(blocs, (str, bytes)) or not hasattr(blocs, "__iter__"):
        raise InvalidParameterError(
            f"`{arg}` must be a list of groups of players or a dict of them, got {blocs!r:.60}"
        )
    else:
        groups = list(blocs)
        labels = [f"#{k}" for k in range(len(groups))]
    if not groups:
        raise InvalidParameterError(f"`{arg}` is empty; it must divide the players into groups")
    index = {p: i for i, p in enumerate(game.players)}
    owner: dict[int, str] = {}
    out: list[np.ndarray] = []
    unknown: list[str] = []
    twice: list[str] = []
    for label, group in zip(labels, groups):
        if isinstance(group, str):
            members = Game._split_key(group) if group not in index else (group,)
        else:
            try:
                members = tuple(str(p) for p in group)
            except TypeError:
                raise InvalidParameterError(
                    f"`{arg}` entry {label} must be a group of player names, got {group!r:.60}"
                ) from None
        if not members:
            raise InvalidParameterError(f"`{arg}` entry {label} is empty; every bloc needs a player")
        pos = []
        for p in members:
            i = index.get(p)
            if i is None:
                unknown.append(p)
            elif i in owner:
                twice.append(p)
            else:
                owner[i] = label
                pos.append(i)
        out.append(np.array(pos, dtype=np.int64))
    if unknown:
        raise InvalidParameterError(
            f"`{arg}` names {_listing(unknown)}, which are not players of the game"
        )
    if twice:
        raise InvalidParameterError(
            f"`{arg}` must be a partition of the players; {_listing(sorted(set(twice)))} "
            "appear in more than one bloc (or twice in one)"
        )
    missing = [p for i, p in enumerate(game.players) if i not in owner]
    if missing:
        raise InvalidParameterError(
            f"`{arg}` must be a partition of the players; {_listing(missing)} are in no bloc"
        )
    return out
