# Rust: the core, the mock server, conformance vectors and end-to-end tests.
.PHONY: rust-lint rust-test rust-demo
DEMO_TARGETS += rust-demo
TEST_TARGETS += rust-test

rust-lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy -p flow-core -p flow-mock --all-targets --features flow-core/reqwest -- -D warnings
	$(CARGO) check -p flow-core --no-default-features

rust-test: rust-lint
	$(CARGO) test -p flow-core --features reqwest --test conformance -- --show-output
	$(CARGO) test -p flow-core -p flow-mock --features flow-core/reqwest
	bash scripts/curl-smoke.sh

rust-demo:
	bash scripts/demo-rust.sh
