"""The nucleolus variants of coopgame-py on seeded random games, written to
``tests/data/peer_nucleolus_variants.json`` for
``tests/test_nucleolus_variants.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    /work/venv/bin/python benchmarks/peer_nucleolus_variants.py

For each n from 3 to 8, four games from ``numpy.random.default_rng(SEED)``:

* ``positive``: integer worths in [0, 10 |S|], v(N) raised to at least the
  sum of the standalone worths plus a random surplus (proportional and
  per-capita nucleoli defined; the core may be empty);
* ``convex``: a sum of unanimity games with non-negative integer dividends on
  random coalitions, plus standalone worths (non-empty core: the disruption
  nucleolus is defined);
* ``dual``: the dual ``v*(S) = v(N) - v(N \\ S)`` of a convex game (its
  marginal contributions add up to at most v(N): the anti-nucleolus is
  defined);
* ``uniform``: worths uniform in [0, 100), three decimals.

Each case stores the worths (binary order, empty coalition first), the
peer's answer for every rule, or ``null`` where the peer refused the game
(with its message), and the answers under the coalition structure
``[[0, 1], [2, ..., n-1]]`` (nucleolus and prenucleolus).
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "peer_nucleolus_variants.json"
SEED = 20261206
KINDS = ("positive", "convex", "dual", "uniform")


def popcount(masks: np.ndarray, n: int) -> np.ndarray:
    return ((masks[:, None] >> np.arange(n)) & 1).sum(axis=1)


def convex_game(rng: np.random.Generator, n: int) -> np.ndarray:
    masks = np.arange(1 << n)
    v = np.zeros(1 << n)
    standalone = rng.integers(0, 10, n).astype(float)
    v += ((masks[:, None] >> np.arange(n)) & 1) @ standalone
    for _ in range(2 * n):
        t = int(rng.integers(1, 1 << n))
        d = float(rng.integers(1, 20))
        v[(masks & t) == t] += d
    return v


def game(rng: np.random.Generator, n: int, kind: str) -> np.ndarray:
    masks = np.arange(1 << n)
    full = (1 << n) - 1
    if kind == "positive":
        v = np.array([rng.integers(0, 10 * max(1, c) + 1) for c in popcount(masks, n)], dtype=float)
        v[0] = 0.0
        v[full] = max(v[full], v[1 << np.arange(n)].sum() + rng.integers(0, 10 * n))
        return v
    if kind == "convex":
        return convex_game(rng, n)
    if kind == "dual":
        c = convex_game(rng, n)
        return c[full] - c[full ^ masks]
    v = np.round(rng.uniform(0, 100, 1 << n), 3)
    v[0] = 0.0
    return v


RULES = ("per_capita_nucleolus", "proportional_nucleolus", "disruption_nucleolus",
         "anti_nucleolus", "anti_prenucleolus")


def answer(f, *args):
    try:
        out = f(*args)
    except (ValueError, RuntimeError) as exc:  # the peer's refusals
        return None, str(exc)
    return [float(a) for a in out["allocation"]], None


def main() -> None:
    import coopgame

    rng = np.random.default_rng(SEED)
    cases = []
    for n in range(3, 9):
        for kind in KINDS:
            v = game(rng, n, kind)
            pg = coopgame.Game([float(a) for a in v[1:]])  # binary order without the empty coalition
            case = {"n": n, "kind": kind, "values": [float(a) for a in v], "answers": {}, "refusals": {}}
            for rule in RULES:
                x, why = answer(getattr(coopgame, rule), pg)
                case["answers"][rule] = x
                if why is not None:
                    case["refusals"][rule] = why
            blocs = [[0, 1], list(range(2, n))]
            case["structure"] = blocs
            for domain, label in (("imputation", "structured_nucleolus"), ("preimputation", "structured_prenucleolus")):
                x, why = answer(coopgame.structured_nucleolus, pg, blocs, domain)
                case["answers"][label] = x
                if why is not None:
                    case["refusals"][label] = why
            cases.append(case)
    doc = {
        "description": "Nucleolus variants of seeded random games by the peer library coopgame-py; "
                       "values in binary order with the empty coalition first; null where the peer "
                       "refused the game.",
        "script": "benchmarks/peer_nucleolus_variants.py",
        "peer": f"coopgame-py {version('coopgame-py')}",
        "seed": SEED,
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"{len(cases)} games written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
