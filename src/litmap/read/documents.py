"""Fetching an article from the web — HTML, text or PDF — within limits, each failure said in words.

:func:`fetch_document` streams the reply, follows at most ``max_redirects`` redirects, only for
http(s), refuses other content types before reading, stops at ``max_bytes`` (25 MB by default)
and at ``time_limit`` seconds whatever the server does, and hands back the bytes and the content
type, so readers turn them into text (HTML, Markdown, plain text; PDF in its own reader).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import requests
from urllib3.exceptions import LocationParseError

from litmap.errors import ArticleError
from litmap.settings import Settings, describe_bytes
from litmap.web import TooLarge, describe_failure, make_session, read_limited

__all__ = ["FetchedDocument", "check_online", "fetch_document"]

#: What an article may be: HTML, text (Markdown included) or PDF.
_DOCUMENT_TYPES = re.compile(r"^(text/[\w.+-]+|application/xhtml\+xml|application/pdf|application/x-pdf)$")
_DOCUMENT_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,text/markdown;q=0.9,application/pdf;q=0.9"


@dataclass(frozen=True)
class FetchedDocument:
    """An article as fetched: the final URL (after redirects), its bytes and its content type.

    ``content_type`` is the media type without parameters (``text/html``, ``application/pdf``),
    or ``""`` when the server named none; readers decide how to turn the bytes into text.
    """

    url: str
    content: bytes
    content_type: str


def check_online(url: str, settings: Settings) -> None:
    """Refuse to fetch ``url`` when the settings are offline: offline means no request at all.

    Raises
    ------
    ArticleError
        The settings are offline; the message says what to do instead.
    """
    if settings.offline:
        raise ArticleError(
            "offline, so litmap sends no request and cannot fetch this address; "
            "save the page and pass the file, or run without --offline",
            source=url,
        )


def fetch_document(
    url: str, *, settings: Settings | None = None, session: requests.Session | None = None
) -> FetchedDocument:
    """Fetch an article (HTML, text or PDF) within limits, and say plainly what went wrong.

    Only ``http://`` and ``https://`` addresses; at most ``settings.max_redirects`` redirects;
    ``settings.connect_timeout`` to connect and ``settings.time_limit`` for the whole fetch; at
    most ``settings.max_bytes`` (25 MB by default), refused before reading when the server
    declares more and cut off as soon as a streamed body passes it; content types other than
    HTML, text and PDF refused. Offline settings refuse every address.

    Raises
    ------
    ArticleError
        One sentence naming the address: "the page is larger than 25 MB", "no answer within
        30 s", "the address serves image/png, not an article (HTML, text or PDF)", …
    """
    settings = settings if settings is not None else Settings.from_env()
    if not re.match(r"^https?://[^\s/]", url, re.IGNORECASE):
        raise ArticleError("only http:// and https:// addresses can be fetched", source=url)
    check_online(url, settings)
    own = session is None
    session = make_session(settings) if own else session
    state: dict = {"bytes": 0}
    done, cancel = threading.Event(), threading.Event()

    def work() -> None:
        try:
            state["document"] = _fetch_document(url, session, settings, cancel, state)
        except BaseException as err:  # handed to the waiting thread, which raises it
            state["error"] = err
        finally:
            done.set()

    # The fetch runs in a helper thread so that the time limit holds whatever the server does
    # (trickling headers included) and Ctrl-C is answered at once; an abandoned fetch ends at
    # its next read.
    worker = threading.Thread(target=work, name="litmap-fetch-document", daemon=True)
    worker.start()
    try:
        finished = done.wait(settings.time_limit)
    finally:
        if not done.is_set():
            cancel.set()
    if not finished:
        if own:
            session.close()
        if "status" not in state:
            raise ArticleError(f"no answer within {settings.time_limit:g} s", source=url)
        raise ArticleError(
            f"the page did not arrive in full within {settings.time_limit:g} s "
            f"(got {describe_bytes(state['bytes'])} so far)",
            source=url,
        )
    if own:
        session.close()
    if "error" in state:
        raise state["error"]
    return state["document"]


def _read_timeout(settings: Settings) -> float:
    """The socket's read timeout: its own setting when shorter than the whole-fetch limit; otherwise a
    second past that limit, so the watchdog in :func:`fetch_document` answers first, in its words."""
    if settings.read_timeout < settings.time_limit:
        return settings.read_timeout
    return settings.time_limit + 1.0


def _fetch_document(
    url: str, session: requests.Session, settings: Settings, cancel: threading.Event, state: dict
) -> FetchedDocument:
    try:
        response = session.get(
            url,
            headers={"Accept": _DOCUMENT_ACCEPT},
            timeout=(settings.connect_timeout, _read_timeout(settings)),
            stream=True,
        )
    except requests.TooManyRedirects as err:
        raise ArticleError(f"more than {settings.max_redirects} redirects", source=url) from err
    except requests.exceptions.InvalidSchema as err:
        raise ArticleError("redirected to an address that is not http:// or https://", source=url) from err
    except LocationParseError as err:  # found only when connecting (a host label over 63 characters): was "a bug"
        raise ArticleError(
            "could not fetch the page: its host name cannot be looked up (a part of it empty or longer than "
            "63 characters)",
            source=url,
        ) from err
    except requests.RequestException as err:
        raise ArticleError(f"could not fetch the page: {describe_failure(err, settings)}", source=url) from err
    with response:
        state["status"] = response.status_code
        if response.status_code != 200:
            raise ArticleError(
                f"the server answered HTTP {response.status_code} {response.reason or ''}".rstrip(), source=url
            )
        content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type and content_type != "application/octet-stream" and not _DOCUMENT_TYPES.match(content_type):
            raise ArticleError(f"the address serves {content_type}, not an article (HTML, text or PDF)", source=url)
        try:
            content = read_limited(response, max_bytes=settings.max_bytes, stop=cancel, progress=state)
        except TooLarge as err:
            said = f" (the server says {describe_bytes(err.declared)})" if err.declared else ""
            raise ArticleError(f"the page is larger than {settings.describe_max_bytes()}{said}", source=url) from None
        except requests.RequestException as err:
            raise ArticleError(f"the page broke off: {describe_failure(err, settings)}", source=url) from err
    if content_type in ("", "application/octet-stream"):
        content_type = "application/pdf" if content.startswith(b"%PDF-") else ""
    elif content_type == "application/x-pdf":
        content_type = "application/pdf"
    return FetchedDocument(url=response.url or url, content=content, content_type=content_type)
