"""Draw the figures of docs/how-to/pictures.md into docs/img/.

Run from the repository root after changing coalition.plot:

    .venv/bin/python docs/make_figures.py

The code of each figure is the code shown on the page.
"""

from __future__ import annotations

import pathlib

IMG = pathlib.Path(__file__).resolve().parent / "img"


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import coalition as co

    IMG.mkdir(exist_ok=True)

    def save(fig, name):
        fig.savefig(IMG / name, dpi=90)
        plt.close(fig)
        print("wrote", IMG / name)

    # plot.compare and plot.core: a carmaker and its partners (illustrative numbers)
    game = co.Game.from_dict({
        "Volt": 20, "Cell": 10, "Fab": 5, "Fund": 4,
        "Volt+Cell": 55, "Volt+Fab": 35, "Volt+Fund": 40,
        "Cell+Fab": 18, "Cell+Fund": 17, "Fab+Fund": 11,
        "Volt+Cell+Fab": 80, "Volt+Cell+Fund": 92,
        "Volt+Fab+Fund": 62, "Cell+Fab+Fund": 26,
        "Volt+Cell+Fab+Fund": 110,
    })
    comparison = co.compare(game, proposal={"Volt": 45, "Cell": 20, "Fab": 10, "Fund": 35})
    save(co.plot.compare(comparison), "compare.png")

    trio = game.subgame(["Volt", "Cell", "Fab"])
    save(co.plot.core(trio, co.compare(trio, proposal={"Volt": 66, "Cell": 9, "Fab": 5})), "core.png")

    # plot.network: a hub and its spokes, synergies on the links
    net = co.network.hub_and_spoke("Power", ["Refinery", "Plaster", "Pharma", "FishFarm", "Heating"],
                                   weights=[6, 4, 7, 1.5, 5])
    park = co.network.synergy_game(net, standalone={"Power": 10, "Refinery": 12, "Plaster": 3,
                                                    "Pharma": 9, "FishFarm": 1, "Heating": 2})
    save(co.plot.network(net, co.shapley(park)), "network.png")

    # plot.convergence: needs the trace the estimator records
    vote = co.families.weighted_voting([8, 6, 5, 4, 3, 2, 1, 1], quota=16, players=list("ABCDEFGH"))
    est = co.estimate_shapley(vote, budget=2_000_000, method="permutation", seed=3, chunk_size=8192)
    save(co.plot.convergence(est), "convergence.png")


if __name__ == "__main__":
    main()
