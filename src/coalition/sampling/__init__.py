"""Monte Carlo Shapley values, from 20 partners to 100,000.

:func:`estimate_shapley` (in :mod:`coalition.sampling.estimate`) estimates
the Shapley value from a budget of value-function evaluations, with standard
errors and confidence intervals. One module per estimator (``permutation``,
``stratified``, ``svarm``, ``kernel``); ``evaluator`` says how a game is
evaluated, ``_run`` how chunks are seeded, run and merged.
"""

from ._settings import METHODS
from .estimate import estimate_shapley

__all__ = ["estimate_shapley"]
