"""The random arrival rule (O'Neill 1982): the average over arrival orders of first come, first served.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._kernels import arrival as _karrival
from ..errors import InvalidParameterError
from ..results import Allocation
from ._claims_base import _problem, _result

_MAX_ARRIVAL = 24  # most claimants the exact random-arrival rule enumerates
_MAX_DIGITS = 6  # claims with at most this many decimals are integers in their units
_MAX_CELLS = 20_000_000  # entries of one table of the programme (160 MB)
_MAX_WORK = 4_000_000_000  # steps of the programme (a few seconds)


def random_arrival(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Random arrival rule: claims paid in full in order of arrival,
    averaged over all orders.

    Claimants arrive in a random order; each receives its claim, or what is
    left of the estate if less. The rule averages these awards over all
    ``n!`` orders; it is the Shapley value of the bankruptcy game (O'Neill
    1982). Computed exactly, without a table of the game:

    * when the claims are whole numbers in some unit ``10**-d`` (``d`` at
      most 6 decimals), by a dynamic programme over the number of claimants
      arrived first and the total they claim: O(n**2 L) steps with
      ``L = max(E, T - E)`` in that unit (``T`` the total claimed), taken
      when ``n (n + 1) L / 2`` is at most 4e9 (e.g. 1,000 claimants of
      claims up to 10, or 300 of claims up to 100, in about a second);
    * otherwise by enumerating, for each claimant, the ``2**(n-1)`` sets of
      claimants that may arrive before it, weighted by
      ``|S|! (n-|S|-1)! / n!`` (at most 24 claimants).

    No method polynomial in ``n`` and the claims' digits is to be expected:
    with whole claims, the rise of a claimant's award from estate ``E - 1``
    to ``E`` is its Shapley-Shubik index in the weighted voting game with
    the claims as weights and quota ``E``, whose computation is #P-complete
    (Deng and Papadimitriou 1994). Beyond both limits, estimate it with
    ``coalition.estimate_shapley(coalition.families.bankruptcy(estate,
    claims))``, which reports standard errors.

    Parameters
    ----------
    estate, claims, players
        As :func:`proportional_claims`.

    Returns
    -------
    Allocation
        The awards, rule ``"random arrival"``.

    Raises
    ------
    InvalidParameterError
        As :func:`proportional_claims`, or with more than 24 claimants whose
        claims are not whole numbers of a unit ``10**-6`` or larger, or too
        large for the programme (the message gives its size; estimate it
        with ``coalition.estimate_shapley`` on
        ``coalition.families.bankruptcy(estate, claims)``).
    InfeasibleError
        If the estate exceeds the total of the claims.

    References
    ----------
    O'Neill, B. (1982). A problem of rights arbitration from the Talmud.
    Mathematical Social Sciences 2(4), 345-371.
    doi:10.1016/0165-4896(82)90029-4
    Deng, X. and Papadimitriou, C. H. (1994). On the complexity of
    cooperative solution concepts. Mathematics of Operations Research 19(2),
    257-266. doi:10.1287/moor.19.2.257

    Examples
    --------
    >>> import coalition as co
    >>> co.random_arrival(200, [100, 200, 300]).as_dict()
    {'P1': 33.33, 'P2': 83.33, 'P3': 83.33}
    """
    e, c, names = _problem(estate, claims, players)
    x = np.zeros(c.size)
    # a claimant of claim 0 takes nothing and leaves the others' awards as
    # they are: the rule runs on the positive claims
    pos = np.flatnonzero(c > 0)
    x[pos] = _positive(e, c[pos])
    return _result(x, names, "random arrival")


def _positive(e: float, c: np.ndarray) -> np.ndarray:
    """Random-arrival awards of positive claims."""
    n = c.size
    total = float(np.sum(c))
    if n <= 1 or e <= 0 or e >= total:
        return np.minimum(c, e) if n == 1 else (c.copy() if e >= total else np.zeros(n))
    whole = _whole_units(c)
    if whole is not None:
        ints, scale = whole
        t = int(ints.sum())
        es = e * scale
        if round(es) / scale == e:  # the estate is whole in the same unit
            es = float(round(es))
        width = max(math.ceil(es), math.ceil(t - es), 1)
        rows = (n - 1) // 2 + 1
        if rows * width <= _MAX_CELLS and n * rows * width <= _MAX_WORK:
            distinct, where = np.unique(ints, return_inverse=True)
            x = _karrival.arrival_awards(np.sort(ints), es, distinct)[where] / scale
            if abs(x.sum() - e) <= 1e-9 * e:
                return x
            # the programme lost precision (it never has in the tests): enumerate
    if n > _MAX_ARRIVAL:
        size = (f"a programme of {n} claimants over totals up to {width:,} (units of {1 / scale:g})"
                if whole is not None else f"claims with more than {_MAX_DIGITS} decimals")
        raise InvalidParameterError(
            f"`claims` has {n} positive entries and {size}: the exact random-arrival rule takes at most "
            f"{_MAX_ARRIVAL} claimants, or whole claims (in some unit 10**-d, d <= {_MAX_DIGITS}) whose "
            "programme has at most 4e9 steps. Estimate it with "
            "coalition.estimate_shapley(coalition.families.bankruptcy(estate, claims))"
        )
    return _arrival(c, e)


def _whole_units(c: np.ndarray) -> tuple[np.ndarray, float] | None:
    """The claims as whole numbers of the largest unit ``10**-d`` (``d`` up
    to :data:`_MAX_DIGITS`) in which each is exactly the float given (0.1 is
    1 tenth, 999999.9999 is 9999999999 ten-thousandths, 1e-10 is none), and
    ``10**d``; None if there is none."""
    for d in range(_MAX_DIGITS + 1):
        scale = 10.0 ** d
        ints = np.round(c * scale)
        if ints.max() < 2.0 ** 52 and np.array_equal(ints / scale, c):
            return ints.astype(np.int64), scale
    return None


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
