# The two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORE   := .venv-core
DEMO   := .demo/demo.relm
# Core packages for the Qt-free test job (PySide6 deliberately absent).
CORE_DEPS := "SQLAlchemy>=2.0.30" "alembic>=1.13" "holidays>=0.50" "openpyxl>=3.1.2" \
             "reportlab>=4.1" "rl-accel>=0.9" "defusedxml>=0.7.1" "python-calamine>=0.3" "xlsxwriter>=3.2" \
             "icalendar>=5.0" "python-bidi>=0.6.12" "arabic-reshaper>=3.1.0" "psycopg[binary]>=3.1" \
             "keyring>=24" "pytest>=8.0" "hypothesis>=6.100" "pdfplumber>=0.11"
CORE_TESTS := tests/domain tests/store tests/scheduling tests/services tests/cli \
              tests/exchange tests/reports tests/layout tests/security

.PHONY: run test test-core test-all lint system-deps demo clean package

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p .demo
	@test -f $(DEMO) || $(BIN)/relm demo $(DEMO)
	$(BIN)/relm $(DEMO)

demo: $(STAMP)
	@mkdir -p .demo && rm -f $(DEMO) && $(BIN)/relm demo $(DEMO)

system-deps:
	@bash packaging/install-system-deps.sh

lint: $(STAMP)
	$(BIN)/ruff check relm_desktop tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

test: system-deps $(STAMP) lint test-core
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

# The core must run and pass without Qt installed at all.
$(CORE)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(CORE)
	$(CORE)/bin/python -m pip install -q --upgrade pip
	$(CORE)/bin/python -m pip install -q $(CORE_DEPS)
	$(CORE)/bin/python -m pip install -q --no-deps -e .
	touch $@

# Without pytest-qt here, its options in pyproject.toml are unknown: not worth a warning.
# Plans in files only: the full run below runs these suites on PostgreSQL as well
# (tests/plan_locations.py starts a throwaway cluster; system-deps installs it).
test-core: $(CORE)/.installed
	@! $(CORE)/bin/python -c 'import PySide6' 2>/dev/null || (echo 'PySide6 must not be in $(CORE)'; exit 1)
	RELM_TEST_PLANS=file $(CORE)/bin/python -m pytest -q -o addopts='--strict-markers -ra --import-mode=importlib' -p no:cacheprovider \
		-W 'ignore:Unknown config option:pytest.PytestConfigWarning' -m 'not slow' $(CORE_TESTS)

# A one-folder desktop bundle in dist/relm (see packaging/README.md).
package: $(STAMP)
	$(BIN)/python -m pip install -q "pyinstaller>=6.6"
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/relm.spec
	@echo "bundle: dist/relm/relm"

clean:
	rm -rf $(VENV) $(CORE) build dist *.egg-info .pytest_cache .demo
