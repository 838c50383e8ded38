"""Stakes that are stable in every scenario: the robust core and its least core."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._config import get_max_table_bytes
from ..errors import GameTooLargeError, InvalidGameError, InvalidParameterError
from ..game import Game, ScenarioGame
from ..game._checks import _check_table_size
from ..game._masks import _additive_table
from ..results.scenarios import RobustCore
from ..stability._engine import seed_masks
from ..stability._lp import GrowingLP
from ..values import shapley

__all__ = ["robust_core"]

#: Most players: the LP checks every coalition of every scenario.
MAX_N = 20
# Rows added per scenario and round of constraint generation.
_ROWS_PER_ROUND = 32


class _Rows:
    """The coalition rows ``sign * G_k * x(S) + eps >= sign * v_k(S)`` of every scenario."""

    def __init__(self, tables: np.ndarray, sign: float) -> None:
        self.v = tables
        self.k, size = tables.shape
        self.n = size.bit_length() - 1
        self.sign = sign
        self.grand = tables[:, -1]
        self.full = size - 1

    def matrix(self, scen: np.ndarray, masks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        bits = ((masks[:, None] >> np.arange(self.n)) & 1).astype(np.float64)
        a = np.zeros((masks.size, 2 * self.n + 1))
        a[:, :self.n] = self.sign * self.grand[scen][:, None] * bits
        a[:, self.n] = 1.0
        return a, self.sign * self.v[scen, masks]

    def excess(self, x: np.ndarray) -> np.ndarray:
        """``(k, 2**n)`` excess of every proper coalition in every scenario
        (-inf for the empty and grand coalitions, which are no rows of the LP)."""
        xs = _additive_table(x)
        e = self.sign * (self.v - self.grand[:, None] * xs[None, :])
        e[:, 0] = -np.inf
        e[:, self.full] = -np.inf
        return e


def _check(game: Any, n_scenarios: Any, seed: Any, tol: Any, max_blocking: Any) -> list[Game]:
    if not isinstance(game, ScenarioGame):
        raise InvalidParameterError(f"`game` must be a coalition.ScenarioGame, got {type(game).__name__}")
    if isinstance(tol, bool) or not isinstance(tol, (int, float)) or not (0 <= tol < 1e-2):
        raise InvalidParameterError(f"`tol` must be a small non-negative number, got {tol!r}")
    if isinstance(max_blocking, bool) or not isinstance(max_blocking, (int, np.integer)) or max_blocking < 0:
        raise InvalidParameterError(f"`max_blocking` must be a non-negative integer, got {max_blocking!r}")
    if game.n > MAX_N:
        raise InvalidParameterError(
            f"`game` has {game.n} players; the robust core checks every coalition of every scenario, up to "
            f"{MAX_N} players"
        )
    _check_table_size(game.n, copies=2)
    if game.listed:
        if n_scenarios is not None:
            raise InvalidParameterError("`n_scenarios` is for a random model; listed scenarios are used as they are")
        games = list(game.scenarios)
    else:
        if n_scenarios is None:
            raise InvalidParameterError("`n_scenarios` is needed to draw from a random model")
        games = game.sample(n_scenarios, seed)
    return games


def robust_core(game: ScenarioGame, *, n_scenarios: int | None = None, seed: Any = None,
                tol: float = 1e-9, max_blocking: int = 5) -> RobustCore:
    r"""The stakes that are in the core of every scenario, or, when there are
    none, the stakes whose worst gain from walking away over all scenarios
    is least (the robust least core).

    Each scenario has its own worth of the grand coalition, so a split of a
    fixed amount cannot be efficient in all of them. The partners agree
    instead on **stakes**: fractions :math:`x_i` of the realised total,
    :math:`\sum_i x_i = 1`, partner :math:`i` receiving :math:`x_i v_k(N)` in
    scenario :math:`k`, as in the allocations of Suijs et al. (1999) that
    pay each partner a fraction of the random total. The stakes are
    *robustly stable* when no coalition gains by leaving in any scenario:

    .. math:: x(S)\, v_k(N) \ge v_k(S) \quad \text{for every } S \text{ and } k

    (for a cost game, :math:`x(S)\, c_k(N) \le c_k(S)`). When
    :math:`v(N)` is the same in every scenario, these are the splits in the
    core of every scenario's game: the intersection of the cores studied as
    the robust core of dynamic coalitional games (Bauso and Timmer 2009;
    Nedić and Bauso 2013). The
    LP minimises the worst excess
    :math:`\varepsilon = \max_{k, S} v_k(S) - x(S) v_k(N)` over the proper
    coalitions, by constraint generation over the
    :math:`K (2^n - 2)` rows; the robust core is non-empty exactly when the
    least :math:`\varepsilon` is at most 0 (up to `tol`).

    **The point returned.** Among the stakes that reach the least worst
    excess (the robust least core, which lies inside the robust core when
    that is non-empty), the one nearest, in the sum of absolute differences,
    to the Shapley value of the mean game taken as stakes
    (:math:`\phi_i(\bar v) / \bar v(N)`): the most stable stakes, and among
    them those closest to the expected marginal contributions. That second
    LP may have ties; the solver's basic solution is returned.

    Parameters
    ----------
    game : ScenarioGame
        Listed scenarios, or a random model drawn `n_scenarios` times.
    n_scenarios : int, optional
        Draws of a random model (required for one, not allowed for a list).
    seed : int or numpy.random.Generator, optional
        Seeds the draws.
    tol : float, default 1e-9
        Relative tolerance (times the largest absolute worth) on an excess.
    max_blocking : int, default 5
        How many (scenario, coalition) pairs to report when blocked.

    Returns
    -------
    RobustCore
        The stakes, whether they hold in every scenario, the worst excess,
        and, when blocked, the scenarios and coalitions that block at the
        least worst excess.

    Raises
    ------
    InvalidParameterError
        If `game` is not a ScenarioGame, has more than 20 players, or an
        argument is not valid.
    GameTooLargeError
        If the scenarios' tables and excesses (three arrays of
        ``n_scenarios * 2**n`` floats) exceed the memory cap.
    InvalidGameError
        If a scenario's grand coalition is worth (or costs) zero or less:
        stakes of it mean nothing.
    SolverError
        If the LP solver fails.

    References
    ----------
    Suijs, J., Borm, P., De Waegenaere, A. and Tijs, S. (1999). Cooperative
    games with stochastic payoffs. European Journal of Operational Research
    113(1), 193-205.

    Bauso, D. and Timmer, J. (2009). Robust dynamic cooperative games.
    International Journal of Game Theory 38(1), 23-36.

    Nedić, A. and Bauso, D. (2013). Dynamic coalitional TU games: distributed
    bargaining among players' neighbors. IEEE Transactions on Automatic
    Control 58(6), 1363-1376.

    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties
    of the kernel, nucleolus and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338 (the least core).

    Examples
    --------
    Two scenarios of a three-partner venture: stakes that hold in both.

    >>> import coalition as co
    >>> base = {"A": 0, "B": 0, "C": 0, "A+B": 40, "A+C": 40, "B+C": 20, "A+B+C": 100}
    >>> boom = dict(base, **{"B+C": 50, "A+B+C": 120})
    >>> sg = co.ScenarioGame([co.Game.from_dict(base), co.Game.from_dict(boom)], weights=[0.6, 0.4])
    >>> r = co.robust_core(sg)
    >>> r.nonempty, [round(float(s), 3) for s in r.x]
    (True, [0.353, 0.324, 0.324])
    >>> all(co.in_core(g, r.x * g.grand_value) for g in sg.scenarios)
    True
    """
    games = _check(game, n_scenarios, seed, tol, max_blocking)
    n, k = game.n, len(games)
    needed, cap = 3 * 8 * k * (1 << n), get_max_table_bytes()
    if needed > cap:
        raise GameTooLargeError(
            f"the robust core of {k:,} scenarios of {n} players keeps every worth and excess: {needed:,} bytes, "
            f"more than the cap of {cap:,} bytes; use fewer scenarios or raise the cap with "
            "coalition.set_max_table_bytes"
        )
    tables = np.stack([np.asarray(g.values, dtype=np.float64) for g in games])
    grand = tables[:, -1]
    bad = np.flatnonzero(grand <= 0)
    if bad.size:
        what = "costs" if game.kind == "cost" else "is worth"
        raise InvalidGameError(
            f"scenario {int(bad[0])}'s grand coalition {what} {grand[bad[0]]!r}; stakes are fractions of a "
            "positive total, so every scenario's v(N) must be above 0"
        )
    sign = 1.0 if game.kind == "profit" else -1.0
    rows = _Rows(tables, sign)
    scale = max(float(np.max(np.abs(tables))), 1.0)
    atol = tol * scale  # the verdict's tolerance
    gen_tol = 1e-11 * scale  # rows violated by more than this are added: above the LP's rounding
    # The reference stakes: the Shapley value of the mean game, as fractions.
    mean = Game(tables.mean(axis=0) if not game.listed else np.asarray(game.weights) @ tables,
                players=game.players, kind=game.kind)
    ref = np.asarray(shapley(mean).x) / mean.grand_value

    # columns: x (n), eps, t (n) with t_i >= |x_i - ref_i|
    inf = np.inf
    lp = GrowingLP(np.r_[np.zeros(n), 1.0, np.zeros(n)],
                   np.r_[np.full(n + 1, -inf), np.zeros(n)], np.full(2 * n + 1, inf))
    lp.add_rows(np.r_[np.ones(n), 0.0, np.zeros(n)][None, :], 1.0, 1.0)
    eye = np.eye(n)
    lp.add_rows(np.hstack([-eye, np.zeros((n, 1)), eye]), -ref, inf)
    lp.add_rows(np.hstack([eye, np.zeros((n, 1)), eye]), ref, inf)
    start = seed_masks(n) if n > 1 else np.zeros(0, dtype=np.int64)
    scen = np.repeat(np.arange(k), start.size)
    a, lo = rows.matrix(scen, np.tile(start, k))
    lp.add_rows(a, lo, inf)
    n_rows = a.shape[0]

    def generate(what: str, bound: float | None) -> tuple[np.ndarray, float]:
        nonlocal n_rows
        while True:
            sol = lp.solve(what)
            x, eps = sol.x[:n], float(sol.x[n])
            limit = (eps if bound is None else bound) + gen_tol
            e = rows.excess(x)
            add_s, add_m = [], []
            for s in range(k):
                viol = np.flatnonzero(e[s] > limit)
                if viol.size:
                    top = viol[np.argsort(-e[s, viol], kind="stable")[:_ROWS_PER_ROUND]]
                    add_s.append(np.full(top.size, s))
                    add_m.append(top)
            if not add_s:
                return x, eps
            a, lo = rows.matrix(np.concatenate(add_s), np.concatenate(add_m).astype(np.int64))
            lp.add_rows(a, lo, inf)
            n_rows += a.shape[0]

    if n == 1:
        x, eps = np.ones(1), 0.0
        message = "one partner: the whole stake"
    else:
        _, eps = generate("robust least core", None)
        bound = eps + gen_tol
        lp.set_bounds(n, -inf, bound)
        lp.set_cost(np.r_[np.zeros(n + 1), np.ones(n)])
        x, _ = generate("robust least core, nearest stakes", bound)
        message = "optimal (HiGHS): least worst excess, then nearest stakes to the mean game's Shapley value"
    e = rows.excess(x)
    worst = float(e.max()) if n > 1 else 0.0
    nonempty = eps <= atol
    blocking: list[tuple[int, str, float]] = []
    if not nonempty and max_blocking:
        flat = np.argsort(-e, axis=None, kind="stable")[:max_blocking]
        for idx in flat:
            s, m = divmod(int(idx), e.shape[1])
            if e[s, m] > atol:
                blocking.append((s, "+".join(games[s].members(m)), float(e[s, m])))
    return RobustCore(
        players=game.players, x=x, rule="robust least core", kind=game.kind, nonempty=bool(nonempty),
        max_excess=worst, status="in every core" if nonempty else "blocked", blocking=tuple(blocking),
        scenario_shares=grand[:, None] * x[None, :], n_scenarios=k, n_rows=int(n_rows), message=message,
    )
