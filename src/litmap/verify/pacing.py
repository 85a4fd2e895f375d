"""How fast, and whether, to ask a web service: pacing by what it advertises, and a circuit breaker.

Crossref states its limits in every reply (``x-rate-limit-limit``, ``x-rate-limit-interval``,
``x-concurrency-limit``) and has changed them several times, so litmap never hard-codes them:
:class:`Pacer` starts conservative and follows the headers. Crossref's tips also say to stop when
10 % or more of your requests fail: :class:`CircuitBreaker` does that, per service.
Used by :mod:`litmap.verify.webclient`.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import deque
from collections.abc import Mapping
from contextlib import contextmanager

from litmap.verify.records import NO_CONNECTION
from litmap.web import Stopped

__all__ = ["MAX_RATE", "MIN_RATE", "CircuitBreaker", "Pacer", "PaceTooSlow", "describe_rate", "parse_rate_limit"]

logger = logging.getLogger(__name__)

_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}
#: Longest single wait, so a waiting thread notices a stop request promptly.
_POLL = 0.1
#: The pace adopted from a service's headers stays within these bounds (requests per second): one an
#: hour at the slowest — a look-up that would wait longer than it may fails instead, saying the pace
#: asked for — and a thousand a second at the fastest.
MIN_RATE = 1 / 3600
MAX_RATE = 1000.0
#: Failed connections in a row, with no answer ever, after which a service is taken to be unreachable.
NO_CONNECTION_AFTER = 3


class PaceTooSlow(Exception):
    """The next turn in a lane is further away than the look-up may wait; ``asked`` is the service's pace."""

    def __init__(self, asked: float, wait: float, left: float | None = None):
        self.asked = asked
        self.wait = wait
        self.left = left  # seconds the look-up had left when it gave up
        super().__init__(f"asks for at most {describe_rate(asked)}; the next turn is {wait:.0f} s away")


def describe_rate(rate: float) -> str:
    """A pace in words: '50 requests a second', '1 request every 2 minutes', '1 request every 41.7 days'.

    The noun follows the number as it is shown: '1 request a second', '1 request a minute'.

    >>> describe_rate(50), describe_rate(1 / 120), describe_rate(0.001 / 3600)
    ('50 requests a second', '1 request every 2 minutes', '1 request every 41.7 days')
    >>> describe_rate(1), describe_rate(1 / 60), describe_rate(1 / 3600.01)
    ('1 request a second', '1 request a minute', '1 request an hour')
    """
    if rate >= 1:
        shown = f"{rate:g}"
        return f"{shown} request{'' if shown == '1' else 's'} a second"
    seconds = 1 / rate
    unit, size = next(
        (u, n) for u, n in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)) if seconds >= n
    )
    shown = f"{seconds / size:.1f}".removesuffix(".0")
    if shown == "1":
        return f"1 request {'an' if unit == 'hour' else 'a'} {unit}"
    return f"1 request every {shown} {unit}s"


def _numbers(value: str | None, pattern: str) -> list[tuple[float, str]]:
    """Parse a possibly duplicated header value ("50, 50", "1s, 1s") into (number, unit) pairs."""
    found = []
    for part in (value or "").split(","):
        match = re.fullmatch(pattern, part.strip())
        if match:
            found.append((float(match.group(1)), (match.group(2) or "").lower()))
    return found


def parse_rate_limit(headers: Mapping[str, str]) -> tuple[float | None, int | None]:
    """Read a service's advertised pace: (requests per second, concurrent requests), None if absent.

    Crossref has sent duplicated values ("50, 50", "1s, 1s"); the most conservative reading is
    used: the smallest limit over the longest interval. Intervals may be in s, m or h.

    Examples
    --------
    >>> parse_rate_limit({"x-rate-limit-limit": "50, 50", "x-rate-limit-interval": "1s, 1s",
    ...                   "x-concurrency-limit": "5, 3"})
    (50.0, 3)
    >>> parse_rate_limit({"x-rate-limit-limit": "120", "x-rate-limit-interval": "1m"})
    (2.0, None)
    """
    limits = [n for n, _ in _numbers(headers.get("x-rate-limit-limit"), r"(\d+(?:\.\d+)?)()")]
    intervals = [
        n * _UNITS[unit] for n, unit in _numbers(headers.get("x-rate-limit-interval"), r"(\d+(?:\.\d+)?)\s*([smhSMH]?)")
    ]
    concurrency = [n for n, _ in _numbers(headers.get("x-concurrency-limit"), r"(\d+)()")]
    rate = None
    if limits and min(limits) > 0:
        interval = max(intervals) if intervals and max(intervals) > 0 else 1.0
        rate = min(limits) / interval
    conc = int(min(concurrency)) if concurrency and min(concurrency) >= 1 else None
    return rate, conc


class _Lane:
    """The pace of one request class (e.g. Crossref's single-record vs list requests)."""

    def __init__(self, rate: float, concurrency: int):
        self.rate = rate
        self.concurrency = concurrency
        self.asked = rate  # the pace the service last advertised, before litmap's bounds
        self.penalty = 1.0  # lowered after a 429, recovered slowly by good replies
        self.in_flight = 0
        self.last_start = -math.inf
        self.pool = None
        self.throttled = 0  # 429s so far: the first is a warning, the rest only logged (-v)


class Pacer:
    """Thread-safe pacing per request class: a minimum spacing between starts and a concurrency cap.

    Starts conservative (``rates``, concurrency 1) and follows the service's headers through
    :meth:`update`. ``headroom`` keeps the pace a little under the advertised limit so clock
    jitter never pushes a request over it.
    """

    def __init__(
        self,
        rates: Mapping[str, float],
        *,
        concurrency: int = 1,
        max_concurrency: int = 5,
        headroom: float = 0.97,
        stop: threading.Event | None = None,
    ):
        self.max_concurrency = max_concurrency
        self.headroom = headroom
        self.stop = stop if stop is not None else threading.Event()
        self._lanes = {name: _Lane(rate, min(concurrency, max_concurrency)) for name, rate in rates.items()}
        self._cond = threading.Condition()

    @property
    def lanes(self) -> list[str]:
        """The request classes, in the order given (the first is the default)."""
        return list(self._lanes)

    def rate(self, lane: str) -> float:
        """Requests per second currently allowed in ``lane``."""
        return self._lanes[lane].rate * self._lanes[lane].penalty

    def concurrency(self, lane: str) -> int:
        """Requests currently allowed in flight at once in ``lane``."""
        return self._lanes[lane].concurrency

    @contextmanager
    def slot(self, lane: str, *, deadline: float | None = None):
        """Wait for a free concurrency slot and the next start time in ``lane``; hold the slot.

        Raises :class:`Stopped` as soon as ``stop`` is set while waiting, and :class:`PaceTooSlow`
        when the next start is later than ``deadline`` (a ``time.monotonic()`` value).
        """
        state = self._lanes[lane]
        with self._cond:
            while state.in_flight >= state.concurrency:
                self._check_stop()
                self._cond.wait(_POLL)
            state.in_flight += 1
            try:
                self._wait_turn(state, deadline)
            except (Stopped, PaceTooSlow):
                state.in_flight -= 1
                self._cond.notify_all()
                raise
        try:
            yield
        finally:
            with self._cond:
                state.in_flight -= 1
                self._cond.notify_all()

    def _wait_turn(self, state: _Lane, deadline: float | None = None) -> None:
        # Called with the lock held. The start time is taken when the wait is over, never booked
        # ahead, so a thread that wakes late cannot squeeze the next start; and the spacing uses
        # the *current* rate, so a header that lowers the pace applies to the very next request.
        while True:
            self._check_stop()
            wait = state.last_start + 1.0 / (state.rate * state.penalty) - time.monotonic()
            if wait <= 0:
                state.last_start = time.monotonic()
                return
            if deadline is not None and time.monotonic() + wait > deadline:
                raise PaceTooSlow(state.asked * state.penalty, wait, deadline - time.monotonic())
            self._cond.wait(min(wait, _POLL))

    def _check_stop(self) -> None:
        if self.stop.is_set():
            raise Stopped()

    def update(self, lane: str, headers: Mapping[str, str], *, throttled: bool = False) -> None:
        """Adopt the pace advertised in ``headers``; a 429 cuts it by 20 % (down to 1/4), good replies restore it."""
        rate, concurrency = parse_rate_limit(headers)
        state = self._lanes[lane]
        with self._cond:
            pool = headers.get("x-api-pool")
            if pool and pool != state.pool:
                logger.info("%s requests are served from the %r pool", lane, pool)
                state.pool = pool
            if rate is not None:
                state.asked = rate
                state.rate = min(MAX_RATE, max(MIN_RATE, rate * self.headroom))
            if concurrency is not None:
                state.concurrency = max(1, min(concurrency, self.max_concurrency))
            if throttled:  # multiplicative decrease...
                state.penalty = max(state.penalty * 0.8, 0.25)
                state.throttled += 1
                # once a lane: a service answering 429 all along printed a warning line per reply (16 a run)
                level = logging.WARNING if state.throttled == 1 else logging.INFO
                said = "%s look-ups were throttled (HTTP 429); pace lowered to %.2f/s"
                logger.log(
                    level, said + (" (said once; -v shows each)" if state.throttled == 1 else ""), lane, self.rate(lane)
                )
            else:  # ...additive recovery: about 20 good replies undo one 429
                state.penalty = min(1.0, state.penalty + 0.01)
            self._cond.notify_all()


class CircuitBreaker:
    """Stop asking a service once too many of its recent requests failed (Crossref: 10 % or more).

    Every network attempt is recorded as good or failed. A failure is a 5xx, a timeout, a lost
    connection or a 4xx other than 404 (a 404 is an answer: "not held"). Once at least
    ``min_requests`` attempts are known and ``ratio`` or more of the last ``window`` of them
    failed, the breaker opens and stays open for the rest of the run: :attr:`reason` says why.

    Examples
    --------
    >>> breaker = CircuitBreaker("crossref", ratio=0.1, min_requests=20)
    >>> for _ in range(18):
    ...     breaker.record(failed=False)
    >>> breaker.record(failed=True, what="HTTP 500")
    >>> breaker.is_open
    False
    >>> breaker.record(failed=True, what="HTTP 500")
    >>> breaker.is_open, breaker.reason
    (True, '2 of the last 20 requests to crossref failed (last: HTTP 500)')
    """

    def __init__(self, service: str, *, ratio: float = 0.10, min_requests: int = 20, window: int | None = None):
        self.service = service
        self.ratio = ratio
        self.min_requests = min_requests
        self._outcomes: deque[bool] = deque(maxlen=max(window or 2 * min_requests, min_requests))
        self._lock = threading.Lock()
        self._last_failure = ""
        self._unreachable = 0  # failed connections in a row while nothing ever answered
        self._answered = False
        #: Why the breaker opened, in words; None while it is closed.
        self.reason: str | None = None

    @property
    def is_open(self) -> bool:
        """True once the service has failed too often: ask it nothing more this run."""
        return self.reason is not None

    def record(self, *, failed: bool, what: str = "", connection: bool = False) -> None:
        """Count one network attempt (``what`` says how it failed; ``connection``: no connection was made);
        open the breaker at the limit, or after :data:`NO_CONNECTION_AFTER` failed connections in a row
        to a service that never answered."""
        with self._lock:
            self._outcomes.append(failed)
            if failed and what:
                self._last_failure = what
            self._answered = self._answered or not connection
            self._unreachable = self._unreachable + 1 if connection else 0
            if self.reason is None and not self._answered and self._unreachable >= NO_CONNECTION_AFTER:
                self.reason = f"{NO_CONNECTION} to {self.service} ({self._unreachable} tries: {self._last_failure})"
                logger.warning("%s; litmap stops asking %s for the rest of this run", self.reason, self.service)
                return
            n, bad = len(self._outcomes), sum(self._outcomes)
            if self.reason is None and bad and n >= self.min_requests and bad >= self.ratio * n:
                last = f" (last: {self._last_failure})" if self._last_failure else ""
                self.reason = f"{bad} of the last {n} requests to {self.service} failed{last}"
                logger.warning("%s; litmap stops asking %s for the rest of this run", self.reason, self.service)
