"""Partitions of the players into blocs (a coalition structure, a priori
unions): reading a user's groups and checking that they partition the players
(private).

One reading serves every entry point that takes blocs (the Owen and
Banzhaf-Owen values, the Aumann-Dreze value, the nucleolus under a coalition
structure), so all accept the same forms and refuse the same inputs with the
same messages, naming the caller's argument.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..errors import InvalidGameError, InvalidParameterError
from .game import Game

__all__ = ["check_partition", "partition_masks"]


def _listing(names: list[str], k: int = 6) -> str:
    shown = ", ".join(repr(p) for p in names[:k])
    return shown + (f" and {len(names) - k} more" if len(names) > k else "")


def check_partition(blocs: Any, game: Game, arg: str = "blocs") -> list[np.ndarray]:
    """The groups of `blocs` as arrays of player positions (in the order
    given), checked to be a partition of the players of `game`; `arg` names
    the argument in errors."""
    parts, _ = partition_masks(blocs, game.players, arg)
    return [np.array(p, dtype=np.int64) for p in parts]


def partition_masks(
    blocs: Any, players: tuple[str, ...], arg: str = "blocs"
) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    """The groups of `blocs` as tuples of player positions (in the order
    given), checked to be a partition of `players`, and the bitmask of each
    group; `arg` names the argument in errors.

    Accepted: a list (or other iterable) of groups, or a dict of named
    groups; a group is an iterable of names (taken as text, ``str(name)``)
    or a string (a player's name, or names joined by ``+``). Blocs given as a
    list or tuple of lists or tuples are checked once per tuple of names and
    players and the answer kept (it is immutable)."""
    if type(blocs) in (list, tuple) and all(type(g) in (list, tuple) for g in blocs):
        try:
            key = tuple(tuple(map(str, g)) for g in blocs)
        except TypeError:  # a name whose str() fails: the full check reports it
            key = None
        if key is not None:
            return _parts_kept(key, players, arg)
    return _parts(blocs, players, arg)


@functools.lru_cache(maxsize=64)
def _parts_kept(
    blocs: tuple, players: tuple[str, ...], arg: str
) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    return _parts(blocs, players, arg)


@functools.lru_cache(maxsize=32)
def _player_index(players: tuple[str, ...]) -> dict[str, int]:
    """Position of each player (read only; one dict per tuple of names)."""
    return {p: i for i, p in enumerate(players)}


def _parts(
    blocs: Any, players: tuple[str, ...], arg: str
) -> tuple[tuple[tuple[int, ...], ...], tuple[int, ...]]:
    if isinstance(blocs, Mapping):
        groups = list(blocs.values())
        keys = list(blocs)
    elif isinstance(blocs, (str, bytes)) or not hasattr(blocs, "__iter__"):
        raise InvalidParameterError(
            f"`{arg}` must be a list of groups of players or a dict of them, got {blocs!r:.60}"
        )
    else:
        groups = list(blocs)
        keys = None
    if not groups:
        raise InvalidParameterError(f"`{arg}` is empty; it must divide the players into groups")

    def label(k: int) -> str:
        return f"#{k}" if keys is None else str(keys[k])

    index = _player_index(players)
    seen = 0
    out: list[tuple[int, ...]] = []
    masks: list[int] = []
    unknown: list[str] = []
    twice: list[str] = []
    for k, group in enumerate(groups):
        if isinstance(group, str):
            try:
                members = Game._split_key(group) if group not in index else (group,)
            except InvalidGameError as exc:  # a name left empty or given twice in "A+B"
                raise InvalidParameterError(
                    str(exc).replace("`mapping` key", f"`{arg}` entry {label(k)},", 1)
                ) from None
        else:
            try:
                members = tuple(map(str, group))
            except TypeError:
                raise InvalidParameterError(
                    f"`{arg}` entry {label(k)} must be a group of player names, got {group!r:.60}"
                ) from None
        if not members:
            raise InvalidParameterError(f"`{arg}` entry {label(k)} is empty; every bloc needs a player")
        pos = []
        mask = 0
        for p in members:
            i = index.get(p)
            if i is None:
                unknown.append(p)
            elif seen >> i & 1:
                twice.append(p)
            else:
                seen |= 1 << i
                mask |= 1 << i
                pos.append(i)
        out.append(tuple(pos))
        masks.append(mask)
    if unknown:
        raise InvalidParameterError(
            f"`{arg}` names {_listing(unknown)}, which are not players of the game"
        )
    if twice:
        raise InvalidParameterError(
            f"`{arg}` must be a partition of the players; {_listing(sorted(set(twice)))} "
            "appear in more than one bloc (or twice in one)"
        )
    if seen != (1 << len(players)) - 1:
        missing = [p for i, p in enumerate(players) if not seen >> i & 1]
        raise InvalidParameterError(
            f"`{arg}` must be a partition of the players; {_listing(missing)} are in no bloc"
        )
    return tuple(out), tuple(masks)
