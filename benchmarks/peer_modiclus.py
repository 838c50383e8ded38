"""The modiclus by coopgame-py on seeded random games, written to
``tests/cases/stability/coopgame_modiclus.json`` for ``tests/test_modiclus.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    /tmp/cgvenv/bin/python benchmarks/peer_modiclus.py

The games: for each n from 2 to 7 (coopgame-py's modiclus takes at most 7
players), integer worths in [-10, 30] and float worths in [0, 100), from
``numpy.random.default_rng(seed)``; the worths are stored with the answers, so
the test needs no random generator to agree with this one.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "cases" / "stability" / "coopgame_modiclus.json"
SEED = 20261206
GAMES_PER_N = 4


def games(rng: np.random.Generator):
    for n in range(2, 8):
        for k in range(GAMES_PER_N):
            size = (1 << n) - 1
            if k % 2 == 0:
                vals = rng.integers(-10, 31, size).astype(float)
            else:
                vals = np.round(rng.uniform(0, 100, size), 3)
            yield n, [0.0, *vals.tolist()]


def main() -> None:
    import coopgame

    rng = np.random.default_rng(SEED)
    cases = []
    for n, v in games(rng):
        out = coopgame.modiclus(coopgame.Game(v[1:]))  # binary order without the empty coalition
        cases.append({"n": n, "values": v, "modiclus": [float(a) for a in out["allocation"]],
                      "levels": [float(a) for a in out["levels"]], "guarantee": out.get("guarantee")})
    doc = {
        "description": "The modiclus of seeded random games by the peer library coopgame-py "
                       "(coopgame.modiclus); values in binary order with the empty coalition first.",
        "script": "benchmarks/peer_modiclus.py",
        "peer": f"coopgame-py {version('coopgame-py')}",
        "seed": SEED,
        "published": [],  # peer answers, not published values: the published-values test skips them
        "cases": cases,
    }
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{len(cases)} games written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
