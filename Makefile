# Two commands from a fresh clone: `make run` (kanbao on the bundled sample) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint install
run: $(BIN)/kanbao
	$(BIN)/kanbao $(ARGS)

test: $(BIN)/kanbao
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(BIN)/kanbao
	$(BIN)/ruff check parser tui tests benchmarks

install: $(BIN)/kanbao

$(BIN)/kanbao: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@
