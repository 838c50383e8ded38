"""An exact certificate of the (pre)nucleolus: Kohlberg's criterion in
rational arithmetic."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from numbers import Integral, Rational
from typing import Any

import numpy as np

from ..errors import GameTooLargeError, InfeasibleError, InvalidParameterError, SolverError
from ..game import Game
from ..results import NucleolusCertificate, NucleolusResult
from . import _exact
from ._certify_weighted import recover, weighted_kohlberg_exact
from ._common import _abs_tol, _check_game, _names, _table
from ._engine import DUAL_TOL, _masks_to_rows
from ._kohlberg import balanced_weights
from ._nucleolus import _VARIANTS, _bloc_masks, _lex, _rule_name, _variant_weights
from ._nucleolus import nucleolus as _nucleolus
from ._nucleolus import prenucleolus as _prenucleolus
from .variants import (
    anti_nucleolus,
    anti_prenucleolus,
    per_capita_nucleolus,
    proportional_nucleolus,
    proportional_weights,
)

__all__ = ["certify_nucleolus"]

#: 2**n exact excesses and exact linear algebra on collections of up to
#: 2**n coalitions: about a second at 10 players, a few at 12.
CERTIFY_MAX_N = 12
_GROUP_TOL = 1e-7  # relative: float excesses this close are one level when recovering x


def _is_exact(a: Any) -> bool:
    return isinstance(a, (Integral, Rational, Decimal)) and not isinstance(a, (bool, np.bool_))


def _exact_shares(game: Game, x: Any) -> list[Fraction] | None:
    """The shares as fractions when every one is given exactly (integers,
    fractions, decimals), else None; `x` has been validated."""
    items = [x[p] for p in game.players] if isinstance(x, Mapping) else list(np.asarray(x, dtype=object).ravel())
    if all(_is_exact(a) for a in items):
        return [Fraction(a) if not isinstance(a, np.integer) else Fraction(int(a)) for a in items]
    return None


def _fail(ctx: dict, reason: str, *, level: int | None = None, collection: tuple = ()) -> NucleolusCertificate:
    return NucleolusCertificate(False, failed_level=level, failed_collection=collection, reason=reason, **ctx)


def _kohlberg_exact(game: Game, v: list[Fraction], x: list[Fraction], imputation: bool, max_den: int,
                    ctx: dict, anti: bool = False) -> NucleolusCertificate:
    n = game.n
    full = (1 << n) - 1
    xs = _exact.subset_sums(x, n)
    if xs[full] != v[full]:
        return _fail(ctx, f"not efficient: the shares add up to {xs[full]} (worth units), v(N) = {v[full]}")
    floors = []
    if imputation:
        for i in range(n):
            if x[i] < v[1 << i]:
                what = "an anti-imputation" if anti else "an imputation"
                return _fail(ctx, f"not {what}: {game.players[i]} gets {v[1 << i] - x[i]} less than "
                             + ("its marginal contribution v(N) - v(N \\ {i})" if anti else "alone"))
            if x[i] == v[1 << i]:
                floors.append(1 << i)
    if n == 1:  # no proper coalition: efficiency alone fixes the only direction
        return NucleolusCertificate(True, failed_level=None, failed_collection=(),
                                    reason="one player: the only efficient split", **ctx)
    exc = sorted(((v[m] - xs[m], m) for m in range(1, full)), key=lambda p: p[0], reverse=True)
    span = _exact.Echelon()
    collection: list[int] = []
    levels: list[Fraction] = []
    weights: list[tuple] = []
    opt_rows = _masks_to_rows(np.array(floors, dtype=np.int64), n) if floors else np.zeros((0, n))
    j = 0
    while j < len(exc):
        top = exc[j][0]
        grew = False
        while j < len(exc) and exc[j][0] == top:
            collection.append(exc[j][1])
            grew |= span.add(_exact.indicator(exc[j][1], n))
            j += 1
        levels.append(top)
        ctx["levels"] = tuple(levels)
        if grew:
            names = tuple(_names(game, m) for m in collection)
            t, w = balanced_weights(_masks_to_rows(np.array(collection, dtype=np.int64), n), opt_rows, n)
            if not t > DUAL_TOL:
                return _fail(ctx, f"the coalitions of the {len(levels)} highest excess level(s) (down to {top}) "
                             "do not form a balanced collection" + (" with the partners at their floor"
                                                                     if imputation else ""),
                             level=len(levels), collection=names)
            exact = _exact.exact_weights(collection, floors, w, n, max_den)
            if exact is None:
                return _fail(ctx, f"level {len(levels)} ({top}): the LP finds balancing weights but they could not "
                             "be made exact; not proven either way", level=len(levels), collection=names)
            cols = names + tuple(_names(game, m) for m in floors)
            weights.append(tuple((c, a) for c, a in zip(cols, exact) if a))
            ctx["weights"] = tuple(weights)
        if span.rank == n:
            return NucleolusCertificate(
                True, failed_level=None, failed_collection=(),
                reason=f"efficient{', an imputation' if imputation else ''}, and the collections of the "
                f"{len(levels)} highest excess level(s) are balanced with the exact weights given; "
                "they span every direction, so the lower levels are balanced too (Kohlberg 1971)",
                **ctx)
    raise AssertionError("the proper coalitions span every direction")  # pragma: no cover


def certify_nucleolus(game: Game, x: Any = None, *, prenucleolus: bool = False,
                      max_denominator: int = 10**6, variant: str | None = None,
                      structure: Any = None) -> NucleolusCertificate:
    r"""Prove, in exact rational arithmetic, that a split is the nucleolus
    (or the prenucleolus) of a game.

    Kohlberg's (1971) criterion: an efficient split is the prenucleolus
    exactly when, for every excess level, the coalitions with at least that
    excess form a *balanced* collection (positive weights adding up to 1 for
    every partner); an imputation is the nucleolus when the same holds with
    the singletons of the partners at their standalone worth added with
    weights that may be 0. Here every excess is a
    :class:`~fractions.Fraction`, levels are equal excesses *exactly*, and
    each collection's weights are exact fractions, checked to be positive
    and to balance exactly: no tolerance anywhere, so a certified split is
    the (pre)nucleolus of the game with these exact worths. (The weights are
    found by a float LP, then made exact; a collection that is not balanced
    is reported from that LP.)

    The variants that :func:`verify_nucleolus` checks in floats get the same
    exact certificate: the complaints ``(v(S) - x(S)) / w(S)`` (``w(S) > 0``)
    are compared as fractions, with ``w(S) = |S|`` (per capita) or ``w(S) =
    v(S)`` (proportional; coalitions worth 0 have no complaint); the
    anti-nucleoli are the nucleoli of the dual game ``v*(S) = v(N) - v(N \
    S)``, built exactly. Under a coalition structure each bloc is held at its
    worth and enters the criterion with a multiplier of any sign (the theorem
    of the alternative, see :func:`verify_nucleolus`).

    Parameters
    ----------
    game : Game
        At most 12 players. Its worths are read exactly: each as the simplest
        fraction (denominator at most `max_denominator`) that rounds to the
        stored float, which is the number written for integers, decimals of
        a few digits and fractions such as 1/3; otherwise the float's exact
        binary value.
    x : array_like or dict, optional
        The split to certify (cost shares for a cost game). Integers,
        :class:`~fractions.Fraction` and :class:`~decimal.Decimal` are taken
        exactly; floats are first turned into an exact split by solving
        exactly the equalities that hold at them (the equal excesses of the
        top levels, efficiency, the shares at their floor), or failing that
        by rounding each share to the simplest nearby fraction. By default
        the (pre)nucleolus computed by :func:`nucleolus`
        (:func:`prenucleolus`).
    prenucleolus : bool, default False
        Certify the prenucleolus instead of the nucleolus.
    max_denominator : int, default 10**6
        Largest denominator when floats (worths, shares, weights) are read as
        fractions.
    variant : {None, "per_capita", "proportional", "anti"}, optional
        Certify :func:`per_capita_nucleolus`, :func:`proportional_nucleolus`
        (worths at least 0), :func:`anti_nucleolus` or, with
        ``prenucleolus=True``, their prenucleolus forms (the default `x` is
        then the lexicographic centre of the weighted complaints over the
        efficient splits, or :func:`anti_prenucleolus`). ``"disruption"`` is
        refused: its split must also lie in the core, and it is checked in
        floats by :func:`verify_nucleolus`. Default: the nucleolus itself.
    structure : list of groups of players, or dict of them, optional
        Certify the (pre)nucleolus under this coalition structure (see
        :func:`nucleolus`): every bloc gets its worth; only with
        ``variant=None``.

    Returns
    -------
    NucleolusCertificate
        Truthy when certified; the exact split, the levels, the exact
        balancing weights of each level, and the reason, or the first level
        that fails. Its `rule` is named as in :func:`verify_nucleolus`
        (``"per_capita_nucleolus"``, ``"anti_prenucleolus"``, ...).

    Raises
    ------
    GameTooLargeError
        Above 12 players.
    InvalidAllocationError
        If `x` has the wrong length or a share that is not a finite number.
    InvalidParameterError
        If `prenucleolus`, `max_denominator`, `variant` or `structure` is
        invalid, `structure` comes with a variant, or ``variant="disruption"``.
    InvalidGameError
        If ``variant="proportional"`` and a worth is negative.
    InfeasibleError
        With ``x=None`` for the nucleolus of a game without imputations
        (anti-imputations for the anti-nucleolus; under a structure, a bloc
        worth less than its members on their own), or for the proportional
        prenucleolus of a game that has none.

    See Also
    --------
    verify_nucleolus : the same criterion in floats, with a tolerance.

    References
    ----------
    Kohlberg, E. (1971). On the nucleolus of a characteristic function game.
    SIAM Journal on Applied Mathematics 20(1), 62-66.
    Maschler, M., Peleg, B. and Shapley, L. S. (1979). Geometric properties
    of the kernel, nucleolus, and related solution concepts. Mathematics of
    Operations Research 4(4), 303-338 (the general nucleolus of weighted
    complaints).

    Examples
    --------
    The Talmud's estate of 200 for claims of 100, 200 and 300, and a split
    that is off by a third:

    >>> import coalition as co
    >>> g = co.families.bankruptcy(200, [100, 200, 300])
    >>> cert = co.certify_nucleolus(g)
    >>> bool(cert), [str(a) for a in cert.x]
    (True, ['50', '75', '75'])
    >>> from fractions import Fraction as F
    >>> bad = co.certify_nucleolus(g, [F(151, 3), F(224, 3), 75])
    >>> bool(bad), bad.failed_level
    (False, 1)

    The per-capita nucleolus of a three-player game, certified exactly from
    the floats it is computed in, and the nucleolus refused as it:

    >>> g = co.Game([0, 1, 3, 6, 5, 7, 8, 12])
    >>> pc = co.certify_nucleolus(g, variant="per_capita")
    >>> bool(pc), pc.rule, [str(a) for a in pc.x]
    (True, 'per_capita_nucleolus', ['17/6', '23/6', '16/3'])
    >>> bool(co.certify_nucleolus(g, [F(5, 2), 4, F(11, 2)], variant="per_capita"))
    False

    Under the structure {P1, P2}, {P3} the bloc shares its worth 6:

    >>> [str(a) for a in co.certify_nucleolus(g, structure=[["P1", "P2"], ["P3"]]).x]
    ['5/2', '7/2', '5']
    """
    game = _check_game(game)
    _check_args(game, prenucleolus, max_denominator, variant, structure)
    n = game.n
    rule = _rule_name(variant, prenucleolus)
    fixed = [int(m) for m in _bloc_masks(game, structure)] if structure is not None else [(1 << n) - 1]
    floors = not prenucleolus
    table = _table(game)  # refuses non-finite worths
    raw = [_exact.to_fraction(float(a), int(max_denominator)) for a in game.values]
    c1 = [raw[1 << i] for i in range(n)]
    if game.kind == "cost":  # savings, exactly
        v = [sum((c1[i] for i in range(n) if m >> i & 1), Fraction(0)) - raw[m] for m in range(1 << n)]
    else:
        v = raw
    if variant == "anti":  # the nucleoli of the dual game
        v = [v[-1] - v[-1 - m] for m in range(1 << n)]
    weights = None
    if variant == "per_capita":
        weights = [Fraction(m.bit_count()) for m in range(1 << n)]
    elif variant == "proportional":
        proportional_weights(game)  # refuses negative worths
        weights = list(v)
    exact = None
    if x is None:
        given = _default(game, variant, prenucleolus, structure).x
    else:
        given = game._check_allocation(x)
        exact = _exact_shares(game, x)
    if exact is not None:
        how = "given"
        xe = [c1[i] - exact[i] for i in range(n)] if game.kind == "cost" else exact
    else:
        xf = game._to_worth_units(np.asarray(given, dtype=np.float64))
        xe = recover(v, xf, n, floors, _abs_tol(table, _GROUP_TOL), weights, fixed)
        how = "settled coalitions"
        if xe is None or max(abs(float(a) - b) for a, b in zip(xe, xf)) > _abs_tol(table, 1e-6):
            # inconsistent equalities, or a point other than the one given:
            # the split given is not a (pre)nucleolus up to rounding
            how = "limit_denominator"
            ye = [_exact.to_fraction(float(a), int(max_denominator)) for a in given]
            xe = [c1[i] - ye[i] for i in range(n)] if game.kind == "cost" else ye
    shares = tuple(c1[i] - xe[i] for i in range(n)) if game.kind == "cost" else tuple(xe)
    ctx = {"rule": rule, "players": game.players, "kind": game.kind, "x": shares, "recovered_by": how,
           "levels": (), "weights": (), "worths": tuple(v)}
    if weights is None and structure is None:
        return _kohlberg_exact(game, v, xe, floors, int(max_denominator), ctx, anti=variant == "anti")
    return weighted_kohlberg_exact(game, v, xe, weights, fixed, floors, int(max_denominator), ctx)


def _check_args(game: Game, prenucleolus: Any, max_denominator: Any, variant: Any, structure: Any) -> None:
    if not isinstance(prenucleolus, bool):
        raise InvalidParameterError(f"`prenucleolus` must be True or False, got {prenucleolus!r}")
    if isinstance(max_denominator, bool) or not isinstance(max_denominator, Integral) or max_denominator < 1:
        raise InvalidParameterError(f"`max_denominator` must be a positive integer, got {max_denominator!r}")
    if not (variant is None or isinstance(variant, str)) or variant not in _VARIANTS:
        raise InvalidParameterError(
            f"`variant` must be None, 'per_capita', 'proportional', 'disruption' or 'anti', got {variant!r}"
        )
    if structure is not None and variant is not None:
        raise InvalidParameterError(
            "`structure` is checked only for the nucleolus and the prenucleolus (variant=None), "
            f"got variant={variant!r}"
        )
    if variant == "disruption":
        raise InvalidParameterError(
            "`variant`: 'disruption' has no exact certificate here (its split must also lie in the core, "
            "and coalitions without a propensity to disrupt are held at their worth); it is checked in "
            "floats by verify_nucleolus(..., variant='disruption')"
        )
    if game.n > CERTIFY_MAX_N:
        raise GameTooLargeError(
            f"`game` has {game.n} players; the exact certificate handles the 2**n coalitions as fractions "
            f"for at most {CERTIFY_MAX_N} players"
        )


def _default(game: Game, variant: str | None, pre: bool, structure: Any) -> NucleolusResult:
    """The library's own answer for the rule being certified."""
    if variant is None:
        return (_prenucleolus if pre else _nucleolus)(game, structure=structure)
    if variant == "anti":
        return anti_prenucleolus(game) if pre else anti_nucleolus(game)
    if variant == "per_capita" and not pre:
        return per_capita_nucleolus(game)
    if variant == "proportional" and not pre:
        return proportional_nucleolus(game)
    table = _table(game)
    weights, _ = _variant_weights(game, table, variant, None)
    try:
        return _lex(game, imputation=False, weights=weights, rule=_rule_name(variant, pre))
    except SolverError as exc:
        if variant == "proportional" and "Unbounded" in str(exc):
            # coalitions worth 0 do not complain: without the floors of the
            # nucleolus, the complaints of the others may fall without end
            raise InfeasibleError(
                "this game has no proportional prenucleolus: coalitions worth 0 do not complain, and the "
                "complaints of the others can be made as low as one likes by efficient splits; pass `x`, "
                "or certify the proportional nucleolus (prenucleolus=False)"
            ) from exc
        raise
