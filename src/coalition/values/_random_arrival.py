"""The random arrival rule (O'Neill 1982): the average over arrival orders of first come, first served.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .. import _config
from .._kernels import arrival as _karrival
from ..errors import InvalidParameterError, SolverError
from ..results import Allocation
from ._claims_base import _problem, _result

_MAX_ARRIVAL = 24  # most claimants the exact random-arrival rule enumerates
_MAX_DIGITS = 6  # claims with at most this many decimals are integers in their units
_MAX_WORK = 4_000_000_000  # steps of the programme (a few seconds)


def random_arrival(estate: Any, claims: Any, players: Sequence[str] | None = None) -> Allocation:
    """Random arrival rule: claims paid in full in order of arrival,
    averaged over all orders.

    Claimants arrive in a random order; each receives its claim, or what is
    left of the estate if less. The rule averages these awards over all
    ``n!`` orders; it is the Shapley value of the bankruptcy game (O'Neill
    1982). Computed exactly, without a table of the game:

    * when the claims are whole numbers below 2**52 of some unit ``10**-d``
      (``d`` at most 6 decimals), by a dynamic programme over the number of
      claimants arrived first and the total they claim, read for an estate
      ``E`` of at most half the claims (above, the rule's self-duality
      gives the awards as the claims less those of the shortfall): a table
      of ``(n - 1) // 2 + 1`` rows of ``L = T - E`` totals in that unit
      (``T`` the total claimed), or only as many rows as the smallest claims
      below ``E`` and ``L = E`` when those are few; two such tables must fit
      the memory cap (:func:`coalition.set_max_table_bytes`, 2 GiB by
      default: 1.3e8 entries each), and ``n`` times the entries of one, the
      steps, be at most 4e9 (e.g. 1,000 claimants of claims 1..9 and an
      estate of 37% of them in about a second);
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
    ints, scale, why = _whole_units(c)
    if ints is not None:
        t = int(ints.sum())
        es = e * scale
        if round(es) / scale == e:  # the estate is whole in the same unit
            es = float(round(es))
        # the rule is self-dual: an estate above half the claims is read as
        # the claims less the awards of the shortfall
        dual = es > t / 2
        ed = t - es if dual else es
        ordered = np.sort(ints)
        rows, width = _table_size(ordered, ed)
        steps = n * rows * width
        cells = _config.get_max_table_bytes() // 16  # the programme's two tables of float64
        if rows * width <= cells and steps <= _MAX_WORK:
            distinct, where = np.unique(ints, return_inverse=True)
            x = _karrival.arrival_awards(ordered, ed, distinct, rows, width)[where]
            x = ((ints - x) if dual else x) / scale
            if np.all(np.isfinite(x)) and abs(x.sum() - e) <= 1e-9 * e + 1e-300:  # (subnormal estates)
                return x
            if n > _MAX_ARRIVAL:
                raise SolverError(
                    f"random arrival: the programme's awards add up to {x.sum():.17g}, not the estate "
                    f"{e:.17g}; it lost precision on these claims, and {n} claimants are too many to "
                    "enumerate. Estimate it with "
                    "coalition.estimate_shapley(coalition.families.bankruptcy(estate, claims))"
                )
            return _arrival(c, e)
        why = (f"a programme of {rows:,} rows of {width:,} totals in units of {1 / scale:g} "
               f"({rows * width:.2g} entries, {steps:.2g} steps)")
    if n > _MAX_ARRIVAL:
        raise InvalidParameterError(
            f"`claims` has {n} positive entries and {why}: the exact random-arrival rule takes at most "
            f"{_MAX_ARRIVAL} claimants, or claims that are whole numbers below 2**52 of some unit "
            f"10**-d (d <= {_MAX_DIGITS}) whose programme's two tables fit the memory cap "
            f"(coalition.set_max_table_bytes; {_config.get_max_table_bytes() // 16:.2g} entries each) and "
            f"that has at most {_MAX_WORK:.0e} steps. Estimate it with "
            "coalition.estimate_shapley(coalition.families.bankruptcy(estate, claims))"
        )
    return _arrival(c, e)


def _table_size(ints: np.ndarray, e: float) -> tuple[int, int]:
    """Rows and width of the programme's table for sorted whole claims and an
    estate ``e`` of at most half their total (see
    :func:`coalition._kernels.arrival.arrival_awards`)."""
    n = ints.size
    half = (n - 1) // 2
    # the most claimants whose smallest claims stay below the estate
    reach = int(np.searchsorted(np.cumsum(ints, dtype=np.float64), e, side="left"))
    if reach <= half:
        return reach + 1, max(math.ceil(e), 1)
    return half + 1, max(math.ceil(e), math.ceil(float(ints.sum()) - e), 1)


def _whole_units(c: np.ndarray) -> tuple[np.ndarray | None, float, str]:
    """The claims as whole numbers of the largest unit ``10**-d`` (``d`` up
    to :data:`_MAX_DIGITS`) in which each is exactly the float given (0.1 is
    1 tenth, 999999.9999 is 9999999999 ten-thousandths, 1e-10 is none), and
    ``10**d``; ``(None, 0, why)`` if there is none."""
    for d in range(_MAX_DIGITS + 1):
        scale = 10.0 ** d
        ints = np.round(c * scale)
        if np.array_equal(ints / scale, c):
            if ints.max() >= 2.0 ** 52:
                return None, 0.0, f"claims of 2**52 or more units of {1 / scale:g}"
            return ints.astype(np.int64), scale, ""
    return None, 0.0, f"claims with more than {_MAX_DIGITS} decimals"


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
