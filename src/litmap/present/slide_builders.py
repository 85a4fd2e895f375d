"""What goes on the deck's content slides that are built from the graph: one slide per topic (its
claims beside its sources and their verdicts) and the reading list's first page.

Each builder lays its text out to fit (claims as many as the slide holds, '+ N more' for the rest)
and writes speaker notes that hold everything in full. They are kept apart from the deck's order and
its title, figure and table slides (:mod:`litmap.present.slides`, which imports this module) so that a
slide's content can be read and changed on its own; the shapes they draw with come from
:mod:`litmap.present.slide_layout`.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pandas as pd

from litmap.present.canvas import plain_title
from litmap.present.evidence_map import claim_text
from litmap.present.map_layout import natural_order
from litmap.present.palette import STATUS_TINTS
from litmap.present.slide_layout import (
    BODY,
    BODY_BOTTOM,
    BODY_TOP,
    MARGIN,
    SLIDE_LEADING,
    SMALL,
    TABLE,
    WIDTH,
    Measure,
    add_table,
    paginate,
    text_box,
    titled_slide,
)
from litmap.schemas import STATUS_LABELS
from litmap.text import counted


def topics_by_size(graph: nx.DiGraph) -> list[str]:
    """The graph's topic nodes, the most claims first (ties by label): the order of the topic slides."""
    topics = [n for n, k in graph.nodes(data="kind") if k == "topic"]
    return sorted(topics, key=lambda t: (-graph.nodes[t].get("n_claims", 0), str(graph.nodes[t].get("label"))))


def cited_sources(graph: nx.DiGraph, claim: str) -> list[str]:
    """The source nodes a claim node cites."""
    return [v for v in graph.successors(claim) if graph.nodes[v].get("kind") == "source"]


def any_checked(graph: nx.DiGraph) -> bool:
    """Whether any of the article's sources was checked (has a verdict other than 'unchecked').

    >>> g = nx.DiGraph()
    >>> g.add_node("ref:R1", kind="source", status="unchecked")
    >>> any_checked(g)
    False
    """
    return any(
        a.get("kind") == "source" and a.get("status", "unchecked") != "unchecked" for _, a in graph.nodes(data=True)
    )


def claim_words(graph: nx.DiGraph, claim: str) -> str:
    """A claim node's text on one line (runs of whitespace made single spaces)."""
    return " ".join(str(graph.nodes[claim].get("text", "")).split())


def topic_slide(deck, graph: nx.DiGraph, topic: str, measure: Measure) -> None:
    """Add a topic's slide to ``deck``: its claims on the left (as many as fit, '+ N more' for the rest),
    its sources and their verdicts in a table on the right, every claim and source in full in the notes."""
    label = plain_title(str(graph.nodes[topic].get("label", topic))) or str(topic)
    claims = sorted(graph.predecessors(topic), key=lambda c: (not cited_sources(graph, c), natural_order(c)))
    citing = Counter(s for c in claims for s in cited_sources(graph, c))  # the topic's claims citing each source
    sources = sorted(citing, key=lambda s: graph.nodes[s].get("label", s))
    verdicts = [STATUS_LABELS.get(graph.nodes[s].get("status", "unchecked"), "") for s in sources]
    # With no reference checked (offline), a verdict column of 'unchecked' on every row says nothing.
    checked = any_checked(graph)
    notes = [
        f"Topic “{label}”: {counted(len(claims), 'claim')}, {counted(len(sources), 'source')}. The claims in full:"
    ]
    for c in claims:
        cited = ", ".join(str(graph.nodes[s]["label"]) for s in cited_sources(graph, c)) or "no source"
        notes.append(f"{graph.nodes[c].get('claim_id')} ({cited}): {claim_words(graph, c)}")
    if sources and checked:
        notes.append("The sources, with the audit's verdict:")
        notes += [f"{graph.nodes[s]['label']}: {verdict}" for s, verdict in zip(sources, verdicts)]
    elif sources:
        notes.append("The sources (none of the article's references is checked yet):")
        notes += [str(graph.nodes[s]["label"]) for s in sources]
    slide = titled_slide(
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
    verdict_w = max(measure.width(v, TABLE, bold=True) for v in ["Verdict", *verdicts]) + 0.05 if checked else 0.0
    body = WIDTH - 2 * MARGIN - 0.3
    needed = max([measure.width(graph.nodes[s]["label"], TABLE) + 0.05 for s in sources], default=0.0)
    widths = [min(max(needed, body - 7.6 - verdict_w), 4.4), *([verdict_w] if checked else [])]
    header = ["Source", "Verdict"] if checked else ["Source"]
    # Claims on the left, as many as fit (each up to four lines, the last in the lines left).
    left_w = body - sum(widths)
    room = BODY_BOTTOM - BODY_TOP - 0.1
    size, gap = BODY - 2, 6
    line = size * SLIDE_LEADING / 72
    paragraphs, used = [], 0.0
    for i, c in enumerate(claims):
        claim_id, body = claim_text(graph, c)
        cited = [str(graph.nodes[s]["label"]) for s in cited_sources(graph, c)]
        more = line if i < len(claims) - 1 else 0.0  # room kept for the '+ N more' line
        fit = int((room - used - more - gap / 72) // line)  # lines left for this claim
        lines = _claim_lines(measure, claim_id, body, cited, left_w, size, 4)
        if fit < min(len(lines), 2):  # not even two lines of it
            paragraphs.append(
                (f"+ {len(claims) - i} more claims (in the notes, and in claims.csv)", SMALL, False, "#444444")
            )
            break
        if len(lines) > fit:
            lines = _claim_lines(measure, claim_id, body, cited, left_w, size, fit)
        paragraphs.append((" ".join(lines), size, False, None))
        used += len(lines) * line + gap / 72
    text_box(slide, MARGIN, BODY_TOP, left_w, room, paragraphs, space_after=gap)
    right = MARGIN + left_w + 0.3
    rows = [
        [measure.fit_label(graph.nodes[s]["label"], widths[0], TABLE), *([v] if checked else [])]
        for s, v in zip(sources, verdicts)
    ]
    pages = paginate(rows, widths, measure)
    if len(pages) > 1:  # not all fit: the sources most of the topic's claims cite, in the order of their names
        shown = len(pages[0][0]) - 1
        kept = set(sorted(sources, key=lambda s: (-citing[s], str(graph.nodes[s].get("label", s))))[:shown])
        kept_rows = [(s, row) for s, row in zip(sources, rows) if s in kept]
        page = [row for _, row in kept_rows] + [[f"+ {len(rows) - shown} more sources", *([""] if checked else [])]]
        tints = [STATUS_TINTS.get(graph.nodes[s].get("status", "unchecked")) for s, _ in kept_rows] + [None]
        add_table(slide, BODY_TOP, widths, header, page, pages[0][1], tints if checked else None, left=right)
    elif pages:
        page, heights = pages[0]
        tints = [STATUS_TINTS.get(graph.nodes[s].get("status", "unchecked")) for s in sources]
        add_table(slide, BODY_TOP, widths, header, page, heights, tints if checked else None, left=right)


def _claim_lines(measure: Measure, claim_id: str, body: str, sources: list[str], width: float, size: float, most: int):
    """'C02 · words [Sources]' in at most ``most`` lines: the words cut (at a word, with '…') before the
    sources, so that the sources it cites are always named whole (three, then how many more; fewer
    names when long ones leave no room for words)."""

    def fits(text: str) -> bool:
        return len(measure.lines(text, width, size, max_lines=most + 1)) <= most

    for named in (3, 2, 1, 0):
        shown = sources[:named] + ([f"{len(sources) - named} more"] if len(sources) > named and named else [])
        cited = ", ".join(shown) or counted(len(sources), "source")
        tail = f" [{cited}]" if sources else " [cites no source]"
        if fits(f"{claim_id} · {body}{tail}"):
            return measure.lines(f"{claim_id} · {body}{tail}", width, size, max_lines=most)
        if fits(f"{claim_id} · …{tail}"):
            break
    words = body.split()
    lo, hi = 0, len(words)  # the most words that fit with '…' and the sources
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(f"{claim_id} · {' '.join(words[:mid])}…{tail}"):
            lo = mid
        else:
            hi = mid - 1
    return measure.lines(f"{claim_id} · {' '.join(words[:lo])}…{tail}", width, size, max_lines=most)


def reading_slide(deck, reading_list: pd.DataFrame, measure: Measure) -> None:
    """Add the reading list's first page to ``deck``: as many entries (APA, with the verdict) as fit,
    then a line that says where the rest are."""
    width = WIDTH - 2 * MARGIN
    size, gap = BODY - 2, 6
    line = size * SLIDE_LEADING / 72
    room = BODY_BOTTOM - BODY_TOP - 0.1 - SMALL * SLIDE_LEADING / 72  # the last line says where the rest is
    paragraphs, used, shown = [], 0.0, 0
    checked = bool((reading_list["status"].fillna("unchecked") != "unchecked").any())
    for row in reading_list.to_dict("records"):
        text = plain_title(row["apa"])
        if checked:  # with nothing checked, '[unchecked]' after every entry says nothing
            text += f" [{STATUS_LABELS.get(row['status'], row['status'])}]"
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
    slide = titled_slide(
        deck,
        "Reading list",
        (
            "The works the article cites, as the audit found them (corrected records, APA style)"
            if checked
            else "The works the article cites, as it cites them (none checked yet), in APA style"
        )
        + f", {shown} of {len(reading_list)} on this slide. The full list, with what each is cited for, is in "
        "reading-list.html.",
        measure,
    )
    text_box(slide, MARGIN, BODY_TOP, width, BODY_BOTTOM - BODY_TOP, paragraphs, space_after=gap)


__all__ = ["any_checked", "cited_sources", "claim_words", "reading_slide", "topic_slide", "topics_by_size"]
