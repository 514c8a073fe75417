# Benchmarks: the SDK against what users would write instead (requests/httpx/aiohttp + pandas/polars
# in Python, fetch + papaparse in Node), each against its own release flow-mock on loopback.
# Not part of `make test`: timings are for people, and they take minutes.
.PHONY: bench bench-mock bench-python bench-node

# Only the benchmarks use these; the package and its tests do not.
BENCH_PY_DEPS := requests httpx aiohttp

bench: bench-python bench-node

# The release server, so the mock is never the bottleneck; cargo makes this a no-op when up to date.
bench-mock:
	$(CARGO) build --release -p flow-mock

bench-python: python-build bench-mock
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check $(BENCH_PY_DEPS)
	$(VENV_PY) benchmarks/python/main.py

bench-node: node-build bench-mock
	node --expose-gc benchmarks/node/main.mjs
