"""The imputation triangle of a three-partner game with its core."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..comparison import Comparison
from ..errors import InvalidAllocationError, InvalidGameError, InvalidParameterError
from ..game import Game
from ..results import Allocation
from ..results._format import _fmt
from ..stability import core_vertices, in_core, is_balanced
from ._style import (
    _CORE_EDGE,
    _CORE_FACE,
    _MARKERS,
    _axes,
    _check_game,
    _color,
)

__all__ = ['core']


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
    surplus, items = _checked_triangle(game, allocations)
    base = game.worths[[1, 2, 4]]

    def to_xy(y_game: np.ndarray) -> np.ndarray:
        x = game._to_worth_units(np.asarray(y_game, dtype=float))
        return ((x - base) / surplus) @ _CORNERS

    fig, ax = _axes(ax, (8.0, 5.2))
    tri = np.vstack([_CORNERS, _CORNERS[:1]])
    ax.fill(tri[:, 0], tri[:, 1], color="#f7f7f7", zorder=0)
    ax.plot(tri[:, 0], tri[:, 1], color="black", lw=1.2, zorder=1)
    _draw_claims(ax, game, base, surplus)
    _draw_core(ax, game, to_xy)
    _draw_corners(ax, game, base, surplus)
    _draw_allocations(ax, game, items, to_xy)
    ax.set_aspect("equal")
    allpts = np.vstack([_CORNERS] + [to_xy(y)[None, :] for _, y in items])
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    ax.set_xlim(min(lo[0], 0.0) - 0.38, max(hi[0], 1.0) + 0.38)
    ax.set_ylim(min(lo[1], 0.0) - 0.12, max(hi[1], _CORNERS[0, 1]) + 0.14)
    ax.axis("off")
    what = "cost shares of c(N)" if game.kind == "cost" else "splits of v(N)"
    ax.set_title(f"Imputations and core: {what} = {_fmt(game.grand_value)}", fontsize=11)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        # inside the axes: the corners beside the top of the triangle are empty
        ax.legend(fontsize="small", loc="upper right", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return fig


def _checked_triangle(game: Game, allocations: Any) -> tuple[float, list[tuple[str, np.ndarray]]]:
    """The surplus and the labelled allocations, after checking that the
    game has a triangle and that every allocation lies in its plane."""
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
    return surplus, items


def _draw_claims(ax: Any, game: Game, base: np.ndarray, surplus: float) -> None:
    """The pairs' claims: x_k <= v(N) - v(ij), i.e. lam_k <= c, as dashed lines."""
    worths, names = game.worths, game.players
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
        pay = game.kind == "cost"
        text = f"{names[i]}+{names[j]} pay ≤ {_fmt(claim)}" if pay else f"{names[i]}+{names[j]} ≥ {_fmt(claim)}"
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


def _draw_core(ax: Any, game: Game, to_xy: Any) -> None:
    """The core: a shaded polygon, a segment, a point, or a note that it is empty."""
    verts = core_vertices(game)
    if len(verts) == 0:
        eps = is_balanced(game).epsilon
        ax.text(0.5, 0.1, f"the core is empty\n(least-core ε = {eps:.4g})", ha="center", va="center",
                fontsize=10, color="#a50f15", zorder=3)
        return
    pts = np.array([to_xy(v) for v in verts])
    if len(pts) >= 3:
        poly = _order_polygon(pts)
        ax.fill(poly[:, 0], poly[:, 1], facecolor=_CORE_FACE, edgecolor=_CORE_EDGE, lw=1.5, alpha=0.8,
                zorder=2, label="core")
    elif len(pts) == 2:
        ax.plot(pts[:, 0], pts[:, 1], color=_CORE_EDGE, lw=4, zorder=2, label="core (a segment)")
    else:
        ax.plot(pts[:, 0], pts[:, 1], "o", color=_CORE_EDGE, ms=10, zorder=2, label="core (one point)")


def _draw_corners(ax: Any, game: Game, base: np.ndarray, surplus: float) -> None:
    """Corner labels: the share a partner gets when it takes the whole surplus."""
    offsets = [(0, 10), (-6, -14), (6, -14)]
    aligns = [("center", "bottom"), ("right", "top"), ("left", "top")]
    cost = game.kind == "cost"
    for k in range(3):
        top = base[k] + surplus
        share = game._from_worth_units(np.where(np.arange(3) == k, top, base))[k]
        ax.annotate(f"{game.players[k]}\n{'pays' if cost else 'gets'} {_fmt(float(share))} here", _CORNERS[k],
                    xytext=offsets[k], textcoords="offset points", ha=aligns[k][0], va=aligns[k][1],
                    fontsize=10, fontweight="bold")


def _draw_allocations(ax: Any, game: Game, items: list[tuple[str, np.ndarray]], to_xy: Any) -> None:
    """Each allocation as a mark, filled when in the core."""
    for r, (label, y) in enumerate(items):
        xy = to_xy(y)
        stable = in_core(game, y)
        color = _color(r)
        # later marks drawn smaller, so that marks at the same point stay visible
        ax.plot(xy[0], xy[1], _MARKERS[r % len(_MARKERS)], ms=max(13 - 1.5 * r, 7), mew=2, zorder=4 + r,
                color=color, mfc=color if stable else "white",
                label=f"{label} ({'in the core' if stable else 'outside the core'})")


# ---------------------------------------------------------------------------
# convergence
# ---------------------------------------------------------------------------
