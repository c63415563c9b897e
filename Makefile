# coe-ui: `make demo` runs the whole thing, `make test` proves it.
# Both bootstrap what they need: the project's own .venv (pip) and, for the
# browser tests, Debian's chromium and chromium-driver (apt, as root).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_ARTIFACTS ?= test-artifacts

.PHONY: demo test test-horizon test-matrix bench load screenshots venv browser services devcloud-stop clean vendor-x509

# DEVCLOUD_PROFILE=production make demo: the shape clouds run (devcloud/config.py).
demo: $(STAMP) $(if $(filter production,$(DEVCLOUD_PROFILE)),services)
	$(PY) -m devcloud demo

# Everything on the embedded devcloud, then what the production shape can
# break (Horizon's workers and memcached; Magnum's API, conductors, RabbitMQ,
# MariaDB) on the production profile: its own faults, the browser stories and
# the reliability suite's fault and credential checks.
PRODUCTION_TESTS := tests/production tests/e2e tests/reliability/test_backend_faults.py \
	tests/reliability/test_credentials.py
# --durations: the slowest tests of each run, to keep CI within its time.
test: $(STAMP) browser services
	$(PY) -m pytest --durations=15 tests
	DEVCLOUD_PROFILE=production $(PY) -m pytest --durations=10 $(PRODUCTION_TESTS)

# coe-ui on one OpenStack series' Horizon, in .venv-horizon-$(SERIES) with that
# series' upper-constraints (.ci/constraints/): tests/ui and the browser
# stories (SCOPE=full), tests/ui with the compat stories (SCOPE=ui), or what
# differs between series (SCOPE=compat).
SERIES ?= 2026.2
SCOPE ?= full
test-horizon: $(STAMP) browser $(VENV)/bin/uv
	.ci/test-horizon $(SERIES) $(SCOPE)

# CI runs it after `make test` (the newest series): the older series and
# setup.cfg's lowest dependencies (.ci/test-matrix says which run in full).
test-matrix: $(STAMP) browser $(VENV)/bin/uv
	.ci/test-matrix

$(VENV)/bin/uv: | $(STAMP)
	$(PY) -m pip install -q 'uv>=0.4'

# Either profile: DEVCLOUD_PROFILE=production make bench (the report says which).
bench: $(STAMP) browser $(if $(filter production,$(DEVCLOUD_PROFILE)),services)
	$(PY) -m benchmarks

# Concurrent users on 500 clusters, then simultaneous resizes (benchmarks/load_test.py).
# DEVCLOUD_PROFILE=production make load: on 1,000 clusters, and again with 1, 2
# and 4 Horizon workers.
comma := ,
LOAD_ARGS := $(if $(filter production,$(DEVCLOUD_PROFILE)),--clusters 1000 --horizon-workers 1$(comma)2$(comma)4)
load: $(STAMP) $(if $(filter production,$(DEVCLOUD_PROFILE)),services)
	$(PY) -m benchmarks.load_test $(LOAD_ARGS)

# The README's screenshots (docs/images/), from the real pages of a devcloud of
# its own, seeded as the demo is (docs/screenshots.py); not part of make test.
screenshots: $(STAMP) browser
	$(PY) docs/screenshots.py

venv: $(STAMP)

$(STAMP): setup.cfg setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Installing coe-ui and its test/devcloud dependencies into $(VENV) (about a minute the first time)..."
	@$(PY) -m pip install -q --upgrade pip setuptools wheel > $(VENV)/install.log 2>&1 || (tail -20 $(VENV)/install.log; exit 1)
	@$(PY) -m pip install -q -e '.[test,devcloud]' >> $(VENV)/install.log 2>&1 || (tail -20 $(VENV)/install.log; exit 1)
	@touch $(STAMP)

# Headless browser for the end-to-end tests; kubectl must already be on PATH.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "Installing chromium and chromium-driver with apt-get..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null; }
	@command -v kubectl >/dev/null || { echo "kubectl is not on PATH; the credential tests need it"; exit 1; }

# The production profile's services, from Debian (devcloud runs them as its
# own processes; the packages' maintainer scripts start nothing here).
services:
	@command -v memcached >/dev/null && test -x /usr/sbin/mariadbd && test -x /usr/lib/rabbitmq/bin/rabbitmq-server || { \
	  echo "Installing memcached, rabbitmq-server and mariadb-server with apt-get..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq memcached rabbitmq-server mariadb-server > /dev/null; }

# The CSR library the download dialog loads (issue #19): @peculiar/x509 and
# what it needs, at the exact versions of coe_ui/static_src/x509-bundle/package-lock.json,
# bundled once with esbuild into coe_ui/static/coe_ui/js/vendor/ (committed,
# with its licences beside it: CI and installs need no npm). Needs node and npm.
vendor-x509:
	cd coe_ui/static_src/x509-bundle && npm ci --no-audit --no-fund && node build.mjs

devcloud-stop:
	-$(PY) -m devcloud stop
	-DEVCLOUD_STATE_DIR=.devcloud-test $(PY) -m devcloud stop
	-DEVCLOUD_STATE_DIR=.devcloud-test-production $(PY) -m devcloud stop

clean: devcloud-stop
	rm -rf .devcloud .devcloud-test .devcloud-test-production $(TEST_ARTIFACTS)
