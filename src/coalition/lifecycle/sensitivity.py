"""How each partner's share moves with each coalition's worth."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._rules import RULES, rule_label
from ..errors import (
    CoalitionError,
    GameTooLargeError,
    InvalidParameterError,
    SolverError,
)
from ..game import Game
from ..game._masks import _popcounts
from ..game.game import _check_game
from ..results.lifecycle import Sensitivity
from ..values._semivalues import _size_coefficients
from . import _active as _act

__all__ = ["sensitivity"]

#: Up to this many partners the whole ``n x (2**n - 1)`` matrix is kept.
MATRIX_MAX_N = 12
#: Finite differences solve the rule twice per coalition: up to this many partners.
DIFFERENCES_MAX_N = 10
#: Beyond DIFFERENCES_MAX_N partners, at most this many degenerate coalitions
#: of the active set get finite differences.
DEGENERATE_MAX = 100
_EXACT = ("Shapley", "Banzhaf")
#: Rules differentiated through their active set: label -> prenucleolus?
_ACTIVE = {"nucleolus": False, "prenucleolus": True, "least core": True}


def sensitivity(game: Game, rule: Any = "Shapley", *, top: int = 10) -> Sensitivity:
    r"""How each partner's share moves when one coalition's worth changes:
    the matrix of ``d share_i / d v(S)``.

    For the Shapley and (raw) Banzhaf values the coefficients are exact and
    hold for any change, since both rules are linear in the worths: a
    partner's Shapley share moves by ``(s-1)!(n-s)!/n!`` per unit of
    ``v(S)`` for a coalition ``S`` of size ``s`` that holds it and by
    ``-s!(n-s-1)!/n!`` for one that does not; its Banzhaf share by
    ``1/2**(n-1)`` and ``-1/2**(n-1)``.

    For the nucleolus, the prenucleolus and the least core they are exact
    but local (method ``"active set"``). At the (pre)nucleolus ``x`` the
    stages of Kohlberg's criterion give families ``B_1, B_2, ...`` of
    coalitions with equal excess ``e_1 > e_2 > ...``; near the game, while
    the same families settle it, ``x`` and the levels solve the linear
    system ``x(S) + e_k = v(S)`` for ``S`` in ``B_k``, ``x(N) = v(N)`` (and
    ``x_i = v({i})`` for the partners held at their standalone worth, for
    the nucleolus). A basis of these equalities is kept, highest stage
    first, and differentiated: the worths of every other coalition have
    coefficient 0. Where the equalities are degenerate (more of them than
    unknowns: ties, e.g. between coalitions of equal worth) a coefficient
    may hold on one side only: those columns are flagged in `kinks` and hold
    central finite differences of the rule instead. For the least core the
    shares are those of its centre, the prenucleolus, and
    ``level_matrix[0]`` is how its epsilon moves.

    For every other rule the coefficients are central finite differences,
    valid near the game as it is: rules such as the tau-value are piecewise
    in the worths, and where a worth sits on a kink the one-sided
    differences disagree (flagged in `kinks`).

    Parameters
    ----------
    game : Game
    rule : str or callable, default "Shapley"
        A rule name (as in :func:`coalition.compare`; ``"Banzhaf"`` is the raw
        Banzhaf value, ``"least core"`` the least core) or a function of a
        game (always finite differences).
    top : int, default 10
        How many coalitions to list per partner in `top`, ranked by
        ``|coefficient * worth|``: the change of the share if that worth
        doubled or vanished.

    Returns
    -------
    Sensitivity
        `matrix` (up to 12 partners), `kinks`, `top` for every partner and,
        for the active set, the excess `levels`, their `level_matrix` and
        `notes` on what the coefficients rest on.

    Raises
    ------
    InvalidParameterError
        On an unknown rule or a `top` that is not a positive integer.
    GameTooLargeError
        Finite differences beyond 10 partners (they solve the rule twice per
        coalition); the table of a game too large for memory.
    InfeasibleError
        For the nucleolus of a game without imputations.
    SolverError
        If the coalitions that settle the (pre)nucleolus found do not fix it.

    References
    ----------
    Kohlberg, E. (1971). On the nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 20(1), 62-66.
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties
    of the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338 (the sequential LPs and their levels).

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    >>> s = co.sensitivity(g)
    >>> s["Hub"]  # one more unit of v(Hub) gives the Hub half of it
    {'Hub': 0.5, 'Battery': -0.5, 'Hub+Battery': 0.5}
    >>> s.top["Hub"][0]  # (coalition, coefficient, worth, effect)
    ('Hub+Battery', 0.5, 40.0, 20.0)

    The nucleolus splits the surplus of three pairs of equal standing; the
    coefficients hold while the three pairs settle it:

    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 40, "A+C": 50, "B+C": 60, "A+B+C": 100})
    >>> s = co.sensitivity(g, "nucleolus")
    >>> s.method, round(s["A"]["B+C"], 4), round(s["A"]["A+B"], 4), s["A"]["A"]
    ('active set', -0.6667, 0.3333, 0.0)
    """
    game = _check_game(game)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise InvalidParameterError(f"`top` must be a positive integer, got {top!r}")
    label, func = _rule(rule)
    n = game.n
    v = game.values
    if label in _EXACT:
        return _exact(game, label, v, int(top))
    if label in _ACTIVE:
        return _active_result(game, label, v, int(top))
    if n > DIFFERENCES_MAX_N:
        raise GameTooLargeError(
            f"`rule` {label} has no closed-form coefficients; finite differences solve it twice for each of "
            f"the {(1 << n) - 1:,} coalitions, allowed up to {DIFFERENCES_MAX_N} partners (the game has {n})"
        )
    matrix, kinks = _differences(game, func)
    return _result(game, label, "finite differences", v, matrix, kinks, int(top))


def _rule(rule: Any):
    if callable(rule):
        return getattr(rule, "__name__", "rule"), rule
    if isinstance(rule, str) and rule.strip().lower() == "banzhaf":
        return "Banzhaf", None
    if isinstance(rule, str) and rule.strip().lower().replace("_", " ").replace("-", " ") == "least core":
        return "least core", RULES["prenucleolus"][0]
    label = rule_label(rule, "rule")
    return label, RULES[label][0]


def _exact(game: Game, label: str, v: np.ndarray, top: int) -> Sensitivity:
    n = game.n
    sizes = _popcounts(n)
    inside, outside = _size_coefficients(n, banzhaf=label == "Banzhaf")
    masks = np.arange(1 << n, dtype=np.int64)
    if n <= MATRIX_MAX_N:
        member = (masks[None, 1:] >> np.arange(n)[:, None]) & 1
        matrix = np.where(member == 1, inside[sizes[1:]], outside[sizes[1:]])
        return _result(game, label, "exact", v, matrix, None, top)
    best = {}
    for i, p in enumerate(game.players):
        coef = np.where((masks >> i) & 1, inside[sizes], outside[sizes])
        coef[0] = 0.0
        best[p] = _ranked(game, coef, v, top)
    return Sensitivity(game.players, game.kind, label, "exact", (), None, None, best)


def _differences(game: Game, func) -> tuple[np.ndarray, np.ndarray]:
    n = game.n
    matrix = np.zeros((n, (1 << n) - 1))
    kinks = np.zeros((n, (1 << n) - 1), dtype=bool)
    for m, col, kink in _difference_columns(game, func, range(1, 1 << n)):
        matrix[:, m - 1] = col
        kinks[:, m - 1] = kink
    return matrix, kinks


def _difference_columns(game: Game, func, columns):
    """Yield ``(mask, central difference, kink)`` for each coalition of `columns`."""
    v = np.array(game.values, dtype=float)
    scale = max(float(np.max(np.abs(v))), 1e-300)
    h = 1e-6 * scale
    base = _shares(game, func, v)
    for m in columns:
        m = int(m)
        sides = []
        for step in (h, -h):
            w = v.copy()
            w[m] += step
            try:
                sides.append((_shares(game, func, w) - base) / step)
            except CoalitionError:  # the rule is not defined on this side: the edge of its domain
                sides.append(None)
        right, left = sides
        if right is None and left is None:
            raise SolverError(f"`rule` is not defined on either side of the worth of {Game._name(m, game.players)}")
        if right is None or left is None:
            yield m, (right if left is None else left), np.ones(game.n, dtype=bool)
            continue
        yield m, (right + left) / 2, np.abs(right - left) > 1e-4 * (1.0 + np.abs(right) + np.abs(left))


def _active_result(game: Game, label: str, v: np.ndarray, top: int) -> Sensitivity:
    """The (pre)nucleolus differentiated through the coalitions that settle it."""
    n = game.n
    active = _act.active_set(game, pre=_ACTIVE[label])
    coef = _act.coefficients(active, n)
    k = active.levels.size
    cols = _raw_columns(game, coef, n + k)  # mask -> d (share, e) / d values[mask]
    notes = [(f"exact derivatives of the {'prenucleolus' if _ACTIVE[label] else 'nucleolus'} from the "
              f"{len(active.basis)} equalities that settle it ({k} excess level(s)); valid locally, while the "
              "same coalitions settle it")]
    if label == "least core":
        notes.append("the least core is a set: the shares are its centre, the prenucleolus; `level_matrix[0]` "
                     "is how its epsilon moves")
    flagged = np.zeros(0, dtype=np.int64)
    if active.degenerate:
        flagged = np.union1d(active.tight, [(1 << n) - 1])  # v(N)'s row is one of the equalities too
        if game.kind == "cost":  # a standalone cost moves the savings of every coalition that holds it
            flagged = np.union1d(flagged, 1 << np.arange(n))
        if n <= DIFFERENCES_MAX_N or flagged.size <= DEGENERATE_MAX:
            func = RULES["prenucleolus" if _ACTIVE[label] else "nucleolus"][0]
            fd = {m: (col, kink) for m, col, kink in _difference_columns(game, func, flagged)}
            for m, (col, _) in fd.items():
                old = cols.get(m)
                cols[m] = np.concatenate([col, old[n:] if old is not None else np.zeros(k)])
            notes.append(f"degenerate: more tight equalities than unknowns; the {flagged.size} coalitions "
                         "they involve may move the shares on one side only and hold central finite "
                         "differences of the rule (flagged in `kinks`; their `level_matrix` entries are "
                         "those of one choice of equalities)")
        else:
            notes.append(f"degenerate: more tight equalities than unknowns; the coefficients of the "
                         f"{flagged.size} coalitions they involve are those of one choice of equalities "
                         "and may hold on one side only")
    if n > MATRIX_MAX_N:
        best = {}
        for i, p in enumerate(game.players):
            row = np.zeros(1 << n)
            for m, col in cols.items():
                row[m] = col[i]
            best[p] = _ranked(game, row, v, top)
        return Sensitivity(game.players, game.kind, label, "active set", (), None, None, best,
                           levels=active.levels.copy(), notes=tuple(notes))
    matrix = np.zeros((n, (1 << n) - 1))
    levels = np.zeros((k, (1 << n) - 1))
    for m, col in cols.items():
        matrix[:, m - 1] = col[:n]
        levels[:, m - 1] = col[n:]
    kinks = np.zeros_like(matrix, dtype=bool)
    if flagged.size:
        kinks[:, flagged - 1] = True
    names = tuple(Game._name(m, game.players) for m in range(1, 1 << n))
    best = {p: _ranked(game, np.concatenate([[0.0], matrix[i]]), v, top) for i, p in enumerate(game.players)}
    return Sensitivity(game.players, game.kind, label, "active set", names, matrix, kinks, best,
                       levels=active.levels.copy(), level_matrix=levels, notes=tuple(notes))


def _raw_columns(game: Game, coef: dict[int, np.ndarray], size: int) -> dict[int, np.ndarray]:
    """From ``d (x, e) / d v`` in worth units to ``d (share, e) / d values``:
    the identity for a profit game; for a cost game ``v(T) = sum of c({i})
    over T - c(T)`` and a cost share is ``c({i}) - x_i``."""
    n = game.n
    if game.kind != "cost":
        return dict(coef)
    out: dict[int, np.ndarray] = {}
    sign = np.concatenate([-np.ones(n), np.ones(size - n)])  # x -> cost share flips; levels keep their sign
    for m, col in coef.items():
        if m & (m - 1):  # |T| >= 2: d v(T) / d c(T) = -1
            out[m] = -col * sign
    for j in range(n):  # d v(T) / d c({j}) = 1 for every T >= 2 holding j; v({j}) = 0 always
        d = np.zeros(size)
        for m, col in coef.items():
            if m >> j & 1 and m & (m - 1):
                d += col
        d = d * sign
        d[j] += 1.0  # the standalone cost itself in c({j}) - x_j
        out[1 << j] = d
    return out


def _shares(game: Game, func, v: np.ndarray) -> np.ndarray:
    out = func(Game(v, game.players, kind=game.kind))
    return np.asarray(getattr(out, "x", out), dtype=float)


def _ranked(game: Game, coef: np.ndarray, v: np.ndarray, top: int) -> tuple:
    effect = np.abs(coef * v)
    k = min(top, effect.size - 1)
    idx = np.argpartition(-effect[1:], k - 1)[:k] + 1
    idx = idx[np.lexsort((idx, -effect[idx]))]
    return tuple((Game._name(int(m), game.players), float(coef[m]), float(v[m]), float(effect[m])) for m in idx)


def _result(game: Game, label: str, method: str, v: np.ndarray, matrix: np.ndarray,
            kinks: np.ndarray | None, top: int) -> Sensitivity:
    names = tuple(Game._name(m, game.players) for m in range(1, 1 << game.n))
    best = {p: _ranked(game, np.concatenate([[0.0], matrix[i]]), v, top) for i, p in enumerate(game.players)}
    return Sensitivity(game.players, game.kind, label, method, names, matrix, kinks, best)
