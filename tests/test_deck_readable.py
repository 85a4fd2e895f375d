"""The deck as a presenter reads it (issue #23, a round of looking at the slides of real articles):
TeX in titles shown as words, the reasons a reference needs attention short and one a line, tables
spread evenly over their slides, no slide that says nothing, and a title slide that does not quote a
title cut short."""

from __future__ import annotations

import networkx as nx
import pytest
from pptx import Presentation

import litmap
from litmap.present.slide_layout import BODY_BOTTOM, BODY_TOP, deck_measure, paginate
from litmap.present.slides import MAX_ATTENTION_SLIDES, difference
from litmap.present.tex import tex_to_text
from litmap.schemas import AUDIT


@pytest.mark.parametrize(
    ("tex", "plain"),
    [
        (r"The role of $\alpha$-synuclein in \textit{Drosophila}", "The role of α-synuclein in Drosophila"),
        (r"$^{13}$C-labelled H$_2$O and Na$^+$/K$^+$-ATPase", "¹³C-labelled H₂O and Na⁺/K⁺-ATPase"),
        (r"{\em In vivo} \textbf{\emph{nested}} and Erd\H{o}s \& Gr\"{o}bner", "In vivo nested and Erdős & Gröbner"),
        (r"Effects of $\beta$-blockers ($n=12$, $p < 0.05$)", "Effects of β-blockers (n=12, p < 0.05)"),
        ("Costs of $5 and $10 in R&D: 50% less", "Costs of $5 and $10 in R&D: 50% less"),  # prices, not TeX
        (r"A \unknowncommand{kept} as written", r"A \unknowncommand{kept} as written"),
    ],
)
def test_tex_in_a_title_reads_as_words(tex, plain):
    assert tex_to_text(tex) == plain


def _graph(name: str, n_refs: int = 3, n_claims: int = 3) -> nx.DiGraph:
    graph = nx.DiGraph(name=name)
    graph.add_node("topic:t", kind="topic", label=r"\textit{Drosophila} genetics", n_claims=n_claims)
    for r in range(n_refs):
        title = f"Study number {r} of the effects of empathy on the outcomes of psychotherapy in adults"
        graph.add_node(
            f"ref:R{r:02d}", kind="source", label=f"Author{r:02d} 2001", title=title, status="verified", n_claims=1
        )
    for c in range(n_claims):
        node = f"claim:C{c:02d}"
        graph.add_node(node, kind="claim", claim_id=f"C{c:02d}", text=f"Claim {c} holds in every setting.")
        graph.add_edge(node, f"ref:R{c % n_refs:02d}", relation="cites")
        graph.add_edge(node, "topic:t", relation="about", score=3.0)
    return graph


def _said(deck) -> str:
    texts = [s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame]
    texts += [
        c.text for slide in deck.slides for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells
    ]
    return "\n".join(texts)


def test_tex_in_the_article_title_is_not_shown_raw_on_slides_or_figures(tmp_path):
    graph = _graph(r"Loss of $\alpha$-synuclein in \textit{Drosophila} neurons")
    audit = AUDIT.from_records([{"ref_id": f"R{r:02d}", "status": "verified"} for r in range(3)])
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))
    said = _said(deck)
    assert "α-synuclein in Drosophila neurons" in said and "Drosophila genetics" in said  # a topic's label too
    assert "$" not in said and "\\textit" not in said
    ax = litmap.plot_evidence_map(graph)
    heading = " ".join(t.get_text() for t in ax.figure.texts)
    assert "α-synuclein" in heading and "$" not in heading and "\\textit" not in heading


def test_a_title_cut_short_is_not_quoted_on_the_title_slide(tmp_path):
    name = "Diagnostically relevant facial gestalt information from ordinary photos of children"
    audit = AUDIT.from_records([{"ref_id": f"R{r:02d}", "status": "verified"} for r in range(3)])
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", _graph(name), audit))
    said = [s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame]
    assert said[0] == "Where the claims get their evidence"
    assert any(name in text for text in said[1:])  # the whole title under it
    assert "…" not in "".join(said)


def test_a_long_difference_shows_where_the_cited_and_record_values_differ():
    cited = "A systematic review and synthesis of the quantitative and qualitative evidence behind goal setting"
    record = "A systematic review and synthesis of the quantitative evidence behind goal setting in stroke"
    short = difference(f'title: cited "{cited}", record "{record}"')
    assert (
        short
        == 'title: cited "…the quantitative and qualitative evidence behind goal setting", record "…the quantitative evidence behind goal setting in stroke"'
    )
    assert difference('title: cited "Empathy", record "Sympathy"') == 'title: cited "Empathy", record "Sympathy"'
    assert difference("year: cited 2001, record 2003") == "year: cited 2001, record 2003"


def _attention_deck(tmp_path, n_refs: int):
    graph = _graph("Many references that need attention", n_refs=n_refs, n_claims=3)
    long = "Study number {} of the effects of empathy on the outcomes of psychotherapy in adults"
    records = [
        {
            "ref_id": f"R{r:02d}",
            "status": "discrepant",
            "discrepancies": [
                "year: cited 2001, record 2003",
                f'title: cited "{long.format(r)}", record "{long.format(r).replace("adults", "children")}"',
            ],
        }
        for r in range(n_refs)
    ]
    audit = AUDIT.from_records(records)
    return Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))


def _attention_slides(deck):
    for slide in deck.slides:
        if slide.shapes.title is not None and slide.shapes.title.text.startswith("References that need attention"):
            yield slide, next(s.table for s in slide.shapes if s.has_table)


def test_reasons_are_one_a_line_and_show_the_difference(tmp_path):
    deck = _attention_deck(tmp_path, 3)
    ((slide, table),) = list(_attention_slides(deck))
    why = list(table.rows)[1].cells[2].text_frame
    assert [p.text for p in why.paragraphs] == [
        "year: cited 2001, record 2003",
        'title: cited "…psychotherapy in adults", record "…psychotherapy in children"',
    ]
    notes = slide.notes_slide.notes_text_frame.text  # whole in the notes
    assert 'cited "Study number 0 of the effects of empathy on the outcomes of psychotherapy in adults"' in notes


def test_attention_slides_are_few_even_and_name_the_rest(tmp_path):
    deck = _attention_deck(tmp_path, 80)
    slides = list(_attention_slides(deck))
    assert len(slides) == MAX_ATTENTION_SLIDES
    shown = sum(len(table.rows) - 1 for _, table in slides)
    last = slides[-1][0]
    line = next(s.text_frame.text for s in last.shapes if s.has_text_frame and s.text_frame.text.startswith("+ "))
    assert line == f"+ {80 - shown} more that need attention, in audit.csv and in the notes"
    notes = last.notes_slide.notes_text_frame.text
    assert "R79 · Author79 2001" in notes  # the last one, not on any slide, in the notes
    few = list(_attention_slides(_attention_deck(tmp_path / "few", 9)))
    rows = [len(table.rows) - 1 for _, table in few]
    assert len(rows) == 2 and abs(rows[0] - rows[1]) <= 1, rows  # not a full slide and a slide of one row


def test_balanced_pages_are_as_few_and_about_as_tall_as_each_other():
    measure = deck_measure()
    widths = [1.0, 3.0]
    rows = [[f"R{i:02d}", "one line"] for i in range(40)]
    per_page = len(paginate(rows, widths, measure)[0][0])  # as many as a page holds
    rows = rows[: per_page + 1]  # a full page and one row over
    greedy = paginate(rows, widths, measure)
    even = paginate(rows, widths, measure, balance=True)
    assert [len(page) for page, _ in greedy] == [per_page, 1]
    assert len(even) == 2 and abs(len(even[0][0]) - len(even[1][0])) <= 1  # two half pages, not a full one and a row
    assert [r for page, _ in even for r in page] == rows  # the same rows, in their order
    assert all(sum(heights) <= BODY_BOTTOM - BODY_TOP for _, heights in even)


def test_an_unchecked_deck_has_no_empty_chart_and_says_why(tmp_path):
    graph = _graph("Nothing was looked up")
    audit = AUDIT.from_records([{"ref_id": f"R{r:02d}", "status": "unchecked"} for r in range(3)])
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))
    pictures = [s for slide in deck.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1  # the map; not a chart of one grey bar
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title is not None]
    assert "The references are not checked yet" in titles
    checked = AUDIT.from_records([{"ref_id": f"R{r:02d}", "status": "verified"} for r in range(3)])
    deck = Presentation(litmap.write_slides(tmp_path / "checked.pptx", graph, checked))
    assert sum(s.shape_type == 13 for slide in deck.slides for s in slide.shapes) == 2  # map and chart


def test_the_uncited_claims_table_has_no_column_that_says_the_same_on_every_row(tmp_path):
    graph = _graph("Claims that cite nothing", n_refs=1, n_claims=1)
    for c in range(1, 6):
        graph.add_node(
            f"claim:U{c}",
            kind="claim",
            claim_id=f"U{c}",
            text=f"Uncited {c}.",
            section="Developing Empathetic Coping Skills",
        )
    audit = AUDIT.from_records([{"ref_id": "R00", "status": "verified"}])
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))
    (table,) = [
        s.table for slide in deck.slides for s in slide.shapes if s.has_table and s.table.cell(0, 0).text == "Claim"
    ]
    assert [c.text for c in table.rows[0].cells] == ["Claim", "Section", "Text"]  # every kind is 'claim'
    assert {row.cells[1].text for row in list(table.rows)[1:]} == {
        "Developing Empathetic Coping Skills"
    }  # not 'Developing…'


def _legend_rows(ax) -> list[list[str]]:
    """The legend's labels row by row, top first (by where matplotlib drew them)."""
    ax.figure.canvas.draw()
    texts = [t for t in ax.get_legend().get_texts() if t.get_text()]
    rows: dict[float, list] = {}
    for t in texts:
        box = t.get_window_extent()
        rows.setdefault(round(box.y0), []).append((box.x0, t.get_text()))
    return [[label for _, label in sorted(row)] for _, row in sorted(rows.items(), reverse=True)]


def test_a_legend_keeps_the_verdicts_on_a_row_and_the_line_styles_on_another():
    """Not 'verified, retracted, not found, fit: on topic, …' over a lone 'discrepant'."""
    graph = _graph("Legend", n_refs=4, n_claims=4)
    statuses = ["verified", "discrepant", "retracted", "not_found"]
    for r, status in enumerate(statuses):
        graph.nodes[f"ref:R{r:02d}"]["status"] = status
    fits = ["on topic", "tangential", "unknown", "on topic"]
    for c in range(4):
        graph.edges[f"claim:C{c:02d}", f"ref:R{c:02d}"]["fit"] = fits[c]
    rows = _legend_rows(litmap.plot_evidence_map(graph))
    assert rows == [
        ["verified", "discrepant", "retracted", "not found"],
        ["fit: on topic", "fit: tangential", "fit: unknown"],
    ]


def test_the_notes_name_only_the_colours_and_verdicts_the_slides_show(tmp_path):
    graph = _graph("All verified")
    audit = AUDIT.from_records([{"ref_id": f"R{r:02d}", "status": "verified"} for r in range(3)])
    deck = Presentation(litmap.write_slides(tmp_path / "evidence.pptx", graph, audit))
    notes = [slide.notes_slide.notes_text_frame.text for slide in deck.slides]
    map_notes = next(n for n in notes if n.startswith("Read left to right"))
    assert "(green verified)" in map_notes and "purple" not in map_notes
    assert "Line style" not in map_notes  # no fit was computed: every line is alike
    summary = next(n for n in notes if n.startswith("The verdicts of"))
    assert (
        "Verified: a public record matches" in summary and "Unchecked:" not in summary and "Retracted:" not in summary
    )


def test_the_maps_panel_gives_each_claim_two_lines_at_least():
    """A crowded map shows fewer claims, each readable, rather than ten cut after a line."""
    graph = _graph("Crowded", n_refs=20, n_claims=20)
    for c in range(20):
        words = "the growth models came from studies with robust sample sizes that included every size class"
        graph.nodes[f"claim:C{c:02d}"]["text"] = f"Claim {c}: {words}, as {words}."
    ax = litmap.plot_evidence_map(graph)
    ids = {n.split(":", 1)[1] for n in ax.litmap_layout.claims if n.startswith("claim:")}
    texts = [t.get_text() for t in ax.texts]
    bodies = [
        texts[i + 1]
        for i, text in enumerate(texts[:-1])
        if text in ids and texts[i + 1] not in ids and not texts[i + 1].startswith("+")
    ]
    assert len(bodies) == len(ids) >= 4
    assert all(body.count("\n") >= 1 or not body.endswith("…") for body in bodies), bodies
