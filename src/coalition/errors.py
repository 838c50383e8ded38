"""The exceptions :mod:`coalition` raises on bad input or failed solves.

Every error derives from :class:`CoalitionError`, itself a :class:`ValueError`,
so ``except coalition.CoalitionError`` catches all of them and code written for
``ValueError`` keeps working. Messages name the offending argument in
backticks and say what was expected and what came.
"""

from __future__ import annotations

__all__ = [
    "CoalitionError",
    "InvalidGameError",
    "InvalidAllocationError",
    "InvalidParameterError",
    "GameFileError",
    "GameTooLargeError",
    "InfeasibleError",
    "EmptyCoreError",
    "SolverError",
    "ConvergenceWarning",
]


class CoalitionError(ValueError):
    """Root of every error the library raises on bad input or a failed solve."""


class InvalidGameError(CoalitionError):
    """A characteristic function, player list or coalition is malformed."""


class InvalidAllocationError(CoalitionError):
    """An allocation has the wrong length, non-finite shares or is not efficient."""


class InvalidParameterError(CoalitionError):
    """A tuning argument (weights, budget, tolerance, seed, ...) is out of range."""


class GameFileError(InvalidGameError):
    """A game file could not be read or does not describe a valid game."""


class GameTooLargeError(CoalitionError):
    """A dense table of all coalitions would not fit the memory cap."""


class InfeasibleError(CoalitionError):
    """The problem has no feasible point (e.g. outside options exceed the pie)."""


class EmptyCoreError(InfeasibleError):
    """The game has an empty core, so no stable allocation exists."""


class SolverError(CoalitionError):
    """A numerical solver failed; the message carries its status and message."""


class ConvergenceWarning(UserWarning):
    """An iterative or sampling routine stopped at its cap before meeting its
    tolerance, or a sample gave no measure of its own error; the result says
    so (``converged=False``, or infinite standard errors)."""
