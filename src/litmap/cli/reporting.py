"""How the command reports: one line per error or warning, and its exit statuses (the ``litmap`` group's class)."""

from __future__ import annotations

import errno
import logging

import click

from litmap.errors import LitmapError, RunInterrupted

#: Exit status: an error litmap explains; a usage error; Ctrl-C, as shells report SIGINT (128 + 2).
EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class UserErrors(click.Group):
    """One line for everything: litmap's errors (1), usage errors (2), Ctrl-C at any moment (130), and
    a bug (1, its traceback only with ``--debug``)."""

    def main(self, args=None, prog_name=None, **extra):
        import sys

        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv[: argv.index("--")] if "--" in argv else "--debug" in argv
        extra.pop("standalone_mode", None)
        try:
            try:
                super().main(args=argv, prog_name=prog_name or "litmap", standalone_mode=False, **extra)
            except click.exceptions.Exit as done:
                sys.exit(done.exit_code)
            except click.Abort as err:  # click's word for Ctrl-C: the interrupt it caught says how far the run got
                cause = err.__cause__ or err.__context__
                raise (cause if isinstance(cause, RunInterrupted) else KeyboardInterrupt()) from None
            except click.UsageError as err:
                hint = f" (see `{err.ctx.command_path if err.ctx is not None else 'litmap'} --help`)"
                click.echo(f"litmap: error: {one_line(err.format_message())}{hint}", err=True)
                sys.exit(EXIT_USAGE)
            except click.ClickException as err:
                click.echo(f"litmap: error: {one_line(err.format_message())}", err=True)
                sys.exit(err.exit_code)
            except LitmapError as err:
                click.echo(f"litmap: error: {one_line(str(err))}", err=True)
                sys.exit(EXIT_ERROR)
            except (OSError, MemoryError) as err:  # a full disk, a folder litmap may not write, no memory left
                if debug:
                    raise
                click.echo(f"litmap: error: {one_line(_os_error(err))}", err=True)
                sys.exit(EXIT_ERROR)
            except Exception as err:
                if debug:
                    raise
                click.echo(
                    f"litmap: error: litmap failed ({type(err).__name__}: {one_line(str(err))[:200]}); this is a bug: "
                    "please report it with the output of the same command run with --debug",
                    err=True,
                )
                sys.exit(EXIT_ERROR)
            sys.exit(0)
        except RunInterrupted as err:
            click.echo(f"litmap: {one_line(str(err))}", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except KeyboardInterrupt:
            click.echo("litmap: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)


def one_line(message: str) -> str:
    r"""A message on one line: a parser's several lines (YAML's, with its caret under the column) joined
    with "; ", lines of only marks left out.

    >>> one_line('not valid YAML: while parsing\n  in "<unicode string>", line 1, column 10:\n    topics: [\n             ^')
    'not valid YAML: while parsing; in "<unicode string>", line 1, column 10:; topics: ['
    """
    lines = [" ".join(line.split()) for line in str(message).splitlines()]
    return "; ".join(line for line in lines if line.strip("^~ "))


def _os_error(err: Exception) -> str:
    """An operating-system error in one line: '[Errno 28] No space left on device: out/x.csv' -> words."""
    if isinstance(err, MemoryError):
        return "out of memory"
    if isinstance(err, (FileExistsError, NotADirectoryError)) and getattr(err, "filename", None):
        return f"cannot make the folder {err.filename}: something that is not a folder is in the way"
    name = str(getattr(err, "filename", None) or "")
    if len(name) > 200:  # "File name too long" with all 5,000 characters of it is not one line
        name = f"{name[:100]}…{name[-40:]} ({len(name):,} characters)"
    where = f": {name}" if name else ""
    hint = _FULL.get(getattr(err, "errno", None), "")
    return f"{getattr(err, 'strerror', None) or err}{where}{hint}"


#: What to do when a write fails for want of room; the writer (an image library's) often names no file.
_FULL = {
    errno.ENOSPC: " (the disk is full: free some space, or write to another disk)",
    errno.EDQUOT: " (over the disk quota: free some space, or write to another disk)",
    errno.EFBIG: " (a limit on the size of a file, such as `ulimit -f`, stopped a write)",
}


class LogLines(logging.Formatter):
    """A log record as the command's other messages read: ``litmap: warning: …`` on one line (with
    ``-v``, the logger's name after the level), its traceback only with ``--debug``.

    A corpus article that hit a bug printed its whole traceback through ``log.exception``, and the
    pacing's warnings read ``WARNING litmap.verify.pacing: …`` beside ``litmap: warning: …``.
    """

    def __init__(self, *, verbose: bool = False, debug: bool = False):
        super().__init__()
        self.verbose, self.debug = verbose, debug

    def format(self, record: logging.LogRecord) -> str:
        where = f" {record.name}" if self.verbose else ""
        text = f"litmap: {record.levelname.lower()}{where}: {one_line(record.getMessage())}"
        if record.exc_info and self.debug:
            text += "\n" + self.formatException(record.exc_info)
        elif record.exc_info:
            text += " (run with --debug for the traceback)"
        return text


def show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A warning in one line, ``litmap: warning: …``, without the source line Python adds."""
    click.echo(f"litmap: warning: {' '.join(str(message).split())}", err=True)
