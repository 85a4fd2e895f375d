"""The shared HTTP machinery (litmap.webclient, litmap.pacing): header parsing, pacing, backoff, batches."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litmap.pacing import Pacer, parse_rate_limit
from litmap.webclient import BatchResult, _BackoffRetry, user_agent


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


def test_first_retry_waits_unlike_plain_urllib3():
    retry = _BackoffRetry(total=5, backoff_factor=0.5, backoff_jitter=0.0)
    waits = []
    for _ in range(4):
        retry = retry.increment(method="GET", url="/x", error=ConnectionError("refused"))
        waits.append(retry.get_backoff_time())
    assert waits == [0.5, 1.0, 2.0, 4.0]


def test_batch_result_is_a_dict_with_errors():
    result = BatchResult({"a": 1}, errors={"b": ValueError("x")})
    assert dict(result) == {"a": 1} and list(result.errors) == ["b"]
