"""Games whose worths are not known exactly, and what they imply for each share.

Scenario and random-model games (:class:`coalition.ScenarioGame`) give each
partner's share as a distribution (:func:`share_distribution`) and the
stakes that hold in every scenario (:func:`robust_core`).
"""

from .distribution import share_distribution
from .robust import robust_core

__all__ = ["robust_core", "share_distribution"]
