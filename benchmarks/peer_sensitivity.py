"""coopgame-py's ``influence`` (the change of the nucleolus per unit change
of a coalition's worth, by central differences of +-delta) on seeded random
games, written to ``tests/data/peer_sensitivity.json`` for
``tests/test_sensitivity_active.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    /work/venv/bin/python benchmarks/peer_sensitivity.py

The games: for each n from 3 to 6, three games with uniform worths on
[0, 10) and ``v(N)`` raised by ``10 n`` (so the nucleolus is interior and
its stage structure stable under small changes), from
``numpy.random.default_rng(SEED)``; the peer is asked about every proper
coalition and the grand coalition. The worths are stored with the answers.
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "peer_sensitivity.json"
SEED = 20261206


def main() -> None:
    import coopgame

    rng = np.random.default_rng(SEED)
    games = []
    for n in range(3, 7):
        for _ in range(3):
            v = np.concatenate([[0.0], rng.uniform(0, 10, (1 << n) - 1)])
            v[-1] += 10 * n
            every = [[i for i in range(n) if m >> i & 1] for m in range(1, 1 << n)]
            rows = coopgame.influence(coopgame.Game(list(v[1:])), coalitions=every)
            games.append({
                "n": n,
                "worths": v.tolist(),
                "influence": [[sum(1 << i for i in members), [float(s) for s in sens]] for members, sens in rows],
            })
    OUT.write_text(json.dumps({"peer": f"coopgame-py {version('coopgame-py')}", "seed": SEED, "games": games}))
    print(f"wrote {len(games)} games to {OUT}")


if __name__ == "__main__":
    main()
