"""Plot mean absolute error against budget from accuracy_vs_shapiq.py CSVs.

    .venv/bin/python benchmarks/plot_accuracy.py ours.csv peers.csv -o benchmarks/accuracy_vs_budget.png
"""

from __future__ import annotations

import argparse
import csv
from collections import defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv", nargs="+")
    ap.add_argument("-o", "--out", default="accuracy_vs_budget.png")
    args = ap.parse_args()
    curves = defaultdict(lambda: defaultdict(list))
    for path in args.csv:
        with open(path) as fh:
            for row in csv.DictReader(line for line in fh if not line.startswith("#")):
                key = f"{row['library']} {row['method']}"
                curves[row["game"]][key].append((int(row["budget"]), float(row["mae"])))
    games = list(curves)
    fig, axes = plt.subplots(1, len(games), figsize=(5 * len(games), 4.2), squeeze=False)
    for ax, game in zip(axes[0], games):
        for key, pts in sorted(curves[game].items()):
            pts.sort()
            style = "-o" if key.startswith("coalition") else "--s"
            ax.loglog([p[0] for p in pts], [max(p[1], 1e-12) for p in pts], style, ms=3, label=key)
        ax.set_title(game)
        ax.set_xlabel("budget (evaluations)")
        ax.set_ylabel("mean absolute error")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=6)
    fig.tight_layout()
    fig.savefig(args.out, dpi=110)


if __name__ == "__main__":
    main()
