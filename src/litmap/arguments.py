"""What a caller hands litmap's public functions, checked at the door, in one wording.

A careless call (a string where :class:`~litmap.settings.Settings` is expected, None where a table
is, a misspelt keyword, a negative limit, an ``out_dir`` that is a file) fails before any work
starts, with one line naming the parameter, what was given and what is expected::

    settings: expected litmap.Settings, got str ('junk')

:func:`checked` wraps a public function with such checks; the checks themselves are small
callables (:func:`instance`, :func:`path`, :func:`folder`, :func:`table`, :func:`whole_number`,
:func:`choice`, :func:`some_of`). A wrong type raises :class:`~litmap.errors.ArgumentTypeError` (a ``TypeError``), a
wrong value :class:`~litmap.errors.ArgumentError` (a ``ValueError``), a table without a column its
schema needs :class:`~litmap.errors.SchemaError` naming it. The wrapper binds the call's arguments
once (a few microseconds), so it stands on the entry points, never on per-row functions.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import os
from collections.abc import Callable, Iterable
from numbers import Integral, Real

from litmap.errors import ArgumentError, ArgumentTypeError

__all__ = [
    "checked",
    "choice",
    "describe",
    "folder",
    "instance",
    "items",
    "mismatch",
    "path",
    "some_of",
    "table",
    "whole_number",
]

#: A check: called with the parameter's name and the value given; raises, or returns None.
Check = Callable[[str, object], None]


def describe(value) -> str:
    """What was given, in a few words: its type, and short values themselves.

    >>> describe("junk"), describe(None), describe([1, 2]), describe(-3), describe(object())
    ("str ('junk')", 'None', 'list of 2 items', 'int (-3)', 'object')
    """
    if value is None:
        return "None"
    kind = type(value).__name__
    if isinstance(value, str | bytes | bool | Real | os.PathLike):
        shown = repr(os.fspath(value) if isinstance(value, os.PathLike) else value)
        return f"{kind} ({shown if len(shown) <= 60 else shown[:57] + '…'})"
    if isinstance(value, list | tuple | set | frozenset | dict):
        return f"{kind} of {len(value)} item{'' if len(value) == 1 else 's'}"
    return kind


def mismatch(name: str, value, expected: str) -> str:
    """The one wording: ``name: expected <expected>, got <what was given>``.

    >>> mismatch("settings", "junk", "litmap.Settings")
    "settings: expected litmap.Settings, got str ('junk')"
    """
    return f"{name}: expected {expected}, got {describe(value)}"


def instance(types: type | tuple[type, ...], expected: str) -> Check:
    """A check that the value is one of ``types``; ``expected`` says it in words."""

    def check(name: str, value) -> None:
        if not isinstance(value, types):
            raise ArgumentTypeError(mismatch(name, value, expected))

    return check


def path(name: str, value) -> None:
    """A file path or an address: text or a :class:`pathlib.Path`, not empty."""
    if not isinstance(value, str | os.PathLike) or isinstance(os.fspath(value), bytes):
        raise ArgumentTypeError(mismatch(name, value, "a path (str or pathlib.Path)"))
    if not str(value).strip():
        raise ArgumentError(mismatch(name, value, "a path (str or pathlib.Path), not empty"))
    if "\x00" in str(value):  # no file name holds one; the operating system's calls raise a bare ValueError
        raise ArgumentError(mismatch(name, value, "a path (str or pathlib.Path) without a NUL character"))


def folder(name: str, value) -> None:
    """A folder to write into: a path that is not an existing file."""
    path(name, value)
    if os.path.exists(value) and not os.path.isdir(value):
        raise ArgumentError(f"{name}: expected a folder, got {os.fspath(value)!r}, which is a file")


def items(expected: str) -> Check:
    """A check for a collection of things (``expected`` names them): a list, a tuple or another
    iterable, but not one string, which would be read a character at a time."""

    def check(name: str, value) -> None:
        if isinstance(value, str | bytes | os.PathLike) or not isinstance(value, Iterable):
            raise ArgumentTypeError(mismatch(name, value, expected))

    return check


def table(schema=None) -> Check:
    """A check for a pandas DataFrame; with a schema (``litmap.schemas``), through its ``validate``,
    which names a missing column."""

    def check(name: str, value) -> None:
        if schema is not None:
            schema.validate(value, parameter=name)
            return
        import pandas as pd

        if not isinstance(value, pd.DataFrame):
            raise ArgumentTypeError(mismatch(name, value, "a pandas DataFrame"))

    return check


def whole_number(minimum: int = 0) -> Check:
    """A check for a whole number of at least ``minimum`` (a count, a limit, a seed)."""

    def check(name: str, value) -> None:
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise ArgumentTypeError(mismatch(name, value, f"a whole number of at least {minimum}"))
        if value < minimum:
            raise ArgumentError(mismatch(name, value, f"a whole number of at least {minimum}"))

    return check


def choice(*options: str, also: type | None = None) -> Check:
    """A check for one of ``options`` (or an instance of ``also``)."""
    named = [repr(option) for option in options] + ([f"a {also.__name__}"] if also is not None else [])
    words = "one of " + ", ".join(named[:-1]) + " or " + named[-1] if len(named) > 1 else named[0]

    def check(name: str, value) -> None:
        if also is not None and isinstance(value, also):
            return
        if not isinstance(value, str):
            raise ArgumentTypeError(mismatch(name, value, words))
        if value not in options:
            raise ArgumentError(mismatch(name, value, words))

    return check


def some_of(*options: str) -> Check:
    """A check for a list (or tuple, or set) of some of ``options``: file formats, say."""
    words = "a list of some of " + ", ".join(options)

    def check(name: str, value) -> None:
        if not isinstance(value, list | tuple | set | frozenset) or not all(isinstance(v, str) for v in value):
            raise ArgumentTypeError(mismatch(name, value, words))
        unknown = [v for v in value if v not in options]
        if unknown:
            raise ArgumentError(f"{name}: expected {words}, got {unknown[0]!r}")
        if not value:
            raise ArgumentError(mismatch(name, value, words))

    return check


def checked(**checks: Check) -> Callable:
    """Decorate a public function: its call is bound to its signature, and each argument named in
    ``checks`` is checked, before the function runs.

    An unknown keyword, a missing argument or too many raise :class:`ArgumentTypeError` naming the
    function and the parameter (with the nearest real one for a misspelling). An argument given as
    None where None is the default is not checked: it means "not given".

    >>> @checked(limit=whole_number(1))
    ... def top(limit=10):
    ...     return limit
    >>> top(limit=3)
    3
    >>> top(limit=-1)
    Traceback (most recent call last):
    litmap.errors.ArgumentError: limit: expected a whole number of at least 1, got int (-1)
    >>> top(limt=3)
    Traceback (most recent call last):
    litmap.errors.ArgumentTypeError: top: unexpected keyword 'limt'; did you mean 'limit'? (parameters: limit)
    """

    def decorate(func: Callable) -> Callable:
        signature = inspect.signature(func)
        parameters = signature.parameters
        unknown = set(checks) - set(parameters)
        if unknown:  # a mistake of litmap's own, found at import
            raise ValueError(f"{func.__qualname__} has no parameter(s) {', '.join(sorted(unknown))}")
        title = func.__qualname__.removesuffix(".__init__")
        open_none = {n for n, p in parameters.items() if p.default is None}

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                given = signature.bind(*args, **kwargs).arguments
            except TypeError as err:
                raise ArgumentTypeError(_call_mistake(title, parameters, kwargs, err)) from None
            for name, check in checks.items():
                if name in given and not (given[name] is None and name in open_none):
                    check(name, given[name])
            return func(*args, **kwargs)

        return wrapper

    return decorate


def _call_mistake(title: str, parameters, kwargs: dict, err: TypeError) -> str:
    """A call that does not fit the signature, in one line: the unknown keyword and its nearest
    parameter, or Python's own words (a missing argument, too many)."""
    names = [n for n, p in parameters.items() if n != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    listed = f"(parameters: {', '.join(names)})"
    strange = [k for k in kwargs if k not in parameters]
    if strange and not any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
        close = difflib.get_close_matches(strange[0], names, n=1, cutoff=0.6)
        guess = f"; did you mean {close[0]!r}?" if close else ""
        return f"{title}: unexpected keyword {strange[0]!r}{guess} {listed}"
    return f"{title}: {err} {listed}"
