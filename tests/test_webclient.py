"""The shared HTTP machinery (litmap.verify.webclient, litmap.verify.pacing): header parsing, pacing, backoff, breaker, stop."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litmap.settings import Settings
from litmap.verify.pacing import CircuitBreaker, Pacer, describe_rate, parse_rate_limit
from litmap.verify.webclient import _retry_after
from litmap.web import Stopped, user_agent


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s", "x-concurrency-limit": "5"}, (50.0, 5)),
        ({"x-rate-limit-limit": "50, 50", "x-rate-limit-interval": "1s, 1s"}, (50.0, None)),
        ({"x-rate-limit-limit": "10, 3", "x-rate-limit-interval": "1s", "x-concurrency-limit": "3, 3"}, (3.0, 3)),
        ({"x-rate-limit-limit": "60", "x-rate-limit-interval": "1m"}, (1.0, None)),
        ({"x-rate-limit-limit": "7200", "x-rate-limit-interval": "1h"}, (2.0, None)),
        ({"x-rate-limit-limit": "5", "x-rate-limit-interval": "1s, 2s"}, (2.5, None)),
        ({"x-rate-limit-limit": "5"}, (5.0, None)),
        ({"x-rate-limit-limit": "lots", "x-rate-limit-interval": "soon", "x-concurrency-limit": "0"}, (None, None)),
        ({}, (None, None)),
    ],
)
def test_parse_rate_limit(headers, expected):
    assert parse_rate_limit(headers) == expected


@given(st.text(max_size=30), st.text(max_size=30), st.text(max_size=30))
def test_parse_rate_limit_never_crashes_on_odd_headers(limit, interval, concurrency):
    rate, conc = parse_rate_limit(
        {"x-rate-limit-limit": limit, "x-rate-limit-interval": interval, "x-concurrency-limit": concurrency}
    )
    assert rate is None or rate > 0
    assert conc is None or conc >= 1


def test_user_agent_names_litmap_and_contact():
    assert user_agent("a@b.org").endswith("(https://github.com/litmap/litmap; mailto:a@b.org)")
    assert user_agent(None).startswith("litmap/") and "mailto" not in user_agent(None)


def test_pacer_spaces_starts_by_the_advertised_rate():
    pacer = Pacer({"single": 5.0})
    pacer.update("single", {"x-rate-limit-limit": "20", "x-rate-limit-interval": "1s"})
    starts = []
    for _ in range(6):
        with pacer.slot("single"):
            starts.append(time.monotonic())
    assert pacer.rate("single") == pytest.approx(20 * pacer.headroom)
    # the i-th start comes at least i/rate after the first (5 % slack for the clock)
    assert all(start - starts[0] >= i / 20 * 0.95 for i, start in enumerate(starts))


def test_pacer_caps_concurrency_at_advertised_and_configured_limits():
    pacer = Pacer({"single": 1000.0}, max_concurrency=3)
    assert pacer.concurrency("single") == 1  # conservative until the service says more
    pacer.update("single", {"x-concurrency-limit": "10"})
    assert pacer.concurrency("single") == 3
    in_flight, peak, lock = [0], [0], threading.Lock()

    def work():
        with pacer.slot("single"):
            with lock:
                in_flight[0] += 1
                peak[0] = max(peak[0], in_flight[0])
            time.sleep(0.05)
            with lock:
                in_flight[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak[0] == 3


def test_pacer_slows_after_throttling_then_recovers():
    pacer = Pacer({"list": 8.0}, headroom=1.0)
    pacer.update("list", {}, throttled=True)
    assert pacer.rate("list") == pytest.approx(6.4)
    for _ in range(10):
        pacer.update("list", {}, throttled=True)
    assert pacer.rate("list") == pytest.approx(2.0)
    pacer.update("list", {"x-rate-limit-limit": "10"})
    assert pacer.rate("list") == pytest.approx(10 * 0.26)  # good replies recover the pace slowly
    for _ in range(100):
        pacer.update("list", {"x-rate-limit-limit": "10"})
    assert pacer.rate("list") == pytest.approx(10.0)


def test_backoff_is_exponential_from_the_first_retry_and_capped(tmp_path):
    from litmap.verify.webclient import WebClient

    web = WebClient("crossref", Settings(offline=True, cache_dir=tmp_path, backoff=0.5, backoff_max=3), rates={"x": 1})
    waits = [web._backoff(n, None) for n in range(1, 6)]
    web.close()
    # base 0.5, 1, 2, 4 -> capped at 3, plus up to `backoff` of jitter; the first retry waits too
    for wait, base in zip(waits, [0.5, 1.0, 2.0, 3.0, 3.0]):
        assert base <= wait <= min(3.0, base + 0.5)


@pytest.mark.parametrize(
    ("header", "low", "high"),
    [("7", 7, 7), ("0", 0, 0), (None, None, None), ("soon", None, None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0, 0)],
)
def test_retry_after_in_seconds_or_as_a_date(header, low, high):
    value = _retry_after(header)
    if low is None:
        assert value is None
    else:
        assert low <= value <= high


def test_retry_after_date_in_the_future():
    when = time.time() + 30
    header = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(when))
    assert 28 <= _retry_after(header) <= 31


def test_circuit_breaker_needs_enough_requests_then_opens_and_stays_open():
    breaker = CircuitBreaker("crossref", ratio=0.1, min_requests=20)
    for _ in range(5):
        breaker.record(failed=True, what="HTTP 500")
    assert not breaker.is_open  # 5 of 5 failed, but 5 requests say little
    for _ in range(15):
        breaker.record(failed=False)
    assert breaker.is_open  # 5 of the last 20
    assert breaker.reason == "5 of the last 20 requests to crossref failed (last: HTTP 500)"
    for _ in range(100):
        breaker.record(failed=False)
    assert breaker.is_open  # for the rest of the run


def test_circuit_breaker_stays_closed_below_the_ratio():
    breaker = CircuitBreaker("crossref", ratio=0.1, min_requests=20)
    for i in range(200):
        breaker.record(failed=i % 20 == 0)  # 5 %
    assert not breaker.is_open


def test_a_stopped_pacer_raises_instead_of_waiting():
    stop = threading.Event()
    pacer = Pacer({"single": 0.1}, stop=stop)  # one start per 10 s
    with pacer.slot("single"):
        pass
    threading.Timer(0.2, stop.set).start()
    started = time.monotonic()
    with pytest.raises(Stopped), pacer.slot("single"):
        pass
    assert time.monotonic() - started < 1.0
    assert pacer._lanes["single"].in_flight == 0  # the slot it waited for is not leaked


@pytest.mark.parametrize(
    "rate, words",
    [
        (1, "1 request a second"),
        (1.0000001, "1 request a second"),  # the noun follows the number as shown
        (2, "2 requests a second"),
        (0.5, "1 request every 2 seconds"),
        (1 / 60, "1 request a minute"),
        (1 / 3600, "1 request an hour"),
        (1 / 86400, "1 request a day"),
        (1 / (3 * 86400), "1 request every 3 days"),
    ],
)
def test_describe_rate_says_one_request_in_the_singular(rate, words):
    assert describe_rate(rate) == words
