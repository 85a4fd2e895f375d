"""The notebooks run headless, top to bottom, on any article: the bundled one (as `make demo` runs
them), a second real article, a PDF, an article that cites nothing and one with a single topic —
all offline — and the machinery that runs them passes each notebook only the parameters it
declares, names the notebook and cell that failed in one line, and bounds every cell in time.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from click.testing import CliRunner

import litmap
from litmap.cli import main
from litmap.errors import LitmapError
from litmap.notebooks import execute_notebook, execute_notebooks, find_notebooks, notebook_parameters

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
NOTEBOOKS = find_notebooks(REPO / "notebooks")
ARTICLE_NOTEBOOKS = find_notebooks(REPO / "notebooks", parameter="article")
#: A real article as a PDF (Trials, CC BY; tests/data/README.md) and two small articles written for
#: these tests: one whose sentences cite nothing, one with a single topic. (The browser tests run
#: notebook 3 on a second real article, PLOS Biology's; test_routes runs `litmap notebooks --article`.)
PDF_ARTICLE = DATA / "trials-2014-low-back-pain-core-outcomes.pdf"
NO_CITATIONS = DATA / "articles" / "no-citations.txt"
ONE_TOPIC = DATA / "articles" / "one-topic.txt"
OTHER_ARTICLES = (PDF_ARTICLE, NO_CITATIONS, ONE_TOPIC)
#: Seconds a cell may take here: the slowest takes a few alone, so a stalled cell fails, named.
CELL_LIMIT = 120
#: Parameters every article notebook after the first takes (`litmap notebooks --article` sets them).
AUDIT_PARAMETERS = {"article", "references", "snapshot", "offline", "mailto", "out_dir"}


def _outputs(path: Path) -> list[dict]:
    return [o for c in _code_cells(path) for o in c.get("outputs", [])]


def _printed(path: Path) -> str:
    return "".join("".join(o["text"]) for o in _outputs(path) if o["output_type"] == "stream")


def _errors(path: Path) -> list[str]:
    return [f"{o['ename']}: {o['evalue']}" for o in _outputs(path) if o["output_type"] == "error"]


def _code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(Path(path).read_text())["cells"] if c["cell_type"] == "code"]


# ---------------------------------------------------------------- the notebooks as committed


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no numbered notebooks"
    assert ARTICLE_NOTEBOOKS, "no notebook declares an `article` parameter"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(notebook):
    code = _code_cells(notebook)
    assert not any(c.get("outputs") or c.get("execution_count") for c in code)
    assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code)


def test_article_notebooks_take_the_parameters_litmap_notebooks_sets():
    first, *rest = ARTICLE_NOTEBOOKS
    assert {"article", "references", "out_dir"} <= set(notebook_parameters(first))
    for notebook in rest:
        assert set(notebook_parameters(notebook)) >= AUDIT_PARAMETERS, notebook.name
    with_topics = [nb.stem for nb in ARTICLE_NOTEBOOKS if "topics_file" in notebook_parameters(nb)]
    assert with_topics == ["03_evidence_graph", "04_reading_list"]
    # By default the topics are the article's own, not a file written for the bundled article.
    assert all(notebook_parameters(nb).get("topics_file") == "None" for nb in ARTICLE_NOTEBOOKS[2:])


def _bundled_specifics() -> dict[str, set[str]]:
    """What belongs to the bundled article alone: its topic keys, reference and claim ids, authors."""
    tables = litmap.load_article(REPO / "data" / "articles" / "empathy-in-therapy.txt")
    discovered = litmap.discover_topics(tables.claims, title=tables.article.title)
    written = litmap.read_taxonomy(REPO / "data" / "topics" / "empathy-in-therapy.yaml")
    authors = {
        person["family"] for people in tables.references["authors"] for person in (people or []) if person.get("family")
    }
    return {
        "topic key": set(discovered.keys) | set(written.keys),
        "reference id": set(tables.references["ref_id"]),
        "claim id": set(tables.claims["claim_id"]),
        "author": authors,
    }


def test_no_cell_names_a_topic_reference_claim_or_author_of_the_bundled_article():
    specifics = _bundled_specifics()
    found = []
    for notebook in ARTICLE_NOTEBOOKS:
        for cell in _code_cells(notebook):
            if "parameters" in cell["metadata"].get("tags", []):
                continue  # the article's own path and snapshot are the defaults a user changes
            source = "".join(cell["source"])
            for kind, words in specifics.items():
                for word in words:
                    if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", source):
                        found.append(f"{notebook.name}: {kind} {word!r} in {source.splitlines()[0]!r}")
    assert not found, "\n".join(found)


@pytest.mark.notebook
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_notebook_executes_offline(notebook, tmp_path):
    """Each notebook on its own (no earlier notebook's saved tables), as `make demo` configures it."""
    out = tmp_path / "results"
    executed = execute_notebook(
        notebook, tmp_path / notebook.name, parameters={"out_dir": str(out)}, timeout=CELL_LIMIT
    )
    outputs = _outputs(executed)
    assert not _errors(executed)
    assert any(o.get("output_type") in ("execute_result", "display_data") for o in outputs)
    assert any(out.rglob("*")), "the notebook wrote nothing under out_dir"


# ---------------------------------------------------------------- the same notebooks, other articles


@pytest.fixture(
    scope="module",
    # Each article's runs stay in one process of `pytest -n` (loadgroup): its notebooks run once.
    params=[pytest.param(p, id=p.stem, marks=pytest.mark.xdist_group(f"notebooks-{p.stem}")) for p in OTHER_ARTICLES],
)
def run_on_article(request, tmp_path_factory):
    """Notebooks 01-04 in order on one article, offline, sharing one output folder (as a user runs them)."""
    article = request.param
    out = tmp_path_factory.mktemp(f"notebooks-{article.stem}")
    with pytest.MonkeyPatch.context() as env:  # this fixture outlives the per-test isolation
        env.setenv("LITMAP_CACHE_DIR", str(tmp_path_factory.mktemp("litmap-cache")))
        executed = execute_notebooks(
            REPO / "notebooks",
            out / "notebooks",
            parameters={"article": str(article), "snapshot": None, "offline": True, "out_dir": str(out)},
            parameter="article",
            timeout=CELL_LIMIT,
        )
    return article, out, {path.stem: path for path in executed}


@pytest.mark.notebook
@pytest.mark.timeout(900)
def test_every_cell_runs_on_another_article(run_on_article):
    article, out, executed = run_on_article
    assert sorted(executed) == [nb.stem for nb in ARTICLE_NOTEBOOKS]
    for stem, path in executed.items():
        assert not _errors(path), (stem, _errors(path))
        not_run = [c["source"][:60] for c in _code_cells(path) if not c.get("execution_count")]
        assert not not_run, (stem, not_run)
    # The notebooks read this article, not the bundled one.
    saved = json.loads((out / "article.json").read_text())
    assert saved["identity"]["source"] == str(article.resolve())
    tables = litmap.load_article(article)
    assert len(pd.read_csv(out / "claims.csv")) == len(tables.claims)
    if tables.citations.empty:  # said in a sentence, not left to an empty table
        assert "no in-text citation found" in _printed(executed["01_load_article"])


@pytest.mark.notebook
@pytest.mark.timeout(900)
def test_examples_are_picked_from_the_article(run_on_article):
    article, out, executed = run_on_article
    tables = litmap.load_article(article)
    claim_topics = litmap.compute_topics(tables.claims, None, title=tables.article.title)
    topic = litmap.largest_topic(claim_topics)
    printed = _printed(executed["03_evidence_graph"])
    if topic is None:
        assert "The graph has no topics" in printed
    else:
        label = claim_topics.loc[claim_topics["topic"] == topic, "label"].iloc[0]
        assert f"Topic {label!r} (key {topic})" in printed
        # The discovered topics are written where notebook 3 says, and read back as they are.
        written = litmap.read_taxonomy(out / "topics.yaml")
        assert written.keys == litmap.discover_topics(tables.claims, title=tables.article.title).keys
    # Offline, with nothing saved, every source is unchecked, and notebook 2 says so in words.
    audit = pd.read_csv(out / "audit.csv")
    assert set(audit["status"]) == {"unchecked"}
    audit_printed = _printed(executed["02_enrich_and_audit"])
    assert f"{len(audit)} references: {len(audit)} unchecked" in audit_printed
    assert "No reference to show here" in audit_printed  # no discrepant reference to compare


@pytest.mark.notebook
@pytest.mark.timeout(900)
def test_figures_and_reading_lists_are_written_for_another_article(run_on_article):
    article, out, _ = run_on_article
    for name in ("evidence-map", "source-network", "audit-summary", "sources-by-year"):
        for suffix in litmap.Settings.from_env().figure_formats:  # the tests' (conftest.py)
            assert (out / "figures" / f"{name}.{suffix}").stat().st_size > 0
    for suffix in (".md", ".html", ".bib", ".ris", ".json"):
        assert (out / f"reading-list{suffix}").exists()
    tables = litmap.load_article(article)
    topics = set(litmap.compute_topics(tables.claims, None, title=tables.article.title)["topic"])
    per_topic = {p.name.removeprefix("reading-list-").removesuffix(".md") for p in (out / "by-topic").glob("*.md")}
    assert per_topic == topics


# ---------------------------------------------------------------- the command's own errors


def test_litmap_notebooks_refuses_what_it_cannot_run_in_one_line(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["notebooks", "--article", str(tmp_path / "nope.txt"), "--out", str(tmp_path)])
    assert missing.exit_code == 1
    assert missing.output.strip() == f"litmap: error: {tmp_path / 'nope.txt'}: no such file"
    url = runner.invoke(
        main, ["notebooks", "--article", "https://example.org/post", "--offline", "--out", str(tmp_path)]
    )
    assert url.exit_code == 1
    assert url.output.count("\n") == 1 and "offline" in url.output
    no_article = runner.invoke(main, ["notebooks", "--mailto", "me@example.org", "--out", str(tmp_path)])
    assert no_article.exit_code == 2 and "need --article" in no_article.output
    assert not any((tmp_path / "notebooks").glob("*")), "nothing runs before the input is checked"


def _write_notebook(path: Path, parameters: str, *cells: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "Python 3"}
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A test notebook"), cell] + [
        nbformat.v4.new_code_cell(c) for c in cells
    ]
    nbformat.write(nb, path)
    return path


@pytest.mark.notebook
def test_a_failing_cell_is_one_line_naming_the_notebook_and_the_cell(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    _write_notebook(folder / "01_ok.ipynb", 'article = "x"\nout_dir = "o"', "print(article)")
    _write_notebook(
        folder / "02_fails.ipynb",
        'article = "x"\noffline = False',
        "x = 1",
        'raise ValueError("no such topic")',
        "y = 2",
    )
    result = CliRunner().invoke(
        main,
        ["notebooks", "--notebooks", str(folder), "--article", str(NO_CITATIONS), "--offline", "--out", str(tmp_path)],
    )
    assert result.exit_code == 1
    error = [line for line in result.output.splitlines() if line.startswith("litmap: error:")]
    assert len(error) == 1, result.output
    assert error[0].startswith(
        'litmap: error: 02_fails.ipynb, cell [4] `raise ValueError("no such topic")` failed: ValueError: no such topic'
    )
    assert f"executed {tmp_path / 'notebooks' / '01_ok.ipynb'}" in result.output
    # The executed copy shows the failure and stops there.
    copy = tmp_path / "notebooks" / "02_fails.ipynb"
    assert _errors(copy) == ["ValueError: no such topic"]
    assert [c.get("execution_count") for c in _code_cells(copy)][-1] is None


@pytest.mark.notebook
def test_the_notebooks_get_the_whole_settings_and_the_key_stays_out_of_them(tmp_path, monkeypatch):
    """`litmap notebooks` hands the kernel every setting (LITMAP_* variables), not two parameters: the
    OpenAlex key and the limits reach `Settings.from_env()` in a notebook, and no executed copy holds the key."""
    folder = tmp_path / "nbs"
    folder.mkdir()
    key = "k3y-for-the-notebooks-only"
    shown = (
        "import litmap\ns = litmap.Settings.from_env(offline=offline)\n"
        f"print(s.offline, s.openalex_key == {key[:4]!r} + {key[4:]!r}, s.evidence, s.retries, s.mailto)"
    )
    _write_notebook(folder / "02_audit.ipynb", 'article = "x"\noffline = False\nmailto = None\nout_dir = "o"', shown)
    monkeypatch.setenv("LITMAP_EVIDENCE", "0")
    monkeypatch.setenv("LITMAP_RETRIES", "1")
    args = ["notebooks", "--notebooks", str(folder), "--article", str(NO_CITATIONS), "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, [*args, "--offline", "--mailto", "me@example.org", "--openalex-key", key])
    assert result.exit_code == 0, result.output
    copy = tmp_path / "out" / "notebooks" / "02_audit.ipynb"
    assert _printed(copy).split() == ["True", "True", "False", "1", "me@example.org"]
    assert key not in copy.read_text() and key not in result.output

    settings = litmap.Settings(offline=True, retries=2)  # a caller's own settings, whatever the environment says
    execute_notebook(folder / "02_audit.ipynb", tmp_path / "own.ipynb", settings=settings, timeout=CELL_LIMIT)
    assert _printed(tmp_path / "own.ipynb").split() == ["False", "False", "True", "2", "None"]


# ---------------------------------------------------------------- parameters by declaration


@pytest.mark.notebook
def test_a_notebook_without_an_article_parameter_is_not_given_one(tmp_path):
    folder = tmp_path / "nbs"
    folder.mkdir()
    _write_notebook(folder / "01_article.ipynb", 'article = "a.txt"\nout_dir = "out"', "print(article, out_dir)")
    _write_notebook(
        folder / "05_corpus.ipynb", 'corpus = "articles/"  # a folder\nout_dir = "out"', "print(corpus, out_dir)"
    )
    assert notebook_parameters(folder / "05_corpus.ipynb") == {"corpus": '"articles/"', "out_dir": '"out"'}
    assert find_notebooks(folder, parameter="article") == [folder / "01_article.ipynb"]
    assert find_notebooks(folder) == [folder / "01_article.ipynb", folder / "05_corpus.ipynb"]

    done = execute_notebooks(folder, tmp_path / "run", parameters={"article": "mine.txt", "out_dir": "results"})
    article_nb, corpus_nb = (nbformat.read(path, as_version=4) for path in done)
    assert _printed(done[0]).strip() == "mine.txt results"
    assert _printed(done[1]).strip() == "articles/ results"  # out_dir given, article not
    injected = [
        "".join(c.source)
        for nb in (article_nb, corpus_nb)
        for c in nb.cells
        if "injected-parameters" in c.metadata.get("tags", [])
    ]
    assert "article" in injected[0] and "article" not in injected[1]

    with pytest.raises(LitmapError, match=r"no notebook .* has the parameter.* artcle"):
        execute_notebooks(folder, tmp_path / "typo", parameters={"artcle": "mine.txt"})


# ---------------------------------------------------------------- time limits, and the hang that was


@pytest.mark.notebook
def test_a_cell_over_its_time_limit_is_interrupted_and_named(tmp_path):
    notebook = _write_notebook(
        tmp_path / "01_slow.ipynb", "seconds = 60", "import time", "time.sleep(seconds)", "done = 1"
    )
    started = time.monotonic()
    with pytest.raises(LitmapError) as caught:
        execute_notebook(notebook, tmp_path / "out.ipynb", timeout=3)
    assert time.monotonic() - started < 45
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("01_slow.ipynb, cell [3] `time.sleep(seconds)` did not finish within 3 s")
    # The kernel was interrupted, so the copy shows where the cell stood.
    assert any(e.startswith("KeyboardInterrupt") for e in _errors(tmp_path / "out.ipynb"))


@pytest.mark.notebook
def test_output_widget_captures_do_not_stall_the_run(tmp_path):
    """Notebook 3's explorer shows its graph in an ipywidgets Output widget. nbclient's stand-in for
    that widget sent each captured output back to the kernel on the shell socket, and now and then the
    cell's reply arrived unnoticed: the cell then waited for its whole time limit (for ever without
    one). Here about one such cell in six stalled; with litmap's engine none may."""
    capture = "out = widgets.Output()\nwith out:\n    for i in range(30):\n        display(i)\nout"
    notebook = _write_notebook(
        tmp_path / "01_output_widget.ipynb",
        "n = 30",
        "import ipywidgets as widgets\nfrom IPython.display import display",
        *[capture] * 10,
    )
    executed = execute_notebook(notebook, tmp_path / "out.ipynb", timeout=20)
    cells = _code_cells(executed)
    durations = [c["metadata"]["papermill"]["duration"] for c in cells]
    assert max(durations) < 10, f"a cell waited for its time limit: {durations}"
    # What the Output widget showed is kept as the cell's own output.
    shown = [o for c in cells[2:] for o in c["outputs"] if o["output_type"] == "display_data"]
    assert len(shown) == 10 * 30
