"""Values for alliances organised in blocs: the Owen value and the
Banzhaf-Owen value.

Partners often come in groups that negotiate together: regional carriers in
an airline alliance, the suppliers of one consortium member. With such *a
priori unions* (blocs) the Owen value first shares the value between the
blocs as if each bloc were one player (their Shapley value in the quotient
game), then within each bloc. Equivalently, it averages the partners'
marginal contributions over the orders in which every bloc arrives as a
contiguous group.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any

import numpy as np
from scipy.special import gammaln

from .._kernels import owen as _ko
from ..errors import ConvergenceWarning, InvalidParameterError
from ..game import Game
from ..game._checks import _check_table_size
from ..game._partition import partition_masks
from ..results import Allocation, Estimate
from ..sampling._run import _root_seed, _warn_no_value
from ..sampling._settings import _blind
from ..sampling.permutation import _padded_var
from ..values._checks import _check_game

__all__ = ["owen", "banzhaf_owen"]

# With ``method="auto"``, a game without a table is tabulated up to this many
# players; beyond it the Owen value is sampled.
_AUTO_DENSE_MAX_N = 20
# Orders drawn per chunk; fixed, so a seed gives the same estimate however
# the work is split.
_CHUNK_ORDERS = 32
# Boolean entries per batch of prefix coalitions handed to a game's evaluator.
_BATCH_ENTRIES = 1 << 23
# With `tol` and no `budget`: at most this many orders, and `tol` is trusted
# only after _MIN_ORDERS of them.
_MAX_TOL_ORDERS = 1_000_000
_MIN_ORDERS = 64


def _check_method(method: Any) -> str:
    if method not in ("auto", "exact", "sample"):
        raise InvalidParameterError(f"`method` must be 'auto', 'exact' or 'sample', got {method!r}")
    return method


def _pairwise_value(game: Game) -> np.ndarray | None:
    """Owen = Banzhaf-Owen = Shapley for a game whose dividends sit on
    singletons and pairs: a pair's dividend is halved between its two members
    whether they share a bloc or not."""
    pairwise = getattr(game, "_pairwise_dividends", None)
    if pairwise is None:
        return None
    a, edges, s = pairwise()
    n = game.n
    half = 0.5 * s
    return np.asarray(a, dtype=np.float64) + np.bincount(edges[:, 0], weights=half, minlength=n) + np.bincount(
        edges[:, 1], weights=half, minlength=n
    )


@functools.lru_cache(maxsize=64)
def _weights(kind: str, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights of the two levels: ``outer[r]`` for r other blocs joined
    before (of ``m - 1``), ``inner[b, t]`` for t bloc-mates before (of a bloc
    of ``b``). Shapley weights ``r! (m-1-r)! / m!`` for the Owen value,
    ``2**-(m-1)`` and ``2**-(b-1)`` for the Banzhaf-Owen value. Computed
    once per ``(kind, n, m)`` and kept, so both are read-only."""
    b = np.arange(n + 1, dtype=np.float64)[:, None]
    t = np.arange(max(n, 1), dtype=np.float64)[None, :]
    valid = t < b
    if kind == "owen":
        r = np.arange(m, dtype=np.float64)
        outer = np.exp(gammaln(r + 1) + gammaln(m - r) - gammaln(m + 1))
        with np.errstate(invalid="ignore"):
            logw = gammaln(t + 1) + gammaln(np.where(valid, b - t, 1.0)) - gammaln(b + 1)
        inner = np.where(valid, np.exp(logw), 0.0)
    else:
        outer = np.full(m, 0.5 ** (m - 1))
        inner = np.where(valid, 0.5 ** (b - 1), 0.0)
    inner = np.ascontiguousarray(inner)
    outer.setflags(write=False)
    inner.setflags(write=False)
    return outer, inner


def _exact(game: Game, blocs: list, kind: str, masks: list[int] | None = None) -> np.ndarray:
    _check_table_size(game.n)
    if len(blocs) in (1, game.n):
        # One bloc, or a bloc per partner: both levels collapse into one and
        # the value is the Shapley (Banzhaf) value; its O(2**n) kernel runs.
        from ..values import banzhaf, shapley

        return (shapley if kind == "owen" else banzhaf)(game).x
    if masks is None:
        masks = [sum(1 << int(i) for i in b) for b in blocs]
    masks = np.array(masks, dtype=np.int64)
    outer, inner = _weights(kind, game.n, len(blocs))
    x = _ko.bloc_value(game.worths, masks, outer, inner)
    return game._from_worth_units(x)


def _exact_allocation(game: Game, blocs: list, rule: str, masks: list[int]) -> Allocation:
    """The exact value as an Allocation; a fresh array from the kernel is
    taken over rather than copied."""
    x = _exact(game, blocs, "owen" if rule == "owen" else "banzhaf", masks)
    # a kernel's array owns its memory (its base is numba's, not an ndarray)
    if isinstance(x.base, np.ndarray) or not x.flags.writeable or x.dtype != np.float64 or x.shape != (game.n,):
        return Allocation(game.players, x, rule, game.kind)
    x.setflags(write=False)
    return Allocation._owned({"players": game.players, "x": x, "rule": rule, "kind": game.kind})


def _chunk_seed(root: np.random.SeedSequence, chunk: int) -> int:
    ss = np.random.SeedSequence(root.entropy, spawn_key=tuple(root.spawn_key) + (chunk,))
    return int(ss.generate_state(1, dtype=np.uint32)[0])


def _prefix_worths(game: Game, orders: np.ndarray) -> np.ndarray:
    """Worth (in the game's units) of every prefix of every order."""
    k, n = orders.shape
    if game._table is not None:
        bits = np.int64(1) << orders
        masks = np.bitwise_or.accumulate(bits, axis=1)
        return game._table[masks]
    out = np.empty((k, n))
    rank = np.empty_like(orders)
    np.put_along_axis(rank, orders, np.arange(n)[None, :], axis=1)
    step = max(1, _BATCH_ENTRIES // (n * n))
    t = np.arange(n)
    for r0 in range(0, k, step):
        block = rank[r0:r0 + step]
        members = block[:, None, :] <= t[None, :, None]
        vals = np.asarray(game._evaluate(members.reshape(-1, n)), dtype=np.float64)
        out[r0:r0 + step] = vals.reshape(-1, n)
    return out


def _sample(game, blocs, *, budget, tol, confidence, seed, rule) -> Estimate:
    from scipy.stats import t as student_t

    n = game.n
    if budget is not None:
        if isinstance(budget, bool) or not isinstance(budget, (int, np.integer)) or budget < 2 * n:
            raise InvalidParameterError(
                f"`budget` must be an integer of at least {2 * n} (two orders of {n} players), got {budget!r}"
            )
    if tol is not None:
        if isinstance(tol, bool) or not isinstance(tol, (int, float, np.integer, np.floating)) or not (
            np.isfinite(tol) and tol > 0
        ):
            raise InvalidParameterError(f"`tol` must be a positive number, got {tol!r}")
        tol = float(tol)
    if budget is None and tol is None:
        raise InvalidParameterError(
            f"the {rule} value is sampled here: pass `budget` (evaluations) or `tol` "
            "(confidence half-width), or method='exact'"
        )
    if isinstance(confidence, bool) or not isinstance(confidence, (int, float, np.integer, np.floating)) or not (
        0 < confidence < 1
    ):
        raise InvalidParameterError(f"`confidence` must be in (0, 1), got {confidence!r}")
    root = _root_seed(seed)
    max_orders = int(budget) // n if budget is not None else _MAX_TOL_ORDERS
    starts = np.concatenate([[0], np.cumsum([len(b) for b in blocs])]).astype(np.int64)
    members = np.concatenate(blocs).astype(np.int64)
    sums = np.zeros(n)
    sumsq = np.zeros(n)
    lo, hi = np.full(n, np.inf), np.full(n, -np.inf)
    done = 0
    chunk = 0
    met = False

    def errors():
        # the permutation estimator's padded variance: pseudo draws at each
        # end of a player's range (a rare contribution does not get an
        # interval that covers less than claimed), and the range over all
        # players for one never seen to contribute
        mean = sums / done
        m2 = np.maximum(sumsq - sums * mean, 0.0)
        se = np.sqrt(_padded_var((done, mean, m2), lo, hi) / done)
        return mean, se, float(student_t.ppf(0.5 + confidence / 2, max(done - 1, 1)))

    while done < max_orders:
        k = min(_CHUNK_ORDERS, max_orders - done)
        orders = _ko.bloc_orders(starts, members, k, _chunk_seed(root, chunk))
        worths = _prefix_worths(game, orders)
        _ko.accumulate_marginals(orders, worths, sums, sumsq)
        by_player = np.empty_like(worths)  # each order's marginal contributions, by player
        np.put_along_axis(by_player, orders, np.diff(worths, axis=1, prepend=0.0), axis=1)
        lo, hi = np.minimum(lo, by_player.min(axis=0)), np.maximum(hi, by_player.max(axis=0))
        done += k
        chunk += 1
        if tol is not None and done >= _MIN_ORDERS:
            x, stderr, q = errors()
            if float(np.max(q * stderr)) <= tol and not _blind(x, stderr):
                met = True
                break
    x, stderr, q = errors()
    if _blind(x, stderr):
        _warn_no_value(f"the sampled {rule} value", f"{done} orders", "raise the budget",
                       4)  # owen -> _bloc_rule -> _sample
        stderr = np.full(n, np.inf)
        met = False
    elif tol is not None and not met:
        warnings.warn(
            f"the sampled {rule} value stopped after {done} orders before every half-width reached "
            f"`tol`={tol:g}: the widest is {float(np.max(q * stderr)):.3g}",
            ConvergenceWarning,
            stacklevel=4,  # owen -> _bloc_rule -> _sample
        )
    with np.errstate(invalid="ignore"):
        half = np.where(stderr == 0, 0.0, q * stderr)
    return Estimate(
        game.players,
        x,
        rule,
        game.kind,
        stderr=stderr,
        ci=(x - half, x + half),
        confidence=float(confidence),
        n_evaluations=done * n,
        n_permutations=done,
        converged=met if tol is not None else True,
        method="bloc-consistent orders",
    )


def owen(
    game: Game,
    blocs: Any,
    *,
    method: str = "auto",
    budget: int | None = None,
    tol: float | None = None,
    confidence: float = 0.95,
    seed: Any = None,
) -> Allocation:
    r"""Owen value: the Shapley value with a priori unions (blocs).

    The partners' marginal contributions are averaged over the orders in
    which each bloc arrives as one contiguous group, blocs in random order
    and partners in random order within their bloc. Each bloc receives its
    Shapley value in the quotient game (blocs as players), and shares it
    among its members. For player ``i`` in bloc ``k`` of ``b`` players among
    ``m`` blocs:

    .. math:: x_i = \sum_{R \subseteq M \setminus k}\ \sum_{T \subseteq B_k \setminus i}
              \frac{r!(m-r-1)!}{m!}\,\frac{t!(b-t-1)!}{b!}\,
              \bigl(v(Q_R \cup T \cup i) - v(Q_R \cup T)\bigr)

    with ``Q_R`` the union of the blocs in ``R``. With one bloc, or every
    partner in a bloc of its own, it is the Shapley value.

    Parameters
    ----------
    game : Game
    blocs : list of groups of player names, or dict
        A partition of the players: ``[["A", "B"], ["C"]]``, ``["A+B", "C"]``
        or ``{"Europe": ["A", "B"], "Asia": ["C"]}``.
    method : {"auto", "exact", "sample"}, default "auto"
        ``"exact"``: the formula above over the dense table,
        O(sum over blocs of 2**(m-1) b 2**b) look-ups. ``"sample"``: Monte
        Carlo over bloc-consistent orders, without a table. ``"auto"``: exact
        for games with a table or at most 20 players, sampled beyond. Games
        whose dividends sit on pairs (e.g. :func:`coalition.network.synergy_game`)
        use their closed form (their Owen value is their Shapley value).
    budget : int, optional
        Sampling: evaluations of the game to spend (``n`` per order).
    tol : float, optional
        Sampling: stop once every confidence half-width is at most `tol`
        (checked every 32 orders, from 64 orders on). One of `budget` and
        `tol` is required when the value is sampled.
    confidence : float, default 0.95
        Sampling: level of the (Student t) confidence intervals.
    seed : int, numpy.random.Generator or SeedSequence, optional
        Sampling: the same seed gives the same estimate. Orders are drawn in
        chunks of 32, each seeded from ``numpy.random.SeedSequence``.

    Returns
    -------
    Allocation or Estimate
        Rule ``"owen"`` (cost shares for a cost game); an
        :class:`~coalition.Estimate` with ``stderr`` and ``ci`` when sampled.

    Raises
    ------
    InvalidParameterError
        If `blocs` is not a partition of the players (the message lists the
        players missing, repeated or unknown), a tuning argument is out of
        range, or a sampled value has neither `budget` nor `tol`.
    GameTooLargeError
        If ``method="exact"`` needs a table beyond the memory cap.

    References
    ----------
    Owen, G. (1977). Values of games with a priori unions. In R. Henn and
    O. Moeschlin (eds.), Mathematical Economics and Game Theory, Lecture
    Notes in Economics and Mathematical Systems 141, 76-88. Springer.

    Examples
    --------
    Three carriers: A and B form a regional bloc. A and C are each needed,
    and B adds only alongside them (A+C earn 6, A+B+C earn 12). Negotiating
    as a bloc, A and B get 6 together, as C does; C's Shapley share is 5.

    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+C": 6, "A+B+C": 12},
    ...                       fill="additive")
    >>> co.owen(g, [["A", "B"], ["C"]]).as_dict()
    {'A': 4.5, 'B': 1.5, 'C': 6.0}
    >>> co.shapley(g).as_dict()
    {'A': 5.0, 'B': 2.0, 'C': 5.0}
    """
    return _bloc_rule(game, blocs, "owen", method, budget, tol, confidence, seed)


def banzhaf_owen(game: Game, blocs: Any, *, method: str = "auto") -> Allocation:
    r"""Banzhaf-Owen value: the Banzhaf value with a priori unions.

    As :func:`owen`, with every set of other blocs and every set of
    bloc-mates equally likely (Banzhaf weights at both levels):

    .. math:: x_i = \sum_{R \subseteq M \setminus k}\ \sum_{T \subseteq B_k \setminus i}
              \frac{1}{2^{m-1}}\,\frac{1}{2^{b-1}}\,
              \bigl(v(Q_R \cup T \cup i) - v(Q_R \cup T)\bigr).

    With one bloc, or all partners in blocs of their own, it is the Banzhaf
    value. Like the Banzhaf value it need not add up to ``v(N)``.

    Parameters
    ----------
    game : Game
    blocs : list of groups of player names, or dict
        A partition of the players (see :func:`owen`).
    method : {"auto", "exact"}, default "auto"
        Exact over the dense table (sampling is offered for :func:`owen`).

    Returns
    -------
    Allocation
        Rule ``"banzhaf-owen"``.

    Raises
    ------
    InvalidParameterError
        If `blocs` is not a partition of the players.
    GameTooLargeError
        If the game needs a table beyond the memory cap.

    References
    ----------
    Owen, G. (1982). Modification of the Banzhaf-Coleman index for games with
    a priori unions. In M. J. Holler (ed.), Power, Voting and Voting Power,
    232-238. Physica-Verlag.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+C": 6, "A+B+C": 12},
    ...                       fill="additive")
    >>> co.banzhaf_owen(g, [["A", "B"], ["C"]]).as_dict()
    {'A': 4.5, 'B': 1.5, 'C': 6.0}
    >>> co.banzhaf_owen(g, [["A", "B", "C"]]).as_dict() == co.banzhaf(g).as_dict()
    True
    """
    if method not in ("auto", "exact"):
        raise InvalidParameterError(f"`method` must be 'auto' or 'exact', got {method!r}")
    return _bloc_rule(game, blocs, "banzhaf-owen", "exact", None, None, 0.95, None)


def _bloc_rule(game, blocs, rule, method, budget, tol, confidence, seed):
    game = _check_game(game)
    method = _check_method(method)
    parts, masks = partition_masks(blocs, game.players, "blocs")
    if method != "sample":
        fast = _pairwise_value(game)
        if fast is not None:
            return Allocation(game.players, fast, rule, game.kind)
        if method == "exact" or game._table is not None or game.n <= _AUTO_DENSE_MAX_N:
            return _exact_allocation(game, parts, rule, masks)
    return _sample(game, parts, budget=budget, tol=tol, confidence=confidence, seed=seed, rule=rule)
