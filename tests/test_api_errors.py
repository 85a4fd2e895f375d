"""A careless call of the public API fails at the door, in one line naming the parameter.

Each case calls a public function the way a notebook user might get it wrong (a string where
Settings is expected, None or a list where a table is, a table without its columns, a path that is
not one, a misspelt keyword, an ``out_dir`` that is a file, a negative or non-numeric limit) and
checks the error: litmap's (``LitmapError``) and the builtin it refines (``TypeError`` for a wrong
type, ``ValueError`` for a wrong value), with a message of one line that names the parameter.
"""

from __future__ import annotations

import pandas as pd
import pytest
from graph_fixtures import tables

import litmap
from litmap.arguments import checked, describe, whole_number

BAD_TABLE = pd.DataFrame({"x": [1]})


@pytest.fixture(scope="module")
def given(tmp_path_factory):
    """What the calls need that is right: tables, a graph, a file, a folder."""
    folder = tmp_path_factory.mktemp("api")
    a_file = folder / "a-file.txt"
    a_file.write_text("not a folder\n", encoding="utf-8")
    d = tables()
    d["graph"] = litmap.build_evidence_graph(d["claims"], d["citations"], d["references"], d["audit"])
    d.update(folder=folder, file=a_file, article=folder / "article.txt")
    return d


#: (case, the call, the parameter its message must name, the builtin the error must also be)
CASES = [
    ("run: settings a string", lambda g: litmap.run(g["article"], settings="junk"), "settings", TypeError),
    ("run: source a number", lambda g: litmap.run(123, out_dir=g["folder"]), "source", TypeError),
    ("run: out_dir a file", lambda g: litmap.run(g["article"], out_dir=g["file"]), "out_dir", ValueError),
    ("run: misspelt keyword", lambda g: litmap.run(g["article"], setings=None), "setings", TypeError),
    ("run: unknown preset", lambda g: litmap.run(g["article"], preset="poster"), "preset", ValueError),
    ("run: taxonomy a number", lambda g: litmap.run(g["article"], taxonomy=12), "taxonomy", TypeError),
    ("read_taxonomy: a number", lambda g: litmap.read_taxonomy(12), "source", TypeError),
    ("load_article: None", lambda g: litmap.load_article(None), "source", TypeError),
    ("load_article: a list", lambda g: litmap.load_article([str(g["article"])]), "source", TypeError),
    ("load_article: settings a dict", lambda g: litmap.load_article(g["article"], settings={}), "settings", TypeError),
    ("read_article: bytes", lambda g: litmap.read_article(b"article.txt"), "source", TypeError),
    ("audit_references: None", lambda g: litmap.audit_references(None), "references", TypeError),
    ("audit_references: no columns", lambda g: litmap.audit_references(BAD_TABLE), "references", ValueError),
    (
        "audit_references: settings a string",
        lambda g: litmap.audit_references(g["references"], settings="offline"),
        "settings",
        TypeError,
    ),
    ("compute_references: one string", lambda g: litmap.compute_references("Smith J (2020)."), "entries", TypeError),
    ("compute_references: None", lambda g: litmap.compute_references(None), "entries", TypeError),
    ("fetch_records: settings", lambda g: litmap.fetch_records([], settings="junk"), "settings", TypeError),
    ("compute_audit: None", lambda g: litmap.compute_audit(None, None), "references", TypeError),
    ("build_evidence_graph: a list", lambda g: litmap.build_evidence_graph([], [], []), "claims", TypeError),
    ("most_cited_sources: negative", lambda g: litmap.most_cited_sources(g["graph"], n=-1), "n", ValueError),
    ("discover_topics: zero", lambda g: litmap.discover_topics(g["claims"], max_topics=0), "max_topics", ValueError),
    ("write_graph: out_dir a file", lambda g: litmap.write_graph(g["graph"], g["file"]), "out_dir", ValueError),
    ("plot_evidence_map: a string", lambda g: litmap.plot_evidence_map("graph"), "graph", TypeError),
    (
        "plot_evidence_map: max_rows",
        lambda g: litmap.plot_evidence_map(g["graph"], max_rows=-1),
        "max_rows",
        ValueError,
    ),
    (
        "plot_evidence_map: max_rows text",
        lambda g: litmap.plot_evidence_map(g["graph"], max_rows="10"),
        "max_rows",
        TypeError,
    ),
    ("plot_evidence_map: misspelt", lambda g: litmap.plot_evidence_map(g["graph"], titel="x"), "titel", TypeError),
    ("plot_source_network: seed", lambda g: litmap.plot_source_network(g["graph"], seed="x"), "seed", TypeError),
    ("plot_audit_summary: None", lambda g: litmap.plot_audit_summary(None), "audit", TypeError),
    ("plot_audit_summary: no columns", lambda g: litmap.plot_audit_summary(BAD_TABLE), "audit", ValueError),
    ("plot_sources_by_year: a list", lambda g: litmap.plot_sources_by_year([]), "references", TypeError),
    ("save_figure: not a figure", lambda g: litmap.save_figure("ax", g["folder"] / "x"), "fig_or_ax", TypeError),
    ("write_figures: out_dir a file", lambda g: _write_figures(g, g["file"]), "out_dir", ValueError),
    (
        "write_slides: graph a string",
        lambda g: litmap.write_slides(g["folder"] / "d.pptx", "g", g["audit"]),
        "graph",
        TypeError,
    ),
    (
        "write_slides: audit None",
        lambda g: litmap.write_slides(g["folder"] / "d.pptx", g["graph"], None),
        "audit",
        TypeError,
    ),
    (
        "compute_reading_list: sort_by",
        lambda g: litmap.compute_reading_list(g["references"], g["audit"], sort_by="date"),
        "sort_by",
        ValueError,
    ),
    (
        "write_reading_list: a format",
        lambda g: litmap.write_reading_list(litmap.schemas.READING_LIST.empty(), g["folder"], ("md", "docx")),
        "formats",
        ValueError,
    ),
    (
        "save_figure: formats one string",
        lambda g: litmap.save_figure(litmap.plot_audit_summary(g["audit"]), g["folder"] / "x", "png"),
        "formats",
        TypeError,
    ),
    ("compute_reading_list: None", lambda g: litmap.compute_reading_list(None, g["audit"]), "references", TypeError),
    ("write_reading_list: None", lambda g: litmap.write_reading_list(None, g["folder"]), "frame", TypeError),
    (
        "run_corpus: settings",
        lambda g: litmap.run_corpus([], settings="junk", out_dir=g["folder"]),
        "settings",
        TypeError,
    ),
    ("run_corpus: one string", lambda g: litmap.run_corpus("folder", out_dir=g["folder"]), "inputs", TypeError),
    ("run_corpus: workers 0", lambda g: litmap.run_corpus([], workers=0, out_dir=g["folder"]), "workers", ValueError),
    (
        "run_corpus: batch text",
        lambda g: litmap.run_corpus([], batch_size="9", out_dir=g["folder"]),
        "batch_size",
        TypeError,
    ),
    ("run_corpus: out_dir a file", lambda g: litmap.run_corpus([], out_dir=g["file"]), "out_dir", ValueError),
    ("read_corpus: a number", lambda g: litmap.read_corpus(123), "out_dir", TypeError),
    ("plot_most_cited_works: None", lambda g: litmap.plot_most_cited_works(None), "works", TypeError),
    ("plot_shared_sources: a string", lambda g: litmap.plot_shared_sources("g"), "graph", TypeError),
    ("read_snapshot: None", lambda g: litmap.read_snapshot(None), "path", TypeError),
    ("Settings: retries text", lambda g: litmap.Settings(retries="x"), "retries", TypeError),
    ("Settings: offline text", lambda g: litmap.Settings(offline="false"), "offline", TypeError),
    ("Settings: mailto a number", lambda g: litmap.Settings(mailto=5), "mailto", TypeError),
    ("Settings: misspelt keyword", lambda g: litmap.Settings(mailtoo="x"), "mailtoo", TypeError),
    ("Settings: negative limit", lambda g: litmap.Settings(max_bytes=-1), "max_bytes", ValueError),
    ("Settings.from_env: misspelt", lambda g: litmap.Settings.from_env({}, ofline=True), "ofline", TypeError),
]


def _write_figures(g, out_dir):
    return litmap.write_figures(g["graph"], g["audit"], g["references"], out_dir)


@pytest.mark.parametrize(("call", "parameter", "builtin"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_careless_call_says_what_was_wrong_in_one_line(given, call, parameter, builtin):
    with pytest.raises(litmap.LitmapError) as caught:
        call(given)
    error = caught.value
    assert isinstance(error, builtin), f"{type(error).__name__} is not a {builtin.__name__}"
    message = str(error)
    assert "\n" not in message and message.strip() == message
    assert parameter in message.split(":", 1)[0] or f"'{parameter}'" in message, message


def test_the_message_names_what_was_given_and_what_is_expected():
    with pytest.raises(litmap.errors.ArgumentTypeError) as caught:
        litmap.load_article("article.txt", settings="junk")
    assert str(caught.value) == "settings: expected litmap.Settings, got str ('junk')"
    with pytest.raises(litmap.SchemaError, match=r"references: missing column\(s\) 'ref_id'"):
        litmap.audit_references(BAD_TABLE)


def test_a_misspelt_keyword_is_named_with_the_nearest_parameter():
    with pytest.raises(TypeError, match=r"^run: unexpected keyword 'out'; did you mean 'out_dir'\?"):
        litmap.run("article.txt", out="outputs")


def test_none_where_none_is_the_default_means_not_given(given):
    ax = litmap.plot_evidence_map(given["graph"], max_rows=None, title=None)
    assert ax.figure is not None


def test_a_table_under_another_name_says_both():
    from litmap.schemas import CLAIM_TOPICS

    with pytest.raises(litmap.SchemaError, match=r"^topics \(the claim_topics table\): missing column"):
        CLAIM_TOPICS.validate(BAD_TABLE, parameter="topics")


def test_the_checks_wrap_without_changing_a_right_call():
    @checked(limit=whole_number(0))
    def top(items, *, limit=10):
        """Doc."""
        return items[:limit]

    assert top([1, 2, 3], limit=2) == [1, 2]
    assert top.__doc__ == "Doc." and top.__name__ == "top"
    assert describe("x" * 100).endswith("…)") and len(describe("x" * 100)) < 80


def test_a_callers_settings_are_used_and_the_environment_is_not_read_again(bundled_article, tmp_path, monkeypatch):
    """Settings are read once, at the edge: with a caller's Settings, no stage reads LITMAP_* again
    (a variable litmap cannot read would then fail the run)."""
    from litmap.corpus.inputs import CorpusInput, file_digest

    references = tmp_path / "refs.txt"
    references.write_text("Smith, J. (2020). A title. Journal, 1, 2-3.\n", encoding="utf-8")
    monkeypatch.setenv("LITMAP_MAX_BYTES", "not a number")
    with pytest.raises(litmap.SettingsError, match="LITMAP_MAX_BYTES"):
        litmap.Settings.from_env()
    settings = litmap.Settings(offline=True, max_bytes=10_000_000)
    loaded = litmap.load_article(bundled_article, references=references, settings=settings)
    assert len(loaded.references) == 1
    size = bundled_article.stat().st_size
    assert file_digest(CorpusInput("a", str(bundled_article)), max_bytes=size - 1) is None  # the run's limit
    assert file_digest(CorpusInput("a", str(bundled_article)), max_bytes=size) is not None
