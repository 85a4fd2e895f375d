"""The web layer: the transport every service client composes.

:class:`WebClient` is the transport of one service: a ``requests.Session`` (litmap's own, or one
passed in), an identifying User-Agent, a connect and read timeout and a size and time limit on
every reply, bounded retries with exponential backoff (``Retry-After`` honoured), a
:class:`~litmap.verify.pacing.Pacer` that follows the rate and concurrency the service advertises, a
:class:`~litmap.verify.pacing.CircuitBreaker`, and the answer cache (:class:`~litmap.verify.records.RecordCache`).
Service clients (:mod:`litmap.verify.crossref`, :mod:`litmap.verify.openlibrary`) hold one and add the
look-ups; a new service is one more such client.

Its pieces — a session with litmap's User-Agent, a body read within size and time limits, a
failure said in words — live in :mod:`litmap.web`, shared with :func:`litmap.read.documents.fetch_document`.

Answer order for a look-up: the cache, then (unless offline) the network. Saved records
(snapshots) come before both, in :func:`litmap.verify.fetch.fetch_records`.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import ClassVar
from urllib.parse import urlencode

import requests
from urllib3.exceptions import LocationParseError

from litmap.errors import LookupServiceError, OfflineError
from litmap.settings import Settings
from litmap.verify.answers import AnswerError, conform_answer
from litmap.verify.pacing import CircuitBreaker, Pacer, PaceTooSlow
from litmap.verify.records import SERVICE_NAMES, RecordCache, failed_record, make_record
from litmap.web import (
    ReplyBudget,
    Stopped,
    TooLarge,
    TooSlow,
    describe_failure,
    failure_kind,
    make_session,
    read_limited,
)

__all__ = ["RETRY_STATUSES", "ServiceClient", "WebClient"]

logger = logging.getLogger(__name__)

#: Statuses worth retrying: throttling and transient server errors. 400 and 404 are answers.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class _Reply:
    """What one GET gave back, body read in full."""

    status: int
    reason: str
    headers: Mapping[str, str]
    content: bytes


class WebClient:
    """The transport of one web service: session, retries, pacing, circuit breaker, answer cache.

    Parameters
    ----------
    service : str
        The service's name (``"crossref"``), used in messages, in cache keys and to read its
        base URL from ``settings`` (``<service>_url``).
    settings : Settings, optional
        Contact address, timeouts, limits, cache folder, offline/refresh; by default
        :meth:`Settings.from_env`.
    rates : mapping
        Conservative starting pace per request class, requests per second (e.g. Crossref's
        ``{"single": 5, "list": 1}``); the service's headers take over from the first reply.
    session : requests.Session, optional
        A session to send through (a test's, a proxy-configured one); by default
        :func:`make_session`. A session passed in is not closed by :meth:`close`.
    params : mapping, optional
        Query parameters sent with every request that identify the caller, not the question
        (Crossref's ``mailto``); never part of a cache key.
    stop : threading.Event, optional
        Set it to make every waiting or retrying look-up give up at once (Ctrl-C).
    budget : ReplyBudget, optional
        The bytes of replies the run accepts in all, shared by its clients; by default one of
        ``settings.max_total_bytes`` for this client alone.
    """

    def __init__(
        self,
        service: str,
        settings: Settings | None = None,
        *,
        rates: Mapping[str, float],
        session: requests.Session | None = None,
        params: Mapping[str, str] | None = None,
        stop: threading.Event | None = None,
        budget: ReplyBudget | None = None,
    ):
        self.service = service
        self.settings = settings if settings is not None else Settings.from_env()
        if not self.settings.mailto and not self.settings.offline:  # offline runs send nothing
            warnings.warn(
                f"{service}: no contact address; set LITMAP_MAILTO or pass --mailto so the service can "
                "reach you and grant its polite pool instead of the slowest one.",
                UserWarning,
                stacklevel=3,
            )
        self.base_url = self.settings.base_url(service)
        self._own_session = session is None
        self.session = make_session(self.settings) if session is None else session
        self.params = dict(params or {})
        self.stop = stop if stop is not None else threading.Event()
        #: Bytes of replies the run still accepts, shared by every client of a run (one per client otherwise).
        self.budget = budget if budget is not None else ReplyBudget(self.settings.max_total_bytes)
        self.pacer = Pacer(rates, max_concurrency=self.settings.max_concurrency, stop=self.stop)
        self.breaker = CircuitBreaker(
            service, ratio=self.settings.breaker_ratio, min_requests=self.settings.breaker_min_requests
        )
        self.cache = RecordCache(self.settings.cache_folder() / "records.sqlite", max_age_days=self.settings.cache_days)
        #: Network attempts made and how many were throttled (429).
        self.stats: Counter = Counter()

    # -- one look-up ----------------------------------------------------------------------

    def cached(self, kind: str, key: str) -> dict | None:
        """The cached record of a look-up (``via="cache"``), or None; never when refreshing."""
        if self.settings.refresh:
            return None
        return self.cache.get(self.service, kind, key)

    def fetch_record(self, kind: str, key: str, path: str, params=None, **options) -> dict:
        """One look-up as a record row (RECORDS schema): from the cache, else from the network.

        Never raises for a failed look-up: the row has ``status="failed"`` and the reason in
        ``error``. Options are those of :meth:`get_json`.
        """
        record = self.cached(kind, key)
        if record is not None:
            return record
        try:
            body, status = self.get_json(kind, key, path, params, **options)
        except LookupServiceError as err:
            return failed_record(self.service, kind, key, err)
        return make_record(self.service, kind, key, status, body=body, via="network", now=True)

    def get_json(
        self,
        kind: str,
        key: str,
        path: str,
        params: Mapping[str, object] | None = None,
        *,
        lane: str | None = None,
        not_found_ok: bool = False,
        check: Callable[[dict], str | None] | None = None,
        store: bool = True,
    ) -> tuple[dict | None, str]:
        """GET ``base_url + path`` and return ``(JSON object body, "ok")``, or ``(None, "not_found")``.

        ``path`` is already URL-encoded. A 404 is ``not_found`` when ``not_found_ok`` (else an
        error). ``check(body)`` returns why a body is not the expected shape, or None. The
        answer is cached under ``(service, kind, key)`` when it is ok or not_found, unless
        ``store`` is False (a page, or a reply to several look-ups: the client caches the parts).

        Raises
        ------
        OfflineError
            Offline, and the cache does not hold this look-up.
        LookupServiceError
            The service failed after retries, its reply was malformed, or the circuit breaker
            stopped asking it; the message says which, and where.
        """
        cached = self.cached(kind, key) if store else None
        if cached is not None:
            return (None if cached["body"] is None else json.loads(cached["body"])), cached["status"]
        if self.settings.offline:
            raise OfflineError(
                f"{self.service}: offline, and no saved or cached answer for {'these' if kind.endswith('s') else 'this'} {kind}; "
                "run once without --offline to fetch it",
                url=self.base_url + path,
            )
        params = {name: str(value) for name, value in (params or {}).items() if value is not None}
        shown = self.base_url + path + (f"?{urlencode(params)}" if params else "")
        reply = self._get(self.base_url + path, params, lane=lane or next(iter(self.pacer.lanes)), shown=shown)
        if reply.status == 404 and not_found_ok:
            body, status = None, "not_found"
        elif reply.status != 200:
            raise LookupServiceError(
                f"{self.service}: GET {shown} answered HTTP {reply.status} {reply.reason}".rstrip(),
                url=shown,
                status_code=reply.status,
                error_kind="http_status",
            )
        else:
            body, status = _json_object(reply, self.service, shown), "ok"
            problem = check(body) if check is not None else None
            if problem:
                raise LookupServiceError(
                    f"{self.service}: GET {shown}: {problem}", url=shown, status_code=200, error_kind="invalid"
                )
            try:  # the fields litmap reads, checked and cleaned: an answer it cannot use is never cached
                body = conform_answer(self.service, kind, body)
            except AnswerError as err:
                raise LookupServiceError(
                    f"{self.service}: {err}", url=shown, status_code=200, error_kind="invalid"
                ) from None
        if store:
            self.cache.put(make_record(self.service, kind, key, status, body=body, via="network", now=True))
        return body, status

    # -- the network ----------------------------------------------------------------------

    def _get(self, url: str, params: dict, *, lane: str, shown: str) -> _Reply:
        """GET with bounded retries: at most ``retries`` more attempts within ``retry_time_limit`` s."""
        settings = self.settings
        deadline = time.monotonic() + settings.retry_time_limit
        attempt = 0
        failure = None
        while True:
            if self.breaker.is_open:
                if failure is None:
                    raise LookupServiceError(f"not asked: {self.breaker.reason}", url=shown, error_kind="not_asked")
                raise LookupServiceError(  # asked, failed, and not asked again
                    f"{self.service}: GET {shown} failed ({failure}); litmap stopped asking {self.service}",
                    url=shown,
                    error_kind="breaker",
                )
            if self.stop.is_set():
                raise Stopped()
            if self.budget.is_spent:
                raise LookupServiceError(f"not asked: {self.budget.describe()}", url=shown, error_kind="not_asked")
            reply, failure, kind, error = None, None, None, None
            try:
                with self.pacer.slot(lane, deadline=deadline):
                    if self.stop.is_set():  # the wait for a slot may outlast the run
                        raise Stopped()
                    try:
                        reply = self._send(url, params)
                    except (requests.RequestException, TooLarge, TooSlow, LocationParseError) as err:
                        # LocationParseError: a redirect to a host name with a part over 63 characters
                        failure, kind, error = describe_failure(err, settings), failure_kind(err), err
            except PaceTooSlow as err:
                left = (
                    f"the {max(err.left, 0):.1f} s left of "
                    if err.left is not None and err.left < settings.retry_time_limit - 0.5
                    else ""
                )  # a look-up that already waited has less than its limit left: "4 s, longer than the 10 s" misleads
                raise LookupServiceError(
                    f"{self.service}: not asked: {SERVICE_NAMES.get(self.service, self.service)} {err}, longer than "
                    f"{left}the {settings.retry_time_limit:g} s a look-up may take",
                    url=shown,
                    error_kind="timeout",
                ) from None
            attempt += 1
            self.stats["requests"] += 1
            if reply is not None:
                self.stats["throttled"] += reply.status == 429
                self.pacer.update(lane, reply.headers, throttled=reply.status == 429)
                if reply.status >= 400 and reply.status != 404:
                    failure, kind = f"HTTP {reply.status}", "http_status"
            unreachable = isinstance(error, requests.ConnectionError) and not isinstance(error, requests.ReadTimeout)
            self.breaker.record(failed=failure is not None, what=failure or "", connection=unreachable)
            if isinstance(error, TooLarge):  # the same question gets the same oversize answer: never asked again
                said = self.budget.describe() if self.budget.is_spent else failure
                raise LookupServiceError(f"{self.service}: {said}; not asked again", url=shown, error_kind="too_large")
            if failure is None:
                return reply
            if reply is not None and reply.status not in RETRY_STATUSES:
                return reply  # a 400 or 403 is the service's answer; retrying asks the same question
            wait = self._backoff(attempt, reply)
            if attempt > settings.retries:
                raise LookupServiceError(
                    f"{self.service}: GET {shown} failed {attempt} times (last: {failure})",
                    url=shown,
                    status_code=reply.status if reply is not None else None,
                    error_kind=kind,
                )
            if time.monotonic() + wait > deadline:
                raise LookupServiceError(
                    f"{self.service}: GET {shown} failed ({failure}); another try would pass the "
                    f"{settings.retry_time_limit:g} s limit for one look-up",
                    url=shown,
                    status_code=reply.status if reply is not None else None,
                    error_kind=kind,
                )
            logger.info("%s: %s; retrying in %.1f s", self.service, failure, wait)
            self._wait(wait)

    def _wait(self, seconds: float) -> None:
        """Wait before a retry; give up at once when the run stops, end early when the breaker opens."""
        until = time.monotonic() + seconds
        while (left := until - time.monotonic()) > 0 and not self.breaker.is_open:
            if self.stop.wait(min(left, 0.2)):
                raise Stopped()
        if self.stop.is_set():
            raise Stopped()

    def _send(self, url: str, params: dict) -> _Reply:
        settings = self.settings
        response = self.session.get(
            url,
            params={**params, **self.params},
            headers={"Accept": "application/json"},
            timeout=(settings.connect_timeout, settings.read_timeout),
            stream=True,
        )
        room = self.budget.remaining()
        try:
            content = read_limited(
                response,
                max_bytes=min(settings.max_bytes, room),
                deadline=time.monotonic() + settings.time_limit,
                stop=self.stop,
            )
        except TooLarge:
            if room < settings.max_bytes:  # the run's total is reached, not this reply's limit
                self.budget.spend(room)
            raise
        finally:
            response.close()
        self.budget.spend(len(content))
        return _Reply(response.status_code, response.reason or "", response.headers, content)

    def _backoff(self, attempt: int, reply: _Reply | None) -> float:
        """Seconds before the next try: ``Retry-After`` when the service sent one, else exponential with jitter."""
        retry_after = _retry_after(reply.headers.get("Retry-After")) if reply is not None else None
        if retry_after is not None:
            return retry_after
        settings = self.settings
        return min(settings.backoff_max, settings.backoff * 2 ** (attempt - 1) + random.uniform(0, settings.backoff))

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the session (when litmap made it) and the cache."""
        if self._own_session:
            self.session.close()
        self.cache.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "offline" if self.settings.offline else "refresh" if self.settings.refresh else "online"
        return f"WebClient({self.service!r}, {self.base_url!r}, {mode}, cache={str(self.cache.path)!r})"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _json_object(reply: _Reply, service: str, shown: str) -> dict:
    try:
        body = json.loads(reply.content.decode("utf-8-sig"))  # RFC 8259: a byte-order mark may be ignored
    except (UnicodeDecodeError, ValueError, RecursionError) as err:  # RecursionError: nested too deeply
        raise LookupServiceError(
            f"{service}: GET {shown} returned malformed JSON ({err}); first bytes: {reply.content[:80]!r}",
            url=shown,
            status_code=reply.status,
            error_kind="invalid",
        ) from err
    if not isinstance(body, dict):
        raise LookupServiceError(
            f"{service}: GET {shown} returned JSON {type(body).__name__}, expected an object",
            url=shown,
            status_code=reply.status,
            error_kind="invalid",
        )
    return body


class ServiceClient:
    """What every service client is: a ``service`` name, the ``kinds`` of look-up it answers, its
    transport as ``web`` (a :class:`WebClient`, composed here from ``settings``, ``rates`` and an
    optional session), and :meth:`fetch`. A subclass sets ``service``, ``kinds`` and ``rates`` and
    writes the look-ups; a new service is one such class (see :mod:`litmap.verify.crossref`); one that
    answers several look-ups per request overrides :meth:`batches` and :meth:`fetch_many`.

    Parameters
    ----------
    settings : Settings, optional
        By default ``Settings.from_env()``.
    session : requests.Session, optional
        Send through this session instead of a new one (proxies, certificates, tests).
    stop : threading.Event, optional
        Setting it makes waiting and retrying look-ups give up at once.
    budget : ReplyBudget, optional
        The bytes of replies the run accepts in all, shared with the run's other clients.
    """

    service: str = ""
    kinds: tuple[str, ...] = ()
    #: Conservative starting pace per request class, requests per second (the first is the default).
    rates: ClassVar[Mapping[str, float]] = {"default": 1.0}

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        session: requests.Session | None = None,
        stop: threading.Event | None = None,
        budget: ReplyBudget | None = None,
    ):
        self.settings = settings if settings is not None else Settings.from_env()
        self.web = WebClient(
            self.service,
            self.settings,
            rates=self.rates,
            session=session,
            params=self._identity_params(),
            stop=stop,
            budget=budget,
        )

    def _identity_params(self) -> dict[str, str]:
        """Query parameters that say who asks (sent with every request, never part of a cache key)."""
        return {}

    def fetch(self, kind: str, key: str) -> dict:
        """One look-up as a record row (RECORDS schema); a failure is a ``failed`` row, never raised."""
        raise NotImplementedError

    def batches(self, kind: str, keys: list[str]) -> list[list[str]]:
        """Look-ups of ``kind`` grouped into requests: one each, unless the service answers several."""
        return [[key] for key in keys]

    def fetch_many(self, kind: str, keys: list[str]) -> list[dict]:
        """The look-ups of one batch (see :meth:`batches`), one record row each, in order."""
        return [self.fetch(kind, key) for key in keys]

    def close(self) -> None:
        """Close the transport (and its session, when litmap made it)."""
        self.web.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.web!r})"
