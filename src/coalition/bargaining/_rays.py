"""Ideal points and rays from the disagreement point, shared by Kalai-Smorodinsky and egalitarian (private).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidParameterError, SolverError
from ._convert import _fmt_vec
from ._geometry import _ray_points
from ._hull import chain_halfplanes, pareto_chain_2d
from ._logprog import lp
from ._problem import _Frontier, _Polyhedral


# Kalai-Smorodinsky and egalitarian: rays from the disagreement point
def _block_ideal_lp(blocks_needed, n_var, build):
    """Solve the ideal-point LPs of several partners as one block-diagonal LP
    (one solver call instead of one per partner)."""
    from scipy import sparse

    k = len(blocks_needed)
    A_ub, b_ub, A_eq, b_eq, cost, bounds = build
    big_ub = sparse.block_diag([A_ub] * k, format="csr")
    big_eq = None if A_eq is None else sparse.block_diag([A_eq] * k, format="csr")
    c = np.concatenate([cost(i) for i in blocks_needed])
    res = lp(
        c,
        big_ub,
        np.tile(b_ub, k),
        big_eq,
        None if b_eq is None else np.tile(b_eq, k),
        bounds=bounds * k,
    )
    if res.status == 3:
        raise InvalidParameterError("the feasible set is unbounded: a partner's ideal utility is infinite")
    if res.status != 0 or res.x is None:
        raise SolverError(f"the ideal-point LP failed (HiGHS status {res.status}: {res.message})")
    return res.x.reshape(k, n_var)


def _halfplanes_2d(pr: _Polyhedral) -> tuple[np.ndarray, np.ndarray]:
    """Two partners: the free-disposal hull of the outcomes as ``Q y <= beta``
    (its Pareto edges and two caps), computed once per problem."""
    if getattr(pr, "_halfplanes", None) is None:
        pr._halfplanes = chain_halfplanes(pareto_chain_2d(pr.V))
    return pr._halfplanes


def _ideal_points(pr: _Polyhedral) -> np.ndarray:
    """Each partner's best gain in the free-disposal hull of the normalised
    outcomes, everyone else keeping at least its disagreement utility."""
    V, d = pr.V, pr.d
    m, n = V.shape
    if n == 2:
        # with the other partner at 0 each facet y_i <= beta / q_i binds
        Q, beta = _halfplanes_2d(pr)
        out = np.empty(2)
        for i in range(2):
            pos = Q[:, i] > 0
            out[i] = float(np.min(beta[pos] / Q[pos, i]))
        return out
    out = np.empty(n)
    dominating = np.all(V >= d, axis=1)
    need = []
    for i in range(n):
        k = int(np.argmax(V[:, i]))
        if dominating[k]:
            out[i] = V[k, i]  # the best outcome for i already suits everyone
        else:
            need.append(i)
    if need:
        # max (V^T lam)_i subject to V^T lam >= d, sum lam = 1, lam >= 0
        lam = _block_ideal_lp(
            need,
            m,
            (-V.T, -d, np.ones((1, m)), np.ones(1), lambda i: -V[:, i], [(0, None)] * m),
        )
        for row, i in enumerate(need):
            out[i] = float(V[:, i] @ lam[row])
    return out


def _ideal_constraints(A: np.ndarray, b: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Each partner's best utility with A u <= b and u >= d."""
    n = A.shape[1]

    def cost(i):
        c = np.zeros(n)
        c[i] = -1.0
        return c

    u = _block_ideal_lp(list(range(n)), n, (A, b, None, None, cost, [(float(di), None) for di in d]))
    return u.diagonal().copy()


def _ray_solution(pr: _Polyhedral | _Frontier, r: np.ndarray) -> tuple[np.ndarray, str]:
    """``t* r`` with ``t*`` the largest feasible step (normalised units)."""
    if isinstance(pr, _Frontier):
        return pr.ray(r) * r, "bisection along the ray to the frontier"
    if pr.fs.form == "constraints":
        A, c = pr.A, pr.c
        ar = A @ r
        pos = ar > 1e-15 * (np.abs(A) @ np.abs(r))
        if not np.any(pos):
            raise InvalidParameterError(
                f"the feasible set is unbounded in the direction {_fmt_vec(r)} from the disagreement point"
            )
        return float(np.min(c[pos] / ar[pos])) * r, "exact ray intersection with the constraints"
    if pr.n == 2:
        Q, beta = _halfplanes_2d(pr)
        qr = Q @ r
        pos = qr > 0
        t = float(np.min(beta[pos] / qr[pos]))
        return t * r, f"exact ray intersection with the {Q.shape[0] - 2} Pareto edges of the outcomes' convex hull"
    t, _ = _ray_points(pr.V, pr.d, r)
    return t * r, "linear program (HiGHS dual simplex) along the ray"
