# Node: the npm package flow-api (the core compiled to WebAssembly), its Node and Chromium tests,
# and the quickstart against flow-mock.
.PHONY: node-build node-lint node-test node-demo
DEMO_TARGETS += node-demo
TEST_TARGETS += node-test

NPM ?= npm
WASM_INPUTS := $(shell find flow-core/src flow-wasm/src -name '*.rs') flow-core/Cargo.toml \
	flow-wasm/Cargo.toml Cargo.toml Cargo.lock scripts/bootstrap-wasm.sh scripts/build-wasm.sh

# npm ci writes node_modules/.package-lock.json; reinstall when the manifest or the lock changes.
node_modules/.package-lock.json: package.json package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(NPM) ci --no-audit --no-fund

# The wasm toolchain bootstrap, cargo, wasm-bindgen and wasm-opt, as `npm run build` runs them.
pkg/web/flow_wasm_bg.wasm: $(WASM_INPUTS)
	$(NPM) run build

node-build: node_modules/.package-lock.json pkg/web/flow_wasm_bg.wasm

# Clippy needs a wasm32 standard library, which only the rustup path has (Debian's rustc-web
# path builds std per build and ships no clippy); the build itself still type-checks the crate.
node-lint: node-build
	source target/wasm-toolchain.env; \
	if [ "$$WASM_MODE" = rustup ]; then \
		$(CARGO) clippy -p flow-wasm --target wasm32-unknown-unknown --target-dir target/wasm -- -D warnings; \
	else \
		echo "node-lint: no clippy for wasm32 on the $$WASM_MODE toolchain; the wasm build checked flow-wasm"; \
	fi

node-test: node-lint
	$(NPM) test
	$(NPM) run test:browser

node-demo: node-build
	bash scripts/demo-node.sh
