# Fuzzing flow-core's parsers with cargo-fuzz (libFuzzer). Not part of `make test`: it needs the
# -Z flags of a nightly compiler, which the stable toolchain accepts under RUSTC_BOOTSTRAP=1, and
# it runs for minutes. See flow-core/fuzz/README.md.
.PHONY: fuzz fuzz-build

FUZZ_DIR := flow-core/fuzz
# Seconds per target.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= endpoints csv retry_after
# Safe Rust needs no ASan to find panics, and compare tracing makes the csv crate's DFA set-up
# five times slower; the dictionaries supply the magic values instead. `FUZZ_BUILD_FLAGS=` gives
# cargo-fuzz's defaults (ASan, compare tracing), which also work.
FUZZ_BUILD_FLAGS ?= --sanitizer none --no-trace-compares
# The machine is shared: one process per target.
FUZZ_ARGS ?= -jobs=1 -workers=1
FUZZ_CARGO := RUSTC_BOOTSTRAP=1 $(CARGO) fuzz

fuzz-build:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	cd $(FUZZ_DIR) && $(FUZZ_CARGO) build $(FUZZ_BUILD_FLAGS)

fuzz: fuzz-build
	@if command -v python3 >/dev/null; then python3 $(FUZZ_DIR)/seed.py tests/conformance $(FUZZ_DIR)/corpus; fi
	@mkdir -p $(FUZZ_DIR)/logs; total=0; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t; \
	  dict=; if [ -f $(FUZZ_DIR)/dict/$$t.dict ]; then dict=-dict=dict/$$t.dict; fi; \
	  log=$(FUZZ_DIR)/logs/$$t.log; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s (log: $$log)"; \
	  if ! (cd $(FUZZ_DIR) && $(FUZZ_CARGO) run $(FUZZ_BUILD_FLAGS) $$t corpus/$$t -- \
	        -max_total_time=$(FUZZ_SECONDS) $(FUZZ_ARGS) $$dict -print_final_stats=1) >$$log 2>&1 \
	     || grep -qE 'panicked at|deadly signal|Test unit written to' $$log; then \
	    grep -E -A12 'panicked at|deadly signal|==ERROR' $$log | head -40; \
	    grep -E 'Test unit written to|Base64:' $$log; \
	    echo "fuzz: $$t FAILED; reproduce with: cd $(FUZZ_DIR) && $(FUZZ_CARGO) run $(FUZZ_BUILD_FLAGS) $$t <artifact>"; \
	    exit 1; \
	  fi; \
	  n=$$(sed -n 's/^stat::number_of_executed_units: *//p' $$log | tail -1); \
	  grep -E '^#[0-9]+[[:space:]]+DONE' $$log | tail -1; \
	  echo "fuzz: $$t: $${n:-0} executions"; \
	  total=$$((total + $${n:-0})); \
	done; \
	echo "fuzz: $$total executions in total across $(FUZZ_TARGETS)"
