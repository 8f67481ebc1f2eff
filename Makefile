# Two commands on a fresh clone: `make cycle` (one full pipeline run) and `make test`.
# Every target installs what it needs and is idempotent: stamps and caches make reruns cheap.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Every target runs on Node >= 22.22 (Node 24 LTS): scripts/node.sh prints the prefix of the machine's
# node when it is new enough, else of Node 24 fetched once from the npm registry into IOT_CACHE_DIR.
NODE_HOME := $(shell bash scripts/node.sh)
ifeq ($(NODE_HOME),)
$(error no Node >= 22.22 to run on: see the message above)
endif
export PATH := $(NODE_HOME)/bin:$(PATH)
# better-sqlite3 builds from source when no prebuilt binary can be fetched: it needs that Node's headers.
ifneq ($(wildcard $(NODE_HOME)/include/node/node.h),)
export npm_config_nodedir := $(NODE_HOME)
endif
NODE_VERSION := $(shell $(NODE_HOME)/bin/node -v)

# Native modules are built for one Node: a change of Node reinstalls node_modules.
NODE_STAMP := node_modules/.iot-installed-$(NODE_VERSION)
# The dashboard test drives Debian's chromium (never a downloaded browser).
CHROMIUM := /usr/bin/chromium
IOT := node scripts/iot.js

.PHONY: help install build cycle test up down status bench readme clean notebook notebooks

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | column -t -s $$'\t'

$(NODE_STAMP): package.json package-lock.json
	rm -f node_modules/.iot-installed*
	npm ci --no-audit --no-fund
	@node -e "require('nodejs-polars')" 2>/dev/null || { \
	  echo "error: nodejs-polars has no native binary for this platform (nodejs-polars-linux-x64-gnu missing)."; \
	  echo "  → run 'npm ci' again with optional dependencies enabled (no --omit=optional)."; exit 1; }
	@touch $@

install: $(NODE_STAMP) ## npm ci (once per lockfile change)

build: $(NODE_STAMP) ## compile lib/, scripts/ and bench/ to dist/
	npx tsc -p tsconfig.json

# Flags for `iot cycle`, e.g. make cycle CYCLE_ARGS="--duration 20 --repeat 3"; none = the embedded defaults.
CYCLE_ARGS ?=

cycle: build ## one full cycle on the embedded defaults: produce → consume → merge → archive → ETL
	$(IOT) cycle $(CYCLE_ARGS)

test: build $(CHROMIUM) ## the fast tier (no services) first, then every test against real services; ends with "N passed, N failed, N skipped"
	node dist/scripts/test.js

up: build ## start the services the configuration needs
	$(IOT) services up all

down: build ## stop every service we started
	$(IOT) services down all

status: build ## show the services
	$(IOT) services status all

bench: build ## benchmarks against bench/targets.json (exit 1 on a miss); figures in data/bench/results.json
	node dist/bench/run.js

readme: build ## rewrite the README's generated tables: make targets (from make help), benchmarks (from the last run)
	node dist/scripts/readme.js

clean: ## remove build output and generated data (keeps caches and the warehouse)
	rm -rf dist data/output data/checkpoint data/quarantine data/logs

# Producer: simulated sensors into Kafka; flags through ARGS, e.g.
#   make produce ARGS="--rate max --count 100000 --invalid-ratio 0.05"
.PHONY: produce
produce: build ## simulated sensors stream readings into Kafka (ARGS="--count 10000")
	$(IOT) produce $(ARGS)

# Streaming consumer: the consume stage on its own, and its benchmarks.
.PHONY: consume bench-consumer
consume: build ## stream Kafka into DATA_DIR/output part files (pass flags as ARGS="--duration 0 --format parquet")
	$(IOT) consume $(ARGS)

bench-consumer: build ## consumer figures only: iot consume (windows off/on, alerts) against PySpark, peak RSS, latency
	node dist/bench/run.js consumer

# Notebooks (tslab): a cached Jupyter venv (pinned, PyPI) with the tslab kernel registered inside it,
# never in a global Jupyter. Cells import the compiled dist/, so both targets build first.
notebook: build ## install Jupyter + the tslab kernel and open JupyterLab on notebooks/
	node dist/scripts/notebooks.js lab

notebooks: build ## re-execute every notebook in order on scratch data, rewrite its outputs (sanitized) and stamp the library hash
	node dist/scripts/notebooks.js run --write

# Superset: the "IoT Pipeline" dashboard as code (superset/). `make superset` starts it (apache/superset
# container when Docker answers, else Superset from PyPI in a cached virtualenv) and bootstraps it.
.PHONY: superset superset-down superset-bundle
superset: build ## start Superset and bootstrap the IoT Pipeline dashboard; prints the URL and the login
	$(IOT) services up superset

superset-down: build ## stop Superset
	$(IOT) services down superset

superset-bundle: build ## regenerate superset/bundle from lib/schema (commit the result; a test checks it)
	node dist/scripts/supersetBundle.js

# Live dashboard: the stream and the pipeline health in a browser, beside a cycle or a lone producer/consumer.
.PHONY: dashboard
dashboard: build ## live page of sensors and pipeline health on 127.0.0.1:8090 (DASHBOARD_PORT; ARGS="--trigger 5")
	$(IOT) dashboard $(ARGS)

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# ETL: archived CSV files → sensor_data + ETL_Log in DATABASE_URL (SQLite by default).
.PHONY: etl
etl: build ## load the oldest archived file not loaded yet (ARGS="--all --on-invalid quarantine" for more)
	$(IOT) etl $(ARGS)
