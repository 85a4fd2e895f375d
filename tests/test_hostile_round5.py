"""Hostile and careless input, fifth red-team round: the cases that broke, each built here.

Each test fails on the code before this round: a traceback or "a bug", a hang, a silent loss, a
write outside ``--out``, or a line that names the wrong cause.
"""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from litmap import settings as settings_module
from litmap.cli import main
from litmap.cli.reporting import UserErrors
from litmap.corpus import inputs
from litmap.corpus.inputs import find_articles
from litmap.errors import ArticleError, CorpusError, LitmapError, SettingsError, SnapshotError
from litmap.notebooks import execute_notebooks, notebook_parameters
from litmap.read.article import compute_article
from litmap.settings import Settings
from litmap.verify.auditor import check_snapshot

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "data" / "articles" / "empathy-in-therapy.txt"
TEXT = """Trust in therapy

Therapists who listen well help clients recover (Smith, 2020). Empathy predicts outcome (Jones & Lee, 2019).

References

Smith, J. (2020). Listening in therapy. Journal of Tests, 1(2), 10-20. https://doi.org/10.1000/test.1
Jones, A., & Lee, B. (2019). Empathy and outcome: a meta-analysis. Psychotherapy, 56(4), 399-410.
"""


def _one_line_error(result) -> str:
    assert "Traceback" not in result.output, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("litmap: error:")]
    assert len(errors) == 1, result.output
    assert "this is a bug" not in errors[0]
    return errors[0]


# ------------------------------------------------------------------------------------------------
# Settings: a finite number can still be past what a socket, a clock or a thread pool holds


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("read_timeout", 1e300),  # socket.settimeout: "timestamp out of range for platform time_t", "a bug"
        ("connect_timeout", 1e300),
        ("max_concurrency", 10**30),  # a run that hung (threads started until stopped at 180 s)
        ("breaker_min_requests", 10**30),  # "Python int too large to convert to C ssize_t", "a bug"
        ("cache_days", 1e300),
        ("max_bytes", 10**30),
    ],
)
def test_a_number_setting_past_its_bound_is_refused(name, value):
    with pytest.raises(SettingsError, match=rf"^{name} must be at most [\d,]+, got"):
        Settings(**{name: value})
    assert (
        getattr(Settings(**{name: settings_module.UPPER_BOUNDS[name]}), name) == settings_module.UPPER_BOUNDS[name]
    )  # the bound itself is fine


def test_a_huge_timeout_variable_is_one_line_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("LITMAP_READ_TIMEOUT", "1e300")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(ARTICLE), "--no-figures", "--out", str(out)])
    assert result.exit_code == 1
    assert "read_timeout must be at most 1,000,000" in _one_line_error(result)
    assert not out.exists()


# ------------------------------------------------------------------------------------------------
# Links in --out: a corpus article's folder, the notebooks' copies


def _corpus(tmp_path, articles: Path, out: Path):
    args = ["corpus", str(articles), "--offline", "--no-figures", "--no-slides", "--out", str(out)]
    return CliRunner().invoke(main, args, env={"LITMAP_CACHE_DIR": str(tmp_path / "cache")})


@pytest.mark.parametrize("what", ["folder", "file"])
def test_a_link_in_a_corpus_article_folder_is_never_written_through(tmp_path, what):
    articles = tmp_path / "articles"
    articles.mkdir()
    article = articles / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "out"
    assert _corpus(tmp_path, articles, out).exit_code == 0
    (folder,) = (out / "articles").iterdir()
    outside = tmp_path / "outside"
    if what == "folder":  # out/articles/<id> -> a folder elsewhere
        outside.mkdir()
        for path in folder.rglob("*"):
            if path.is_file():
                path.unlink()
        for path in sorted(folder.rglob("*"), reverse=True):
            path.rmdir()
        folder.rmdir()
        folder.symlink_to(outside)
    else:  # out/articles/<id>/reading-list.md -> a file elsewhere
        outside.write_text("precious", encoding="utf-8")
        (folder / "reading-list.md").unlink()
        (folder / "reading-list.md").symlink_to(outside)
    article.write_text(TEXT.replace("Trust", "Changed trust"), encoding="utf-8")  # changed: read again
    result = _corpus(tmp_path, articles, out)
    assert result.exit_code == 0, result.output
    assert "is a symbolic link" in result.output  # the article failed, with the reason
    if what == "folder":
        assert list(outside.iterdir()) == []  # was: 23 files written there
    else:
        assert outside.read_text(encoding="utf-8") == "precious"  # was: the reading list written over it


def _notebook(folder: Path, name: str = "01_load_article.ipynb") -> Path:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('out_dir = "../outputs"')
    cell.metadata["tags"] = ["parameters"]
    nb.cells += [cell, nbformat.v4.new_code_cell("x = 1")]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder / name


def test_executed_notebooks_are_never_written_through_a_link(tmp_path):
    notebooks = tmp_path / "nbs"
    _notebook(notebooks)
    victim = tmp_path / "victim"
    victim.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "notebooks").symlink_to(victim)
    with pytest.raises(ArticleError, match="is a symbolic link"):
        execute_notebooks(notebooks, out / "notebooks", parameters={"out_dir": str(out)})
    assert list(victim.iterdir()) == []  # was: the executed notebooks written into it
    (out / "notebooks").unlink()
    (out / "notebooks").mkdir()
    (out / "notebooks" / "01_load_article.ipynb").symlink_to(tmp_path / "file.txt")
    with pytest.raises(ArticleError, match="is a symbolic link"):
        execute_notebooks(notebooks, out / "notebooks", parameters={"out_dir": str(out)})
    assert not (tmp_path / "file.txt").exists()


def test_the_notebooks_command_refuses_a_link_where_the_run_s_files_go(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    (out / "references.csv").symlink_to(victim)
    args = ["notebooks", "--article", str(ARTICLE), "--offline", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "is a symbolic link" in _one_line_error(result)  # before any kernel started
    assert victim.read_text(encoding="utf-8") == "precious"
    assert not (out / "notebooks").exists()


@pytest.mark.parametrize("content", ["{not json", '{"cells": 5}', "", '{"nbformat": 4, "cells": [{"cell_type": 3}]}'])
def test_a_damaged_notebook_is_one_line_naming_it(tmp_path, content):
    (tmp_path / "01_broken.ipynb").write_text(content, encoding="utf-8")
    with pytest.raises(LitmapError, match=r"^01_broken\.ipynb: not a notebook litmap can read \("):
        notebook_parameters(tmp_path / "01_broken.ipynb")
    result = CliRunner().invoke(main, ["notebooks", "--notebooks", str(tmp_path), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "01_broken.ipynb: not a notebook" in _one_line_error(result)  # was: NotJSONError, "a bug"


# ------------------------------------------------------------------------------------------------
# Corpus inputs


def test_a_byte_order_mark_in_a_corpus_list_is_not_part_of_the_first_name(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_bytes("\ufeffa.txt\r\n# a comment\r\n\r\nb.txt\r\n".encode())
    found = find_articles([], list_file=listing)  # was: "'\ufeffa.txt': no such file or folder"
    assert [Path(item.source).name for item in found] == ["a.txt", "b.txt"]


def test_a_corpus_whose_out_is_its_folder_of_articles_says_so(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(TEXT, encoding="utf-8")
    # was: "no articles: give files, folders holding .txt, …" about a folder that holds one
    with pytest.raises(CorpusError, match="is --out or inside it"):
        find_articles([articles], exclude=articles)
    with pytest.raises(CorpusError, match="is --out or inside it"):
        find_articles([articles], exclude=tmp_path)
    assert len(find_articles([articles], exclude=articles / "out")) == 1  # --out inside it: skipped, as before


def test_one_page_by_several_spellings_of_its_address_is_one_article():
    url = "https://example.org/post"
    spellings = [url, url + "#comments", url + "?", "HTTPS://Example.ORG/post", url + "?#top"]
    assert [item.source for item in find_articles(spellings)] == [url]  # was: five articles
    assert len(find_articles([url, url + "?page=2", "https://example.org/Post"])) == 3  # other pages stay
    assert inputs.same_page("http://user:Pass@Host.org/a#b") == "http://user:Pass@host.org/a"
    assert inputs.same_page("http://[::1") == "http://[::1"  # what is wrong with it is said when it is fetched


# ------------------------------------------------------------------------------------------------
# The article and the files a run writes


def test_an_entry_of_ten_thousand_authors_at_the_end_of_the_list_is_kept():
    names = ", ".join(f"Author{i}, A." for i in range(10_000))
    text = TEXT + f"{names} (2019). A collaboration's paper. Journal of Tests, 1, 1-2.\n"
    article = compute_article(text, source="many.txt")
    entries = [line for _, line in article.reference_lines if line]
    assert len(entries) == 3  # was: 2, the third only in dropped_lines, no note
    assert entries[-1].startswith("Author0, A., Author1")


def test_a_long_paragraph_after_the_list_is_not_an_entry():
    prose = "this is the closing remark of the page and it goes on " * 60
    article = compute_article(TEXT + "\n" + prose + "\n", source="prose.txt")
    assert len([line for _, line in article.reference_lines if line]) == 2


def test_a_topics_file_edited_in_out_and_passed_back_is_not_written_over(tmp_path):
    out = tmp_path / "out"
    args = ["run", str(ARTICLE), "--offline", "--no-figures", "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    topics = out / "topics.yaml"
    edited = "# my own notes about these topics\n" + topics.read_text(encoding="utf-8")
    topics.write_text(edited, encoding="utf-8")
    result = CliRunner().invoke(main, [*args, "--topics", str(topics)])
    assert result.exit_code == 0, result.output
    assert topics.read_text(encoding="utf-8") == edited  # was: rewritten, the user's comments gone
    assert "topics.yaml, read and left as it was" in result.output


def test_a_snapshot_refresh_cannot_write_is_refused_before_the_look_ups(tmp_path, monkeypatch):
    snapshot = tmp_path / "snap.json"
    snapshot.write_text(json.dumps({"format": "litmap records 1", "records": []}), encoding="utf-8")
    settings = Settings(refresh=True)
    check_snapshot(settings, snapshot)  # writable: fine
    check_snapshot(settings, tmp_path / "new" / "snap.json")  # a folder to be made: fine
    # a file only its owner may write (root writes any, so the answer of the system is stood in for)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == snapshot else real_access(path, mode))
    with pytest.raises(SnapshotError, match="cannot be written"):  # was: every look-up made, then "Permission denied"
        check_snapshot(settings, snapshot)


def test_a_full_disk_or_a_file_size_limit_says_what_happened(capsys):
    group = UserErrors(name="litmap")

    @group.command()
    def write():
        raise OSError(errno.EFBIG, "File too large")  # as Pillow raises it: no file named

    with pytest.raises(SystemExit) as done:
        group.main(["write"])
    assert done.value.code == 1
    line = capsys.readouterr().err.strip()
    assert line.startswith("litmap: error: File too large (a limit on the size of a file")  # was: the bare words


def test_a_reference_list_in_a_template_is_not_the_page_s():
    entries = "".join(f"<p>{line}</p>" for line in TEXT.split("References\n\n")[1].strip().splitlines())
    body = "<p>Therapists who listen well help clients recover (Smith, 2020).</p>"
    fake = "<template><h2>References</h2><p>Fake, A. (2000). A made-up work. Journal, 1, 1-2.</p></template>"
    html = f"<html><body><h1>T</h1>{body}{fake}<h2>References</h2>{entries}</body></html>"
    article = compute_article(html, source="t.html", format="html")
    entries_read = [line for _, line in article.reference_lines if line]
    assert len(entries_read) == 2  # was 3: the template's entry (never shown on the page) taken as the first
    assert not any("Fake" in line for line in entries_read)


def test_raw_html_in_markdown_is_read_not_skipped():
    entries = "".join(f"<li>{line}</li>\n" for line in TEXT.split("References\n\n")[1].strip().splitlines())
    md = (
        "# T\n\nTherapists who listen well help clients recover (Smith, 2020).\n\n"
        f'<div class="references">\n<h2>References</h2>\n<ol>\n{entries}</ol>\n</div>\n\n<!-- a note -->\n'
    )
    article = compute_article(md, source="t.md", format="markdown")
    # was: "no reference section found", the HTML block's text gone without a word
    assert len([line for _, line in article.reference_lines if line]) == 2


def test_an_out_folder_named_with_a_line_break_cannot_forge_a_line(tmp_path):
    out = tmp_path / "o\nlitmap: error: forged"
    result = CliRunner().invoke(main, ["run", str(ARTICLE), "--offline", "--no-figures", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not [line for line in result.output.splitlines() if line.startswith("litmap: error")]
    assert "o\\nlitmap: error: forged/" in result.output  # the name escaped on the summary's last line


def test_a_cache_folder_litmap_may_not_write_says_so(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    real_access = os.access
    # a folder of another user's (root writes any, so the system's answer is stood in for)
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == folder else real_access(path, mode))
    with pytest.raises(SettingsError, match=r"cannot be used \(permission denied\); set LITMAP_CACHE_DIR"):
        Settings(cache_dir=folder).cache_folder()  # was: "the answer cache cannot be used …; delete the file"


def test_a_reference_list_set_as_a_table_is_read_and_a_body_table_is_not():
    entries = TEXT.split("References\n\n")[1].strip().splitlines()
    rows = "".join(f"<tr><td>{i + 1}.</td><td>{line}</td></tr>" for i, line in enumerate(entries))
    body = "".join(f"<p>{p}</p>" for p in TEXT.split("References")[0].strip().split("\n\n"))
    study = "<table><tr><td>Smith, J. (2020). Listening in therapy. Journal of Tests, 1(2), 10-20.</td></tr></table>"
    html = f"<html><body>{body}{study}<h2>References</h2><table>{rows}</table></body></html>"
    article = compute_article(html, source="t.html", format="html")
    # was: "no reference section found" (tables are set apart, so the list had no entry)
    assert [line for _, line in article.reference_lines if line] == [f"{i + 1}. {e}" for i, e in enumerate(entries)]
    assert len(article.sections) == 1  # the table in the body is still not an entry nor a paragraph


def test_an_entry_wrapped_over_a_hundred_thousand_lines_is_joined_in_linear_time():
    from litmap.read.reference_block import split_reference_block

    lines = ["Smith, J. (2001). The start of an entry that wraps-"] + ["on over the next line of it"] * 100_000
    start = time.process_time()
    ((number, entry),) = split_reference_block(lines)
    # was 21 s of CPU (each wrapped line copied the entry so far; --references of 100,000 lines: 44 s)
    assert time.process_time() - start < 3
    assert number == 1 and entry.startswith("Smith, J. (2001). The start of an entry that wraps-on over the next")
    assert len(entry) == len(lines[0]) + 100_000 * len(lines[1]) + 99_999  # a space between wrapped lines


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/cr?mailto=x", "https://api.crossref.org/#top", "https://user:secret@mirror.example.org/cr"],
)
def test_a_service_address_with_a_query_or_a_password_is_refused_without_showing_it(url):
    # "…/cr?x=1" + "/works/10.1/x" asked the wrong path, and its 404 said every cited DOI "is not
    # registered with Crossref"; user:password was written into audit.csv's notes
    with pytest.raises(SettingsError, match="must be a base address") as err:
        Settings(crossref_url=url)
    assert "secret" not in str(err.value)
    assert Settings(crossref_url="https://mirror.example.org/crossref/").crossref_url  # a path is fine


def test_a_snapshot_saved_with_a_byte_order_mark_is_read(tmp_path):
    from litmap.verify.snapshot import read_snapshot

    path = tmp_path / "snap.json"
    path.write_text("\ufeff" + (REPO / "data" / "snapshots" / "empathy-in-therapy.json").read_text(encoding="utf-8"))
    assert len(read_snapshot(path)) > 0  # was: "not valid JSON (Unexpected UTF-8 BOM …)"
