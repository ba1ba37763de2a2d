# lukin-course: every target sets up .venv with the pinned dependencies first,
# so `make book` and `make test` work as the first command on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
JB_FLAGS := -n -W --keep-going

.PHONY: help venv book book-assets pdf test test-fast lint bench exercises lock clean

help:
	@echo "make book       build the online book into _build/html (warnings fail the build)"
	@echo "make pdf        the whole book as one PDF (_build/pdf/book.pdf), printed by chromium"
	@echo "make test       run every test: library, doctests, book, browser, graded course"
	@echo "make test-fast  library tests and doctests only"
	@echo "make lint       ruff and mypy"
	@echo "make bench      performance measures, each against a baseline run in the same script"
	@echo "make exercises  regenerate exercises/ (student notebooks) from solutions/"
	@echo "make book-assets  install the pinned offline JavaScript (MathJax, require.js, widget manager, Pyodide) from npm"

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[book,grading,dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

venv: $(STAMP)

# The book's browser assets (MathJax, RequireJS, the widget manager, Pyodide) come from
# the npm registry at the exact versions of book/package-lock.json; lifecycle
# scripts are skipped so nothing but registry tarballs is downloaded.
NPM ?= npm
NODE_STAMP := book/node_modules/.package-lock.json

$(NODE_STAMP): book/package.json book/package-lock.json
	$(NPM) ci --prefix book --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

book-assets: $(NODE_STAMP)

book: $(STAMP) $(NODE_STAMP)
	@start=$$(date +%s.%N); \
	$(BIN)/jupyter-book build . $(JB_FLAGS); status=$$?; \
	awk -v s="$$start" -v e="$$(date +%s.%N)" 'BEGIN { printf "book build time: %.1f s\n", e - s }'; \
	exit $$status

# The whole book as one PDF: a single-page build (same execution cache and
# environment as the HTML book) printed by Debian's chromium.
PDF := _build/pdf/book.pdf

pdf: $(STAMP) $(NODE_STAMP)
	$(BIN)/jupyter-book build . --builder singlehtml $(JB_FLAGS)
	$(BIN)/python book/_ext/lukin_book/pdf.py _build/singlehtml $(PDF) --page book/index.html \
	  --title "$$(sed -n 's/^title: *"\(.*\)"/\1/p' _config.yml)"

test: $(STAMP) book pdf
	$(BIN)/python -m pytest -n 2 --dist loadfile -p no:cacheprovider --cov=lukin_course --cov-report=term --cov-fail-under=95

test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not book and not browser and not course" -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check lukin_course tests benchmarks
	$(BIN)/ruff format --check lukin_course tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) $(NODE_STAMP) book
	@for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

exercises: $(STAMP)
	$(BIN)/lukin-course generate --all

lock:
	rm -rf /tmp/lukin-lock && $(PYTHON) -m venv /tmp/lukin-lock
	/tmp/lukin-lock/bin/pip install --quiet -e '.[book,grading,dev]'
	( sed -n '1,3p' constraints.txt; /tmp/lukin-lock/bin/pip freeze --exclude-editable | grep -v '^\(pip\|setuptools\|wheel\)==' ) > constraints.new
	mv constraints.new constraints.txt

clean:
	rm -rf _build .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
