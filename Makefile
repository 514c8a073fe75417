# Two entry points for a newcomer on a fresh machine: `make demo` and `make test`.
# Each language's targets live in mk/<language>.mk and add themselves to DEMO_TARGETS / TEST_TARGETS.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

DEMO_TARGETS :=
TEST_TARGETS :=

include mk/rust.mk
-include mk/python.mk
-include mk/node.mk
-include mk/faults.mk
-include mk/conformance.mk
-include mk/bench.mk
-include mk/fuzz.mk

.PHONY: help demo test
help:
	@echo "make demo   build everything and run the quickstarts against the bundled flow-mock server"
	@echo "make test   run every test suite (Rust, Python, Node, browser)"
	@echo "make bench  compare the SDK with requests/httpx/aiohttp/pandas/polars and fetch/papaparse"
	@echo "make fuzz   fuzz flow-core's parsers with cargo-fuzz, FUZZ_SECONDS (default 60) per target"

demo: $(DEMO_TARGETS)

test: $(TEST_TARGETS)
	@echo "all suites passed: $(TEST_TARGETS)"
