"""Figures for the people at the table (needs matplotlib).

Four pictures, each returning a :class:`matplotlib.figure.Figure` and drawing
into a given ``ax`` when one is passed:

- :func:`compare`: the rules of a :class:`~coalition.Comparison` side by
  side, with each partner's standalone worth and core range;
- :func:`core`: the imputation triangle of a three-partner game with its
  core shaded and allocations marked;
- :func:`convergence`: a Monte Carlo estimate and its interval against the
  number of evaluations spent;
- :func:`network`: a network of partners with each node sized by its share.

matplotlib is an optional extra (``pip install 'coalition[plots]'``); it is
imported only when a figure is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .comparison import Comparison
from .errors import InvalidAllocationError, InvalidGameError, InvalidParameterError
from .game import Game
from .results import Allocation, Estimate
from .results._format import _fmt
from .stability import core_vertices, in_core, is_balanced

__all__ = ["compare", "core", "convergence", "network"]

# Qualitative colours (matplotlib's "tab10") and marker shapes, by rule.
_COLORS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)
_MARKERS = ("o", "s", "D", "^", "v", "P", "X", "*", "<", ">")
_CORE_FACE = "#9ecae1"
_CORE_EDGE = "#3182bd"
# convergence(): players drawn by default when there are many.
_DEFAULT_TRACE_PLAYERS = 6


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "coalition.plot needs matplotlib, which is not installed: "
            "pip install 'coalition[plots]'"
        ) from exc
    return plt


def _axes(ax: Any, figsize: tuple[float, float]):
    """``(figure, axes)``: a new figure, or the figure of the given axes."""
    plt = _pyplot()
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize, layout="constrained")
        return fig, ax
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise InvalidParameterError(f"`ax` must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax.figure, ax


def _color(j: int) -> str:
    return _COLORS[j % len(_COLORS)]


def _check_game(game: Any) -> Game:
    if not isinstance(game, Game):
        raise InvalidGameError(f"`game` must be a coalition.Game, got {type(game).__name__}")
    return game


# ---------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------
def compare(comparison: Comparison, *, ax: Any = None) -> Any:
    """Grouped bars: each partner's share under each rule.

    One group of bars per partner, one bar per rule (and the proposal, if the
    comparison has one). A black line across each group marks the partner's
    standalone worth (cost, for a cost game), a shaded band its floor and
    ceiling over the core, and the title gives ``v(N)`` (``c(N)``). The
    legend says of each rule whether its split is in the core or which
    coalition would walk away. Rules skipped by :func:`coalition.compare`
    are left out; estimated rules get error bars (their confidence interval).

    Parameters
    ----------
    comparison : Comparison
        From :func:`coalition.compare`.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `comparison` is not a :class:`~coalition.Comparison`, has no rule
        with shares, or `ax` is not an Axes.
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85 (the core whose floors
    and ceilings are shaded).

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 12})
    >>> fig = co.plot.compare(co.compare(g, proposal=[8, 2, 2]))
    >>> path = os.path.join(tempfile.mkdtemp(), "compare.png")
    >>> fig.savefig(path)
    >>> os.path.getsize(path) > 10_000
    True
    """
    if not isinstance(comparison, Comparison):
        raise InvalidParameterError(
            "`comparison` must be a coalition.Comparison (from coalition.compare), "
            f"got {type(comparison).__name__}"
        )
    shown = [j for j in range(len(comparison.rules)) if not np.all(np.isnan(comparison.shares[:, j]))]
    if not shown:
        raise InvalidParameterError("`comparison` has no rule with shares to draw (every rule was skipped)")
    n = len(comparison.players)
    m = len(shown)
    fig, ax = _axes(ax, (min(max(9.5, 4.5 + 0.3 * n * (m + 1)), 26.0), 4.8))
    cost = comparison.kind == "cost"
    width = 0.8 / m
    centers = np.arange(n, dtype=float)
    bounds = comparison.bounds
    if bounds is not None:
        for i in range(n):
            lo, hi = float(bounds.lower[i]), float(bounds.upper[i])
            ax.add_patch(_rectangle((i - 0.46, lo), 0.92, max(hi - lo, 0.0), "#d9d9d9", zorder=0))
            if hi - lo <= 1e-9 * max(1.0, abs(hi)):
                ax.plot([i - 0.46, i + 0.46], [lo, lo], color="#969696", lw=3, zorder=0.5)
        ax.add_patch(_rectangle((0, 0), 0, 0, "#d9d9d9", label="core range (floor to ceiling)"))
    for k, j in enumerate(shown):
        rule = comparison.rules[j]
        y = comparison.shares[:, j]
        stable = comparison.in_core[j]
        worst = comparison.worst_blocking[j]
        if stable is None:
            verdict = ""
        elif stable:
            verdict = ": in the core"
        elif worst is not None and cost:
            verdict = f": {worst.name} would pay {_fmt(worst.gain)} less alone"
        elif worst is not None:
            verdict = f": {worst.name} would walk (+{_fmt(worst.gain)})"
        else:
            verdict = ": not in the core"
        xs = centers - 0.4 + (k + 0.5) * width
        yerr = None
        if rule in comparison.intervals:
            lo, hi = comparison.intervals[rule]
            yerr = np.vstack([y - np.asarray(lo), np.asarray(hi) - y])
        ax.bar(
            xs, y, width * 0.92, color=_color(k), label=f"{rule}{verdict}",
            hatch=None if stable is not False else "//", edgecolor="white" if stable is not False else "black",
            linewidth=0.5, yerr=yerr, capsize=2 if yerr is not None else 0, zorder=2,
        )
    for i in range(n):
        ax.plot([i - 0.46, i + 0.46], [comparison.standalone[i]] * 2, color="black", lw=2, zorder=3,
                label=("standalone cost" if cost else "standalone worth") if i == 0 else None)
    ax.axhline(0, color="black", lw=0.6, zorder=1)
    ax.set_xticks(centers)
    ax.set_xticklabels(comparison.players, rotation=0 if n <= 8 else 45, ha="center" if n <= 8 else "right")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylabel("cost share" if cost else "share")
    total = "c(N)" if cost else "v(N)"
    what = "Cost shares" if cost else "Shares"
    ax.set_title(f"{what} of {total} = {_fmt(comparison.grand_value)} under {m} rules")
    ax.grid(axis="y", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return fig


def _rectangle(xy, w, h, color, **kwargs):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, w, h, facecolor=color, edgecolor="none", **kwargs)


# ---------------------------------------------------------------------------
# core
# ---------------------------------------------------------------------------
# Corners of the triangle: player 0 at the top, 1 bottom left, 2 bottom right.
_CORNERS = np.array([[0.5, math.sqrt(3) / 2], [0.0, 0.0], [1.0, 0.0]])


def _allocation_items(game: Game, allocations: Any) -> list[tuple[str, np.ndarray]]:
    """``[(label, shares in the game's units)]`` from the accepted forms."""
    if allocations is None:
        return []
    if isinstance(allocations, Comparison):
        if tuple(allocations.players) != game.players:
            raise InvalidParameterError(
                f"`allocations` is a comparison of {list(allocations.players)}; the game's players are "
                f"{list(game.players)}"
            )
        return [
            (r, np.array(allocations.shares[:, j]))
            for j, r in enumerate(allocations.rules)
            if not np.any(np.isnan(allocations.shares[:, j]))
        ]
    if isinstance(allocations, Allocation):
        allocations = [allocations]
    if isinstance(allocations, Mapping):
        items = [(str(k), v) for k, v in allocations.items()]
    elif isinstance(allocations, Sequence) and not isinstance(allocations, str) and all(
        isinstance(a, Allocation) for a in allocations
    ):
        items = [(a.rule, a) for a in allocations]
    else:
        raise InvalidParameterError(
            "`allocations` must be a dict {label: allocation}, a list of Allocation results or a "
            f"Comparison, got {type(allocations).__name__}"
        )
    out = []
    for label, value in items:
        arg = f"allocations[{label!r}]"
        if isinstance(value, Allocation):
            if set(value.players) != set(game.players):
                raise InvalidAllocationError(
                    f"`{arg}` is for the players {list(value.players)}; the game's are {list(game.players)}"
                )
            if value.kind != game.kind:
                raise InvalidAllocationError(f"`{arg}` holds {value.kind} shares; the game is a {game.kind} game")
            value = value.as_dict()
        out.append((label, game._check_allocation(value, arg)))
    return out


def _order_polygon(points: np.ndarray) -> np.ndarray:
    center = points.mean(axis=0)
    angle = np.arctan2(points[:, 1] - center[1], points[:, 0] - center[0])
    return points[np.argsort(angle)]


def core(game: Game, allocations: Any = None, *, ax: Any = None) -> Any:
    """The imputation triangle of a three-partner game, with its core shaded.

    Every point of the triangle is an *imputation*: a split of ``v(N)`` that
    gives each partner at least its standalone worth. Each corner is where
    that partner takes the whole surplus; the opposite side is where it gets
    only its standalone worth. Dashed lines are the claims of the pairs
    (``x_i + x_j >= v({i, j})``): the core, shaded, is the region that honours
    all of them. Allocations are marked, filled when in the core and hollow
    when some coalition would walk away. For a cost game the same picture is
    drawn for the savings game and labelled with cost shares.

    Parameters
    ----------
    game : Game
        Exactly three players, with a positive surplus. For a larger game,
        draw a :meth:`~coalition.Game.subgame` of three of them.
    allocations : dict, list of Allocation, or Comparison, optional
        ``{label: allocation}`` (each a dict, a vector in player order or an
        :class:`~coalition.Allocation`), a list of Allocation results
        (labelled by their rule), or a :class:`~coalition.Comparison` (every
        rule with shares). Shares are cost shares for a cost game, and must
        add up to ``v(N)`` (``c(N)``).
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidGameError
        If `game` is not a game, does not have three players (the message
        names how many it has) or creates no surplus (the triangle is then a
        point or empty).
    InvalidAllocationError
        If an allocation has the wrong players or length, non-finite shares,
        or does not add up to ``v(N)``.
    InvalidParameterError
        If `allocations` is of an unknown form, or `ax` is not an Axes.
    SolverError
        If the vertices of the core cannot be computed
        (see :func:`coalition.core_vertices`).
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Gillies, D. B. (1959). Solutions to general non-zero-sum games. In
    Contributions to the Theory of Games IV, 47-85.
    Peleg, B. and Sudhoelter, P. (2007). Introduction to the Theory of
    Cooperative Games, 2nd ed., Springer (the imputation simplex, ch. 2).

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.Game.from_dict({"A": 0, "B": 0, "C": 0, "A+B": 6, "A+C": 6,
    ...                        "B+C": 6, "A+B+C": 12})
    >>> fig = co.plot.core(g, {"Shapley": co.shapley(g), "proposal": [8, 2, 2]})
    >>> path = os.path.join(tempfile.mkdtemp(), "core.png")
    >>> fig.savefig(path)
    >>> os.path.getsize(path) > 10_000
    True
    """
    game = _check_game(game)
    if game.n != 3:
        raise InvalidGameError(
            f"`game` has {game.n} players; plot.core draws the imputation triangle of a 3-player game. "
            "Draw a subgame of three of them: game.subgame(['A', 'B', 'C'])"
        )
    surplus = game.surplus
    scale = max(abs(game.grand_value), float(np.max(np.abs(game.standalone))), 1e-300)
    if not surplus > 1e-12 * scale:
        raise InvalidGameError(
            f"`game` creates no surplus (v(N) - sum of standalone worths = {_fmt(surplus)}), so its imputations "
            "are a single point or none: there is no triangle to draw"
        )
    items = _allocation_items(game, allocations)
    for label, y in items:
        total = float(y.sum())
        if abs(total - game.grand_value) > 1e-9 * max(1.0, scale):
            what = "c(N)" if game.kind == "cost" else "v(N)"
            raise InvalidAllocationError(
                f"`allocations[{label!r}]` adds up to {_fmt(total)}; the triangle holds the splits of "
                f"{what} = {_fmt(game.grand_value)} exactly"
            )
    cost = game.kind == "cost"
    worths = game.worths
    base = worths[[1, 2, 4]]

    def to_xy(y_game: np.ndarray) -> np.ndarray:
        x = game._to_worth_units(np.asarray(y_game, dtype=float))
        lam = (x - base) / surplus
        return lam @ _CORNERS

    fig, ax = _axes(ax, (8.0, 5.2))
    tri = np.vstack([_CORNERS, _CORNERS[:1]])
    ax.fill(tri[:, 0], tri[:, 1], color="#f7f7f7", zorder=0)
    ax.plot(tri[:, 0], tri[:, 1], color="black", lw=1.2, zorder=1)
    # the pairs' claims: x_k <= v(N) - v(ij), i.e. lam_k <= c
    names = game.players
    for k in range(3):
        i, j = [p for p in range(3) if p != k]
        pair = (1 << i) | (1 << j)
        c = (worths[-1] - worths[pair] - base[k]) / surplus
        if not 0 < c < 1:
            continue
        a = c * _CORNERS[k] + (1 - c) * _CORNERS[i]
        b = c * _CORNERS[k] + (1 - c) * _CORNERS[j]
        ax.plot([a[0], b[0]], [a[1], b[1]], ls="--", color="#636363", lw=0.9, zorder=2)
        mid = (a + b) / 2
        claim = game.values[pair]
        text = f"{names[i]}+{names[j]} pay ≤ {_fmt(claim)}" if cost else f"{names[i]}+{names[j]} ≥ {_fmt(claim)}"
        angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
        if angle > 90:
            angle -= 180
        elif angle < -90:
            angle += 180
        # write the claim on the side of the corner it cuts off
        out = _CORNERS[k] - mid
        out = 7 * out / max(float(np.hypot(*out)), 1e-12)
        ax.annotate(text, mid, rotation=angle, ha="center", va="center", fontsize=8, color="#525252",
                    zorder=2, xytext=tuple(out), textcoords="offset points")
    # the core
    verts = core_vertices(game)
    if len(verts) == 0:
        eps = is_balanced(game).epsilon
        ax.text(0.5, 0.1, f"the core is empty\n(least-core ε = {eps:.4g})", ha="center", va="center",
                fontsize=10, color="#a50f15", zorder=3)
    else:
        pts = np.array([to_xy(v) for v in verts])
        if len(pts) >= 3:
            poly = _order_polygon(pts)
            ax.fill(poly[:, 0], poly[:, 1], facecolor=_CORE_FACE, edgecolor=_CORE_EDGE, lw=1.5, alpha=0.8,
                    zorder=2, label="core")
        elif len(pts) == 2:
            ax.plot(pts[:, 0], pts[:, 1], color=_CORE_EDGE, lw=4, zorder=2, label="core (a segment)")
        else:
            ax.plot(pts[:, 0], pts[:, 1], "o", color=_CORE_EDGE, ms=10, zorder=2, label="core (one point)")
    # corner labels: the share a partner gets when it takes the whole surplus
    offsets = [(0, 10), (-6, -14), (6, -14)]
    aligns = [("center", "bottom"), ("right", "top"), ("left", "top")]
    for k in range(3):
        top = base[k] + surplus
        share = game._from_worth_units(np.where(np.arange(3) == k, top, base))[k]
        ax.annotate(f"{names[k]}\n{'pays' if cost else 'gets'} {_fmt(float(share))} here", _CORNERS[k],
                    xytext=offsets[k], textcoords="offset points", ha=aligns[k][0], va=aligns[k][1],
                    fontsize=10, fontweight="bold")
    # allocations
    for r, (label, y) in enumerate(items):
        xy = to_xy(y)
        stable = in_core(game, y)
        color = _color(r)
        # later marks drawn smaller, so that marks at the same point stay visible
        ax.plot(xy[0], xy[1], _MARKERS[r % len(_MARKERS)], ms=max(13 - 1.5 * r, 7), mew=2, zorder=4 + r,
                color=color, mfc=color if stable else "white",
                label=f"{label} ({'in the core' if stable else 'outside the core'})")
    ax.set_aspect("equal")
    pts_all = [_CORNERS] + [to_xy(y)[None, :] for _, y in items]
    allpts = np.vstack(pts_all)
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    ax.set_xlim(min(lo[0], 0.0) - 0.38, max(hi[0], 1.0) + 0.38)
    ax.set_ylim(min(lo[1], 0.0) - 0.12, max(hi[1], _CORNERS[0, 1]) + 0.14)
    ax.axis("off")
    what = "cost shares of c(N)" if cost else "splits of v(N)"
    ax.set_title(f"Imputations and core: {what} = {_fmt(game.grand_value)}", fontsize=11)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        # inside the axes: the corners beside the top of the triangle are empty
        ax.legend(fontsize="small", loc="upper right", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


# ---------------------------------------------------------------------------
# convergence
# ---------------------------------------------------------------------------
def _read_trace(estimate: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(estimate, Estimate):
        raise InvalidParameterError(
            "`estimate` must be a coalition.Estimate (from coalition.estimate_shapley), "
            f"got {type(estimate).__name__}"
        )
    trace = getattr(estimate, "trace", None)
    if trace is None:
        raise InvalidParameterError(
            "`estimate` carries no trace (its `trace` is None): the estimator records one per round; "
            "an estimate built by hand or by an exact shortcut has none"
        )
    if all(hasattr(trace, a) for a in ("n_evaluations", "x", "half_width")):
        evals, xs, hw = trace.n_evaluations, trace.x, trace.half_width
    else:
        try:
            evals, xs, hw = trace
        except (TypeError, ValueError):
            raise InvalidParameterError(
                "`estimate.trace` must be (n_evaluations, x, half_width), got "
                f"{type(trace).__name__}"
            ) from None
    n = len(estimate.players)
    evals = np.asarray(evals, dtype=float).reshape(-1)
    xs = np.asarray(xs, dtype=float)
    hw = np.asarray(hw, dtype=float)
    k = evals.size
    if k == 0:
        raise InvalidParameterError("`estimate.trace` is empty: no round was recorded")
    if xs.shape != (k, n) or hw.shape != (k, n):
        raise InvalidParameterError(
            f"`estimate.trace` has x of shape {xs.shape} and half_width of shape {hw.shape}; "
            f"expected ({k}, {n}) each ({k} rounds, {n} players)"
        )
    return evals, xs, hw


def convergence(estimate: Estimate, *, players: Any = None, show: str = "estimate", ax: Any = None) -> Any:
    """A Monte Carlo estimate and its confidence interval against the budget.

    Reads the trace the estimator records after each round: the evaluations
    spent so far, the running estimate and its confidence half-width.
    With ``show="estimate"``, one line per partner with its interval shaded;
    with ``show="half_width"``, the half-widths on log-log axes beside a
    ``1/sqrt(evaluations)`` reference line (the Monte Carlo rate).

    Parameters
    ----------
    estimate : Estimate
        From :func:`coalition.estimate_shapley`, with its ``trace``.
    players : sequence of str, optional
        The partners to draw. Default: all of them up to six; otherwise the
        six with the largest estimated shares.
    show : {"estimate", "half_width"}, default "estimate"
        What to draw against the evaluations spent.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `estimate` is not an Estimate, carries no trace, its trace is
        malformed, `players` names someone who is not a player, `show` is
        unknown, or `ax` is not an Axes.
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Castro, J., Gomez, D. and Tejada, J. (2009). Polynomial calculation of
    the Shapley value based on sampling. Computers & Operations Research
    36(5), 1726-1730 (the estimator and its 1/sqrt(m) error).

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> g = co.families.weighted_voting([5, 4, 3, 2, 1, 1], quota=9)
    >>> est = co.estimate_shapley(g, budget=24_000, method="permutation", seed=1)
    >>> if getattr(est, "trace", None) is not None:
    ...     fig = co.plot.convergence(est)
    ...     fig.savefig(os.path.join(tempfile.mkdtemp(), "convergence.png"))
    """
    evals, xs, hw = _read_trace(estimate)
    if show not in ("estimate", "half_width"):
        raise InvalidParameterError(f"`show` must be 'estimate' or 'half_width', got {show!r}")
    names = estimate.players
    n = len(names)
    if players is None:
        if n <= _DEFAULT_TRACE_PLAYERS:
            idx = list(range(n))
        else:
            idx = sorted(np.argsort(-np.asarray(estimate.x), kind="stable")[:_DEFAULT_TRACE_PLAYERS].tolist())
    else:
        if isinstance(players, str):
            players = [players]
        try:
            wanted = [str(p) for p in players]
        except TypeError:
            raise InvalidParameterError(f"`players` must be a list of player names, got {players!r}") from None
        unknown = [p for p in wanted if p not in names]
        if unknown:
            shown = ", ".join(map(repr, names[:6])) + (" ..." if n > 6 else "")
            raise InvalidParameterError(f"`players` names {unknown[0]!r}, which is not a player ({shown})")
        if not wanted:
            raise InvalidParameterError("`players` is empty; name at least one player")
        idx = [names.index(p) for p in wanted]
    fig, ax = _axes(ax, (7.0, 4.3))
    level = int(round(estimate.confidence * 100))
    if show == "estimate":
        for r, i in enumerate(idx):
            c = _color(r)
            ax.plot(evals, xs[:, i], color=c, lw=1.5, label=names[i], marker="." if evals.size < 30 else None)
            ax.fill_between(evals, xs[:, i] - hw[:, i], xs[:, i] + hw[:, i], color=c, alpha=0.18, lw=0)
        ax.set_ylabel("cost share" if estimate.kind == "cost" else "estimated share")
        ax.set_title(
            f"{estimate.rule.capitalize()} by {estimate.method or 'sampling'}: estimate and "
            f"{level}% interval; largest half-width {float(np.max(hw[-1])):.3g}",
            fontsize=10,
        )
    else:
        worst = np.max(hw, axis=1)
        for r, i in enumerate(idx):
            ax.plot(evals, hw[:, i], color=_color(r), lw=1, alpha=0.7, label=names[i])
        ax.plot(evals, worst, color="black", lw=2, label="largest over all partners")
        ok = (evals > 0) & (worst > 0)
        if np.any(ok):
            e_last, w_last = evals[ok][-1], worst[ok][-1]
            ref = w_last * np.sqrt(e_last / evals[ok])
            ax.plot(evals[ok], ref, ls="--", color="#969696", lw=1.2, label="∝ 1/√evaluations")
            ax.set_yscale("log")
        ax.set_ylabel(f"{level}% half-width")
        ax.set_title(f"How the interval shrinks ({estimate.method or 'sampling'})", fontsize=10)
    if evals.size > 1 and evals[evals > 0].size and evals.max() / max(evals[evals > 0].min(), 1.0) >= 10:
        ax.set_xscale("log")
    ax.set_xlabel("evaluations of the game spent")
    ax.grid(color="#eeeeee")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              title=None if len(idx) == n else f"{len(idx)} of {n} partners", title_fontsize="small")
    return fig


# ---------------------------------------------------------------------------
# network
# ---------------------------------------------------------------------------
def _shares_by_node(graph: Any, allocation: Any) -> tuple[dict[Any, float], str, str]:
    """``({node: share}, rule, kind)`` after checking nodes against players."""
    from .network import _check_graph, _node_positions

    graph = _check_graph(graph)
    nodes = list(graph)
    if isinstance(allocation, Allocation):
        players, x, rule, kind = allocation.players, np.asarray(allocation.x), allocation.rule, allocation.kind
    elif isinstance(allocation, Mapping):
        players = tuple(str(k) for k in allocation)
        try:
            x = np.array(list(allocation.values()), dtype=float)
        except (TypeError, ValueError):
            raise InvalidAllocationError(f"`allocation` must map names to numbers, got {allocation!r:.80}") from None
        rule, kind = "", "profit"
    else:
        try:
            x = np.array(allocation, dtype=float)
        except (TypeError, ValueError):
            raise InvalidAllocationError(
                f"`allocation` must be an Allocation, a dict or one number per node, got {type(allocation).__name__}"
            ) from None
        if x.shape != (len(nodes),):
            raise InvalidAllocationError(
                f"`allocation` has shape {x.shape}; the graph has {len(nodes)} nodes (one share each, in node order)"
            )
        players, rule, kind = tuple(str(u) for u in nodes), "", "profit"
    if len(set(players)) != len(players):
        raise InvalidAllocationError(f"`allocation` names a player twice: {list(players)}")
    if x.shape != (len(players),) or not np.all(np.isfinite(x)):
        raise InvalidAllocationError(f"`allocation` must hold one finite share per player, got {x.tolist()}")
    pos = _node_positions(players, graph, "graph")
    return {u: float(x[i]) for u, i in pos.items()}, rule, kind


def network(graph: Any, allocation: Any, *, pos: Mapping[Any, Any] | None = None, seed: int = 0, ax: Any = None) -> Any:
    """A network of partners, each node sized by its share.

    Node area is proportional to the size of the share and the share is
    printed under the name; hubs (nodes whose ``"hub"`` attribute is true,
    as :func:`coalition.network.hub_and_spoke` marks them) are drawn in a
    second colour, and negative shares with a red rim. Links are drawn
    thicker for a larger ``"weight"`` attribute (the synergy of
    :func:`coalition.network.synergy_game`), when the links have one.

    Parameters
    ----------
    graph : networkx.Graph
        Undirected and simple; its nodes are exactly the players (matched by
        ``str(node)``).
    allocation : Allocation, dict or array_like
        The shares: an :class:`~coalition.Allocation` (Myerson value, Shapley
        value, ...), ``{player: share}``, or one number per node in graph
        order.
    pos : dict, optional
        ``{node: (x, y)}`` positions. Default: a single hub in the centre and
        the others on a circle around it; otherwise a Kamada-Kawai layout
        (a seeded spring layout for a disconnected graph).
    seed : int, default 0
        Seed of the spring layout.
    ax : matplotlib.axes.Axes, optional
        Draw into these axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    InvalidParameterError
        If `graph` is not an undirected simple networkx graph, its nodes and
        the allocation's players differ (the message lists them), `pos` lacks
        a node, or `ax` is not an Axes.
    InvalidAllocationError
        If `allocation` has the wrong length or non-finite shares.
    ImportError
        If matplotlib is not installed.

    References
    ----------
    Myerson, R. B. (1977). Graphs and cooperation in games. Mathematics of
    Operations Research 2(3), 225-229.
    Kamada, T. and Kawai, S. (1989). An algorithm for drawing general
    undirected graphs. Information Processing Letters 31(1), 7-15.

    Examples
    --------
    >>> import os, tempfile
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import coalition as co
    >>> net = co.network.hub_and_spoke("Hub", ["A", "B", "C"], weights=[6, 3, 1])
    >>> g = co.network.synergy_game(net, standalone=1)
    >>> fig = co.plot.network(net, co.shapley(g))
    >>> path = os.path.join(tempfile.mkdtemp(), "network.png")
    >>> fig.savefig(path)
    >>> os.path.getsize(path) > 10_000
    True
    """
    import networkx as nx

    shares, rule, kind = _shares_by_node(graph, allocation)
    nodes = list(graph)
    hubs = [u for u, flag in graph.nodes(data="hub") if flag]
    if pos is None:
        if len(hubs) == 1 and len(nodes) > 1:
            pos = nx.shell_layout(graph, nlist=[hubs, [u for u in nodes if u not in hubs]])
        elif len(nodes) > 1 and nx.is_connected(graph):
            pos = nx.kamada_kawai_layout(graph)
        else:
            pos = nx.spring_layout(graph, seed=seed)
    else:
        if not isinstance(pos, Mapping):
            raise InvalidParameterError(f"`pos` must be a dict {{node: (x, y)}}, got {type(pos).__name__}")
        missing = [str(u) for u in nodes if u not in pos]
        if missing:
            raise InvalidParameterError(f"`pos` has no position for the nodes {missing[:6]}")
    fig, ax = _axes(ax, (7.0, 6.0))
    size = np.array([abs(shares[u]) for u in nodes])
    top = float(size.max()) if size.size and size.max() > 0 else 1.0
    areas = 150 + 2600 * size / top
    # links, thicker for larger weights
    weights = [d.get("weight") for _, _, d in graph.edges(data=True)]
    weighted = bool(weights) and all(isinstance(w, (int, float, np.integer, np.floating)) for w in weights)
    if weighted:
        w = np.abs(np.asarray(weights, dtype=float))
        widths = 1.0 + 5.0 * w / w.max() if w.max() > 0 else np.full(w.size, 1.5)
    else:
        widths = 1.5
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color="#bdbdbd", node_size=areas)
    colors = ["#fd8d3c" if u in hubs else "#6baed6" for u in nodes]
    rims = ["#a50f15" if shares[u] < 0 else "#252525" for u in nodes]
    nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=areas, node_color=colors, edgecolors=rims,
                           linewidths=[2.0 if shares[u] < 0 else 0.8 for u in nodes])
    for u, area in zip(nodes, areas):
        x, y = pos[u]
        radius_pt = math.sqrt(area / math.pi)
        ax.annotate(f"{u}\n{shares[u]:,.4g}", (x, y), xytext=(0, -radius_pt - 2), textcoords="offset points",
                    ha="center", va="top", fontsize=8)
    xy = np.array([pos[u] for u in nodes], dtype=float).reshape(-1, 2)
    span = float(np.ptp(xy, axis=0).max()) if len(xy) else 0.0
    pad = 0.18 * span if span > 0 else 1.0
    ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
    ax.set_ylim(xy[:, 1].min() - 1.6 * pad, xy[:, 1].max() + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.axis("off")
    unit = "cost share" if kind == "cost" else "share"
    name = f"{rule.capitalize()} " if rule else ""
    ax.set_title(f"{name}{unit}s on the network (node area ∝ {unit}"
                 + ("; link width ∝ weight" if weighted else "")
                 + ("; orange: hub" if hubs else "") + ")", fontsize=10)
    return fig
