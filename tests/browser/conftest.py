"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, and a throwaway JupyterLab.

Chromium comes from the system (``apt-get install chromium``, done by ``make test`` through
``.ci/ensure-chromium``); Playwright only drives it through ``executable_path``, so
``playwright install`` is never needed. Without a browser every test here is skipped with a
message saying how to install one.

JupyterLab runs on 127.0.0.1 with a random token, hermetic config/runtime/settings folders and a
root folder holding *copies* of the repository's notebooks (Lab autosaves what it opens).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_paths import (
    NOTEBOOK_DIR,
    REPO,
    SCREENSHOT_DIR,
    SECOND_ARTICLE,
    SECOND_ARTICLE_FOLDER,
    SECOND_ARTICLE_NOTEBOOKS,
)

# The binary first: /usr/bin/chromium is a shell wrapper that prints a harmless shell error on
# some machines (its /dev/shm probe), and Playwright needs only the binary.
CHROMIUM_CANDIDATES = (
    "/usr/lib/chromium/chromium",
    "/usr/bin/chromium",
    "chromium",
    "chromium-browser",
    "google-chrome",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 2400}
INSTALL_HINT = (
    "no Chromium found for the browser tests; install it with `apt-get install chromium` "
    "(or run `bash .ci/ensure-chromium`, which `make test` does), or set LITMAP_CHROMIUM "
    "to a Chromium/Chrome binary"
)

# Page errors known to be harmless; everything else fails the test. Keep tests/browser/README.md
# in step with this list.
HARMLESS_PAGE_ERRORS = (
    # ipysigma 0.24 with @jupyter-widgets 8 (widget manager 5.0): raised while ipysigma creates a
    # child view; the graph still renders and responds.
    re.compile(r"Cannot read properties of undefined \(reading 'then'\)"),
)
# Requests that may fail without anything being wrong: everything outside 127.0.0.1 (web fonts and
# CDN links in widget HTML; the test machine has no internet), and requests Lab aborts itself when
# a page closes or a poll is superseded.
HARMLESS_FAILED_REQUEST = re.compile(r"net::ERR_ABORTED")


def find_chromium() -> str | None:
    """Return the path of a Chromium binary, or None when none is installed."""
    override = os.environ.get("LITMAP_CHROMIUM")
    for candidate in (override,) if override else CHROMIUM_CANDIDATES:
        path = shutil.which(candidate) if os.sep not in candidate else candidate
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def _is_local(url: str) -> bool:
    return re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)[:/]", url) is not None or url.startswith(
        ("file:", "data:", "blob:", "about:")
    )


@dataclass
class PageProblems:
    """What went wrong in a page that a person would not see in the notebook itself."""

    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def watch(self, page) -> None:
        page.on("pageerror", self._on_page_error)
        page.on("console", self._on_console)
        page.on("requestfailed", self._on_request_failed)

    def _on_page_error(self, error) -> None:
        text = f"{error.name}: {error.message}"
        if any(pattern.search(text) for pattern in HARMLESS_PAGE_ERRORS):
            self.ignored.append(text)
        else:
            self.page_errors.append(text)

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        text = f"{message.text} ({url})"
        # "Failed to load resource" repeats a failed request, which _on_request_failed judges.
        if message.text.startswith("Failed to load resource"):
            self.ignored.append(text)
        else:
            self.console_errors.append(text)

    def _on_request_failed(self, request) -> None:
        text = f"{request.method} {request.url}: {request.failure}"
        if not _is_local(request.url) or HARMLESS_FAILED_REQUEST.search(request.failure or ""):
            self.ignored.append(text)
        else:
            self.failed_requests.append(text)

    def unexpected(self) -> list[str]:
        return (
            [f"page error: {e}" for e in self.page_errors]
            + [f"console error: {e}" for e in self.console_errors]
            + [f"failed request: {e}" for e in self.failed_requests]
        )


@dataclass
class LabServer:
    """A running JupyterLab: its base URL, token and root folder (``notebooks/``, ``data``, ``outputs/``)."""

    url: str
    token: str
    root: Path

    def notebook_url(self, name: str, folder: str = "notebooks") -> str:
        # One workspace per notebook, so opening one never restores the tabs of another.
        workspace = re.sub(r"[^A-Za-z0-9_-]", "-", f"{folder}-{Path(name).stem}")
        return f"{self.url}/lab/workspaces/{workspace}/tree/{folder}/{name}?token={self.token}"

    def api(self, path: str, method: str = "GET", timeout: float = 5):
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method == "POST" else None,
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shutdown_kernels(self) -> None:
        """Stop every kernel (so one notebook's kernel does not slow the next on 2 cores)."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def set_parameters(notebook: Path, copy: Path, **values) -> Path:
    """Copy a notebook with lines of its parameters cell changed, as a person edits them (``name = value``)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    lines = "".join(cell["source"]).splitlines()
    for name, value in values.items():
        at = [i for i, line in enumerate(lines) if re.match(rf"{name}\s*=", line)]
        assert at, f"{notebook.name} has no parameter {name!r}"
        lines[at[0]] = f"{name} = {value!r}"
    cell["source"] = "\n".join(lines)
    copy.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return copy


def _prepare_root(root: Path) -> None:
    """Pristine notebook copies in root/notebooks, the repo's data via a link, a writable outputs/.

    The notebooks' default paths are relative to notebooks/ (``../data/...``, ``../outputs``).
    root/second-article holds copies pointed at a second article (root/articles), with no
    snapshot and an output folder of their own.
    """
    shutil.copytree(NOTEBOOK_DIR, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "data").symlink_to(REPO / "data", target_is_directory=True)
    (root / "outputs").mkdir()
    (root / "articles").mkdir()
    shutil.copy(SECOND_ARTICLE, root / "articles" / SECOND_ARTICLE.name)
    (root / SECOND_ARTICLE_FOLDER).mkdir()
    for name in SECOND_ARTICLE_NOTEBOOKS:
        set_parameters(
            NOTEBOOK_DIR / name,
            root / SECOND_ARTICLE_FOLDER / name,
            article=f"../articles/{SECOND_ARTICLE.name}",
            snapshot=None,
            out_dir=f"../outputs/{SECOND_ARTICLE_FOLDER}",
        )


def _hermetic_env(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    for name in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_DATA_DIR",
        "JUPYTER_RUNTIME_DIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "IPYTHONDIR",
        "MPLCONFIGDIR",
    ):
        path = base / name.lower()
        path.mkdir(parents=True)
        env[name] = str(path)
    notification = Path(env["JUPYTERLAB_SETTINGS_DIR"], "@jupyterlab", "apputils-extension")
    notification.mkdir(parents=True)
    (notification / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    env["PYTHONUNBUFFERED"] = "1"
    env["LITMAP_CACHE_DIR"] = str(base / "litmap-cache")  # the kernels answer from no one's cache
    return env


def _stop(proc: subprocess.Popen, server: LabServer | None) -> None:
    """Shut the server down through its API (which also stops kernels); terminate, then kill, as fallbacks."""
    if proc.poll() is None:
        try:
            if server is None:
                raise OSError("no server to ask")
            server.api("/api/shutdown", method="POST")
        except (urllib.error.URLError, OSError):
            proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip(INSTALL_HINT)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')"
    )
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)  # lets the page fixture see a failed test
    return report


@pytest.fixture
def page(request, browser, page_problems):
    """A fresh browser context and page with a tall viewport; closed after the test.

    When the test fails, the page is saved as ``outputs/screenshots/failed-<test>.png``.
    """
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    page_problems.watch(new_page)
    yield new_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name)
        try:
            new_page.screenshot(path=str(SCREENSHOT_DIR / f"failed-{name}.png"), timeout=10_000)
        except Exception as err:  # a dead page must not hide the test's own failure
            print(f"could not save a screenshot of the failed page: {err}")
    context.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory, browser):
    """JupyterLab on 127.0.0.1 (free port, random token), stopped through /api/shutdown at the end."""
    base = tmp_path_factory.mktemp("lab")
    root = base / "root"
    root.mkdir()
    _prepare_root(root)
    env = _hermetic_env(base / "home")
    port, token = _free_port(), secrets.token_hex(24)
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
        # window.jupyterapp lets the test read the notebook model (outputs per cell) to compare
        # with what the page shows.
        "--LabApp.expose_app_in_browser=True",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses to start as root otherwise
    log_path = base / "jupyterlab.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root=root)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"JupyterLab exited with code {proc.returncode} before it was ready; log:\n"
                    + log_path.read_text(errors="replace")[-3000:]
                )
            try:
                server.api("/api/status", timeout=2)
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        "JupyterLab did not answer /api/status within 90 s; log:\n"
                        + log_path.read_text(errors="replace")[-3000:]
                    ) from None
                time.sleep(0.25)
    except BaseException:
        _stop(proc, None)
        raise
    yield server
    _stop(proc, server)
