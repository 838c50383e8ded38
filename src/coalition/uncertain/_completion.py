"""The completions of an interval game under an assumption, as a polytope, and
linear programmes over it by row generation (private).

A completion gives every coalition a worth inside its interval. The free
worths (those whose interval is not a single point) are the variables.
``assume="monotone"`` adds ``v(S) <= v(S + i)`` for every S and i
(``n 2**(n-1)`` rows, all at once); ``assume="superadditive"`` adds
``v(S) + v(T) <= v(S + T)`` for disjoint S, T, of which there are about
``3**n / 2``: they enter only when violated, found by a scan of the worst
split of every coalition (row generation; Dantzig, Fulkerson and Johnson
1954's cutting planes applied to superadditivity).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

try:  # optional: warm-started re-solves
    import highspy as _highspy
except ImportError:  # pragma: no cover - depends on the environment
    _highspy = None

from .._kernels.properties import superadditive_cover
from .._kernels.splits import worst_splits
from ..errors import InfeasibleError, SolverError
from ..game import Game

_MAX_ROUNDS = 500


class Polytope:
    """The completions of ``[lo, hi]`` (bitmask tables) under `assume`."""

    def __init__(self, lo: np.ndarray, hi: np.ndarray, players: tuple[str, ...], assume: str) -> None:
        self.n = len(players)
        self.players = players
        self.assume = assume
        if assume == "superadditive":
            lo, hi = self._implied_superadditive(lo, hi)
        elif assume == "monotone":
            lo, hi = self._implied_monotone(lo, hi)
        self.lo, self.hi = lo, hi
        self.free = np.flatnonzero(lo < hi)
        self.col = np.full(lo.size, -1, dtype=np.int64)
        self.col[self.free] = np.arange(self.free.size)
        self.base = np.where(lo == hi, lo, 0.0)
        self.scale = _scale(lo, hi)  # the programmes run on worths divided by it: tolerances are relative
        self.tol = 1e-9 * self.scale
        self.rows: list[tuple[int, int, int]] = []  # (a, b, u): v(a) + v(b) - v(u) <= 0 (b may be 0)
        self.seen: set[tuple[int, int, int]] = set()
        self._lp: _Solver | None = None
        self._sent = 0
        if assume == "monotone":
            self._monotone_rows()
        elif assume == "superadditive":
            self._singleton_rows()

    # -- bounds every completion meets (they leave the optimum as it is and start it nearer) ----------
    def _implied_superadditive(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``v(S) >=`` the best partition of S into parts with a finite low end;
        ``v(S) <= high(N) - `` that of the rest of the players."""
        given = np.isfinite(lo)
        cover = superadditive_cover(np.where(given, lo, 0.0), given, self.n)
        new_lo = np.maximum(lo, cover)
        new_hi = hi.copy()
        full = (1 << self.n) - 1
        if np.isfinite(hi[full]):
            rest = cover[full ^ np.arange(full + 1)]
            cap = np.where(np.isfinite(rest), hi[full] - rest, np.inf)
            cap[full] = hi[full]
            new_hi = np.minimum(hi, cap)
        return self._settle(lo, hi, new_lo, new_hi)

    def _implied_monotone(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``v(S) >=`` the largest low end inside S, ``<=`` the least high end around it."""
        new_lo, new_hi = lo.copy(), hi.copy()
        for i in range(self.n):  # a max over subsets and a min over supersets, one player at a time
            a = new_lo.reshape(-1, 2, 1 << i)
            a[:, 1, :] = np.maximum(a[:, 1, :], a[:, 0, :])
            b = new_hi.reshape(-1, 2, 1 << i)
            b[:, 0, :] = np.minimum(b[:, 0, :], b[:, 1, :])
        return self._settle(lo, hi, new_lo, new_hi)

    def _settle(self, lo, hi, new_lo, new_hi) -> tuple[np.ndarray, np.ndarray]:
        tol = 1e-9 * _scale(lo, hi)
        clash = np.flatnonzero(new_lo > new_hi + tol)
        if (clash != 0).any():  # the empty coalition's bound only echoes a clash elsewhere
            clash = clash[clash != 0]
        if clash.size:
            m = int(clash[0])
            raise InfeasibleError(
                f"no completion is {self.assume}: with the known worths and ranges, v({Game._name(m, self.players)}) "
                f"must be at least {new_lo[m]:g} and at most {new_hi[m]:g}"
            )
        close = new_lo > new_hi  # within rounding: one point
        new_lo[close] = new_hi[close]
        new_lo[0] = new_hi[0] = 0.0
        return new_lo, new_hi

    # -- rows -------------------------------------------------------------------
    def _add(self, a: int, b: int, u: int) -> None:
        key = (a, b, u)
        if key in self.seen:
            return
        if self.col[a] < 0 and self.col[b] < 0 and self.col[u] < 0:
            if self.base[a] + self.base[b] - self.base[u] > self.tol:
                self._refuse(a, b, u)
            return
        self.seen.add(key)
        self.rows.append(key)

    def _refuse(self, a: int, b: int, u: int) -> None:
        name = lambda m: Game._name(m, self.players)
        if self.assume == "monotone":
            raise InfeasibleError(
                f"no completion is monotone: the known worths give v({name(a)}) = {self.base[a]:g} above "
                f"v({name(u)}) = {self.base[u]:g}"
            )
        raise InfeasibleError(
            f"no completion is superadditive: the known worths give v({name(a)}) + v({name(b)}) = "
            f"{self.base[a] + self.base[b]:g} above v({name(u)}) = {self.base[u]:g}"
        )

    def _monotone_rows(self) -> None:
        masks = np.arange(1 << self.n)
        for i in range(self.n):
            for s in masks[(masks >> i & 1) == 0]:
                self._add(int(s), 0, int(s) | (1 << i))

    def _singleton_rows(self) -> None:
        """``v(S - i) + v(i) <= v(S)`` for every free S and member i: a start for row generation."""
        for u in self.free:
            u = int(u)
            for i in range(self.n):
                if u >> i & 1 and u != 1 << i:
                    a, b = 1 << i, u ^ (1 << i)
                    self._add(min(a, b), max(a, b), u)

    def violated(self, table: np.ndarray) -> int:
        """Add the worst violated split of every coalition; return how many were added."""
        if self.assume != "superadditive":
            return 0
        gap, part = worst_splits(table, self.n)
        bad = np.flatnonzero(gap > self.tol)
        before = len(self.rows)
        for u in bad:
            t = int(part[u])
            a, b = min(t, int(u) ^ t), max(t, int(u) ^ t)
            self._add(a, b, int(u))
        return len(self.rows) - before

    # -- LP ---------------------------------------------------------------------
    def _sparse(self, rows: list[tuple[int, int, int]]) -> tuple[csr_matrix, np.ndarray]:
        """The rows ``v(a) + v(b) - v(u) <= rhs`` over the free worths (known worths moved right)."""
        k = len(rows)
        r = np.asarray(rows, dtype=np.int64).reshape(k, 3)
        data, ri, ci = [], [], []
        rhs = np.zeros(k)
        for j, sign in ((0, 1.0), (1, 1.0), (2, -1.0)):
            m = r[:, j]
            c = self.col[m]
            use = c >= 0
            data.append(np.full(int(use.sum()), sign))
            ri.append(np.flatnonzero(use))
            ci.append(c[use])
            rhs[~use] -= sign * self.base[m[~use]] / self.scale
        a = csr_matrix((np.concatenate(data), (np.concatenate(ri), np.concatenate(ci))),
                       shape=(k, self.free.size))
        a.sum_duplicates()
        return a, rhs

    def _solver(self) -> _Solver:
        if self._lp is None:
            self._lp = _Solver(self.free.size)
        if self._sent < len(self.rows):
            self._lp.add_rows(*self._sparse(self.rows[self._sent:]))
            self._sent = len(self.rows)
        return self._lp

    def table(self, x: np.ndarray) -> np.ndarray:
        out = self.base.copy()
        out[self.free] = x
        return out

    def optimize(self, c: np.ndarray, box: float) -> tuple[np.ndarray, float]:
        """Minimise ``c @ x`` over the free worths, every infinite end replaced
        by ``+-box``: ``(x, value)``, with every violated row added first."""
        lp = self._solver()
        lo, hi = np.maximum(self.lo[self.free], -box), np.minimum(self.hi[self.free], box)
        lp.set(c, lo / self.scale, hi / self.scale)
        for _ in range(_MAX_ROUNDS):
            x, fun = lp.solve(self.assume)
            x, fun = x * self.scale, fun * self.scale
            if self.violated(self.table(x)) == 0:
                return x, fun
            lp = self._solver()
        raise SolverError(f"row generation over superadditivity did not settle in {_MAX_ROUNDS} rounds")

    def solve(self, c: np.ndarray) -> tuple[np.ndarray | None, float, list[int]]:
        """Minimise ``c @ x``: ``(x, value, [])`` when bounded, else
        ``(None, -inf, masks that run off)`` (the free worths that grow without
        limit along the way the value falls)."""
        box = 1e6 * self.scale
        x, val = self.optimize(c, box)
        at_box = np.flatnonzero(np.isclose(np.abs(x), box, rtol=1e-9, atol=0.0))
        if at_box.size == 0:
            return x, val, []
        x2, val2 = self.optimize(c, 2 * box)
        if val2 < val - 1e-6 * max(self.scale, abs(val)):
            return None, -np.inf, [int(self.free[j]) for j in np.flatnonzero(np.abs(x2) >= 1.5 * box)]
        return x2, val2, []


class _Solver:
    """``min c x`` subject to ``A x <= b`` and column bounds; rows only grow.
    One HiGHS instance re-solved from its last basis when highspy is
    installed, else a fresh :func:`scipy.optimize.linprog` call each time."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.rows: list[csr_matrix] = []
        self.rhs: list[np.ndarray] = []
        self.c = np.zeros(k)
        self.lo = np.zeros(k)
        self.hi = np.zeros(k)
        self.h = None
        if _highspy is not None:
            cls = getattr(_highspy, "_Highs", None) or _highspy.Highs
            h = cls()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("presolve", "off")  # keeps the basis between solves
            h.setOptionValue("simplex_strategy", 1)  # dual simplex
            h.addVars(k, np.zeros(k), np.zeros(k))
            self.h = h

    def add_rows(self, a: csr_matrix, rhs: np.ndarray) -> None:
        if self.h is None:
            self.rows.append(a)
            self.rhs.append(rhs)
            return
        a = a.tocsr()
        self.h.addRows(a.shape[0], np.full(a.shape[0], -_highspy.kHighsInf), rhs, int(a.nnz),
                       a.indptr[:-1].astype(np.int32), a.indices.astype(np.int32), a.data)

    def set(self, c: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        self.c, self.lo, self.hi = c, lo, hi
        if self.h is not None:
            idx = np.arange(self.k, dtype=np.int32)
            self.h.changeColsCost(self.k, idx, np.asarray(c, dtype=np.float64))
            self.h.changeColsBounds(self.k, idx, np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64))

    def solve(self, assume: str) -> tuple[np.ndarray, float]:
        if self.h is not None:
            h = self.h
            h.run()
            status = h.getModelStatus()
            if status not in (_highspy.HighsModelStatus.kOptimal, _highspy.HighsModelStatus.kInfeasible):
                h.clearSolver()  # one retry from scratch (a warm start can stall)
                h.run()
                status = h.getModelStatus()
            if status == _highspy.HighsModelStatus.kInfeasible:
                _infeasible(assume)
            if status != _highspy.HighsModelStatus.kOptimal:
                raise SolverError(f"the linear programme over the completions failed: {h.modelStatusToString(status)}")
            x = np.array(h.getSolution().col_value, dtype=np.float64)
            return x, float(self.c @ x)
        from scipy.sparse import vstack

        a = vstack(self.rows) if self.rows else None
        b = np.concatenate(self.rhs) if self.rhs else None
        res = linprog(self.c, A_ub=a, b_ub=b, bounds=np.column_stack([self.lo, self.hi]), method="highs")
        if res.status == 2:
            _infeasible(assume)
        if res.status != 0:
            raise SolverError(f"the linear programme over the completions failed: {res.message}")
        return res.x, float(res.fun)


def _scale(lo: np.ndarray, hi: np.ndarray) -> float:
    """The largest finite end in magnitude (1 when there is none or it is 0)."""
    ends = np.abs(np.concatenate([lo[np.isfinite(lo)], hi[np.isfinite(hi)]]))
    top = float(np.max(ends, initial=0.0))
    return top if top > 0 else 1.0


def _infeasible(assume: str):
    raise InfeasibleError(
        f"no completion of the game within its intervals is {assume}: the intervals and the assumption "
        "contradict each other"
    )
