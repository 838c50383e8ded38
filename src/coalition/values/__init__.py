"""Values of a game: Shapley, Banzhaf, weighted Shapley, simple rules and
single-valued solutions (tau-value, Gately point, ENSC, solidarity value,
least square prenucleolus).

Each rule takes a :class:`~coalition.Game` and returns an
:class:`~coalition.Allocation`. For a cost game the rules are computed on the
savings game and reported as cost shares (see :class:`~coalition.Game`); the
simple rules (:func:`equal_split`, :func:`equal_surplus`,
:func:`proportional`) are defined directly on the values as given.
"""

from ._banzhaf import banzhaf
from ._shapley import shapley, weighted_shapley
from ._gately import gately
from .least_square import least_square_prenucleolus
from .separable import cis, ensc
from .simple import equal_split, equal_surplus, proportional
from .solidarity import solidarity_value
from .tau import is_quasi_balanced, minimal_rights, tau_value, utopia

__all__ = [
    "shapley",
    "banzhaf",
    "weighted_shapley",
    "equal_split",
    "equal_surplus",
    "proportional",
    "utopia",
    "minimal_rights",
    "is_quasi_balanced",
    "tau_value",
    "gately",
    "cis",
    "ensc",
    "solidarity_value",
    "least_square_prenucleolus",
]
