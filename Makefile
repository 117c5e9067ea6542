# Forewarn: build, run, test and measure. Every target installs the Debian packages it needs first.
SHELL := /bin/bash
SWIFT ?= $(shell command -v swift || echo /opt/swift/usr/bin/swift)
DB ?= ./data/forewarn.sqlite
HOST ?= 127.0.0.1
PORT ?= 8080
DEMO_SERVERS ?= 500
DEMO_PASSWORD ?= forewarn-demo-password

# Debian packages: to build and run, to test, to benchmark.
APT_BUILD := pkg-config zlib1g-dev libpq-dev libmicrohttpd-dev libsqlite3-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core fonts-noto-cjk libcurl4-openssl-dev libsodium-dev libstrophe-dev libical-dev
APT_TEST := $(APT_BUILD) prosody procps poppler-utils python3 python3-pip curl chromium chromium-driver sqlite3 bsdutils openssl
APT_BENCH := $(APT_TEST) wrk gcc hyperfine sqlite3 time valgrind strace
# PostgreSQL (issue #18): libpq to build, a throwaway cluster and nginx to test.
APT_POSTGRES := $(APT_TEST) libpq-dev postgresql nginx

.PHONY: run test test-postgres bench bench-postgres stress build release deps-build deps-test deps-bench deps-postgres clean

define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

deps-build:
	$(call apt_install,$(APT_BUILD))

deps-test:
	$(call apt_install,$(APT_TEST))

deps-bench:
	$(call apt_install,$(APT_BENCH))

deps-postgres:
	$(call apt_install,$(APT_POSTGRES))

build: deps-build
	$(SWIFT) build

release: deps-build
	$(SWIFT) build -c release

## make run: install what is missing, build in release, migrate, start the portal and print its URL.
run: release
	.build/release/forewarn migrate --db $(DB)
	.build/release/forewarn demo-data --db $(DB) --servers $(DEMO_SERVERS) --seed 42 --if-empty --with-activity
	@echo "$(DEMO_PASSWORD)" | .build/release/forewarn user add --admin --if-missing --db $(DB) demo
	@echo "Sign in at http://$(HOST):$(PORT)/login as 'demo' with the password '$(DEMO_PASSWORD)' (change it under Account)."
	.build/release/forewarn serve --db $(DB) --host $(HOST) --port $(PORT)

## make test: install what the tests need, build, run every test.
test: deps-test
	@python3 -c "import aiosmtpd, icalendar, pypdf, selenium, feedparser, slixmpp, dateutil, recurring_ical_events" 2>/dev/null || python3 -m pip install --quiet --root-user-action=ignore -r Tests/requirements.txt
	$(SWIFT) build --build-tests
	$(SWIFT) test
	bash Tests/e2e/run.sh .build/debug/forewarn

## make test-postgres: the database-touching tests again on a throwaway PostgreSQL 15 cluster (temporary folder,
## free port); each test gets a copy of one migrated template database. POSTGRES_TEST_SKIP: tests whose own code is
## SQLite-specific (EXPLAIN QUERY PLAN, strftime), and suites that never open a database (syslog parsing, routes
## table, secrets, the SQL translation and tsquery conversion: they run in `make test`); docs/notes-pg.md, notes-pg3.md.
POSTGRES_TEST_FILTER ?= PortalStoreTests|PortalAppTests|PortalIngestTests
POSTGRES_TEST_SKIP ?= theIndexedRangeQueryMatchesTheTimelineRuleAtTheEdges|theTimelineStaysFastWithTenThousandEventsInRange|SyslogParserTests|RoutesTableTests|SecretsTests|PostgresTranslationTests|LogFullTextQueryTests
test-postgres: deps-postgres
	$(SWIFT) build --build-tests
	SWIFT=$(SWIFT) POSTGRES_TEST_FILTER='$(POSTGRES_TEST_FILTER)' POSTGRES_TEST_SKIP='$(POSTGRES_TEST_SKIP)' bash Tests/postgres/run.sh

## make bench-postgres: PostgreSQL against SQLite in the same run (load, declarations per second, home page, impact
## preview and a read-heavy mix with one and two instances behind nginx); figures in docs/deploy.md.
bench-postgres: deps-bench deps-postgres release
	bash Benchmarks/postgres_bench.sh

## make bench: performance figures as ratios against baselines measured in the same run.
bench: deps-bench release
	$(SWIFT) build -c release --product impact-bench
	bash Benchmarks/http_bench.sh
	bash Benchmarks/static_callgrind.sh
	bash Benchmarks/home_bench.sh
	bash Benchmarks/inventory_bench.sh
	bash Benchmarks/import_bench.sh
	bash Benchmarks/ingest_bench.sh
	bash Benchmarks/impact_bench.sh
	bash Benchmarks/report_bench.sh
	bash Benchmarks/notice_bench.sh
	bash Benchmarks/pdf_compare.sh .build/release/pdf-bench
	bash Benchmarks/monitor_bench.sh
	bash Benchmarks/service_level_bench.sh
	bash Benchmarks/service_level_idle_bench.sh .build/release/forewarn
	bash Benchmarks/xmpp_presence_bench.sh .build/release/forewarn
	bash Benchmarks/sse_bench.sh
	bash Benchmarks/busy_bench.sh
	bash Benchmarks/mixed_bench.sh
	mkdir -p bench-results && bash Benchmarks/build_bench.sh

## make stress: a slow-headers attack on loopback while a probe checks that real users are still answered.
stress: deps-bench release
	$(call apt_install,slowhttptest)
	bash Benchmarks/stress_slowloris.sh

clean:
	rm -rf .build
