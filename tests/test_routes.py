"""Same outputs from every route: `litmap run`, `litmap notebooks` (the notebooks as JupyterLab runs them,
with their committed parameters) and each article folder of `litmap corpus` write the same files for the
same article, with the same columns and, file for file, the same contents (figures: the same names).

The bundled article, offline, from its snapshot: every stage has something to say (verdicts,
evidence, fit, topics, reading lists), and nothing depends on the network or the clock.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from litmap.cli import main

pytestmark = [pytest.mark.notebook, pytest.mark.slow, pytest.mark.xdist_group("routes")]

#: Files whose bytes are compared; the rest (figures) by name only. A figure is the same drawing on
#: every route, but its bytes are not this test's business (test_plotting checks figures are reproducible).
COMPARED_SUFFIXES = {".csv", ".json", ".yaml", ".md", ".html", ".bib", ".ris", ".graphml", ".gexf"}


@pytest.fixture(scope="module")
def routes(tmp_path_factory, bundled_article, bundled_snapshot) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("routes")
    given = ["--offline", "--snapshot", str(bundled_snapshot)]
    runner = CliRunner()
    for command in (
        ["run", str(bundled_article), *given, "--out", str(base / "run")],
        ["notebooks", "--article", str(bundled_article), *given, "--out", str(base / "notebooks")],
        ["corpus", str(bundled_article), *given, "--out", str(base / "corpus")],
    ):
        result = runner.invoke(main, command)
        assert result.exit_code == 0, f"{command[0]}: {result.output}"
    (folder,) = (base / "corpus" / "articles").iterdir()
    return {"litmap run": base / "run", "litmap notebooks": base / "notebooks", "corpus article folder": folder}


def _files(folder: Path) -> list[str]:
    """The outputs of a route, by their path in its folder (the executed notebooks are the route itself)."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).parts[0] != "notebooks"
    )


def test_every_route_writes_the_same_files(routes):
    files = {route: _files(folder) for route, folder in routes.items()}
    expected = files["litmap run"]
    for name in ("citations.csv", "claim_topics.csv", "graph.gexf", "graph-nodes.csv", "graph-edges.csv"):
        assert name in expected, name
    assert any(name.startswith("by-topic/") for name in expected) and any(n.startswith("figures/") for n in expected)
    for route, found in files.items():
        assert found == expected, (
            f"{route}: missing {sorted(set(expected) - set(found))}, more {sorted(set(found) - set(expected))}"
        )


def test_every_table_has_the_same_columns_and_values_on_every_route(routes):
    reference = routes["litmap run"]
    tables = [name for name in _files(reference) if name.endswith(".csv")]
    assert {"references.csv", "claims.csv", "audit.csv", "citations.csv", "claim_topics.csv"} <= set(tables)
    for route, folder in routes.items():
        for name in tables:
            expected = pd.read_csv(reference / name, dtype=str, keep_default_na=False)
            found = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
            assert list(found.columns) == list(expected.columns), f"{route}: {name} columns"
            pd.testing.assert_frame_equal(found, expected, obj=f"{route}: {name}")
    fit = pd.read_csv(routes["litmap notebooks"] / "citations.csv")
    assert {"fit", "fit_score", "fit_basis"} <= set(fit.columns) and fit["fit"].notna().any()


def test_every_other_file_is_the_same_on_every_route(routes):
    reference = routes["litmap run"]
    compared = [name for name in _files(reference) if Path(name).suffix in COMPARED_SUFFIXES]
    for route, folder in routes.items():
        different = [name for name in compared if (folder / name).read_bytes() != (reference / name).read_bytes()]
        assert not different, f"{route}: these files differ from litmap run's: {different}"
