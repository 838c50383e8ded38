"""The kernel, prekernel and bargaining set by coopgame-py on seeded random
games, written to ``tests/data/peer_kernel.json`` for ``tests/test_kernel.py``.

coopgame-py is not a dependency of coalition; run this with an environment
that has it (and numpy):

    /work/venv/bin/python benchmarks/peer_kernel.py

The games: for each n from 3 to 7, integer worths and float worths that grow
with the size of the coalition, with ``v(N)`` raised if needed so that the
imputation set is not empty, from ``numpy.random.default_rng(seed)``. For
each game the file holds the peer's kernel point (``kernel_point``) and
prekernel point, and, at a few allocations (the peer's kernel point, random
imputations, a random efficient split and a mix of the kernel point with a
random imputation), the peer's kernel imbalance (``kernel_violation``), its
kernel verdict (``is_in_kernel``) and its (pre)bargaining-set verdict with
the justified objection it found (``bargaining_set``). The worths and the
allocations are stored with the answers, so the test needs no random
generator to agree with this one.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "peer_kernel.json"
SEED = 20261215
GAMES_PER_N = 4


def games(rng: np.random.Generator):
    for n in range(3, 8):
        size = np.array([bin(m).count("1") for m in range(1 << n)])
        for k in range(GAMES_PER_N):
            if k % 2 == 0:
                v = rng.integers(0, 11, 1 << n).astype(float) * size
            else:
                v = np.round(rng.uniform(0, 10, 1 << n) * size ** 1.5, 3)
            v[0] = 0.0
            b = v[1 << np.arange(n)]
            v[-1] = max(v[-1], float(b.sum()) + 1.0)
            yield n, v


def objection(out):
    obj = out["objection"]
    if obj is None:
        return None
    return {"objector": int(obj["objector"]), "target": int(obj["target"]),
            "coalition": [int(k) for k in obj["coalition"]],
            "payoff": [float(p) for p in obj["payoff"]], "margin": float(obj["margin"])}


def main() -> None:
    import coopgame

    rng = np.random.default_rng(SEED)
    cases = []
    for n, v in games(rng):
        g = coopgame.Game(v[1:].tolist())  # binary order without the empty coalition
        b = v[1 << np.arange(n)]
        kernel = coopgame.kernel_point(g)
        prekernel = coopgame.kernel_point(g, domain="preimputation")
        imputations = [b + rng.dirichlet(np.ones(n)) * (v[-1] - b.sum()) for _ in range(3)]
        mixed = 0.8 * np.asarray(kernel["allocation"]) + 0.2 * imputations[0]
        pre = rng.normal(0, 5, n)
        pre = pre - pre.mean() + v[-1] / n
        points = [("kernel point", "imputation", kernel["allocation"])]
        points += [("random imputation", "imputation", x) for x in imputations]
        points += [("mixed", "imputation", mixed), ("random efficient", "preimputation", pre)]
        checks = []
        for label, domain, x in points:
            x = [float(a) for a in x]
            bs = coopgame.bargaining_set(g, x, domain=domain)
            checks.append({
                "label": label, "domain": domain, "x": x,
                "kernel_violation": float(coopgame.kernel_violation(g, x, domain=domain)),
                "in_kernel": bool(coopgame.is_in_kernel(g, x, domain=domain)),
                "in_bargaining_set": bool(bs["member"]), "objection": objection(bs),
            })
        cases.append({
            "n": n, "values": v.tolist(),
            "kernel_point": [float(a) for a in kernel["allocation"]],
            "kernel_converged": bool(kernel["converged"]),
            "prekernel_point": [float(a) for a in prekernel["allocation"]],
            "prekernel_converged": bool(prekernel["converged"]),
            "checks": checks,
        })
    doc = {
        "description": "The kernel, prekernel and bargaining set of seeded random games by the peer "
                       "library coopgame-py (kernel_point, kernel_violation, is_in_kernel, "
                       "bargaining_set); values in binary order with the empty coalition first; "
                       "players numbered from 0.",
        "script": "benchmarks/peer_kernel.py",
        "peer": f"coopgame-py {version('coopgame-py')}",
        "seed": SEED,
        "cases": cases,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    head = json.dumps({k: val for k, val in doc.items() if k != "cases"}, indent=1)[:-2]
    body = ",\n".join("  " + json.dumps(case) for case in cases)
    OUT.write_text(f'{head},\n "cases": [\n{body}\n ]\n}}\n')  # one game a line
    print(f"{len(cases)} games written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
