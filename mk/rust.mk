# Rust: the core, the mock server, the `flow` command line, conformance vectors and end-to-end tests.
.PHONY: rust-lint rust-test rust-demo cli-demo manifest
DEMO_TARGETS += rust-demo cli-demo
TEST_TARGETS += rust-test

rust-lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p flow-core -p flow-mock -p flow-cli --all-targets --features flow-core/reqwest -- -D warnings
	$(CARGO) check -p flow-core --no-default-features
	bash scripts/line-counts.sh --check

rust-test: rust-lint
	$(CARGO) test -p flow-core --features reqwest --test conformance -- --show-output
	$(CARGO) test -p flow-core -p flow-mock -p flow-cli --features flow-core/reqwest
	bash scripts/curl-smoke.sh

rust-demo:
	bash scripts/demo-rust.sh

cli-demo:
	bash scripts/demo-cli.sh

# Writes tests/manifest.json from the operation table (flow_core::operations::manifest); the
# manifest test in `cargo test` fails until it is current, the Python and Node suites hold the
# stubs, the TypeScript types and the JS resources to it.
manifest:
	FLOW_WRITE_MANIFEST=1 $(CARGO) test -p flow-core --test manifest
