"""The Aumann-Dreze value by coopgame-py on seeded random games with random
coalition structures, written to ``tests/data/coopgame_aumann_dreze.json``
for ``tests/test_aumann_dreze.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    /work/venv/bin/python benchmarks/peer_aumann_dreze.py

The games: for each n from 2 to 7, integer worths in [-10, 30] and float
worths in [0, 100), from ``numpy.random.default_rng(SEED)``, each with a
random partition of the players into blocs; the worths and the blocs are
stored with the answers, so the test needs no random generator.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "coopgame_aumann_dreze.json"
SEED = 20261206
GAMES_PER_N = 3


def cases(rng: np.random.Generator):
    for n in range(2, 8):
        for k in range(GAMES_PER_N):
            size = (1 << n) - 1
            if k % 2 == 0:
                vals = rng.integers(-10, 31, size).astype(float)
            else:
                vals = np.round(rng.uniform(0, 100, size), 3)
            labels = rng.integers(0, max(1, n // 2 + 1), n)
            blocs = [[int(i) for i in np.flatnonzero(labels == b)] for b in np.unique(labels)]
            yield n, [0.0, *vals.tolist()], blocs


def main() -> None:
    import coopgame

    rng = np.random.default_rng(SEED)
    out = []
    for n, v, blocs in cases(rng):
        x = coopgame.aumann_dreze(coopgame.Game(v[1:]), blocs)  # binary order without the empty set
        x = x["allocation"] if isinstance(x, dict) else x
        out.append({"n": n, "values": v, "blocs": blocs, "aumann_dreze": [float(a) for a in x]})
    doc = {
        "description": "The Aumann-Dreze value of seeded random games with random coalition structures "
                       "by the peer library coopgame-py (coopgame.aumann_dreze); values in binary order "
                       "with the empty coalition first; blocs as lists of player positions.",
        "script": "benchmarks/peer_aumann_dreze.py",
        "peer": f"coopgame-py {version('coopgame-py')}",
        "seed": SEED,
        "cases": out,
    }
    # one line per game, so that the file stays small and diffs stay readable
    head = json.dumps({k: v for k, v in doc.items() if k != "cases"}, indent=1)[:-2]
    body = ",\n  ".join(json.dumps(c) for c in doc["cases"])
    OUT.write_text(f'{head},\n "cases": [\n  {body}\n ]\n}}\n')
    print(f"{len(out)} games written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
