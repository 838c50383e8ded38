"""Write tests/data/sampling_seed_pins.json: digests of a few seeded estimates.

The pins record what the estimators return for fixed seeds, so that a change
meant to leave the numbers alone (a faster path for small calls) is proven to
do so by tests/test_seed_pins.py. Regenerate only when a change is meant to
alter the streams, and say so in its commit:

    PYTHONPATH=src .venv/bin/python benchmarks/pin_seeds.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_seed_pins import CASES, PINS, digest, run_case  # noqa: E402


def main() -> None:
    out = {}
    for name in CASES:
        _, est = run_case(name)
        out[name] = {"x": [float.hex(float(v)) for v in est.x], "sha256": digest(est)}
        print(f"{name:40s} {out[name]['sha256'][:16]}")
    PINS.parent.mkdir(exist_ok=True)
    PINS.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
