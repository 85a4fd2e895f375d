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
This module puts the slides in order (:func:`write_slides`); the sizes, measuring and shapes are in
:mod:`litmap.present.slide_layout`, the topic and reading-list slides in
:mod:`litmap.present.slide_builders`.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import networkx as nx
import pandas as pd

from litmap.arguments import checked, path, table
from litmap.evidence.graph import GRAPH_ARGUMENT
from litmap.present.canvas import PRESETS, plain_title, quoted_title, short_title
from litmap.present.evidence_map import plot_evidence_map
from litmap.present.figures import plot_audit_summary
from litmap.present.map_layout import compute_column_layout, describe_left_out, natural_order
from litmap.present.palette import STATUS_TINTS
from litmap.present.saving import replacing
from litmap.present.slide_builders import cited_sources, claim_words, reading_slide, topic_slide, topics_by_size
from litmap.present.slide_layout import (
    BODY,
    BODY_TOP,
    HEIGHT,
    MARGIN,
    MAX_ROW_LINES,
    SLIDE_LEADING,
    SMALL,
    TABLE,
    WIDTH,
    Measure,
    add_table,
    deck_measure,
    inches,
    paginate,
    text_box,
    titled_slide,
)
from litmap.schemas import AUDIT, AUDIT_STATUSES, READING_LIST, STATUS_LABELS, UNSUPPORTED
from litmap.text import counted

#: The file name of the deck in an output folder.
SLIDES_FILE = "evidence.pptx"
#: The colour each verdict has on the figures (palette.STATUS_COLORS), in words for the speaker notes.
_COLOUR_NAMES = {
    "verified": "green",
    "discrepant": "orange",
    "retracted": "red",
    "not_found": "purple",
    "unchecked": "grey",
}
#: What each verdict means, for the speaker notes of the audit summary.
_VERDICT_MEANINGS = {
    "verified": "Verified: a public record matches the entry.",
    "discrepant": "Discrepant: a record was found but the entry differs (a year, a page range).",
    "retracted": "Retracted: the record carries a retraction notice.",
    "not_found": "Not found: no public record matched.",
    "unchecked": "Unchecked: nothing was looked up for it (offline, or the service failed).",
}
#: Most slides of references that need attention (the rest are named in the last one's notes).
MAX_ATTENTION_SLIDES = 4
#: Most slides of claims that cite no source (the rest are in unsupported.csv).
MAX_UNCITED_SLIDES = 3


def _picture(slide, image: bytes, description: str) -> None:
    """A figure over the whole slide (litmap's slide figures carry their own title), with alt text."""
    picture = slide.shapes.add_picture(io.BytesIO(image), 0, 0, inches(WIDTH), inches(HEIGHT))
    picture._element.nvPicPr.cNvPr.set("descr", description)  # alt text: python-pptx has no setter


def _reasons(row: dict, *, short: bool = False) -> str:
    """Why a reference needs attention, in words: one reason a line; ``short``, a long cited and
    record value shows only where they differ (for a slide; the notes keep them whole)."""
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
    parts = [plain_title(p) for p in parts]
    return "\n".join(difference(p) for p in parts) if short else "; ".join(parts)


#: 'title: cited "…", record "…"': a difference the audit found between the entry and the record.
_CITED_RECORD = re.compile(
    r'^(?P<field>[^:"]{1,40}): cited "(?P<cited>[^"]{1,2000})", record "(?P<record>[^"]{1,2000})"$'
)


def difference(reason: str, *, context: int = 2, longest: int = 60) -> str:
    """A reason quoting a cited and a record value shortened to where they differ, with ``context``
    words either side, when together they are longer than ``longest`` characters.

    >>> difference('title: cited "The neural basis of empathy in adults", record "The neural basis of sympathy in adults"')
    'title: cited "…basis of empathy in adults", record "…basis of sympathy in adults"'
    >>> difference('year: cited 2007, record 2003')
    'year: cited 2007, record 2003'
    """
    match = _CITED_RECORD.match(reason)
    if match is None or len(match["cited"]) + len(match["record"]) <= longest:
        return reason
    a, b = match["cited"].split(), match["record"].split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    if start == 0 and end == 0:
        return reason

    def part(words: list[str]) -> str:
        lo, hi = max(start - context, 0), len(words) - max(end - context, 0)
        return ("…" if lo else "") + " ".join(words[lo:hi]) + ("…" if hi < len(words) else "")

    return f'{match["field"]}: cited "{part(a)}", record "{part(b)}"'


def _attention(audit: pd.DataFrame, graph: nx.DiGraph) -> list[tuple[list[str], str]]:
    """The rows of the table of references that need attention, each with its line for the notes."""
    statuses = ("retracted", "discrepant", "not_found")
    rows = audit[audit["status"].isin(statuses)].copy()
    rows["order"] = rows["status"].map({s: i for i, s in enumerate(statuses)})
    out = []
    for row in rows.sort_values(["order", "ref_id"]).to_dict("records"):
        node = graph.nodes.get(f"ref:{row['ref_id']}", {})
        label = str(node.get("label", row["ref_id"]))
        title = plain_title(node.get("title") or node.get("raw") or "")
        reference, verdict = f"{row['ref_id']} · {label}: {title}", STATUS_LABELS[row["status"]]
        out.append(([reference, verdict, _reasons(row, short=True)], f"{reference} — {verdict}: {_reasons(row)}"))
    return out


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
    measure = deck_measure()
    if isinstance(figures, str | Path):
        figures = {name: Path(figures) / f"{name}.png" for name in ("evidence-map", "audit-summary")}
    figures = dict(figures or {})
    name = plain_title(graph.graph.get("name"))  # markup and entities undone
    article = name or "the article"
    named = f"“{name}”" if name else "the article"
    checked = bool((audit["status"] != "unchecked").any())  # offline and nothing saved: no verdict at all
    subtitle = (
        subtitle
        if subtitle is not None
        else f"{article} · {'audited' if checked else 'references not checked'} {day.isoformat()}"
    )
    deck = Presentation()
    deck.slide_width, deck.slide_height = inches(WIDTH), inches(HEIGHT)
    props = deck.core_properties
    # A title cut short ('“Diagnostically relevant facial gestalt…”') is not quoted in the heading: the
    # heading says what the deck shows and the whole title stands under it.
    cut = short_title(name).endswith("…")
    heading = (
        "Where the claims get their evidence" if cut else f"Where the claims of {quoted_title(name)} get their evidence"
    )
    props.title = f"Where the claims of “{name}” get their evidence" if cut else heading
    props.author = props.last_modified_by = "litmap"
    props.created = props.modified = datetime(day.year, day.month, day.day)
    props.revision = 1

    kinds = dict(graph.nodes(data="kind"))
    claims = [n for n, k in kinds.items() if k == "claim"]
    uncited = sorted((c for c in claims if not cited_sources(graph, c)), key=natural_order)
    counts = audit["status"].value_counts()
    verdicts = ", ".join(f"{int(counts[s])} {STATUS_LABELS[s]}" for s in AUDIT_STATUSES if counts.get(s, 0))

    # 1. Title
    from litmap.web import litmap_version

    slide = deck.slides.add_slide(deck.slide_layouts[6])
    slide.notes_slide.notes_text_frame.text = (
        f"This deck shows where the claims of {named} get their evidence: {counted(len(claims), 'claim')}, "
        + (
            f"{counted(len(audit), 'reference')}, each looked up in public records (Crossref, Open Library, Europe PMC) "
            f"and given a verdict ({verdicts})."
            if checked
            else f"{counted(len(audit), 'reference')}, none of them looked up in public records yet (every verdict is "
            "unchecked: run litmap online to check them)."
        )
        + f" Made by litmap from the article on {day.isoformat()}."
    )
    text_box(
        slide,
        MARGIN + 0.3,
        1.6,
        WIDTH - 2 * MARGIN - 0.6,
        2.4,
        [(" ".join(measure.lines(heading, WIDTH - 2 * MARGIN - 0.6, 36, max_lines=3, bold=True)), 36, True, None)],
        anchor_bottom=True,
    )
    text_box(
        slide,
        MARGIN + 0.3,
        4.2,
        WIDTH - 2 * MARGIN - 0.6,
        2.2,
        [
            # The article's full title, when the title above shows less of it (a subtitle, a cut).
            # Larger when the heading does not name the article at all.
            *(
                [
                    (
                        " ".join(measure.lines(article, WIDTH - 2 * MARGIN - 0.6, 24 if cut else 20, max_lines=3)),
                        24 if cut else 20,
                        cut,
                        "#333333",
                    )
                ]
                if short_title(article) != " ".join(article.split())
                else []
            ),
            (
                f"An audit of {counted(len(audit), 'reference')} and {counted(len(claims), 'claim')} · {day.isoformat()}"
                if checked
                else f"{counted(len(claims), 'claim')}; {counted(len(audit), 'reference')}, none checked yet · {day.isoformat()}",
                18,
                False,
                "#444444",
            ),
            (f"Made with litmap {litmap_version()}", 14, False, "#666666"),
        ],
    )

    # 2. The evidence map
    slide = titled_slide(deck, "The evidence map", "", measure)
    slide.shapes._spTree.remove(slide.shapes.title._element)  # the picture carries its own title
    image = _read(figures.get("evidence-map")) or _figure_png(lambda: plot_evidence_map(graph, subtitle=subtitle))
    layout_note = describe_left_out(graph, _layout_of(graph))
    _picture(slide, image, f"Evidence map of {named}: topics, claims and the sources they cite, by audit verdict.")
    # The notes name the colours and line styles the map shows, not every one there could be.
    shown = {graph.nodes[n].get("status", "unchecked") for n, k in kinds.items() if k == "source"}
    colours = ", ".join(f"{_COLOUR_NAMES[s]} {STATUS_LABELS[s]}" for s in AUDIT_STATUSES if s in shown)
    fitted = any(f not in (None, "unknown") for _, _, f in graph.edges(data="fit"))
    slide.notes_slide.notes_text_frame.text = (
        "Read left to right: the article's topics, its claims that cite a source, and those sources, each "
        f"coloured by the audit's verdict ({colours or 'grey unchecked'})."
        + (" Line style shows how well a source's record fits the claim." if fitted else "")
        + f" {layout_note} The next slides take the topics one by one."
    ).strip()

    # 3. One slide per topic
    for topic in topics_by_size(graph):
        topic_slide(deck, graph, topic, measure)

    # 4. The audit summary (not when nothing was checked: one bar of 'unchecked' says nothing; the next
    # slide says why and what to do)
    if checked:
        slide = titled_slide(deck, "What the audit found", "", measure)
        slide.shapes._spTree.remove(slide.shapes.title._element)
        image = _read(figures.get("audit-summary")) or _figure_png(lambda: plot_audit_summary(audit, subtitle=subtitle))
        _picture(slide, image, f"Bar chart of audit verdicts for {counted(len(audit), 'reference')}: {verdicts}.")
        slide.notes_slide.notes_text_frame.text = (
            f"The verdicts of the article's {counted(len(audit), 'reference')}: {verdicts}. "
            + " ".join(_VERDICT_MEANINGS[s] for s in AUDIT_STATUSES if counts.get(s, 0))
        )

    # 5. References that need attention
    rows = _attention(audit, graph)
    # The verdict column as wide as its longest word; the reasons take the rest.
    verdict_w = max(measure.width(v, TABLE, bold=True) for v in ["Verdict", *(row[1] for row, _ in rows)]) + 0.05
    widths = [5.6, verdict_w, WIDTH - 2 * MARGIN - 5.6 - verdict_w]
    unchecked = int(counts.get("unchecked", 0))
    if not rows:
        nothing = unchecked == len(audit)
        title = "The references are not checked yet" if nothing else "References that need attention"
        slide = titled_slide(deck, title, "", measure)
        if nothing:  # nothing was checked: "None" would read as a clean bill
            text = (
                f"Not known: none of the {len(audit)} references could be checked (all unchecked). Run litmap "
                "online, without --offline, to check them; audit.csv's note column says why each was not."
                if len(audit) != 1
                else "Not known: the one reference could not be checked (unchecked). Run litmap online, without "
                "--offline, to check it; audit.csv's note column says why it was not."
            )
        else:
            text = "None: no reference is discrepant, retracted or not found."
            if unchecked:
                text += (
                    f" {unchecked} could not be checked (unchecked): audit.csv's note column says why; run "
                    "litmap again online to check them."
                )
        text_box(slide, MARGIN, BODY_TOP, WIDTH - 2 * MARGIN, 1.5, [(text, BODY, False, None)])
        slide.notes_slide.notes_text_frame.text = text
    more = SMALL * SLIDE_LEADING / 72 + 0.15  # room for the line that says where the rest is
    pages = paginate([row for row, _ in rows], widths, measure, balance=True)
    if len(pages) > MAX_ATTENTION_SLIDES:  # a talk shows the first few; the rest are named in the notes
        pages = paginate([row for row, _ in rows], widths, measure, reserve=more)[:MAX_ATTENTION_SLIDES]
    start = 0
    for i, (page, heights) in enumerate(pages):
        title = "References that need attention" + (f" ({i + 1} of {len(pages)})" if len(pages) > 1 else "")
        last = i == len(pages) - 1
        rest = len(rows) - start - len(page) if last else 0
        notes = [line for _, line in rows[start : start + len(page)]]
        if rest:
            notes += [f"{rest} more, not on the slides (all of them in audit.csv):"]
            notes += [line for _, line in rows[start + len(page) :]]
        slide = titled_slide(
            deck,
            title,
            "References whose audit found a problem, with the reason in words.\n" + "\n".join(notes),
            measure,
        )
        tints = [STATUS_TINTS[_status_of(r[1])] for r in page]
        add_table(slide, BODY_TOP, widths, ["Reference", "Verdict", "Why"], page, heights, tints)
        if rest:  # on the slide too: the audience never sees the notes
            _more_line(slide, sum(heights), more, f"+ {rest} more that need attention, in audit.csv and in the notes")
        start += len(page)

    # 6. Claims that cite no source
    if unsupported is not None:
        UNSUPPORTED.validate(unsupported)
        rows = [
            [str(r["claim_id"]), str(r["kind"]), "" if pd.isna(r["section"]) else str(r["section"]), str(r["text"])]
            for r in unsupported.to_dict("records")
        ]
        # Claims first: the article's own findings rest on its data, so a reader checks them last.
        rows.sort(key=lambda row: row[1] != "claim")
        where = "unsupported.csv"
    else:
        rows = [
            [
                str(graph.nodes[c].get("claim_id", c)),
                "claim",
                str(graph.nodes[c].get("section") or ""),
                claim_words(graph, c),
            ]
            for c in uncited
        ]
        where = "claims.csv (rows with n_citations 0)"
    header, widths = ["Claim", "Kind", "Section", "Text"], [0.9, 1.1, 2.4, WIDTH - 2 * MARGIN - 4.4]
    same_kind = len({row[1] for row in rows}) == 1  # a column of 'claim' on every row says nothing
    if same_kind:
        header, widths = ["Claim", "Section", "Text"], [0.9, 3.0, WIDTH - 2 * MARGIN - 3.9]
    more = SMALL * SLIDE_LEADING / 72 + 0.15  # room for the line that says where the rest is
    # A section's name takes no more lines than its claim, two at least (whole in the notes).
    full, rows = (
        rows,
        [
            [
                row[0],
                *([] if same_kind else [row[1]]),
                _as_tall_as(row[2], row[3], widths[-2], widths[-1], measure),
                row[3],
            ]
            for row in rows
        ],
    )
    pages = paginate(rows, widths, measure, reserve=more)
    if len(pages) <= MAX_UNCITED_SLIDES:  # all shown: spread evenly, no line to keep free
        pages = paginate(rows, widths, measure, balance=True)
    shown = pages[:MAX_UNCITED_SLIDES]
    kind_name = (
        (f"{full[0][1]}s" if full[0][1] != "claim" else "claims") if same_kind and full else "claims and findings"
    )
    for i, (page, heights) in enumerate(shown):
        title = f"{kind_name.capitalize()} that cite no source" + (
            f" ({i + 1} of {len(shown)})" if len(shown) > 1 else ""
        )
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
        slide = titled_slide(deck, title, notes, measure)
        add_table(slide, BODY_TOP, widths, header, page, heights)
        if rest:  # on the slide too: the audience never sees the notes
            _more_line(slide, sum(heights), more, f"+ {rest} more {kind_name} that cite no source, in {where}")

    # 7. The reading list's first page
    if reading_list is not None and len(reading_list):
        reading_slide(deck, reading_list, measure)

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out) as part:
        deck.save(part)
    return out


def _more_line(slide, table_height: float, height: float, text: str) -> None:
    """The line under a table that says how many rows are not on the slides and where they are."""
    text_box(
        slide, MARGIN, BODY_TOP + table_height + 0.02, WIDTH - 2 * MARGIN, height, [(text, SMALL, False, "#444444")]
    )


def _as_tall_as(text: str, other: str, width: float, other_width: float, measure: Measure) -> str:
    """``text`` cut (at a word, with '…') to as many lines of a ``width``-inch column as ``other`` takes
    in its column of ``other_width`` inches, two at least (one word of a section's name says nothing)."""
    lines = max(len(measure.lines(other, other_width, TABLE, max_lines=MAX_ROW_LINES)), 2)
    return " ".join(measure.lines(text, width, TABLE, max_lines=lines))


def _status_of(label: str) -> str:
    return next((s for s, text in STATUS_LABELS.items() if text == label), "unchecked")


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
