"""The worked case studies in notebooks/ run from top to bottom in a fresh
kernel, and every figure cell draws a figure.

The notebooks are kept without outputs; each is executed here with nbclient
(the outputs are not written back). Budget: under 3 minutes for the six.
"""

from __future__ import annotations

import pathlib

import pytest

nbformat = pytest.importorskip("nbformat", reason="running the notebooks needs nbformat (the `test` extra)")
nbclient = pytest.importorskip("nbclient", reason="running the notebooks needs nbclient (the `test` extra)")
for _needed in ("ipykernel", "matplotlib", "pandas"):
    pytest.importorskip(_needed, reason=f"the notebooks need {_needed} (the `notebooks` extra)")

NOTEBOOK_DIR = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))


def test_the_case_studies_are_there():
    assert [p.name for p in NOTEBOOKS] == [
        "01_hub_and_partners.ipynb",
        "02_symbiosis_park.ipynb",
        "03_airline_alliance.ipynb",
        "04_when_a_partner_leaves.ipynb",
        "05_symbiosis_production.ipynb",
        "06_term_sheet.ipynb",
        "07_rd_consortium.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code), "commit notebooks without outputs"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and "illustrative" in first.source
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK_DIR)}}
    )
    client.execute()  # raises CellExecutionError with the traceback on any error
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors
    drawn = [c for c in code if "co.plot." in c.source and "if " not in c.source]
    assert drawn, "each case study draws at least one figure"
    for cell in drawn:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source
