"""Values of a game: Shapley, Banzhaf, weighted Shapley, simple rules and
single-valued solutions (tau-value, Gately point, ENSC, solidarity value,
least square prenucleolus).

Each rule takes a :class:`~coalition.Game` and returns an
:class:`~coalition.Allocation`. For a cost game the rules are computed on the
savings game and reported as cost shares (see :class:`~coalition.Game`); the
simple rules (:func:`equal_split`, :func:`equal_surplus`,
:func:`proportional`) are defined directly on the values as given. The
power indices of simple (voting) games (:func:`johnston`,
:func:`deegan_packel`, :func:`public_good`, :func:`coleman`) accept only
simple games. The
claims rules (:func:`cea`, :func:`talmud`, ...) take an estate and claims
rather than a game.
"""

from ._banzhaf import banzhaf
from ._dutta_ray import dutta_ray
from ._gately import gately
from ._shapley import shapley, weighted_shapley
from .claims import (
    adjusted_proportional,
    cea,
    cel,
    claims_rule,
    minimal_overlap,
    piniles,
    proportional_claims,
    random_arrival,
    reverse_talmud,
    talmud,
)
from .least_square import least_square_prenucleolus
from .power import (
    ColemanPower,
    coleman,
    deegan_packel,
    johnston,
    minimal_blocking_coalitions,
    minimal_winning_coalitions,
    public_good,
)
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
    "minimal_winning_coalitions",
    "johnston",
    "deegan_packel",
    "public_good",
    "coleman",
    "ColemanPower",
    "proportional_claims",
    "cea",
    "cel",
    "talmud",
    "reverse_talmud",
    "piniles",
    "adjusted_proportional",
    "minimal_overlap",
    "random_arrival",
    "claims_rule",
    "utopia",
    "minimal_rights",
    "is_quasi_balanced",
    "tau_value",
    "gately",
    "cis",
    "ensc",
    "solidarity_value",
    "least_square_prenucleolus",
    "dutta_ray",
    "minimal_blocking_coalitions",
]
