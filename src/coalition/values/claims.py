"""Rules for claims problems: an estate short of the claims on it.

A claims (bankruptcy) problem is an estate ``E >= 0`` and claims
``c_i >= 0`` with ``E <= sum(c)``; a rule awards each claimant between
nothing and its claim, the awards adding up to the estate. The closed-form
rules here sort the claims once (``O(n log n)``); the random-arrival rule
enumerates coalitions and is exact for up to 24 claimants.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._numbers import _show
from ..errors import InfeasibleError, InvalidParameterError
from ..families._base import _names, _scalar, _vector
from ..results import Allocation

__all__ = [
    "proportional_claims", "cea", "cel", "talmud", "reverse_talmud", "piniles",
    "adjusted_proportional", "minimal_overlap", "random_arrival", "claims_rule",
]

_MAX_ARRIVAL = 24  # most claimants the exact random-arrival rule enumerates
# An estate above the total claims by at most this fraction of it (the sum
# added in another order) is taken as the total.
_ROUNDING = 1e-12


def _problem(estate: Any, claims: Any, players: Sequence[str] | None) -> tuple[float, np.ndarray, tuple[str, ...]]:
    """The checked estate, claims (float64) and claimants' names."""
    if isinstance(claims, Mapping):
        if players is not None:
            raise InvalidParameterError(
                "`players` must be left out when `claims` is a dict: its keys name the claimants"
            )
        players = list(claims.keys())
        claims = list(claims.values())
    c = np.array(_vector(claims, "claims"))
    e = _scalar(estate, "estate")
    if e < 0:
        raise InvalidParameterError(f"`estate` must be non-negative, got {e:g}")
    total = _total(c)
    if e > total * (1 + _ROUNDING):
        raise InfeasibleError(
            f"`estate` ({e:g}) exceeds the total of `claims` ({total:g}); a claims rule "
            "needs an estate of at most the total claimed"
        )
    return min(e, total), c, _names(players, c.size)


def _total(a: np.ndarray) -> float:
    """Sum of an array (numpy's pairwise sum: error about 1e-16 of it times log n)."""
    return float(np.sum(a))


def _fill_up(c: np.ndarray, e: float) -> np.ndarray:
    """``min(c_i, lam)`` with ``lam`` such that the awards sum to `e`
    (``0 <= e <= sum(c)``): equal awards, none above its claim."""
    s = np.sort(c)
    n = s.size
    before = np.concatenate(([0.0], np.cumsum(s)[:-1]))  # sum of the claims below s[j]
    level = before + (n - np.arange(n)) * s  # awarded if lam = s[j]; non-decreasing in j
    k = int(np.searchsorted(level, e, side="right"))  # claims paid in full: s[:k]
    if k == n:
        return c.copy()
    lam = (e - before[k]) / (n - k)
    lam = min(max(lam, s[k - 1] if k else 0.0), s[k])
    return np.minimum(c, lam)


def _fill_down(c: np.ndarray, e: float) -> np.ndarray:
    """``max(0, c_i - mu)`` with ``mu`` such that the awards sum to `e`
    (``0 <= e <= sum(c)``): equal losses, no award below zero."""
    s = np.sort(c)[::-1]
    n = s.size
    above = np.concatenate(([0.0], np.cumsum(s)[:-1]))  # sum of the claims above s[j]
    level = above - np.arange(n) * s  # awarded if mu = s[j]; non-decreasing in j
    k = int(np.searchsorted(level, e, side="left"))  # claims with a positive award: s[:k]
    if k == 0:
        return np.zeros_like(c)
    mu = (above[k - 1] + s[k - 1] - e) / k
    mu = min(max(mu, s[k] if k < n else 0.0), s[k - 1])
    return np.maximum(0.0, c - mu)


def _layers(a: np.ndarray) -> np.ndarray:
    """Each layer ``[a_(k-1), a_(k)]`` of the sorted claims `a` split equally
    among those who claim it (ibn Ezra's division)."""
    order = np.argsort(a, kind="stable")
    s = a[order]
    n = s.size
    steps = np.diff(np.concatenate(([0.0], s))) / (n - np.arange(n))
    out = np.empty(n)
    out[order] = np.cumsum(steps)
    return out


def _result(x: np.ndarray, names: tuple[str, ...], rule: str) -> Allocation:
    return Allocation(names, x, rule, "profit")


def proportional_claims(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Proportional rule: awards in proportion to the claims.

    Parameters
    ----------
    estate : float
        What there is to share, ``0 <= estate <= sum(claims)``.
    claims : array_like or dict
        Non-negative finite claims, or ``{name: claim}``.
    players : sequence of str, optional
        Claimants' names (default ``P1 .. Pn``); not with a dict of claims.

    Returns
    -------
    Allocation
        The awards, rule ``"proportional"``.

    Raises
    ------
    InvalidParameterError
        On a negative, non-finite or non-numeric estate or claim.
    InfeasibleError
        If the estate exceeds the total of the claims (by more than
        rounding: an estate within 1e-12 of the total above it, as when the
        claims are added in another order, is taken as the total).

    References
    ----------
    Thomson, W. (2003). Axiomatic and game-theoretic analysis of bankruptcy
    and taxation problems: a survey. Mathematical Social Sciences 45(3),
    249-297. doi:10.1016/S0165-4896(02)00070-7

    Examples
    --------
    >>> import coalition as co
    >>> co.proportional_claims(300, [100, 200, 300]).as_dict()
    {'P1': 50.0, 'P2': 100.0, 'P3': 150.0}
    """
    e, c, names = _problem(estate, claims, players)
    top = c.max()
    x = np.zeros_like(c) if top == 0 else e * ((c / top) / (c / top).sum())
    return _result(np.minimum(x, c), names, "proportional")


def cea(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Constrained equal awards: equal awards, no one above its claim.

    Each claimant receives ``min(c_i, lam)``, ``lam`` set so that the awards
    add up to the estate (Maimonides).

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"CEA"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    Thomson, W. (2003), Mathematical Social Sciences 45(3), 249-297.
    doi:10.1016/S0165-4896(02)00070-7. It is the Dutta-Ray egalitarian
    solution of the bankruptcy game (Dutta, B. and Ray, D. (1989).
    Econometrica 57(3), 615-635).

    Examples
    --------
    >>> import coalition as co
    >>> co.cea(200, [100, 200, 300]).as_dict()
    {'P1': 66.67, 'P2': 66.67, 'P3': 66.67}
    >>> co.cea(400, [100, 200, 300]).as_dict()
    {'P1': 100.0, 'P2': 150.0, 'P3': 150.0}
    """
    e, c, names = _problem(estate, claims, players)
    return _result(_fill_up(c, e), names, "CEA")


def cel(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Constrained equal losses: equal losses, no award below zero.

    Each claimant receives ``max(0, c_i - mu)``, ``mu`` set so that the
    awards add up to the estate.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"CEL"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a
    bankruptcy problem from the Talmud. Journal of Economic Theory 36(2),
    195-213. doi:10.1016/0022-0531(85)90102-4

    Examples
    --------
    >>> import coalition as co
    >>> co.cel(300, [100, 200, 300]).as_dict()
    {'P1': 0.0, 'P2': 100.0, 'P3': 200.0}
    """
    e, c, names = _problem(estate, claims, players)
    return _result(_fill_down(c, e), names, "CEL")


def talmud(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Talmud rule: equal awards up to half-claims, then equal losses.

    If the estate is at most half the total claimed, it is shared by
    constrained equal awards on the half-claims; otherwise each receives its
    half-claim and the rest is shared by constrained equal losses on the
    half-claims. It is the nucleolus of the bankruptcy game.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"Talmud"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a
    bankruptcy problem from the Talmud. Journal of Economic Theory 36(2),
    195-213. doi:10.1016/0022-0531(85)90102-4

    Examples
    --------
    >>> import coalition as co
    >>> co.talmud(200, [100, 200, 300]).as_dict()
    {'P1': 50.0, 'P2': 75.0, 'P3': 75.0}
    """
    e, c, names = _problem(estate, claims, players)
    half = c / 2
    total = _total(half)
    if e <= total:
        x = _fill_up(half, e)
    else:
        x = half + _fill_down(half, min(e - total, total))
    return _result(x, names, "Talmud")


def reverse_talmud(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Reverse Talmud rule: equal losses on half-claims, then equal awards.

    If the estate is at most half the total claimed, it is shared by
    constrained equal losses on the half-claims; otherwise each receives its
    half-claim and the rest is shared by constrained equal awards on the
    half-claims.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"reverse Talmud"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    Chun, Y., Schummer, J. and Thomson, W. (2001). Constrained egalitarianism:
    a new solution for claims problems. Seoul Journal of Economics 14(3),
    269-297. Thomson (2003), Mathematical Social Sciences 45(3), 249-297.

    Examples
    --------
    >>> import coalition as co
    >>> co.reverse_talmud(200, [100, 200, 300]).as_dict()
    {'P1': 16.67, 'P2': 66.67, 'P3': 116.67}
    """
    e, c, names = _problem(estate, claims, players)
    half = c / 2
    total = _total(half)
    if e <= total:
        x = _fill_down(half, e)
    else:
        x = half + _fill_up(half, min(e - total, total))
    return _result(x, names, "reverse Talmud")


def piniles(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Piniles' rule: equal awards on half-claims, twice over.

    If the estate is at most half the total claimed, it is shared by
    constrained equal awards on the half-claims; otherwise each receives its
    half-claim and the rest is shared again by constrained equal awards on
    the half-claims.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"Piniles"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    Piniles, H. M. (1861). Darkah shel Torah. Vienna: Forester. Thomson, W.
    (2003), Mathematical Social Sciences 45(3), 249-297.

    Examples
    --------
    >>> import coalition as co
    >>> co.piniles(400, [100, 200, 300]).as_dict()
    {'P1': 83.33, 'P2': 133.33, 'P3': 183.33}
    """
    e, c, names = _problem(estate, claims, players)
    half = c / 2
    total = _total(half)
    if e <= total:
        x = _fill_up(half, e)
    else:
        x = half + _fill_up(half, min(e - total, total))
    return _result(x, names, "Piniles")


def adjusted_proportional(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Adjusted proportional rule: minimal rights, then proportional shares.

    Each first receives its minimal right ``m_i = max(0, E - sum of the
    other claims)``; the rest ``E'`` is shared in proportion to the revised
    claims ``min(c_i - m_i, E')``. It is the tau-value of the bankruptcy
    game.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"adjusted proportional"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    Curiel, I. J., Maschler, M. and Tijs, S. H. (1987). Bankruptcy games.
    Zeitschrift fuer Operations Research 31(5), A143-A159.
    doi:10.1007/BF02109593

    Examples
    --------
    >>> import coalition as co
    >>> co.adjusted_proportional(400, [100, 200, 300]).as_dict()
    {'P1': 60.0, 'P2': 120.0, 'P3': 220.0}
    """
    e, c, names = _problem(estate, claims, players)
    total = _total(c)
    m = np.maximum(0.0, e - (total - c))
    rest = max(0.0, e - _total(m))
    revised = np.minimum(c - m, rest)
    top = revised.max()
    if rest == 0 or top <= 0:
        return _result(m, names, "adjusted proportional")
    share = revised / top
    x = m + rest * (share / share.sum())
    return _result(np.minimum(x, c), names, "adjusted proportional")


def minimal_overlap(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Minimal overlap rule: claims laid on the estate to overlap least, each
    unit split equally among those who claim it.

    If the estate is at most the largest claim, claims are truncated at the
    estate and nested from its bottom; otherwise each claim above a level
    ``t`` claims its excess ``c_i - t`` alone, ``t`` set so that
    ``t + sum(max(c_i - t, 0)) = E``, and the bottom ``[0, t]`` is claimed
    nested by all. Each unit goes in equal parts to those who claim it.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"minimal overlap"``.

    Raises
    ------
    InvalidParameterError, InfeasibleError
        As :func:`proportional_claims`.

    References
    ----------
    O'Neill, B. (1982). A problem of rights arbitration from the Talmud.
    Mathematical Social Sciences 2(4), 345-371.
    doi:10.1016/0165-4896(82)90029-4. Chun, Y. and Thomson, W. (2005).
    Convergence under replication of rules to adjudicate conflicting claims.
    Games and Economic Behavior 50(2), 129-142.

    Examples
    --------
    >>> import coalition as co
    >>> co.minimal_overlap(300, [100, 200, 300]).as_dict()
    {'P1': 33.33, 'P2': 83.33, 'P3': 183.33}
    """
    e, c, names = _problem(estate, claims, players)
    if e <= c.max():
        return _result(_layers(np.minimum(c, e)), names, "minimal overlap")
    t = _overlap_level(c, e)
    return _result(_layers(np.minimum(c, t)) + np.maximum(c - t, 0.0), names, "minimal overlap")


def _overlap_level(c: np.ndarray, e: float) -> float:
    """The level ``t`` of :func:`minimal_overlap` for an estate `e` above
    the largest claim."""
    d = np.sort(c)[::-1]
    n = d.size
    top = np.cumsum(d)  # top[j - 1]: the j largest claims
    nxt = np.concatenate((d[1:], [0.0]))  # d_j, the next claim below the j largest
    j = np.arange(1, n + 1)
    h = nxt + top - j * nxt - e  # t + excesses - E at t = d_j; non-decreasing in j
    k = int(np.searchsorted(h, 0.0, side="left")) + 1  # t lies in [d_k, d_{k-1}]
    if k >= n + 1:
        return 0.0
    t = (top[k - 1] - e) / (k - 1)
    return float(min(max(t, nxt[k - 1]), d[k - 1]))


def random_arrival(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Random arrival rule: claims paid in full in order of arrival,
    averaged over all orders.

    Claimants arrive in a random order; each receives its claim, or what is
    left of the estate if less. The rule averages these awards over all
    ``n!`` orders; it is the Shapley value of the bankruptcy game. Computed
    exactly by enumerating, for each claimant, the ``2**(n-1)`` sets of
    claimants that may arrive before it, weighted by ``|S|! (n-|S|-1)! / n!``.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`; at most 24 claimants.

    Returns
    -------
    Allocation
        The awards, rule ``"random arrival"``.

    Raises
    ------
    InvalidParameterError
        As :func:`proportional_claims`, or with more than 24 claimants (then
        estimate it with ``coalition.estimate_shapley`` on
        ``coalition.families.bankruptcy(estate, claims)``).
    InfeasibleError
        If the estate exceeds the total of the claims.

    References
    ----------
    O'Neill, B. (1982). A problem of rights arbitration from the Talmud.
    Mathematical Social Sciences 2(4), 345-371.
    doi:10.1016/0165-4896(82)90029-4

    Examples
    --------
    >>> import coalition as co
    >>> co.random_arrival(200, [100, 200, 300]).as_dict()
    {'P1': 33.33, 'P2': 83.33, 'P3': 83.33}
    """
    e, c, names = _problem(estate, claims, players)
    n = c.size
    if n > _MAX_ARRIVAL:
        raise InvalidParameterError(
            f"`claims` has {n} entries; the exact random-arrival rule enumerates 2**(n-1) "
            f"orders' cases per claimant and takes at most {_MAX_ARRIVAL}. Estimate it with "
            "coalition.estimate_shapley(coalition.families.bankruptcy(estate, claims))"
        )
    return _result(_arrival(c, e), names, "random arrival")


def _arrival(c: np.ndarray, e: float) -> np.ndarray:
    """Exact random-arrival awards by enumeration of the sets arriving first."""
    n = c.size
    m = n - 1
    sums = np.zeros(1 << m)
    sizes = np.zeros(1 << m, dtype=np.int64)
    w = np.array([math.factorial(s) * math.factorial(n - s - 1) / math.factorial(n) for s in range(n)])
    x = np.empty(n)
    for i in range(n):
        others = np.delete(c, i)
        sums[:1] = 0.0
        sizes[:1] = 0
        for b in range(m):  # sums and sizes of all subsets of the others, built bit by bit
            half = 1 << b
            sums[half: 2 * half] = sums[:half] + others[b]
            sizes[half: 2 * half] = sizes[:half] + 1
        got = np.minimum(c[i], np.maximum(0.0, e - sums))
        x[i] = float(np.dot(w[sizes], got))
    return x


_RULES = {
    "proportional": proportional_claims,
    "cea": cea,
    "cel": cel,
    "talmud": talmud,
    "reverse_talmud": reverse_talmud,
    "piniles": piniles,
    "adjusted_proportional": adjusted_proportional,
    "minimal_overlap": minimal_overlap,
    "random_arrival": random_arrival,
}


def claims_rule(estate: Any, claims: Any, rule: str = "cea", players: Sequence[str] | None = None) -> Allocation:
    """Share an estate among claims by the rule named `rule`.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.
    rule : str
        One of ``"proportional"``, ``"cea"``, ``"cel"``, ``"talmud"``,
        ``"reverse_talmud"``, ``"piniles"``, ``"adjusted_proportional"``,
        ``"minimal_overlap"``, ``"random_arrival"`` (case and spaces or
        hyphens do not matter).

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidParameterError
        On an unknown rule, or as the rule itself.
    InfeasibleError
        If the estate exceeds the total of the claims.

    References
    ----------
    Thomson, W. (2003). Axiomatic and game-theoretic analysis of bankruptcy
    and taxation problems: a survey. Mathematical Social Sciences 45(3),
    249-297. doi:10.1016/S0165-4896(02)00070-7

    Examples
    --------
    >>> import coalition as co
    >>> co.claims_rule(100, [100, 200, 300], rule="talmud").as_dict()
    {'P1': 33.33, 'P2': 33.33, 'P3': 33.33}
    """
    key = rule.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(rule, str) else None
    if key not in _RULES:
        raise InvalidParameterError(
            f"`rule` must be one of {', '.join(repr(k) for k in _RULES)}; got {_show(rule)}"
        )
    return _RULES[key](estate, claims, players)
