"""Power indices of [quota; weights] with non-negative integer weights,
without a table (private): the routes behind ``WeightedVotingGame._power_fast``
and ``_banzhaf_fast``.

Players of equal weight form one class, so the work grows with the number of
distinct weights, not of players. Counts are shares of ``2**m`` coalitions in
float64 (see :mod:`coalition._kernels.power`): they never overflow or wrap,
whatever the number of players; a share below about 1e-308 underflows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._kernels import power as _kp
from ..errors import GameTooLargeError

__all__: list[str] = []

# Bounds of the routes: float64 entries held at once, and steps.
MAX_CELLS = 25_000_000
MAX_WORK = 2_000_000_000
# Most minimal winning coalitions walked (Deegan-Packel, public good), and
# listed (minimal_winning_coalitions).
MAX_WALK = 20_000_000
MAX_LIST = 1_000_000


def _classes(units: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct positive weights, their counts, and each player's class (-1
    for a player of weight 0)."""
    w = units.astype(np.int64)
    distinct, which, counts = np.unique(w, return_inverse=True, return_counts=True)
    which = which.reshape(-1)
    if distinct[0] == 0:
        distinct, counts, which = distinct[1:], counts[1:], which - 1
    return distinct, counts, which


def _per_player(by_class: np.ndarray, which: np.ndarray) -> np.ndarray:
    out = np.zeros(which.size)
    voters = which >= 0
    out[voters] = by_class[which[voters]]
    return out


def banzhaf(units: np.ndarray, quota: int) -> np.ndarray | None:
    """Raw Banzhaf index (swings over ``2**(n - 1)``), or None beyond the bounds."""
    distinct, counts, which = _classes(units)
    n = int(counts.sum())
    if (distinct.size + 2) * quota > MAX_CELLS or (n + distinct.size * 64) * quota > MAX_WORK:
        return None
    return _per_player(_kp.banzhaf_by_class(distinct, counts, quota), which)


def coleman(units: np.ndarray, quota: int, beta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coleman's indices from the raw Banzhaf index `beta`: ``eta / |W|`` and
    ``eta / |L|`` with ``eta = beta * 2**(n - 1)``, as shares of ``2**n``."""
    distinct, counts, _ = _classes(units)
    p_win, p_lose = _kp.win_shares(distinct, counts, quota)
    return beta / (2.0 * p_win), beta / (2.0 * p_lose)


def johnston(units: np.ndarray, quota: int) -> np.ndarray | None:
    """Johnston index (summing to 1), or None beyond the bounds."""
    distinct, counts, which = _classes(units)
    n = int(counts.sum())
    segments = sum(int(np.searchsorted(distinct, a)) + 1 for a in distinct)
    if (n + 1) * quota > MAX_CELLS or segments * n * (n + 1) * quota > MAX_WORK:
        return None
    raw = _per_player(_kp.johnston_by_class(distinct, counts, quota), which)
    return raw / raw.sum()


def _walk(units: np.ndarray, quota: int, limit: int, what: str) -> Any:
    """Walk the minimal winning coalitions once their number is known to be
    at most `limit`; GameTooLargeError (with the number) otherwise."""
    order = np.argsort(units, kind="stable")
    w = units[order].astype(np.int64)
    keep = w > 0  # a player of weight 0 is in no minimal winning coalition
    order, w = order[keep], w[keep]
    if (w.size + 1) * quota > MAX_WORK:
        return None
    count = _kp.count_minimal_winning(w, quota)
    if count > limit:
        shown = "more than 1e308" if not np.isfinite(count) else f"about {count:.3g}"
        kind = "blocking" if what == "minimal_blocking_coalitions" else "winning"
        raise GameTooLargeError(
            f"`game` has {shown} minimal {kind} coalitions; {what} walks them one by one and stops "
            f"at {limit:,}. The Shapley-Shubik, Banzhaf, Johnston and Coleman indices of a weighted "
            "voting game need no such walk"
        )
    listing = what.startswith("minimal_")
    return order, _kp.enumerate_minimal_winning(w, quota, limit if listing else 0)


def deegan_packel(units: np.ndarray, quota: int) -> np.ndarray | None:
    walked = _walk(units, quota, MAX_WALK, "the Deegan-Packel index")
    if walked is None:
        return None
    order, (count, dp, _, _, _) = walked
    out = np.zeros(units.size)
    out[order] = dp / count
    return out


def public_good(units: np.ndarray, quota: int) -> np.ndarray | None:
    walked = _walk(units, quota, MAX_WALK, "the public good index")
    if walked is None:
        return None
    order, (_, _, holler, _, _) = walked
    out = np.zeros(units.size)
    out[order] = holler / holler.sum()
    return out


def minimal_winning(units: np.ndarray, quota: int, what: str = "minimal_winning_coalitions"
                    ) -> list[tuple[int, ...]] | None:
    """The minimal winning coalitions as sorted tuples of player positions,
    in increasing bitmask order."""
    walked = _walk(units, quota, MAX_LIST, what)
    if walked is None:
        return None
    order, (count, _, _, members, offsets) = walked
    pos = order[members].tolist()
    out = [tuple(sorted(pos[offsets[j]:offsets[j + 1]])) for j in range(int(count))]
    out.sort(key=lambda c: sum(1 << i for i in c))
    return out


def minimal_blocking(units: np.ndarray, quota: int) -> list[tuple[int, ...]] | None:
    """The minimal blocking coalitions: a coalition blocks when the others
    fall short of the quota, i.e. when its own weight reaches
    ``total - quota + 1`` (the dual game's quota)."""
    return minimal_winning(units, int(units.sum()) - quota + 1, "minimal_blocking_coalitions")
