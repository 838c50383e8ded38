"""Result objects returned by the rules.

Every rule returns a frozen dataclass. Allocation results share one shape:
``players``, ``x`` (a read-only array in ``players`` order), ``rule``,
``kind`` (``"profit"`` or ``"cost"``), :meth:`Allocation.as_dict`, item
access by player name, a readable ``repr``, an HTML ``repr`` for notebooks and
:meth:`Allocation.to_frame` when pandas is installed.
"""

from .allocation import Allocation, Estimate
from .bounds import IntervalAllocation, ShareBounds
from .bargaining import BargainingSolution, RubinsteinSplit
from .certificate import NucleolusCertificate
from .core import (
    Balancedness,
    BlockingCoalition,
    CoreBounds,
    CoreReport,
    KohlbergCheck,
    LeastCore,
    NearestCore,
    NucleolusResult,
)
from .hub import HubReport
from .lifecycle import EntryReport, ExitReport, Sensitivity, Sweep
from .terms import RepairOption, RepairReport, StressReport, TermsAllocation, TermsCheck
from .kernel import BargainingSetCheck, KernelCheck, KernelPoint, Objection
from .sets import SetBounds
from .scenarios import RobustCore, ShareDistribution

__all__ = [
    "Allocation", "Estimate", "HubReport",
    "BlockingCoalition", "CoreReport", "LeastCore", "Balancedness", "CoreBounds",
    "NucleolusResult", "KohlbergCheck", "NearestCore",
    "BargainingSolution", "RubinsteinSplit",
    "ExitReport", "EntryReport", "Sensitivity", "Sweep",
    "NucleolusCertificate",
    "TermsAllocation", "TermsCheck", "StressReport", "RepairReport", "RepairOption",
    "KernelPoint", "KernelCheck", "Objection", "BargainingSetCheck",
    "SetBounds",
    "ShareDistribution", "RobustCore",
    "ShareBounds", "IntervalAllocation",
]
