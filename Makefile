# Two commands on a fresh machine with Python 3.11+ and make:
#   make run    installs into .venv and opens Saisie on demo data (embedded SQLite)
#   make test   installs into .venv and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEMO_DIR ?= .demo

.PHONY: run test install bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

$(DEMO_DIR)/config.toml:
	mkdir -p $(DEMO_DIR)
	printf 'database = "saisie.db"\ninbox_root = "inbox"\narchive_root = "archive"\n' > $@

run: install $(DEMO_DIR)/config.toml
	$(BIN)/saisie --config $(DEMO_DIR)/config.toml demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# One pytest-xdist worker per CPU the machine has (each with its own PostgreSQL database,
# tests/conftest.py); worksteal evens out the few slow tests. TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= logical

test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist worksteal

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(DEMO_DIR) build *.egg-info
