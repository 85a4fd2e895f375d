"""The documentation site builds, strict and offline, and every link, anchor and image in it resolves.

The site is built once for the module (about 2 s; the tests that need it are marked slow, so `make
check` leaves them to `make test`) with ``mkdocs build --strict``: MkDocs' own validation
(mkdocs.yml) turns a link to a missing page, a missing anchor or a missing image into an error. The built HTML is then read again, independently, for every internal ``href`` and ``src``,
and README's links into ``docs/`` are checked against the built pages too.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest

REPO = Path(__file__).resolve().parents[1]


def _update_docs():
    spec = importlib.util.spec_from_file_location("update_docs", REPO / "tools" / "update_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(site: Path, config: Path = REPO / "mkdocs.yml") -> subprocess.CompletedProcess:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail("mkdocs is not installed: run `make venv` (the docs extra is part of dev)")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # Nothing may be downloaded at build time: any attempt goes to a proxy nobody serves.
    env.update(HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9", NO_PROXY="")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config)]
    return subprocess.run(
        [*command, "--site-dir", str(site)], cwd=config.parent, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    built = _build(out)
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stderr[-3000:]}"
    return out


def _ids(page: Path, cache: dict) -> set[str]:
    if page not in cache:
        cache[page] = set(lxml.html.parse(str(page)).getroot().xpath("//@id"))
    return cache[page]


def _target(site: Path, page: Path, url: str) -> Path:
    """The file a relative URL of ``page`` points to (a folder means its index.html)."""
    path = unquote(urlsplit(url).path)
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def broken_links(site: Path) -> list[str]:
    """Every internal link, image, stylesheet or script of the built site that points nowhere.

    External ``http(s)`` links are left alone (the build is offline), but a page that needs an
    external stylesheet, script, image or font to render is reported: the site must read offline.
    """
    broken, ids = [], {}
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":  # written with absolute URLs for whatever path was missed
            continue
        root = lxml.html.parse(str(page)).getroot()
        for element, attribute in [("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")]:
            for url in root.xpath(f"//{element}/@{attribute}"):
                where = f"{page.relative_to(site)}: <{element} {attribute}={url!r}>"
                scheme = urlsplit(url).scheme
                if scheme in ("http", "https") or url.startswith("//"):
                    if element != "a":
                        broken.append(f"{where} needs the network")
                    continue
                if scheme in ("mailto", "data") or url.startswith("/"):
                    if url.startswith("/"):
                        broken.append(f"{where} is absolute")
                    continue
                target = _target(site, page, url)
                if not target.is_file():
                    broken.append(f"{where} points to a missing file")
                    continue
                fragment = urlsplit(url).fragment
                if fragment and target.suffix == ".html" and unquote(fragment) not in _ids(target, ids):
                    broken.append(f"{where}: no anchor #{fragment}")
    return broken


def test_generated_pages_match_the_schemas():
    tool = _update_docs()
    for page in tool.GENERATED:
        text = (REPO / "docs" / page).read_text(encoding="utf-8")
        assert tool.render(page, text) == text, f"docs/{page} is out of date: run `python tools/update_docs.py`"


@pytest.mark.slow
def test_every_schema_has_a_section_of_the_tables_page(site):
    from litmap.schemas import ALL_TABLES

    ids = set(lxml.html.parse(str(site / "tables" / "index.html")).getroot().xpath("//h2/@id"))
    assert {schema.name for schema in ALL_TABLES} <= ids, ids


@pytest.mark.slow
def test_every_internal_link_anchor_and_image_resolves(site):
    assert (site / "index.html").is_file() and (site / "evidence-map.png").is_file()
    assert broken_links(site) == []


def test_the_link_check_finds_what_is_broken(tmp_path):
    page = tmp_path / "guide" / "index.html"
    page.parent.mkdir()
    (tmp_path / "index.html").write_text('<h1 id="top">x</h1>')
    page.write_text(
        '<a href="../#top">fine</a><a href="../#gone">no anchor</a><img src="../map.png">'
        '<link rel="stylesheet" href="https://fonts.example.org/a.css"><a href="https://example.org">fine</a>'
    )
    assert broken_links(tmp_path) == [
        "guide/index.html: <a href='../#gone'>: no anchor #gone",
        "guide/index.html: <img src='../map.png'> points to a missing file",
        "guide/index.html: <link href='https://fonts.example.org/a.css'> needs the network",
    ]


@pytest.mark.slow
def test_a_broken_link_fails_the_strict_build(tmp_path):
    """The validation settings of mkdocs.yml, on a copy of it with one page linking nowhere."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n[the audit](audit.md#no-such-heading)\n")
    (tmp_path / "docs" / "audit.md").write_text("# Audit\n")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[0]
    (tmp_path / "mkdocs.yml").write_text(config)
    built = _build(tmp_path / "site", tmp_path / "mkdocs.yml")
    assert built.returncode != 0 and "no-such-heading" in built.stderr


@pytest.mark.slow
def test_readme_links_into_the_docs_resolve(site):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", readme)
    assert any(link.startswith("docs/") for link in links)
    for link in links:
        if urlsplit(link).scheme:
            continue
        path, _, fragment = link.partition("#")
        assert (REPO / path).exists(), f"README links to {path}, which does not exist"
        if path.startswith("docs/") and path.endswith(".md"):
            name = Path(path).relative_to("docs").with_suffix("")
            built = site / "index.html" if name.name == "index" else site / name / "index.html"
            assert built.is_file(), f"README links to {path}, which the site does not build"
            if fragment:
                assert fragment in _ids(built, {}), f"README links to {link}: no such heading"


@pytest.mark.slow
def test_the_home_page_shows_readmes_two_commands_and_measured_numbers(site):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("[start:measured]")[1].split("[end:measured]")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("|---")]
    home = lxml.html.parse(str(site / "index.html")).getroot()
    shown = [" ".join(row.text_content().split()) for row in home.xpath("//table//tr")]
    assert len(rows) > 5 and len(shown) == len(rows)
    assert "micro-F1" in " ".join(shown)
    code = " ".join(block.text_content() for block in home.xpath("//pre"))
    assert "make demo" in code and "make test" in code
