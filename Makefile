# The kit's own chores. `make` lists them; `make test` is all CI runs.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
# Two cores here: one xdist worker each. Override with `make test JOBS=1`.
JOBS ?= auto
# Every tracked shell file: a sh/bash shebang, or a sourced fragment that says its dialect.
SHELL_FILES := $(shell git ls-files -- bootstrap.sh .ci scripts dotfiles bench lib \
	| xargs grep -lE '^\#!.*\b(ba)?sh\b|^\# shellcheck shell=(ba)?sh' 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help test lint format generate bench lock fleet release clean

help: ## List the targets.
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@# Compiled as bootstrap.sh compiles a user's tool venv: a machine that sets
	@# PYTHONDONTWRITEBYTECODE would otherwise compile every tool at every start.
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --group dev
	touch $@

test: $(BIN)/.installed ## Run every test (bootstrap profiles, shells, template bakes, lessons, fleet).
	$(BIN)/pytest -n $(JOBS) --dist loadgroup $(PYTEST_ARGS)

lint: $(BIN)/.installed ## shellcheck, yamllint, ansible-lint, black, pylint, workflow schema, zizmor.
	shellcheck -x $(sort $(SHELL_FILES))
	$(BIN)/yamllint --strict .
	cd playbooks && ../$(BIN)/ansible-lint --profile production
	$(BIN)/black --check --quiet .
	$(BIN)/pylint lib tests bench template/hooks scripts/lessons scripts/lib \
	  playbooks/library playbooks/module_utils playbooks/action_plugins playbooks/callback_plugins playbooks/filter_plugins
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	@# actionlint's PyPI package downloads its binary from GitHub: use it where it is installed.
	if command -v actionlint >/dev/null; then actionlint; else echo "actionlint not installed: skipped"; fi
	$(BIN)/zizmor --offline --quiet .github/workflows

format: $(BIN)/.installed ## Apply black.
	$(BIN)/black --quiet .

generate: $(BIN)/.installed ## Rewrite the files made from the config schema (role defaults, example, README table).
	PYTHONPATH=lib $(BIN)/python -m beachhouse.generate

bench: $(BIN)/.installed ## Measure the figures the issues set; writes bench/RESULTS.md.
	$(BIN)/python bench/run.py

# The supported Pythons are the locks there are: to add one, create an empty
# requirements/py3.X.txt and run `make lock`.
PYTHONS := $(patsubst requirements/py%.txt,%,$(wildcard requirements/py3.*.txt))

lock: ## Re-lock the tool venv for every supported Python (needs uv).
	for v in $(PYTHONS); do \
	  uv pip compile -q --python-version $$v --generate-hashes --no-header requirements/tool.in -o requirements/py$$v.txt; done

fleet: ## Configure the hosts of INVENTORY over SSH: make fleet INVENTORY=hosts.yml
	./bootstrap.sh --inventory "$(INVENTORY)" $(ARGS)

# The release is two files: the archive, and the bootstrap.sh that pins its sha256 (what
# `curl | bash` runs; a checkout's copy pins nothing, so it never fetches).
VERSION = $(shell sed -n 's/^BEACHHOUSE_VERSION="\(.*\)"$$/\1/p' bootstrap.sh)
release: ## Build out/beachhouse-VERSION.tar.gz and out/bootstrap.sh, to publish as release assets.
	mkdir -p out
	git archive --prefix=beachhouse-$(VERSION)/ -o out/beachhouse-$(VERSION).tar.gz HEAD
	sha="$$(sha256sum out/beachhouse-$(VERSION).tar.gz | cut -d' ' -f1)"; \
	  sed "s/^BEACHHOUSE_ARCHIVE_SHA256=\"\"$$/BEACHHOUSE_ARCHIVE_SHA256=\"$$sha\"/" bootstrap.sh >out/bootstrap.sh
	grep -q '^BEACHHOUSE_ARCHIVE_SHA256="[0-9a-f]\{64\}"$$' out/bootstrap.sh

clean: ## Remove the dev venv and caches.
	rm -rf $(VENV) .pytest_cache .hypothesis bench/out out
