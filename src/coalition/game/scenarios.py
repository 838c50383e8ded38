"""Games whose worths are uncertain: weighted scenarios, or draws of a random model."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from ..errors import InvalidGameError, InvalidParameterError
from ._checks import _check_kind, _check_players
from .game import Game

__all__ = ["ScenarioGame"]

# Weights must add up to one within this much.
_WEIGHT_TOL = 1e-9


class ScenarioGame:
    """The worths of an alliance as scenarios: a weighted list of games, or a
    random model that draws one game at a time.

    Parameters
    ----------
    scenarios : list of Game or of tables, or callable
        Either the scenarios themselves, each a :class:`~coalition.Game` (or a
        table of ``2**n`` worths in bitmask order) on the same partners; or a
        function taking a :class:`numpy.random.Generator` and returning one
        scenario (a Game or a table).
    weights : array_like, optional
        The probability of each listed scenario: non-negative, adding up to
        one. Equal weights when omitted. Not allowed with a function.
    players : sequence of str, optional
        The partners. Needed with a function; with a list of tables, the
        default names ``P1, P2, ...`` are used when omitted.
    kind : {"profit", "cost"}, optional
        Whether tables hold worths or costs; taken from the first Game when
        the scenarios are games ("profit" for tables when omitted).
    mean : Game or array_like, optional
        For a function only: the expected game ``E[v(S)]``, when the model
        knows it in closed form. It makes the mean share of a linear rule
        exact (see :func:`coalition.share_distribution`).

    Raises
    ------
    InvalidParameterError
        If the weights are negative, not finite or do not add up to one, if
        they are given with a function, or if `players` is missing for a
        function.
    InvalidGameError
        If the listed scenarios do not all have the same partners and kind,
        or a table is not a valid game.

    Examples
    --------
    >>> import coalition as co
    >>> low = co.Game.from_dict({"A": 10, "B": 5, "A+B": 20})
    >>> high = co.Game.from_dict({"A": 10, "B": 5, "A+B": 40})
    >>> sg = co.ScenarioGame([low, high], weights=[0.75, 0.25])
    >>> sg.mean_game().value("A+B")
    25.0

    A random model: the pair's worth is uniform between 20 and 40.

    >>> def draw(rng):
    ...     return [0.0, 10.0, 5.0, rng.uniform(20, 40)]
    >>> model = co.ScenarioGame(draw, players=["A", "B"])
    >>> model.listed
    False
    """

    __slots__ = ("_draw", "_games", "_kind", "_mean", "_players", "_weights")

    def __init__(self, scenarios: Any, weights: Any = None, *, players: Sequence[str] | None = None,
                 kind: str | None = None, mean: Any = None) -> None:
        self._games: tuple[Game, ...] | None = None
        self._weights: np.ndarray | None = None
        self._draw: Callable[[np.random.Generator], Any] | None = None
        self._mean: Game | None = None
        if callable(scenarios) and not isinstance(scenarios, Game):
            if weights is not None:
                raise InvalidParameterError(
                    "`weights` are for a list of scenarios; a function's draws are equally likely"
                )
            if players is None:
                raise InvalidParameterError("`players` is needed when `scenarios` is a function of an rng")
            self._kind = _check_kind("profit" if kind is None else kind)
            self._players = _check_players(players)
            self._draw = scenarios
            if mean is not None:
                self._mean = self._as_game(mean, "mean")
            return
        if isinstance(scenarios, (str, bytes, Game)) or not isinstance(scenarios, Sequence) or not scenarios:
            raise InvalidParameterError(
                "`scenarios` must be a non-empty list of games (or tables) or a function rng -> game, "
                f"got {type(scenarios).__name__}"
            )
        if mean is not None:
            raise InvalidParameterError("`mean` is for a function; a list's mean game is computed from it")
        first = scenarios[0]
        if isinstance(first, Game):
            self._players = first.players if players is None else _check_players(players, first.n)
            self._kind = first.kind if kind is None else _check_kind(kind)
        else:
            self._kind = _check_kind("profit" if kind is None else kind)
            self._players = Game(first, players=players, kind=self._kind).players
        self._games = tuple(self._as_game(s, f"scenarios[{k}]") for k, s in enumerate(scenarios))
        self._weights = _check_weights(weights, len(self._games))

    # -- what it is ----------------------------------------------------------------
    @property
    def players(self) -> tuple[str, ...]:
        """The partners, in order."""
        return self._players

    @property
    def n(self) -> int:
        """Number of partners."""
        return len(self._players)

    @property
    def kind(self) -> str:
        """``"profit"`` or ``"cost"``."""
        return self._kind

    @property
    def listed(self) -> bool:
        """True for a weighted list of scenarios, False for a random model."""
        return self._games is not None

    @property
    def scenarios(self) -> tuple[Game, ...]:
        """The listed scenarios.

        Raises
        ------
        InvalidParameterError
            For a random model, which has no list: draw from it with :meth:`sample`.
        """
        if self._games is None:
            raise InvalidParameterError("a random model has no list of scenarios; draw some with `sample`")
        return self._games

    @property
    def weights(self) -> np.ndarray:
        """The probability of each listed scenario (read-only)."""
        self.scenarios  # noqa: B018 - raises for a random model
        return self._weights  # type: ignore[return-value]

    def mean_game(self) -> Game:
        """The expected game: ``E[v(S)]`` for every coalition.

        The weighted average of the listed scenarios, or the `mean` given
        with a random model.

        Raises
        ------
        InvalidParameterError
            For a random model built without `mean`: its expectation is not
            known exactly.
        """
        if self._games is None:
            if self._mean is None:
                raise InvalidParameterError(
                    "the mean game of a random model is not known; pass `mean=` to ScenarioGame if the "
                    "model has one in closed form"
                )
            return self._mean
        total = np.zeros(1 << self.n)
        for w, g in zip(self._weights, self._games):  # one table at a time: no K x 2**n copy
            total += w * np.asarray(g.values)
        return Game(total, players=self._players, kind=self._kind)

    def sample(self, n_scenarios: int, seed: Any = None) -> list[Game]:
        """Draw `n_scenarios` games from a random model (one generator seeded
        by `seed` is passed to the function each time), or from the listed
        scenarios by their weights."""
        k = check_n_scenarios(n_scenarios)
        rng = check_seed(seed)
        if self._games is not None:
            picks = rng.choice(len(self._games), size=k, p=self._weights)
            return [self._games[i] for i in picks]
        return [self._as_game(s, f"scenario {j}") for j, s in enumerate(self._draws(k, rng))]

    # -- internals -------------------------------------------------------------------
    def _draws(self, n_scenarios: int, rng: np.random.Generator) -> Iterator[Any]:
        """Raw draws of the model, each a Game or a table, checked for size."""
        assert self._draw is not None
        size = 1 << self.n
        for k in range(n_scenarios):
            s = self._draw(rng)
            if isinstance(s, Game):
                if s.players != self._players or s.kind != self._kind:
                    raise InvalidGameError(
                        f"scenario {k} has partners {list(s.players)} ({s.kind}); every scenario must have "
                        f"{list(self._players)} ({self._kind})"
                    )
                yield s
                continue
            try:
                arr = np.asarray(s, dtype=np.float64) if not isinstance(s, (str, bytes)) else None
            except (TypeError, ValueError) as exc:
                raise InvalidGameError(
                    f"`scenarios` returned a table in scenario {k} that is not numbers: {exc}"
                ) from exc
            if arr is None or arr.shape != (size,):
                shape = None if arr is None else arr.shape
                raise InvalidGameError(
                    f"`scenarios` returned a table of shape {shape} in scenario {k}; a game of "
                    f"{self.n} players needs {size} worths (or a coalition.Game)"
                )
            if not np.all(np.isfinite(arr)) or arr[0] != 0:
                raise InvalidGameError(
                    f"`scenarios` returned a table in scenario {k} with NaN, infinite worths or "
                    f"v(empty) = {arr[0]!r} != 0"
                )
            yield arr

    def _as_game(self, s: Any, what: str) -> Game:
        if isinstance(s, Game):
            if s.players != self._players or s.kind != self._kind:
                raise InvalidGameError(
                    f"`{what}` has partners {list(s.players)} ({s.kind}); every scenario must have "
                    f"{list(self._players)} ({self._kind})"
                )
            return s
        try:
            return Game(s, players=self._players, kind=self._kind)
        except InvalidGameError as exc:
            raise InvalidGameError(f"`{what}`: {exc}") from exc

    def __repr__(self) -> str:
        what = f"{len(self._games)} scenarios" if self._games is not None else "a random model"
        return f"<ScenarioGame: {what}, {self.n} players ({', '.join(self._players[:6])}"\
               f"{', ...' if self.n > 6 else ''}), {self._kind}>"


def _check_weights(weights: Any, k: int) -> np.ndarray:
    if weights is None:
        w = np.full(k, 1.0 / k)
    else:
        try:
            w = np.array(weights, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(f"`weights` must be {k} numbers, got {weights!r}") from exc
        if w.shape != (k,):
            raise InvalidParameterError(f"`weights` has shape {w.shape}; expected ({k},), one per scenario")
        if not np.all(np.isfinite(w)) or np.any(w < 0):
            raise InvalidParameterError(f"`weights` must be finite and non-negative, got {w.tolist()}")
        total = float(w.sum())
        if abs(total - 1.0) > _WEIGHT_TOL:
            raise InvalidParameterError(f"`weights` must add up to 1 (they are probabilities), they add up "
                                        f"to {total!r}")
    w.setflags(write=False)
    return w


def check_n_scenarios(n_scenarios: Any) -> int:
    """`n_scenarios` as a positive int, or a clear error."""
    if isinstance(n_scenarios, bool) or not isinstance(n_scenarios, (int, np.integer)) or n_scenarios < 1:
        raise InvalidParameterError(f"`n_scenarios` must be a positive integer, got {n_scenarios!r}")
    return int(n_scenarios)


def check_seed(seed: Any) -> np.random.Generator:
    """``numpy.random.default_rng(seed)``, or a clear error."""
    if isinstance(seed, bool):
        raise InvalidParameterError(f"`seed` must be None, an integer or a Generator, got {seed!r}")
    try:
        return np.random.default_rng(seed)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"`seed` must be None, an integer or a Generator, got {seed!r}") from exc
