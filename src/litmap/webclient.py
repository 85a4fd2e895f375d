"""The HTTP machinery shared by litmap's web-service clients: one session, polite and robust.

:class:`WebClient` owns one ``requests`` session (a requests-cache ``CachedSession`` on SQLite) with
an identifying User-Agent, a timeout on every request, urllib3 ``Retry`` with exponential backoff
mounted once, and a :class:`Pacer` that spaces requests by the rate and concurrency the service
advertises in its ``x-rate-limit-*`` / ``x-concurrency-limit`` headers. Service clients
(:mod:`litmap.crossref`, :mod:`litmap.openlibrary`) subclass it and add the look-ups.

Answer order for a look-up: the bundled :class:`~litmap.snapshot.Snapshot`, then the on-disk cache,
then the network. ``offline=True`` stops before the network; ``refresh=True`` skips snapshot and
cache, fetches anew, and records the answer into the snapshot so the caller can write it.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import sys
import threading
import warnings
from collections.abc import Callable, Hashable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from datetime import timedelta
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from litmap.errors import LookupServiceError, OfflineError
from litmap.pacing import Pacer
from litmap.snapshot import Snapshot, snapshot_key

__all__ = [
    "DEFAULT_TIMEOUT",
    "RETRY_STATUSES",
    "BatchResult",
    "WebClient",
    "user_agent",
]

logger = logging.getLogger(__name__)

#: (connect, read) seconds. Crossref has answered in 10-14 s under load, so reads get 30 s.
DEFAULT_TIMEOUT = (5.0, 30.0)
#: Statuses worth retrying: throttling and transient server errors. 400 and 404 are answers.
RETRY_STATUSES = (429, 500, 502, 503, 504)
#: Cached statuses: 200, and 404 because Crossref asks clients not to re-poll unknown DOIs.
CACHED_STATUSES = (200, 404)
PROJECT_URL = "https://github.com/litmap/litmap"


def _version() -> str:
    try:
        return metadata.version("litmap")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0"


def user_agent(mailto: str | None) -> str:
    """Return litmap's User-Agent: ``litmap/<version> (<project url>; mailto:<addr>)``."""
    contact = f"; mailto:{mailto}" if mailto else ""
    return f"litmap/{_version()} ({PROJECT_URL}{contact})"


class _BackoffRetry(Retry):
    """urllib3 ``Retry`` whose first retry also waits (urllib3 retries once at once; Crossref asks
    not to), and whose retries also wait their turn in the :class:`Pacer` (``on_sleep``)."""

    on_sleep: Callable[[str], None] | None = None

    def new(self, **kwargs):
        retry = super().new(**kwargs)
        retry.on_sleep = self.on_sleep
        return retry

    def sleep(self, response=None) -> None:
        super().sleep(response)
        if self.on_sleep is not None and self.history:
            self.on_sleep(self.history[-1].url or "")

    def get_backoff_time(self) -> float:
        errors = 0
        for attempt in reversed(self.history):
            if attempt.redirect_location is not None:
                break
            errors += 1
        if errors == 0:
            return 0.0
        value = self.backoff_factor * 2 ** (errors - 1) + self.backoff_jitter * random.random()
        return float(max(0.0, min(self.backoff_max, value)))


class _PacedAdapter(HTTPAdapter):
    """A transport adapter that paces every network attempt (cache hits never reach it)."""

    def __init__(self, pacer: Pacer, lane_of: Callable[[str], str], on_response: Callable, **kwargs):
        self._pacer = pacer
        self._lane_of = lane_of
        self._on_response = on_response
        super().__init__(**kwargs)

    def send(self, request, **kwargs):
        lane = self._lane_of(request.url)
        with self._pacer.slot(lane):
            response = super().send(request, **kwargs)
        retries = getattr(response.raw, "retries", None)
        statuses = [h.status for h in (retries.history if retries else ())] + [response.status_code]
        throttled = statuses.count(429)
        self._on_response(attempts=len(statuses), throttled=throttled)
        self._pacer.update(lane, response.headers, throttled=throttled > 0)
        return response


class BatchResult(dict):
    """The answers of a batch of look-ups, keyed by input, plus ``errors`` for those that failed.

    A failed look-up is absent from the dict and present in ``errors`` (input -> the
    :class:`~litmap.errors.LookupServiceError`), so one bad item never loses the batch.
    """

    def __init__(self, *args, errors: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors: dict = dict(errors or {})


def _session_class():
    """A requests-cache ``CachedSession`` that reads proxy/CA settings from the environment once per host.

    requests re-reads them on every call, which is a fifth of the cost of a cache hit.
    """
    from requests_cache import CachedSession

    class _Session(CachedSession):
        def merge_environment_settings(self, url, proxies, stream, verify, cert):
            memo = self.__dict__.setdefault("_env_memo", {})
            key = (urlsplit(url).netloc, tuple(sorted((proxies or {}).items())), stream, verify, cert)
            if key not in memo:
                memo[key] = super().merge_environment_settings(url, proxies, stream, verify, cert)
            return dict(memo[key])

    return _Session


def cache_key(request: requests.PreparedRequest, **_kwargs) -> str:
    """Cache key of a GET: method, URL and sorted query parameters without ``mailto``.

    Replaces requests-cache's default key, which normalises every URL and header and made a cache
    hit cost twice as much; litmap's requests differ only in path and query, never in headers.
    """
    parts = urlsplit(request.url)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "mailto")
    text = f"{request.method} {parts.scheme}://{parts.netloc}{parts.path}?{urlencode(query)}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _cacheable(response: requests.Response) -> bool:
    """Cache a 200 only when its body is JSON, so a garbled reply is fetched again next time."""
    if response.status_code != 200 or getattr(response, "from_cache", False):
        return True  # other statuses are settled by allowable_codes; a cached body was checked
    try:
        response.json()
    except ValueError:
        return False
    return True


def _show_progress() -> bool:
    return "ipykernel" in sys.modules or (hasattr(sys.stderr, "isatty") and sys.stderr.isatty())


class WebClient:
    """Base class of litmap's service clients: session, cache, retries, pacing, offline rules.

    Subclasses set ``service``, ``base_url_env``, ``default_base_url``, ``rates`` (conservative
    starting pace per request class) and may override :meth:`_lane_of_path` and
    :meth:`_identity_params`.

    Parameters
    ----------
    mailto : str, optional
        Contact address for the User-Agent; defaults to ``$LITMAP_MAILTO``. A warning is issued
        (once per service) when neither is set, because anonymous clients get the slowest pool.
    base_url : str, optional
        Service root; defaults to ``$<base_url_env>`` then ``default_base_url``.
    cache_dir : str or Path, optional
        Where the SQLite cache lives; defaults to ``$LITMAP_CACHE_DIR`` then
        ``platformdirs.user_cache_dir("litmap")``.
    offline : bool
        Answer only from the snapshot and the cache; anything else raises ``OfflineError``.
    snapshot : Snapshot, optional
        Bundled answers, consulted first.
    refresh : bool
        Skip snapshot and cache, fetch again, record every answer into ``snapshot``.
    timeout : (float, float)
        Connect and read timeouts in seconds, applied to every request.
    retries, backoff_factor, backoff_max : int, float, float
        Retry budget and exponential backoff (``factor * 2**(n-1)`` s, capped; ``Retry-After`` wins).
    max_concurrency : int
        Upper bound on parallel requests, whatever the service advertises.
    expire_after : timedelta
        How long cached answers stay fresh; a week, because retractions appear at any time.
    progress : bool, optional
        Show a tqdm bar on batches; by default only in notebooks and terminals.
    """

    service = ""
    base_url_env = ""
    default_base_url = ""
    rates: ClassVar[Mapping[str, float]] = {"single": 1.0}

    def __init__(
        self,
        *,
        mailto: str | None = None,
        base_url: str | None = None,
        cache_dir: str | os.PathLike | None = None,
        offline: bool = False,
        snapshot: Snapshot | None = None,
        refresh: bool = False,
        timeout: tuple[float, float] | float = DEFAULT_TIMEOUT,
        retries: int = 5,
        backoff_factor: float = 1.0,
        backoff_max: float = 60.0,
        max_concurrency: int = 5,
        expire_after: timedelta = timedelta(days=7),
        progress: bool | None = None,
    ):
        if offline and refresh:
            raise ValueError(f"{type(self).__name__}: offline=True and refresh=True exclude each other")
        self.mailto = mailto or os.environ.get("LITMAP_MAILTO") or None
        if not self.mailto and not offline:  # offline runs send nothing, so nobody needs to reach you
            warnings.warn(
                f"{self.service}: no contact address; set LITMAP_MAILTO or pass mailto= (--mailto) "
                "so the service can reach you and grant its polite pool instead of the slowest one.",
                UserWarning,
                stacklevel=2,
            )
        self.base_url = (base_url or os.environ.get(self.base_url_env) or self.default_base_url).rstrip("/")
        self.offline = offline
        self.refresh = refresh
        self.snapshot = Snapshot() if snapshot is None and refresh else snapshot
        self.timeout = timeout
        self.progress = progress
        self.stats = {"requests": 0, "throttled": 0, "from_cache": 0, "from_snapshot": 0}
        self._stats_lock = threading.Lock()
        self.cache_path = self._cache_dir(cache_dir) / f"{self.service}.sqlite"
        self.pacer = Pacer(self.rates, max_concurrency=max_concurrency)
        self.session = self._make_session(retries, backoff_factor, backoff_max, expire_after)

    # -- set-up ---------------------------------------------------------------------------

    @staticmethod
    def _cache_dir(cache_dir) -> Path:
        if cache_dir is None:
            cache_dir = os.environ.get("LITMAP_CACHE_DIR")
        if cache_dir is None:
            import platformdirs

            cache_dir = platformdirs.user_cache_dir("litmap")
        path = Path(cache_dir).expanduser()
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _make_session(self, retries, backoff_factor, backoff_max, expire_after) -> requests.Session:
        session = _session_class()(
            str(self.cache_path),
            backend="sqlite",
            allowable_codes=CACHED_STATUSES,
            allowable_methods=("GET",),
            expire_after=expire_after,
            ignored_parameters=["mailto"],  # who asks does not change the answer
            key_fn=cache_key,
            filter_fn=_cacheable,
            stale_if_error=False,
        )
        retry = _BackoffRetry(
            total=retries,
            backoff_factor=backoff_factor,
            backoff_max=backoff_max,
            backoff_jitter=min(1.0, backoff_factor),
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,  # the last response comes back and is reported with its status
        )
        retry.on_sleep = lambda url: self.pacer.wait_turn(self._lane_of_url(url))
        adapter = _PacedAdapter(self.pacer, self._lane_of_url, self._count_attempts, max_retries=retry)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": user_agent(self.mailto), "Accept": "application/json"})
        return session

    def _lane_of_url(self, url: str) -> str:
        path = urlsplit(url).path
        base = urlsplit(self.base_url).path
        return self._lane_of_path(path[len(base) :] if path.startswith(base) else path)

    def _lane_of_path(self, path: str) -> str:
        """The request class of ``path``; one class unless a service paces kinds differently."""
        return next(iter(self.rates))

    def _identity_params(self) -> dict[str, str]:
        """Query parameters that identify the caller (not part of cache or snapshot keys)."""
        return {}

    def _count(self, name: str, n: int = 1) -> None:
        with self._stats_lock:
            self.stats[name] += n

    def _count_attempts(self, *, attempts: int, throttled: int) -> None:
        self._count("requests", attempts)
        self._count("throttled", throttled)

    # -- one look-up ----------------------------------------------------------------------

    def _get_json(
        self,
        key_path: str,
        params: Mapping[str, object] | None = None,
        *,
        url_path: str | None = None,
        not_found_ok: bool = False,
    ) -> dict | None:
        """GET ``url_path`` (default ``key_path``) and return its JSON object body.

        ``key_path`` is the unencoded path used in snapshot keys. Returns ``None`` for a 404 when
        ``not_found_ok``. Raises ``OfflineError`` or ``LookupServiceError`` saying what and where.
        """
        params = {name: str(value) for name, value in (params or {}).items() if value is not None}
        key = snapshot_key(self.service, key_path, params)
        if not self.refresh and self.snapshot is not None and key in self.snapshot:
            self._count("from_snapshot")
            return self.snapshot.responses[key]
        url = self.base_url + (url_path or key_path)
        shown = f"{url}?{urlencode(params)}" if params else url
        try:
            response = self.session.get(
                url,
                params={**params, **self._identity_params()},
                timeout=self.timeout,
                only_if_cached=self.offline,
                force_refresh=self.refresh,
            )
        except requests.RequestException as err:
            kind = "timed out" if _is_timeout(err) else "failed"
            raise LookupServiceError(
                f"{self.service}: GET {shown} {kind} after retries ({type(err).__name__}: {err})", url=shown
            ) from err
        if getattr(response, "from_cache", False):
            self._count("from_cache")
        status = response.status_code
        if self.offline and status == 504:  # requests-cache's answer to only-if-cached on a miss
            raise OfflineError(
                f"{self.service}: offline and no cached or bundled answer for {key!r}. "
                "Run online once with `litmap run ... --refresh` (or offline=False) to fetch and "
                "record it.",
                url=shown,
            )
        if status == 404 and not_found_ok:
            body = None
        elif status != 200:
            raise LookupServiceError(
                f"{self.service}: GET {shown} answered HTTP {status} {response.reason or ''}".rstrip()
                + (" after retries" if status in RETRY_STATUSES else ""),
                url=shown,
                status_code=status,
            )
        else:
            body = _json_object(response, self.service, shown)
        if self.refresh:
            self.snapshot.put(self.service, key_path, params, body)
        return body

    def _list_field(self, body: dict, field: str, where: str) -> list:
        """Return ``body[field]`` if it is a list, else raise ``LookupServiceError`` naming the look-up."""
        value = body.get(field)
        if not isinstance(value, list):
            raise LookupServiceError(
                f"{self.service}: {where[:100]}: reply has no {field!r} list", url=self.base_url + where.split("?")[0]
            )
        return value

    # -- batches --------------------------------------------------------------------------

    def _run_batch(
        self, look_up: Callable[[Hashable], object], items: Iterable[Hashable], *, desc: str, progress=None
    ) -> BatchResult:
        """Run ``look_up`` over ``items``; keep every answer, record each failure.

        Answers from the snapshot or the cache come fastest in the calling thread (worker threads
        would only contend for the cache), so items are looked up in turn until one needs the
        network; the rest then go to a pool of ``max_concurrency`` workers, and the :class:`Pacer`
        lets only as many requests into the network as the service currently allows.
        """
        from tqdm.auto import tqdm

        unique = list(dict.fromkeys(items))
        answers: dict = {}
        errors: dict = {}
        show = self.progress if progress is None else progress
        show = _show_progress() if show is None else show

        def collect(item, look):
            try:
                answers[item] = look()
            except LookupServiceError as err:
                errors[item] = err
                logger.warning("%s", err)

        with tqdm(total=len(unique), desc=desc, unit="look-up", disable=not show) as bar:
            pending = iter(unique)
            for item in pending:
                before = self.stats["requests"]
                collect(item, partial(look_up, item))
                bar.update()
                if self.stats["requests"] > before:
                    break
            rest = list(pending)
            workers = max(1, min(self.pacer.max_concurrency, len(rest)))
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"litmap-{self.service}") as pool:
                futures = {pool.submit(look_up, item): item for item in rest}
                for future in as_completed(futures):
                    collect(futures[future], future.result)
                    bar.update()
        return BatchResult({item: answers[item] for item in unique if item in answers}, errors=errors)

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the session and its cache connection."""
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = "offline" if self.offline else "refresh" if self.refresh else "online"
        return f"{type(self).__name__}({self.base_url!r}, {mode}, cache={str(self.cache_path)!r})"


def _is_timeout(err: requests.RequestException) -> bool:
    return isinstance(err, requests.Timeout) or "timed out" in str(err).lower()


def _json_object(response: requests.Response, service: str, shown: str) -> dict:
    try:
        body = response.json()
    except ValueError as err:
        raise LookupServiceError(
            f"{service}: GET {shown} returned malformed JSON ({err}); first bytes: {response.text[:80]!r}",
            url=shown,
            status_code=response.status_code,
        ) from err
    if not isinstance(body, dict):
        raise LookupServiceError(
            f"{service}: GET {shown} returned JSON {type(body).__name__}, expected an object",
            url=shown,
            status_code=response.status_code,
        )
    return body
