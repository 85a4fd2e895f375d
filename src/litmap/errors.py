"""litmap's exceptions: one base class and a few specific errors that carry what a user needs.

Each error mixes in the builtin it refines (as ``requests`` does), so callers may catch either
``LitmapError`` or the familiar ``ValueError``/``OSError``.
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


class ReferenceParseError(LitmapError, ValueError):
    """A reference entry cannot be parsed into fields; ``line`` says where it stands."""

    def __init__(self, message: str, *, raw: str = "", line: int | None = None):
        self.raw = raw
        self.line = line
        where = f"line {line}: " if line is not None else ""
        super().__init__(f"{where}{message}")


class ParserModelError(LitmapError, OSError):
    """The shipped reference-parser model is missing, unreadable or built for other features."""


class SchemaError(LitmapError, ValueError):
    """A table does not have the columns or types a stage expects; names the table and column."""

    def __init__(self, message: str, *, table: str, column: str | None = None):
        self.table = table
        self.column = column
        super().__init__(f"{table}: {message}")


class LookupServiceError(LitmapError, OSError):
    """A bibliographic web service (Crossref, Open Library) failed after retries.

    Carries the ``url`` and HTTP ``status_code`` (``None`` for timeouts and connection errors).
    """

    def __init__(self, message: str, *, url: str | None = None, status_code: int | None = None):
        self.url = url
        self.status_code = status_code
        super().__init__(message)


class OfflineError(LookupServiceError):
    """A look-up was needed but the run is offline and nothing cached or bundled answers it."""


class TaxonomyError(LitmapError, ValueError):
    """A topic taxonomy file or dict is malformed; names the topic and field."""
