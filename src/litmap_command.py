"""The ``litmap`` command's entry point: Ctrl-C while litmap is still being imported is one line too.

The console script imports this small module first; litmap itself (pandas, networkx, …) is imported
inside :func:`main`, where an interrupt during the import can be caught. Everything else is
:mod:`litmap.cli`.
"""

import signal
import sys


def _terminated(signum, frame) -> None:
    """SIGTERM (``kill``, a scheduler's time limit, a closed terminal's SIGHUP) stops litmap as Ctrl-C
    does: one line, status 130, and every half-written file and lock cleaned up on the way out (Python's
    default ends the process where it stands, silently)."""
    raise KeyboardInterrupt


def main() -> None:
    for name in ("SIGTERM", "SIGHUP"):  # SIGHUP is POSIX only
        if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) is signal.SIG_DFL:
            signal.signal(getattr(signal, name), _terminated)
    try:
        from litmap.cli import main as command
    except KeyboardInterrupt:
        print("litmap: interrupted", file=sys.stderr)
        sys.exit(130)
    command()
