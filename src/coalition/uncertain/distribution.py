"""Each partner's share as a distribution over the scenarios of the worths."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._kernels.batched import semivalue_rows
from .._rules import resolve_rules
from ..errors import CoalitionError, GameTooLargeError, InvalidParameterError
from ..game import Game, ScenarioGame
from ..game._checks import _check_table_size
from ..game.scenarios import check_n_scenarios, check_seed
from ..results.scenarios import ShareDistribution
from ..sampling import estimate_shapley
from ..values import banzhaf, shapley
from ..values._semivalues import _shapley_weights
from ._linear import LINEAR_RULES

__all__ = ["share_distribution"]

#: Largest game solved exactly from its table; larger ones are sampled.
EXACT_MAX_N = 20
#: Budget (value evaluations) of the Shapley sampler per scenario of a large game.
DEFAULT_BUDGET = 100_000
# Scenarios solved together by the compiled kernel.
_CHUNK = 64


def _semivalue_weights(func: Callable[..., Any], n: int) -> tuple[np.ndarray, np.ndarray] | None:
    """``(a, b)`` of the batched kernel for Shapley and the raw Banzhaf value, else None."""
    if func is shapley:
        p = _shapley_weights(n)
    elif func is banzhaf:
        p = np.full(n + 1, 1.0 / 2.0 ** (n - 1))
        p[n] = 0.0
    else:
        return None
    a = np.empty(n + 1)
    a[0] = 0.0
    a[1:] = p[:-1] + p[1:]
    return a, p


class _Solver:
    """Solves scenarios one chunk at a time and keeps what the summary needs."""

    def __init__(self, players: tuple[str, ...], kind: str, func: Callable[..., Any], label: str, budget: int,
                 sampler_seeds: np.random.SeedSequence) -> None:
        self.players, n = players, len(players)
        self.n, self.kind, self.func, self.label, self.budget = n, kind, func, label, budget
        self.sem = _semivalue_weights(func, n)
        self.seeds = sampler_seeds
        self.shares: list[np.ndarray] = []
        self.below: list[np.ndarray] = []
        self.stderr: list[np.ndarray] = []
        self.methods: set[str] = set()
        self.count = 0
        self.buffer: np.ndarray | None = None

    def _dense(self, g: Game) -> bool:
        if g.n > EXACT_MAX_N:
            return False
        try:
            _check_table_size(g.n, copies=2)
        except CoalitionError:
            return False
        return True

    def add(self, items: Sequence[Any]) -> None:
        """Solve a chunk of scenarios, each a Game or a table (raw: costs for a cost game)."""
        m, n = len(items), self.n
        x = np.empty((m, n))
        err = np.zeros((m, n))
        alone = np.empty((m, n))
        grand = np.empty(m)
        batch: list[int] = []
        tables: list[np.ndarray] = []
        for j, s in enumerate(items):
            table = None
            if isinstance(s, np.ndarray):
                if self.sem is not None:
                    table = s
                else:
                    s = Game(s, players=self.players, kind=self.kind)
            if table is not None:
                pass
            elif self.sem is not None and self.func is shapley and s._shapley_fast() is not None:
                x[j] = s._shapley_fast()
                self.methods.add("exact (the game's own algorithm)")
            elif self.sem is not None and self._dense(s):
                table = np.asarray(s.values)
            else:
                x[j], err[j] = self._one(s, self.count + j)
            if isinstance(s, Game):
                alone[j], grand[j] = s.standalone, s.grand_value
            else:
                alone[j], grand[j] = table[1 << np.arange(n)], table[-1]
            if table is not None and self.sem is not None:
                batch.append(j)
                tables.append(table)
        if batch:
            a, b = self.sem
            if self.buffer is None or self.buffer.shape[0] < len(batch):
                self.buffer = np.empty((max(len(batch), _CHUNK), 1 << n))
            buf = self.buffer[:len(batch)]
            for r, table in enumerate(tables):  # one buffer, reused: no fresh pages per chunk
                buf[r] = table
            x[batch] = semivalue_rows(buf, n, a, b)
            self.methods.add("exact")
        scale = np.maximum(np.abs(grand), 1.0)[:, None] * 1e-9
        self.below.append(x < alone - scale if self.kind == "profit" else x > alone + scale)
        self.shares.append(x)
        self.stderr.append(err)
        self.count += m

    def _one(self, s: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
        g = s
        if self.func is shapley and not self._dense(g):
            est = estimate_shapley(g, budget=max(self.budget, 4 * g.n), seed=self.seeds.spawn(1)[0])
            self.methods.add(f"{est.method} sampling, {self.budget:,} evaluations each")
            return np.asarray(est.x), np.asarray(est.stderr)
        try:
            res = self.func(g)
        except CoalitionError as exc:
            raise type(exc)(f"`rule` {self.label} fails in scenario {k}: {exc}") from exc
        try:
            out = np.asarray(getattr(res, "x", res), dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(f"`rule` {self.label} returned no numbers in scenario {k}: {exc}") from exc
        if out.shape != (self.n,):
            raise InvalidParameterError(f"`rule` {self.label} returned shape {out.shape}; expected ({self.n},)")
        self.methods.add("exact")
        return out, np.zeros(self.n)

    def solve_game(self, g: Game) -> tuple[np.ndarray, bool]:
        """The rule of one game, and whether it was exact."""
        before, methods = self.count, set(self.methods)
        self.add([g])
        x, err = self.shares.pop(), self.stderr.pop()
        self.below.pop()
        self.count = before
        exact = not np.any(err)
        if not exact:  # an estimate is discarded by the caller: it solved no scenario
            self.methods = methods
        return x[0], exact


def _weighted_quantiles(s: np.ndarray, w: np.ndarray, levels: Sequence[float]) -> np.ndarray:
    """The inverse distribution function of each column of `s` under weights `w`:
    the smallest value whose cumulative weight reaches the level. Scenarios of
    weight 0 are outside the distribution's support and never a quantile; the
    levels are read against the weights' own total (which may differ from 1
    by rounding)."""
    keep = w > 0
    s, w = s[keep], w[keep]
    order = np.argsort(s, axis=0, kind="stable")
    out = np.empty((len(levels), s.shape[1]))
    for i in range(s.shape[1]):
        col, cw = s[order[:, i], i], np.cumsum(w[order[:, i]])
        for j, q in enumerate(levels):
            k = int(np.searchsorted(cw, q * cw[-1] - 1e-12, side="left"))
            out[j, i] = col[min(k, len(col) - 1)]
    return out


def _check(game: Any, rule: Any, n_scenarios: Any, quantiles: Any, linear: Any, budget: Any):
    if not isinstance(game, ScenarioGame):
        raise InvalidParameterError(
            f"`game` must be a coalition.ScenarioGame (scenarios or a random model), got {type(game).__name__}"
        )
    if game.listed:
        if n_scenarios is not None:
            raise InvalidParameterError(
                "`n_scenarios` is for a random model; listed scenarios are used as they are, with their weights"
            )
        k = len(game.scenarios)
    else:
        if n_scenarios is None:
            raise InvalidParameterError("`n_scenarios` is needed to draw from a random model")
        k = check_n_scenarios(n_scenarios)
    label, func, _ = resolve_rules([rule], arg="rule")[0]
    try:
        levels = tuple(float(q) for q in np.atleast_1d(np.asarray(quantiles, dtype=np.float64)))
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(f"`quantiles` must be numbers in [0, 1], got {quantiles!r}") from exc
    if not levels or any(not (0.0 <= q <= 1.0) for q in levels):
        raise InvalidParameterError(f"`quantiles` must be numbers in [0, 1], got {quantiles!r}")
    if linear is not None and not isinstance(linear, bool):
        raise InvalidParameterError(f"`linear` must be None, True or False, got {linear!r}")
    # for a linear rule the mean of the shares is the rule of the mean game
    lin = (func in LINEAR_RULES) if linear is None else linear
    if budget is None:
        budget = DEFAULT_BUDGET
    elif isinstance(budget, bool) or not isinstance(budget, (int, np.integer)) or budget < 1:
        raise InvalidParameterError(f"`budget` must be a positive integer, got {budget!r}")
    return k, label, func, levels, lin, int(budget)


def _sampler_root(seed: Any, rng: np.random.Generator) -> np.random.SeedSequence:
    """A seed sequence for the sampler, apart from the stream the scenarios are drawn from."""
    if isinstance(seed, np.random.Generator):
        root = getattr(rng.bit_generator, "seed_seq", None)
        if isinstance(root, np.random.SeedSequence):
            return root.spawn(1)[0]
        return np.random.SeedSequence(int(rng.integers(2**63)))  # pragma: no cover
    return np.random.SeedSequence(seed).spawn(1)[0]


def share_distribution(game: ScenarioGame, rule: Any = "shapley", *, n_scenarios: int | None = None,
                       seed: Any = None, quantiles: Sequence[float] = (0.05, 0.5, 0.95),
                       linear: bool | None = None, budget: int | None = None) -> ShareDistribution:
    """Each partner's share under a rule, as a distribution over the scenarios.

    For listed scenarios every figure is exact: a weighted sum over the
    scenarios, with no sampling. A random model is drawn `n_scenarios`
    times (the function gets one generator seeded by `seed`), and the
    figures are those of the sample, the mean with its standard error.

    Parameters
    ----------
    game : ScenarioGame
    rule : str or callable, default "shapley"
        A rule known by name (see :func:`coalition.compare`) or a function
        ``game -> allocation``.
    n_scenarios : int, optional
        Draws of a random model (required for one; not allowed for a list).
    seed : int or numpy.random.Generator, optional
        Seeds the draws, and the Shapley sampler of large games.
    quantiles : sequence of float, default (0.05, 0.5, 0.95)
        Levels of the quantiles to report.
    linear : bool, optional
        Whether the rule is linear in the worths. Known for the Shapley and
        raw Banzhaf values, equal split, equal surplus, the solidarity value,
        ENSC and the least-square prenucleolus; pass True for another linear
        rule (a weighted Shapley value with fixed weights). The mean share
        of a linear rule is the rule of the mean game: exact for listed
        scenarios, and for a random model that knows its mean game.
    budget : int, optional
        Value evaluations of the Shapley sampler per scenario, for games
        beyond 20 players with no exact algorithm of their own (default
        100,000).

    Returns
    -------
    ShareDistribution
        Mean, standard deviation, quantiles and the probability of each
        partner's share being below its standalone worth, with every
        scenario's shares. Shapley and Banzhaf values of tables are
        computed for many scenarios at once by a compiled kernel; games
        beyond 20 players without an exact algorithm are sampled, and the
        sampler's error is reported in `mc_stderr`, apart from the spread.

    Raises
    ------
    InvalidParameterError
        If `game` is not a ScenarioGame, `n_scenarios` is missing for a
        random model (or given for a list), or `seed`, `quantiles`, `rule`,
        `linear` or `budget` are not valid.
    InvalidGameError
        If a drawn scenario is not a game on the model's partners.

    Notes
    -----
    The quantiles are the inverse of the (weighted) distribution function,
    definition 1 of Hyndman and Fan (1996); for equally likely draws they are
    numpy's ``method="inverted_cdf"``. The standard deviation of listed
    scenarios is the distribution's own; that of draws the sample's
    (``ddof=1``).

    References
    ----------
    Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn and
    A. W. Tucker (eds.), Contributions to the Theory of Games II, 307-317
    (the value is linear in the worths: additivity).

    Hyndman, R. J. and Fan, Y. (1996). Sample quantiles in statistical
    packages. The American Statistician 50(4), 361-365.

    Examples
    --------
    >>> import coalition as co
    >>> def draw(rng):
    ...     return co.Game.from_dict({"A": 10, "B": 5, "A+B": rng.uniform(20, 40)})
    >>> model = co.ScenarioGame(draw, players=["A", "B"])
    >>> d = co.share_distribution(model, n_scenarios=2000, seed=1)
    >>> round(d["A"]["mean"], 1), d.mean_exact
    (17.5, False)

    With the model's mean game known, a linear rule's mean is exact:

    >>> mean = co.Game.from_dict({"A": 10, "B": 5, "A+B": 30})
    >>> model = co.ScenarioGame(draw, players=["A", "B"], mean=mean)
    >>> co.share_distribution(model, n_scenarios=2000, seed=1)["A"]["mean"]
    17.5
    """
    k, label, func, levels, lin, budget = _check(game, rule, n_scenarios, quantiles, linear, budget)
    rng = check_seed(seed)
    solver = _Solver(game.players, game.kind, func, label, budget, _sampler_root(seed, rng))
    if game.listed:
        items = list(game.scenarios)
        for start in range(0, k, _CHUNK):
            solver.add(items[start:start + _CHUNK])
        w = np.asarray(game.weights, dtype=np.float64)
    else:
        chunk: list[Any] = []
        for s in game._draws(k, rng):
            chunk.append(s)
            if len(chunk) == _CHUNK:
                solver.add(chunk)
                chunk = []
        if chunk:
            solver.add(chunk)
        w = np.full(k, 1.0 / k)
    shares = np.vstack(solver.shares)
    below = np.vstack(solver.below)
    err = np.vstack(solver.stderr)
    sampled = bool(np.any(err))
    mean = w @ shares
    if game.listed:
        std = np.sqrt(np.maximum(w @ (shares - mean) ** 2, 0.0))
        q = _weighted_quantiles(shares, w, levels)
        mean_stderr = np.sqrt(w**2 @ err**2)
    else:
        std = shares.std(axis=0, ddof=1) if k > 1 else np.zeros(game.n)
        q = np.quantile(shares, levels, axis=0, method="inverted_cdf").reshape(len(levels), game.n)
        mean_stderr = std / np.sqrt(k)
    mean_exact = game.listed and not sampled
    # The mean of listed games is a table game: beyond EXACT_MAX_N players its Shapley
    # value would be sampled, never exact, so it cannot improve the weighted mean.
    too_large = game.listed and func is shapley and game.n > EXACT_MAX_N
    if lin and (game.listed or game._mean is not None) and not too_large:
        try:
            x_mean, exact_mean = solver.solve_game(game.mean_game())
        except GameTooLargeError:  # listed games too large for a table: their weighted mean stands
            x_mean, exact_mean = mean, False
        if exact_mean:
            mean, mean_exact = x_mean, True
            mean_stderr = np.zeros(game.n)
    return ShareDistribution(
        players=game.players, x=mean, rule=label, kind=game.kind, std=std, levels=levels, quantiles=q,
        below_standalone=w @ below, n_scenarios=k, exact=game.listed and not sampled,
        mean_exact=bool(mean_exact), mean_stderr=mean_stderr,
        mc_stderr=np.sqrt(np.mean(err**2, axis=0)) if sampled else None,
        shares=shares, weights=w, method="; ".join(sorted(solver.methods)),
    )
