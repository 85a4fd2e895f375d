"""litmap's exceptions: one base class and a few specific errors that carry what a user needs.

Each error mixes in the builtin it refines (as ``requests`` does), so callers may catch either
``LitmapError`` or the familiar ``ValueError``/``OSError``. The ``litmap`` command prints any of
them as one line, ``litmap: error: <message>``.

:class:`RunInterrupted` is the one exception that is not a ``LitmapError``: it is a
``KeyboardInterrupt``, so that an ``except Exception`` somewhere cannot swallow Ctrl-C.
"""

from __future__ import annotations


class LitmapError(Exception):
    """Base class of every error litmap raises on purpose."""


class ArticleError(LitmapError, ValueError):
    """The article cannot be read or has no usable text (empty, binary, unreachable, no references).

    ``source`` names the file or URL, so the message can say where.
    """

    def __init__(self, message: str, *, source: str | None = None):
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class ArgumentError(LitmapError, ValueError):
    """An argument of a public function has a value litmap cannot use (a negative limit, an ``out_dir``
    that is a file); the one-line message names the parameter, what was given and what is expected."""


class ArgumentTypeError(ArgumentError, TypeError):
    """An argument of the wrong type (a string where ``Settings`` is expected, None where a table is),
    or a call with an unknown keyword; catch it as ``TypeError`` or as :class:`ArgumentError`."""


class ParserModelError(LitmapError, OSError):
    """The shipped reference-parser model is missing, unreadable or built for other features."""


class SchemaError(LitmapError, ValueError):
    """A table does not have the columns or types a stage expects; names the table and column."""

    def __init__(self, message: str, *, table: str, column: str | None = None, parameter: str | None = None):
        self.table = table
        self.column = column
        self.parameter = parameter
        where = table if parameter in (None, table) else f"{parameter} (the {table} table)"
        super().__init__(f"{where}: {message}")


class SettingsError(LitmapError, ValueError):
    """A setting (an argument or a ``LITMAP_*`` variable) has a value litmap cannot use; names it."""


class SnapshotError(LitmapError, ValueError):
    """A snapshot (saved records) file cannot be read: not JSON, or not shaped like one; names the file."""

    def __init__(self, message: str, *, path: str | None = None):
        self.path = path
        super().__init__(f"{path}: {message}" if path is not None else message)


class LookupServiceError(LitmapError, OSError):
    """A bibliographic web service (Crossref, Open Library) failed after retries, or was not asked.

    Carries the ``url``, the HTTP ``status_code`` (``None`` for timeouts and connection errors) and
    the ``error_kind`` (one of ``litmap.schemas.ERROR_KINDS``: ``timeout``, ``http_status``, …),
    which the records table keeps as a value.
    """

    def __init__(
        self, message: str, *, url: str | None = None, status_code: int | None = None, error_kind: str | None = None
    ):
        self.url = url
        self.status_code = status_code
        self.error_kind = error_kind
        super().__init__(message)


class OfflineError(LookupServiceError):
    """A look-up was needed but the run is offline and nothing saved or cached answers it."""

    def __init__(self, message: str, *, url: str | None = None):
        super().__init__(message, url=url, error_kind="offline")


class TaxonomyError(LitmapError, ValueError):
    """A topic taxonomy file or dict is malformed; names the topic and field."""


class PdfError(ArticleError):
    """A PDF cannot be read as an article: no text layer (a scan), encrypted, damaged or too large.

    A kind of :class:`ArticleError`, so whatever handles unreadable articles handles PDFs too.
    """


class TimeLimitError(ArticleError):
    """An article took longer than ``settings.article_time_limit`` to read, parse or finish; names it.

    A kind of :class:`ArticleError`: the article is refused (in corpus mode it fails, the rest go on).
    """


class CorpusError(LitmapError, ValueError):
    """A corpus cannot be run as asked: an input that does not exist, a folder with no articles, a
    Dask scheduler that cannot be reached. (An article that cannot be read is not an error of the
    corpus: it is recorded as ``failed`` with its reason, and the run goes on.)"""


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during the look-ups: the run stopped, and ``done`` of ``total`` look-ups had finished.

    Finished look-ups are kept in the cache, so running again repeats none of them.
    """

    def __init__(self, done: int, total: int):
        self.done = done
        self.total = total
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"interrupted after {self.done} of {self.total} look-ups; run again to continue"
