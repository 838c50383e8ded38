"""A linear program that grows: rows can be added and the objective changed,
and each solve starts from the last optimal basis when it can.

Constraint generation solves the same LP many times, each time with a few
more rows (or, for the floors and ceilings of the core, another objective).
With ``highspy`` installed (the optional ``lp`` extra) one HiGHS instance is
kept and re-solved from its last basis: adding violated rows keeps the basis
dual feasible, so the dual simplex method needs only a few pivots. Without
it, every solve is a fresh :func:`scipy.optimize.linprog` call (HiGHS dual
simplex as well): the same answers, more slowly.

Row duals follow HiGHS's convention, the derivative of the optimal value
with respect to the bound of the row that is active: non-negative for a
``>=`` row of a minimization that binds.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from ..errors import SolverError

try:  # optional: warm-started re-solves
    import highspy as _highspy
except ImportError:  # pragma: no cover - depends on the environment
    _highspy = None

__all__: list[str] = []

#: Use highspy when it is installed (a switch for tests of the fallback).
USE_HIGHSPY = True
_TOL = 1e-10  # primal and dual feasibility tolerances of HiGHS
_INF = np.inf


def have_highspy() -> bool:
    return _highspy is not None and USE_HIGHSPY


@dataclass
class Solution:
    x: np.ndarray
    fun: float
    row_dual: np.ndarray  # one per row, in the order the rows were added
    col_dual: np.ndarray  # reduced costs, one per column
    message: str


class GrowingLP:
    """``min c.z`` subject to ``lo <= A z <= hi`` (rows) and column bounds.

    ``dantzig=True`` asks HiGHS for Dantzig pricing instead of steepest
    edge: cheaper re-solves after small changes, with vertices that may be
    less accurate in the last digits (the nucleolus engine polishes its
    answer by solving the settled rows exactly; the core LPs do not).
    """

    def __init__(self, c: np.ndarray, col_lo: np.ndarray, col_hi: np.ndarray, *, dantzig: bool = False) -> None:
        self.c = np.asarray(c, dtype=np.float64).copy()
        self.col_lo = np.asarray(col_lo, dtype=np.float64)
        self.col_hi = np.asarray(col_hi, dtype=np.float64)
        self.k = self.c.size
        self._A: list[np.ndarray] = []
        self._lo: list[np.ndarray] = []
        self._hi: list[np.ndarray] = []
        self.n_rows = 0
        self._h = None
        self._released = False
        if have_highspy():
            # Dantzig pricing: HiGHS recomputes steepest-edge weights from
            # scratch after the model changes, which costs more than the few
            # pivots of a re-solve of a small LP
            self._dantzig = bool(dantzig)
            self._h = _take_highs(self._dantzig)
            h = self._h
            h.addVars(self.k, self.col_lo, self.col_hi)
            h.changeColsCost(self.k, np.arange(self.k, dtype=np.int32), self.c)

    def add_rows(self, A: np.ndarray, lo, hi) -> None:
        """Append the rows ``lo <= A z <= hi`` (`lo`, `hi`: scalars or one
        per row)."""
        A = np.atleast_2d(np.asarray(A, dtype=np.float64))
        m = A.shape[0]
        if m == 0:
            return
        if A.shape[1] != self.k:
            raise ValueError(f"rows of {A.shape[1]} entries for an LP of {self.k} columns")
        lo = np.full(m, lo, dtype=np.float64) if np.ndim(lo) == 0 else np.asarray(lo, dtype=np.float64)
        hi = np.full(m, hi, dtype=np.float64) if np.ndim(hi) == 0 else np.asarray(hi, dtype=np.float64)
        self.n_rows += m
        if self._h is None:  # copies: set_row_bounds and set_coeff change them in place
            self._A.append(A.copy())
            self._lo.append(lo.copy())
            self._hi.append(hi.copy())
            return
        # compressed rows: the non-zeros in row-major order, each row's first
        flat = np.flatnonzero(A)
        starts = np.searchsorted(flat, np.arange(0, m * self.k, self.k)).astype(np.int32)
        self._h.addRows(m, lo, hi, int(flat.size), starts, (flat % self.k).astype(np.int32), A.ravel()[flat])

    def set_row_bounds(self, rows: np.ndarray, lo, hi) -> None:
        """Change the bounds of some rows (indices in the order the rows were
        added)."""
        rows = np.asarray(rows, dtype=np.int32)
        m = rows.size
        if m == 0:
            return
        lo = np.full(m, lo, dtype=np.float64) if np.ndim(lo) == 0 else np.asarray(lo, dtype=np.float64)
        hi = np.full(m, hi, dtype=np.float64) if np.ndim(hi) == 0 else np.asarray(hi, dtype=np.float64)
        if self._h is not None:
            self._h.changeRowsBounds(m, rows, lo, hi)
            return
        self._stack()
        self._lo[0][rows] = lo
        self._hi[0][rows] = hi

    def set_coeff(self, row: int, col: int, value: float) -> None:
        """Change one entry of the row matrix."""
        if self._h is not None:
            self._h.changeCoeff(int(row), int(col), float(value))
            return
        self._stack()
        self._A[0][row, col] = value

    def set_coeffs(self, rows: np.ndarray, col: int, value: float) -> None:
        """Set one column's entry of some rows to `value`."""
        col, value = int(col), float(value)
        if self._h is not None:
            change = self._h.changeCoeff
            for row in rows.tolist():
                change(row, col, value)
            return
        self._stack()
        self._A[0][np.asarray(rows, dtype=np.int64), col] = value

    def _stack(self) -> None:
        if len(self._A) != 1:
            self._A = [np.vstack(self._A) if self._A else np.zeros((0, self.k))]
            self._lo = [np.concatenate(self._lo) if self._lo else np.zeros(0)]
            self._hi = [np.concatenate(self._hi) if self._hi else np.zeros(0)]

    def set_cost(self, c: np.ndarray) -> None:
        self.c = np.asarray(c, dtype=np.float64).copy()
        if self._h is not None:
            self._h.changeColsCost(self.k, np.arange(self.k, dtype=np.int32), self.c)

    def set_bounds(self, j: int, lo: float, hi: float) -> None:
        """Change the bounds of column `j`."""
        self.col_lo = self.col_lo.copy()
        self.col_hi = self.col_hi.copy()
        self.col_lo[j], self.col_hi[j] = lo, hi
        if self._h is not None:
            self._h.changeColBounds(int(j), float(lo), float(hi))

    def release(self) -> None:
        """Hand the HiGHS instance back for a later LP (its model cleared,
        its options kept); this LP is not solved again."""
        h, self._h = self._h, None
        if h is not None:
            self._released = True
            _give_back(h, self._dantzig)

    def solve(self, what: str) -> Solution:
        if self._released:
            raise RuntimeError("this LP has been released")
        if self._h is not None:
            return self._solve_highspy(what)
        return self._solve_scipy(what)

    def _solve_highspy(self, what: str) -> Solution:
        h = self._h
        h.run()
        status = h.getModelStatus()
        if status != _highspy.HighsModelStatus.kOptimal:
            # one retry from scratch (a warm start can stall), then one with
            # presolve, which rescues badly scaled data (a proposal of
            # millions against a core a unit wide) before giving up
            h.clearSolver()
            h.run()
            status = h.getModelStatus()
            if status != _highspy.HighsModelStatus.kOptimal:
                h.clearSolver()
                h.setOptionValue("presolve", "on")
                try:
                    h.run()
                finally:
                    h.setOptionValue("presolve", "off")
                status = h.getModelStatus()
            if status != _highspy.HighsModelStatus.kOptimal:
                raise SolverError(f"{what}: the LP solver (HiGHS) failed: {h.modelStatusToString(status)}")
        sol = h.getSolution()
        x = np.array(sol.col_value, dtype=np.float64)
        return Solution(x, float(self.c @ x), np.array(sol.row_dual, dtype=np.float64),
                        np.array(sol.col_dual, dtype=np.float64), "Optimization terminated successfully (HiGHS)")

    def _solve_scipy(self, what: str) -> Solution:
        A = np.vstack(self._A) if self._A else np.zeros((0, self.k))
        lo = np.concatenate(self._lo) if self._lo else np.zeros(0)
        hi = np.concatenate(self._hi) if self._hi else np.zeros(0)
        eq = lo == hi
        ge = ~eq & np.isfinite(lo)
        le = ~eq & np.isfinite(hi)
        A_ub = np.vstack([-A[ge], A[le]])
        b_ub = np.concatenate([-lo[ge], hi[le]])
        bounds = list(zip(np.where(np.isfinite(self.col_lo), self.col_lo, None),
                          np.where(np.isfinite(self.col_hi), self.col_hi, None)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = linprog(
                self.c, A_ub=A_ub if A_ub.size else None, b_ub=b_ub if A_ub.size else None,
                A_eq=A[eq] if eq.any() else None, b_eq=lo[eq] if eq.any() else None,
                bounds=bounds, method="highs-ds",
                options={"primal_feasibility_tolerance": _TOL, "dual_feasibility_tolerance": _TOL},
            )
        if res.status != 0:
            raise SolverError(f"{what}: the LP solver (HiGHS) failed with status {res.status}: {res.message}")
        dual = np.zeros(lo.size)
        m_ub = res.ineqlin.marginals if A_ub.size else np.zeros(0)
        n_ge = int(ge.sum())
        dual[ge] += -m_ub[:n_ge]
        dual[le] += m_ub[n_ge:]
        if eq.any():
            dual[eq] = res.eqlin.marginals
        col = res.lower.marginals + res.upper.marginals
        return Solution(res.x, float(res.fun), dual, col, str(res.message))


# HiGHS instances whose model has been cleared, ready for another LP (one
# list per pricing rule): building one and setting its options costs about
# as much as re-solving a small LP. list.pop and list.append are atomic, so
# two threads never get the same instance.
_POOL: dict[bool, list] = {False: [], True: []}
_POOL_MAX = 4


def _take_highs(dantzig: bool):
    try:
        return _POOL[dantzig].pop()
    except IndexError:
        h = _new_highs()
        if dantzig:
            h.setOptionValue("simplex_dual_edge_weight_strategy", 0)
        return h


def _give_back(h, dantzig: bool) -> None:
    pool = _POOL[dantzig]
    if len(pool) < _POOL_MAX:
        h.clearModel()  # the model, its basis and solution; the options stay
        pool.append(h)


def _new_highs():
    # The bare core class: the Python wrapper prints a banner on stdout when
    # it is built, which would end up in the output of the command line.
    cls = getattr(_highspy, "_Highs", None) or _highspy.Highs
    h = cls()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("primal_feasibility_tolerance", _TOL)
    h.setOptionValue("dual_feasibility_tolerance", _TOL)
    h.setOptionValue("presolve", "off")  # keeps the basis between solves
    h.setOptionValue("simplex_strategy", 1)  # dual simplex
    return h
