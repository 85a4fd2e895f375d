"""The talk: a slide deck (PowerPoint, ``evidence.pptx``) of an article's evidence, with python-pptx.

Slides, in order: the title; the evidence map; one slide per topic with its claims and sources;
the audit summary; the references that need attention (discrepant, retracted, not found) with
the reasons in words; the claims that cite no source; the reading list's first page. Text is
PowerPoint's own (text boxes and tables, editable and searchable), figures are pictures (with
alt text), and every slide has speaker notes that say what it shows. Slides are 16:9 (13.333 ×
7.5 in, PowerPoint's widescreen size), and no type is smaller than 14 pt.

Text is laid out before PowerPoint sees it: each line is measured in DejaVu Sans, which is wider
than Arial (the font the deck names, and LibreOffice's Liberation Sans, which has Arial's
widths), so what fits here fits on the slide. A table longer than a slide continues on the next.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pandas as pd

from litmap.arguments import checked, path, table
from litmap.evidence.graph import GRAPH_ARGUMENT
from litmap.present.canvas import PRESETS, replacing, short_title, shorten, text_width, wrap_lines
from litmap.present.evidence_map import plot_evidence_map
from litmap.present.figures import plot_audit_summary
from litmap.present.map_layout import compute_column_layout, describe_left_out, natural_order
from litmap.present.palette import STATUS_TINTS
from litmap.schemas import AUDIT, AUDIT_STATUSES, READING_LIST, STATUS_LABELS, UNSUPPORTED

#: The file name of the deck in an output folder.
SLIDES_FILE = "evidence.pptx"
#: The font the deck names (PowerPoint has it; LibreOffice draws Liberation Sans, its metric twin).
FONT = "Arial"
#: Slide size in inches (PowerPoint's 16:9 widescreen) and the margin kept free around it.
WIDTH, HEIGHT, MARGIN = 40 / 3, 7.5, 0.5
#: Type sizes in points.
TITLE, BODY, TABLE, SMALL = 30, 18, 15, 14
_LEADING = 1.2  # line height as a multiple of the type size, as PowerPoint and Impress set it
_TOP = 1.45  # where a slide's body starts, inches from the top
_BOTTOM = HEIGHT - MARGIN  # and where it must end
_MAX_ROW_LINES = 6  # a table cell's text is cut with '…' beyond this many lines


@dataclass
class _Measure:
    """Measures text in points: in Liberation Sans (Arial's widths) when the machine has it, else in
    matplotlib's DejaVu Sans, which is wider (so text fits)."""

    fonts: dict  # bold -> font file, or None for DejaVu Sans

    def _font(self, bold: bool) -> dict:
        return {"weight": "bold" if bold else "normal", "fname": self.fonts.get(bold)}

    def lines(self, text: str, width_in: float, size: float, max_lines: int = 50, bold: bool = False) -> list[str]:
        # Text boxes and table cells keep 0.1 in inside each edge; 0.05 in more for rounding.
        room = (width_in - 0.25) * 72
        return wrap_lines(text, room, size, max_lines=max_lines, **self._font(bold))

    def fit(self, text: str, width_in: float, size: float) -> str:
        return shorten(" ".join(str(text).split()), (width_in - 0.25) * 72, size, **self._font(False))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Inches ``text`` takes on one line, with a cell's or box's inner margins."""
        return text_width(str(text), size, **self._font(bold)) / 72 + 0.25

    def fit_label(self, label: str, width_in: float, size: float) -> str:
        """A source label on one line ('International Conference on… 1999'): cut in its names, at a
        word, so that its year (and letter) stays whole."""
        label = " ".join(str(label).split())
        year = _LABEL_YEAR.search(label)
        if year is None or self.width(label, size) <= width_in:
            return self.fit(label, width_in, size)
        tail = label[year.start() :]
        room = width_in - (self.width(tail, size) - 0.25)
        if room <= 0.25 + size / 72:  # not even a word beside the year
            return self.fit(label, width_in, size)
        return f"{self.fit(label[: year.start()].rstrip(), room, size)}{tail}"


#: The year that ends a source's label ('Coke 2019', 'Ussher et al. 2012b', 'Anon. n.d.-a').
_LABEL_YEAR = re.compile(r" (?:\d{4}|n\.d\.)(?:-?[a-z])?$")


@lru_cache(maxsize=1)
def _liberation() -> dict:
    """Liberation Sans regular and bold files, when installed (LibreOffice draws Arial with them)."""
    from matplotlib import font_manager

    # Found through matplotlib's font list (made the first time matplotlib runs; a font installed
    # later is not in it, and then DejaVu Sans measures, which errs on the safe side).
    files = {Path(f.fname).name: f.fname for f in font_manager.fontManager.ttflist}
    regular, bold = files.get("LiberationSans-Regular.ttf"), files.get("LiberationSans-Bold.ttf")
    return {False: regular, True: bold} if regular and bold else {}


def _measure() -> _Measure:
    return _Measure(_liberation())


def _inches(value: float):
    from pptx.util import Emu

    return Emu(round(value * 914400))


def _style_runs(paragraph, size: float, *, bold: bool = False, color: str | None = None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    for run in paragraph.runs:
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        if color:
            run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def _text_box(slide, left, top, width, height, paragraphs, *, anchor_bottom: bool = False, space_after: float = 0):
    """A text box holding ``paragraphs``: (text, size, bold, colour) each, wrapped by PowerPoint,
    ``space_after`` points between them."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Pt

    box = slide.shapes.add_textbox(_inches(left), _inches(top), _inches(width), _inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM if anchor_bottom else MSO_ANCHOR.TOP
    for margin in ("margin_left", "margin_right"):
        setattr(frame, margin, _inches(0.1))
    for margin in ("margin_top", "margin_bottom"):
        setattr(frame, margin, _inches(0.05))
    for i, (text, size, bold, color) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.space_after = Pt(space_after)
        _style_runs(paragraph, size, bold=bold, color=color)
    return box


def _slide(deck, title: str, notes: str, measure: _Measure, *, subtitle: str | None = None):
    """A slide with its title (one line, two at most) and speaker notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only": the title is the slide's name
    shape = slide.shapes.title
    shape.left, shape.top = _inches(MARGIN), _inches(0.3)
    shape.width, shape.height = _inches(WIDTH - 2 * MARGIN), _inches(0.95)
    lines = measure.lines(title, WIDTH - 2 * MARGIN, TITLE, max_lines=2, bold=True)
    size = TITLE if len(lines) == 1 else 24
    lines = measure.lines(title, WIDTH - 2 * MARGIN, size, max_lines=2, bold=True)
    shape.text_frame.text = " ".join(lines)
    shape.text_frame.word_wrap = True
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN

    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for paragraph in shape.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        _style_runs(paragraph, size, bold=True)
    if subtitle:
        _text_box(
            slide,
            MARGIN,
            1.0,
            WIDTH - 2 * MARGIN,
            0.4,
            [(measure.fit(subtitle, WIDTH - 2 * MARGIN, SMALL), SMALL, False, "#444444")],
        )
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _picture(slide, image: bytes, description: str) -> None:
    """A figure over the whole slide (litmap's slide figures carry their own title), with alt text."""
    picture = slide.shapes.add_picture(io.BytesIO(image), 0, 0, _inches(WIDTH), _inches(HEIGHT))
    picture._element.nvPicPr.cNvPr.set("descr", description)  # alt text: python-pptx has no setter


def _table(slide, top, widths, header, rows, heights, tints=None, *, left: float = MARGIN):
    """A native table: a header row and ``rows``, each row as tall as its ``heights`` (inches);
    ``tints`` colour the second column of each row (the verdict)."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    shape = slide.shapes.add_table(
        len(rows) + 1, len(widths), _inches(left), _inches(top), _inches(sum(widths)), _inches(sum(heights))
    )
    table = shape.table
    for i, width in enumerate(widths):
        table.columns[i].width = _inches(width)
    for r, height in enumerate(heights):
        table.rows[r].height = _inches(height)
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = _inches(0.1)
            cell.margin_top = cell.margin_bottom = _inches(0.04)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.name = FONT
                    run.font.size = Pt(TABLE)
                    run.font.bold = r == 0
            if r > 0 and tints and tints[r - 1] and c == 1:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor.from_string(tints[r - 1].lstrip("#"))
    return table


def _paginate(rows: list[list[str]], widths: list[float], measure: _Measure, *, top: float = _TOP, reserve=0.0):
    """Split table rows into pages that fit under a slide's title, ``reserve`` inches left free below:
    [(rows, row heights), …]."""
    line = TABLE * _LEADING / 72
    header = line + 0.1
    room = _BOTTOM - top - header - reserve
    pages, page, heights, used = [], [], [], 0.0
    for row in rows:
        wrapped = [measure.lines(value, width, TABLE, max_lines=_MAX_ROW_LINES) for value, width in zip(row, widths)]
        row = [" ".join(lines) for lines in wrapped]
        height = max(len(lines) for lines in wrapped) * line + 0.1
        if page and used + height > room:
            pages.append((page, [header, *heights]))
            page, heights, used = [], [], 0.0
        page.append(row)
        heights.append(height)
        used += height
    if page:
        pages.append((page, [header, *heights]))
    return pages


def _reasons(row: dict) -> str:
    """Why a reference needs attention, in words."""
    status = row["status"]
    discrepancies = list(row.get("discrepancies") or [])
    notices = list(row.get("notices") or [])
    note = row.get("note")
    note = None if note is None or pd.isna(note) else str(note)
    if status == "retracted":
        parts = notices or ["the record carries a retraction notice"]
    elif status == "discrepant":
        parts = discrepancies or [note or "the record differs from the entry"]
    elif status == "not_found":
        parts = [note or "no record in Crossref or Open Library matched the entry"]
    else:
        parts = [note or STATUS_LABELS.get(status, status)]
    return "; ".join(str(p) for p in parts)


def _attention(audit: pd.DataFrame, graph: nx.DiGraph) -> list[list[str]]:
    statuses = ("retracted", "discrepant", "not_found")
    rows = audit[audit["status"].isin(statuses)].copy()
    rows["order"] = rows["status"].map({s: i for i, s in enumerate(statuses)})
    out = []
    for row in rows.sort_values(["order", "ref_id"]).to_dict("records"):
        node = graph.nodes.get(f"ref:{row['ref_id']}", {})
        label = str(node.get("label", row["ref_id"]))
        title = node.get("title") or node.get("raw") or ""
        out.append([f"{row['ref_id']} · {label}: {title}", STATUS_LABELS[row["status"]], _reasons(row)])
    return out


def _topics(graph: nx.DiGraph) -> list[str]:
    topics = [n for n, k in graph.nodes(data="kind") if k == "topic"]
    return sorted(topics, key=lambda t: (-graph.nodes[t].get("n_claims", 0), str(graph.nodes[t].get("label"))))


def _cited(graph: nx.DiGraph, claim: str) -> list[str]:
    return [v for v in graph.successors(claim) if graph.nodes[v].get("kind") == "source"]


def _claim_words(graph: nx.DiGraph, claim: str) -> str:
    return " ".join(str(graph.nodes[claim].get("text", "")).split())


def _topic_slide(deck, graph: nx.DiGraph, topic: str, measure: _Measure) -> None:
    label = str(graph.nodes[topic].get("label", topic))
    claims = sorted(graph.predecessors(topic), key=lambda c: (not _cited(graph, c), natural_order(c)))
    sources = sorted({s for c in claims for s in _cited(graph, c)}, key=lambda s: graph.nodes[s].get("label", s))
    verdicts = [STATUS_LABELS.get(graph.nodes[s].get("status", "unchecked"), "") for s in sources]
    notes = [f"Topic “{label}”: {len(claims)} claims, {len(sources)} sources. The claims in full:"]
    for c in claims:
        cited = ", ".join(str(graph.nodes[s]["label"]) for s in _cited(graph, c)) or "no source"
        notes.append(f"{graph.nodes[c].get('claim_id')} ({cited}): {_claim_words(graph, c)}")
    if sources:
        notes.append("The sources, with the audit's verdict:")
        notes += [f"{graph.nodes[s]['label']}: {verdict}" for s, verdict in zip(sources, verdicts)]
    slide = _slide(
        deck,
        label,
        "\n".join(notes),
        measure,
        subtitle=f"Topic · {len(claims)} claim{'s' if len(claims) != 1 else ''} · "
        f"{len(sources)} source{'s' if len(sources) != 1 else ''} cited",
    )
    # Sources and verdicts on the right, one line a row: the verdict column as wide as its longest
    # word, the source column as wide as its longest label up to 4.4 in (a longer one is cut in its
    # names, whole in the notes), at least what 7.6 in of claims leave.
    verdict_w = max(measure.width(v, TABLE, bold=True) for v in ["Verdict", *verdicts]) + 0.05
    body = WIDTH - 2 * MARGIN - 0.3
    needed = max([measure.width(graph.nodes[s]["label"], TABLE) + 0.05 for s in sources], default=0.0)
    widths = [min(max(needed, body - 7.6 - verdict_w), 4.4), verdict_w]
    # Claims on the left, as many as fit (each up to four lines, the last in the lines left).
    left_w = body - sum(widths)
    room = _BOTTOM - _TOP - 0.1
    size, gap = BODY - 2, 6
    line = size * _LEADING / 72
    paragraphs, used = [], 0.0
    for i, c in enumerate(claims):
        cited = ", ".join(str(graph.nodes[s]["label"]) for s in _cited(graph, c)) or "cites no source"
        text = f"{graph.nodes[c].get('claim_id')} · {_claim_words(graph, c)} [{cited}]"
        more = line if i < len(claims) - 1 else 0.0  # room kept for the '+ N more' line
        fit = int((room - used - more - gap / 72) // line)  # lines left for this claim
        lines = measure.lines(text, left_w, size, max_lines=4)
        if fit < min(len(lines), 2):  # not even two lines of it
            paragraphs.append(
                (f"+ {len(claims) - i} more claims (in the notes, and in claims.csv)", SMALL, False, "#444444")
            )
            break
        if len(lines) > fit:
            lines = measure.lines(text, left_w, size, max_lines=fit)
        paragraphs.append((" ".join(lines), size, False, None))
        used += len(lines) * line + gap / 72
    _text_box(slide, MARGIN, _TOP, left_w, room, paragraphs, space_after=gap)
    right = MARGIN + left_w + 0.3
    rows = [[measure.fit_label(graph.nodes[s]["label"], widths[0], TABLE), v] for s, v in zip(sources, verdicts)]
    pages = _paginate(rows, widths, measure)
    if pages:
        page, heights = pages[0]
        if len(pages) > 1:
            page = page[:-1] + [[f"+ {len(rows) - len(page) + 1} more sources", ""]]
        tints = [STATUS_TINTS.get(graph.nodes[s].get("status", "unchecked")) for s in sources[: len(page)]]
        _table(slide, _TOP, widths, ["Source", "Verdict"], page, heights, tints, left=right)


def _figure_png(draw) -> bytes:
    import matplotlib.pyplot as plt

    ax = draw()
    buffer = io.BytesIO()
    save_figure_to(ax.figure, buffer)
    plt.close(ax.figure)
    return buffer.getvalue()


def save_figure_to(fig, stream) -> None:
    """Write a figure as a slide-sized PNG into an open binary stream."""
    from litmap.present.canvas import figure_style

    with figure_style():
        fig.savefig(stream, format="png", dpi=144, metadata={"Software": None})


@checked(
    path=path,
    graph=GRAPH_ARGUMENT,
    audit=table(AUDIT),
    reading_list=table(READING_LIST),
    unsupported=table(UNSUPPORTED),
)
def write_slides(
    path: str | Path,
    graph: nx.DiGraph,
    audit: pd.DataFrame,
    reading_list: pd.DataFrame | None = None,
    *,
    figures: dict[str, str | Path] | str | Path | None = None,
    subtitle: str | None = None,
    day: date | None = None,
    unsupported: pd.DataFrame | None = None,
) -> Path:
    """Write the deck of an article's evidence (``evidence.pptx``) and return its path.

    Parameters
    ----------
    path
        The .pptx file to write (its folder is made).
    graph
        The evidence graph (:func:`litmap.build_evidence_graph`, with topics).
    audit
        The AUDIT table.
    reading_list
        From :func:`litmap.compute_reading_list`; its first entries make the last slide.
    figures
        PNGs already drawn in the presentation preset: a folder holding ``evidence-map.png`` and
        ``audit-summary.png`` (as :func:`litmap.write_figures` writes them), or ``{name: path}``.
        Those missing, or not slide-sized (another preset), are drawn here.
    subtitle
        Under the figures' titles; by default the article and the day of the audit.
    day
        The day of the audit, on the title slide; today by default.
    unsupported
        The claims and findings that cite nothing (the UNSUPPORTED table, ``ArticleTables.unsupported``);
        by default the graph's claims that cite no source.
    """
    from pptx import Presentation

    AUDIT.validate(audit)
    day = day or date.today()
    measure = _measure()
    if isinstance(figures, str | Path):
        figures = {name: Path(figures) / f"{name}.png" for name in ("evidence-map", "audit-summary")}
    figures = dict(figures or {})
    article = str(graph.graph.get("name") or "the article")
    checked = bool((audit["status"] != "unchecked").any())  # offline and nothing saved: no verdict at all
    subtitle = (
        subtitle
        if subtitle is not None
        else f"{article} · {'audited' if checked else 'references not checked'} {day.isoformat()}"
    )
    deck = Presentation()
    deck.slide_width, deck.slide_height = _inches(WIDTH), _inches(HEIGHT)
    props = deck.core_properties
    props.title = f"Where the claims of “{short_title(article)}” get their evidence"
    props.author = props.last_modified_by = "litmap"
    props.created = props.modified = datetime(day.year, day.month, day.day)
    props.revision = 1

    kinds = dict(graph.nodes(data="kind"))
    claims = [n for n, k in kinds.items() if k == "claim"]
    uncited = sorted((c for c in claims if not _cited(graph, c)), key=natural_order)
    counts = audit["status"].value_counts()
    verdicts = ", ".join(f"{int(counts[s])} {STATUS_LABELS[s]}" for s in AUDIT_STATUSES if counts.get(s, 0))

    # 1. Title
    from litmap.web import litmap_version

    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.notes_slide.notes_text_frame.text = (
        f"This deck shows where the claims of “{article}” get their evidence: {len(claims)} claims, "
        + (
            f"{len(audit)} references, each looked up in public records (Crossref, Open Library, Europe PMC) "
            f"and given a verdict ({verdicts})."
            if checked
            else f"{len(audit)} references, none of them looked up in public records yet (every verdict is "
            "unchecked: run litmap online to check them)."
        )
        + f" Made by litmap from the article on {day.isoformat()}."
    )
    _text_box(
        slide,
        MARGIN + 0.3,
        1.6,
        WIDTH - 2 * MARGIN - 0.6,
        2.4,
        [(" ".join(measure.lines(props.title, WIDTH - 2 * MARGIN - 0.6, 36, max_lines=3, bold=True)), 36, True, None)],
        anchor_bottom=True,
    )
    _text_box(
        slide,
        MARGIN + 0.3,
        4.2,
        WIDTH - 2 * MARGIN - 0.6,
        2.2,
        [
            # The article's full title, when the title above shows less of it (a subtitle, a cut).
            *(
                [(" ".join(measure.lines(article, WIDTH - 2 * MARGIN - 0.6, 20, max_lines=2)), 20, False, "#333333")]
                if short_title(article) != " ".join(article.split())
                else []
            ),
            (
                f"An audit of {len(audit)} references and {len(claims)} claims · {day.isoformat()}"
                if checked
                else f"{len(claims)} claims; {len(audit)} references, none checked yet · {day.isoformat()}",
                18,
                False,
                "#444444",
            ),
            (f"Made with litmap {litmap_version()}", 14, False, "#666666"),
        ],
    )

    # 2. The evidence map
    slide = _slide(deck, "The evidence map", "", measure)
    slide.shapes._spTree.remove(slide.shapes.title._element)  # the picture carries its own title
    image = _read(figures.get("evidence-map")) or _figure_png(lambda: plot_evidence_map(graph, subtitle=subtitle))
    layout_note = describe_left_out(graph, _layout_of(graph))
    _picture(slide, image, f"Evidence map of “{article}”: topics, claims and the sources they cite, by audit verdict.")
    slide.notes_slide.notes_text_frame.text = (
        "Read left to right: the article's topics, its claims that cite a source, and those sources, each "
        "coloured by the audit's verdict (green verified, orange discrepant, red retracted, purple not found, "
        f"grey unchecked). Line style shows how well a source's record fits the claim. {layout_note} "
        "The next slides take the topics one by one."
    ).strip()

    # 3. One slide per topic
    for topic in _topics(graph):
        _topic_slide(deck, graph, topic, measure)

    # 4. The audit summary
    slide = _slide(deck, "What the audit found", "", measure)
    slide.shapes._spTree.remove(slide.shapes.title._element)
    image = _read(figures.get("audit-summary")) or _figure_png(lambda: plot_audit_summary(audit, subtitle=subtitle))
    _picture(slide, image, f"Bar chart of audit verdicts for {len(audit)} references: {verdicts}.")
    slide.notes_slide.notes_text_frame.text = (
        f"The verdicts of the article's {len(audit)} references: {verdicts}. Verified: a public record "
        "matches the entry. Discrepant: a record was found but the entry differs (a year, a page range). "
        "Retracted: the record carries a retraction notice. Not found: no public record matched. Unchecked: "
        "nothing was looked up for it (offline, or the service failed)."
    )

    # 5. References that need attention
    rows = _attention(audit, graph)
    widths = [5.6, 1.7, WIDTH - 2 * MARGIN - 7.3]
    unchecked = int(counts.get("unchecked", 0))
    if not rows:
        slide = _slide(deck, "References that need attention", "", measure)
        if unchecked == len(audit):  # nothing was checked: "None" would read as a clean bill
            text = (
                f"Not known: none of the {len(audit)} references could be checked (all unchecked). Run litmap "
                "online, without --offline, to check them; audit.csv's note column says why each was not."
            )
        else:
            text = "None: no reference is discrepant, retracted or not found."
            if unchecked:
                text += (
                    f" {unchecked} could not be checked (unchecked): audit.csv's note column says why; run "
                    "litmap again online to check them."
                )
        _text_box(slide, MARGIN, _TOP, WIDTH - 2 * MARGIN, 1.5, [(text, BODY, False, None)])
        slide.notes_slide.notes_text_frame.text = text
    pages = _paginate(rows, widths, measure)
    for i, (page, heights) in enumerate(pages):
        title = "References that need attention" + (f" ({i + 1} of {len(pages)})" if len(pages) > 1 else "")
        notes = "\n".join(f"{r[0]} — {r[1]}: {r[2]}" for r in page)
        slide = _slide(
            deck, title, f"References whose audit found a problem, with the reason in words.\n{notes}", measure
        )
        tints = [STATUS_TINTS[_status_of(r[1])] for r in page]
        _table(slide, _TOP, widths, ["Reference", "Verdict", "Why"], page, heights, tints)

    # 6. Claims that cite no source
    if unsupported is not None:
        UNSUPPORTED.validate(unsupported)
        rows = [
            [str(r["claim_id"]), str(r["kind"]), "" if pd.isna(r["section"]) else str(r["section"]), str(r["text"])]
            for r in unsupported.to_dict("records")
        ]
        where = "unsupported.csv"
    else:
        rows = [
            [
                str(graph.nodes[c].get("claim_id", c)),
                "claim",
                str(graph.nodes[c].get("section") or ""),
                _claim_words(graph, c),
            ]
            for c in uncited
        ]
        where = "claims.csv (rows with n_citations 0)"
    widths = [0.9, 1.1, 2.4, WIDTH - 2 * MARGIN - 4.4]
    more = SMALL * _LEADING / 72 + 0.15  # room for the line that says where the rest is
    # A section's name takes no more lines than its claim (whole in the notes): a row is as tall as its claim.
    full, rows = rows, [[*row[:2], _as_tall_as(row[2], row[3], widths[2], widths[3], measure), row[3]] for row in rows]
    pages = _paginate(rows, widths, measure, reserve=more)
    shown = pages[:3]
    for i, (page, heights) in enumerate(shown):
        title = "Claims that cite no source" + (f" ({i + 1} of {len(shown)})" if len(shown) > 1 else "")
        notes = (
            "Sentences of the article that state a claim or a finding and cite nothing: what a careful reader "
            "checks first."
        )
        rest = sum(len(p) for p, _ in pages[len(shown) :]) if i == len(shown) - 1 else 0
        if rest:
            notes += f" {rest} more are in {where}."
        start = sum(len(p) for p, _ in pages[:i])
        for claim_id, kind, section, text in full[start : start + len(page)]:
            notes += f"\n{claim_id} ({kind}{', ' + section if section else ''}): {text}"
        slide = _slide(deck, title, notes, measure)
        _table(slide, _TOP, widths, ["Claim", "Kind", "Section", "Text"], page, heights)
        if rest:  # on the slide too: the audience never sees the notes
            _text_box(
                slide,
                MARGIN,
                _TOP + sum(heights) + 0.02,
                WIDTH - 2 * MARGIN,
                more,
                [(f"+ {rest} more claims that cite no source, in {where}", SMALL, False, "#444444")],
            )

    # 7. The reading list's first page
    if reading_list is not None and len(reading_list):
        _reading_slide(deck, reading_list, measure)

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as part:
        deck.save(part)
    return out


def _as_tall_as(text: str, other: str, width: float, other_width: float, measure: _Measure) -> str:
    """``text`` cut (at a word, with '…') to as many lines of a ``width``-inch column as ``other`` takes
    in its column of ``other_width`` inches."""
    lines = len(measure.lines(other, other_width, TABLE, max_lines=_MAX_ROW_LINES))
    return " ".join(measure.lines(text, width, TABLE, max_lines=lines))


def _status_of(label: str) -> str:
    return next((s for s, text in STATUS_LABELS.items() if text == label), "unchecked")


def _reading_slide(deck, reading_list: pd.DataFrame, measure: _Measure) -> None:
    width = WIDTH - 2 * MARGIN
    size, gap = BODY - 2, 6
    line = size * _LEADING / 72
    room = _BOTTOM - _TOP - 0.1 - SMALL * _LEADING / 72  # the last line says where the rest is
    paragraphs, used, shown = [], 0.0, 0
    for row in reading_list.to_dict("records"):
        text = f"{row['apa']} [{STATUS_LABELS.get(row['status'], row['status'])}]"
        lines = measure.lines(text, width, size, max_lines=4)
        height = len(lines) * line + gap / 72
        if used + height > room:
            break
        paragraphs.append((" ".join(lines), size, False, None))
        used += height
        shown += 1
    rest = len(reading_list) - shown
    if rest:
        paragraphs.append((f"+ {rest} more in reading-list.html, .md, .bib, .ris and .json", SMALL, False, "#444444"))
    slide = _slide(
        deck,
        "Reading list",
        f"The works the article cites, as the audit found them (corrected records, APA style), {shown} of "
        f"{len(reading_list)} on this slide. The full list, with what each is cited for, is in reading-list.html.",
        measure,
    )
    _text_box(slide, MARGIN, _TOP, width, _BOTTOM - _TOP, paragraphs, space_after=gap)


def _read(path) -> bytes | None:
    """A PNG's bytes when it is slide-sized (1920 × 1080), else None (then the figure is drawn)."""
    if path is None or not Path(path).is_file():
        return None
    data = Path(path).read_bytes()
    is_png = data[:8] == b"\x89PNG\r\n\x1a\n"
    size = (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) if is_png else None
    return data if size == PRESETS["presentation"].pixels else None


def _layout_of(graph):
    """The map's layout without row limits: what it leaves out whatever the room (the figure names
    the rows it merged under itself)."""
    return compute_column_layout(graph, min_topic_score=2.0, order=False)


__all__ = ["SLIDES_FILE", "save_figure_to", "write_slides"]
