"""Coalitions as bitmasks: lexicographic order, popcounts, additive tables, frozen arrays (private).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def _popcounts(n: int) -> np.ndarray:
    pc = np.zeros(1, dtype=np.int64)
    for _ in range(n):
        pc = np.concatenate([pc, pc + 1])
    return pc


def _additive_table(weights: np.ndarray) -> np.ndarray:
    """Table of S -> sum of weights[i] over i in S, built by doubling in place
    (one array of ``2**len(weights)`` entries, no temporary)."""
    table = np.empty(1 << len(weights))
    table[0] = 0.0
    for i, w in enumerate(weights):
        b = 1 << i
        np.add(table[:b], w, out=table[b:2 * b])
    return table


def lex_masks(n: int) -> np.ndarray:
    """Bitmasks of the non-empty coalitions in lex order (R CoopGame, TUGlab).

    Coalitions come by size, then in lexicographic order of the sorted player
    positions. Within one size that is the descending order of the mask with
    its bits reversed, which lets numpy sort all ``2**n - 1`` of them at once.
    """
    masks = np.arange(1, 1 << n, dtype=np.int64)
    rev = np.zeros_like(masks)
    for i in range(n):
        rev |= ((masks >> i) & 1) << (n - 1 - i)
    order = np.lexsort((-rev, _popcounts(n)[1:]))
    return masks[order]


def _bool_rows(masks: np.ndarray, n: int) -> np.ndarray:
    return ((masks[:, None] >> np.arange(n)) & 1).astype(bool)


def _freeze(arr: Any, dtype: Any = np.float64) -> np.ndarray:
    """A read-only array of `arr`'s entries that no one can make writeable
    again: a read-only view of a read-only array owned by the game (`arr`
    itself is used when it is already such an owner, else copied)."""
    arr = np.asarray(arr, dtype=dtype)
    if arr.base is not None or not arr.flags.c_contiguous or not arr.flags.writeable:
        arr = np.array(arr, dtype=dtype, order="C")
    arr.setflags(write=False)
    return arr.view()
