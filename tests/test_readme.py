"""README stays a front page: the two commands, under 300 lines, the rest in the documentation site.

Its links into docs/ and the table of measured numbers it shares with the site are checked in
tests/test_docs.py, against the built site.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_names_the_two_commands_first():
    assert "make demo" in README and "make test" in README
    commands = README.index("## Two commands")
    assert commands < README.index("## Use it on your own article") < README.index("## Documentation")


def test_readme_fits_a_screen_or_three():
    assert len(README.splitlines()) < 300, "README is a front page: move the detail into docs/"


def test_readme_points_to_the_documentation_and_the_numbers():
    assert "make docs" in README and "(docs/index.md)" in README
    measured = README.split("[start:measured]")[1].split("[end:measured]")[0]
    assert "— development" in measured and "**held out**" in measured, "say which numbers are held out"


def test_ci_runs_the_readme_test_command():
    assert "make test" in (REPO / ".ci" / "run").read_text()
