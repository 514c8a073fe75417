"""The `flow` command line that `pip install flow-api` puts on PATH: the Rust `flow` itself, run
inside the extension (see `flow --help`)."""

import sys

from flow_api._native import _cli_main


def main() -> None:
    sys.exit(_cli_main(sys.argv))
