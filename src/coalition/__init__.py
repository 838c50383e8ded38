"""coalition: share the value that partners create together.

Shapley values, Banzhaf values and simple sharing rules for transferable-
utility games, with structured game families and a Monte Carlo core.

Examples
--------
>>> import coalition as co
>>> g = co.Game.from_dict({"Hub": 10, "Battery": 5, "Hub+Battery": 40})
>>> co.shapley(g)["Hub"]
22.5
"""

from . import families, io
from ._config import get_max_table_bytes, set_max_table_bytes
from ._version import __version__
from .errors import (
    CoalitionError,
    EmptyCoreError,
    GameFileError,
    GameTooLargeError,
    InfeasibleError,
    InvalidAllocationError,
    InvalidGameError,
    InvalidParameterError,
    SolverError,
)
from .game import Game
from .results import Allocation, Estimate
from .values import (
    banzhaf,
    equal_split,
    equal_surplus,
    proportional,
    shapley,
    weighted_shapley,
)

__all__ = [
    "__version__",
    # games
    "Game",
    "families",
    "io",
    "get_max_table_bytes",
    "set_max_table_bytes",
    # results
    "Allocation",
    "Estimate",
    # values
    "shapley",
    "banzhaf",
    "weighted_shapley",
    "equal_split",
    "equal_surplus",
    "proportional",
    # errors
    "CoalitionError",
    "InvalidGameError",
    "InvalidAllocationError",
    "InvalidParameterError",
    "GameFileError",
    "GameTooLargeError",
    "InfeasibleError",
    "EmptyCoreError",
    "SolverError",
]
