"""Answers of coopgame-py on seeded random model games, written to
``tests/data/peer_models.json`` for ``tests/test_models_*.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    /work/venv/bin/python benchmarks/peer_models.py

Linear production games (``coopgame.linear_production``): for n from 2 to 6
partners, 2 to 4 resources and 2 to 4 products, resources uniform in
[0, 10), technology uniform in [0.2, 3), prices uniform in [1, 5), rounded to
3 decimals. Spanning-tree games (``coopgame.spanning_tree``): for n from 2 to
7 partners, a symmetric cost matrix with the source as vertex 0 and costs
uniform in [1, 20), rounded to 3 decimals (ties, which would let the two
libraries pick different trees, are almost surely absent). The inputs are
stored with the answers, so the tests need no random generator to agree
with this one.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "peer_models.json"
SEED = 20261216
PER_SIZE = 3


def production_cases(rng: np.random.Generator):
    import coopgame

    for n in range(2, 7):
        for _ in range(PER_SIZE):
            m, k = int(rng.integers(2, 5)), int(rng.integers(2, 5))
            b = np.round(rng.uniform(0, 10, (n, m)), 3)
            A = np.round(rng.uniform(0.2, 3, (m, k)), 3)
            p = np.round(rng.uniform(1, 5, k), 3)
            out = coopgame.linear_production(A.tolist(), p.tolist(), b.tolist())
            yield {"resources": b.tolist(), "technology": A.tolist(), "prices": p.tolist(),
                   "value": float(out["value"]), "shadow_prices": [float(a) for a in out["shadow_prices"]],
                   "owen": [float(a) for a in out["owen"]]}


def tree_cases(rng: np.random.Generator):
    import coopgame

    for n in range(2, 8):
        for _ in range(PER_SIZE):
            c = np.round(rng.uniform(1, 20, (n + 1, n + 1)), 3)
            c = np.triu(c, 1)
            c = c + c.T
            out = coopgame.spanning_tree(c.tolist())
            yield {"costs": c.tolist(), "total_cost": float(out["total_cost"]),
                   "bird": [float(a) for a in out["bird"]], "nucleolus": [float(a) for a in out["nucleolus"]]}


def main() -> None:
    rng = np.random.default_rng(SEED)
    doc = {
        "description": "Answers of the peer library coopgame-py on seeded random linear production "
                       "games (coopgame.linear_production) and minimum-cost spanning tree games "
                       "(coopgame.spanning_tree, source = vertex 0).",
        "script": "benchmarks/peer_models.py",
        "peer": f"coopgame-py {version('coopgame-py')}",
        "seed": SEED,
        "linear_production": list(production_cases(rng)),
        "spanning_tree": list(tree_cases(rng)),
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{len(doc['linear_production'])} + {len(doc['spanning_tree'])} games written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
