"""Games whose worths are not known exactly, and what they imply for each share.

:func:`share_bounds` gives each partner's lowest and highest share over every
completion of an interval or partially defined game (:class:`coalition.IntervalGame`);
:func:`expected_shares` gives each partner's expected share when every
completion is equally likely; :func:`interval_shapley` and :func:`interval_core` are the interval-game
solutions of Alparslan Gok, Branzei and Tijs. Scenario and random-model games
(:class:`coalition.ScenarioGame`) give each partner's share as a distribution
(:func:`share_distribution`) and the stakes that hold in every scenario
(:func:`robust_core`).
"""

from .bounds import share_bounds
from .distribution import share_distribution
from .expected import expected_shares
from .interval import in_interval_core, interval_core, interval_shapley
from .robust import robust_core

__all__ = ["expected_shares", "in_interval_core", "interval_core", "interval_shapley", "robust_core", "share_bounds",
           "share_distribution"]
