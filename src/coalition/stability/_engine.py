"""Linear programs over the coalitions of a game: the engines behind
:mod:`coalition.stability`.

Everything here works on a dense worth table ``v`` (bitmask order) and plain
arrays; the public layer validates games and allocations and wraps results.

Units
-----
The LPs never see the raw worths. A game is first *zero-normalized*
(``v0(S) = v(S) - b(S)`` with ``b`` the standalone worths; every rule here is
covariant under this shift) and then divided by its scale
``s = max |v0(S)|``. The LP data are therefore O(1) whatever the magnitude of
the worths, and the tolerances below are relative to the scale of the
zero-normalized game. Excesses over the full table are computed in raw units
by the kernels of :mod:`coalition._kernels.excess`.

Constraint generation
---------------------
For ``n`` above :data:`DENSE_MAX_N` (:data:`DENSE_LP_MAX_N` for the LPs
of the least core and over the core) an LP over all ``2**n - 2`` coalitions
is replaced by the same LP over a small *working set*; after each solve a kernel
scans the full table for the coalitions of largest excess above the current
level, adds them, and the LP is solved again until none is left. The
restricted LP is a relaxation, so its optimum is that of the full LP once no
coalition violates it, and its dual (extended by zeros) is a dual optimum of
the full LP. The LP is kept between rounds (:class:`coalition.stability._lp.GrowingLP`)
and re-solved from its last basis; the LPs over the core (the floors and
ceilings of every partner) are one LP with one objective after another.

The sequential LPs of the nucleolus family are one LP too, kept across
stages: a settled coalition's row becomes an equality in place and a row
whose excess the settled ones fix is freed, so each stage starts from the
last basis. Its first working set holds, besides the singletons and their
complements, the :data:`SEED_PER_PLAYER` ``* n`` coalitions of largest
excess at the equal split of the surplus, which leaves few scan rounds to
each stage (often none).
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog

from .._kernels import excess as _kx
from ..errors import InvalidGameError, SolverError
from . import _excess, _lp
from ._span import SPAN_TOL, _Span

__all__: list[str] = []

#: Up to this many players the nucleolus LPs list every coalition; above,
#: constraint generation.
DENSE_MAX_N = 8
#: The same for the LPs of the least core and of those that optimize over
#: the core (core bounds, nearest core point).
DENSE_LP_MAX_N = 8
#: The same without highspy: every round of constraint generation is then a
#: fresh solve, and HiGHS solves the LP over all 2**16 coalitions faster
#: than the many rounds that large optimal faces (convex games) take.
SCIPY_DENSE_LP_MAX_N = 16
#: Tolerances, relative to the scale of the zero-normalized game.
FEAS_TOL = 1e-9  # a coalition violates the LP when its excess exceeds the level by more
DUAL_TOL = 1e-9  # a dual value above this is positive (duals of a stage sum to 1)
#: The first LP of the nucleolus family holds this many coalitions per
#: player, those of largest excess at the equal split of the surplus.
SEED_PER_PLAYER = 12
_HIGHS = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}


def _masks_to_rows(masks: np.ndarray, n: int) -> np.ndarray:
    return ((np.asarray(masks, dtype=np.int64)[:, None] >> np.arange(n)) & 1).astype(np.float64)


def linprog_or_raise(c, *, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=None, what: str):
    """``scipy.optimize.linprog`` with HiGHS dual simplex (a basic optimal
    solution, hence exact complementary slackness), raising
    :class:`SolverError` with HiGHS's status and message on any failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = linprog(
            c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds,
            method="highs-ds", options=_HIGHS,
        )
    if res.status != 0:
        raise SolverError(f"{what}: the LP solver (HiGHS) failed with status {res.status}: {res.message}")
    return res


class Table:
    """A worth table with its zero-normalization and scale.

    Attributes
    ----------
    v : float64[2**n]
        Raw worths (bitmask order).
    b : float64[n]
        Standalone worths ``v({i})``.
    scale : float
        ``max |v(S) - b(S)|`` over all coalitions; 0 for an additive game.
    raw : float
        ``max |v(S)|`` over all coalitions (or over the costs, for the
        savings of a cost game).
    tol : float
        Absolute tolerance on an excess: ``FEAS_TOL * scale`` plus an
        allowance for rounding in the raw units.
    """

    def __init__(self, v: np.ndarray, n: int, magnitude: float = 0.0) -> None:
        self.v = v
        self.n = n
        self.full = (1 << n) - 1
        self.b = np.array(v[1 << np.arange(n)], dtype=np.float64)
        self.scale = _excess.max_abs_excess(v, self.b)
        # max |v(S)|, read in place; `magnitude` the largest number the worths
        # were computed from (the costs behind a cost game's savings)
        self.raw = max(_excess.max_abs(v), magnitude)
        self.tol = FEAS_TOL * self.scale + 64 * np.finfo(float).eps * self.raw

    def unit(self) -> float:
        return self.scale if self.scale > 0 else 1.0

    def u(self, masks: np.ndarray, rows: np.ndarray | None = None) -> np.ndarray:
        """Zero-normalized, scaled worths of some coalitions."""
        if rows is None:
            rows = _masks_to_rows(masks, self.n)
        return (self.v[masks] - rows @ self.b) / self.unit()

    def to_raw(self, xu: np.ndarray) -> np.ndarray:
        return self.b + self.unit() * xu

    def to_unit(self, x: np.ndarray) -> np.ndarray:
        return (x - self.b) / self.unit()


@functools.lru_cache(maxsize=64)
def seed_masks(n: int) -> np.ndarray:
    """Singletons and their complements: the first working set (sorted,
    read-only; kept for each `n`)."""
    full = (1 << n) - 1
    single = [1 << i for i in range(n)]
    comp = [full ^ m for m in single if full ^ m]
    out = np.unique(np.array(single + comp, dtype=np.int64))
    out.setflags(write=False)
    return out


def all_proper_masks(n: int) -> np.ndarray:
    return np.arange(1, (1 << n) - 1, dtype=np.int64)


# ---------------------------------------------------------------------------
# LPs with one row per coalition: x(S) + g.y >= u(S) - relax
# ---------------------------------------------------------------------------
class CoalitionLP:
    """``min c.z`` over ``z = (x, y)`` (``x``: one share per player in
    scaled zero-normalized units, ``y``: ``m = g.size`` extra variables)
    subject to

    * ``x(S) + g.y >= u(S) - relax`` for every proper coalition ``S``
      (generated: see the module notes),
    * ``x(N) = u(N)``,
    * extra rows ``A_ub z <= b_ub`` (:meth:`add_ub_rows`), and bounds.

    ``relax`` lowers every coalition's right-hand side (scaled units), so
    that a core that is empty only by rounding stays feasible. One instance
    is minimized for several objectives (:meth:`minimize`); the coalitions
    found for one stay for the next, and the solver restarts from its last
    basis. ``dense`` (default: up to :data:`DENSE_LP_MAX_N` players) lists
    every coalition from the start.
    """

    def __init__(self, table: Table, *, g: np.ndarray, bounds: list, relax: float = 0.0,
                 working: np.ndarray | None = None, dense: bool | None = None, batch: int = 0) -> None:
        n = table.n
        self.table = table
        self.g = np.asarray(g, dtype=np.float64)
        self.relax = float(relax)
        limit = DENSE_LP_MAX_N if _lp.have_highspy() else SCIPY_DENSE_LP_MAX_N
        self.dense = dense if dense is not None else n <= limit
        self.batch = batch or max(4 * n, 64)
        self.n_lps = 0
        self.n_passes = 0
        k = n + self.g.size
        lo = np.array([-np.inf if b[0] is None else b[0] for b in bounds], dtype=np.float64)
        hi = np.array([np.inf if b[1] is None else b[1] for b in bounds], dtype=np.float64)
        self.lp = _lp.GrowingLP(np.zeros(k), lo, hi)
        uN = (table.v[table.full] - table.b.sum()) / table.unit()
        self.lp.add_rows(np.concatenate([np.ones(n), np.zeros(self.g.size)])[None, :], [uN], [uN])
        self.working = np.zeros(0, dtype=np.int64)
        self._rows = np.zeros(0, dtype=np.int64)  # LP row of each coalition of `working`
        self.skip = np.zeros(1 << n, dtype=np.uint8)
        self.skip[0] = self.skip[table.full] = 1
        if n > 1:
            if working is None:
                working = all_proper_masks(n) if self.dense else seed_masks(n)
            self._add(np.asarray(working, dtype=np.int64))

    def _add(self, masks: np.ndarray) -> None:
        t = self.table
        rows = _masks_to_rows(masks, t.n)
        A = np.hstack([rows, np.tile(self.g, (masks.size, 1))])
        first = self.lp.n_rows
        self.lp.add_rows(A, t.u(masks, rows) - self.relax, np.inf)
        self.working = np.concatenate([self.working, masks])
        self._rows = np.concatenate([self._rows, np.arange(first, first + masks.size)])
        self.skip[masks] = 1

    def add_ub_rows(self, A: np.ndarray, b: np.ndarray) -> None:
        self.lp.add_rows(A, -np.inf, b)

    def minimize(self, c: np.ndarray, what: str) -> _lp.Solution:
        """Solve for objective `c`, adding violated coalitions until none is
        left; the solution's ``row_dual`` is cut to the coalitions of
        :attr:`working` (non-negative, in that order)."""
        t = self.table
        n = t.n
        self.lp.set_cost(c)
        empty_comp = np.empty((n, 0))
        while True:
            sol = self.lp.solve(what)
            self.n_lps += 1
            if self.dense or n == 1:
                break
            x = sol.x[:n]
            level = float(self.g @ sol.x[n:]) + self.relax
            self.n_passes += 1
            masks, _ = _kx.top_excess(
                t.v, t.to_raw(x), level * t.unit() + t.tol, self.batch, self.skip, empty_comp, 0.0
            )
            if masks.size == 0:
                break
            self._add(masks)
        sol.row_dual = np.maximum(sol.row_dual[self._rows], 0.0)
        return sol


# ---------------------------------------------------------------------------
# the nucleolus and the prenucleolus by sequential LPs
# ---------------------------------------------------------------------------
def positive_duals(row_dual: np.ndarray, live: np.ndarray, stage: str, what: str) -> np.ndarray:
    """The live rows of positive dual value, largest first: those tight in
    every optimal solution of the stage, to be settled."""
    duals = np.where(live, row_dual, 0.0)
    order = np.argsort(-duals, kind="stable")
    settled = order[duals[order] > DUAL_TOL]
    if settled.size == 0:
        raise SolverError(
            f"{stage}: the LP solver returned no positive dual value "
            f"(largest {duals.max() if duals.size else 0.0:.3g}); cannot tell which {what} to settle"
        )
    return settled


def retire(lp: _lp.GrowingLP, first: int, n: int, settled: np.ndarray, held: np.ndarray,
           rhs_held: np.ndarray, live: np.ndarray, done: np.ndarray, rows: np.ndarray,
           span: _Span) -> np.ndarray:
    """After a stage of the sequential LPs: the rows settled and taken into
    the span (`held`) become equalities at their right-hand sides (their
    ``eps`` coefficient, column `n`, set to 0), and every row no longer a
    complaint (settled, or fixed by the span) is freed, in one call. `live`
    and `done` (one flag per row after `first`) are updated in place; the
    complement of the grown span is returned."""
    lp.set_coeffs(first + held, n, 0.0)
    live[settled] = False
    comp = span.complement()
    idx = np.flatnonzero(live)
    if span.rank < n and idx.size:
        live[idx[span.contains(rows[idx], comp)]] = False
    done[held] = True
    free = np.flatnonzero(~live & ~done)
    done[free] = True
    lp.set_row_bounds(np.concatenate([held, free]) + first,
                      np.concatenate([rhs_held, np.full(free.size, -np.inf)]),
                      np.concatenate([rhs_held, np.full(free.size, np.inf)]))
    return comp


def settled_solution(span: _Span, x_u: np.ndarray | None, what: str) -> np.ndarray:
    """The split the settled rows determine, solved exactly (one step of
    iterative refinement), checked against the last LP's split `x_u`."""
    E = np.array(span.rows)
    rhs = np.array(span.rhs)
    x_sol = np.linalg.solve(E, rhs)
    x_sol = x_sol + np.linalg.solve(E, rhs - E @ x_sol)
    if x_u is not None and np.max(np.abs(x_sol - x_u)) > 1e-6:
        raise SolverError(
            f"the settled {what} determine an allocation that differs from the LP's by "
            f"{np.max(np.abs(x_sol - x_u)):.3g} (relative); the LPs are ill-conditioned"
        )
    return x_sol


@dataclass
class LexResult:
    x: np.ndarray  # raw worth units
    levels: np.ndarray  # excess of each stage, raw units
    n_lps: int
    n_passes: int
    n_working: int
    message: str


def _fixed_rows(t: "Table", fixed: np.ndarray, imputation: bool) -> tuple[np.ndarray, np.ndarray]:
    """Rows and scaled right-hand sides ``u(S)`` of the coalitions held at
    their worth. Over the imputations a right-hand side below 0 (a coalition
    whose worth falls short of its members' standalone worths, by no more
    than the tolerance the caller has checked) is raised to 0."""
    rows = _masks_to_rows(fixed, t.n)
    rhs = t.u(fixed, rows)
    if imputation:
        rhs = np.maximum(rhs, 0.0)
    return rows, rhs


def lexicographic_center(
    v: np.ndarray, n: int, *, imputation: bool, weights: np.ndarray | None = None,
    fixed: np.ndarray | None = None, dense: bool | None = None, batch: int = 0,
    table: Table | None = None,
) -> LexResult:
    """Nucleolus (``imputation=True``) or prenucleolus of the game ``v``, or
    one of their weighted or structured variants.

    The stage loop (solve, find the coalitions settled at this level, fix
    them, repeat) keeps its working set, span and growing LP in one function,
    so that what carries from one stage to the next is visible in one place.

    Maschler, Peleg and Shapley's sequence of LPs: stage ``k`` minimizes the
    largest excess ``eps`` over the coalitions not yet settled, keeping the
    settled ones at the excess they were settled at. After each stage only
    the coalitions that are tight in *every* optimal solution are settled:
    those with a positive dual value (by complementary slackness a positive
    dual in one dual optimum forces the constraint to be tight in all primal
    optima). Coalitions merely tight in the solver's primal solution are not
    settled (Guajardo and Jornsten 2015 show that doing so gives wrong
    answers). Coalitions whose excess is fixed by the settled ones (their
    indicator lies in the span of the settled indicators) are dropped; the
    rank of the settled set grows at every stage, so there are at most
    ``n - 1`` stages.

    Parameters
    ----------
    weights : float64[2**n], optional
        One weight per coalition: the complaint of ``S`` is its weighted
        excess ``(v(S) - x(S)) / w(S)`` (the per-capita, proportional and
        disruption nucleoli). A coalition with ``w(S) <= 0`` is no complaint
        at all. The same sequence of LPs, with ``w(S) eps`` in place of
        ``eps`` in the row of ``S``, finds the lexicographic minimum of the
        weighted excesses (every argument above holds for any positive
        weights). Default: all 1.
    fixed : int64 array of bitmasks, optional
        Coalitions held at ``x(S) = v(S)`` throughout; default the grand
        coalition alone (efficiency). The blocs of a coalition structure
        (Aumann and Dreze 1974), or the grand coalition with the coalitions
        the core fixes (the disruption nucleolus).
    table : Table, optional
        ``Table(v, n)`` when the caller has built it already.
    """
    t = table if table is not None and table.v is v else Table(v, n)
    full = t.full
    span = _Span(n)
    custom = fixed is not None
    fixed = np.array([full], dtype=np.int64) if fixed is None else np.asarray(fixed, dtype=np.int64)
    span.extend(*_fixed_rows(t, fixed, imputation))
    if n == 1:
        return LexResult(np.array([float(v[full])]), np.zeros(0), 0, 0, 0, "one player: x = v(N)")
    if t.scale == 0:
        return LexResult(t.b.copy(), np.zeros(1), 0, 0, 0,
                         "additive game: every coalition has excess 0 at the standalone worths")
    dense = dense if dense is not None else n <= DENSE_MAX_N
    batch = batch or max(2 * n, 32)
    # coalitions the scan ignores: empty, grand, settled, spanned by the
    # settled ones, no complaint (weight 0), and those in the working set
    skip = np.zeros(1 << n, dtype=np.uint8)
    skip[0] = skip[full] = 1
    skip[fixed] = 1
    if weights is None:
        wn = None
        wmax = 1.0
    else:
        w = np.asarray(weights, dtype=np.float64)
        active = w > 0
        active[0] = active[full] = False
        wmax = float(np.max(w[active])) if active.any() else 1.0
        wn = np.where(active, w / wmax, 1.0)
        skip[~active] = 1
    working = all_proper_masks(n) if dense else seed_masks(n)
    working = working[skip[working] == 0]
    if custom and working.size:
        working = working[~span.contains(_masks_to_rows(working, n))]
    skip[working] = 1
    col_lo = np.full(n + 1, -np.inf)
    if imputation:
        col_lo[:n] = 0.0
    col_hi = np.full(n + 1, np.inf)
    c = np.zeros(n + 1)
    c[n] = 1.0
    levels: list[float] = []
    n_lps = n_passes = 0
    bound_fixed = np.zeros(n, dtype=bool)
    x_u = None

    def scan(x_unit, threshold, comp_k, k):
        if wn is None:
            return _kx.top_excess(v, t.to_raw(x_unit), threshold, k, skip, comp_k, SPAN_TOL)
        return _kx.top_weighted_excess(v, wn, t.to_raw(x_unit), threshold, k, skip, comp_k, SPAN_TOL)

    # One LP for all stages, re-solved from its last basis: coalitions are
    # added as rows; a settled coalition's row becomes an equality (its eps
    # coefficient set to 0), and a row whose excess the settled ones fix is
    # freed (both bounds infinite), so nothing is rebuilt between stages.
    lp = _lp.GrowingLP(c, col_lo, col_hi, dantzig=True)
    rhs_eq = np.array(span.rhs)
    lp.add_rows(np.hstack([np.array(span.rows), np.zeros((span.rank, 1))]), rhs_eq, rhs_eq)
    first = lp.n_rows
    rows = np.zeros((0, n))  # row j of the LP (after `first`): coalition lp_masks[j]
    u_w = np.zeros(0)
    w_w = np.zeros(0)
    live = np.zeros(0, dtype=bool)  # still a complaint: a `>=` row with eps in it
    done = np.zeros(0, dtype=bool)  # an equality or a free row

    def add(masks):
        nonlocal rows, u_w, w_w, live, done
        new_rows = _masks_to_rows(masks, n)
        new_u = t.u(masks, new_rows)
        new_w = np.ones(masks.size) if wn is None else wn[masks]
        lp.add_rows(np.hstack([new_rows, new_w[:, None]]), new_u, np.inf)
        skip[masks] = 1
        if live.size == 0:  # the first rows: nothing to append to
            rows, u_w, w_w = new_rows, new_u, new_w
            live = np.ones(masks.size, dtype=bool)
            done = np.zeros(masks.size, dtype=bool)
            return
        rows = np.vstack([rows, new_rows])
        u_w = np.concatenate([u_w, new_u])
        w_w = np.concatenate([w_w, new_w])
        live = np.concatenate([live, np.ones(masks.size, dtype=bool)])
        done = np.concatenate([done, np.zeros(masks.size, dtype=bool)])

    no_comp = np.empty((n, 0))
    comp = span.complement()
    if not dense:
        # the first LP also holds the largest complaints at the equal split
        # of the surplus (any point would do: only their list counts), so
        # that few rounds of scans are left to each stage
        x0 = np.full(n, (t.v[full] - t.b.sum()) / t.unit() / n)
        top = scan(x0, -np.inf, comp if custom else no_comp, SEED_PER_PLAYER * n)[0]
        working = np.concatenate([working, top])
    add(working)
    while span.rank < n:
        comp_k = comp if (span.rank > 1 or custom) else no_comp
        what = f"stage {len(levels) + 1} of the {'nucleolus' if imputation else 'prenucleolus'}"
        if not live.any() and not dense:
            # no complaint left in the LP: fetch the largest complaints left
            # anywhere in the table (at any point: only their list counts)
            add(scan(x_u if x_u is not None else np.zeros(n), -np.inf, comp_k, batch)[0])
        if not live.any():
            raise InvalidGameError(
                "`game`: the coalitions left carry no complaint, so the lexicographic minimum is not "
                f"unique ({n - span.rank} direction(s) of the allocations are left free)"
            )
        while True:
            res = lp.solve(what)
            n_lps += 1
            x_u = res.x[:n]
            eps = float(res.x[n])
            if dense:
                break
            n_passes += 1
            masks, _ = scan(x_u, eps * t.unit() + t.tol, comp_k, batch)
            if masks.size == 0:
                break
            add(masks)
        levels.append(eps)
        settled = positive_duals(res.row_dual[first:], live, f"stage {len(levels)}", "coalitions")
        rhs = u_w[settled] - w_w[settled] * eps
        taken = span.extend(rows[settled], rhs)
        held = settled[taken]
        grew = held.size > 0
        floor_cols = np.zeros(0, dtype=np.int64)
        if imputation:
            red = res.col_dual[:n]
            at_floor = np.flatnonzero((red > DUAL_TOL) & ~bound_fixed)
            if at_floor.size:
                bound_fixed[at_floor] = True
                floor_cols = at_floor[span.extend(np.eye(n)[at_floor], np.zeros(at_floor.size))]
                grew = grew or floor_cols.size > 0
        if not grew:
            raise SolverError(
                f"stage {len(levels)}: the coalitions settled did not fix a new direction; "
                "the LP solutions are not consistent"
            )
        if span.rank == n:
            break  # the settled rows fix x: the LP is not solved again
        for i in floor_cols:
            lp.set_bounds(int(i), 0.0, 0.0)
        comp = retire(lp, first, n, settled, held, rhs[taken], live, done, rows, span)
    lp.release()
    x_sol = settled_solution(span, x_u, "coalitions")
    if imputation:
        x_sol = np.maximum(x_sol, 0.0)  # a share at its floor stays exactly there
    return LexResult(
        t.to_raw(x_sol), np.array(levels) * t.unit() / wmax, n_lps, n_passes, int(live.size),
        f"{len(levels)} stages, {n_lps} LPs",
    )
