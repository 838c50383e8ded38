"""Power indices of seeded random weighted voting games by coopgame-py,
written to ``tests/data/coopgame_power_indices.json`` for
``tests/test_power_peer.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    PYTHONPATH=src .venv/bin/python benchmarks/peer_power.py

The games: for each n from 2 to 9, integer weights in 0..9 (not all 0) and
a quota drawn in 1..sum, from ``numpy.random.default_rng(seed)``; weights,
quota and the table handed to the peer are stored with its answers.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "coopgame_power_indices.json"
SEED = 20261206
GAMES_PER_N = 4


def main() -> None:
    import coopgame

    rng = np.random.default_rng(SEED)
    cases = []
    for n in range(2, 10):
        for _ in range(GAMES_PER_N):
            w = rng.integers(0, 10, n)
            if w.sum() == 0:
                w[0] = 1
            quota = int(rng.integers(1, w.sum() + 1))
            masks = np.arange(1 << n)
            totals = ((masks[:, None] >> np.arange(n)) & 1) @ w
            values = (totals >= quota).astype(float)
            out = coopgame.power_indices(coopgame.Game(values[1:].tolist()))  # binary order, no empty set
            cases.append({
                "weights": w.tolist(), "quota": quota,
                **{k: out[k] for k in ("johnston", "deegan_packel", "public_good", "coleman_prevent",
                                       "coleman_initiative", "swings", "minimal_winning")},
            })
    doc = {
        "description": "Power indices of seeded random weighted voting games by the peer library "
                       "coopgame-py (coopgame.power_indices on the table of the game).",
        "script": "benchmarks/peer_power.py",
        "peer": f"coopgame-py {version('coopgame-py')}",
        "seed": SEED,
        "cases": cases,
    }
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{len(cases)} games written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
