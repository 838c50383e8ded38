"""The egalitarian solution (Kalai 1977).
"""

from __future__ import annotations

from typing import Any

from ..game import Game
from ..results import BargainingSolution
from ._convert import _weights_of
from ._problem import (
    _as_problem,
    _Frontier,
    _ntu_result,
    _ntu_setup,
    _tu_result,
    _tu_setup,
)
from ._rays import _ray_solution

__all__ = ['egalitarian']


def egalitarian(problem: Any, *, disagreement: Any = None, weights: Any = None) -> BargainingSolution:
    r"""Egalitarian solution: the largest equal gain for every partner.

    Every partner gains the same amount over its disagreement point, as much
    as the feasible set allows (with `weights`, gains in proportion to the
    weights). It suits partners whose utilities are measured in a common
    unit, so that "equal gains" means something, and is the rule that never
    makes anyone worse off when the set of possible deals grows (Kalai 1977).
    It is not independent of how utilities are scaled.

    With money (a :class:`~coalition.Game`), each partner gets its outside
    option plus its weight's share of the gain, like the weighted Nash split.

    Parameters
    ----------
    problem : Game, FeasibleSet, array_like, (A, b) or callable
        See :func:`nash_bargaining`.
    disagreement : "standalone", "zero", array_like or dict, optional
        See :func:`nash_bargaining`.
    weights : array_like or dict, optional
        Positive weights: gains are proportional to them (default equal).

    Returns
    -------
    BargainingSolution

    Raises
    ------
    InfeasibleError
        If the disagreement point is not feasible or leaves no gain.
    InvalidParameterError
        On a weight that is not positive, vectors of the wrong length, an
        unbounded feasible set, or a frontier that is not concave or rises.
    SolverError
        If a linear program fails.

    Notes
    -----
    The solution is ``d + t* w`` with ``t*`` the largest feasible step: an
    exact ray intersection for constraints, one linear program for points
    (for two partners an exact intersection with the edges of the outcomes'
    convex hull), a bisection for a frontier. With three or more partners it
    is only weakly Pareto optimal. Multiplying every utility by the same
    positive number multiplies the solution by it too.

    References
    ----------
    Kalai, E. (1977). Proportional solutions to bargaining situations:
    interpersonal utility comparisons. Econometrica 45(7), 1623-1630.

    Examples
    --------
    >>> import coalition as co
    >>> co.egalitarian([[4, 0], [0, 2]]).x.round(4)
    array([1.3333, 1.3333])
    >>> g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    >>> co.egalitarian(g, weights=[3, 1]).as_dict()
    {'Hub': 75.0, 'Battery': 25.0}
    """
    prob = _as_problem(problem)
    if isinstance(prob, Game):
        d, gain = _tu_setup(prob, disagreement)
        w = _weights_of(weights, prob.players, "weights")
        return _tu_result(prob, d + w * gain, d, w, "egalitarian")
    w = _weights_of(weights, prob.players, "weights")
    pr = _ntu_setup(prob, disagreement)
    if isinstance(pr, _Frontier):
        pr.check_shape(pr.ideal())
    y, how = _ray_solution(pr, w / w.max())
    return _ntu_result(pr, y, w, "egalitarian", how)
