"""The package's layers: every import inside ``coalition`` runs downwards.

Data flows one way: input (files, families, models) builds a Game; rules take a
game and return results; presentation (compare, plot, the command) consumes
results. Each top-level module or package of ``coalition`` has a rank below;
a module may import its own package and packages of lower rank only, at the
top of the file or inside a function alike. ``_kernels`` imports nothing of
the package but itself. The table is the architecture page's diagram
(docs/explanation/architecture.md) in code: a new package gets a row there
and here.
"""

from __future__ import annotations

import ast
import pathlib

import numpy as np
import pytest

import coalition

ROOT = pathlib.Path(coalition.__file__).parent

# rank: may import anything of lower rank (and itself)
RANKS = {
    "errors": 0,
    "_version": 0,
    "_numbers": 1,
    "_config": 1,
    "_kernels": 1,
    "results": 2,
    "game": 3,
    "families": 4,
    "models": 4,
    "io": 5,  # a claims file builds a bankruptcy game (families)
    "values": 5,
    "sampling": 6,
    "stability": 7,
    "bargaining": 8,
    "network": 9,
    "_rules": 10,
    "uncertain": 11,
    "lifecycle": 12,
    "terms": 13,
    "comparison": 14,
    "plot": 15,
    "cli": 16,
    "__init__": 17,
    "__main__": 17,
}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        yield rel, path


def _top(rel: pathlib.PurePath) -> str:
    first = rel.parts[0]
    return first[:-3] if first.endswith(".py") else first


def _imported_tops(rel: pathlib.PurePath, tree: ast.AST):
    """(line, top-level name of coalition imported) for every import in the file."""
    package = list(rel.parts[:-1])  # the package the module lives in
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "coalition" and len(parts) > 1:
                    yield node.lineno, parts[1]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                parts = (node.module or "").split(".")
                if parts[0] != "coalition":
                    continue
                if len(parts) > 1:
                    yield node.lineno, parts[1]
                else:
                    for alias in node.names:
                        yield node.lineno, alias.name
                continue
            base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
            if node.level - 1 > len(package):
                raise AssertionError(f"{rel}:{node.lineno}: relative import above the package")
            target = base + (node.module.split(".") if node.module else [])
            if target:
                yield node.lineno, target[0]
            else:  # "from . import x" at the package root
                for alias in node.names:
                    yield node.lineno, alias.name


def test_every_top_level_module_has_a_rank():
    tops = {_top(rel) for rel, _ in _modules()}
    missing = sorted(t for t in tops if t not in RANKS)
    assert not missing, f"add these to RANKS and to the architecture page: {missing}"


@pytest.mark.parametrize("rel", [rel for rel, _ in _modules()], ids=str)
def test_imports_run_downwards(rel):
    path = ROOT / rel
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    me = _top(rel)
    bad = []
    for line, other in _imported_tops(rel, tree):
        other = other[:-3] if other.endswith(".py") else other
        if other == me or other not in RANKS:
            continue
        if me == "_kernels" or RANKS[other] >= RANKS[me]:
            bad.append(f"{rel}:{line} imports coalition.{other} (rank {RANKS[other]} >= {me}'s {RANKS[me]})")
    assert not bad, "imports that climb a layer:\n" + "\n".join(bad)


def test_the_checker_sees_a_climb(tmp_path):
    """The checker itself: a rule importing the command line is flagged."""
    tree = ast.parse("from ..cli import main\nfrom .. import plot\n")
    found = [other for _, other in _imported_tops(pathlib.PurePath("values/shapley.py"), tree)]
    assert found == ["cli", "plot"]
    tree = ast.parse("from .exact import popcount\n")
    assert [o for _, o in _imported_tops(pathlib.PurePath("_kernels/graph.py"), tree)] == ["_kernels"]


def test_every_game_class_offers_the_capability_protocol():
    """Rules ask a game for fast paths through one protocol; every game class
    of the library implements it, with the generic answer or its own."""
    import networkx as nx

    import coalition as co
    from coalition.game.protocol import GameCapabilities

    games = [
        co.Game([0, 1, 2, 4]),
        co.Game.from_function(len, ["A", "B"]),
        co.families.weighted_voting([2, 1, 1], 3),
        co.families.airport([1, 2, 3]),
        co.families.bankruptcy(5, [2, 3, 4]),
        co.families.glove(1, 2),
        co.families.unanimity(["A", "B", "C"], ["A", "B"]),
        co.families.additive_with_synergies([1, 2], {("P1", "P2"): 3}),
        co.network.restrict(co.Game([0, 1, 2, 4]), nx.path_graph(["P1", "P2"])),
    ]
    for g in games:
        assert isinstance(g, GameCapabilities), type(g).__name__
        table = g._dense_table()
        rows = np.array([[(m >> i) & 1 for i in range(g.n)] for m in range(1 << g.n)], dtype=bool)
        np.testing.assert_allclose(g._evaluate(rows), table, rtol=1e-12, atol=1e-12)
        fast = g._shapley_fast()
        if fast is not None:
            np.testing.assert_allclose(fast, co.shapley(co.Game(table, players=g.players)).x, atol=1e-12)
        assert g.replace().players == g.players
