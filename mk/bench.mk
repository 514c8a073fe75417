# Benchmarks: the SDK against what users would write instead (httpx/requests/aiohttp + csv, pandas,
# pyarrow, polars in Python; fetch + papaparse in Node), printed as the table of issue 11 with its
# goals (benchmarks/table.py). `make bench` runs against release flow-mock processes on loopback,
# `make bench-static` against nginx serving the same answers as files; BENCH_BASE_URL points the
# parts at any other server. Not part of `make test`: timings are for people, and they take minutes.
.PHONY: bench bench-static bench-mock bench-deps bench-python bench-node

# Only the benchmarks use these; the package and its tests do not.
BENCH_PY_DEPS := requests httpx aiohttp pandas pyarrow polars

bench: bench-deps node-build bench-mock
	bash benchmarks/run.sh python node

bench-static: bench-deps node-build bench-mock
	bash benchmarks/static/serve.sh

# The release server, so the mock is never the bottleneck; cargo makes this a no-op when up to date.
bench-mock:
	$(CARGO) build --release -p flow-mock

bench-deps: python-build
	$(VENV_PY) -m pip install --quiet --disable-pip-version-check $(BENCH_PY_DEPS)

bench-python: bench-deps bench-mock
	bash benchmarks/run.sh python

bench-node: node-build bench-mock
	bash benchmarks/run.sh node
