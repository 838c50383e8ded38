"""Kohlberg's criterion for weighted excesses and coalition structures in
exact rational arithmetic (private): the exact counterpart of
:mod:`coalition.stability._kohlberg_weighted`, whose docstring states the
theory. The complaints ``(v(S) - x(S)) / w(S)`` (``w(S) > 0``) are compared
as fractions; each level set where the span grows gets exact multipliers,
``> 0`` on its coalitions, ``>= 0`` on the partners at their floor and of any
sign on the coalitions held at their worth, combining to 0.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from ..game import Game
from ..results import NucleolusCertificate
from . import _exact
from ._common import _names
from ._engine import _masks_to_rows
from ._kohlberg_weighted import _MIN_WEIGHT, alternative_weights

__all__: list[str] = []


def _complaining(n: int, weights: list[Fraction] | None, fixed: list[int]) -> list[int]:
    """The proper coalitions with a complaint: weight > 0, and not in the
    span of the fixed coalitions (their excess is constant)."""
    full = (1 << n) - 1
    span = _exact.Echelon()
    for m in fixed:
        span.add(_exact.indicator(m, n))
    out = []
    for m in range(1, full):
        if weights is not None and not weights[m] > 0:
            continue
        if len(fixed) > 1 and not span.reduce(_exact.indicator(m, n), Fraction(0))[0]:
            continue
        out.append(m)
    return out


def recover(v: list[Fraction], xf: np.ndarray, n: int, floors: bool, tol: float,
            weights: list[Fraction] | None, fixed: list[int]) -> list[Fraction] | None:
    """Solve exactly the equalities that hold, up to `tol`, at the float split
    `xf`: the fixed coalitions at their worth, the shares at their floor
    (with `floors`), and ``x(S) + w(S) e_k = v(S)`` within each of the top
    levels of the complaints (one unknown level ``e_k`` per group), down to
    the level at which they fix every direction. None if they are
    inconsistent or leave a direction free."""
    masks = np.array(_complaining(n, weights, fixed), dtype=np.int64)
    vf = np.array([float(a) for a in v])
    wf = np.ones(masks.size) if weights is None else np.array([float(weights[m]) for m in masks])
    exc = (vf[masks] - _masks_to_rows(masks, n) @ xf) / wf if masks.size else np.zeros(0)
    order = np.argsort(-exc, kind="stable")
    system = _exact.Echelon()
    span = _exact.Echelon()
    for m in fixed:
        system.add(_exact.indicator(m, n), v[m])
        span.add(_exact.indicator(m, n))
    if floors:
        for i in np.flatnonzero(xf - vf[1 << np.arange(n)] <= tol):
            system.add({int(i): Fraction(1)}, v[1 << int(i)])
            span.add({int(i): Fraction(1)})
    k, j = 0, 0
    while span.rank < n and j < order.size:
        top = exc[order[j]]
        level = n + k
        while j < order.size and exc[order[j]] >= top - tol / wf[order[j]]:
            m = int(masks[order[j]])
            system.add({**_exact.indicator(m, n), level: Fraction(1) if weights is None else weights[m]}, v[m])
            span.add(_exact.indicator(m, n))
            j += 1
        k += 1
        if not system.consistent:
            return None
    if span.rank < n or not system.consistent:
        return None
    return system.solve(n + k)[:n]


def _fail(ctx: dict, reason: str, *, level: int | None = None, collection: tuple = ()) -> NucleolusCertificate:
    return NucleolusCertificate(False, failed_level=level, failed_collection=collection, reason=reason, **ctx)


def weighted_kohlberg_exact(game: Game, v: list[Fraction], x: list[Fraction], weights: list[Fraction] | None,
                            fixed: list[int], floors: bool, max_den: int, ctx: dict) -> NucleolusCertificate:
    """The criterion for the exact split `x` (worth units) of the game with
    exact worths `v`: complaints weighted by `weights` (None: all 1; ``<= 0``:
    no complaint), the coalitions `fixed` held at their worth."""
    n = game.n
    full = (1 << n) - 1
    xs = _exact.subset_sums(x, n)
    for m in fixed:
        if xs[m] != v[m]:
            if m == full:
                return _fail(ctx, f"not efficient: the shares add up to {xs[m]} (worth units), v(N) = {v[m]}")
            return _fail(ctx, f"the bloc {'+'.join(_names(game, m))} gets {xs[m]} (worth units) instead of "
                         f"its worth {v[m]}")
    floor_masks = []
    if floors:
        for i in range(n):
            if x[i] < v[1 << i]:
                return _fail(ctx, f"not an imputation: {game.players[i]} gets {v[1 << i] - x[i]} less than alone")
            if x[i] == v[1 << i] and (1 << i) not in fixed:  # a singleton bloc has a free multiplier
                floor_masks.append(1 << i)
    masks = _complaining(n, weights, fixed)
    comp = sorted((((v[m] - xs[m]) / (1 if weights is None else weights[m]), m) for m in masks),
                  key=lambda p: p[0], reverse=True)
    span = _exact.Echelon()
    for m in fixed:
        span.add(_exact.indicator(m, n))
    f_rows = _masks_to_rows(np.array(fixed, dtype=np.int64), n)
    o_rows = _masks_to_rows(np.array(floor_masks, dtype=np.int64), n) if floor_masks else np.zeros((0, n))
    blocs = fixed if len(fixed) > 1 or fixed[0] != full else []
    collection: list[int] = []
    levels: list[Fraction] = []
    weights_out: list[tuple] = []
    j = 0
    while j < len(comp) and span.rank < n:
        top = comp[j][0]
        grew = False
        while j < len(comp) and comp[j][0] == top:
            collection.append(comp[j][1])
            grew |= span.add(_exact.indicator(comp[j][1], n))
            j += 1
        levels.append(top)
        ctx["levels"] = tuple(levels)
        if not grew:
            continue
        names = tuple(_names(game, m) for m in collection)
        t, lam = alternative_weights(_masks_to_rows(np.array(collection, dtype=np.int64), n), o_rows, f_rows,
                                     full=True)
        if not t * len(collection) > _MIN_WEIGHT:
            return _fail(ctx, f"the coalitions of the {len(levels)} highest level(s) of the "
                         f"{'weighted ' if weights is not None else ''}excesses (down to {top}) admit a direction "
                         "that lowers one without raising another"
                         + (" or going below a floor" if floors else ""), level=len(levels), collection=names)
        exact = _exact.exact_alternative(collection, floor_masks, list(fixed), lam, n, max_den)
        if exact is None:
            return _fail(ctx, f"level {len(levels)} ({top}): the LP finds multipliers but they could not be "
                         "made exact; not proven either way", level=len(levels), collection=names)
        k = len(collection) + len(floor_masks)
        mu = exact[k:]
        if not blocs:  # scale to Kohlberg's balancedness: the grand coalition's multiplier is -1
            scale = -1 / mu[0]
            pairs = list(zip(names + tuple(_names(game, m) for m in floor_masks), exact[:k]))
        else:  # the blocs listed with the multiplier each of its partners is covered by
            scale = Fraction(1)
            pairs = list(zip(names + tuple(_names(game, m) for m in floor_masks), exact[:k]))
            pairs += [(_names(game, m), -a) for m, a in zip(fixed, mu)]
        weights_out.append(tuple((c, a * scale) for c, a in pairs if a))
        ctx["weights"] = tuple(weights_out)
    what = "weighted excesses" if weights is not None else "excesses"
    tail = ""
    if span.rank < n:
        # no complaint left: a direction y that keeps every complaint has
        # y(S) = 0 on the collection; it is closed off when the partners at
        # their floor get multipliers > 0 against the collection and the
        # fixed coalitions (any sign), and with them span every direction
        free = collection + list(fixed)
        for m in floor_masks:
            span.add(_exact.indicator(m, n))
        exact = None
        if floor_masks and span.rank == n:
            t, lam = alternative_weights(_masks_to_rows(np.array(floor_masks, dtype=np.int64), n), np.zeros((0, n)),
                                         _masks_to_rows(np.array(free, dtype=np.int64), n), full=True)
            if t * len(floor_masks) > _MIN_WEIGHT:
                exact = _exact.exact_alternative(floor_masks, [], free, lam, n, max_den)
        if exact is None:
            return _fail(ctx, f"the complaints leave {n - span.rank if span.rank < n else 'some'} direction(s) "
                         "free: the lexicographic minimum is not shown to be unique")
        names = tuple(_names(game, m) for m in floor_masks + free)
        weights_out.append(tuple((c, a) for c, a in zip(names, exact) if a))
        ctx["weights"] = tuple(weights_out)
        tail = ("; no complaint is left, and the partners at their floor (last multipliers: > 0 on them, any "
                "sign on the others, adding up to 0) close off the remaining directions")
    head = f"{'efficient' if not blocs else 'each bloc gets its worth'}{', an imputation' if floors else ''}"
    if not levels:
        return NucleolusCertificate(True, failed_level=None, failed_collection=(), reason=head + tail, **ctx)
    return NucleolusCertificate(
        True, failed_level=None, failed_collection=(),
        reason=f"{head}, and the collections of the {len(levels)} highest level(s) of the {what} admit the exact "
        f"multipliers given; they span every direction, so the lower levels pass too (Kohlberg 1971){tail}",
        **ctx)
