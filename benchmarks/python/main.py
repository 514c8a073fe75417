"""`make bench` (Python part): every case against what a user would write instead, one table."""

import sys

import bulk
import registrants
import reports
import small_calls
from harness import print_table


def main() -> int:
    rows = []
    for module in (reports, registrants, small_calls, bulk):
        print(f"{module.__name__}: {module.__doc__.splitlines()[0] if module.__doc__ else ''}", flush=True)
        rows += module.run()
    print_table(rows)
    failed = [r for r in rows if not r.ok]
    if failed:
        print(f"{len(failed)} comparisons returned different results", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
