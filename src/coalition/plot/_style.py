"""Colours, markers and the matplotlib entry points shared by the figures."""

from __future__ import annotations

from typing import Any

from ..errors import InvalidParameterError
from ..game.game import _check_game  # noqa: F401 - the check every figure of a game starts with

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


# ---------------------------------------------------------------------------
# compare
# ---------------------------------------------------------------------------


def _rectangle(xy, w, h, color, **kwargs):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, w, h, facecolor=color, edgecolor="none", **kwargs)
