"""The Kalai-Smorodinsky solution (Kalai and Smorodinsky 1975).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..game import Game
from ..results import BargainingSolution
from ._problem import _as_problem, _ntu_result, _ntu_setup, _tu_result, _tu_setup
from ._rays import _ideal_constraints, _ideal_points, _ray_solution

__all__ = ['kalai_smorodinsky']


def kalai_smorodinsky(problem: Any, *, disagreement: Any = None) -> BargainingSolution:
    r"""Kalai-Smorodinsky solution: equal shares of each partner's best hope.

    For each partner, its *ideal* utility is the most it could get if every
    other partner got no more than its disagreement utility. The
    Kalai-Smorodinsky solution is the feasible deal furthest along the line
    from the disagreement point to the ideal point: every partner gets the
    same fraction of the way from its fallback to its best hope. It suits
    negotiations framed as "we each concede the same proportion of our
    maximum claim". Unlike Nash, it rewards a partner whose best hope grows:
    when the set grows so that one partner can hope for more while the
    others' hopes stay put, that partner never loses (individual
    monotonicity, Kalai and Smorodinsky 1975).

    With money (a :class:`~coalition.Game`) every partner's ideal is ``v(N)``
    minus the others' outside options, and the solution gives each partner
    its outside option plus an equal share of the gain.

    Parameters
    ----------
    problem : Game, FeasibleSet, array_like, (A, b) or callable
        See :func:`nash_bargaining`.
    disagreement : "standalone", "zero", array_like or dict, optional
        See :func:`nash_bargaining`.

    Returns
    -------
    BargainingSolution
        With ``ideal``, the ideal point.

    Raises
    ------
    InfeasibleError
        If the disagreement point is not feasible or leaves no gain.
    InvalidParameterError
        On vectors of the wrong length, an unbounded feasible set, or a
        frontier that is not concave or rises.
    SolverError
        If a linear program fails.

    Notes
    -----
    With three or more partners the solution is only weakly Pareto optimal:
    for the comprehensive hull of (1, 1, 0) and (1, 0, 1) it is
    (1/2, 1/2, 1/2), although (1, 1/2, 1/2) is feasible (Roth 1979).
    Ideal points come from one linear program per partner; the final step
    is an exact ray intersection (constraints), a linear program (points) or
    a bisection (frontier). Two partners with outcome points need no linear
    program: the ideal point and the ray's exit are read off the edges of
    the Pareto part of the outcomes' convex hull, exactly. The computation
    runs in normalised units, so the answer scales with the utilities.

    References
    ----------
    Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
    bargaining problem. Econometrica 43(3), 513-518.
    Roth, A. E. (1979). Axiomatic Models of Bargaining. Lecture Notes in
    Economics and Mathematical Systems 170, Springer.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    >>> co.kalai_smorodinsky(g).as_dict()
    {'Hub': 60.0, 'Battery': 40.0}

    Kalai and Smorodinsky's (1975) example: the hull of (0, 1), (3/4, 3/4)
    and (1, 0.7). Both can hope for 1; Kalai-Smorodinsky gives both 10/13:

    >>> s = co.kalai_smorodinsky([[0, 1], [0.75, 0.75], [1, 0.7], [1, 0]])
    >>> s.x.round(4), s.ideal
    (array([0.7692, 0.7692]), array([1., 1.]))
    """
    prob = _as_problem(problem)
    if isinstance(prob, Game):
        d, gain = _tu_setup(prob, disagreement)
        n = prob.n
        return _tu_result(prob, d + gain / n, d, np.full(n, 1.0 / n), "kalai-smorodinsky", ideal=d + gain)
    pr = _ntu_setup(prob, disagreement)
    if prob.form == "points":
        ideal = _ideal_points(pr)
    elif prob.form == "constraints":
        ideal = _ideal_constraints(pr.A, pr.c, pr.d)
    else:
        ideal = pr.ideal()
        pr.check_shape(ideal)
    y, how = _ray_solution(pr, ideal)
    w = np.full(prob.n, 1.0 / prob.n)
    return _ntu_result(pr, y, w, "kalai-smorodinsky", f"ideal point, then {how}", ideal=ideal)
