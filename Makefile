# The commands people type. Both create or reuse .venv from the pins in requirements.txt.
#   make serve              the dashboard at http://127.0.0.1:8866/
#   make serve PORT=9000    on another port (MAX_SESSIONS=30, WORKERS=4: see SERVE_OPTS)
#   make test               unit tests, every notebook (nbval) and the browser tests, one pytest run
#   make bench              figures against stock Voila (a few minutes; benchmarks/results/)
#   make chunks             after a Voila or ipywidgets upgrade: the page's chunk list again
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
STAMP  := $(VENV)/.installed
# axe-core, the accessibility engine the browser tests inject into the page (npm, pinned by lock).
AXE    := tests/e2e/node_modules/axe-core/axe.min.js

# Options for server/launch.py, added only when set:
#   make serve MAX_SESSIONS=30   at most 30 visitor sessions, then a calm "try again" page
#                                (default: sized to the machine's memory, server/sizing.py)
#   make serve WORKERS=4         4 Voila workers behind nginx, sticky per visitor
SERVE_OPTS := --port=$(PORT) $(if $(MAX_SESSIONS),--max-sessions=$(MAX_SESSIONS)) $(if $(WORKERS),--workers=$(WORKERS))

.PHONY: serve test venv lint bench

venv: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# server/launch.py prints the address, then becomes Voila (settings: server/config/voila.py).
serve: $(STAMP)
	$(BIN)/python -m server.launch $(SERVE_OPTS)

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

# One pytest run: tests/ (unit + tests/e2e in headless Chromium) and notebooks/ (nbval-lax,
# configured in pyproject.toml). Its exit status is make's; exit 5 (no tests ran) fails too.
test: $(STAMP) $(AXE)
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure" >&2; fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Figures, not a test: ours (as `make serve` runs it) against stock Voila on the same notebook,
# in headless Chromium. Writes benchmarks/results/latest.{json,md}; see docs/performance.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

# After upgrading Voila or ipywidgets: list again the script chunks the page fetches, which the
# server sends as one script (server/config/chunks.txt, server/bundle.py).
.PHONY: chunks
chunks: $(STAMP)
	$(BIN)/python tests/e2e/record_chunks.py

# The content report: each text's reading grade (Flesch-Kincaid, SMOG), the whole dashboard
# text's, and a PEMAT-P checklist with evidence. Writes reports/content-report.{md,json}.
.PHONY: report
report: $(STAMP)
	$(BIN)/python -m explainer.report reports
