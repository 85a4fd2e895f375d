"""Turn one JATS XML article into a corpus item: ``article.html``, ``article.txt`` and ``truth.json``.

The shape is the one of ``../shared/corpus`` (see its README): the page is a rendering of the
article's body (headings, paragraphs, lists; figures, tables, captions, formulas and footnotes left
out), the reference list is printed one entry a line, and the truth comes from the publisher's
markup: each ``<ref>`` gives an entry's fields, each ``<xref ref-type="bibr">`` in a kept
paragraph gives a citation (the sentence it sits in, the text it is cited as and the entries it
points to). Used to build held-out sets "the same way" as the development corpus, from articles
litmap was never tuned on.

Usage::

    .venv/bin/python benchmarks/jats_corpus.py ARTICLE.xml OUT_DIR --id ID --source REPO@COMMIT:PATH
        [--field TEXT] [--reference-style NAME] [--patch FIXES.json] [--note TEXT ...]

A missing or malformed XML file is reported (exit status 2) and nothing is written. ``--patch``
applies hand corrections where the publisher's markup is wrong (an ``xref`` to the wrong entry, a
work cited without one, a journal inside the title); each is noted in ``truth.json``. Not done
here: cutting long bodies (the development corpus's "truncated" items), OpenStax CNXML.

Entries without a printed form (``element-citation``, ``nlm-citation``) are printed in the
PLOS style ("Surname AB, Other C, et al. (2004) Title. Source 2(3): 12–34."), as the development
corpus prints them (down to its habit of dropping a title's closing question mark before the
source); a ``mixed-citation`` is printed as the publisher wrote it. Checked against the corpus
item plos-pmed-0020124 converted from the same XML: identical page, text, entries and links.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

from lxml import etree

XLINK = "{http://www.w3.org/1999/xlink}href"
#: Elements left out of the page (and citations inside them are not counted).
SKIPPED = {
    "fig",
    "fig-group",
    "table-wrap",
    "table-wrap-group",
    "table",
    "caption",
    "disp-formula",
    "fn",
    "fn-group",
    "graphic",
    "media",
    "supplementary-material",
    "object-id",
    "label",
    "alternatives",
    "inline-graphic",
    "tex-math",
    "{http://www.w3.org/1998/Math/MathML}math",
}
BLOCKS = {"p", "list", "disp-quote", "boxed-text", "sec", "list-item", "def-list", "statement"}
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|et al|cf|vs|Fig|Figs|Ref|Refs|Dr|Mr|Mrs|Ms|Prof|No|approx|ca|Eq|Eqs|Vol|pp|St|Jr|Sr|Art|Arts"
    r"|Sec|Ch|Suppl|Tab|art|p)"
    r"|\b[A-Z])\.$"
)


def text_of(element) -> str:
    """All text of an element, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def local(tag) -> str:
    return tag if not isinstance(tag, str) else tag.split("}", 1)[-1]


# ---------------------------------------------------------------------------------------------
# inline text with citation spans


class Inline:
    """Text of a block with the character spans of its bibliography cross-references."""

    def __init__(self):
        self.parts: list[str] = []
        self.xrefs: list[tuple[int, int, str, str]] = []  # start, end, rid, text

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def walk(self, element) -> None:
        self.add(element.text)
        for child in element:
            tag = local(child.tag)
            if not isinstance(child.tag, str):  # comments, processing instructions
                pass
            elif tag in SKIPPED or tag in BLOCKS:
                pass  # left out here; blocks nested in a paragraph are rendered on their own
            elif tag == "xref" and child.get("ref-type") == "bibr":
                start = len(self.text)
                self.add("".join(child.itertext()))
                self.xrefs.append((start, len(self.text), child.get("rid", ""), "".join(child.itertext())))
            else:
                self.walk(child)
            self.add(child.tail)


def normalise(inline: Inline) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Collapse whitespace in the text and move the citation spans with it."""
    raw = inline.text
    out: list[str] = []
    mapping = []  # raw index -> new index
    pending_space = False
    for ch in raw:
        if ch.isspace():
            pending_space = bool(out)
            mapping.append(None)  # a collapsed space maps to no character
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        mapping.append(len(out))
        out.append(ch)
    text = "".join(out)

    def at(i: int, forward: bool) -> int:
        step = 1 if forward else -1
        while 0 <= i < len(mapping) and mapping[i] is None:
            i += step
        if i >= len(mapping):
            return len(text)
        if i < 0:
            return 0
        return mapping[i]

    spans = []
    for start, end, rid, _label in inline.xrefs:
        if start == end:
            continue
        s = at(start, True)
        e = at(end - 1, False) + 1
        if e > s:
            spans.append((s, e, rid, text[s:e]))
    return text, spans


# ---------------------------------------------------------------------------------------------
# body


def body_blocks(body) -> list[dict]:
    """Headings, paragraphs and list items of the body, in reading order."""
    blocks: list[dict] = []

    def visit(element, depth: int, section: str) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            tag = local(child.tag)
            if tag in SKIPPED:
                continue
            if tag in ("sec", "boxed-text"):
                title = child.find("title")
                heading = text_of(title)
                if heading:
                    blocks.append({"kind": "h2" if depth == 0 else "h3", "text": heading})
                visit(child, depth + 1, heading or section)
            elif tag == "title":
                continue
            elif tag == "p":
                paragraph(child, section)
                visit_nested(child, depth, section)
            elif tag == "list":
                for item in child.iter("list-item"):
                    for p in item.findall("p"):
                        paragraph(p, section, kind="li")
            elif tag in ("disp-quote", "statement", "def-list"):
                visit(child, depth, section)

    def visit_nested(p, depth: int, section: str) -> None:
        for child in p:
            if isinstance(child.tag, str) and local(child.tag) in ("disp-quote", "list", "boxed-text", "statement"):
                visit(etree_wrap(child), depth, section)

    def paragraph(p, section: str, kind: str = "p") -> None:
        inline = Inline()
        inline.walk(p)
        text, spans = normalise(inline)
        if text:
            blocks.append({"kind": kind, "text": text, "xrefs": spans, "section": section})

    visit(body, 0, "")
    return blocks


def etree_wrap(element):
    """A one-child wrapper so that visit() sees the element itself."""
    wrapper = etree.Element("wrapper")
    wrapper.append(_copy(element))
    return wrapper


def _copy(element):
    from copy import deepcopy

    copy = deepcopy(element)
    copy.tail = None
    return copy


# ---------------------------------------------------------------------------------------------
# sentences and citations


def sentence_spans(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence boundaries: a full stop, ? or ! then a space and a capital, a digit or a quote."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?][\"”’)]?(?=\s+[\"“‘(\[]?[A-Z0-9ÀÁÂÃÉÊÍÓÔÕÚÇ])", text):
        end = m.end()
        if any(s < end < e for s, e in protected):
            continue
        head = text[start : m.start() + 1]
        if m.group().startswith(".") and _ABBREVIATIONS.search(head):
            continue
        # a numbered citation right after the stop belongs to this sentence ("... shown. [3] Next")
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


_OPEN, _CLOSE = "([", ")]"


def enclosing(text: str, start: int, end: int, limit: int = 400) -> tuple[int, int] | None:
    """The innermost bracket pair around text[start:end], if any (within `limit` characters)."""
    depth = 0
    i = start - 1
    while i >= max(0, start - limit):
        ch = text[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                break
            depth -= 1
        i -= 1
    else:
        return None
    if i < 0 or text[i] not in _OPEN:
        return None
    closer = _CLOSE[_OPEN.index(text[i])]
    depth = 0
    j = end
    while j < min(len(text), end + limit):
        ch = text[j]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return (i, j + 1) if ch == closer else None
            depth -= 1
        j += 1
    return None


def _narrative(label: str) -> bool:
    """A whole narrative citation in one cross-reference: "Smith et al. (2005)"."""
    return "(" in label and label.count("(") == label.count(")") and not label.lstrip().startswith("(")


def group_xrefs(text: str, spans: list) -> list[list]:
    """Consecutive cross-references joined by commas, semicolons, dashes or spaces form one citation.

    Two complete narrative citations in a row ("Smith (2001), Jones (2002)") stay two citations;
    a year split over two cross-references ("Smith (2013</xref>; <xref>2016)") is one.
    """
    groups: list[list] = []
    for span in spans:
        joined = re.fullmatch(r"[\s,;\u2013\u2014\-]*", text[groups[-1][-1][1] : span[0]]) if groups else None
        if joined and not (_narrative(groups[-1][-1][3]) and _narrative(span[3])):
            groups[-1].append(span)
        else:
            groups.append([span])
    # merge groups that sit in one bracket pair: "(Smith 2001, see also Jones 2002)"
    merged: list[list] = []
    for group in groups:
        if merged:
            a = enclosing(text, merged[-1][0][0], merged[-1][-1][1])
            b = enclosing(text, group[0][0], group[-1][1])
            if a and a == b:
                merged[-1].extend(group)
                continue
        merged.append(group)
    return merged


def numbers_of(label: str) -> list[int]:
    m = re.fullmatch(r"\s*\[?(\d+)\]?\s*[\u2013\u2014\-]\s*\[?(\d+)\]?\s*", label)
    if m and int(m.group(1)) < int(m.group(2)) <= int(m.group(1)) + 200:
        return list(range(int(m.group(1)), int(m.group(2)) + 1))
    return []


def citation_refs(text: str, group: list, by_id: dict, by_label: dict, numbered: bool) -> list[int]:
    """The entries one citation points to, ranges expanded."""
    refs: list[int] = []

    def add(n):
        if n is not None and n not in refs:
            refs.append(n)

    for k, (s, _e, rid, label) in enumerate(group):
        entry = by_id.get(rid)
        expanded = numbers_of(label) if numbered else []
        if expanded:
            for number in expanded:
                add(by_label.get(str(number)))
        else:
            if numbered and k > 0 and entry is not None:
                between = text[group[k - 1][1] : s]
                prev = by_id.get(group[k - 1][2])
                if re.search(r"[\u2013\u2014\-]", between) and prev and entry:
                    lo, hi = prev.get("label"), entry.get("label")
                    if lo and hi and lo.isdigit() and hi.isdigit() and int(lo) < int(hi):
                        for number in range(int(lo) + 1, int(hi)):
                            add(by_label.get(str(number)))
            add(entry["n"] if entry else None)
    return refs


# ---------------------------------------------------------------------------------------------
# references


def _initials(given: str) -> str:
    """'J. D' -> 'JD'; names that are not initials stay as they are."""
    if re.fullmatch(r"(?:[A-Z][.\s-]*){1,5}", given.strip()):
        return re.sub(r"[.\s]", "", given)
    return given


def people(group) -> list[dict]:
    out = []
    if group is None:
        return out
    for child in group:
        if not isinstance(child.tag, str):
            continue
        tag = local(child.tag)
        if tag in ("name", "string-name"):
            family = text_of(child.find("surname")) or text_of(child)
            given = text_of(child.find("given-names"))
            person = {"family": family, "given": given}
            if text_of(child.find("suffix")):
                person["suffix"] = text_of(child.find("suffix"))
            out.append(person)
        elif tag == "collab":
            out.append({"family": text_of(child), "given": ""})
    return out


def citation_element(ref):
    for tag in ("element-citation", "nlm-citation", "mixed-citation", "citation"):
        found = ref.find(tag)
        if found is not None:
            return found
    return None


def read_reference(ref, n: int) -> dict:
    cit = citation_element(ref)
    mixed = ref.find("mixed-citation")
    label = text_of(ref.find("label")).rstrip(".") or None
    if cit is None:
        return {"n": n, "label": label, "printed": text_of(ref), "authors": [], "year": None}
    groups = cit.findall("person-group")
    authors_group = next((g for g in groups if g.get("person-group-type", "author") == "author"), None)
    authors = people(authors_group)
    if authors_group is None:  # names and collabs straight under the citation
        authors = people(cit)
    else:
        authors += [{"family": text_of(c), "given": ""} for c in cit.findall("collab")]  # beside the names
    editors = people(next((g for g in groups if g.get("person-group-type") == "editor"), None))
    etal = cit.find(".//etal") is not None
    year_text = text_of(cit.find("year"))
    m = re.search(r"\d{4}", year_text)
    year = int(m.group()) if m else None
    article_title = text_of(cit.find("article-title")) or text_of(cit.find("chapter-title"))
    source = text_of(cit.find("source"))
    title = article_title or source or None
    container = source if article_title and source else None
    fpage, lpage = text_of(cit.find("fpage")), text_of(cit.find("lpage"))
    if lpage == fpage:  # "p. 150" marked up as 150-150
        lpage = ""
    pages = f"{fpage}-{lpage}" if fpage and lpage else (fpage or text_of(cit.find("elocation-id")) or None)
    doi = None
    for pid in cit.findall(".//pub-id"):
        if pid.get("pub-id-type") == "doi":
            doi = text_of(pid)
    for link in cit.findall(".//ext-link"):
        href = link.get(XLINK, "")
        if doi is None and (link.get("ext-link-type") == "doi" or "doi.org/10." in href):
            doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text_of(link) or href)
    publisher = text_of(cit.find("publisher-name")) or None
    place = text_of(cit.find("publisher-loc")) or None
    kind = cit.get("publication-type") or cit.get("citation-type") or "other"
    entry = {
        "n": n,
        "label": label,
        "printed": "",
        "authors": authors,
        "year": year,
        "title": title,
        "container": container,
        "volume": text_of(cit.find("volume")) or None,
        "issue": text_of(cit.find("issue")) or None,
        "pages": pages,
        "doi": doi,
    }
    if etal:
        entry["authors_etal"] = True
    if editors:
        entry["editors"] = editors
    if publisher:
        entry["publisher"] = publisher
    if year_text and year_text != str(year):
        entry["year_printed"] = year_text
    entry["type"] = kind
    entry["source_id"] = ref.get("id")
    if mixed is not None and _has_own_punctuation(mixed):
        entry["printed"] = text_of(mixed)
    else:
        entry["printed"] = plos_printed(entry, cit, article_title, source, place, fpage, lpage)
    return entry


def _has_own_punctuation(cit) -> bool:
    """A mixed citation carries its own punctuation between the elements."""
    tails = "".join((child.tail or "") for child in cit)
    return bool(re.search(r"[.,;:()]", tails))


def plos_printed(entry: dict, cit, article_title: str, source: str, place, fpage: str, lpage: str) -> str:
    names = []
    for person in entry["authors"]:
        names.append(f"{person['family']} {_initials(person['given'])} {person.get('suffix', '')}".strip())
    head = ", ".join(names)
    if entry.get("authors_etal"):
        head += ", et al."
    year = entry.get("year_printed") or (str(entry["year"]) if entry["year"] else "n.d.")
    parts = [f"{head} ({year})".strip()]

    def sentence(value: str) -> str:
        return value if value.endswith((".", "?", "!")) else value + "."

    def title_sentence(value: str) -> str:
        # the development corpus prints a title's closing question mark as nothing: "... trials Lancet 363"
        return value[:-1] if value.endswith("?") else sentence(value)

    kind = entry["type"]
    pages = f"{fpage}–{lpage}" if fpage and lpage else fpage
    chapter = cit.find("chapter-title") is not None
    if article_title and (kind in ("book", "incollection") or chapter):
        parts.append(sentence(article_title))
        if entry.get("editors"):
            eds = ", ".join(f"{e['family']} {_initials(e['given'])}".strip() for e in entry["editors"])
            parts.append(f"In: {eds}, editors.")
        if source:
            parts.append(sentence(source))
        if entry.get("publisher"):
            parts.append(f"{place}: {entry['publisher']}." if place else f"{entry['publisher']}.")
        if pages:
            parts.append(f"pp. {pages}.")
    elif article_title:
        parts.append(title_sentence(article_title))
        tail = source
        if entry["volume"]:
            tail += f" {entry['volume']}"
            if entry["issue"]:
                tail += f"({entry['issue']})"
        if pages:
            tail += f": {pages}" if entry["volume"] else f" {pages}"
        if tail:
            parts.append(sentence(tail.strip()))
    else:
        if source:
            parts.append(sentence(source))
        if entry.get("publisher") and kind == "book":
            parts.append(f"{place}: {entry['publisher']}." if place else f"{entry['publisher']}.")
    comment = cit.find("comment")
    if comment is not None and text_of(comment):
        parts.append(sentence(text_of(comment)))
    elif entry["doi"]:
        parts.append(f"doi:{entry['doi']}")
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# the article


def apply_patch(change: dict, refs: list[dict], citations: list[dict], notes: list[str]) -> None:
    """Correct the truth where the publisher's markup is wrong, by hand and on the record.

    ``{"op": "relink", "cited_as": …, "sentence": <part of it>, "refs": [...], "why": …}`` gives a
    citation other entries (an ``xref`` pointing to the wrong ``ref``, or a work cited without one);
    ``{"op": "add", "cited_as": …, "sentence": …, "refs": [...], "section": …, "why": …}`` adds a
    citation that has no ``xref`` at all; ``{"op": "field", "n": …, "fields": {...}, "why": …}``
    sets an entry's fields. Each change is noted in ``notes`` and marked on the item it touched.
    """
    why = change["why"]
    if change["op"] == "field":
        entry = next(r for r in refs if r["n"] == change["n"])
        entry.update(change["fields"])
        entry["patched_fields"] = sorted(change["fields"])
        notes.append(f"reference {change['n']}: {', '.join(sorted(change['fields']))} set by hand ({why})")
        return
    if change["op"] == "relink":
        found = [c for c in citations if c["cited_as"] == change["cited_as"] and change["sentence"] in c["sentence"]]
        if len(found) != 1:
            raise ValueError(f"patch matches {len(found)} citations, not one: {change}")
        found[0]["refs"], found[0]["patched"] = change["refs"], True
        found[0]["note"] = why
    elif change["op"] == "add":
        sentence = next(c["sentence"] for c in citations if change["sentence"] in c["sentence"])
        citations.append(
            {
                "sentence": sentence,
                "cited_as": change["cited_as"],
                "at": sentence.index(change["cited_as"]),
                "refs": change["refs"],
                "section": change["section"],
                "patched": True,
                "note": why,
            }
        )
    notes.append(f"{change['op']} {change['cited_as']!r} -> {change['refs']} by hand ({why})")


def html_entities(xml: bytes) -> bytes:
    """Named HTML entities ("&iquest;", "&nbsp;") that a JATS DTD defines, as characters.

    The DTD is not loaded (no network, no files outside the article), so the names XML itself
    does not know are written out as the characters a reader sees.
    """
    from html.entities import html5

    def repl(m: re.Match) -> bytes:
        name = m.group(1).decode("ascii")
        if name in ("amp", "lt", "gt", "quot", "apos") or name + ";" not in html5:
            return m.group(0)
        return html5[name + ";"].encode("utf-8")

    return re.sub(rb"&([A-Za-z][A-Za-z0-9]{1,30});", repl, xml)


def licence_of(root) -> tuple[str, str]:
    lic = root.find(".//article-meta/permissions/license")
    if lic is None:
        return "not stated in the XML", ""
    href = lic.get(XLINK) or ""
    if not href:
        for link in lic.iter("ext-link"):
            href = link.get(XLINK) or href
    m = re.search(r"licenses/([a-z-]+)/(\d\.\d)", href)
    if m:
        return f"CC {m.group(1).upper()} {m.group(2)}", href
    text = text_of(lic)
    if "Creative Commons Attribution" in text:
        return "CC BY (Creative Commons Attribution License; version not stated in the XML)", text[:200]
    return text[:80] or "not stated in the XML", text[:200]


def convert(
    xml: bytes,
    *,
    item_id: str,
    source: str,
    field: str = "",
    notes: list[str] | None = None,
    reference_style="plos",
    patches: list[dict] | None = None,
) -> dict:
    """The three files of one corpus item, as {'article.html': str, 'article.txt': str, 'truth.json': str}."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, load_dtd=False)
    root = etree.fromstring(html_entities(xml), parser)
    for element in root.iter():  # namespaced JATS (rare) read like plain JATS
        if isinstance(element.tag, str) and element.tag.startswith("{") and "MathML" not in element.tag:
            element.tag = local(element.tag)
    meta = root.find(".//article-meta")
    title = text_of(meta.find("title-group/article-title"))
    authors = []
    for contrib in meta.iter("contrib"):
        if contrib.get("contrib-type") != "author":
            continue
        name = contrib.find("name")
        if name is not None:
            authors.append(f"{text_of(name.find('given-names'))} {text_of(name.find('surname'))}".strip())
        elif contrib.find("collab") is not None:
            authors.append(text_of(contrib.find("collab")))
    journal = text_of(root.find(".//journal-meta//journal-title"))
    years = [text_of(d.find("year")) for d in meta.findall("pub-date")]
    year = int(next((y for y in years if y.isdigit()), "0")) or None
    doi = next((text_of(a) for a in meta.findall("article-id") if a.get("pub-id-type") == "doi"), None)
    licence, licence_url = licence_of(root)

    refs = [read_reference(ref, i + 1) for i, ref in enumerate(root.iter("ref"))]
    # numbered when the entries carry numbers and the text cites them by number ("[3]", "3–5")
    cited = (
        [text_of(x) for x in root.find("body").iter("xref") if x.get("ref-type") == "bibr"]
        if root.find("body") is not None
        else []
    )
    by_number = sum(bool(re.fullmatch(r"[\[(]?\d+[a-z]?(?:\s*[\u2013\u2014,-]\s*\d+)*[\])]?", c)) for c in cited)
    numbered = bool(refs) and all(r.get("label") and r["label"].isdigit() for r in refs) and by_number * 2 > len(cited)
    for r in refs:
        if numbered:
            r["n"] = int(r["label"])
        else:
            r.pop("label", None)
    by_id = {r["source_id"]: r for r in refs}
    by_label = {r["label"]: r["n"] for r in refs if r.get("label")}

    body = root.find("body")
    blocks = body_blocks(body) if body is not None else []
    citations = []
    for block in blocks:
        if block["kind"] in ("h2", "h3") or not block.get("xrefs"):
            continue
        text = block["text"]
        groups = group_xrefs(text, block["xrefs"])
        found = []
        for group in groups:
            start, end = group[0][0], group[-1][1]
            box = enclosing(text, start, end)
            if box and box[1] - box[0] <= 400:
                start, end = box
            found.append((start, end, group))
        protected = [(s, e) for s, e, _ in found]
        sentences = sentence_spans(text, protected)
        for start, end, group in found:
            s0, s1 = next(((a, b) for a, b in sentences if a <= start < b), (0, len(text)))
            sentence = text[s0:s1].strip()
            cited = text[start:end]
            citations.append(
                {
                    "sentence": sentence,
                    "cited_as": cited,
                    "at": sentence.find(cited) if sentence.find(cited) == start - s0 else start - s0,
                    "refs": citation_refs(text, group, by_id, by_label, numbered),
                    "section": block["section"],
                }
            )
    citations = [c for c in citations if c["refs"]]

    for change in patches or []:
        apply_patch(change, refs, citations, notes_out := [])
        notes = list(notes or []) + notes_out

    style = "numbered" if numbered else "author-year"
    byline_names = ", ".join(authors[:8]) + (" et al." if len(authors) > 8 else "")
    byline = f"{byline_names}. {journal} ({year})." + (f" https://doi.org/{doi}" if doi else "")

    def ref_line(r: dict) -> str:
        return f"{r['label']}. {r['printed']}" if numbered else r["printed"]

    txt = [title, "", byline, ""]
    page = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title, quote=False)}</title>",
        "</head>",
        "<body>",
        "<article>",
        f"<h1>{html.escape(title, quote=False)}</h1>",
        f'<p class="byline">{html.escape(byline, quote=False)}</p>',
    ]
    in_list = False
    for block in blocks:
        esc = html.escape(block["text"], quote=False)
        if block["kind"] == "li":
            if not in_list:
                page.append("<ul>")
                in_list = True
            page.append(f"<li>{esc}</li>")
            txt += [block["text"], ""]
            continue
        if in_list:
            page.append("</ul>")
            in_list = False
        page.append(f"<{block['kind']}>{esc}</{block['kind']}>")
        txt += [block["text"], ""]
    if in_list:
        page.append("</ul>")
    page.append("<h2>References</h2>")
    tag = "ol" if numbered else "ul"
    page.append(f'<{tag} class="references" style="list-style:none">')
    txt += ["References", ""]
    for i, r in enumerate(refs):
        esc = html.escape(r["printed"], quote=False)
        if numbered:
            page.append(f'<li id="ref{r["n"]}"><span class="label">{r["label"]}.</span> {esc}</li>')
        else:
            page.append(f'<li id="bib{i + 1}">{esc}</li>')
        txt.append(ref_line(r))
    page += [f"</{tag}>", "</article>", "</body>", "</html>", ""]

    truth = {
        "id": item_id,
        "source": source,
        "licence": licence,
        "licence_url": licence_url,
        "article": {"title": title, "authors": authors, "journal": journal, "year": year, "doi": doi},
        "field": field,
        "style": style,
        "reference_style": reference_style,
        "truncated": False,
        "notes": list(notes or [])
        + ["figures, tables, captions, formulas and footnotes are omitted; citations inside them are not counted"],
        "n_references": len(refs),
        "n_citations": len(citations),
        "references": refs,
        "citations": citations,
    }
    return {
        "article.html": "\n".join(page),
        "article.txt": "\n".join(txt) + "\n",
        "truth.json": json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("xml", type=Path, help="the article's JATS XML")
    parser.add_argument("out", type=Path, help="folder to write article.html, article.txt and truth.json into")
    parser.add_argument("--id", required=True, help="the item's id (folder name in the corpus)")
    parser.add_argument("--source", required=True, help="where the XML came from: REPO@COMMIT:PATH")
    parser.add_argument("--field", default="", help="the article's field, in words")
    parser.add_argument("--reference-style", default="plos", help="how the entries are printed (for truth.json)")
    parser.add_argument("--patch", type=Path, help="JSON list of hand corrections to the truth (see apply_patch)")
    parser.add_argument("--note", action="append", default=[], help="a note for truth.json (repeatable)")
    args = parser.parse_args(argv)
    if not args.xml.is_file():
        print(f"jats_corpus: the XML file {args.xml} does not exist", file=sys.stderr)
        return 2
    if args.patch and not args.patch.is_file():
        print(f"jats_corpus: the patch file {args.patch} does not exist", file=sys.stderr)
        return 2
    try:
        files = convert(
            args.xml.read_bytes(),
            item_id=args.id,
            source=args.source,
            field=args.field,
            notes=args.note,
            reference_style=args.reference_style,
            patches=json.loads(args.patch.read_text(encoding="utf-8")) if args.patch else None,
        )
    except etree.XMLSyntaxError as err:
        print(f"jats_corpus: {args.xml} is not well-formed XML: {err}", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (args.out / name).write_text(content, encoding="utf-8")
    truth = json.loads(files["truth.json"])
    print(f"{args.out}: {truth['n_references']} references, {truth['n_citations']} citations ({truth['style']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
