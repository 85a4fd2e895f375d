"""Leftovers of the fourth red-team round (#25, "one clear line, nothing lost").

A DOI broken by a space after its prefix's slash is read whole; a ``file:`` address named to
``litmap corpus`` (on its command line or in ``--list``) is refused in the words ``litmap run``
uses; ``-`` (standard input, which no command reads) is refused in one line, not "no such file".
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from litmap.cli import main
from litmap.corpus.inputs import find_corpus_inputs
from litmap.errors import CorpusError
from litmap.parse import parse_reference, parse_reference_rules

HEAD = "Jones, A. B., & Smith, C. (2003). The neural bases of social pain. Science, 302, 1338-1339. "
PARSERS = [parse_reference, parse_reference_rules]


def _one_line_error(result) -> str:
    assert "Traceback" not in result.output, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("litmap: error:")]
    assert len(errors) == 1, result.output
    assert result.exit_code != 0
    return errors[0]


# ------------------------------------------------------------------------------------------------
# A DOI broken after its slash


@pytest.mark.parametrize("parse", PARSERS)
@pytest.mark.parametrize(
    "tail",
    [
        "doi: 10.1126/ science.1089134",
        "doi: 10.1126/ science.1089134.",
        "https://doi.org/10.1126/ science.1089134",
        "doi:10.1037/ a0012345, accessed 2020",
        "doi: 10.1016/ 0005-7967(93)90048-T",
    ],
)
def test_a_doi_broken_by_a_space_after_its_slash_is_read_whole(parse, tail):
    prefix, suffix = tail.split("/ ")
    expected = (prefix.rsplit("doi.org/", 1)[-1].split()[-1].removeprefix("doi:") + "/" + suffix.split(",")[0]).rstrip(
        "."
    )
    fields = parse(HEAD + tail)
    assert fields["doi"] == expected.lower()
    assert fields["url"] is None  # not "https://doi.org/10.1126/" cut at the slash
    assert fields["pages"] == "1338-1339"


@pytest.mark.parametrize("parse", PARSERS)
def test_a_word_after_a_whole_doi_or_a_bare_prefix_is_not_swallowed(parse):
    assert parse(HEAD + "doi: 10.1126/science.1089134 Retrieved from PubMed")["doi"] == "10.1126/science.1089134"
    assert parse(HEAD + "doi: 10.1126/science.1089134 2003 reprint")["doi"] == "10.1126/science.1089134"
    # a prefix with nothing DOI-like after it (a word without a digit) stays what it was: no DOI
    assert parse(HEAD + "doi: 10.1126/ Science.")["doi"] is None
    assert parse(HEAD + "doi: 10.1126/ science 1089134")["doi"] is None  # two words: not one suffix


# ------------------------------------------------------------------------------------------------
# A file: address named to litmap corpus


def test_a_file_address_in_a_corpus_list_is_refused_as_run_refuses_it(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("An article.\n", encoding="utf-8")
    listing = tmp_path / "list.txt"
    listing.write_text(f"file://{article}\n", encoding="utf-8")
    runner = CliRunner()
    corpus = _one_line_error(runner.invoke(main, ["corpus", "--list", str(listing), "--out", str(tmp_path / "o")]))
    run = _one_line_error(runner.invoke(main, ["run", f"file://{article}", "--out", str(tmp_path / "r")]))
    reason = "file: addresses are not supported: give a file path, or an http(s) address"
    assert corpus == run == f"litmap: error: file://{article}: {reason}"
    given = _one_line_error(runner.invoke(main, ["corpus", f"file://{article}", "--out", str(tmp_path / "o")]))
    assert given == corpus
    assert not (tmp_path / "o").exists() and not (tmp_path / "r").exists()


def test_other_schemes_too_but_not_a_windows_drive(tmp_path):
    with pytest.raises(CorpusError, match=r"^ftp://h/a\.txt: ftp: addresses are not supported"):
        find_corpus_inputs(["ftp://h/a.txt"])
    with pytest.raises(CorpusError, match="no such file or folder"):
        find_corpus_inputs([str(tmp_path / "C:/a.txt")])


# ------------------------------------------------------------------------------------------------
# "-": standard input


@pytest.mark.parametrize(
    "args",
    [["run", "-"], ["slides", "-"], ["notebooks", "--article", "-"], ["corpus", "-"], ["topics", "-"]],
)
def test_a_dash_for_standard_input_is_refused_in_one_line(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    out = [] if args[0] == "topics" else ["--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, [*args, *out], input="Some article text.\n")
    line = _one_line_error(result)
    assert "standard input" in line and "no such file" not in line
    assert not (tmp_path / "out").exists()


def test_a_file_named_dash_is_still_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("An article.\n", encoding="utf-8")
    found = find_corpus_inputs(["-"]).articles
    assert [item.source for item in found] == [str((tmp_path / "-").resolve())]
