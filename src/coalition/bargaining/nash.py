"""The Nash bargaining solution (Nash 1950), with bargaining power and outside options.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InfeasibleError, SolverError
from ..game import Game
from ..results import BargainingSolution
from ._convert import _weights_of
from ._frontier_math import (
    nash_frontier_2,
    nash_frontier_n,
)
from ._hull import nash_chain_2d, nash_points_cuts, pareto_chain_2d
from ._logprog import ProgramFailure, ProgramResult, interior_start, log_program
from ._problem import (
    _as_problem,
    _Frontier,
    _ntu_result,
    _ntu_setup,
    _Polyhedral,
    _tu_result,
    _tu_setup,
)

__all__ = ['nash_bargaining']


# Nash
def _uneven(w: np.ndarray) -> str:
    """A hint for a failed solve when the powers are far apart."""
    ratio = float(w.max() / w.min())
    if ratio < 1e4:
        return ""
    return (f" (the bargaining powers are {ratio:.1e} times apart: the weaker partners' gains are then "
            "near the resolution of floating point)")


def _nash_polyhedral(M: np.ndarray, c: np.ndarray, w: np.ndarray) -> ProgramResult:
    y0, depth = interior_start(M, c)
    if y0 is None:
        raise InfeasibleError(
            "the feasible set has no interior point above the disagreement point (are some "
            "constraints equalities written as two inequalities?); loosen them slightly"
        )
    try:
        with np.errstate(over="ignore"):  # ratio tests may overflow harmlessly to inf
            return log_program(M, c, w, y0)
    except ProgramFailure as exc:
        raise SolverError(f"the Nash program could not be solved: {exc}{_uneven(w)}") from None


def nash_bargaining(problem: Any, *, disagreement: Any = None, power: Any = None) -> BargainingSolution:
    r"""Nash bargaining solution: the deal that maximises the product of gains.

    Each partner compares the deal with what it gets if talks fail (its
    disagreement point or outside option, :math:`d_i`). The Nash solution
    picks the feasible deal that maximises

    .. math:: \prod_i (u_i - d_i)^{w_i} \quad\text{i.e.}\quad
              \sum_i w_i \log(u_i - d_i),

    where the weights :math:`w_i` are the partners' bargaining power. In
    plain words: no partner can be made better off in proportion without
    making the others worse off in a larger proportion. A better outside
    option or more bargaining power moves the split towards that partner.
    It is the only rule that is Pareto optimal, symmetric, independent of how
    each partner's utility is scaled, and unaffected by removing deals that
    were not chosen (Nash 1950); it is also where patient negotiators end up
    in alternating offers (see :func:`rubinstein`).

    With money (a :class:`~coalition.Game`) the solution is a closed form:
    each partner gets its outside option plus its power's share of the gain,

    .. math:: x_i = d_i + \frac{w_i}{\sum_j w_j}\Bigl(v(N) - \sum_j d_j\Bigr).

    Parameters
    ----------
    problem : Game, FeasibleSet, array_like, (A, b) or callable
        A game (the partners split ``v(N)``), or a feasible set of utility
        vectors: a :class:`FeasibleSet`, a 2-D array of outcomes (rows),
        a pair ``(A, b)`` meaning ``A u <= b``, or a two-partner frontier
        function ``u2 = f(u1)``.
    disagreement : "standalone", "zero", array_like or dict, optional
        What each partner gets without a deal. For a game, ``"standalone"``
        (the default, ``v({i})``; for a cost game, paying its standalone
        cost), ``"zero"``, or explicit outside options in the game's units
        (costs for a cost game). For a feasible set, a utility vector (default
        ``"zero"``, the origin).
    power : array_like or dict, optional
        Positive bargaining power of each partner (default equal). Only the
        ratios matter.

    Returns
    -------
    BargainingSolution
        ``x`` (shares of ``v(N)``, cost shares for a cost game, or utilities),
        ``disagreement``, ``weights`` (the powers, normalised), ``status`` and
        ``message``.

    Raises
    ------
    InfeasibleError
        If the disagreement point is not feasible (the outside options exceed
        what the partners can create together: the message says by how much)
        or no feasible point gives every partner a gain.
    InvalidParameterError
        On a power that is not positive, vectors of the wrong length, an
        unknown `disagreement` keyword, an unbounded feasible set, or a
        frontier that is not concave or rises.
    SolverError
        If the optimality conditions of the computed point cannot be
        verified: seen only with bargaining powers a million times apart or
        more among three or more partners (a hundred thousand, on a
        frontier given as a function); the message says so.

    Notes
    -----
    Every feasible set is first expressed in normalised units, gains over
    the disagreement point divided by a scale of the problem, so the answer
    does not depend on the units of the utilities (from ``1e-300`` to
    ``1e300``) and tolerances are relative.

    Two partners with outcome points (a sampled Pareto frontier, say): the
    solution is exact. The Pareto part of the outcomes' convex hull is found
    by Andrew's monotone chain; on each of its edges the maximum of the
    weighted log product has a closed form, and the best edge wins. Tens of
    thousands of outcomes take milliseconds.

    Otherwise, for a polyhedral feasible set the Nash program is solved by a
    barrier (interior-point) method, polished on the face of the optimum by
    Newton's method on the Karush-Kuhn-Tucker equations, and certified:
    multipliers are recomputed by non-negative least squares and every
    optimality condition is checked to ``1e-10``. For outcome points the
    program is solved in its dual form: ``u = d + w / p`` with ``p``
    maximising ``sum w_i log p_i`` subject to ``(v_k - d) . p <= sum(w)`` for
    every outcome ``v_k``; with more than 100 outcomes by constraint
    generation, on the few outcomes that the solution needs, adding the
    outcome that violates its constraint most until none does (then the
    solution of the small program solves the whole one). A two-partner
    frontier is solved by bisection on the slope of the objective; more
    partners by Newton's method with finite-difference derivatives.

    The Nash point of sampled outcomes is that of their convex hull, which
    differs from that of the curve they sample by up to about the spacing
    of the samples: the objective is flat at its maximum, so a chord just
    below the curve moves it along the frontier. Include the points near
    the expected solution, or use :meth:`FeasibleSet.from_frontier`.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
    Kalai, E. (1977). Nonsymmetric Nash solutions and replications of
    2-person bargaining. International Journal of Game Theory 6(3), 129-133.
    Boyd, S. and Vandenberghe, L. (2004). Convex Optimization, section 11.3
    (barrier method). Cambridge University Press.
    Andrew, A. M. (1979). Another efficient algorithm for convex hulls in
    two dimensions. Information Processing Letters 9(5), 216-219.

    Examples
    --------
    Two partners create 100 together; the hub could earn 30 alone, the
    battery maker 10. Equal power splits the 60 of gain equally:

    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 30, "Battery": 10, "Hub+Battery": 100})
    >>> co.nash_bargaining(g).as_dict()
    {'Hub': 60.0, 'Battery': 40.0}

    With twice the bargaining power, the hub takes two thirds of the gain:

    >>> co.nash_bargaining(g, power={"Hub": 2, "Battery": 1}).as_dict()
    {'Hub': 70.0, 'Battery': 30.0}

    Without money: the frontier ``u2 = sqrt(1 - u1)``, disagreement at 0.
    The solution is ``u1 = 2/3``, ``u2 = 1/sqrt(3)``:

    >>> import numpy as np
    >>> s = co.nash_bargaining(lambda u1: np.sqrt(1 - u1))
    >>> s.x.round(4)
    array([0.6667, 0.5774])

    The same frontier sampled at 30,001 points (a frontier known by its
    points), solved exactly on their convex hull in milliseconds:

    >>> u1 = np.linspace(0, 1, 30001)
    >>> co.nash_bargaining(np.column_stack([u1, np.sqrt(1 - u1)])).x.round(6)
    array([0.666667, 0.57735 ])
    """
    prob = _as_problem(problem)
    if isinstance(prob, Game):
        d, gain = _tu_setup(prob, disagreement)
        w = _weights_of(power, prob.players, "power")
        return _tu_result(prob, d + w * gain, d, w, "nash")
    w = _weights_of(power, prob.players, "power")
    pr = _ntu_setup(prob, disagreement)
    if prob.form == "points":
        y, msg = _nash_points(pr, w)
    elif prob.form == "constraints":
        res = _nash_polyhedral(pr.A, pr.c, w)
        y, msg = res.y, _ipm_message(res)
    else:
        ideal = pr.ideal()
        pr.check_shape(ideal)
        y, msg = _nash_frontier(pr, w, ideal)
    return _ntu_result(pr, y, w, "nash", msg)


def _nash_points(pr: _Polyhedral, w: np.ndarray) -> tuple[np.ndarray, str]:
    """Nash point of normalised outcome points: exact on the hull's edges with
    two partners, constraint generation on the dual program with more."""
    V = pr.V
    if pr.n == 2:
        chain = pareto_chain_2d(V)
        y = nash_chain_2d(chain, w)
        if y is None:  # pragma: no cover - the setup checks rule this out
            raise InfeasibleError("no outcome gives both partners more than their disagreement utility")
        return y, (
            f"exact: closed-form maximum on each of the {chain.shape[0] - 1} Pareto edges of the "
            "outcomes' convex hull"
        )
    if V.shape[0] <= _DIRECT_OUTCOMES:
        # few outcomes: the whole dual program at once is the cheapest
        y0, _ = interior_start(V, np.ones(V.shape[0]))
        if y0 is not None:
            try:
                res = log_program(V, np.ones(V.shape[0]), w, y0)
                return w / res.y, _ipm_message(res)
            except ProgramFailure:
                pass  # constraint generation below works on fewer, better-spread outcomes
    try:
        y, res, rounds = nash_points_cuts(V, w, pr.start)
    except ProgramFailure as exc:
        raise SolverError(f"the Nash program could not be solved: {exc}{_uneven(w)}") from None
    return y, f"{_ipm_message(res)}; {rounds} round(s) of constraint generation over the outcomes"


# up to this many outcomes the Nash dual program is solved whole
_DIRECT_OUTCOMES = 100


def _ipm_message(res: ProgramResult) -> str:
    how = "polished on its face and " if res.polished else ""
    return (
        f"barrier method ({res.iterations} Newton steps), {how}KKT conditions verified "
        f"(stationarity {res.stationarity:.1e}, feasibility {res.feasibility:.1e})"
    )


def _nash_frontier(fr: _Frontier, w: np.ndarray, ideal: np.ndarray) -> tuple[np.ndarray, str]:
    """Nash point on a frontier, in normalised units."""
    d = fr.d
    n = fr.n
    if n == 2:
        u1 = nash_frontier_2(fr.f, d, w, float(ideal[0]))
        x = np.array([u1, fr.value(np.array([u1]))])
        return x, f"bisection on the slope of the Nash objective along the frontier ({fr.f.calls} evaluations)"
    t = fr.ray(np.ones(n))
    y0 = np.full(n - 1, 0.5 * t)
    try:
        y, gnorm, its = nash_frontier_n(fr.f, d, w, y0)
    except ProgramFailure as exc:
        raise SolverError(f"the Nash program on the frontier could not be solved: {exc}{_uneven(w)}") from None
    if not gnorm <= 1e-8:
        raise SolverError(
            f"Newton's method on the frontier stopped after {its} steps with a scaled gradient of "
            f"{gnorm:.2e}{_uneven(w)}; is the frontier smooth near the solution? Pass its corner points instead"
        )
    head = d[:-1] + y
    x = np.append(head, fr.value(head))
    return x, f"Newton's method on the frontier ({its} steps, scaled gradient {gnorm:.1e})"
