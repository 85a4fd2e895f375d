"""The slide deck (evidence.pptx), read back with python-pptx and looked at as a person would: rendered
by LibreOffice Impress to PDF and then to one PNG per slide, every slide checked for content kept inside
its bounds. The LibreOffice tests need Debian's libreoffice-impress (`make test` installs it, as it does
chromium); where it is missing they are skipped with a message saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

import litmap
from litmap.cli import main

REPO = Path(__file__).resolve().parents[1]
CORPUS_ARTICLE = REPO / "data" / "corpus" / "plos-pone-0036880.txt"
UNCITED_TITLE = re.compile(r"Claims( and findings)? that cite no source")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed, so the decks cannot be rendered as a person would see "
    "them; `make test` installs Debian's libreoffice-impress (.ci/ensure-libreoffice) where it can",
)


@pytest.fixture(scope="module")
def bundled_deck(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundled")
    snapshot = REPO / "data" / "snapshots" / "empathy-in-therapy.json"
    settings = litmap.Settings(offline=True, progress=False, figure_formats=("png",), figure_dpi=144)
    article = REPO / "data" / "articles" / "empathy-in-therapy.txt"
    litmap.run(article, out_dir=out, settings=settings, snapshot=snapshot)  # the deck comes with the figures
    return out / "evidence.pptx"


@pytest.fixture(scope="module")
def corpus_deck(tmp_path_factory) -> Path:
    """A real article read offline: nothing checked, many claims that cite nothing, a crowded map."""
    out = tmp_path_factory.mktemp("corpus-article")
    litmap.run(CORPUS_ARTICLE, out_dir=out, settings=litmap.Settings(offline=True, progress=False), slides=True)
    return out / "evidence.pptx"


def _titles(deck: Presentation) -> list[str]:
    titles = []
    for slide in deck.slides:
        title = slide.shapes.title
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]
        titles.append(title.text_frame.text if title is not None else (texts[0] if texts else ""))
    return titles


def _runs(deck: Presentation):
    for slide in deck.slides:
        for shape in slide.shapes:
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if shape.has_table:
                frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
            for frame in frames:
                for paragraph in frame.paragraphs:
                    yield from paragraph.runs


def test_the_deck_has_the_slides_a_talk_needs(bundled_deck):
    deck = Presentation(bundled_deck)
    assert (deck.slide_width, deck.slide_height) == (Emu(12192000), Emu(6858000))  # 13.333 x 7.5 in
    titles = _titles(deck)
    assert titles[0].startswith("Where the claims of “The Healing Power of Empathy in Therapy”")
    topics = [
        t.label
        for t in litmap.discover_topics(
            litmap.load_article(REPO / "data/articles/empathy-in-therapy.txt").claims
        ).topics
    ]
    assert set(topics) <= set(titles)  # one slide per topic
    for title in ("References that need attention", "Reading list"):
        assert title in titles
    assert any(UNCITED_TITLE.match(t) for t in titles)
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 2  # the evidence map and the audit summary, each over a whole slide
    for picture in pictures:
        assert (picture.width, picture.height) == (deck.slide_width, deck.slide_height)
        assert picture._element.nvPicPr.cNvPr.get("descr")  # alt text
    assert all(slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip() for slide in deck.slides)


def test_text_is_native_and_never_smaller_than_14_pt(bundled_deck):
    deck = Presentation(bundled_deck)
    runs = list(_runs(deck))
    assert runs and all(run.font.size is not None and run.font.size.pt >= 14 for run in runs)
    assert {run.font.name for run in runs} == {"Arial"}
    attention = next(
        s
        for slide in deck.slides
        for s in slide.shapes
        if s.has_table and [c.text for c in s.table.rows[0].cells] == ["Reference", "Verdict", "Why"]
    )
    rows = [[cell.text for cell in row.cells] for row in attention.table.rows][1:]
    assert rows[0][1:] == ["discrepant", "year: cited 2007, record 2003"]  # Eisenberger et al.: the reason in words
    assert {row[1] for row in rows} == {"discrepant", "not found"}
    reading = next(slide for slide in deck.slides if slide.shapes.title and slide.shapes.title.text == "Reading list")
    assert "Eisenberger, N. I." in " ".join(s.text_frame.text for s in reading.shapes if s.has_text_frame)


def test_a_deck_from_the_command_line(tmp_path, bundled_article, bundled_snapshot):
    args = ["slides", str(bundled_article), "--out", str(tmp_path), "--offline", "--snapshot", str(bundled_snapshot)]
    result = CliRunner().invoke(main, [*args, "--formats", "png"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "evidence.pptx").stat().st_size > 50_000
    assert f"wrote {tmp_path / 'evidence.pptx'}" in result.output
    assert sorted(p.suffix for p in (tmp_path / "figures").iterdir()) == [".png"] * 4  # only the format asked
    bad = CliRunner().invoke(main, [*args, "--formats", "png,jpg"])
    assert bad.exit_code == 2 and "'jpg' is not a figure format" in bad.output


def _render(deck: Path, out: Path) -> Path:
    """The deck as LibreOffice Impress prints it: a PDF, one page a slide."""
    profile = out / "profile"  # its own LibreOffice profile, so parallel runs do not share a lock
    command = [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf"]
    subprocess.run([*command, "--outdir", str(out), str(deck)], check=True, capture_output=True, timeout=300)
    return out / f"{deck.stem}.pdf"


def _check_rendered(deck_path: Path, out: Path) -> None:
    import numpy as np
    import pypdfium2

    deck = Presentation(deck_path)
    pdf = pypdfium2.PdfDocument(_render(deck_path, out))
    assert len(pdf) == len(deck.slides)
    for number, (page, slide) in enumerate(zip(pdf, deck.slides), 1):
        width, height = page.get_size()
        assert (round(width), round(height)) == (960, 540)
        # Every character lies inside the shape that holds it: nothing overflows its box or the slide.
        boxes = [
            (s.left / 12700, s.top / 12700, (s.left + s.width) / 12700, (s.top + s.height) / 12700)
            for s in slide.shapes
            if s.has_text_frame or s.has_table
        ]
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            if right - left <= 0:
                continue  # a space or line break
            x0, y0, x1, y1 = left, height - top, right, height - bottom
            inside = any(b[0] - 2 <= x0 and x1 <= b[2] + 2 and b[1] - 2 <= y0 and y1 <= b[3] + 2 for b in boxes)
            assert inside, f"slide {number}: {text.get_text_range(max(i - 20, 0), 40)!r} runs outside its box"
        # Something is on every slide, and nothing touches its edges.
        image = np.asarray(page.render(scale=1).to_pil().convert("L"))
        ink = image < 200
        assert ink.sum() > 2000, f"slide {number} is (nearly) empty"
        edge = np.concatenate([ink[:6].ravel(), ink[-6:].ravel(), ink[:, :6].ravel(), ink[:, -6:].ravel()])
        assert not edge.any(), f"slide {number} has content at its edge"


@needs_office
@pytest.mark.slow
def test_libreoffice_renders_every_slide_of_the_bundled_deck_inside_its_bounds(bundled_deck, tmp_path):
    _check_rendered(bundled_deck, tmp_path)


@needs_office
@pytest.mark.slow
def test_libreoffice_renders_the_deck_of_an_unchecked_crowded_article(corpus_deck, tmp_path):
    deck = Presentation(corpus_deck)
    titles = _titles(deck)
    attention = titles.index("The references are not checked yet")
    said = " ".join(s.text_frame.text for s in deck.slides[attention].shapes if s.has_text_frame)
    assert "Not known: none of the" in said and "could be checked (all unchecked)" in said and "None:" not in said
    # No chart of one grey bar before it: nothing was checked, so there are no verdicts to count.
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert [p._element.nvPicPr.cNvPr.get("descr").split(" of ")[0] for p in pictures] == ["Evidence map"]
    assert [t for t in titles if UNCITED_TITLE.match(t)][-1].endswith("(3 of 3)")
    _check_rendered(corpus_deck, tmp_path)


def test_an_unchecked_deck_says_so_and_shows_where_the_other_unsupported_claims_are(corpus_deck):
    """Offline, nothing was looked up: the title slide and its notes must not speak of an audit, and
    the last "cite no source" slide names, on the slide, how many more there are and where."""
    deck = Presentation(corpus_deck)
    first = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    assert "references, none checked yet" in first and "An audit of" not in first
    assert "none of them looked up" in notes and "each looked up" not in notes
    titles = _titles(deck)
    pages = [i for i, t in enumerate(titles) if UNCITED_TITLE.match(t)]
    shown = sum(len(s.table.rows) - 1 for i in pages for s in deck.slides[i].shapes if s.has_table)
    unsupported = pd.read_csv(corpus_deck.parent / "unsupported.csv")
    assert len(unsupported) > shown  # the article has more than three slides of them
    said = [s.text_frame.text for s in deck.slides[pages[-1]].shapes if s.has_text_frame]
    named = "claims and findings" if unsupported["kind"].nunique() > 1 else "claims"
    assert f"+ {len(unsupported) - shown} more {named} that cite no source, in unsupported.csv" in said
    # Claims before the article's own findings: a finding rests on the article's data.
    tables = [s.table for i in pages for s in deck.slides[i].shapes if s.has_table]
    kinds = [row.cells[1].text for table in tables for row in list(table.rows)[1:]]
    if named == "claims and findings":
        assert kinds[0] == "claim" and kinds == sorted(kinds)  # every claim, then the findings


def test_the_figures_of_an_unchecked_run_do_not_call_it_audited(corpus_deck):
    """The figures' subtitle names the day; with every reference unchecked it must not say "audited"."""
    svg = (corpus_deck.parent / "figures" / "audit-summary.svg").read_text(encoding="utf-8")
    assert "references not checked" in svg and "audited" not in svg
    assert "What the audit found" not in svg and "not yet checked" in svg  # the title too


def _fonts() -> dict:
    """Font files to measure the deck's Arial with: Liberation Sans (Arial's widths) when installed, else
    matplotlib's DejaVu Sans, which is wider."""
    from matplotlib import font_manager

    files = {Path(f.fname).name: f.fname for f in font_manager.fontManager.ttflist}
    names = {False: "LiberationSans-Regular.ttf", True: "LiberationSans-Bold.ttf"}
    return {bold: files.get(name) for bold, name in names.items()}


def _lines(text: str, width_pt: float, size: float, bold: bool = False) -> int:
    """Lines ``text`` takes at ``size`` points in a column ``width_pt`` points wide, each paragraph apart."""
    from litmap.present.text_fit import wrap_lines

    fname = _fonts()[bold]
    return sum(len(wrap_lines(p, width_pt, size, max_lines=99, fname=fname)) for p in str(text).split("\n"))


def _pt(emu) -> float:
    return emu / 12700


def _overflows(deck: Presentation) -> list[str]:
    """Every text box, title and table cell whose text, wrapped at its type size, needs more room than it
    has, and every shape that reaches past the slide's half-inch margin (or, for a picture, its edge)."""
    leading = 1.2
    found = []
    width, height = _pt(deck.slide_width), _pt(deck.slide_height)
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            if shape.shape_type == 13:  # a picture covers the slide, no more
                inside = shape.left >= 0 and shape.top >= 0
                inside &= _pt(shape.left + shape.width) <= width + 0.5 and _pt(shape.top + shape.height) <= height + 0.5
                if not inside:
                    found.append(f"slide {number}: a picture runs past the slide")
                continue
            if not (shape.has_text_frame or shape.has_table):
                continue
            right, bottom = _pt(shape.left + shape.width), _pt(shape.top + shape.height)
            if _pt(shape.left) < 35 or right > width - 35 or _pt(shape.top) < 20 or bottom > height - 35:
                found.append(f"slide {number}: {shape.name} reaches past the margin")
            if shape.has_text_frame:
                frame = shape.text_frame
                room = _pt(shape.width) - _pt(frame.margin_left or 91440) - _pt(frame.margin_right or 91440)
                need = 0.0
                for paragraph in frame.paragraphs:
                    if not paragraph.runs:
                        continue
                    size = paragraph.runs[0].font.size.pt
                    bold = bool(paragraph.runs[0].font.bold)
                    need += _lines(paragraph.text, room, size, bold) * size * leading
                    need += paragraph.space_after.pt if paragraph.space_after is not None else 0.0
                have = _pt(shape.height) - _pt(frame.margin_top or 45720) - _pt(frame.margin_bottom or 45720)
                if need > have + 1:
                    found.append(f"slide {number}: {frame.text[:40]!r} needs {need:.0f} pt, has {have:.0f}")
            else:
                table = shape.table
                for row in table.rows:
                    for c, cell in enumerate(row.cells):
                        runs = [run for p in cell.text_frame.paragraphs for run in p.runs]
                        if not runs:
                            continue
                        size = runs[0].font.size.pt
                        room = _pt(table.columns[c].width) - _pt(cell.margin_left) - _pt(cell.margin_right)
                        need = _lines(cell.text, room, size, bool(runs[0].font.bold)) * size * leading
                        have = _pt(row.height) - _pt(cell.margin_top) - _pt(cell.margin_bottom)
                        if need > have + 1:
                            found.append(f"slide {number}: cell {cell.text[:40]!r} needs {need:.0f} pt, has {have:.0f}")
    return found


def _source_tables(deck: Presentation):
    """The (slide, table) of each topic slide's table of sources."""
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_table and shape.table.rows[0].cells[0].text == "Source":
                yield slide, shape.table


def test_verdicts_are_shown_only_where_a_reference_was_checked(bundled_deck, corpus_deck):
    """Offline with nothing looked up, a 'Verdict' column of 'unchecked' on every topic table and
    '[unchecked]' after every reading-list entry said nothing: they are left out (the audit slide says
    nothing was checked). With a snapshot the verdicts are there."""
    for path, checked in ((bundled_deck, True), (corpus_deck, False)):
        deck = Presentation(path)
        tables = list(_source_tables(deck))
        assert tables
        headers = {tuple(c.text for c in table.rows[0].cells) for _, table in tables}
        assert headers == ({("Source", "Verdict")} if checked else {("Source",)})
        cells = [c.text for _, table in tables for row in table.rows for c in row.cells]
        assert ("unchecked" in cells or "verified" in cells) == checked
        (reading,) = [slide for slide, title in zip(deck.slides, _titles(deck)) if title == "Reading list"]
        text = " ".join(s.text_frame.text for s in reading.shapes if s.has_text_frame)
        assert ("[unchecked]" in text) is False
        assert bool(re.search(r"\[(verified|discrepant|not found)\]", text)) == checked
        notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
        assert ("none checked yet" in notes) != checked


@pytest.mark.parametrize("which", ["bundled_deck", "corpus_deck"])
def test_every_text_fits_its_box_and_every_box_the_slide(which, request):
    """Measured, not rendered: each text box, title and table cell holds its text at its type size, and
    nothing reaches past the slide's margin."""
    deck = Presentation(request.getfixturevalue(which))
    assert _overflows(deck) == []


@pytest.fixture(scope="module")
def long_names_deck(tmp_path_factory) -> Path:
    """A deck whose sources have long names (a group author) and whose claims are long."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from graph_fixtures import TAXONOMY, tables

    from litmap.evidence.graph import build_evidence_graph
    from litmap.evidence.topics import compute_topics

    data = tables()
    graph = build_evidence_graph(
        data["claims"],
        data["citations"],
        data["references"],
        data["audit"],
        data["source_links"],
        compute_topics(data["claims"], TAXONOMY),
        article="Empathy in therapy: a review",
    )
    graph.nodes["ref:R02"]["label"] = "International Conference on Harmonisation E9 Expert Working Group 1999"
    graph.nodes["ref:R03"]["label"] = "Substance Abuse and Mental Health Services Administration 2014"
    for claim in [n for n, k in graph.nodes(data="kind") if k == "claim"]:
        graph.nodes[claim]["text"] = str(graph.nodes[claim]["text"]) + " And so on, at length," * 12
    out = tmp_path_factory.mktemp("long-names") / "evidence.pptx"
    return litmap.write_slides(out, graph, data["audit"])


def test_topic_tables_take_one_line_a_row_and_the_notes_keep_every_name_whole(long_names_deck):
    deck = Presentation(long_names_deck)
    tables = list(_source_tables(deck))
    assert tables
    cut = set()
    for slide, table in tables:
        notes = slide.notes_slide.notes_text_frame.text
        heights = {row.height for row in list(table.rows)[1:]}
        assert len(heights) == 1  # every row alike: one line
        for row in list(table.rows)[1:]:
            for c, cell in enumerate(row.cells):
                room = _pt(table.columns[c].width) - _pt(cell.margin_left) - _pt(cell.margin_right)
                assert _lines(cell.text, room, 15) == 1, cell.text
            name = row.cells[0].text
            if name.endswith(("1999", "2014")) and "…" in name:
                cut.add(name)
        if any(row.cells[0].text.startswith("International") for row in table.rows):
            assert "International Conference on Harmonisation E9 Expert Working Group 1999" in notes  # whole
    # The long names are cut in their words, keeping the year, and both stay whole in some notes.
    assert any(name.startswith("International") and name.endswith("… 1999") for name in cut)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert "Substance Abuse and Mental Health Services Administration 2014" in notes
    assert _overflows(deck) == []


def test_a_section_name_takes_no_more_lines_than_its_claim(corpus_deck):
    """Two lines at least (one word of a section's name says nothing), else no more than its claim."""
    deck = Presentation(corpus_deck)
    seen = 0
    for slide in deck.slides:
        for shape in slide.shapes:
            header = [c.text for c in shape.table.rows[0].cells] if shape.has_table else []
            if header[:1] != ["Claim"] or "Section" not in header:
                continue
            widths = [_pt(col.width) - 14.4 for col in shape.table.columns]
            notes = slide.notes_slide.notes_text_frame.text
            at = header.index("Section")
            for row in list(shape.table.rows)[1:]:
                cells = [cell.text for cell in row.cells]
                claim, section, text = cells[0], cells[at], cells[at + 1]
                assert _lines(section, widths[at], 15) <= max(_lines(text, widths[at + 1], 15), 2), (section, text)
                assert f"{claim} (" in notes  # each claim, with its section whole, in the notes
                seen += 1
    assert seen > 10


@pytest.mark.parametrize(
    ("which", "article", "times"),
    [
        ("corpus_deck", "Mentalizing Deficits Constrain Belief in a Personal God", 1),  # the title shows it whole
        ("bundled_deck", "The Healing Power of Empathy in Therapy", 2),  # the title shows it without its subtitle
    ],
)
def test_the_title_slide_names_the_article_in_full_once(which, article, times, request):
    deck = Presentation(request.getfixturevalue(which))
    said = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    assert said.count(article) == times
    if times == 2:  # then the line under the title adds what the title left out
        assert "The Healing Power of Empathy in Therapy: A Scientific Approach to Growth and Transformation" in said


def test_a_deck_of_one_claim_and_one_reference_counts_them_in_the_singular(tmp_path):
    import re

    article = tmp_path / "one.txt"
    article.write_text(
        "A single finding\n\nEmpathy predicts the outcome of therapy (Smith, 2001).\n\n"
        "References\n\nSmith, J. (2001). Empathy in therapy. Journal of Care, 3(2), 10-20.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["slides", str(article), "--offline", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    deck = Presentation(tmp_path / "out" / "evidence.pptx")
    texts = [shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame]
    texts += [slide.notes_slide.notes_text_frame.text for slide in deck.slides if slide.has_notes_slide]
    said = " ".join(texts)
    assert "1 reference" in said and "1 claim" in said
    assert not re.findall(r"\b1 (?:references|claims|sources)\b|none of the 1\b", said), said


def test_a_crowded_topic_slide_shows_its_most_cited_sources_and_names_each_claims_sources_whole(tmp_path):
    """A topic of 40 sources (more than its table holds): the rows shown are the sources most of its
    claims cite, the '+ N more sources' row carries no verdict colour, and each long claim is cut in its
    own words so that the sources it cites stay named whole, numbered citations ('[1]–[4]') left out."""
    from litmap.schemas import AUDIT

    graph = nx.DiGraph(name="A crowded review")
    statuses = ["discrepant", "not_found", "retracted", "verified"]
    for s in range(40):
        name = f"Zeta{s:02d} et al. 2001" if s < 4 else f"Mu{s:02d} et al. 2001"  # the most cited, last by name
        graph.add_node(f"ref:R{s:02d}", kind="source", label=name, status=statuses[s % 4])
    graph.add_node("topic:t", kind="topic", label="Care", n_claims=12)
    for c in range(12):
        node = f"claim:C{c:02d}"
        words = " ".join(["the effect of care on outcomes holds across settings"] * 6)
        graph.add_node(node, kind="claim", claim_id=f"C{c:02d}", text=f"Claim {c} finds [1]–[4] that {words}.")
        for s in {0, 1, 2, 3, 4 + 3 * c, 5 + 3 * c, 6 + 3 * c} & set(range(39)) if c < 11 else {39}:
            graph.add_edge(node, f"ref:R{s:02d}", relation="cites")
        graph.add_edge(node, "topic:t", relation="about", score=3.0)
    audit = AUDIT.from_records([{"ref_id": f"R{s:02d}", "status": statuses[s % 4]} for s in range(40)])
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))
    ((slide, table),) = list(_source_tables(deck))
    rows = list(table.rows)[1:]
    names = [row.cells[0].text for row in rows]
    assert names[-1].startswith("+ ") and names[-1].endswith(" more sources")
    assert rows[-1].cells[1].fill.type is None  # no verdict, no colour
    assert {"Zeta00 et al. 2001", "Zeta01 et al. 2001", "Zeta02 et al. 2001", "Zeta03 et al. 2001"} <= set(names)
    assert "Mu04 et al. 2001" in names and "Mu38 et al. 2001" not in names  # ties: by name
    assert names[:-1] == sorted(names[:-1])  # those shown, in the order of their names
    claims = [
        p.text
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        if re.match(r"C\d+ · ", p.text)
    ]
    assert len(claims) >= 2
    for text in claims:
        cited = text[text.rindex("[") :]
        assert cited.endswith("]") and "…" not in cited and "Zeta00 et al. 2001" in cited, text
        assert "more]" in cited  # seven sources: three named, then how many more
        assert "[1]" not in text and "–[4]" not in text
    assert _overflows(deck) == []


def test_a_long_claim_keeps_its_long_named_sources_whole(long_names_deck, tmp_path):
    """Claims longer than their four lines, citing group authors: the words give way, the names of the
    sources each claim cites (ending the paragraph in brackets) stay whole; names too long for that
    give way to a count ('2 more'), never to a cut."""
    from litmap.schemas import AUDIT

    graph = nx.DiGraph(name="Group authors")
    long = "National Research Council of the National Academies Committee on Military and Intelligence {} 2008"
    for s in range(3):
        graph.add_node(f"ref:R{s}", kind="source", label=long.format(s), status="verified")
    graph.add_node("topic:t", kind="topic", label="Security", n_claims=1)
    graph.add_node("claim:C01", kind="claim", claim_id="C01", text="Brain imaging may one day read intent. " * 8)
    for s in range(3):
        graph.add_edge("claim:C01", f"ref:R{s}", relation="cites")
    graph.add_edge("claim:C01", "topic:t", relation="about", score=3.0)
    audit = AUDIT.from_records([{"ref_id": f"R{s}", "status": "verified"} for s in range(3)])
    group = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))
    claims = [
        p.text
        for deck in (Presentation(long_names_deck), group)
        for slide in deck.slides
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        if re.match(r"C\d+ · ", p.text)
    ]
    assert claims
    for text in claims:
        assert text.endswith("]") and "…" not in text[text.rindex("[") :], text
    assert any("International Conference on Harmonisation E9 Expert Working Group 1999" in t for t in claims)
    assert claims[-1].startswith("C01 · Brain imaging") and claims[-1].endswith(" more]")


@pytest.mark.parametrize(
    ("name", "title", "shown"),
    [
        ("", "Where the claims of the article get their evidence", None),
        (
            "<i>Drosophila</i> &amp; the <sup>13</sup>C label",
            "Where the claims of “Drosophila & the 13C label” get their evidence",
            "Drosophila & the 13C label",
        ),
        ("Pneumonoultramicroscopicsilicovolcanoconiosis" * 3, "Where the claims of “Pneumono", "Pneumono"),
        (  # a quotation in the title: single quotes inside the double, not '“"May I…'
            '"May I Buy a Pack, Please?" Sales to Minors',
            "Where the claims of “‘May I Buy a Pack, Please?’ Sales to Minors” get their evidence",
            "Sales to Minors",
        ),
    ],
)
def test_odd_article_titles_read_as_titles_on_the_slides_and_figures(name, title, shown, tmp_path):
    """A missing title is 'the article', unquoted (not '“the article”'); markup and entities are undone
    (not '<i>Drosophila</i> &amp;'); a title of one long word is cut in it (not '“…”')."""
    from graph_fixtures import tables

    from litmap.evidence.graph import build_evidence_graph

    data = tables()
    graph = build_evidence_graph(data["claims"], data["citations"], data["references"], data["audit"], article=name)
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, data["audit"]))
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    assert deck.core_properties.title.startswith(title) and "“…”" not in deck.core_properties.title
    every = " ".join(texts) + " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides)
    assert "<i>" not in every and "&amp;" not in every and "“the article”" not in every
    assert shown is None or shown in every
    ax = litmap.plot_evidence_map(graph)
    heading = " ".join(" ".join(t.get_text() for t in ax.figure.texts).split())
    assert heading.startswith(title)
    assert "<i>" not in heading and "“…”" not in heading
