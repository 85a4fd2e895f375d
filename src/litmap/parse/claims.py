"""Sentences and their kinds, claims, and in-text citations linked to reference entries.

Every sentence of the body is a row of the SENTENCES table with its kind (claim, finding, method,
other; :mod:`litmap.parse.kinds`). The CLAIMS table keeps the claims and findings, and every
sentence that carries a citation whatever its kind (a cited method is still a link to a source);
:func:`compute_unsupported` lists the claims and findings that cite nothing.

Citations are read from the text by :mod:`litmap.parse.citations` (author–year in every
usual form, numbered in brackets, parentheses and superscripts with ranges) and, on web pages,
from the page's own links from a citation to its entry (``<a href="#ref3">``), which are
trusted first. Each is then linked to an entry of the REFERENCES table:

- a number to the entry with that number (or the n-th entry of an unnumbered list);
- authors and year to the entry whose year agrees and whose authors agree — all the names
  cited, in order, and their count ("A & B" is the two-author entry, "A et al." one with
  more); a group author by its name or by the abbreviation the article introduced
  ("National Institute of Mental Health [NIMH], 2022" … "(NIMH, 2022)") or its initials;
  a work with no author by the start of its title;
- when two entries fit equally well, the citation is linked to both, with ``match ==
  "ambiguous"``, a lower confidence and a ``note`` that says why.

A citation that matches no entry is kept as a row with ``match == "unresolved"`` and a note.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd

from litmap.limits import check_time
from litmap.parse.abstract_labels import AbstractLabel, compute_abstract_labels
from litmap.parse.citations import find_citations
from litmap.parse.in_text import InTextCitation
from litmap.parse.kind_rules import opens_back_matter
from litmap.parse.kinds import KindModel, compute_kinds
from litmap.parse.numbered_citations import BRACKET_NUMBERS, compute_index_symbols, compute_label_words
from litmap.parse.parts import compute_parts, is_one_paragraph_box
from litmap.parse.resolution import Entries, entry_ref_ids, resolve_citation
from litmap.parse.sentences import citations_after_stop, sentence_spans, split_sentences
from litmap.read.article import Article
from litmap.schemas import CITATIONS, CLAIMS, REFERENCES, SENTENCES, UNRESOLVED, UNSUPPORTED

#: Bullets of lists: the usual glyphs and those of the Symbol and Wingdings fonts a PDF may keep
#: in the private-use area. Not "·" (a decimal point in some journals) and not arrows (prose).
_BULLETS = "•◦▪▫‣⁃●○■□❖➢➤►▸✓✔\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8"
#: A list marker opening a sentence: a bullet; a dash and a space ("– Conference abstracts", not
#: "-52"); an item number or letter in parentheses ("(2) ", "(iv) "); a number or a letter with a
#: full stop or a closing parenthesis before a capital ("1. The", "2) Sleep", "b) Each"; not
#: "8) were observed", the tail of "(n. 8)").
_LIST_MARKER = re.compile(
    rf"[{_BULLETS}](?:\s+|(?=[^\W\d_]))"
    r"|[–—-]\s+(?=\S)"
    r"|\((?:\d{1,2}|[a-z]|[ivx]{1,4})\)\s+"
    r"|(?:\d{1,2}[.)]|[a-z]\)|[ivx]{1,4}\))\s+(?=[\"“‘(]?[A-Z])"
)
#: A marker standing alone: what the splitter leaves of "1. Diet changes weight." ("1.", then the rest).
_MARKER_ONLY = re.compile(rf"\s*(?:[{_BULLETS}]|[–—-]|\d{{1,2}}[.)]|[a-z]\)|[ivx]{{1,4}}\))\s*")
#: A bullet inside a sentence opens a new item ("…was 0.86. • The Kazdin scale…"): a glyph a list
#: uses, with space on both sides ("◦" also stands for a degree in PDFs, "37 ◦C": not that one).
_INNER_BULLET = re.compile(r"(?<=\s)[•▪‣⁃❖➢➤►\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8](?=\s)")


def list_item_spans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans without list markers: a bullet inside a sentence starts a new one, the marker
    opening a sentence ("• ", "– ", "1) ", "(2) ") is left out, and a marker alone is no sentence.

    So a list reads the same from a PDF ("• Sleep aids memory."), plain text ("1) Sleep aids
    memory.") and a web page or Markdown, whose readers drop the bullets.

    >>> text = "Such an approach: • Assists design; • Explores mechanisms. 1. Sleep aids memory."
    >>> [text[s:e] for s, e in list_item_spans(text, sentence_spans(text))]
    ['Such an approach:', 'Assists design;', 'Explores mechanisms.', 'Sleep aids memory.']
    """
    out = []
    for start, end in spans:
        cuts = [start] + [m.start() for m in _INNER_BULLET.finditer(text, start, end)] + [end]
        for a, b in itertools.pairwise(cuts):
            while a < b:  # "• 1. The …": a bullet and a number
                marker = _LIST_MARKER.match(text, a, b)
                if marker is None or marker.end() == a:
                    break
                a = marker.end()
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a and not _MARKER_ONLY.fullmatch(text, a, b):
                out.append((a, b))
    return out


def without_label(spans: list[tuple[int, int]], label: AbstractLabel | None) -> list[tuple[int, int]]:
    """Sentence spans with a structured abstract's run-in label left out ("RESULTS Among…" starts at
    "Among"; "Objectives." alone is no sentence), as list markers are, so offsets stay the paragraph's.

    Back-matter labels ("Funding: …") stay: the rules that tell back matter read them.

    >>> from litmap.parse.abstract_labels import find_abstract_label
    >>> text = "Objectives. To assess diets. It ran."
    >>> [text[s:e] for s, e in without_label(sentence_spans(text), find_abstract_label(text))]
    ['To assess diets.', 'It ran.']
    """
    if label is None or label.category == "other":
        return spans
    return [(max(start, label.end), end) for start, end in spans if end > label.end]


def compute_sentences_and_citations(
    article: Article, references: pd.DataFrame, *, model: KindModel | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Sentences, claims and citations tables for an article, each citation linked to ``references``.

    Every sentence of the body gets its kind (:func:`litmap.parse.kinds.compute_kinds`); the claims
    table keeps the claims and findings, and every sentence that carries a citation whatever its
    kind, never furniture (a byline's affiliation numbers are no citations).
    """
    REFERENCES.validate(references)
    entries = Entries(references)
    linked_entries = entry_ref_ids(article, references) if article.citation_links else {}
    page_links: dict[int, list] = {}
    for link in article.citation_links:
        page_links.setdefault(link.paragraph, []).append(link)
    numbered: bool | str = entries.numbered
    if numbered and not article.citation_links and not any(BRACKET_NUMBERS.search(t) for _, _, t in article.paragraphs):
        numbered = "parentheses"  # a numbered list cited as "(3)": Vancouver's other form
    symbols = compute_index_symbols(text for _, _, text in article.paragraphs)  # "to[1]": notation, not citations
    labels = compute_label_words(t for _, _, t in article.paragraphs) if numbered == "parentheses" else frozenset()
    parts = compute_parts([(s.parents, s.heading) for s in article.sections])
    sentence_rows: list[dict] = []
    found_rows: list[list[dict]] = []
    cited = 0  # the highest number cited so far: a citation in first-use order cites the next one
    before: tuple[str, str] | None = None  # the heading and part of the last section that is no box
    for nth_section, (section, part) in enumerate(zip(article.sections, parts)):
        first_in_section = len(sentence_rows)
        late = nth_section >= len(parts) / 2
        box = before is not None and is_one_paragraph_box(section.heading)
        run_in = compute_abstract_labels([text for _, text in section.paragraphs])
        in_back = False
        for nth, (paragraph, text) in enumerate(section.paragraphs):
            # a "Link to Learning" box holds one paragraph; the section it interrupts goes on after it
            heading, where = before if box and nth else (section.heading, part)
            # not in back matter, nor after its run-in label in the same section in the second half of the
            # article ("ARTICLE INFORMATION…"): there "Statistical analysis: Hughes, Pradier." is an author's
            # contribution (front matter, "Correspondence: …" before an abstract, does not count). The label
            # does not set the part: measured, it moved nothing (benchmarks/README.md, sentence kinds)
            in_back = in_back or (late and opens_back_matter(text))
            label = run_in[nth] if where != "backmatter" and not in_back else None
            check_time("finding the sentences and citations")
            links = page_links.get(paragraph, [])
            attached = tuple((k.start, k.end) for k in links)
            if numbered == "parentheses":
                attached += citations_after_stop(text)  # "…was shown. (2) Later work…": the sentence before's
            spans = without_label(list_item_spans(text, sentence_spans(text, attached)), label)
            first_in_paragraph = len(sentence_rows)
            for start, end in spans:
                sentence = text[start:end]
                here = [k for k in links if start <= k.start < end]
                superscripts = tuple((k.start - start, k.end - start) for k in here if k.entry is None)
                found = find_citations(
                    sentence,
                    numbered=numbered,
                    superscripts=superscripts,
                    symbols=symbols,
                    labels=labels,
                    cited=cited if numbered == "parentheses" else None,
                )
                cited = max([cited] + [c.number for c in found if c.number is not None])
                rows = _link(found, here, start, sentence, entries, linked_entries)
                # "[95]" after a quotation's last full stop, or as a paragraph of its own under it: the
                # source of the sentence before, as "…shown. [3]" is (after an uncited sentence only
                # across paragraphs, so that a table's column of "[6]", "[16]"… stays apart)
                if is_citation_only(sentence, rows) and (
                    len(sentence_rows) > first_in_paragraph
                    or (len(spans) == 1 and len(sentence_rows) > first_in_section and not found_rows[-1])
                ):
                    _append_citations(sentence_rows[-1], found_rows[-1], sentence, rows)
                    continue
                sentence_rows.append(
                    {
                        "sentence_id": f"S{len(sentence_rows) + 1:03d}",
                        "section": heading,
                        "part": where,
                        "paragraph": paragraph,
                        "text": sentence,
                        "n_citations": len({(r["cited_as"], r["at"]) for r in rows}),
                    }
                )
                found_rows.append(rows)
        if not box:
            before = (section.heading, part)
    sentence_rows = [_join_pieces(row) for row in sentence_rows]
    sentences = SENTENCES.from_records(sentence_rows)
    kinds = compute_kinds(sentences, model=model)
    sentences[["kind", "detail", "confidence"]] = kinds.astype(
        {"kind": "string", "detail": "string", "confidence": "Float64"}
    )
    claim_rows, citation_rows, claim_ids = [], [], []
    for row, rows, kind, detail in zip(sentence_rows, found_rows, kinds["kind"], kinds["detail"]):
        if not is_kept(kind, detail, cited=bool(rows)):
            claim_ids.append(None)
            continue
        claim_id = f"C{len(claim_rows) + 1:02d}"
        claim_ids.append(claim_id)
        ref_ids: list[str] = []
        for cited in rows:
            citation_rows.append({"claim_id": claim_id, **{k: v for k, v in cited.items() if k != "at"}})
            if cited["ref_id"] and cited["ref_id"] not in ref_ids:
                ref_ids.append(cited["ref_id"])
        claim_rows.append(
            {
                "claim_id": claim_id,
                "section": row["section"],
                "paragraph": row["paragraph"],
                "text": row["text"],
                "ref_ids": ref_ids,
                "n_citations": row["n_citations"],
                "kind": kind,
            }
        )
    sentences["claim_id"] = pd.array(claim_ids, dtype="string")
    return sentences, CLAIMS.from_records(claim_rows), CITATIONS.from_records(citation_rows)


def is_citation_only(sentence: str, rows: list[dict]) -> bool:
    """Whether a sentence is nothing but its citations ("[95]", "(Lee, 2001)"), as printed under a quotation.

    >>> is_citation_only("[95]", [{"cited_as": "[95]"}]), is_citation_only("See [95].", [{"cited_as": "[95]"}])
    (True, False)
    """
    if not rows:
        return False
    rest = sentence
    for cited_as in sorted({r["cited_as"] for r in rows}, key=len, reverse=True):
        rest = rest.replace(cited_as, " ")
    return not re.search(r"[^\W_]", rest)


def _append_citations(row: dict, found: list[dict], sentence: str, rows: list[dict]) -> None:
    """Add a citation-only sentence to the sentence before it (its text and its citations).

    The pieces are joined once at the end (``_join_pieces``): a paragraph of 70,000 "[1]." must not
    copy the growing sentence 70,000 times.
    """
    pieces = row.setdefault("pieces", [row["text"]])
    shift = row.get("length", len(row["text"])) + 1
    pieces.append(sentence)
    row["length"] = shift + len(sentence)
    shifted = [{**r, "at": r["at"] + shift} for r in rows]
    found.extend(shifted)
    row["n_citations"] += len({(r["cited_as"], r["at"]) for r in shifted})


def _join_pieces(row: dict) -> dict:
    pieces = row.pop("pieces", None)
    row.pop("length", None)
    if pieces:
        row["text"] = " ".join(pieces)
    return row


def is_kept(kind: str, detail: str | None, *, cited: bool) -> bool:
    """Whether a sentence belongs in the claims table: a claim or finding, or cited; never furniture.

    >>> is_kept("method", None, cited=True), is_kept("method", None, cited=False)
    (True, False)
    >>> is_kept("other", "furniture", cited=True)
    False
    """
    if detail == "furniture":
        return False
    return kind in ("claim", "finding") or cited


def compute_claims_and_citations(article: Article, references: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims and citations tables for an article (:func:`compute_sentences_and_citations` without the sentences)."""
    _, claims, citations = compute_sentences_and_citations(article, references)
    return claims, citations


def compute_unsupported(claims: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims and findings that cite nothing, with how sure litmap is of each one's kind.

    For a blog post or a guideline these are the first thing a careful reader checks.
    """
    CLAIMS.validate(claims)
    bare = claims[claims["kind"].isin(["claim", "finding"]) & (claims["n_citations"].fillna(0) == 0)]
    confidence = {}
    if sentences is not None and not sentences.empty:
        confidence = dict(
            zip(sentences["claim_id"].dropna(), sentences.loc[sentences["claim_id"].notna(), "confidence"])
        )
    rows = [
        {"claim_id": c, "kind": k, "section": s, "text": t, "confidence": confidence.get(c)}
        for c, k, s, t in zip(bare["claim_id"], bare["kind"], bare["section"], bare["text"])
    ]
    return UNSUPPORTED.from_records(rows)


def _link(found: list[InTextCitation], page_links, offset: int, sentence: str, entries: Entries, linked_entries):
    """Citation rows of one sentence: the page's own links first, then what the text says."""
    rows: list[dict] = []
    covered: list[tuple[int, int]] = []
    for link in page_links:
        if link.entry is None or link.entry not in linked_entries:
            continue
        start, end = link.start - offset, link.end - offset
        overlapping = [c for c in found if c.start < end and start < c.end]
        cited_as = overlapping[0].cited_as if overlapping else sentence[start:end]
        at = overlapping[0].start if overlapping else start
        rows.append(_row(linked_entries[link.entry], cited_as, "linked", 1.0, "", at))
        covered.append((start, end))
    for citation in found:
        in_link = any(citation.start < e and s < citation.end for s, e in covered)
        if in_link and citation.number is None:
            continue  # the page's link already says which entry an author-year citation means
        links, note = entries.resolve(citation)
        if in_link and links and any(r["ref_id"] == links[0][0] for r in rows):
            continue
        if not links:
            if note != "bare":
                rows.append(_row(None, citation.cited_as, "unresolved", 0.0, note, citation.start))
            continue
        for ref_id, match, confidence in links:
            rows.append(_row(ref_id, citation.cited_as, match, confidence, note, citation.start))
    rows.sort(key=lambda r: r["at"])
    return rows


def _row(ref_id, cited_as, match, confidence, note, at) -> dict:
    return {
        "ref_id": ref_id,
        "cited_as": cited_as,
        "match": match,
        "confidence": confidence,
        "note": note or None,
        "at": at,
    }


def compute_claims(article: Article, references: pd.DataFrame) -> pd.DataFrame:
    """One row per claim, finding or cited sentence of the article body, with the ref_ids it cites."""
    return compute_claims_and_citations(article, references)[0]


def compute_citations(article: Article, references: pd.DataFrame) -> pd.DataFrame:
    """One row per in-text citation, linked to its reference entry (or marked unresolved)."""
    return compute_claims_and_citations(article, references)[1]


def compute_unresolved(citations: pd.DataFrame) -> pd.DataFrame:
    """In-text citations that match no reference entry, with the reason (kept from resolution)."""
    CITATIONS.validate(citations)
    unresolved = citations[citations["match"] == "unresolved"]
    rows = [
        {"claim_id": c, "cited_as": a, "reason": n}
        for c, a, n in zip(unresolved["claim_id"], unresolved["cited_as"], unresolved["note"])
    ]
    return UNRESOLVED.from_records(rows)


def compute_uncited(references: pd.DataFrame, citations: pd.DataFrame) -> pd.DataFrame:
    """Reference entries that no claim cites."""
    cited = set(citations["ref_id"].dropna())
    return references[~references["ref_id"].isin(cited)].reset_index(drop=True)


__all__ = [
    "InTextCitation",
    "compute_citations",
    "compute_claims",
    "compute_claims_and_citations",
    "compute_sentences_and_citations",
    "compute_unsupported",
    "is_citation_only",
    "is_kept",
    "list_item_spans",
    "compute_uncited",
    "compute_unresolved",
    "find_citations",
    "resolve_citation",
    "split_sentences",
]
