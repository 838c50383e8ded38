"""The smallest change to a term sheet that makes its split stable."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..errors import InfeasibleError, InvalidParameterError
from ..game import Game
from ..results.terms import RepairOption, RepairReport
from ..stability import core_report

__all__ = ["repair"]


def _default_bounds(sheet: Any, parameter: str, value: float, total: float) -> tuple[float, float]:
    name, field = parameter.rsplit(".", 1)
    clause = next(c for c in sheet.clauses if getattr(c, "name", None) == name)
    if field == "mix":
        return 0.0, 1.0
    how = "percent" if getattr(clause, "percent", None) is not None else (
        clause.level[0] if field == "level" else "amount")
    if how == "percent":
        return 0.0, 100.0
    if how == "standalone":
        return 0.0, max(2.0, 2.0 * value)
    span = max(abs(total), abs(value), 1.0)
    return (0.0 if field == "size" else -span), max(span, 2.0 * abs(value))


def _between(score, values: np.ndarray, excess: list[float], steps: int = 80):
    """``(value, score(value))`` of a stable value between the neighbours of
    the grid's least excess, found by golden-section search on the largest
    excess, or None."""
    k = int(np.argmin(excess))
    if not math.isfinite(excess[k]):
        return None
    a, b = float(values[max(k - 1, 0)]), float(values[min(k + 1, len(values) - 1)])
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = score(c), score(d)
    for _ in range(steps):
        for point, result in ((c, fc), (d, fd)):
            if result[0] == -math.inf:
                return point, result
        if fc[0] <= fd[0]:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = score(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = score(d)
    return None


def _bounds_arg(bounds: Any, parameter: str, default: tuple[float, float]) -> tuple[float, float]:
    if bounds is None or parameter not in bounds:
        return default
    b = bounds[parameter]
    if (not isinstance(b, Sequence) or len(b) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in b)
            or b[0] > b[1]):
        raise InvalidParameterError(f"`bounds[{parameter!r}]` must be (low, high) with low <= high, got {b!r}")
    return float(b[0]), float(b[1])


def repair(sheet: Any, game: Game, free: Sequence[str], *,
           bounds: Mapping[str, tuple[float, float]] | None = None, tol: float = 1e-9,
           grid: int = 401) -> RepairReport:
    """The smallest change of each free parameter, alone, that puts the
    sheet's split in the core.

    For each parameter the split is piecewise linear in the parameter, so the
    search scans `grid` values over its range (and the current value), takes
    the stable value nearest the current one, and refines the boundary
    between it and its unstable neighbour by bisection to ``1e-12`` of the
    range. A stable stretch narrower than the grid's step can be missed;
    raise `grid` to look closer.

    Parameters
    ----------
    sheet : TermSheet
    game : Game
    free : list of str
        Parameters that may change, named as in
        :meth:`TermSheet.parameters` (``"tranche 1.size"``,
        ``"tranche 2.mix"``, ``"floor 1.level"``); a clause's name alone
        stands for all its parameters.
    bounds : mapping, optional
        ``{parameter: (low, high)}``: the range searched. By default a
        percentage or mix weight over its whole range, an amount between 0
        (or minus the larger of the total and the current value, for floors
        and ceilings) and the larger of the total and twice the current
        value, a multiple of standalone worth
        between 0 and twice the current value (at least 2).
    tol : float, default 1e-9
        As for :func:`coalition.core_report`.
    grid : int, default 401
        How many values to scan per parameter.

    Returns
    -------
    RepairReport
        One option per parameter (the repaired value and split, or, when no
        value in range works, the best value found and the coalition that
        still walks away), and the best option: the smallest change relative
        to its range.

    Raises
    ------
    InvalidParameterError
        If `free` names no parameter of the sheet, `bounds` or `grid` is
        malformed.
    InfeasibleError
        As for :meth:`TermSheet.evaluate`, at the current parameters.

    Examples
    --------
    >>> import coalition as co
    >>> from coalition.terms import TermSheet, Tranche
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 60, "A+C": 60,
    ...                        "B+C": 60, "A+B+C": 100})
    >>> sheet = TermSheet([Tranche(percent=50, split="stakes"), Tranche(split="equal")],
    ...                   stakes={"A": 1})
    >>> fix = sheet.repair(g, ["tranche 1.size"])
    >>> round(fix.best.after, 6), co.in_core(g, fix.best.allocation.x)
    (10.0, True)
    """
    from .sheet import TermSheet

    if not isinstance(sheet, TermSheet):
        raise InvalidParameterError(f"`sheet` must be a TermSheet, got {type(sheet).__name__}")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 3:
        raise InvalidParameterError(f"`grid` must be an integer >= 3, got {grid!r}")
    known = sheet.parameters()
    if isinstance(free, str) or not isinstance(free, Sequence) or not free:
        raise InvalidParameterError(f"`free` must be a non-empty list of parameters from {list(known)}, got {free!r}")
    chosen: list[str] = []
    for item in free:
        matches = [p for p in known if p == item or p.rsplit(".", 1)[0] == item]
        if not matches:
            raise InvalidParameterError(f"`free` has {item!r}; the sheet's parameters are {list(known)}")
        chosen += [m for m in matches if m not in chosen]
    if bounds is not None and not isinstance(bounds, Mapping):
        raise InvalidParameterError(f"`bounds` must be a mapping {{parameter: (low, high)}}, got {bounds!r}")
    sheet._check_game(game)
    cache: dict[str, Any] = {}
    now = sheet._evaluate(game, cache)
    rep = core_report(game, now.x, tol=tol, max_blocking=1)
    if rep.in_core:
        return RepairReport(already_stable=True, options=(), best=None,
                            message="The split is already in the core: nothing to repair.")
    total = float(game.grand_value)

    def excess_at(parameter: str, value: float) -> tuple[float, Any, str]:
        try:
            a = sheet.with_parameter(parameter, value)._evaluate(game, cache)
        except (InfeasibleError, InvalidParameterError):
            return math.inf, None, ""
        r = core_report(game, a.x, tol=tol, max_blocking=1)
        return (-math.inf if r.in_core else r.max_excess), a, (r.blocking[0].name if r.blocking else "")

    options = []
    for parameter in chosen:
        before = known[parameter]
        low, high = _bounds_arg(bounds, parameter, _default_bounds(sheet, parameter, before, total))
        values = np.unique(np.append(np.linspace(low, high, int(grid)), np.clip(before, low, high)))
        scores = [excess_at(parameter, float(v)) for v in values]
        good = np.array([s[0] == -math.inf for s in scores])
        if not good.any():
            # a stable stretch narrower than the grid's step: the largest
            # excess is piecewise linear in the parameter, so look for its
            # minimum between the neighbours of the grid's best value
            found = _between(lambda v: excess_at(parameter, v), values, [s[0] for s in scores])
            if found is not None:
                at = int(np.searchsorted(values, found[0]))
                values = np.insert(values, at, found[0])
                scores.insert(at, found[1])
                good = np.array([s[0] == -math.inf for s in scores])
        if not good.any():
            k = int(np.argmin([s[0] for s in scores]))
            options.append(RepairOption(parameter, before, math.nan, (low, high), False, None,
                                        scores[k][0], scores[k][2]))
            continue
        k = int(np.flatnonzero(good)[np.argmin(np.abs(values[good] - before))])
        ok = float(values[k])
        if ok != before:
            step = -1 if ok > before else 1
            bad = float(values[k + step]) if 0 <= k + step < len(values) else float(before)
            for _ in range(200):
                if abs(ok - bad) <= 1e-12 * max(high - low, 1e-300):
                    break
                mid = 0.5 * (ok + bad)
                if excess_at(parameter, mid)[0] == -math.inf:
                    ok = mid
                else:
                    bad = mid
        score, alloc, _ = excess_at(parameter, ok)
        r = core_report(game, alloc.x, tol=tol, max_blocking=1)
        options.append(RepairOption(parameter, before, ok, (low, high), True, alloc, r.max_excess, ""))
    working = [o for o in options if o.success]
    best = min(working, key=lambda o: abs(o.change) / max(o.bounds[1] - o.bounds[0], 1e-300)) if working else None
    if best is not None:
        message = (f"Not stable now ({rep.blocking[0].name} would gain {rep.max_excess:.6g} by walking away); "
                   f"smallest fix: {best.parameter} from {best.before:.6g} to {best.after:.6g}.")
    else:
        worst = min(options, key=lambda o: o.max_excess)
        message = (f"Not stable, and no value of {', '.join(chosen)} in range makes it stable: at best "
                   f"{worst.blocking} still gains {worst.max_excess:.6g} by walking away.")
    return RepairReport(already_stable=False, options=tuple(options), best=best, message=message)
