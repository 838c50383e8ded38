"""What a game is: the immutable :class:`Game`, its construction and checks.

A :class:`Game` holds the worth of every coalition of a transferable-utility
game. :mod:`coalition.game.protocol` documents the capabilities a game offers
the rules (exact fast paths, the arrays of a compiled sampler); the families
of structured games (:mod:`coalition.families`) and graph-restricted games
(:mod:`coalition.game.restricted`) are games that override them.
"""

from ._masks import lex_masks
from .game import Game
from .interval import IntervalGame
from .scenarios import ScenarioGame

__all__ = ["Game", "IntervalGame", "ScenarioGame", "lex_masks"]
