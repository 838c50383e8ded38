"""Term sheets: gain-sharing formulas as negotiation teams write them.

A :class:`TermSheet` is built from clauses (:class:`Fixed` payments,
:class:`Tranche` waterfalls split by rules or stakes, :class:`Floor` and
:class:`Ceiling` per partner, :class:`LossSharing`, :class:`ExitTerms`).
It is evaluated on a game with a per-clause breakdown
(:meth:`TermSheet.evaluate`), checked for stability and fairness
(:meth:`TermSheet.check`), stress-tested over scenarios (:func:`stress`) and
repaired by the smallest change of a free parameter (:func:`repair`);
:func:`exit_clause_report` reads its exit clause against what a partner's
exit does to the rest (:meth:`TermSheet.exit_report`).
:func:`read_terms` reads the ``[terms]`` section of a game file.
"""

from .clauses import Ceiling, ExitTerms, Fixed, Floor, LossSharing, Tranche
from .exit import exit_clause_report
from .read import read_terms, terms_from_dict
from .repair import repair
from .sheet import TermSheet
from .stress import stress

__all__ = [
    "TermSheet", "Fixed", "Tranche", "Floor", "Ceiling", "LossSharing", "ExitTerms",
    "stress", "repair", "read_terms", "terms_from_dict", "exit_clause_report",
]
