"""The nucleolus (Schmeidler 1969) and prenucleolus, and Kohlberg's (1971) criterion.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import (
    InfeasibleError,
    SolverError,
    InvalidAllocationError,
    InvalidParameterError,
)
from ..game import Game
from ..game._partition import partition_masks
from ..results import (
    KohlbergCheck,
    NucleolusResult,
)
from . import _engine as _nu
from . import _kohlberg, _kohlberg_weighted
from . import _voting_nucleolus as _vn
from ._common import (
    _abs_tol,
    _check_game,
    _check_tol,
    _checked_shares,
    _names,
    _table,
    _to_game,
)

__all__ = ['nucleolus', 'prenucleolus', 'verify_nucleolus']


# the nucleolus
def _bloc_masks(game: Game, structure: Any) -> np.ndarray | None:
    """The bitmasks of the blocs of a coalition structure (None for none)."""
    if structure is None:
        return None
    _, masks = partition_masks(structure, game.players, "structure")
    return np.array(masks, dtype=np.int64)


def _check_imputations(game: Game, table: _nu.Table, fixed: np.ndarray | None, rule: str) -> None:
    """InfeasibleError when a coalition held at its worth (the grand
    coalition, or each bloc) is worth less than its members on their own."""
    n = game.n
    worths = game.worths
    for mask in ((table.full,) if fixed is None else fixed):
        mask = int(mask)
        if mask == table.full:  # every player (the same sum as b[members])
            if n < 2:
                continue
            shortfall = float(table.b.sum() - worths[mask])
        else:
            members = [i for i in range(n) if mask >> i & 1]
            if len(members) < 2:
                continue
            shortfall = float(table.b[members].sum() - worths[mask])
        if shortfall <= table.tol:
            continue
        if fixed is None:
            what = ("the standalone costs add up to less than the grand coalition's cost"
                    if game.kind == "cost" else
                    "the standalone worths add up to more than the grand coalition's worth")
            raise InfeasibleError(
                f"`game` has no imputation ({what}, by {shortfall:.6g}), so the {rule} is not "
                "defined; the prenucleolus is (coalition.prenucleolus)"
            )
        less = "costs more than" if game.kind == "cost" else "is worth less than"
        raise InfeasibleError(
            f"`structure`: the bloc {'+'.join(_names(game, mask))} {less} its members on their own "
            f"(by {shortfall:.6g}), so no split gives each bloc its worth and each partner its standalone "
            f"worth; the {rule} is not defined (the prenucleolus under this structure is)"
        )


def _lex(game: Game, *, imputation: bool, structure: Any = None, weights: np.ndarray | None = None,
         rule: str | None = None, note: str = "") -> NucleolusResult:
    game = _check_game(game)
    if structure is None and weights is None and rule is None:
        fast = _voting(game, pre=not imputation)
        if fast is not None:
            return fast
    n = game.n
    worths = game.worths
    rule = rule or ("nucleolus" if imputation else "prenucleolus")
    table = _table(game)
    fixed = _bloc_masks(game, structure)
    if imputation and n > 1:
        _check_imputations(game, table, fixed, rule)
    out = _nu.lexicographic_center(worths, n, imputation=imputation, weights=weights, fixed=fixed, table=table)
    if fixed is None:
        x = _checked_shares(game, table, _to_game(game, out.x), rule)
    else:
        x = _checked_blocs(game, table, out.x, fixed, rule)
        blocs = ", ".join("+".join(_names(game, int(m))) for m in fixed)
        note = f"{note}; each bloc of the structure {{{blocs}}} gets its worth"
    return NucleolusResult(
        game.players, x, rule, game.kind,
        levels=out.levels, n_lps=out.n_lps, n_passes=out.n_passes, n_coalitions=out.n_working,
        status="optimal", message=out.message + note,
    )


def _voting(game: Game, pre: bool) -> NucleolusResult | None:
    """The (pre)nucleolus of a weighted voting game without its table (see
    :mod:`._voting_nucleolus`), or None for any other game."""
    try:
        out = _vn.solve(game, pre=pre)
    except SolverError:
        if game.n <= _vn.TABLE_FALLBACK_N:  # the table route answers instead
            return None
        raise
    if out is None:
        return None
    return NucleolusResult(
        game.players, out.x + 0.0, "prenucleolus" if pre else "nucleolus", game.kind,
        levels=out.levels, n_lps=out.n_lps, n_passes=out.n_passes, n_coalitions=out.n_rows,
        status="optimal", message=f"weighted voting game without a table: {out.message}",
    )


def _checked_blocs(game: Game, table: _nu.Table, x_worth: np.ndarray, fixed: np.ndarray, rule: str) -> np.ndarray:
    """`x` (game units) if it is finite and gives every bloc its worth;
    otherwise SolverError, never a wrong split."""
    x_worth = np.asarray(x_worth, dtype=np.float64)
    raw = max(table.raw, float(np.max(np.abs(x_worth))) if x_worth.size else 0.0)
    atol = 1e-8 * table.scale + 64 * game.n * np.finfo(float).eps * raw
    for mask in fixed:
        got = float(sum(x_worth[i] for i in range(game.n) if int(mask) >> i & 1))
        if not (np.all(np.isfinite(x_worth)) and abs(got - float(table.v[mask])) <= atol):
            raise SolverError(
                f"{rule}: the LP solution gives the bloc {'+'.join(_names(game, int(mask)))} "
                f"{got:.10g} instead of its worth {float(table.v[mask]):.10g}; the game is too badly "
                "scaled for float64"
            )
    return _to_game(game, x_worth)


def nucleolus(game: Game, *, structure: Any = None) -> NucleolusResult:
    r"""The nucleolus: the imputation that makes the unhappiest coalitions as
    happy as possible, then the next unhappiest, and so on.

    Among the imputations (efficient splits giving every partner at least its
    standalone worth) it minimizes, lexicographically, the excesses of all
    coalitions sorted from largest to smallest (Schmeidler 1969). It is
    unique, lies in the core whenever the core is non-empty, and treats
    symmetric partners alike. For a bankruptcy game it is the Talmud rule.

    Computed by the sequential LPs of Maschler, Peleg and Shapley (1979):
    each stage minimizes the largest excess of the coalitions not yet
    settled, then settles only the coalitions that are tight in *every*
    optimal solution, read from the dual solution (a positive dual value
    forces its coalition to be tight in all optima). Settling the coalitions
    that merely happen to be tight in the solver's answer is a known source of
    wrong nucleoli (Guajardo and Jornsten 2015). Coalitions whose excess the
    settled ones already fix are dropped, so at most ``n - 1`` stages are
    needed. Above 8 players each stage is solved by constraint generation
    (a scan of the whole table by a numba kernel adds the coalitions of
    largest excess to a small LP until none exceeds its optimum); the LP is
    kept from one stage to the next and re-solved from its last basis.

    A weighted voting game (or a unanimity game) of 17 players or more is
    solved without its table of ``2**n`` worths: dictators, veto players and
    null players are settled directly; otherwise players of equal weight get
    equal shares, a coalition counts by its number of members of each weight,
    and the same sequential LPs run over the coalitions of largest excess
    that a dynamic programme over weights finds (a knapsack problem). Each
    answer is checked before it is returned: the stages' coalitions are
    balanced (Kohlberg 1971) and the programme proves that no other
    coalition exceeds any stage's level. A hundred players of weights 1 to
    20 take well under a second, a hundred distinct weights seconds.

    Parameters
    ----------
    game : Game
    structure : list of groups of players, or dict of them, optional
        A coalition structure: a partition of the players into blocs that
        have agreed to act together (``[["A", "B"], ["C"]]``, ``["A+B",
        "C"]`` or ``{"north": ["A", "B"], "south": ["C"]}``). Each bloc then
        shares its own worth, ``x(B) = v(B)`` (not the grand coalition's),
        and the excesses of all coalitions are minimized lexicographically
        over those splits: the nucleolus under a coalition structure of
        Aumann and Dreze (1974). ``None`` (default): the grand coalition.

    Returns
    -------
    NucleolusResult
        The shares (cost shares for a cost game), with the excess ``levels``
        settled at each stage and solver statistics.

    Raises
    ------
    InfeasibleError
        If the imputation set is empty (standalone worths add up to more than
        ``v(N)``, or to more than a bloc's worth); the prenucleolus is then
        still defined.
    InvalidParameterError
        If `structure` is not a partition of the players.
    SolverError
        If the LP solver fails (its status and message are in the error).

    See Also
    --------
    prenucleolus, verify_nucleolus

    References
    ----------
    Schmeidler, D. (1969). The nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 17(6), 1163-1170.
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties of
    the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338.
    Guajardo, M. and Jornsten, K. (2015). Common mistakes in computing the
    nucleolus. European Journal of Operational Research 241(3), 931-935.
    Aumann, R. J. and Dreze, J. H. (1974). Cooperative games with coalition
    structures. International Journal of Game Theory 3(4), 217-237.
    Aumann, R. J. and Maschler, M. (1985). Game theoretic analysis of a
    bankruptcy problem from the Talmud. Journal of Economic Theory 36(2),
    195-213.
    Kohlberg, E. (1971). On the nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 20(1), 62-66.
    Peleg, B. (1968). On weights of constant-sum majority games. SIAM
    Journal on Applied Mathematics 16(3), 527-532.

    Examples
    --------
    The Talmud's estate of 200 for claims of 100, 200 and 300:

    >>> import coalition as co
    >>> co.nucleolus(co.families.bankruptcy(200, [100, 200, 300])).as_dict()
    {'P1': 50.0, 'P2': 75.0, 'P3': 75.0}

    A cost game speaks in costs: three towns sharing a water pipe.

    >>> g = co.Game.from_dict({"A": 6, "B": 7, "C": 8, "A+B": 10, "A+C": 11,
    ...                        "B+C": 12, "A+B+C": 15}, kind="cost")
    >>> co.nucleolus(g).as_dict()
    {'A': 4.0, 'B': 5.0, 'C': 6.0}

    If A and B have already agreed to build together, they pay their
    joint cost of 10 between them and C pays its own 8:

    >>> co.nucleolus(g, structure=[["A", "B"], ["C"]]).as_dict()
    {'A': 4.5, 'B': 5.5, 'C': 8.0}

    An apex game of 60 players, beyond any table: the apex player and any
    one of the 59 others win, as do the 59 together. It is a constant-sum
    homogeneous game, so its nucleolus is proportional to the weights
    (Peleg 1968): 58/117 for the apex player.

    >>> apex = co.families.weighted_voting([58] + [1] * 59, quota=59)
    >>> round(co.nucleolus(apex)["P1"] * 117, 9), round(co.nucleolus(apex)["P2"] * 117, 9)
    (58.0, 1.0)
    """
    return _lex(game, imputation=True, structure=structure)


def prenucleolus(game: Game, *, structure: Any = None) -> NucleolusResult:
    r"""The prenucleolus: the nucleolus over all efficient splits, without
    the floor of each partner's standalone worth.

    It equals the nucleolus whenever the latter lies inside the imputation
    set with room to spare, for example on zero-monotonic games, and it is
    defined even when the imputation set is empty. It always lies in the
    least core. Computed like :func:`nucleolus` (sequential LPs settling only
    the coalitions tight in every optimum), without a table for weighted
    voting games of 17 players or more that have no dictator (they are
    zero-monotonic, so the prenucleolus is the nucleolus).

    Parameters
    ----------
    game : Game
    structure : list of groups of players, or dict of them, optional
        A coalition structure: a partition of the players into blocs that
        have agreed to act together (``[["A", "B"], ["C"]]``, ``["A+B",
        "C"]`` or ``{"north": ["A", "B"], "south": ["C"]}``). Each bloc then
        shares its own worth, ``x(B) = v(B)`` (not the grand coalition's),
        and the excesses of all coalitions are minimized lexicographically
        over those splits: the prenucleolus under a coalition structure
        (Aumann and Dreze 1974). ``None`` (default): the grand coalition.

    Returns
    -------
    NucleolusResult

    Raises
    ------
    InvalidParameterError
        If `structure` is not a partition of the players.
    SolverError
        If the LP solver fails.

    References
    ----------
    Sobolev, A. I. (1975). The characterization of optimality principles in
    cooperative games by functional equations. Mathematical Methods in the
    Social Sciences 6, 94-151.
    Aumann, R. J. and Dreze, J. H. (1974). Cooperative games with coalition
    structures. International Journal of Game Theory 3(4), 217-237.
    Peleg, B. and Sudholter, P. (2007). Introduction to the Theory of
    Cooperative Games, 2nd ed., Chapter 5. Springer.

    Examples
    --------
    Peleg and Sudholter's Example 5.5.12: A and B make 10 together, all three
    only 2. The prenucleolus takes 4 from C; the nucleolus cannot.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 10, "A+C": 0,
    ...                        "B+C": 0, "A+B+C": 2})
    >>> co.prenucleolus(g).as_dict(), co.nucleolus(g).as_dict()
    ({'A': 3.0, 'B': 3.0, 'C': -4.0}, {'A': 1.0, 'B': 1.0, 'C': 0.0})
    """
    return _lex(game, imputation=False, structure=structure)


_VARIANTS = (None, "per_capita", "proportional", "disruption", "anti")


def verify_nucleolus(game: Game, x: Any, *, prenucleolus: bool = False, tol: float = 1e-6,
                     variant: str | None = None, structure: Any = None) -> KohlbergCheck:
    r"""Check a candidate (pre)nucleolus, or one of its variants, by
    Kohlberg's criterion.

    An efficient ``x`` is the prenucleolus exactly when, for every excess
    level ``a``, the coalitions with excess at least ``a`` form a *balanced*
    collection (weights :math:`w_S > 0` adding up to 1 for every player).
    An imputation ``x`` is the nucleolus exactly when the same holds with the
    singletons ``{i}`` that get only their standalone worth added with
    weights :math:`\ge 0` (Kohlberg 1971). Once the collection spans all
    directions the lower levels hold automatically, so at most ``n`` small
    LPs are solved. Works on any candidate, e.g. the answer of another tool.

    The criterion carries over to the variants: a complaint
    ``(v(S) - x(S)) / w(S)`` with a positive weight changes along a direction
    ``y`` by ``-y(S) / w(S)``, so the weighted nucleoli (per-capita,
    proportional, disruption) pass exactly when the level sets of their
    weighted excesses pass the same test; under a coalition structure the
    blocs enter it with weights of any sign (the theorem of the alternative
    for ``y(B) = 0``); the anti-nucleoli are the nucleoli of the dual game.

    Parameters
    ----------
    game : Game
    x : array_like or dict
        The candidate (cost shares for a cost game).
    prenucleolus : bool, default False
        Check for the prenucleolus (or the anti-prenucleolus) instead of the
        nucleolus.
    tol : float, default 1e-6
        Excesses within this (relative to the scale of the game) count as
        equal. Use a looser value for candidates given with few digits.
    variant : {None, "per_capita", "proportional", "disruption", "anti"}, optional
        Check for :func:`per_capita_nucleolus`, :func:`proportional_nucleolus`,
        :func:`disruption_nucleolus` (a core allocation; `prenucleolus` must
        be False), :func:`anti_nucleolus` or, with ``prenucleolus=True``,
        :func:`anti_prenucleolus`. Default: the nucleolus itself.
    structure : list of groups of players, or dict of them, optional
        Check for the (pre)nucleolus under this coalition structure (see
        :func:`nucleolus`); only with ``variant=None``.

    Returns
    -------
    KohlbergCheck
        Truthy when the candidate passes; ``message`` says why not.

    Raises
    ------
    InvalidAllocationError
        If `x` has the wrong length, a non-finite share, or is not efficient
        (its total differs from ``v(N)``, or a bloc's from the bloc's worth,
        by more than the tolerance).
    InvalidParameterError
        If `tol`, `prenucleolus`, `variant` or `structure` is invalid.
    InvalidGameError
        If ``variant="proportional"`` and a worth is negative.

    References
    ----------
    Kohlberg, E. (1971). On the nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 20(1), 62-66.
    Benedek, M., Fliege, J. and Nguyen, T.-D. (2021). Finding and verifying
    the nucleolus of cooperative games. Mathematical Programming 190, 135-170.
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties
    of the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338 (the general nucleolus of weighted
    complaints).

    Examples
    --------
    A published answer and the correct one (Benedek, Fliege and Nguyen's
    repository README gives (2.75, 3.75, 5.5) for this game):

    >>> import coalition as co
    >>> g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    >>> bool(co.verify_nucleolus(g, [2.75, 3.75, 5.5])), bool(co.verify_nucleolus(g, [2.5, 4, 5.5]))
    (False, True)

    The per-capita nucleolus passes the weighted criterion, the nucleolus
    does not:

    >>> x = co.per_capita_nucleolus(g).x
    >>> bool(co.verify_nucleolus(g, x, variant="per_capita")), bool(co.verify_nucleolus(g, x))
    (True, False)
    """
    game = _check_game(game)
    rel = _check_tol(tol)
    if not isinstance(prenucleolus, bool):
        raise InvalidParameterError(f"`prenucleolus` must be True or False, got {prenucleolus!r}")
    if not (variant is None or isinstance(variant, str)) or variant not in _VARIANTS:
        raise InvalidParameterError(
            f"`variant` must be None, 'per_capita', 'proportional', 'disruption' or 'anti', got {variant!r}"
        )
    if structure is not None and variant is not None:
        raise InvalidParameterError(
            "`structure` is checked only for the nucleolus and the prenucleolus (variant=None), "
            f"got variant={variant!r}"
        )
    if variant == "disruption" and prenucleolus:
        raise InvalidParameterError("`prenucleolus` must be False with variant='disruption' (a core allocation)")
    given = game._check_allocation(x)
    xw = game._to_worth_units(given)
    table = _table(game)
    atol = _abs_tol(table, rel)
    rule = _rule_name(variant, prenucleolus)
    fixed = _bloc_masks(game, structure)
    v = np.asarray(game.worths, dtype=np.float64)
    if variant == "anti":
        v = v[-1] - v[::-1]  # the dual game
    _check_efficient(game, given, xw, fixed, atol, rule)
    floors = not prenucleolus and variant != "disruption"
    if floors:
        short = xw - v[1 << np.arange(game.n)]
        bad = np.flatnonzero(short < -atol)
        if bad.size:
            i = int(bad[0])
            what = ("not an anti-imputation", "its marginal contribution v(N) - v(N \\ {i})") if variant == "anti" \
                else ("not an imputation", "on its own")
            return KohlbergCheck(
                False, rule,
                f"{what[0]}: {game.players[i]} gets {-short[i]:.6g} less than {what[1]}",
                np.zeros(0), (), atol, game.players, given, game.kind,
            )
    if variant in (None, "anti") and fixed is None:
        out = _kohlberg.kohlberg(v, game.n, xw, imputation=floors, tol=atol)
    else:
        weights, fixed = _variant_weights(game, table, variant, fixed)
        if variant == "disruption":
            blocking = _kohlberg_weighted.first_blocking(v, game.n, xw, atol)
            if blocking is not None:
                m, e = blocking
                return KohlbergCheck(
                    False, rule, f"not in the core: {'+'.join(_names(game, m))} would gain {e:.6g} by leaving",
                    np.zeros(0), (), atol, game.players, given, game.kind,
                )
        out = _kohlberg_weighted.weighted_kohlberg(v, game.n, xw, weights=weights, fixed=fixed,
                                                   floors=floors, tol=atol)
    failed = () if out.failed is None else tuple(_names(game, int(m)) for m in out.failed)
    return KohlbergCheck(out.valid, rule, out.message, np.array(out.levels), failed, atol,
                         game.players, given, game.kind)


def _rule_name(variant: str | None, pre: bool) -> str:
    if variant is None:
        return "prenucleolus" if pre else "nucleolus"
    if variant == "anti":
        return "anti_prenucleolus" if pre else "anti_nucleolus"
    return f"{variant}_{'prenucleolus' if pre else 'nucleolus'}"


def _check_efficient(game: Game, given: np.ndarray, xw: np.ndarray, fixed: np.ndarray | None,
                     atol: float, rule: str) -> None:
    # rounding of the sums and of the conversion of cost shares to savings,
    # at the size of the shares themselves (a game without surplus has a
    # scale, and so an `atol`, of 0)
    atol = atol + 8 * game.n * np.finfo(float).eps * max(float(np.max(np.abs(given), initial=0.0)),
                                                          float(np.max(np.abs(xw), initial=0.0)))
    if fixed is None:
        total = float(xw.sum())
        if abs(total - float(game.worths[-1])) > atol:
            raise InvalidAllocationError(
                f"`x` is not efficient: its shares add up to {float(given.sum()):.10g} but the grand coalition "
                f"{'costs' if game.kind == 'cost' else 'is worth'} {game.grand_value:.10g}; "
                f"the {rule} is efficient"
            )
        return
    for mask in fixed:
        members = [i for i in range(game.n) if int(mask) >> i & 1]
        got = float(xw[members].sum())
        if abs(got - float(game.worths[mask])) > atol:
            raise InvalidAllocationError(
                f"`x` does not give the bloc {'+'.join(_names(game, int(mask)))} its "
                f"{'cost' if game.kind == 'cost' else 'worth'}: its members' shares add up to "
                f"{float(given[members].sum()):.10g}; under a coalition structure each bloc shares its own"
            )


def _variant_weights(game: Game, table: _nu.Table, variant: str | None,
                     fixed: np.ndarray | None) -> tuple[np.ndarray | None, np.ndarray]:
    """The complaint weights of a variant, and the coalitions held at their worth."""
    from .variants import disruption_weights, per_capita_weights, proportional_weights

    n = game.n
    full = np.array([table.full], dtype=np.int64)
    if variant is None:
        return None, fixed
    if variant == "per_capita":
        return per_capita_weights(n), full
    if variant == "proportional":
        return proportional_weights(game), full
    b = disruption_weights(np.asarray(game.worths, dtype=np.float64), n)
    masks = np.arange(1, table.full, dtype=np.int64)
    zero = masks[b[masks] <= table.tol]
    return np.where(b > table.tol, b, 0.0), np.concatenate([full, zero]).astype(np.int64)
