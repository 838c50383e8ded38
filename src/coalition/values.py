"""Values of a game: Shapley, Banzhaf, weighted Shapley and simple rules.

Each rule takes a :class:`~coalition.Game` and returns an
:class:`~coalition.Allocation`. For a cost game the rules are computed on the
savings game and reported as cost shares (see :class:`~coalition.Game`); the
simple rules (:func:`equal_split`, :func:`equal_surplus`,
:func:`proportional`) are defined directly on the values as given.
"""

from __future__ import annotations

from math import comb
from typing import Any

import numpy as np

from ._kernels import exact as _kx
from .errors import InvalidGameError, InvalidParameterError
from .game import Game
from .results import Allocation

__all__ = [
    "shapley",
    "banzhaf",
    "weighted_shapley",
    "equal_split",
    "equal_surplus",
    "proportional",
]


def _check_game(game: Any) -> Game:
    if not isinstance(game, Game):
        raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
    return game


def _short(values: np.ndarray, k: int = 6) -> str:
    shown = ", ".join(f"{v:g}" for v in values[:k])
    return f"[{shown}{', ...' if values.size > k else ''}]"


def _describe(x: Any) -> str:
    """A short description of a value for a message (huge integers by size:
    their decimal string may be refused by Python beyond 4,300 digits)."""
    if isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_)) and int(x).bit_length() > 128:
        return f"an integer of {int(int(x).bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(x)
    except ValueError:  # a container holding such an integer
        return f"a {type(x).__name__}"
    return text if len(text) <= 40 else text[:37] + "..."


_PLAIN_NUMBER_TYPES = (int, float, np.integer, np.floating)


def _entry_problem(x: Any) -> str | None:
    """Why `x` is not a real number that fits a float64, or None if it is."""
    if isinstance(x, (bool, np.bool_)):
        return f"{x!r} (a bool)"
    if isinstance(x, (str, bytes)):
        return f"{_describe(x)} (a string)"
    if x is None:
        return "None"
    if isinstance(x, (complex, np.complexfloating)):
        return f"{x!r} (a complex number)"
    try:
        float(x)
    except OverflowError:
        return f"{_describe(x)}, too large for a float64 (above 1.8e308)"
    except (TypeError, ValueError):
        return f"{_describe(x)} (a {type(x).__name__})"
    return None


def _real_array(values: Any, arg: str, *, error: type = InvalidParameterError) -> np.ndarray:
    """`values` as a float64 array, refusing anything that is not a real
    number: strings (even "1.5"), bools, complex numbers, None, and integers
    too large for a float64. Non-finite entries pass (the caller decides)."""
    if isinstance(values, (str, bytes)):
        raise error(f"`{arg}` must be numbers, got the string {_describe(values)}")
    if isinstance(values, (list, tuple)):
        if all(issubclass(t, _PLAIN_NUMBER_TYPES) and not issubclass(t, (bool, np.bool_))
               for t in set(map(type, values))):  # the common case, checked by type at C speed
            try:
                return np.array(values, dtype=np.float64)
            except OverflowError:
                pass  # an integer beyond the float range: found and named below
        try:
            arr = np.asarray(values, dtype=object)
        except (TypeError, ValueError, OverflowError):
            raise error(f"`{arg}` must be numbers, got {_describe(values)}") from None
    else:  # an array, a pandas object, a scalar
        try:
            arr = np.asarray(values)
        except (TypeError, ValueError, OverflowError):
            raise error(f"`{arg}` must be numbers, got {_describe(values)}") from None
        if arr.dtype.kind in "iuf":
            return np.array(arr, dtype=np.float64)  # a copy: the caller may freeze it
        if arr.dtype.kind != "O":
            kind = {"b": "bools", "c": "complex numbers", "U": "strings", "S": "strings"}.get(
                arr.dtype.kind, f"dtype {arr.dtype}")
            got = f"an array of {kind}" if arr.ndim else _entry_problem(values) or _describe(values)
            raise error(f"`{arg}` must be real numbers, got {got}")
    for k, x in enumerate(arr.flat):
        problem = _entry_problem(x)
        if problem is not None:
            where = f" entry {k}" if arr.ndim else ""
            raise error(f"`{arg}`{where} must be a real number, got {problem}")
    try:
        return np.array(arr.tolist(), dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise error(f"`{arg}` must be numbers, got {_describe(values)}") from None


def _check_weights(weights: Any, game: Game, *, arg: str = "weights", allow_zero: bool = False) -> np.ndarray:
    if isinstance(weights, dict):
        players = set(game.players)
        unknown = [k for k in weights if k not in players]
        if unknown:
            raise InvalidParameterError(
                f"`{arg}` names {_describe(unknown[0])}, which is not a player of the game "
                f"({_short_names(game.players)})"
            )
        absent = [p for p in game.players if p not in weights]
        if absent:
            raise InvalidParameterError(f"`{arg}` has no weight for {_short_names(absent)}")
        weights = [weights[p] for p in game.players]
    w = _real_array(weights, arg)
    if w.shape != (game.n,):
        raise InvalidParameterError(f"`{arg}` has shape {w.shape}; the game has {game.n} players")
    if not np.all(np.isfinite(w)):
        raise InvalidParameterError(f"`{arg}` has non-finite entries: {_short(w)}")
    if allow_zero:
        if np.any(w < 0):
            raise InvalidParameterError(f"`{arg}` must be non-negative, got {_short(w)}")
        if not np.any(w > 0):
            raise InvalidParameterError(f"`{arg}` must have a positive sum, got {_short(w)}")
    elif np.any(w <= 0):
        raise InvalidParameterError(f"`{arg}` must be positive, got {_short(w)}")
    return w


def _short_names(names: Any, k: int = 6) -> str:
    names = list(names)
    shown = ", ".join(repr(p) for p in names[:k])
    return shown + (f" and {len(names) - k} more" if len(names) > k else "")


def _semivalue(worths: np.ndarray, n: int, p: np.ndarray) -> np.ndarray:
    """Semivalue with weight p[s] on a marginal contribution to a coalition of
    size s (p has n + 1 entries, p[n] = 0)."""
    a = np.empty(n + 1)
    a[0] = 0.0
    a[1:] = p[:-1] + p[1:]
    sums, total = _kx.size_weighted_bit_sums(worths, n, a, p)
    return sums - total


def _shapley_weights(n: int) -> np.ndarray:
    # s! (n - s - 1)! / n! = 1 / (n * C(n - 1, s)) for s = 0..n-1, rounded once;
    # 0 for s = n (there is no marginal contribution to the grand coalition).
    return np.array([1.0 / (n * comb(n - 1, s)) for s in range(n)] + [0.0])


def shapley(game: Game) -> Allocation:
    r"""Exact Shapley value: each partner's average marginal contribution.

    Imagine the partners joining the alliance one by one in a random order;
    each is credited with the value it adds when it joins. The Shapley value
    is that credit averaged over all orders:

    .. math:: \phi_i = \sum_{S \subseteq N \setminus i}
              \frac{|S|!\,(n-|S|-1)!}{n!}\,\bigl(v(S \cup i) - v(S)\bigr).

    It is the only rule that is efficient, symmetric, gives null players
    nothing and is additive across games (Shapley 1953).

    Parameters
    ----------
    game : Game
        Any game. Structured games with an exact route of their own (e.g.
        additive games with pairwise synergies, airport games, weighted
        voting games with integer weights) use it; others use the dense
        table.

    Returns
    -------
    Allocation
        Shares in ``game.players`` order (cost shares for a cost game).

    Raises
    ------
    InvalidGameError
        If `game` is not a :class:`~coalition.Game`.
    GameTooLargeError
        If the game needs a dense table beyond the memory cap; use
        :func:`coalition.estimate_shapley` instead.

    Notes
    -----
    The dense kernel rewrites the value as
    :math:`\phi_i = \sum_{S \ni i} a_{|S|} v(S) - \sum_S b_{|S|} v(S)` with
    :math:`b_s = s!(n-s-1)!/n!` and :math:`a_s = b_{s-1} + b_s`, and gets all
    ``n`` sums over :math:`S \ni i` in one pass over the table, read in
    cache-sized blocks: O(2**n) additions (not O(n 2**n)) and O(n) blocks of
    2 048 entries of scratch beyond the table, so it runs at the speed of
    memory (about 10 ms for 24 players on one core).

    References
    ----------
    Shapley, L. S. (1953). A value for n-person games. In H. W. Kuhn and
    A. W. Tucker (eds.), Contributions to the Theory of Games II, 307-317.
    Princeton University Press.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
    >>> co.shapley(g).as_dict()
    {'Hub': 22.5, 'Battery': 17.5}

    A cost game: the airport game of Littlechild and Owen (1973), runway
    segments costing 8, 11, 13 and 18.

    >>> air = co.families.airport([8, 11, 13, 18])
    >>> co.shapley(air).as_dict()
    {'P1': 2.0, 'P2': 3.0, 'P3': 4.0, 'P4': 9.0}
    """
    game = _check_game(game)
    fast = game._shapley_fast()
    if fast is not None:
        return Allocation(game.players, fast, "shapley", game.kind)
    n = game.n
    x = _semivalue(game.worths, n, _shapley_weights(n))
    return Allocation(game.players, game._from_worth_units(x), "shapley", game.kind)


def banzhaf(game: Game, *, normalized: bool = False) -> Allocation:
    r"""Banzhaf value: each partner's marginal contribution averaged over all
    coalitions of the others, each equally likely.

    .. math:: \beta_i = \frac{1}{2^{n-1}} \sum_{S \subseteq N \setminus i}
              \bigl(v(S \cup i) - v(S)\bigr)

    The raw value need not add up to ``v(N)``; ``normalized=True`` rescales
    it to do so (the normalized Banzhaf index of voting games).

    Parameters
    ----------
    game : Game
        Any game. Structured games with an exact route of their own (e.g.
        weighted voting games with integer weights) use it; others use the
        dense table.
    normalized : bool, default False
        Rescale the shares (of the savings game, for a cost game) so that
        they sum to the grand coalition's worth.

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidGameError
        If ``normalized=True`` and the raw shares sum to zero.
    GameTooLargeError
        If the game needs a dense table beyond the memory cap.

    References
    ----------
    Banzhaf, J. F. (1965). Weighted voting doesn't work: a mathematical
    analysis. Rutgers Law Review 19, 317-343.
    Owen, G. (1975). Multilinear extensions and the Banzhaf value. Naval
    Research Logistics Quarterly 22(4), 741-750.

    Examples
    --------
    Weighted voting [quota 3; 2, 1, 1]: the big player swings in 3 of the 4
    coalitions of the others, each small one in 1.

    >>> import coalition as co
    >>> g = co.families.weighted_voting([2, 1, 1], quota=3)
    >>> co.banzhaf(g).as_dict()
    {'P1': 0.75, 'P2': 0.25, 'P3': 0.25}
    >>> co.banzhaf(g, normalized=True).as_dict()
    {'P1': 0.6, 'P2': 0.2, 'P3': 0.2}
    """
    game = _check_game(game)
    if not isinstance(normalized, (bool, np.bool_)):
        raise InvalidParameterError(f"`normalized` must be True or False, got {_describe(normalized)}")
    n = game.n
    fast = game._banzhaf_fast()
    if fast is not None:
        x = game._to_worth_units(np.asarray(fast, dtype=np.float64))
    else:
        p = np.full(n + 1, 0.5 ** (n - 1))
        p[n] = 0.0
        x = _semivalue(game.worths, n, p)
    rule = "banzhaf"
    if normalized:
        total = x.sum()
        scale = float(np.max(np.abs(x)))  # relative: the same verdict in any units
        if abs(total) <= 1e-12 * scale or scale == 0.0:
            raise InvalidGameError("`game` has raw Banzhaf shares summing to 0; they cannot be normalized")
        if fast is None:
            grand = game.worths[-1]
        else:  # the grand coalition's worth (savings, for a cost game) without a table
            grand = game.grand_value
            if game.kind == "cost":
                grand = float(game.standalone.sum()) - grand
        x = x * (grand / total)
        rule = "banzhaf (normalized)"
    return Allocation(game.players, game._from_worth_units(x), rule, game.kind)


def weighted_shapley(game: Game, weights: Any) -> Allocation:
    r"""Weighted Shapley value (Kalai and Samet): dividends shared by weight.

    Every coalition's Harsanyi dividend (the value it creates beyond its
    sub-coalitions) is split among its members in proportion to their
    weights, instead of equally as in the Shapley value. Weights model
    size or bargaining strength that the worths do not show.

    Parameters
    ----------
    game : Game
    weights : array_like or dict
        One positive weight per player.

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidParameterError
        If `weights` has the wrong length, or a weight is not a positive
        finite real number (strings, bools and complex numbers are refused,
        not converted). Any positive finite weights are accepted, from the
        smallest float to the largest: only their ratios matter.

    References
    ----------
    Kalai, E. and Samet, D. (1987). On weighted Shapley values. International
    Journal of Game Theory 16(3), 205-222.

    Examples
    --------
    >>> import coalition as co
    >>> g = co.Game([0, 0, 0, 6], players=["A", "B"])
    >>> co.weighted_shapley(g, [1, 2]).as_dict()
    {'A': 2.0, 'B': 4.0}
    """
    game = _check_game(game)
    w = _check_weights(weights, game)
    d = _kx.moebius(game.worths, game.n)
    x = _kx.weighted_shapley_from_dividends(d, game.n, w)
    return Allocation(game.players, game._from_worth_units(x), "weighted shapley", game.kind)


def equal_split(game: Game) -> Allocation:
    """Split the grand coalition's worth (or cost) equally.

    References
    ----------
    van den Brink, R. (2007). Null or nullifying players: the difference
    between the Shapley value and equal division solutions. Journal of
    Economic Theory 136(1), 767-775.

    Examples
    --------
    >>> import coalition as co
    >>> co.equal_split(co.Game([0, 10, 5, 40])).as_dict()
    {'P1': 20.0, 'P2': 20.0}
    """
    game = _check_game(game)
    return Allocation(game.players, np.full(game.n, game.grand_value / game.n), "equal split", game.kind)


def equal_surplus(game: Game) -> Allocation:
    """Each partner's standalone worth plus an equal share of the surplus.

    For a cost game: each pays its standalone cost less an equal share of
    the savings.

    References
    ----------
    Driessen, T. S. H. and Funaki, Y. (1991). Coincidence of and collinearity
    between game theoretic solutions. OR Spektrum 13(1), 15-30 (the "equal
    surplus" or centre of the imputation set).

    Examples
    --------
    >>> import coalition as co
    >>> co.equal_surplus(co.Game([0, 10, 5, 40])).as_dict()
    {'P1': 22.5, 'P2': 17.5}
    """
    game = _check_game(game)
    s = game.standalone
    x = s + (game.grand_value - s.sum()) / game.n
    return Allocation(game.players, x, "equal surplus", game.kind)


def proportional(game: Game, weights: Any = None) -> Allocation:
    """Split the grand coalition's worth (or cost) in proportion to weights.

    Parameters
    ----------
    game : Game
    weights : array_like or dict, optional
        Non-negative finite weights with a positive sum, of any magnitude
        (only their ratios matter; they are divided by the largest before
        they are summed). Default: the standalone worths (standalone costs
        for a cost game), which must then be non-negative with a positive sum.

    Returns
    -------
    Allocation

    Raises
    ------
    InvalidParameterError
        If a weight is negative, not finite or not a real number (strings,
        bools and complex numbers are refused, not converted), the weights
        sum to zero, or have the wrong length.

    References
    ----------
    Thomson, W. (2003). Axiomatic and game-theoretic analysis of bankruptcy
    and taxation problems: a survey. Mathematical Social Sciences 45(3),
    249-297 (the proportional rule).

    Examples
    --------
    >>> import coalition as co
    >>> co.proportional(co.Game([0, 10, 5, 45])).as_dict()
    {'P1': 30.0, 'P2': 15.0}
    """
    game = _check_game(game)
    if weights is None:
        s = game.standalone
        if np.any(s < 0) or s.sum() <= 0:
            raise InvalidParameterError(
                "`weights` defaults to the standalone worths, which must be non-negative "
                f"with a positive sum; got {_short(s)}. Pass `weights` explicitly"
            )
        w = s
    else:
        w = _check_weights(weights, game, allow_zero=True)
    return Allocation(game.players, game.grand_value * _shares(w), "proportional", game.kind)


def _shares(w: np.ndarray) -> np.ndarray:
    """``w / w.sum()`` for non-negative finite weights with a positive sum,
    of any magnitude: divided by the largest first, so that the sum neither
    overflows (weights near 1.8e308) nor loses the small ones to rounding
    below the smallest float."""
    u = w / w.max()
    return u / u.sum()
