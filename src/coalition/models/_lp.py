"""One production LP re-solved for many right-hand sides (private).

``max p.y`` subject to ``A y <= rhs``, ``y >= 0``: only ``rhs`` changes from
one coalition to the next, so one HiGHS instance (through ``highspy``) is
kept and re-solved from its last optimal basis, where the dual simplex
method needs a few pivots (about 0.2 ms for a small model, against 1.5 ms
for a fresh :func:`scipy.optimize.linprog` call). Without ``highspy`` every
solve is a ``linprog`` call: the same answers, more slowly.
"""

from __future__ import annotations

import threading
import warnings

import numpy as np
from scipy.optimize import linprog

from ..errors import SolverError

try:  # warm-started re-solves
    import highspy as _highspy
except ImportError:  # pragma: no cover - depends on the environment
    _highspy = None

__all__: list[str] = []

_TOL = 1e-9


class _ProductionLP:
    """``max p.y`` s.t. ``A y <= rhs``, ``y >= 0``, for one ``A`` and ``p``."""

    def __init__(self, A: np.ndarray, p: np.ndarray) -> None:
        self.A = np.ascontiguousarray(A, dtype=np.float64)
        # The solver's tolerances are absolute (1e-9): prices and right-hand
        # sides are solved in units of their largest entry, so that a model
        # in billionths is solved as exactly as one in units.
        p = np.ascontiguousarray(p, dtype=np.float64)
        top = float(np.max(np.abs(p), initial=0.0))
        self.price_unit = top if top > 0 else 1.0
        self.p = p / self.price_unit
        self._lock = threading.Lock()
        self._h = None

    def _highs(self):
        if self._h is None:
            # the bare core class: the Python wrapper prints a banner
            cls = getattr(_highspy, "_Highs", None) or _highspy.Highs
            h = cls()
            for name, value in (("output_flag", False), ("presolve", "off"), ("simplex_strategy", 1),
                                ("primal_feasibility_tolerance", _TOL), ("dual_feasibility_tolerance", _TOL)):
                h.setOptionValue(name, value)
            m, k = self.A.shape
            inf = _highspy.kHighsInf
            h.addVars(k, np.zeros(k), np.full(k, inf))
            h.changeColsCost(k, np.arange(k, dtype=np.int32), -self.p)
            nz = self.A != 0
            starts = np.concatenate([[0], np.cumsum(nz.sum(axis=1))[:-1]]).astype(np.int32)
            cols = np.nonzero(nz)[1].astype(np.int32)
            h.addRows(m, np.full(m, -inf), np.zeros(m), int(cols.size), starts, cols, self.A[nz])
            self._h = h
        return self._h

    def values(self, rhs: np.ndarray, what: str) -> np.ndarray:
        """Optimal values for each row of `rhs` (k, m)."""
        rhs = np.atleast_2d(np.asarray(rhs, dtype=np.float64))
        unit = np.max(np.abs(rhs), axis=1, initial=0.0)
        unit = np.where(unit > 0, unit, 1.0)
        rhs = rhs / unit[:, None]
        out = np.empty(rhs.shape[0])
        if _highspy is None:  # pragma: no cover - depends on the environment
            for r in range(rhs.shape[0]):
                out[r] = self.solve(rhs[r] * unit[r], what)[0]
            return out
        m = self.A.shape[0]
        rows = np.arange(m, dtype=np.int32)
        lower = np.full(m, -_highspy.kHighsInf)
        optimal = _highspy.HighsModelStatus.kOptimal
        with self._lock:
            h = self._highs()
            for r in range(rhs.shape[0]):
                h.changeRowsBounds(m, rows, lower, rhs[r])
                h.run()
                if h.getModelStatus() != optimal:
                    h.clearSolver()  # a warm start can stall: once more from scratch
                    h.run()
                    status = h.getModelStatus()
                    if status != optimal:
                        raise SolverError(f"{what}: the LP solver (HiGHS) failed: {h.modelStatusToString(status)}")
                out[r] = 0.0 - h.getInfo().objective_function_value
        return out * unit * self.price_unit

    def solve(self, rhs: np.ndarray, what: str) -> tuple[float, np.ndarray, np.ndarray]:
        """``(value, y, prices)`` for one right-hand side, from a fresh solve:
        the optimal plan and the dual price of each resource (>= 0)."""
        rhs = np.asarray(rhs, dtype=np.float64)
        top = float(np.max(np.abs(rhs), initial=0.0))
        unit = top if top > 0 else 1.0
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = linprog(-self.p, A_ub=self.A, b_ub=rhs / unit, bounds=(0, None),
                          method="highs-ds",
                          options={"primal_feasibility_tolerance": _TOL, "dual_feasibility_tolerance": _TOL})
        if res.status != 0:
            raise SolverError(f"{what}: the LP solver (HiGHS) failed with status {res.status}: {res.message}")
        prices = np.maximum(-np.asarray(res.ineqlin.marginals), 0.0) * self.price_unit
        return (0.0 - float(res.fun)) * unit * self.price_unit, np.asarray(res.x) * unit, prices
