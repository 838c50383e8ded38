"""Power indices of [quota; weights] with non-negative integer weights,
without a table (private): the routes behind ``WeightedVotingGame._power_fast``
and ``_banzhaf_fast``.

Players of equal weight form one class, so the work grows with the number of
distinct weights, not of players. Counts are shares of ``2**m`` coalitions in
float64 (see :mod:`coalition._kernels.power`): they never overflow or wrap,
whatever the number of players; a share below about 1e-308 underflows. The
Shapley-Shubik index of large games is an integral of pivot probabilities
over the joining probability (:func:`shapley_multilinear`), which carries
probabilities and an error bound, never counts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._kernels import pivots as _kpv
from .._kernels import power as _kp
from .._kernels import voting as _kv
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


# The Shapley-Shubik route by the multilinear extension: nodes whose
# Hoeffding bound on every class's pivot probability is below _PRUNE are left
# out; Fourier terms below exp(_LOG_FLOOR) are left out; an index is returned
# only when its error bound is at most _RTOL of its value.
_PRUNE = 1e-22
_LOG_FLOOR = -80.0
_RTOL = 1e-10
# Largest total weight + 1 (Fourier size): three float64 arrays of about
# this many entries are held per node.
_MAX_SIZE = 4_000_000


def _node_range(n_nodes: int, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """The Gauss-Legendre nodes (on [0, 1], ``n_nodes`` of them) in [lo, hi],
    with the next node on each side (so every node left out is outside)."""
    k = np.arange(n_nodes)
    guess = 0.5 * (1.0 - np.cos(np.pi * (k + 0.75) / (n_nodes + 0.5)))  # increasing
    first = max(int(np.searchsorted(guess, lo)) - 2, 0)
    last = min(int(np.searchsorted(guess, hi, side="right")) + 2, n_nodes)
    while True:
        t, w = _kpv.legendre_nodes(n_nodes, first, last)
        grow = False
        if first > 0 and t[0] >= lo:
            first, grow = max(first - 4, 0), True
        if last < n_nodes and t[-1] <= hi:
            last, grow = min(last + 4, n_nodes), True
        if not grow:
            return t, w


def shapley_multilinear(units: np.ndarray, quota: int) -> tuple[np.ndarray, np.ndarray] | None:
    """Shapley-Shubik index and a bound on each entry's error, by Owen's
    multilinear extension, or None beyond the bounds or when an entry's
    bound exceeds ``_RTOL`` of its value.

    ``SS_i`` is the integral over ``t`` in [0, 1] of the probability that
    ``i`` swings when every other player joins with probability ``t``: a
    polynomial of degree ``n - 1`` in ``t``, integrated exactly by the
    ``ceil(n / 2)``-point Gauss-Legendre rule. Each node's probability comes
    from ``_kernels.pivots.pivot_probabilities`` (O(total + d total / 2)).
    The error bound adds the kernels' rounding bounds, the terms left out
    and ``_PRUNE`` for the nodes left out (their weights sum to at most 1)."""
    distinct, counts, which = _classes(units)
    n = int(counts.sum())
    total = int((distinct * counts).sum())
    if n == 0 or not 1 <= quota <= total or total + 1 > _MAX_SIZE:
        return None
    if n == 1:  # the only voter reaches the quota alone
        return _per_player(np.ones(1), which), np.zeros(units.size)
    n_nodes = (n + 1) // 2
    a = distinct.astype(np.float64)
    s2 = float((a * a * counts).sum())
    others, s2c = total - a, s2 - a * a
    reach = np.sqrt(np.log(1.0 / _PRUNE) * np.maximum(s2c, 0.0) / 2.0)
    lo = float(np.min((quota - a - reach) / np.maximum(others, 1.0)))
    hi = float(np.max((quota - 1 + reach) / np.maximum(others, 1.0)))
    # Hoeffding: P(W >= x) <= exp(-2 (x - E W)**2 / sum w**2) above the mean,
    # likewise below; outside [lo, hi] every class's bound is below _PRUNE
    t_guess = 0.5 * (1.0 - np.cos(np.pi * (np.arange(n_nodes) + 0.75) / (n_nodes + 0.5)))
    kept = int(np.count_nonzero((t_guess >= lo) & (t_guess <= hi))) + 4
    if kept * (3 * (total + 1) + distinct.size * (total // 2 + 1) + 2 * n_nodes) > MAX_WORK:
        return None
    t, w = _node_range(n_nodes, lo, hi)
    value = np.zeros(distinct.size)
    err = np.full(distinct.size, _PRUNE)
    # walk in from both ends, leaving out the nodes where a Chernoff bound on
    # every class's pivot probability is below _PRUNE (and adding the bound)
    log_prune = np.log(_PRUNE)
    first, last = 0, t.size
    for step, at in ((1, 0), (-1, t.size - 1)):
        while first < last:
            tail = _kpv.swing_log_bounds(distinct, counts, quota, float(t[at]))
            if tail.max() >= log_prune:
                break
            err += w[at] * np.exp(tail)
            if step == 1:
                first, at = first + 1, at + 1
            else:
                last, at = last - 1, at - 1
    for tk, wk in zip(t[first:last].tolist(), w[first:last].tolist()):
        if not 0.0 < tk < 1.0:
            return None
        prob, bound = _kpv.pivot_probabilities(distinct, counts, quota, tk, _LOG_FLOOR)
        value += wk * prob
        err += wk * bound
    sure = value > err * (1.0 + 1e-6)
    if not sure.all():  # a class that cannot swing gets exactly 0
        wi = np.sort(units.astype(np.int64))
        for c in np.flatnonzero(~sure):
            if _kv.can_swing(wi, quota, int(distinct[c])):
                return None
            value[c], err[c] = 0.0, 0.0
    if np.any(err > _RTOL * np.abs(value)):
        return None
    return _per_player(value, which), _per_player(err, which)


def shapley(units: np.ndarray, quota: int) -> np.ndarray | None:
    """Shapley-Shubik index by the multilinear extension, or None (beyond
    the bounds, or not certified to ``_RTOL``)."""
    out = shapley_multilinear(units, quota)
    return None if out is None else out[0]


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
