"""Shared fixtures: every test runs offline, with its own cache folder and a headless plot backend."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from hypothesis import settings
from pytest_httpserver import HTTPServer

# --doctest-modules would import each conftest.py as a module named "conftest", and two of them clash;
# they hold fixtures, not docstring examples.
collect_ignore = ["conftest.py", "browser/conftest.py"]

# Property tests assert what an answer is, never how long it took (speed is measured in benchmarks/): no
# per-example deadline, which on two shared cores fails a test for the machine's load, not for litmap.
settings.register_profile("litmap", deadline=None)
settings.load_profile("litmap")

# A test suite started in the background by a non-interactive shell (`make test &`, a CI runner) inherits
# SIGINT ignored, and so would every litmap it starts: Ctrl-C could then be tested nowhere. Python's own
# handler here; a process this one starts gets the default back on exec, and Python's handler with it.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLE = REPO / "data" / "articles" / "empathy-in-therapy.txt"
BUNDLED_SNAPSHOT = REPO / "data" / "snapshots" / "empathy-in-therapy.json"


#: Where the services are in tests unless a test serves them: a port nobody answers.
UNREACHABLE = "http://127.0.0.1:9/unreachable-in-tests"
#: The environment of every test, and of the processes tests start (the CLI, notebook kernels,
#: Dask workers, JupyterLab): no real service; retries that wait milliseconds, not seconds, since
#: nobody is meant to answer at UNREACHABLE (a test of retries sets its own backoff); figures drawn
#: once, as a small PNG (the figure tests ask for every format themselves).
TEST_ENVIRONMENT = {
    "MPLBACKEND": "Agg",
    "LITMAP_CROSSREF_URL": UNREACHABLE,
    "LITMAP_OPENLIBRARY_URL": UNREACHABLE,
    "LITMAP_EUROPEPMC_URL": UNREACHABLE,
    "LITMAP_OPENALEX_URL": UNREACHABLE,
    "LITMAP_BACKOFF": "0.01",
    "LITMAP_BACKOFF_MAX": "0.05",
    "LITMAP_FIGURE_FORMATS": "png",
    "LITMAP_FIGURE_DPI": "40",
}


@pytest.fixture(scope="session", autouse=True)
def _test_environment(tmp_path_factory):
    """TEST_ENVIRONMENT for the whole session, so module- and session-scoped fixtures have it too."""
    with pytest.MonkeyPatch.context() as env:
        for name, value in TEST_ENVIRONMENT.items():
            env.setenv(name, value)
        for name in ("LITMAP_MAILTO", "LITMAP_OPENALEX_KEY", "LITMAP_OFFLINE", "LITMAP_REFRESH", "LITMAP_EVIDENCE"):
            env.delenv(name, raising=False)
        _cache_away_from_the_users(env, tmp_path_factory.mktemp("cache-session"))
        yield


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    """Keep each test away from the user's cache and every other test's (a cache folder of its own)."""
    _cache_away_from_the_users(monkeypatch, tmp_path_factory.mktemp("cache"))


def _cache_away_from_the_users(env: pytest.MonkeyPatch, folder: Path) -> None:
    """LITMAP_CACHE_DIR for ``Settings.from_env``, and XDG_CACHE_HOME for a ``Settings()`` a test builds
    itself (its cache is then platformdirs' user cache folder, which follows XDG_CACHE_HOME)."""
    env.setenv("XDG_CACHE_HOME", str(folder))
    env.setenv("LITMAP_CACHE_DIR", str(folder / "litmap"))


@pytest.fixture(scope="session")
def bundled_article() -> Path:
    return BUNDLED_ARTICLE


@pytest.fixture(scope="session")
def bundled_snapshot() -> Path:
    return BUNDLED_SNAPSHOT


@pytest.fixture(scope="session")
def _threaded_http_server():
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def threaded_server(_threaded_http_server):
    """A real HTTP server on 127.0.0.1 that answers requests concurrently (a slow reply blocks no other)."""
    _threaded_http_server.clear()
    yield _threaded_http_server
    _threaded_http_server.clear()
