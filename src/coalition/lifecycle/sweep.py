"""Rules evaluated over a grid of parameters."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np

from ..errors import InvalidParameterError
from ..game import Game
from ..results.lifecycle import Sweep
from ._apply import chosen_rules, shares

__all__ = ["sweep"]


def sweep(make_game: Callable[..., Game], grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]], *,
          rules: Any = None, executor: Executor | None = None) -> Sweep:
    """Evaluate rules over a grid of parameters: one game per point.

    Parameters
    ----------
    make_game : callable
        Builds the game from keyword parameters: ``make_game(**point)``.
    grid : mapping or sequence of mappings
        ``{name: values}`` for every combination of the values (a Cartesian
        grid, the first name varying slowest), or a list of points
        ``[{name: value, ...}, ...]`` evaluated as given.
    rules : sequence of str or callable, or dict, optional
        As for :func:`coalition.compare`. Default: Shapley and the nucleolus.
    executor : concurrent.futures.Executor, optional
        Evaluate the points on this executor (a thread pool, a process pool
        when `make_game` and the rules pickle, or a Dask cluster's
        executor); the records come back in grid order either way. Games are
        immutable, so points never share state.

    Returns
    -------
    Sweep
        Long-format records (parameters, ``point``, ``rule``, ``partner``,
        ``share``), ready for pandas with :meth:`~coalition.results.Sweep.to_frame`.

    Raises
    ------
    InvalidParameterError
        If the grid has no points, a name has no values, points do not all
        have the same names, `make_game` does not return a Game, or a rule
        name is unknown.

    Examples
    --------
    >>> import coalition as co
    >>> def alliance(synergy):
    ...     return co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 15 + synergy})
    >>> s = co.sweep(alliance, {"synergy": [0, 10, 20]}, rules=["shapley"])
    >>> s.shares("Shapley", "Hub")
    array([10., 15., 20.])
    """
    points = _points(grid)
    chosen = chosen_rules(rules)
    if not callable(make_game):
        raise InvalidParameterError(f"`make_game` must be a function of the grid's parameters, got {make_game!r}")

    def one(point: dict[str, Any]):
        game = make_game(**point)
        if not isinstance(game, Game):
            raise InvalidParameterError(
                f"`make_game` returned {type(game).__name__} at {point}; it must return a coalition.Game"
            )
        x, notes, _ = shares(game, chosen, f"at {point}")
        return game.players, x, notes

    if executor is None:
        outs = [one(p) for p in points]
    else:
        outs = [f.result() for f in [executor.submit(one, p) for p in points]]
    records, notes = [], []
    for k, (point, (players, x, more)) in enumerate(zip(points, outs)):
        notes += more
        for j, (label, _, _) in enumerate(chosen):
            for i, p in enumerate(players):
                records.append({**point, "point": k, "rule": label, "partner": p, "share": float(x[i, j])})
    return Sweep(tuple(points[0]), tuple(points), tuple(c[0] for c in chosen), tuple(records), tuple(notes))


def _points(grid: Any) -> list[dict[str, Any]]:
    if isinstance(grid, Mapping):
        names = list(grid)
        if not names:
            raise InvalidParameterError("`grid` has no points: it names no parameter")
        values = []
        for name in names:
            vals = grid[name]
            if isinstance(vals, (str, bytes)) or not isinstance(vals, (Sequence, np.ndarray)):
                raise InvalidParameterError(f"`grid[{name!r}]` must be a sequence of values, got {vals!r}")
            if len(vals) == 0:
                raise InvalidParameterError(f"`grid[{name!r}]` has no values; the grid has no points")
            values.append(list(vals))
        points = [dict(zip(names, combo)) for combo in itertools.product(*values)]
    elif isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        points = []
        for k, p in enumerate(grid):
            if not isinstance(p, Mapping):
                raise InvalidParameterError(f"`grid[{k}]` must be a mapping of parameter names to values, got {p!r}")
            points.append(dict(p))
    else:
        raise InvalidParameterError(
            f"`grid` must be a mapping {{name: values}} or a list of points, got {type(grid).__name__}"
        )
    if not points:
        raise InvalidParameterError("`grid` has no points")
    names = list(points[0])
    for k, p in enumerate(points):
        if list(p) != names:
            raise InvalidParameterError(f"`grid[{k}]` has the parameters {list(p)}; the first point has {names}")
    return points
