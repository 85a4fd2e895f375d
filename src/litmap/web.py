"""The web basics every fetch shares: litmap's session and User-Agent, a body read within limits, failures in words.

Used by :func:`litmap.read.documents.fetch_document` (articles) and by the service transport
:class:`litmap.verify.webclient.WebClient` (Crossref, Open Library, Europe PMC, OpenAlex).
"""

from __future__ import annotations

import re
import threading
import time
from importlib import metadata

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, LocationParseError, ReadTimeoutError
from urllib3.exceptions import HTTPError as Urllib3Error

from litmap.settings import Settings, describe_bytes

__all__ = [
    "PROJECT_URL",
    "ReplyBudget",
    "Stopped",
    "TooLarge",
    "TooSlow",
    "describe_failure",
    "failure_kind",
    "litmap_version",
    "make_session",
    "read_limited",
    "user_agent",
]

PROJECT_URL = "https://github.com/litmap/litmap"
_CHUNK = 64 * 1024


class Stopped(Exception):
    """The run is stopping (Ctrl-C): a waiting or retrying request gives up without sending anything."""


def litmap_version() -> str:
    """The installed litmap's version ("0" in a source tree that is not installed)."""
    try:
        return metadata.version("litmap")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


def user_agent(mailto: str | None) -> str:
    """Return litmap's User-Agent: ``litmap/<version> (<project url>; mailto:<addr>)``."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"litmap/{litmap_version()} ({PROJECT_URL}{contact})"


def make_session(settings: Settings) -> requests.Session:
    """A ``requests.Session`` for litmap: identifying User-Agent, bounded redirects, a pool per host.

    Retries are litmap's own (in :class:`WebClient`), so the adapter retries nothing: a retry must
    wait its turn in the pacer, count towards the circuit breaker and stop when the run stops.
    """
    session = requests.Session()
    adapter = HTTPAdapter(pool_maxsize=max(10, 2 * settings.max_concurrency), max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent(settings.mailto)
    session.max_redirects = settings.max_redirects
    return session


class ReplyBudget:
    """The bytes of service replies one run accepts in all (``settings.max_total_bytes``); thread-safe.

    Every client of a run shares one, so ten services answering 19 MB each cannot add up to gigabytes.

    >>> budget = ReplyBudget(1_000)
    >>> budget.spend(800); budget.remaining(), budget.is_spent
    (200, False)
    >>> budget.spend(300); budget.is_spent
    True
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def remaining(self) -> int:
        with self._lock:
            return max(0, self.limit - self.used)

    def spend(self, n: int) -> None:
        with self._lock:
            self.used += n

    @property
    def is_spent(self) -> bool:
        return self.remaining() <= 0

    def describe(self) -> str:
        """Why litmap stops asking, in words."""
        return f"the replies of this run reached the {describe_bytes(self.limit)} litmap accepts in all (LITMAP_MAX_TOTAL_BYTES)"


class TooLarge(Exception):
    """A reply passed the size limit; ``declared`` is the size the server announced, if it did."""

    def __init__(self, declared: int | None):
        self.declared = declared


class TooSlow(Exception):
    """A reply did not arrive in full by the deadline; ``received`` bytes had come."""

    def __init__(self, received: int):
        self.received = received


def read_limited(
    response: requests.Response,
    *,
    max_bytes: int,
    deadline: float | None = None,
    stop: threading.Event | None = None,
    progress: dict | None = None,
) -> bytes:
    """Read a streamed body, refusing more than ``max_bytes`` and stopping at ``deadline``.

    ``read1`` returns whatever has arrived, so a server that trickles bytes cannot hold a read
    open past the deadline, and an endless body stops at the limit instead of filling memory.
    """
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge(int(declared))
    chunks, size = [], 0
    while True:
        if stop is not None and stop.is_set():
            raise Stopped()
        if deadline is not None and time.monotonic() > deadline:
            raise TooSlow(size)
        try:
            chunk = response.raw.read1(_CHUNK, decode_content=True)
        except ReadTimeoutError as err:  # raw reads raise urllib3's errors; callers know requests'
            raise requests.exceptions.ReadTimeout(err) from err
        except DecodeError as err:  # a bad gzip stream, more content encodings than urllib3 undoes
            raise requests.exceptions.ContentDecodingError(err) from err
        except Urllib3Error as err:  # a body cut short, a broken chunk
            raise requests.exceptions.ConnectionError(err) from err
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if progress is not None:
            progress["bytes"] = size
        if size > max_bytes:
            raise TooLarge(None)
        chunks.append(chunk)


def failure_kind(err: Exception) -> str:
    """The kind of a failed request (a value of ``litmap.schemas.ERROR_KINDS``), as :func:`describe_failure` says it.

    >>> failure_kind(TooLarge(None)), failure_kind(requests.ConnectTimeout()), failure_kind(requests.ConnectionError())
    ('too_large', 'timeout', 'connection')
    """
    if isinstance(err, TooLarge):
        return "too_large"
    if isinstance(err, TooSlow | requests.Timeout) or "timed out" in str(err).lower():
        return "timeout"
    if isinstance(err, requests.RequestException):  # refused, reset, cut short, a broken chunk, ...
        return "connection"
    return "invalid"


def describe_failure(err: Exception, settings: Settings) -> str:
    """One failed request in words: "no answer within 30 s", "the reply is larger than 25 MB", …"""
    if isinstance(err, TooLarge):
        return f"the reply is larger than {settings.describe_max_bytes()}"
    if isinstance(err, LocationParseError):  # raised only on connecting, by a redirect's address
        return "sent to a host name that cannot be looked up (a part of it empty or longer than 63 characters)"
    if isinstance(err, TooSlow):
        return f"the reply did not arrive in full within {settings.time_limit:g} s"
    if isinstance(err, requests.exceptions.ContentDecodingError):
        return f"the reply's compression could not be undone ({_reason(err)})"
    if isinstance(err, requests.ConnectTimeout):
        return f"no connection within {settings.connect_timeout:g} s"
    if isinstance(err, requests.Timeout) or "timed out" in str(err).lower():
        return f"no answer within {settings.read_timeout:g} s"
    if isinstance(err, requests.ConnectionError):
        text = str(err)
        if re.search(r"Connection (?:aborted|broken)", text):
            # the server answered, then broke the reply off (5,000 header lines, a Content-Length it
            # did not send): "could not connect" sent the user to check a network that works
            found = re.search(r"Connection broken: ([^'\"]+)", text) or re.search(
                r"Connection aborted\.?['\"]?,\s*(.+)\)$", text
            )
            return f"the server broke the reply off ({(found.group(1) if found else text)[:120]})"
        return f"could not connect ({type(err).__name__})"
    return f"{type(err).__name__}: {err}"


def _reason(err: Exception) -> str:
    """The innermost words of a wrapped urllib3 error: "Too many content encodings in the chain …"."""
    text = str(err.args[0] if err.args else err)
    return re.sub(
        r"^\(?['\"]?(?:Received response with content-encoding: \w+, but failed to decode it\.['\"]?,\s*)?", "", text
    )[:120]
