"""Guard the public API: what `import coalition` offers, and how it is documented."""

import inspect

import coalition as co

# Every public name, grouped by module. A change here is a change of the API.
EXPECTED = {
    "__version__",
    # games and settings
    "Game", "families", "io", "get_max_table_bytes", "set_max_table_bytes",
    # results
    "Allocation", "Estimate",
    # values
    "shapley", "banzhaf", "weighted_shapley", "equal_split", "equal_surplus", "proportional",
    "minimal_winning_coalitions", "johnston", "deegan_packel", "public_good", "coleman",
    # claims rules
    "proportional_claims", "cea", "cel", "talmud", "reverse_talmud", "piniles",
    "adjusted_proportional", "minimal_overlap", "random_arrival", "claims_rule",
    "utopia", "minimal_rights", "is_quasi_balanced", "tau_value", "gately", "cis", "ensc",
    "solidarity_value", "least_square_prenucleolus", "dutta_ray",
    "minimal_blocking_coalitions",
    # sampling
    "estimate_shapley",
    # stability
    "excess", "core_report", "in_core", "is_balanced", "core_bounds", "least_core",
    "nucleolus", "prenucleolus", "verify_nucleolus", "nearest_core", "core_vertices",
    # networks and blocs
    "network", "myerson", "position_value", "owen", "banzhaf_owen",
    # bargaining
    "FeasibleSet", "nash_bargaining", "kalai_smorodinsky", "egalitarian", "rubinstein",
    # life cycle
    "exit_report", "entry_report", "sensitivity", "sweep",
    # comparison
    "compare", "Comparison", "plot",
    # errors
    "CoalitionError", "InvalidGameError", "InvalidAllocationError", "InvalidParameterError",
    "GameFileError", "GameTooLargeError", "InfeasibleError", "EmptyCoreError", "SolverError",
    # modified nucleoli
    "modiclus", "sm_nucleolus", "certify_nucleolus",
    # term sheets
    "terms",
    # nucleoli of weighted excesses and of the dual game
    "per_capita_nucleolus", "proportional_nucleolus", "disruption_nucleolus",
    "anti_nucleolus", "anti_prenucleolus",
    # kernel and bargaining set
    "max_surplus", "in_prekernel", "in_kernel", "prekernel_element", "kernel_element",
    "in_bargaining_set", "in_prebargaining_set",
    # the centre of the core, sets that hold the core, blocs
    "core_centroid", "core_vertex_mean", "estimate_core_centroid", "imputation_vertices", "weber_vertices", "core_cover",
    "reasonable_set", "SetBounds", "aumann_dreze",
    # games built from what partners bring
    "models",
    # worths that are not known exactly
    "ScenarioGame", "share_distribution", "robust_core",
    # worths known only within bounds
    "uncertain", "IntervalGame", "share_bounds", "expected_shares", "ShareBounds", "interval_shapley", "interval_core",
    "in_interval_core", "IntervalAllocation",
}


def test_all_is_exactly_the_expected_api():
    assert set(co.__all__) == EXPECTED
    assert len(co.__all__) == len(set(co.__all__))


def test_every_public_name_exists_and_is_documented():
    for name in co.__all__:
        obj = getattr(co, name)
        if name == "__version__":
            assert isinstance(obj, str) and obj.count(".") >= 2
            continue
        assert inspect.getdoc(obj), f"{name} has no docstring"


def test_public_functions_have_examples_and_keyword_only_tuning():
    for name in co.__all__:
        obj = getattr(co, name)
        if inspect.isfunction(obj):
            doc = inspect.getdoc(obj)
            assert "Examples" in doc, f"{name} has no Examples section"


def test_errors_form_one_tree_rooted_at_value_error():
    for name in co.__all__:
        obj = getattr(co, name)
        if inspect.isclass(obj) and name.endswith("Error"):
            assert issubclass(obj, co.CoalitionError)
    assert issubclass(co.CoalitionError, ValueError)


def test_family_modules_declare_all():
    for name in co.families.__all__:
        fn = getattr(co.families, name)
        assert "Examples" in inspect.getdoc(fn)


# The documented import paths of the public names beyond the top level. Moving
# code between private modules must keep every one of these working.
IMPORT_PATHS = {
    "coalition": set(EXPECTED) - {"__version__"},
    "coalition.families": {
        "weighted_voting", "airport", "bankruptcy", "glove", "unanimity", "additive_with_synergies",
        "multiple_weighted_voting",
    },
    "coalition.network": {
        "hub_and_spoke", "chain", "complete", "multi_hub", "restrict", "RestrictedGame",
        "synergy_game", "myerson", "position_value", "hub_report",
        "aumann_dreze",
    },
    "coalition.io": {"read_game", "write_game", "loads", "dumps"},
    "coalition.plot": {"compare", "core", "convergence", "network", "tornado", "sweep", "distribution"},
    "coalition.results": {
        "Allocation", "Estimate", "HubReport", "BlockingCoalition", "CoreReport", "LeastCore",
        "Balancedness", "CoreBounds", "NucleolusResult", "KohlbergCheck", "NearestCore",
        "BargainingSolution", "RubinsteinSplit", "ExitReport", "EntryReport",
        "Sensitivity", "Sweep",
        "TermsAllocation", "TermsCheck", "StressReport", "RepairReport", "RepairOption",
        "KernelPoint", "KernelCheck", "Objection", "BargainingSetCheck",
        "SetBounds",
        "ShareDistribution", "RobustCore",
    },
    "coalition.terms": {
        "TermSheet", "Fixed", "Tranche", "Floor", "Ceiling", "LossSharing", "ExitTerms",
        "stress", "repair", "read_terms", "terms_from_dict", "exit_clause_report",
    },
    "coalition.uncertain": {"share_distribution", "robust_core", "expected_shares"},
    "coalition.lifecycle": {"exit_report", "entry_report", "sensitivity", "sweep"},
    "coalition.models": {
        "linear_production", "owen_point", "resource_prices",
        "assignment", "buyer_optimal", "seller_optimal", "fair_division_point",
        "spanning_tree", "bird_rule", "folk_rule", "flow_game", "min_cut_point",
        "newsvendor", "newsvendor_split", "eoq_inventory", "soc_split", "travelling_salesman",
    },
    "coalition.errors": {
        "CoalitionError", "InvalidGameError", "InvalidAllocationError", "InvalidParameterError",
        "GameFileError", "GameTooLargeError", "InfeasibleError", "EmptyCoreError", "SolverError",
    },
}


def test_documented_import_paths_resolve():
    import importlib

    for module_name, names in IMPORT_PATHS.items():
        module = importlib.import_module(module_name)
        missing = sorted(n for n in names if not hasattr(module, n))
        assert not missing, f"{module_name} lacks {missing}"
        public = set(getattr(module, "__all__", ()))
        assert names <= public, f"{module_name}.__all__ lacks {sorted(names - public)}"


def test_the_same_object_under_every_path():
    assert co.network.myerson is co.myerson
    assert co.network.position_value is co.position_value
    assert co.results.Allocation is co.Allocation
    assert co.errors.CoalitionError is co.CoalitionError
