# Two commands do all set-up on a fresh machine (Python 3.11, pip, no conda):
#   make report   create .venv, install, register the kernel, run the scenario batch to HTML
#   make test     create .venv, install, run ruff and the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# papermill must find the kernel registered inside .venv, never a stale user kernelspec.
export JUPYTER_PREFER_ENV_PATH := 1

.PHONY: setup git-filter report test lint browser clean

setup: $(VENV)/.installed git-filter

# Notebooks are stored without outputs: git runs every *.ipynb (.gitattributes) through
# tools/strip_notebook_outputs.py when staging or diffing, so running and saving one in
# JupyterLab never dirties the repository. Skipped outside a git checkout.
git-filter:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	  git config filter.notebook.clean "python3 tools/strip_notebook_outputs.py" && \
	  git config filter.notebook.smudge cat; fi

# numba compiles the simulation's loops on first use (seconds) and caches them beside the
# package: the small comparison at the end of set-up compiles them once, so the first
# explorer or report does not wait.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (salesperf)"
	$(BIN)/salesperf compare scenarios/flat_commission.yaml --baseline scenarios/baseline.yaml \
	  --reps 30 --sims 2 --workers 1 --out $(VENV)/compiled-warm-up >/dev/null
	rm -rf $(VENV)/compiled-warm-up
	touch $@

# Debian's chromium for the browser tests of the HTML reports (installed when running as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium not found: install Debian's chromium for the browser tests"; fi; }

report: setup
	$(BIN)/salesperf report

lint: setup
	$(BIN)/ruff check .

test: setup browser lint
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) reports/*/ reports/index.html
