"""Time budgets: how long one article may take, checked where the work is done, not only between stages.

``with article_budget(seconds, source):`` starts the clock for one article; :func:`check_time`, called in
the loops that grow with the input (entries, paragraphs, PDF pages and lines), raises
:class:`~litmap.errors.TimeLimitError` once the budget is spent. The budget is a context variable, so each
thread (a corpus worker, a notebook) has its own, and code run outside any budget is never stopped.
"""

from __future__ import annotations

import contextvars
import time
from contextlib import contextmanager

from litmap.errors import TimeLimitError

__all__ = ["article_budget", "check_time"]

_DEADLINE: contextvars.ContextVar[tuple[float, float, str] | None] = contextvars.ContextVar(
    "litmap_deadline", default=None
)


@contextmanager
def article_budget(seconds: float, source: str):
    """Give the work inside the block ``seconds`` (of wall-clock time) for the article ``source``.

    A budget inside another keeps the earlier deadline when that comes first.

    >>> with article_budget(60, "a.txt"):
    ...     check_time("parsing")  # well within the minute: nothing happens
    """
    deadline = time.monotonic() + seconds
    outer = _DEADLINE.get()
    if outer is not None and outer[0] < deadline:
        deadline, seconds = outer[0], outer[1]
    token = _DEADLINE.set((deadline, seconds, source))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_time(stage: str) -> None:
    """Raise :class:`TimeLimitError` when the current article's budget is spent (``stage`` says where).

    Raises
    ------
    TimeLimitError
        "took longer than the 300 s an article may take (while parsing references); …".
    """
    budget = _DEADLINE.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise TimeLimitError(
            f"took longer than the {budget[1]:g} s an article may take (while {stage}); "
            "set LITMAP_ARTICLE_TIME_LIMIT to allow more",
            source=budget[2],
        )
