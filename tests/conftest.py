"""Shared fixtures: every test runs offline, with its own cache folder and a headless plot backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

# --doctest-modules would import each conftest.py as a module named "conftest", and two of them clash;
# they hold fixtures, not docstring examples.
collect_ignore = ["conftest.py", "browser/conftest.py"]

REPO = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLE = REPO / "data" / "articles" / "empathy-in-therapy.txt"
BUNDLED_SNAPSHOT = REPO / "data" / "snapshots" / "empathy-in-therapy.json"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    """Keep tests away from the user's cache, mail address and any real Crossref."""
    monkeypatch.setenv("LITMAP_CACHE_DIR", str(tmp_path_factory.mktemp("litmap-cache")))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("LITMAP_MAILTO", raising=False)
    monkeypatch.setenv("LITMAP_CROSSREF_URL", "http://127.0.0.1:9/unreachable-in-tests")
    monkeypatch.setenv("LITMAP_OPENLIBRARY_URL", "http://127.0.0.1:9/unreachable-in-tests")
    monkeypatch.setenv("LITMAP_EUROPEPMC_URL", "http://127.0.0.1:9/unreachable-in-tests")
    monkeypatch.setenv("LITMAP_OPENALEX_URL", "http://127.0.0.1:9/unreachable-in-tests")
    monkeypatch.delenv("LITMAP_OPENALEX_KEY", raising=False)


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
