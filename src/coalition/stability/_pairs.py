"""The modiclus by sequential LPs over pairs of coalitions, generated from
the 2**n excesses alone (private; :func:`coalition.modiclus` calls it).

The modiclus lexicographically minimizes the bi-excesses
``d(S, R) = e(S, x) - e(R, x)`` over all ordered pairs of coalitions
(Sudholter 1997). Maschler, Peleg and Shapley's sequence of LPs applies to
any finite family of affine functions of ``x`` (Maschler, Peleg and Shapley
1979; Peleg and Sudholter 2007, Section 5.1), so stage ``k`` minimizes the
largest bi-excess ``eps`` over the pairs not yet settled, settles those of
positive dual value and drops the pairs whose row ``1_S - 1_R`` lies in the
span of the settled rows. What makes it tractable is the scan: a pair of
largest bi-excess joins a coalition of largest excess to one of smallest
excess, so the pairs violating a stage are found among the ``K`` coalitions
of largest and the ``K`` of smallest excess (one pass over the table);
the bound ``max(e_K - e_min, e_max - e'_K)`` (the ``K``-th largest less the
smallest, the largest less the ``K``-th smallest) caps every pair outside
those lists, and ``K`` grows until the cap is below the stage's level or
a violated pair is found. When many coalitions at both ends are tied to one
another by the settled pairs (glove markets), the best pair of coalitions
not so tied is found by walking the excesses in order instead. The LP has ``n + 1`` columns and only the pairs
generated as rows.
"""

from __future__ import annotations

import numpy as np

from ..errors import SolverError
from . import _lp
from ..game._masks import _additive_table
from ._engine import LexResult, Table, positive_duals, retire, settled_solution
from ._span import _Span

__all__: list[str] = []

#: The pairs formed at once are at most ``MAX_LIST**2`` (the ``MAX_LIST``
#: coalitions of largest excess with the ``MAX_LIST`` of smallest); beyond,
#: the scan walks the excesses in order for the best pair (``_Scan._across``).
MAX_LIST = 1024
#: The first lists hold this many coalitions per pair asked for.
FIRST_LIST = 2
#: The first LP holds this many pairs per player, those of largest
#: bi-excess at the equal split of the surplus.
SEED_PER_PLAYER = 12


def _rows(s: np.ndarray, r: np.ndarray, n: int) -> np.ndarray:
    """The rows ``1_S - 1_R`` of pairs (as float64)."""
    bits = np.arange(n)
    return (((s[:, None] >> bits) & 1) - ((r[:, None] >> bits) & 1)).astype(np.float64)


class _Scan:
    """The pairs of largest bi-excess above a threshold, off a span."""

    def __init__(self, u: np.ndarray, n: int, batch: int) -> None:
        self.u = u
        self.n = n
        self.batch = batch
        self.size = 1 << n

    def __call__(self, x: np.ndarray, threshold: float, span: _Span, comp: np.ndarray, batch: int = 0):
        batch = batch or self.batch
        e = self.u - _additive_table(x)
        k = min(self.size, max(1, FIRST_LIST * batch))
        while True:
            if k >= self.size:
                top = np.argsort(-e, kind="stable")
                bot = top[::-1].copy()
            else:
                top = np.argpartition(-e, k)[:k]
                top = top[np.argsort(-e[top], kind="stable")]
                bot = np.argpartition(e, k)[:k]
                bot = bot[np.argsort(e[bot], kind="stable")]
            vals = e[top][:, None] - e[bot][None, :]
            i, j = np.nonzero(vals > threshold)
            keep = top[i] != bot[j]
            i, j = i[keep], j[keep]
            cv = vals[i, j]
            limit = 4 * batch
            while i.size:
                # the `limit` largest candidates, in order, off the span
                if limit < cv.size:
                    pick = np.argpartition(-cv, limit)[:limit]
                    pick = pick[np.argsort(-cv[pick], kind="stable")]
                else:
                    pick = np.argsort(-cv, kind="stable")
                s, r = top[i[pick]], bot[j[pick]]
                off = ~span.contains(_rows(s, r, self.n), comp)
                if off.sum() >= batch or limit >= cv.size:
                    if off.any():
                        return s[off][: batch].astype(np.int64), r[off][: batch].astype(np.int64)
                    break
                limit *= 4
            if k >= self.size:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            cap = max(e[top[-1]] - e[bot[0]], e[top[0]] - e[bot[-1]])
            if cap <= threshold:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            if k >= MAX_LIST:
                return self._across(e, threshold, span, comp)
            k = min(self.size, 4 * k)

    def _across(self, e: np.ndarray, threshold: float, span: _Span, comp: np.ndarray):
        """The pair of largest bi-excess whose row is off the span, when many
        coalitions at both ends of the excesses are tied to each other.

        Call two coalitions linked when their rows differ by a vector of the
        span (a relation of equivalence: the pair's bi-excess is then fixed).
        With ``S*`` of largest and ``R*`` of smallest excess, the best pair
        of unlinked coalitions is ``(S*, R)`` with ``R`` the smallest not
        linked to ``S*``, or ``(S, R*)`` with ``S`` the largest not linked to
        ``R*``: if the best pair ``(S, R)`` has ``R`` unlinked to ``S*``,
        ``(S*, R)`` is as good; otherwise ``R`` is linked to ``S*``, so ``S``
        is not, and ``(S, R*)`` is as good unless ``R*`` is linked to ``S``,
        in which case ``(S*, R*)`` is unlinked and best of all. Each is found
        by walking the excesses in order, a block at a time.
        """
        order = np.argsort(-e, kind="stable")
        s_top, r_bot = int(order[0]), int(order[-1])

        def first_unlinked(fixed: int, walk: np.ndarray, fixed_first: bool) -> int | None:
            step = 4096
            for a in range(0, walk.size, step):
                block = walk[a:a + step]
                same = np.full(block.size, fixed, dtype=np.int64)
                rows = _rows(same, block, self.n) if fixed_first else _rows(block, same, self.n)
                off = ~span.contains(rows, comp)
                if off.any():
                    return int(block[int(np.argmax(off))])
            return None

        found = set()
        r = first_unlinked(s_top, order[::-1], True)
        if r is not None and e[s_top] - e[r] > threshold:
            found.add((s_top, r))
        s = first_unlinked(r_bot, order, False)
        if s is not None and e[s] - e[r_bot] > threshold:
            found.add((s, r_bot))
        pairs = sorted(found, key=lambda p: -(e[p[0]] - e[p[1]]))
        return (np.array([p[0] for p in pairs], dtype=np.int64),
                np.array([p[1] for p in pairs], dtype=np.int64))


def pair_center(v: np.ndarray, n: int, *, table: Table | None = None) -> LexResult:
    """The lexicographic minimum of the bi-excesses ``e(S) - e(R)`` over the
    efficient splits of the game ``v`` (its modiclus), in raw units."""
    t = table if table is not None and table.v is v else Table(v, n)
    full = t.full
    if n == 1:
        return LexResult(np.array([float(v[full])]), np.zeros(0), 0, 0, 0, "one player: x = v(N)")
    if t.scale == 0:
        return LexResult(t.b.copy(), np.zeros(1), 0, 0, 0,
                         "additive game: every excess is 0 at the standalone worths")
    unit = t.unit()
    u = (np.asarray(v, dtype=np.float64) - _additive_table(t.b)) / unit
    u[0] = 0.0
    uN = float(u[full])
    tol = t.tol / unit
    batch = max(2 * n, 32)
    scan = _Scan(u, n, batch)
    span = _Span(n)
    span.extend(np.ones((1, n)), np.array([uN]))
    c = np.zeros(n + 1)
    c[n] = 1.0
    lp = _lp.GrowingLP(c, np.full(n + 1, -np.inf), np.full(n + 1, np.inf), dantzig=True)
    lp.add_rows(np.concatenate([np.ones(n), [0.0]])[None, :], uN, uN)
    first = lp.n_rows
    rows = np.zeros((0, n))
    rhs_w = np.zeros(0)
    live = np.zeros(0, dtype=bool)
    done = np.zeros(0, dtype=bool)

    def add(s, r):
        nonlocal rows, rhs_w, live, done
        new = _rows(s, r, n)
        b = u[s] - u[r]
        lp.add_rows(np.hstack([new, np.ones((s.size, 1))]), b, np.inf)
        rows = np.vstack([rows, new])
        rhs_w = np.concatenate([rhs_w, b])
        live = np.concatenate([live, np.ones(s.size, dtype=bool)])
        done = np.concatenate([done, np.zeros(s.size, dtype=bool)])

    # each share against its own standalone worth (both ways) bounds the
    # first LP; the rest are the largest bi-excesses at the equal split
    single = 1 << np.arange(n, dtype=np.int64)
    zero = np.zeros(n, dtype=np.int64)
    add(np.concatenate([single, zero, full ^ single, zero]),
        np.concatenate([zero, single, zero, full ^ single]))
    comp = span.complement()
    add(*scan(np.full(n, uN / n), -np.inf, span, comp, SEED_PER_PLAYER * n))
    levels: list[float] = []
    n_lps = n_passes = 0
    x_u = np.full(n, uN / n)
    while span.rank < n:
        what = f"stage {len(levels) + 1} of the modiclus"
        if not live.any():
            s, r = scan(x_u, -np.inf, span, comp)
            if s.size == 0:
                raise SolverError("modiclus: no pair of coalitions is left to settle the split")
            add(s, r)
        while True:
            res = lp.solve(what)
            n_lps += 1
            x_u = res.x[:n]
            eps = float(res.x[n])
            n_passes += 1
            s, r = scan(x_u, eps + tol, span, comp)
            if s.size == 0:
                break
            add(s, r)
        levels.append(eps)
        settled = positive_duals(res.row_dual[first:], live, f"stage {len(levels)} of the modiclus", "pairs")
        rhs = rhs_w[settled] - eps
        taken = span.extend(rows[settled], rhs)
        held = settled[taken]
        if held.size == 0:
            raise SolverError(
                f"stage {len(levels)} of the modiclus: the pairs settled did not fix a new direction; "
                "the LP solutions are not consistent"
            )
        if span.rank == n:
            break
        comp = retire(lp, first, n, settled, held, rhs[taken], live, done, rows, span)
    lp.release()
    x_sol = settled_solution(span, x_u, "pairs")
    return LexResult(
        t.to_raw(x_sol), np.array(levels) * unit, n_lps, n_passes, int(live.size),
        f"{len(levels)} stages, {n_lps} LPs over {live.size} pairs",
    )
