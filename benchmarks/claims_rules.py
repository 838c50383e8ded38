"""Time the claims (bankruptcy) rules on a million claimants, and the exact
random-arrival rule: by enumeration on 16 and 20 claimants (exponential
claims, not whole numbers), by its programme on whole claims (uniform
1..99 on 100 and 300 claimants, 1..9 on 1,000 and 2,000).

    .venv/bin/python benchmarks/claims_rules.py

Prints the best of 3 wall times of each rule on exponential claims with an
estate of 37% of their total, with the claimants' names given and with the
default names ``P1 .. Pn`` made for each call.
"""

import time

import numpy as np

import coalition as co

RULES = [
    co.proportional_claims, co.cea, co.cel, co.talmud, co.reverse_talmud, co.piniles,
    co.adjusted_proportional, co.minimal_overlap,
]


def best_of(fn, k=3):
    out = np.inf
    for _ in range(k):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def main():
    n = 1_000_000
    c = np.random.default_rng(0).exponential(size=n)
    e = 0.37 * float(c.sum())
    names = tuple(f"P{i + 1}" for i in range(n))
    print(f"{'rule':24s} {'names given':>12s} {'default names':>14s}")
    for rule in RULES:
        given = best_of(lambda: rule(e, c, players=names))
        default = best_of(lambda: rule(e, c))
        print(f"{rule.__name__:24s} {given * 1e3:10.0f} ms {default * 1e3:12.0f} ms")
    for m in (16, 20):
        cm = c[:m]
        t = best_of(lambda: co.random_arrival(0.37 * float(cm.sum()), cm))
        print(f"random_arrival, n = {m:<4d} {t * 1e3:10.0f} ms (enumeration)")
    rng = np.random.default_rng(7)
    co.random_arrival(3.0, [1.0, 2.0, 3.0])  # load the compiled programme
    for m, top in ((100, 100), (300, 100), (1000, 10), (2000, 10)):
        cw = rng.integers(1, top, m).astype(float)
        try:
            t = best_of(lambda: co.random_arrival(0.37 * float(cw.sum()), cw))
            print(f"random_arrival, n = {m:<4d} {t * 1e3:10.0f} ms (programme, claims 1..{top - 1})")
        except co.InvalidParameterError as err:
            print(f"random_arrival, n = {m:<4d} refused: {err}")


if __name__ == "__main__":
    main()
