"""Structured games: weighted voting (single and multiple), airport, bankruptcy, glove, unanimity,
and additive games with pairwise synergies.

Each constructor returns a :class:`~coalition.Game` that keeps its parameters
(``game.weights``, ``game.quota``...) and evaluates coalitions from them, so a
game of 10,000 members is built in milliseconds. The dense table is built
only when a dense algorithm asks for it (and refused beyond the memory cap).
Where a closed form of the Shapley value exists, :func:`coalition.shapley`
uses it without any table.

The parameters are read-only, as the game is: ``game.replace(quota=6)``
builds the game with another quota (see :meth:`coalition.Game.replace`).
Numbers are checked by type: None, booleans, complex numbers, strings,
NaN, infinities and integers too large for a float are refused with an
error that names the argument.
"""

from .airport import AirportGame, airport
from .bankruptcy import BankruptcyGame, bankruptcy
from .glove import GloveGame, glove
from .multi_voting import MultipleWeightedVotingGame, multiple_weighted_voting
from .synergy import SynergyGame, additive_with_synergies
from .unanimity import UnanimityGame, unanimity
from .voting import WeightedVotingGame, weighted_voting

__all__ = [
    "weighted_voting",
    "airport",
    "bankruptcy",
    "glove",
    "unanimity",
    "additive_with_synergies",
    "multiple_weighted_voting",
]
