"""The nucleolus of a weighted voting game without its table of 2**n worths.

A game that describes itself as ``v(S) = 1 if a(S) >= quota else 0`` with
non-negative integer ``a`` (the ``"threshold"`` spec of
:meth:`coalition.Game._sampler_spec`: weighted voting and unanimity games)
is solved in the space of player types:

1. Two players whose weights reach the quota alone leave no imputation; one
   such player (a dictator) gets everything.
2. Veto players (in every winning coalition) share equally: the core is the
   set of splits among them, and on it the excess of a coalition is minus
   the shares of its veto members, a symmetric game among them.
3. Null players (never pivotal: the lightest ones, found by a subset-sum
   test) get 0, and the others are the nucleolus of the game without them.
4. Otherwise the game is zero-monotonic, so its nucleolus is its
   prenucleolus (Maschler, Peleg and Shapley 1979), and it treats players of
   equal weight alike. One share ``y[c]`` per weight class remains; a
   coalition counts only by its number of members of each class. The
   sequential LPs of Maschler, Peleg and Shapley run over count vectors by
   constraint generation: the oracle of
   :mod:`coalition._kernels.voting_oracle` lists the count vectors of
   largest excess outside the span ``L`` of the settled ones and the grand
   coalition (a dynamic programme over classes and weights, capped at the
   quota), and each stage settles the rows of positive dual value.

Every answer of step 4 is checked by :func:`certify` before it is returned.

References
----------
Schmeidler, D. (1969). The nucleolus of a characteristic function game.
SIAM Journal on Applied Mathematics 17(6), 1163-1170 (symmetry, the core).
Kohlberg, E. (1971). On the nucleolus of a characteristic function game.
SIAM Journal on Applied Mathematics 20(1), 62-66.
Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
the kernel, nucleolus, and related solution concepts. Mathematics of
Operations Research 4(4), 303-338.
Peleg, B. and Sudholter, P. (2007). Introduction to the Theory of
Cooperative Games, 2nd ed., Chapter 5. Springer (the prenucleolus of a
zero-monotonic game is its nucleolus; the null player property).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .._kernels import voting as _kv
from .._kernels import voting_oracle as _ko
from ..errors import InfeasibleError, SolverError
from . import _lp

__all__: list[str] = []

#: Below this many players the table engine keeps the nucleolus of a
#: weighted voting game (its answer and statistics stay as they were).
MIN_N = 17
#: Up to this many players a failure of this route (an LP or the oracle
#: out of its bounds) hands the game to the table engine instead.
TABLE_FALLBACK_N = 22
#: Largest dynamic programme (players + 1 times quota + 1 entries).
MAX_CELLS = 20_000_000
#: Most count vectors added to the LP in one round.
PER_ROUND = 50
#: Partial count vectors the oracle may hold at once.
MAX_NODES = 2_000_000
FEAS_TOL = 1e-9  # a count vector violates a stage when its excess exceeds the level by more
DUAL_TOL = 1e-9  # a dual value above this is positive (duals of a stage sum to 1)
SPAN_TOL = 1e-9  # relative distance of a count vector to L below this: it lies in L
CERT_TOL = 1e-7  # tolerance of the certificate on excesses


@dataclass
class Stage:
    """One settled stage: its level and the count vectors settled at it."""

    level: float
    settled: np.ndarray  # int64 (b, m)


@dataclass
class Outcome:
    x: np.ndarray
    levels: np.ndarray
    n_lps: int = 0
    n_passes: int = 0
    n_rows: int = 0
    message: str = ""
    stages: list[Stage] = field(default_factory=list)


def threshold_spec(game) -> tuple[np.ndarray, int] | None:
    """``(a, q)``, integer weights and quota of a profit game that is
    ``v(S) = 1 if a(S) >= q`` (the weights divided by their greatest common
    divisor), or None for any other game."""
    if game.kind != "profit":
        return None
    spec = game._sampler_spec()
    if spec is None or spec[0] != "threshold":
        return None
    a = np.asarray(spec[1]["a"], dtype=np.float64)
    quota = float(spec[1]["quota"])
    if not (np.all(np.isfinite(a)) and np.all(a >= 0) and np.all(a == np.floor(a))
            and np.isfinite(quota) and float(a.sum()) < 2.0**53):
        return None
    q = math.ceil(quota)
    if not 1 <= q <= a.sum():
        return None
    a = a.astype(np.int64)
    g = int(np.gcd.reduce(a))  # the same game on weights divided by their common factor
    return a // g, -(-q // g)


def _route(game) -> tuple[np.ndarray, int] | None:
    if game.n < MIN_N:
        return None
    spec = threshold_spec(game)
    if spec is None:
        return None
    a, q = spec
    # a dictator or veto players need no dynamic programme
    if (game.n + 1) * (q + 1) > MAX_CELLS and not (np.any(a >= q) or np.any(int(a.sum()) - a < q)):
        return None
    return spec


def applies(game) -> bool:
    """Whether :func:`solve` answers for `game` (without solving it)."""
    return _route(game) is not None


def solve(game, *, pre: bool = False) -> Outcome | None:
    """The nucleolus (with `pre`, the prenucleolus) of `game` by this route,
    or None when the game is not a threshold game, has fewer than
    :data:`MIN_N` players, or its dynamic programme would pass
    :data:`MAX_CELLS` entries (a game with a dictator or veto players needs
    none). Without a dictator the game is zero-monotonic
    and the two coincide; with one, the prenucleolus is left to the table."""
    spec = _route(game)
    if spec is None or (pre and np.any(spec[0] >= spec[1])):
        return None
    return nucleolus_of_threshold(*spec)


# the special cases
def nucleolus_of_threshold(units: np.ndarray, q: int) -> Outcome:
    """The nucleolus of ``[q; units]`` (integers, ``1 <= q <= sum(units)``)."""
    n = units.size
    total = int(units.sum())
    dictators = np.flatnonzero(units >= q)
    if dictators.size > 1:
        raise InfeasibleError(
            f"`game` has no imputation (the standalone worths add up to more than the grand coalition's "
            f"worth, by {dictators.size - 1:.6g}), so the nucleolus is not defined; the prenucleolus is "
            "(coalition.prenucleolus)"
        )
    if dictators.size == 1:
        x = np.zeros(n)
        x[dictators[0]] = 1.0
        # the largest excess: 1 for a winning coalition without the dictator
        eps = 1.0 if total - int(units[dictators[0]]) >= q else 0.0
        return Outcome(x, np.array([eps]), message="a dictator: the only imputation gives it everything")
    veto = np.flatnonzero(total - units < q)
    if veto.size:
        x = np.zeros(n)
        x[veto] = 1.0 / veto.size
        # the largest excess: 0 for a proper winning coalition (all but a
        # player who is not veto); with every player veto, -1/n for a player
        # alone
        eps = -1.0 / n if veto.size == n and n > 1 else 0.0
        return Outcome(x, np.array([eps]), message=f"{veto.size} veto player(s) share equally (the core is their splits)")
    null = np.zeros(n, dtype=bool)
    for w in np.unique(units):  # the null players are the lightest ones
        if _kv.can_swing(units, q, w):
            break
        null[units == w] = True
    live = np.flatnonzero(~null)
    weights, cls, sizes = np.unique(units[live], return_inverse=True, return_counts=True)
    weights, sizes = weights.astype(np.int64), sizes.astype(np.int64)
    out = _class_nucleolus(weights, sizes, q)
    ok, why = certify(weights, sizes, q, out.x, out.stages)
    if not ok:
        raise SolverError(f"nucleolus: the answer of the sequential LPs fails its certificate: {why}")
    out.message += f"; certified: {why}"
    x = np.zeros(n)
    x[live] = out.x[cls]
    out.x = x
    if null.any():
        out.message += f"; {int(null.sum())} null player(s) get 0"
    return out


# the sequential LPs over count vectors
def _win(weights: np.ndarray, counts: np.ndarray, q: int) -> np.ndarray:
    return (np.atleast_2d(counts) @ weights >= q).astype(np.float64)


def complement(rows: np.ndarray, m: int) -> np.ndarray:
    """Orthonormal columns spanning the orthogonal complement of the rows' span."""
    if rows.shape[0] == 0:
        return np.eye(m)
    _, s, vt = np.linalg.svd(np.asarray(rows, dtype=np.float64), full_matrices=True)
    rank = int(np.sum(s > SPAN_TOL * max(1.0, float(s[0])) * max(rows.shape)))
    return np.ascontiguousarray(vt[rank:].T)


def outside(basis: np.ndarray, k: np.ndarray) -> bool:
    """Whether the count vector `k` lies outside ``L`` (complement `basis`)."""
    norm = float(np.linalg.norm(k))
    return norm > 0 and float(np.linalg.norm(basis.T @ k)) > SPAN_TOL * norm


def oracle(weights, sizes, q, y, basis, threshold, max_out):
    """The count vectors outside ``L`` of excess above `threshold`, best
    first (at most `max_out`), and whether that list is complete."""
    h = _ko.best_completion(weights, sizes, q, np.ascontiguousarray(y, dtype=np.float64))
    counts, exc, n_out, status, _ = _ko.top_coalitions(
        weights, sizes, q, np.ascontiguousarray(y, dtype=np.float64), h, basis, SPAN_TOL,
        float(threshold), max_out, MAX_NODES,
    )
    if status == 2:
        raise SolverError(
            f"nucleolus: the oracle held {MAX_NODES} partial coalitions without finishing its search; "
            "the game has too many coalitions near the largest excess for this route"
        )
    return counts[:n_out], exc[:n_out], status == 0


def _class_nucleolus(weights: np.ndarray, sizes: np.ndarray, q: int) -> Outcome:
    m = weights.size
    if m == 1:
        y = np.array([1.0 / sizes[0]])
        # the largest excess (no player is veto: a proper winning coalition has excess >= 0)
        eps = float(_ko.best_completion(weights, sizes, q, y)[0, 0])
        return Outcome(y, np.array([eps]), message="one class of equal players")
    per_round = int(min(PER_ROUND, max(8, 2 * m)))
    eq_rows = [sizes.astype(np.float64)]
    eq_rhs = [1.0]
    basis = complement(np.array(eq_rows), m)
    work: list[np.ndarray] = []
    seen: set[tuple[int, ...]] = set()
    for c in range(m):  # one member of a class, and all but one: they bound y
        for k in (np.eye(m, dtype=np.int64)[c], sizes - np.eye(m, dtype=np.int64)[c]):
            if outside(basis, k) and tuple(k) not in seen:
                seen.add(tuple(k))
                work.append(k)
    stages: list[Stage] = []
    n_lps = n_passes = n_rows = 0
    y = sizes / float(sizes @ sizes)
    while basis.shape[1] > 0:
        lp = _lp.GrowingLP(np.r_[np.zeros(m), 1.0], np.full(m + 1, -np.inf), np.full(m + 1, np.inf))
        lp.add_rows(np.array([np.r_[r, 0.0] for r in eq_rows]), np.array(eq_rhs), np.array(eq_rhs))
        n_fixed = len(eq_rows)
        rows = list(work)
        if rows:
            arr = np.array(rows)
            lp.add_rows(np.c_[arr, np.ones(len(rows))], _win(weights, arr, q), np.inf)
        while True:
            sol = lp.solve("nucleolus")
            n_lps += 1
            y, t = sol.x[:m], float(sol.x[m])
            counts, _, _ = oracle(weights, sizes, q, y, basis, t + FEAS_TOL, per_round)
            n_passes += 1
            new = [k for k in counts if tuple(k) not in seen]
            if counts.shape[0] and not new:
                raise SolverError("nucleolus: constraint generation stalled (the oracle found only coalitions "
                                  "already in the LP above its optimum)")
            if not new:
                break
            for k in new:
                seen.add(tuple(k))
            arr = np.array(new)
            lp.add_rows(np.c_[arr, np.ones(len(new))], _win(weights, arr, q), np.inf)
            rows.extend(new)
        n_rows = max(n_rows, len(rows))
        dual = sol.row_dual[n_fixed:]
        settled = [rows[i] for i in np.flatnonzero(dual > DUAL_TOL)]
        if not settled:
            raise SolverError("nucleolus: a stage ended with no coalition of positive dual value")
        ortho = np.linalg.qr(np.array(eq_rows).T)[0].T  # orthonormal rows spanning L
        grew = False
        for k in settled:
            res = k.astype(np.float64)
            for _ in range(2):  # Gram-Schmidt, twice for accuracy
                res = res - ortho.T @ (ortho @ res)
            if np.linalg.norm(res) > SPAN_TOL * np.linalg.norm(k):
                eq_rows.append(k.astype(np.float64))
                eq_rhs.append(float(_win(weights, k, q)[0]) - t)
                ortho = np.vstack([ortho, res / np.linalg.norm(res)])
                grew = True
        if not grew:
            raise SolverError("nucleolus: a stage settled no new direction (the LP is too degenerate)")
        basis = complement(np.array(eq_rows), m)
        stages.append(Stage(t, np.array(settled, dtype=np.int64)))
        work = [k for k in rows if outside(basis, k)]
    y = np.linalg.solve(np.array(eq_rows), np.array(eq_rhs))
    levels = [s.level for s in stages]
    # Coalitions in the span of the grand coalition (k = sizes / d) have an
    # excess no split changes and are left out of the stages; the largest
    # excess of all, the least-core epsilon, may be theirs.
    eps = float(_ko.best_completion(weights, sizes, q, y)[0, 0])
    if eps > levels[0] + FEAS_TOL:
        levels.insert(0, eps)
    return Outcome(y, np.array(levels), n_lps, n_passes, n_rows,
                   f"{m} classes of equal players, {len(stages)} stage(s)", stages)


# the certificate
def certify(weights: np.ndarray, sizes: np.ndarray, q: int, y: np.ndarray, stages: list[Stage],
            tol: float = CERT_TOL) -> tuple[bool, str]:
    """Check that the class shares `y` are the nucleolus, stage by stage.

    With ``L_0`` the span of the grand coalition and ``L_l`` that of
    ``L_{l-1}`` and the count vectors settled at stage ``l``, `y` is the
    prenucleolus of the class game when, at every stage,

    * the settled vectors lie outside ``L_{l-1}`` and share one excess
      ``t_l`` (within `tol`),
    * no count vector outside ``L_{l-1}`` has an excess above ``t_l``: the
      oracle's exhausted search above ``t_l + tol`` is the proof, and
    * the settled vectors are balanced modulo ``L_{l-1}``: some positive
      weights combine them into a vector of ``L_{l-1}`` (a small LP),

    and ``L_s`` is the whole space. This is Kohlberg's (1971) criterion in
    the form of the sequential LPs: a move ``z`` with ``z(N) = 0`` that
    changes an excess of ``L_l`` first changes one of stage ``l`` and, by the
    balance, raises one of them above ``t_l``, while every excess outside
    ``L_{l-1}`` was at most ``t_l``; so it makes the sorted excesses
    lexicographically larger. Symmetric shares suffice because the nucleolus
    is symmetric, and non-negative shares make it the nucleolus (a
    zero-monotonic game). Returns ``(passed, reason)``.
    """
    from scipy.optimize import linprog

    m = weights.size
    y = np.asarray(y, dtype=np.float64)
    if not (np.all(np.isfinite(y)) and abs(float(sizes @ y) - 1.0) <= tol):
        return False, f"the shares add up to {float(sizes @ y):.12g}, not 1"
    if float(y.min()) < -tol:
        return False, f"a share is negative ({float(y.min()):.6g}): not an imputation"
    rows = [sizes.astype(np.float64)]
    n_checked = 0
    for i, st in enumerate(stages, 1):
        basis = complement(np.array(rows), m)
        settled = np.asarray(st.settled, dtype=np.int64)
        exc = _win(weights, settled, q) - settled @ y
        level = float(exc.max())
        if level - float(exc.min()) > tol:
            return False, f"stage {i}: the settled coalitions' excesses differ by {level - float(exc.min()):.3g}"
        if not all(outside(basis, k) for k in settled):
            return False, f"stage {i}: a settled coalition is fixed by the earlier stages"
        found, exc_found, _ = oracle(weights, sizes, q, y, basis, level + tol, 1)
        if found.shape[0]:
            return False, (f"stage {i}: a coalition with counts {found[0].tolist()} has excess "
                           f"{float(exc_found[0]):.10g} above the level {level:.10g}")
        b = settled.shape[0]
        a_eq = np.c_[basis.T @ settled.T.astype(np.float64), np.zeros(basis.shape[1])]
        a_eq = np.r_[a_eq, [np.r_[np.ones(b), 0.0]]]
        b_eq = np.r_[np.zeros(basis.shape[1]), 1.0]
        a_ub = np.c_[-np.eye(b), np.ones(b)]  # mu <= lambda_k
        res = linprog(np.r_[np.zeros(b), -1.0], A_ub=a_ub, b_ub=np.zeros(b), A_eq=a_eq, b_eq=b_eq,
                      bounds=[(0, None)] * b + [(None, None)], method="highs")
        if res.status != 0 or -res.fun <= DUAL_TOL:
            return False, f"stage {i}: the {b} settled coalitions are not balanced modulo the earlier stages"
        rows.extend(settled.astype(np.float64))
        n_checked += b
    if complement(np.array(rows), m).shape[1]:
        return False, "the settled coalitions do not fix every share"
    return True, (f"{len(stages)} stage(s) balanced on {n_checked} settled count vector(s), "
                  "no other coalition above any level")
