# The commands people type. Each creates or reuses .venv from the pins, and installs with apt
# what pip cannot (setup/system-packages: as root or with sudo; otherwise one line naming it).
#   make serve              the dashboard at http://127.0.0.1:8866/ (runtime pins only)
#   make serve PORT=9000    on another port (MAX_SESSIONS=30, WORKERS=4: see SERVE_OPTS)
#   make test               unit tests, every notebook (nbval) and the browser tests, one pytest run
#   make lint               ruff and mypy (strict) on explainer, server, harness and benchmarks
#   make bench              figures against stock Voila, on a desktop, as a phone (Lighthouse)
#                           and for a room of 30 phones (a quarter of an hour; benchmarks/results/)
#   make upgrade-check      the newest Voila, ipywidgets, Jupyter Server, tornado and nbconvert
#                           in a throwaway venv: the start check and a short browser test
#   make image              the container image (Containerfile; podman), IMAGE= names it
#   make serve-image        that image, served as `make serve` does (PORT=, MAX_SESSIONS=, ...)
#   make test-image         build it, then test it: health, logs, SIGTERM, a read-only root, two
#                           containers behind nginx and one killed (tests/e2e/test_image.py;
#                           its last output: docs/image-test.md)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
# Runtime pins (requirements.txt) for serving; development pins (requirements-dev.txt) on top.
RUNTIME := $(VENV)/.installed-runtime
DEV     := $(VENV)/.installed-dev
SYSTEM  := setup/system-packages
# axe-core, the accessibility engine the browser tests inject into the page (npm, pinned by lock).
AXE    := tests/e2e/node_modules/axe-core/axe.min.js
# The page's widget front end, built from frontend/ with npm packages pinned by lock (esbuild).
WIDGETS := server/jupyter/nbconvert/templates/explainer/static/widgets.js
# Lighthouse, which `make bench` runs against both servers as a phone on a mobile network.
LIGHTHOUSE := benchmarks/lighthouse/node_modules/lighthouse/package.json

# Options for server/launch.py, added only when set:
#   make serve MAX_SESSIONS=30   at most 30 visitor sessions, then a calm "try again" page
#                                (default: sized to the machine's memory, server/sizing.py)
#   make serve WORKERS=4         4 Voila workers behind nginx, sticky per visitor
#   make serve GROUP=25          25 sessions kept warm for a group arriving soon (30 minutes)
#   make serve PUBLIC_URL=https://explainer.example.org/   the address visitors reach (behind
#                                a proxy), which the presenter shows the room as a code
SERVE_OPTS := --port=$(PORT) $(if $(MAX_SESSIONS),--max-sessions=$(MAX_SESSIONS)) $(if $(WORKERS),--workers=$(WORKERS)) $(if $(GROUP),--group=$(GROUP)) $(if $(PUBLIC_URL),--public-url=$(PUBLIC_URL))

.PHONY: serve test venv lint bench report views upgrade-check image serve-image test-image

venv: $(DEV)

$(RUNTIME): requirements.txt pyproject.toml
	@$(SYSTEM) $(or $(firstword $(MAKECMDGOALS)),serve) python3-venv
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# server/launch.py prints the address, then becomes Voila (settings: server/config/voila.py).
serve: $(RUNTIME) $(WIDGETS)
	@$(if $(filter-out 1,$(or $(WORKERS),1)),$(SYSTEM) serve nginx)
	$(BIN)/python -m server.launch $(SERVE_OPTS)

$(WIDGETS): frontend/package.json frontend/package-lock.json frontend/build.mjs $(wildcard frontend/src/*)
	@$(SYSTEM) $(or $(firstword $(MAKECMDGOALS)),serve) npm
	npm ci --prefix frontend --no-audit --no-fund --loglevel=error
	node frontend/build.mjs

$(AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@$(SYSTEM) test npm
	npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
	touch $@

# One pytest run: tests/ (unit + tests/e2e in headless Chromium) and notebooks/ (nbval-lax,
# configured in pyproject.toml). Its exit status is make's; exit 5 (no tests ran) fails too.
test: $(DEV) $(WIDGETS) $(AXE)
	@$(SYSTEM) test chromium nginx
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests; that is a failure" >&2; fi; \
	exit $$status

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Figures, not a test: ours (as `make serve` runs it) against stock Voila on the same notebook,
# in headless Chromium, then as a phone on slow 4G (Lighthouse), then a room of 30 phones with
# and without GROUP=30. Writes benchmarks/results/latest, phone-latest and group-latest
# (.json, .md); see docs/performance.md.
bench: $(DEV) $(WIDGETS) $(LIGHTHOUSE)
	@$(SYSTEM) bench chromium
	$(BIN)/python benchmarks/bench.py
	$(BIN)/python benchmarks/phone.py
	$(BIN)/python benchmarks/group.py

# Lighthouse, for the phone run (npm, pinned by lock; Node 20 runs lighthouse 12).
$(LIGHTHOUSE): benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json
	@$(SYSTEM) bench npm
	npm ci --prefix benchmarks/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

# The content report: each text's reading grade (Flesch-Kincaid, SMOG), the whole dashboard
# text's, and a PEMAT-P checklist with evidence; then each Spanish text's INFLESZ and
# Fernández-Huerta scores (data/es/). Writes reports/content-report.{md,json}; fails if any
# text, in either language, fails its rule.
report: $(DEV)
	$(BIN)/python -m explainer.report reports

# Every view as a visitor sees it (screenshots at 1280 and 375 px, the words, the plan's PDF and
# its pages as images), for a rater who reads no code: reports/views/.
views: $(DEV) $(WIDGETS)
	@$(SYSTEM) views chromium
	$(BIN)/python -m harness.views reports/views

# Not part of `make test`: it downloads the newest releases. Prints what broke; docs/upgrade-check.md.
upgrade-check: $(DEV)
	@$(SYSTEM) upgrade-check chromium
	$(BIN)/python -m harness.upgrade_check

# The container image: the pinned runtime packages, the app and a non-root user on BASE_IMAGE
# (deploy/image/build makes a base from Debian's packages when the default cannot be pulled).
IMAGE      ?= localhost/second-opinion-explainer:latest
BASE_IMAGE ?= docker.io/library/python:3.11-slim-bookworm
# How podman runs it on a machine like the reference one: runc, the host's network (so the
# container listens on 127.0.0.1:PORT like `make serve`) and lowered limits; a read-only root with
# a writable /tmp only.
RUN_OPTS   ?= --runtime runc --network=host --ulimit nofile=1024:1024 --ulimit nproc=1024:1024
IMAGE_ENV  := -e PORT=$(PORT) -e BIND_ADDRESS=127.0.0.1 $(if $(MAX_SESSIONS),-e MAX_SESSIONS=$(MAX_SESSIONS)) $(if $(WORKERS),-e WORKERS=$(WORKERS)) $(if $(GROUP),-e GROUP=$(GROUP)) $(if $(PUBLIC_URL),-e 'PUBLIC_URL=$(PUBLIC_URL)')

image: $(WIDGETS)
	@$(SYSTEM) image podman runc
	deploy/image/build $(IMAGE) $(BASE_IMAGE)

serve-image:
	@$(SYSTEM) serve-image podman runc
	@podman image exists $(IMAGE) || { echo "make serve-image: no image $(IMAGE) here: run make image first" >&2; exit 1; }
	podman run --rm --read-only --tmpfs /tmp:rw,mode=1777,size=512m --stop-timeout 30 \
		$(RUN_OPTS) $(IMAGE_ENV) $(IMAGE)

# Not part of `make test`: building the image takes minutes and needs podman. Its last output
# is kept in docs/image-test.md.
test-image: image $(DEV) $(AXE)
	@$(SYSTEM) test-image chromium nginx
	$(BIN)/python -m pytest -p no:cacheprovider -m image tests/e2e/test_image.py -v -rP
