# The README's commands. Each sets itself up from a clean clone: it creates
# .venv with the Python found on PATH and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test docs bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,docs]"
	touch $@ $(VENV)/.base

demo: $(VENV)/.base
	$(BIN)/coalition demo

test: $(VENV)/.test
	$(BIN)/python -m pytest
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir build/site

docs: $(VENV)/.test
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

bench: $(VENV)/.test
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python -m pytest benchmarks --benchmark-only -o addopts=

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .hypothesis
