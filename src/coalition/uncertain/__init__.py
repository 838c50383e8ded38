"""Games whose worths are not known exactly, and what they imply for each share.

:func:`share_bounds` gives each partner's lowest and highest share over every
completion of an interval or partially defined game (:class:`coalition.IntervalGame`);
:func:`interval_shapley` and :func:`interval_core` are the interval-game
solutions of Alparslan Gok, Branzei and Tijs.
"""

from .bounds import share_bounds
from .interval import in_interval_core, interval_core, interval_shapley

__all__ = ["in_interval_core", "interval_core", "interval_shapley", "share_bounds"]
