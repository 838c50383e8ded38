"""The sharing rules the library knows by name (private).

One registry for every part that lets a user name rules: :func:`coalition.compare`,
the life-cycle reports, term sheets and the command line. A name is looked up
as given, then without case, spaces, hyphens and underscores, and by the
function's own name (``"tau_value"`` finds ``"tau-value"``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .bargaining import nash_bargaining
from .errors import CoalitionError, GameTooLargeError, InvalidGameError, InvalidParameterError
from .game import Game
from .game._checks import _check_table_size
from .sampling import estimate_shapley
from .stability import (
    _voting_nucleolus,
    anti_nucleolus,
    anti_prenucleolus,
    core_centroid,
    core_vertex_mean,
    disruption_nucleolus,
    kernel_element,
    modiclus,
    nucleolus,
    per_capita_nucleolus,
    prekernel_element,
    prenucleolus,
    proportional_nucleolus,
    sm_nucleolus,
)
from .families.bankruptcy import BankruptcyGame
from .network import aumann_dreze, owen
from .values import (
    adjusted_proportional,
    banzhaf,
    cea,
    cel,
    minimal_overlap,
    piniles,
    proportional_claims,
    random_arrival,
    reverse_talmud,
    talmud,
    deegan_packel,
    dutta_ray,
    ensc,
    equal_split,
    equal_surplus,
    gately,
    johnston,
    least_square_prenucleolus,
    proportional,
    public_good,
    shapley,
    solidarity_value,
    tau_value,
)

__all__: list[str] = []


def _nash(game: Game):
    return nash_bargaining(game)


def _banzhaf_normalized(game: Game):
    return banzhaf(game, normalized=True)


def _claims(rule: Callable[..., Any], label: str) -> Callable[[Game], Any]:
    """A claims rule as a rule of games: it divides the estate of a
    bankruptcy game among its claims, and does not apply to other games."""

    def on_game(game: Game) -> Any:
        if not isinstance(game, BankruptcyGame):
            raise InvalidGameError(
                f"the {label} rule divides an estate among claims: it applies to bankruptcy games "
                f"(coalition.families.bankruptcy), not to a {type(game).__name__}"
            )
        return rule(game.estate, game.claims, players=game.players)

    on_game.__name__ = rule.__name__
    on_game.__doc__ = rule.__doc__
    return on_game


def _with_blocs(label: str, name: str, call: Callable[[Game, Any, Any], Any],
                rule: Callable[..., Any]) -> Callable[..., Any]:
    """A rule of a game and a partition of its players (blocs): applied when
    the caller passes the blocs, and not applicable otherwise."""

    def on_game(game: Game, blocs: Any = None, seed: Any = 0) -> Any:
        if blocs is None:
            raise InvalidParameterError(
                f"the {label} needs blocs: pass `blocs`, a partition of the partners such as "
                "[['A', 'B'], ['C']] (--blocs A+B,C on the command line)"
            )
        return call(game, blocs, seed)

    on_game.__name__ = name
    on_game.__doc__ = rule.__doc__
    on_game.takes_blocs = True  # type: ignore[attr-defined]
    return on_game


def takes_blocs(rule: Callable[..., Any]) -> bool:
    """Whether a registered rule is one of a game and its blocs."""
    return bool(getattr(rule, "takes_blocs", False))


#: The rules known by name: label -> (function, needs the table).
RULES: dict[str, tuple[Callable[[Game], Any], bool]] = {
    "Shapley": (shapley, True),
    "nucleolus": (nucleolus, True),
    "equal surplus": (equal_surplus, False),
    "proportional": (proportional, False),
    "Nash": (_nash, False),
    "Banzhaf (normalized)": (_banzhaf_normalized, True),
    "equal split": (equal_split, False),
    "tau-value": (tau_value, True),
    "Gately": (gately, True),
    "ENSC": (ensc, True),
    "solidarity": (solidarity_value, True),
    "LS prenucleolus": (least_square_prenucleolus, True),
    "Dutta-Ray": (dutta_ray, True),
    "prenucleolus": (prenucleolus, True),
    "modiclus": (modiclus, True),
    "SM nucleolus": (sm_nucleolus, True),
    # power indices: simple (0/1, monotone) games only; n/a on others
    "Johnston": (johnston, True),
    "Deegan-Packel": (deegan_packel, True),
    "public good": (public_good, True),
    # nucleoli of weighted excesses and of the dual game
    "per-capita nucleolus": (per_capita_nucleolus, True),
    "proportional nucleolus": (proportional_nucleolus, True),
    "disruption nucleolus": (disruption_nucleolus, True),
    "anti-nucleolus": (anti_nucleolus, True),
    "anti-prenucleolus": (anti_prenucleolus, True),
    "prekernel element": (prekernel_element, True),
    "kernel element": (kernel_element, True),
    # the centre of the core: games with a non-empty core, up to 9 players
    "core centroid": (core_centroid, True),
    "core vertex mean": (core_vertex_mean, True),
    # claims rules: bankruptcy games only (their estate and claims); n/a on others
    "CEA": (_claims(cea, "CEA"), False),
    "CEL": (_claims(cel, "CEL"), False),
    "Talmud": (_claims(talmud, "Talmud"), False),
    "reverse Talmud": (_claims(reverse_talmud, "reverse Talmud"), False),
    "proportional claims": (_claims(proportional_claims, "proportional"), False),
    "adjusted proportional": (_claims(adjusted_proportional, "adjusted proportional"), False),
    "Piniles": (_claims(piniles, "Piniles"), False),
    "minimal overlap": (_claims(minimal_overlap, "minimal overlap"), False),
    "random arrival": (_claims(random_arrival, "random arrival"), False),
    # rules of a coalition structure: applied when blocs are given; n/a otherwise
    # (the Owen value is estimated beyond the table, with the comparison's seed)
    "Owen": (_with_blocs("Owen value", "owen", lambda g, b, seed: owen(g, b) if dense_ok(g) else owen(
        g, b, method="sample", budget=max(ESTIMATE_BUDGET, 4 * g.n), seed=seed), owen), False),
    "Aumann-Dreze": (_with_blocs("Aumann-Dreze value", "aumann_dreze", lambda g, b, seed: aumann_dreze(g, b), aumann_dreze),
                     False),
    "nucleolus (blocs)": (_with_blocs("nucleolus of a coalition structure", "nucleolus_blocs",
                                      lambda g, b, seed: nucleolus(g, structure=b), nucleolus), True),
    "prenucleolus (blocs)": (_with_blocs("prenucleolus of a coalition structure", "prenucleolus_blocs",
                                         lambda g, b, seed: prenucleolus(g, structure=b), prenucleolus), True),
}
DEFAULT = ("Shapley", "nucleolus", "equal surplus", "proportional", "Nash")
#: Added to the default rules when blocs are given.
DEFAULT_BLOCS = ("Owen", "Aumann-Dreze", "nucleolus (blocs)")

# Rules that a game may answer by its own route, without a table, and the
# index they ask for (see Game._power_fast).
_OWN_ROUTE = {johnston: "johnston", deegan_packel: "deegan_packel", public_good: "public_good"}


def _has_own_route(game: Game, rule: Callable[[Game], Any]) -> bool:
    """Whether `game` answers `rule` without a table (a walk that would not
    finish counts: the rule then says why it does not apply)."""
    if rule is _banzhaf_normalized:
        return game._banzhaf_fast() is not None
    if rule is nucleolus:  # weighted voting games: constraint generation without a table
        return _voting_nucleolus.applies(game)
    index = _OWN_ROUTE.get(rule)
    if index is None:
        return False
    try:
        return game._power_fast(index) is not None
    except GameTooLargeError:
        return True


def _key(name: str) -> str:
    return re.sub(r"[\s_\-()]+", "", name).lower()


def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for label, (func, _) in RULES.items():
        index.setdefault(_key(func.__name__), label)
    for label in RULES:  # a label wins over a function name
        index[_key(label)] = label
    index[_key("cis")] = "equal surplus"  # the same rule under its other name (see values.cis)
    return index


def rule_label(name: Any, arg: str = "rules") -> str:
    """The registry label of the rule called `name`, or a clear error."""
    if isinstance(name, str):
        if name in RULES:
            return name
        label = _index().get(_key(name))
        if label is not None:
            return label
    raise InvalidParameterError(
        f"`{arg}` has {name!r}; known rules are {', '.join(RULES)}, or pass a function"
    )


def resolve_rules(rules: Any, default: Sequence[str] = DEFAULT, *, arg: str = "rules"
                  ) -> list[tuple[str, Callable[[Game], Any], bool]]:
    """``[(label, function, needs the table)]`` for rule names, functions, or a
    dict ``{label: name or function}``; `default` when `rules` is None."""
    if rules is None:
        rules = default
    if isinstance(rules, str) or callable(rules) or not isinstance(rules, (Sequence, Mapping)):
        raise InvalidParameterError(
            f"`{arg}` must be a list of rule names ({', '.join(RULES)}) or functions, or a dict "
            f"{{label: rule}}, got {rules!r}"
        )
    out = []
    items = rules.items() if isinstance(rules, Mapping) else ((r, r) for r in rules)
    for label, rule in items:
        if callable(rule):
            name = label if isinstance(rules, Mapping) else getattr(rule, "__name__", repr(rule))
            out.append((str(name), rule, True))
        else:
            known = rule_label(rule, arg)
            out.append((known if label == rule else str(label), *RULES[known]))
    labels = [r[0] for r in out]
    if len(set(labels)) != len(labels) or "proposal" in labels:
        raise InvalidParameterError(f"`{arg}` labels must be distinct and not 'proposal', got {labels}")
    if not out:
        raise InvalidParameterError(f"`{arg}` is empty")
    return out


#: Evaluations of the Shapley estimate used where a game has no table and no exact path.
ESTIMATE_BUDGET = 200_000


def dense_ok(game: Game) -> bool:
    """Whether the game's table (and one copy) fits under the memory cap."""
    try:
        _check_table_size(game.n, copies=2)
    except GameTooLargeError:
        return False
    return True


def apply(game: Game, chosen: list[tuple[str, Callable[[Game], Any], bool]], *, seed: Any = 0,
          where: str = "", blocs: Any = None) -> tuple[np.ndarray, list[str], dict[str, tuple[np.ndarray, np.ndarray]]]:
    """Every chosen rule on `game`: ``(n, k)`` shares (NaN for a rule that does
    not apply), a note per rule skipped or estimated, and the confidence
    intervals of estimated rules. Beyond the table's size the Shapley value
    takes the game's exact path if it has one and is estimated otherwise;
    rules that need the table are skipped. `where` names the game in notes;
    `blocs` go to the rules of a coalition structure."""
    dense = dense_ok(game)
    at = f" {where}" if where else ""
    out = np.full((game.n, len(chosen)), np.nan)
    notes: list[str] = []
    intervals: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for j, (label, rule, needs_table) in enumerate(chosen):
        if not dense and rule is shapley and game._shapley_fast() is None:
            est = estimate_shapley(game, budget=max(ESTIMATE_BUDGET, 4 * game.n), seed=seed)
            out[:, j] = est.x
            intervals[label] = est.ci
            notes.append(f"{label}{at}: estimated by {est.method} sampling, {est.n_evaluations:,} evaluations.")
            continue
        if not dense and needs_table and rule is not shapley and not _has_own_route(game, rule):
            notes.append(f"{label}{at}: skipped, the game is too large for a dense table ({game.n} players).")
            continue
        try:
            result = rule(game, blocs, seed) if takes_blocs(rule) else rule(game)
        except (CoalitionError, ImportError) as exc:
            notes.append(f"{label}{at}: not applicable ({exc}).")
            continue
        x = np.asarray(getattr(result, "x", result), dtype=np.float64)
        ci = getattr(result, "ci", None)
        if ci is not None and label not in intervals:  # a rule that estimated its answer
            intervals[label] = ci
            notes.append(f"{label}{at}: estimated by {getattr(result, 'method', 'Monte Carlo')} sampling, "
                         f"{getattr(result, 'n_evaluations', 0):,} evaluations.")
        if x.shape != (game.n,):
            raise InvalidParameterError(f"`rules`: {label} returned shape {x.shape}; expected ({game.n},)")
        out[:, j] = x
    return out, notes, intervals
