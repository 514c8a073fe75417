# The fault matrix (tests/faults/): the same hostile-server cases, run by rust-test (cargo test's
# flow-core/tests/faults.rs), python-test (tests/python/test_faults.py) and node-test
# (tests/node/faults.test.mjs) against flow-mock. Each runner writes target/faults/<runtime>.json;
# this prints their combined count as the last line of `make test`.
.PHONY: faults-summary
TEST_TARGETS += faults-summary

faults-summary: rust-test python-test node-test
	bash scripts/faults-summary.sh
