"""`make bench` (Python part): every case against what a user would write instead. Rows are
printed as measured and written to the JSON file named by the first argument, for
`benchmarks/table.py`. A case that fails is reported and the others still run."""

import json
import sys
import time
import traceback
from pathlib import Path

import bulk
import registrants
import reports
import sizes
import small_calls
import small_sessions
from servers import BASE_URL


def main() -> int:
    modules = [reports, registrants, small_sessions, small_calls, sizes]
    if BASE_URL:
        print(f"against {BASE_URL}; bulk registration skipped (it writes, so it needs the mock)", flush=True)
    else:
        modules.append(bulk)
    rows = []
    failed = 0
    for module in modules:
        print(f"{module.__name__}: {module.__doc__.splitlines()[0] if module.__doc__ else ''}", flush=True)
        started = time.perf_counter()
        try:
            rows += module.run()
        except Exception:
            traceback.print_exc()
            failed += 1
        print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    Path(sys.argv[1]).write_text(json.dumps({"part": "python", "rows": rows}, indent=1))
    mismatches = sum(1 for row in rows if not row.get("ok", True))
    if failed or mismatches:
        print(f"python: {failed} cases failed, {mismatches} results differ", file=sys.stderr)
    return 1 if failed or mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
