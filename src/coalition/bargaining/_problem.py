"""A bargaining problem in normalised units: money (a game) or a feasible set, its checks and results (private).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..errors import InfeasibleError, InvalidParameterError, SolverError
from ..game import Game
from ..results import BargainingSolution
from ._convert import _fmt_vec, _ndim, _overflow, _scale, _vector_of
from ._frontier_math import (
    Frontier,
    ray_max,
)
from ._geometry import _frontier_eval, _ray_points
from ._logprog import lp
from .feasible import FeasibleSet


def _as_problem(problem: Any) -> Game | FeasibleSet:
    if isinstance(problem, (Game, FeasibleSet)):
        return problem
    if callable(problem):
        return FeasibleSet.from_frontier(problem)
    if isinstance(problem, tuple) and len(problem) == 2 and _ndim(problem[0]) == 2 and _ndim(problem[1]) == 1:
        return FeasibleSet.from_constraints(problem[0], problem[1])
    if isinstance(problem, (list, tuple, np.ndarray)) and _ndim(problem) == 2:
        return FeasibleSet.from_points(problem)
    raise InvalidParameterError(
        "`problem` must be a Game, a FeasibleSet, a 2-D array of outcomes, a pair (A, b) "
        f"of linear constraints or a frontier function, got {type(problem).__name__}"
    )


# transferable utility: closed forms
def _tu_setup(game: Game, disagreement: Any) -> tuple[np.ndarray, float]:
    """Disagreement point in worth units, and the surplus left to share."""
    # only v(N) and the standalone worths are needed: no dense table, so
    # structured games of any size work
    standalone = np.array(game.standalone, dtype=float)
    if game.kind == "cost":
        total = float(standalone.sum()) - game.grand_value
        own = np.zeros(game.n)
    else:
        total = game.grand_value
        own = standalone
    if disagreement is None or (isinstance(disagreement, str) and disagreement == "standalone"):
        d = own
    elif isinstance(disagreement, str) and disagreement == "zero":
        d = game._to_worth_units(np.zeros(game.n))
    elif isinstance(disagreement, str):
        raise InvalidParameterError(
            f"`disagreement` must be 'standalone', 'zero', a vector or a dict of outside options, got {disagreement!r}"
        )
    else:
        d = game._to_worth_units(_vector_of(disagreement, game.players, "disagreement"))
    with np.errstate(over="ignore", invalid="ignore"):
        gain = total - float(d.sum())
    if not math.isfinite(gain):
        raise _overflow("`disagreement` and the worth of the grand coalition")
    scale = max(abs(total), float(np.max(np.abs(d))) if d.size else 0.0, 1e-300)
    if 0 < gain <= 1e-12 * scale and scale > 1e12 * max(abs(total), 1e-300):
        raise InfeasibleError(
            f"`disagreement` has outside options as large as {float(np.max(np.abs(d))):.6g}: the gain "
            f"of {gain:.6g} to share is lost in their rounding; express them relative to the worths"
        )
    if gain <= 1e-12 * scale:
        if game.kind == "cost":
            d_cost = game._from_worth_units(d)
            grand = game.grand_value
            what = (
                f"the costs the partners face without a deal sum to {float(d_cost.sum()):.6g}, "
                f"{'no more than' if gain > -1e-12 * scale else 'less than'} the joint cost c(N) = {grand:.6g}"
            )
        else:
            what = (
                f"the outside options sum to {float(d.sum()):.6g}, "
                f"{'as much as' if gain > -1e-12 * scale else 'more than'} the v(N) = {total:.6g} "
                "the partners create together"
            )
        if gain < -1e-12 * scale:
            raise InfeasibleError(
                f"`disagreement` is not feasible: {what}, short by {-gain:.6g}; no split gives "
                "every partner its outside option"
            )
        raise InfeasibleError(f"`disagreement` leaves no gain to share: {what}")
    return d, gain


def _tu_result(game: Game, x: np.ndarray, d: np.ndarray, w: np.ndarray, rule: str, ideal=None) -> BargainingSolution:
    if not np.all(np.isfinite(x)) or (ideal is not None and not np.all(np.isfinite(ideal))):
        raise _overflow("the shares")
    return BargainingSolution(
        game.players,
        game._from_worth_units(x),
        rule,
        game.kind,
        disagreement=game._from_worth_units(d),
        weights=w,
        ideal=None if ideal is None else game._from_worth_units(ideal),
        status="optimal",
        message="closed form (transferable utility)",
    )


# non-transferable utility: shared checks
def _ntu_disagreement(fs: FeasibleSet, disagreement: Any) -> np.ndarray:
    if disagreement is None or (isinstance(disagreement, str) and disagreement == "zero"):
        return np.zeros(fs.n)
    if isinstance(disagreement, str):
        if disagreement == "standalone":
            raise InvalidParameterError(
                "`disagreement='standalone'` needs a Game; for a feasible set give the utility "
                "each partner gets without an agreement (a vector or a dict), or 'zero'"
            )
        raise InvalidParameterError(
            f"`disagreement` must be 'zero', a vector or a dict of utilities, got {disagreement!r}"
        )
    return _vector_of(disagreement, fs.players, "disagreement")


class _Frontier:
    """A frontier problem in normalised units: the disagreement point at the
    origin and the last partner's best gain there equal to 1. Feasibility
    predicate, rays, ideal point and sample checks of concavity and
    monotonicity; messages speak the user's units."""

    def __init__(self, fs: FeasibleSet, d: np.ndarray) -> None:
        self.fs = fs
        self.n = fs.n
        self.d_user = d
        top = _frontier_eval(Frontier(fs._frontier, fs.n), d[:-1])
        if math.isnan(top):
            raise InfeasibleError(
                f"`disagreement` {_fmt_vec(d)} is not feasible: the frontier is undefined at "
                f"the others' utilities {_fmt_vec(d[:-1])}"
            )
        if d[-1] > top:
            raise InfeasibleError(
                f"`disagreement` {_fmt_vec(d)} is not feasible: {fs.players[-1]!r} can get at "
                f"most {top:.6g} there, short by {d[-1] - top:.6g}"
            )
        with np.errstate(over="ignore", invalid="ignore"):
            unit = top - float(d[-1])
        if not math.isfinite(unit):
            raise _overflow("the frontier's values and `disagreement`")
        if unit <= 0:
            raise InfeasibleError(
                f"no feasible point gives every partner more than its disagreement utility "
                f"{_fmt_vec(d)}: there is nothing to bargain over"
            )
        self.unit = unit
        self.d = np.zeros(self.n)
        self.f = Frontier(fs._frontier, fs.n, origin=d, unit=unit)

    def up(self, y: np.ndarray) -> np.ndarray:
        """From normalised units back to the user's."""
        return self.d_user + self.unit * np.asarray(y, dtype=float)

    def value(self, head: np.ndarray) -> float:
        return _frontier_eval(self.f, np.asarray(head, dtype=float))

    def feasible(self, u: np.ndarray) -> bool:
        val = self.value(u[:-1])
        return not math.isnan(val) and u[-1] <= val

    def ray(self, r: np.ndarray) -> float:
        t = ray_max(lambda t: self.feasible(t * r), 1.0)
        if math.isinf(t):
            raise InvalidParameterError(
                "the feasible set is unbounded: along the direction "
                f"{_fmt_vec(r)} from the disagreement point the frontier never binds"
            )
        return t

    def check_disagreement(self) -> None:
        if self.ray(np.ones(self.n)) <= 1e-9:
            raise InfeasibleError(
                f"no feasible point gives every partner more than its disagreement utility "
                f"{_fmt_vec(self.d_user)}: there is nothing to bargain over"
            )

    def ideal(self) -> np.ndarray:
        out = np.empty(self.n)
        for i in range(self.n - 1):
            e = np.zeros(self.n)
            e[i] = 1.0
            out[i] = self.ray(e)
        out[-1] = self.value(self.d[:-1])
        return out

    def check_shape(self, upper: np.ndarray) -> None:
        """Sampled checks that the frontier is concave and non-increasing on
        the box between the disagreement point and `upper` (normalised)."""
        m = self.n - 1
        span = np.maximum(upper[:-1], 0.0)
        tol = 1e-9 * _scale(upper)
        players = self.fs.players
        head = lambda g: self.d_user[:-1] + self.unit * np.asarray(g)  # noqa: E731
        val = lambda v: float(self.d_user[-1] + self.unit * v)  # noqa: E731
        if m == 1:
            grid = span[0] * np.linspace(0.0, 1.0, 65)
            fv = np.array([self.value(np.array([g])) for g in grid])
            ok = ~np.isnan(fv)
            for k in range(1, 64):
                if ok[k - 1] and ok[k] and ok[k + 1]:
                    chord = 0.5 * (fv[k - 1] + fv[k + 1])
                    if fv[k] < chord - tol:
                        g0, g1, g2 = head([grid[k - 1], grid[k], grid[k + 1]])
                        raise InvalidParameterError(
                            f"the frontier is not concave: at {players[0]} = {g1:.6g} it is "
                            f"{val(fv[k]):.6g}, below the chord {val(chord):.6g} between {g0:.6g} and {g2:.6g}"
                        )
            for k in range(64):
                if ok[k] and ok[k + 1] and fv[k + 1] > fv[k] + tol:
                    g0, g1 = head([grid[k], grid[k + 1]])
                    raise InvalidParameterError(
                        f"the frontier increases: {val(fv[k]):.6g} at {players[0]} = {g0:.6g} but "
                        f"{val(fv[k + 1]):.6g} at {g1:.6g}; with free disposal a frontier never "
                        "rises as the other partners gain"
                    )
            return
        rng = np.random.default_rng(20240527)
        for _ in range(48):
            a = span * rng.random(m)
            b = span * rng.random(m)
            fa, fb = self.value(a), self.value(b)
            if math.isnan(fa) or math.isnan(fb):
                continue
            fm = self.value(0.5 * (a + b))
            if not math.isnan(fm) and fm < 0.5 * (fa + fb) - tol:
                raise InvalidParameterError(
                    f"the frontier is not concave: at {_fmt_vec(head(0.5 * (a + b)))} it is {val(fm):.6g}, "
                    f"below the chord {val(0.5 * (fa + fb)):.6g} between {_fmt_vec(head(a))} and "
                    f"{_fmt_vec(head(b))}"
                )
            up = np.maximum(a, b)
            fu = self.value(up)
            if not math.isnan(fu) and fu > fa + tol:
                raise InvalidParameterError(
                    f"the frontier increases: {val(fa):.6g} at {_fmt_vec(head(a))} but {val(fu):.6g} at "
                    f"{_fmt_vec(head(up))}; with free disposal a frontier never rises as the other "
                    "partners gain"
                )


class _Polyhedral:
    """Outcome points or linear constraints in normalised units: ``u = d +
    unit * y``, so the disagreement point is the origin and the data are of
    order one whatever units the partners' utilities are measured in."""

    def __init__(self, fs: FeasibleSet, d: np.ndarray) -> None:
        self.fs = fs
        self.n = fs.n
        self.d_user = d
        self.d = np.zeros(fs.n)
        self.start: np.ndarray | None = None
        if fs.form == "points":
            with np.errstate(over="ignore", invalid="ignore"):
                V = fs._points - d
            if not np.all(np.isfinite(V)):
                raise _overflow("`points` and `disagreement`")
            gains = np.max(V)
            self.unit = float(gains) if gains > 0 else 1.0
            self.V = V / self.unit
            self.start = _check_points(self.V, self)
        else:
            A, b = fs._A, fs._b
            with np.errstate(over="ignore", invalid="ignore"):
                c = b - A @ d
            if not np.all(np.isfinite(c)):
                raise _overflow("`A`, `b` and `disagreement`")
            rn = np.max(np.abs(A), axis=1)
            rn[rn == 0] = 1.0
            An, cn = A / rn[:, None], c / rn
            # unit: the largest equal gain along the diagonal, ignoring caps far away
            diag = An.sum(axis=1)
            hit = diag > 1e-12
            reach = float(np.min(cn[hit] / diag[hit])) if hit.any() else 0.0
            if not reach > 0:
                pool = np.abs(cn[np.any(An > 0, axis=1)])
                reach = float(pool.max()) if pool.size and pool.max() > 0 else 1.0
            self.unit = reach
            self.A, self.c = An, cn / reach
            _check_constraints(self)

    def up(self, y: np.ndarray) -> np.ndarray:
        """From normalised units back to the user's."""
        return self.d_user + self.unit * np.asarray(y, dtype=float)


def _check_points(V: np.ndarray, prob: _Polyhedral) -> np.ndarray:
    """Checks the origin (the disagreement point) against normalised
    outcomes; returns a few outcomes whose hull holds a point above it."""
    mins = V.min(axis=1)
    k = int(np.argmax(mins))
    if mins[k] > 1e-9:
        return np.array([k])  # one outcome beats the disagreement point for everyone
    t, lam = _ray_points(V, prob.d, np.ones(prob.n))
    if t < -1e-9:
        raise InfeasibleError(
            f"`disagreement` {_fmt_vec(prob.d_user)} is not feasible: no mix of the outcomes gives every "
            f"partner its disagreement utility; the best falls short by {-t * prob.unit:.6g} for each"
        )
    if t <= 1e-9:
        raise InfeasibleError(
            f"no feasible point gives every partner more than its disagreement utility "
            f"{_fmt_vec(prob.d_user)}: there is nothing to bargain over"
        )
    return np.flatnonzero(lam > 0)


def _check_constraints(prob: _Polyhedral) -> None:
    """Checks the origin against normalised constraints ``A y <= c``: feasible,
    bounded above, and room for every partner to gain."""
    A, c, d = prob.A, prob.c, prob.d_user
    viol = -c / (1.0 + np.abs(c))
    worst = int(np.argmax(viol))
    if viol[worst] > 1e-9:
        Ao, bo = prob.fs._A, prob.fs._b
        with np.errstate(all="ignore"):
            lhs = float(Ao[worst] @ d)
        raise InfeasibleError(
            f"`disagreement` {_fmt_vec(d)} is not feasible: it breaks constraint {worst} "
            f"(A[{worst}] @ d = {lhs:.6g} > b[{worst}] = {float(bo[worst]):.6g}, "
            f"by {lhs - float(bo[worst]):.6g})"
        )
    # bounded above: no direction rho >= 0 with A rho <= 0
    if not np.any(np.all(A > 0, axis=1)):
        n = A.shape[1]
        res = lp(-np.ones(n), A, np.zeros(A.shape[0]), bounds=[(0, 1)] * n)
        if res.status != 0 or res.x is None:
            raise SolverError(f"the boundedness check failed (HiGHS status {res.status}: {res.message})")
        if -res.fun > 1e-9:
            grow = [prob.fs.players[i] for i in np.flatnonzero(res.x > 1e-9)]
            raise InvalidParameterError(
                f"the feasible set is unbounded: the utilities of {grow} can grow without limit; "
                "add constraints that cap them"
            )
    binding = np.any(A > 0, axis=1)
    # fast path: the origin is clearly inside every constraint that can bind above it
    if not np.all(c[binding] > 1e-9 * (1.0 + np.abs(c[binding]))) and _maxmin_constraints(A, c, prob.d) <= 1e-9:
        raise InfeasibleError(
            f"no feasible point gives every partner more than its disagreement utility "
            f"{_fmt_vec(d)}: there is nothing to bargain over"
        )


def _maxmin_constraints(A: np.ndarray, b: np.ndarray, d: np.ndarray) -> float:
    """``max min_i (u_i - d_i)`` over ``A u <= b``."""
    n = A.shape[1]
    # variables (u, s): maximise s; u_i - s >= d_i
    A_ub = np.vstack([np.hstack([A, np.zeros((A.shape[0], 1))]), np.hstack([-np.eye(n), np.ones((n, 1))])])
    b_ub = np.concatenate([b, -d])
    cost = np.zeros(n + 1)
    cost[n] = -1.0
    res = lp(cost, A_ub, b_ub, bounds=[(None, None)] * (n + 1))
    if res.status != 0 or res.x is None:
        raise SolverError(f"the linear program over the constraints failed (HiGHS status {res.status}: {res.message})")
    return float(res.x[n])


def _ntu_setup(fs: FeasibleSet, disagreement: Any) -> _Polyhedral | _Frontier:
    """The problem in normalised units, after its checks."""
    d = _ntu_disagreement(fs, disagreement)
    if fs.form == "frontier":
        fr = _Frontier(fs, d)
        fr.check_disagreement()
        return fr
    return _Polyhedral(fs, d)


def _ntu_result(prob, y, w, rule, message, ideal=None) -> BargainingSolution:
    """The solution `y` (normalised units) in the user's units."""
    x = prob.up(y)
    ideal_u = None if ideal is None else prob.up(ideal)
    if not np.all(np.isfinite(x)) or (ideal_u is not None and not np.all(np.isfinite(ideal_u))):
        raise _overflow("the solution's utilities")
    return BargainingSolution(
        prob.fs.players,
        x,
        rule,
        "utility",
        disagreement=prob.d_user,
        weights=w,
        ideal=ideal_u,
        status="optimal",
        message=message,
    )
