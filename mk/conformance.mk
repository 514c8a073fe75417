# The conformance vectors (tests/conformance/): the same vectors, run by rust-test
# (flow-core/tests/conformance.rs), python-test (tests/python/test_conformance.py, sync and async)
# and node-test (tests/node/conformance.test.mjs, and tests/browser/conformance.test.mjs in headless
# Chromium). Each runner writes target/conformance/<runtime>.json; this checks that all five ran
# every vector and prints their combined count.
.PHONY: conformance-summary
TEST_TARGETS += conformance-summary

conformance-summary: rust-test python-test node-test
	bash scripts/conformance-summary.sh
