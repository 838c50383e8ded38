"""The random arrival rule (O'Neill 1982): the average over arrival orders of first come, first served.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..results import Allocation
from ._claims_base import _problem, _result

_MAX_ARRIVAL = 24  # most claimants the exact random-arrival rule enumerates


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
