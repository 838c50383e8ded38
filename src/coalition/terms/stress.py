"""How a term sheet fares when the worths change."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InfeasibleError, InvalidParameterError
from ..game import Game, ScenarioGame
from ..results.terms import StressReport
from ..stability import core_report
from ..uncertain.distribution import _weighted_quantiles

__all__ = ["stress"]


def _games(scenarios: Any, n_scenarios: Any, seed: Any) -> tuple[list[Game], np.ndarray | None]:
    if isinstance(scenarios, ScenarioGame):
        if scenarios.listed:
            if n_scenarios is not None:
                raise InvalidParameterError(
                    "`n_scenarios` is for a random model; listed scenarios are used as they are, with their weights"
                )
            return list(scenarios.scenarios), np.asarray(scenarios.weights, dtype=np.float64)
        if n_scenarios is None:
            raise InvalidParameterError("`n_scenarios` is needed to draw from a random model")
        return scenarios.sample(n_scenarios, seed), None
    if callable(scenarios) and not isinstance(scenarios, Game):
        if isinstance(n_scenarios, bool) or not isinstance(n_scenarios, (int, np.integer)) or n_scenarios < 1:
            raise InvalidParameterError(
                f"`n_scenarios` must be a positive integer when `scenarios` is a function, got {n_scenarios!r}"
            )
        try:
            rng = np.random.default_rng(seed)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(f"`seed` must be None, an integer or a Generator, got {seed!r}") from exc
        games = []
        for k in range(int(n_scenarios)):
            g = scenarios(rng)
            if not isinstance(g, Game):
                raise InvalidParameterError(
                    f"`scenarios` must return a coalition.Game, returned {type(g).__name__} in scenario {k}"
                )
            games.append(g)
    elif isinstance(scenarios, Sequence) and not isinstance(scenarios, (str, bytes)) and scenarios:
        if n_scenarios is not None:
            raise InvalidParameterError("`n_scenarios` is only for a function of an rng; a list has its own length")
        games = list(scenarios)
        for k, g in enumerate(games):
            if not isinstance(g, Game):
                raise InvalidParameterError(f"`scenarios[{k}]` must be a coalition.Game, got {type(g).__name__}")
    else:
        raise InvalidParameterError(
            f"`scenarios` must be a non-empty list of games or a function rng -> Game, got {scenarios!r}"
        )
    first = games[0]
    for k, g in enumerate(games):
        if g.players != first.players or g.kind != first.kind:
            raise InvalidParameterError(
                f"scenario {k} has partners {list(g.players)} ({g.kind}); every scenario must have "
                f"{list(first.players)} ({first.kind})"
            )
    return games, None


def stress(sheet: Any, scenarios: Any, *, n_scenarios: int | None = None, seed: Any = None,
           tol: float = 1e-9) -> StressReport:
    """Evaluate a term sheet in each scenario of the worths and report how
    often it is stable and how each share moves.

    Parameters
    ----------
    sheet : TermSheet
    scenarios : list of Game, callable or ScenarioGame
        The scenarios, each a game with the same partners; or a function
        taking a :class:`numpy.random.Generator` and returning one scenario,
        called `n_scenarios` times with one generator seeded by `seed`; or a
        :class:`~coalition.ScenarioGame`: its listed scenarios with their
        weights (every rate, mean and quantile is then an exact weighted
        sum), or its random model drawn `n_scenarios` times.
    n_scenarios : int, optional
        How many scenarios to draw from a function.
    seed : int or numpy.random.Generator, optional
        Seeds the generator passed to a function.
    tol : float, default 1e-9
        As for :func:`coalition.core_report`.

    Returns
    -------
    StressReport
        The rate of stable scenarios, each partner's share distribution
        (mean, standard deviation, 5/50/95 percentiles), how often each
        partner falls below its standalone worth, and the worst scenario
        with the coalition that would walk. A scenario in which the sheet
        cannot be applied (floors above the total with no loss-sharing
        clause) is counted, not hidden.

    Raises
    ------
    InvalidParameterError
        If the scenarios are not games with the sheet's partners, or
        `n_scenarios` is missing for a function.

    Examples
    --------
    >>> import numpy as np
    >>> import coalition as co
    >>> from coalition.terms import TermSheet, Tranche, stress
    >>> def draw(rng):
    ...     return co.Game.from_dict({"A": 10, "B": 10, "A+B": 20 + rng.uniform(0, 10)})
    >>> rep = stress(TermSheet([Tranche(split="equal")]), draw, n_scenarios=200, seed=1)
    >>> rep.in_core_rate
    1.0
    """
    from .sheet import TermSheet

    if not isinstance(sheet, TermSheet):
        raise InvalidParameterError(f"`sheet` must be a TermSheet, got {type(sheet).__name__}")
    games, weights = _games(scenarios, n_scenarios, seed)
    sheet._check_game(games[0])
    k, n = len(games), games[0].n
    shares = np.full((k, n), np.nan)
    excess = np.full(k, np.nan)
    stable = np.zeros(k, dtype=bool)
    below = np.zeros((k, n), dtype=bool)
    errors: list[str] = []
    blocking: list[str] = [""] * k
    for s, g in enumerate(games):
        try:
            a = sheet._evaluate(g, {})
        except InfeasibleError as exc:
            if str(exc) not in errors:
                errors.append(str(exc))
            continue
        rep = core_report(g, a.x, tol=tol, max_blocking=1)
        shares[s], excess[s], stable[s] = a.x, rep.max_excess, rep.in_core
        blocking[s] = rep.blocking[0].name if rep.blocking else ""
        alone = np.asarray(g.standalone, dtype=np.float64)
        scale = max(abs(float(g.grand_value)), 1.0) * tol
        below[s] = a.x < alone - scale if g.kind == "profit" else a.x > alone + scale
    ok = ~np.isnan(excess)
    if weights is not None and not np.any(weights[ok] > 0):  # what can be settled never happens
        ok = np.zeros(k, dtype=bool)
    feasible = shares[ok]
    if feasible.size and weights is not None:
        wf = weights[ok] / weights[ok].sum()
        mean = wf @ feasible
        std = np.sqrt(np.maximum(wf @ (feasible - mean) ** 2, 0.0))
        quantiles = _weighted_quantiles(feasible, wf, (0.05, 0.5, 0.95))
        below_rate = wf @ below[ok]
        happens = np.where(weights > 0, excess, np.nan)  # a scenario of weight 0 is never the worst
        worst = int(np.nanargmax(happens))
    elif feasible.size:
        mean, std = feasible.mean(axis=0), feasible.std(axis=0, ddof=1) if len(feasible) > 1 else np.zeros(n)
        quantiles = np.quantile(feasible, [0.05, 0.5, 0.95], axis=0, method="inverted_cdf")
        below_rate = below[ok].mean(axis=0)
        worst = int(np.nanargmax(excess))
    else:
        mean = std = below_rate = np.full(n, np.nan)
        quantiles = np.full((3, n), np.nan)
        worst = 0
    return StressReport(
        players=games[0].players, n_scenarios=k, n_infeasible=int(np.isnan(excess).sum()),
        in_core_rate=float(stable.mean() if weights is None else weights @ stable), shares=shares, mean=mean, std=std, quantiles=quantiles,
        below_standalone_rate=below_rate, max_excess=excess, worst=worst,
        worst_blocking=blocking[worst] if feasible.size and not stable[worst] else "",
        errors=tuple(errors), weights=weights,
    )
