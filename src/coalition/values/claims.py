"""Rules for claims problems: an estate short of the claims on it.

A claims (bankruptcy) problem is an estate ``E >= 0`` and claims
``c_i >= 0`` with ``E <= sum(c)``; a rule awards each claimant between
nothing and its claim, the awards adding up to the estate. The closed-form
rules here sort the claims once (``O(n log n)``); the random-arrival rule
enumerates coalitions and is exact for up to 24 claimants.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .._numbers import _show
from ..errors import InvalidParameterError
from ..results import Allocation
from ._claims_base import _fill_down, _fill_up, _layers, _problem, _result, _total
from ._random_arrival import random_arrival

__all__ = ['proportional_claims', 'cea', 'cel', 'talmud', 'reverse_talmud', 'piniles', 'adjusted_proportional', 'minimal_overlap', 'random_arrival', 'claims_rule']


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
    return _result(_on_halves(c, e, _fill_up, _fill_down), names, "Talmud")


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
    return _result(_on_halves(c, e, _fill_down, _fill_up), names, "reverse Talmud")


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
    return _result(_on_halves(c, e, _fill_up, _fill_up), names, "Piniles")


def _on_halves(c: np.ndarray, e: float, below, above) -> np.ndarray:
    """The half-claim rules: `below` shares an estate of at most half the
    claims over the half-claims; above that, each gets its half-claim and
    `above` shares the rest over the half-claims."""
    half = c / 2
    total = _total(half)
    if e <= total:
        return below(half, e)
    return half + above(half, min(e - total, total))


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
