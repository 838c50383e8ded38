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

from . import families, io, models, network, plot, terms, uncertain
from ._config import get_max_table_bytes, set_max_table_bytes
from ._version import __version__
from .bargaining import (
    FeasibleSet,
    egalitarian,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)
from .comparison import Comparison, compare
from .lifecycle import entry_report, exit_report, sensitivity, sweep
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
from .game import Game, IntervalGame, ScenarioGame
from .network import banzhaf_owen, myerson, owen, position_value
from .results import Allocation, Estimate
from .sampling import estimate_shapley
from .stability import (
    core_bounds,
    core_report,
    core_vertices,
    excess,
    in_core,
    is_balanced,
    least_core,
    nearest_core,
    nucleolus,
    prenucleolus,
    verify_nucleolus,
)
from .stability import certify_nucleolus, modiclus, sm_nucleolus
from .stability import (
    anti_nucleolus,
    anti_prenucleolus,
    disruption_nucleolus,
    per_capita_nucleolus,
    proportional_nucleolus,
    in_bargaining_set,
    in_kernel,
    in_prebargaining_set,
    in_prekernel,
    kernel_element,
    max_surplus,
    prekernel_element,
    core_centroid,
    core_cover,
    core_vertex_mean,
    estimate_core_centroid,
    imputation_vertices,
    reasonable_set,
    weber_vertices,
)
from .network import aumann_dreze
from .results import IntervalAllocation, SetBounds, ShareBounds
from .uncertain import (
    in_interval_core,
    interval_core,
    interval_shapley,
    robust_core,
    expected_shares,
    share_bounds,
    share_distribution,
)
from .values import (
    adjusted_proportional,
    banzhaf,
    cea,
    cel,
    cis,
    claims_rule,
    coleman,
    deegan_packel,
    dutta_ray,
    ensc,
    equal_split,
    equal_surplus,
    gately,
    is_quasi_balanced,
    johnston,
    least_square_prenucleolus,
    minimal_overlap,
    minimal_blocking_coalitions,
    minimal_rights,
    minimal_winning_coalitions,
    piniles,
    proportional,
    proportional_claims,
    public_good,
    random_arrival,
    reverse_talmud,
    shapley,
    solidarity_value,
    talmud,
    tau_value,
    utopia,
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
    "minimal_winning_coalitions",
    "johnston",
    "deegan_packel",
    "public_good",
    "coleman",
    # claims (bankruptcy) rules
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
    # sampling
    "estimate_shapley",
    # stability
    "excess",
    "core_report",
    "in_core",
    "is_balanced",
    "core_bounds",
    "least_core",
    "nucleolus",
    "prenucleolus",
    "verify_nucleolus",
    "nearest_core",
    "core_vertices",
    # networks and blocs
    "network",
    "myerson",
    "position_value",
    "owen",
    "banzhaf_owen",
    # bargaining
    "FeasibleSet",
    "nash_bargaining",
    "kalai_smorodinsky",
    "egalitarian",
    "rubinstein",
    # comparison
    "compare",
    "Comparison",
    # life cycle
    "exit_report",
    "entry_report",
    "sensitivity",
    "sweep",
    # figures (matplotlib, optional)
    "plot",
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
    # modified nucleoli
    "modiclus",
    "sm_nucleolus",
    "certify_nucleolus",
    # term sheets
    "terms",
    # nucleoli of weighted excesses and of the dual game
    "per_capita_nucleolus",
    "proportional_nucleolus",
    "disruption_nucleolus",
    "anti_nucleolus",
    "anti_prenucleolus",
    # kernel and bargaining set
    "max_surplus",
    "in_prekernel",
    "in_kernel",
    "prekernel_element",
    "kernel_element",
    "in_bargaining_set",
    "in_prebargaining_set",
    # the centre of the core, sets that hold the core, blocs
    "core_centroid",
    "core_vertex_mean",
    "estimate_core_centroid",
    "imputation_vertices",
    "weber_vertices",
    "core_cover",
    "reasonable_set",
    "SetBounds",
    "aumann_dreze",
    # games built from what partners bring
    "models",
    # worths that are not known exactly
    "uncertain",
    "ScenarioGame",
    "share_distribution",
    "robust_core",
    "IntervalGame",
    "share_bounds",
    "expected_shares",
    "ShareBounds",
    "interval_shapley",
    "interval_core",
    "in_interval_core",
    "IntervalAllocation",
]
