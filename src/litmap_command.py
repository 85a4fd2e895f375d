"""The ``litmap`` command's entry point: Ctrl-C while litmap is still being imported is one line too.

The console script imports this small module first; litmap itself (pandas, networkx, …) is imported
inside :func:`main`, where an interrupt during the import can be caught. Everything else is
:mod:`litmap.cli`.
"""

import sys


def main() -> None:
    try:
        from litmap.cli import main as command
    except KeyboardInterrupt:
        print("litmap: interrupted", file=sys.stderr)
        sys.exit(130)
    command()
