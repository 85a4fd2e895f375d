"""The ``litmap`` command line: the notebooks' pipeline in batch.

click gives us --help text from the option declarations; a user mistake (missing file, no
reference section, a URL while offline, a mistyped command) prints one line, ``litmap: error: …``,
not a traceback, and Ctrl-C stops the run at once with ``litmap: interrupted after N of M look-ups; …``.

Exit status: 0 done; 1 an error litmap explains (or a bug, said in one line: ``--debug`` shows its
traceback); 2 a usage error (an unknown command or option, a missing argument); 130 interrupted.

Its rooms: :mod:`~litmap.cli.commands` (the group and each sub-command), :mod:`~litmap.cli.options`
(shared options and their checks) and :mod:`~litmap.cli.reporting` (one-line errors, exit statuses).
"""

from litmap.cli.commands import main
from litmap.cli.reporting import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_USAGE

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_USAGE", "main"]
