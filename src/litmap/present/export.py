"""Write a reading list for people (Markdown, HTML) and for reference managers (BibTeX, RIS, CSL-JSON).

Every writer takes the frame from :func:`litmap.compute_reading_list` and a path, writes UTF-8
and returns the path. A work with a free full text known carries its link: "Free full text" in
Markdown and HTML, ``url`` and ``note`` in BibTeX, ``UR`` and ``N1`` in RIS, ``URL`` and
``note`` in CSL-JSON. The HTML page is self-contained (inline CSS, no scripts, no external
resources) and every piece of metadata in it goes through :func:`html.escape`, so a title
such as ``<script>…`` shows as text. BibTeX is written with bibtexparser 2 (LaTeX-encoded),
RIS with rispy, CSL-JSON as the items citeproc-py formats the APA references from.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from pathlib import Path

import pandas as pd

from litmap.arguments import checked, folder, instance, some_of, table
from litmap.present.palette import STATUS_COLORS, STATUS_TINTS
from litmap.present.reading_list import to_csl_item
from litmap.schemas import AUDIT_STATUSES, READING_LIST, STATUS_LABELS
from litmap.values import first_family_name, is_missing, or_none
from litmap.verify.answers import is_web_link

#: Writers by format name, in the order ``write_reading_list`` writes them.
FORMATS = ("md", "html", "bib", "ris", "json")

_BIBTEX_TYPES = {"article-journal": "article", "book": "book", "chapter": "incollection", "report": "techreport"}
_RIS_TYPES = {"article-journal": "JOUR", "book": "BOOK", "chapter": "CHAP", "report": "RPRT", "webpage": "ELEC"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")


def _text(value) -> str | None:
    """A cell as trimmed text, None when missing."""
    return None if is_missing(value) else str(value).strip()


def _free(row: dict) -> str | None:
    """The free full-text link of a reading-list row, when one is known and is an http(s) link."""
    link = _text(row.get("oa_url"))
    return link if is_web_link(link) else None


def _rows(frame: pd.DataFrame) -> list[dict]:
    """The reading list's rows; a link with a scheme other than http(s) (``javascript:``, ``file:``) left out."""
    READING_LIST.validate(frame)
    rows = frame.to_dict("records")
    for row in rows:
        for key in ("url", "oa_url"):
            link = _text(row.get(key))
            if link and re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE) and not is_web_link(link):
                row[key] = None
    return rows


def _describe(frame: pd.DataFrame) -> str:
    """The line under a reading list's title: how many works, by verdict, and what "unchecked" means.

    A reader who trusts the list should see at once when its entries were never looked up.

    >>> _describe(pd.DataFrame({"status": ["verified", "unchecked", "unchecked"]}))[:70]
    '3 sources: 1 verified, 2 unchecked. Unchecked entries were not looked '
    """
    counts = frame["status"].value_counts() if "status" in frame else pd.Series(dtype=int)
    verdicts = ", ".join(f"{int(counts[s])} {STATUS_LABELS[s]}" for s in AUDIT_STATUSES if counts.get(s, 0))
    head = f"{len(frame)} source{'' if len(frame) == 1 else 's'}" + (f": {verdicts}." if verdicts else ".")
    if counts.get("unchecked", 0):
        head += " Unchecked entries were not looked up in any record: they are as the article prints them."
    return head + (
        " Fit says whether the record talks about what the claim talks about (topical fit), "
        "not whether it supports the claim."
    )


def _md(text) -> str:
    """Markdown-escape free text so a title cannot open a link, a tag or a table cell."""
    return _MD_SPECIAL.sub(r"\\\1", _text(text) or "")


def _facts(row: dict) -> list[str]:
    """The plain-text facts shown under an entry (type, fit, topics, a corrected year), status aside."""
    facts = [f"type: {row['work_type']}"]
    if or_none(row.get("n_articles")) is not None:  # a corpus reading list: how widely the work is cited
        facts.insert(0, f"cited by {int(row['n_articles'])} article{'s' if int(row['n_articles']) != 1 else ''}")
        if isinstance(row.get("verdicts"), list) and row["verdicts"]:
            facts.append("verdicts: " + ", ".join(map(str, row["verdicts"])))
    free = or_none(row.get("is_free_to_read"))
    if free is not None:
        facts.append("free to read" if free else "no free full text known")
    cited, year = or_none(row.get("year_cited")), or_none(row.get("year"))
    if cited is not None and year is not None and int(cited) != int(year):
        facts.append(f"year corrected: the article cites {int(cited)}")
    if _text(row["fit"]):
        facts.append(f"fit: {row['fit']}")
    if row["topics"]:
        facts.append("topics: " + ", ".join(map(str, row["topics"])))
    return facts


def write_markdown(frame: pd.DataFrame, path: str | Path, *, title: str = "Reading list") -> Path:
    """Write the reading list as Markdown: one numbered entry per source with its evidence."""
    lines = [
        f"# {_md(title)}",
        "",
        _md(_describe(frame)),
        "",
    ]
    for i, row in enumerate(_rows(frame), 1):
        apa, url = str(row["apa"] or ""), _text(row["url"])
        if url and apa.endswith(url):  # APA ends with the DOI link: write it once, as a live link
            apa = apa.removesuffix(url).rstrip()
        link = (f" <{url}>" if is_web_link(url) else f" {_md(url)}") if url else ""
        if is_web_link(row.get("oa_url")):
            link += f" · [Free full text](<{_text(row['oa_url'])}>)"
        lines.append(f"{i}. {_md(apa)}{link}")
        facts = [f"status: {row['status']}"] + _facts(row)
        lines.append("   - " + "; ".join(_md(f) for f in facts))
        for claim in row["cited_for"]:
            lines.append(f"   - cited for: {_md(claim)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
li { margin-bottom: 1rem; } .meta { color: #555; font-size: 0.9rem; }
.status { color: #222; border-radius: 0.3rem; padding: 0 0.3rem; border: 1px solid; }
.cited { font-style: italic; color: #444; }
""" + "".join(
    # Badges in the figures' status colours (litmap.present.palette): a light tint behind dark text, so
    # they stay readable; the border carries the colour itself.
    f".status-{status} {{ background: {STATUS_TINTS[status]}; border-color: {colour}; }}\n"
    for status, colour in STATUS_COLORS.items()
)


def write_html(frame: pd.DataFrame, path: str | Path, *, title: str = "Reading list") -> Path:
    """Write a self-contained HTML page (no scripts, no external resources; all metadata escaped)."""
    esc = html.escape
    items = []
    for row in _rows(frame):
        meta = [
            f'<span class="status status-{esc(str(row["status"]))}">'
            f"{esc(STATUS_LABELS.get(str(row['status']), str(row['status'])))}</span>",
        ] + [esc(fact) for fact in _facts(row)]
        link, apa = "", str(row["apa"] or "")
        if is_web_link(row["url"]):
            url = esc(str(row["url"]), quote=True)
            link = f' <a href="{url}">{url}</a>'
            apa = apa.removesuffix(str(row["url"])).rstrip()  # APA ends with the DOI link: make it live
        if is_web_link(row.get("oa_url")):
            link += f' · <a class="free" href="{esc(_text(row["oa_url"]), quote=True)}">Free full text</a>'
        cited = "".join(f'<div class="cited">cited for: {esc(str(c))}</div>' for c in row["cited_for"])
        items.append(f'<li><div>{esc(apa)}{link}</div><div class="meta">{" · ".join(meta)}</div>{cited}</li>')
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n<p>{esc(_describe(frame))}</p>\n"
        f"<ol>\n{chr(10).join(items)}\n</ol>\n</body>\n</html>\n"
    )
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def _bibtex_name(author: dict) -> str | None:
    if author.get("literal"):
        return str(author["literal"])
    if author.get("family"):
        return f"{author['family']}, {author['given']}" if author.get("given") else str(author["family"])
    return None


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def _citation_keys(rows: list[dict]) -> list[str]:
    """Keys like ``eisenberger2003does``, made unique with a, b, … suffixes."""
    keys, seen = [], {}
    for row in rows:
        name = _ascii_word((first_family_name(row["authors"]) or "anon").split()[0])
        year = str(int(row["year"])) if _text(row["year"]) else "nd"
        title_words = [w for w in (_ascii_word(w) for w in str(row["title"] or "").split()) if len(w) > 3]
        key = f"{name or 'anon'}{year}{title_words[0] if title_words else ''}"
        n = seen.get(key, 0)
        seen[key] = n + 1
        keys.append(key if n == 0 else f"{key}{chr(ord('a') + n - 1)}")
    return keys


def write_bibtex(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write BibTeX with bibtexparser 2; values are LaTeX-encoded (ü -> \\"u, & -> \\&).

    Organisations are wrapped in braces so BibTeX keeps them whole ("{World Health Organization}").
    """
    import bibtexparser
    from bibtexparser.middlewares import LatexEncodingMiddleware
    from bibtexparser.model import Entry, Field

    rows = _rows(frame)
    library = bibtexparser.Library()
    literal_authors, verbatim = {}, {}
    for key, row in zip(_citation_keys(rows), rows):
        entry_type = _BIBTEX_TYPES.get(str(row["csl_type"]), "misc")
        names = [(a, _one_line(_bibtex_name(a))) for a in row["authors"] or []]
        names = [(bool(a.get("literal")), n) for a, n in names if n]
        literal_authors[key] = [is_literal for is_literal, _ in names]
        values = {f"author{i}": name for i, (_, name) in enumerate(names)}
        values |= {
            "title": _text(row["title"]),
            "year": str(int(row["year"])) if _text(row["year"]) else None,
            "journal": _text(row["container"]) if entry_type == "article" else None,
            "booktitle": _text(row["container"]) if entry_type == "incollection" else None,
            "volume": _text(row["volume"]),
            "number": _text(row["issue"]),
            "pages": (_text(row["pages"]) or "").replace("-", "--") or None,
            "publisher": _text(row["publisher"]),
            "isbn": _text(row["isbn"]),
            "doi": _text(row["doi"]),
            "url": _free(row) or (_text(row["url"]) if not _text(row["doi"]) and is_web_link(row["url"]) else None),
            "note": f"Free full text: {_free(row)}" if _free(row) else None,
        }
        values = {k: _one_line(v) for k, v in values.items()}
        library.add(Entry(entry_type, key, [Field(k, v) for k, v in values.items() if v]))
        verbatim[key] = {k: v for k, v in values.items() if v and k in ("doi", "url")}
    # Encode every value, then join the (encoded) names: the braces around organisations must
    # stay BibTeX syntax, not become escaped text. DOIs and URLs are verbatim fields in BibTeX and
    # biblatex ("10.1/a_b", not "10.1/a\_b"; no \url{} inside url): they are put back unencoded.
    library = LatexEncodingMiddleware(keep_math=False).transform(library)
    for entry in library.entries:
        for name, value in verbatim[entry.key].items():
            entry.set_field(Field(name, value))
        flags = literal_authors[entry.key]
        names = [entry.fields_dict[f"author{i}"].value for i in range(len(flags))]
        for i in range(len(flags)):
            entry.pop(f"author{i}")
        if names:
            joined = " and ".join("{" + n + "}" if lit else n for n, lit in zip(names, flags))
            entry.fields = [Field("author", joined)] + entry.fields
    text = bibtexparser.write_string(library)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _one_line(value):
    """A field on one line: a line break in a name or title would start a new RIS record or BibTeX field."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return value


def write_ris(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write RIS with rispy (TY, AU, PY, TI, T2, VL, IS, SP/EP, PB, SN, DO, UR; N1 for a free full text).

    Every field is written on one line, and only http(s) links are written.
    """
    import rispy

    entries = []
    for row in _rows(frame):
        entry = {"type_of_reference": _RIS_TYPES.get(str(row["csl_type"]), "GEN")}
        names = [n for n in (_bibtex_name(a) for a in row["authors"] or []) if n]
        if names:
            entry["authors"] = names
        values = {
            "year": str(int(row["year"])) if _text(row["year"]) else None,
            "title": _text(row["title"]),
            "secondary_title": _text(row["container"]) if row["csl_type"] != "book" else None,
            "volume": _text(row["volume"]),
            "number": _text(row["issue"]),
            "publisher": _text(row["publisher"]),
            "issn": _text(row["isbn"]),
            "doi": _text(row["doi"]),
        }
        pages = _text(row["pages"])
        if pages:
            start, _, end = pages.partition("-")
            values["start_page"], values["end_page"] = start or None, end or None
        entry.update({k: v for k, v in values.items() if v})
        urls = [u for u in (_free(row), _text(row["url"])) if is_web_link(u)]
        if urls:
            entry["urls"] = list(dict.fromkeys(urls))
        if _free(row):
            entry["notes"] = [f"Free full text: {_free(row)}"]
        entries.append({key: _one_line(value) for key, value in entry.items()})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        rispy.dump(entries, handle)
    return path


def write_csl_json(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write CSL-JSON: a list of items (ids are ref_ids) that Zotero and citeproc read."""
    items = [to_csl_item(row) for row in _rows(frame)]
    for item in items:  # only http(s) links leave litmap
        if "URL" in item and not is_web_link(item["URL"]):
            del item["URL"]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(items, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


_WRITERS = {"md": write_markdown, "html": write_html, "bib": write_bibtex, "ris": write_ris, "json": write_csl_json}


@checked(frame=table(READING_LIST), out_dir=folder, formats=some_of(*FORMATS))
def write_reading_list(
    frame: pd.DataFrame,
    out_dir: str | Path,
    formats=FORMATS,
    stem: str = "reading-list",
    *,
    title: str = "Reading list",
) -> dict[str, Path]:
    """Write the reading list in each of ``formats`` as ``out_dir/stem.<format>``.

    ``title`` heads the Markdown and HTML versions.

    Returns
    -------
    dict
        Format name -> path written, e.g. ``{"md": Path("outputs/reading-list.md"), ...}``.
    """
    out_dir = Path(out_dir)
    titled = {"md", "html"}
    return {
        fmt: _WRITERS[fmt](frame, out_dir / f"{stem}.{fmt}", **({"title": title} if fmt in titled else {}))
        for fmt in formats
    }


@checked(reading_lists=instance(dict, "a dict of reading lists by topic"), out_dir=folder, formats=some_of(*FORMATS))
def write_topic_reading_lists(
    reading_lists: dict[str, pd.DataFrame], out_dir: str | Path, formats=FORMATS, *, labels: dict | None = None
) -> dict[str, Path]:
    """Write each topic's reading list as ``reading-list-<topic>.<format>``; returns ``{"<topic>.<format>": path}``.

    ``reading_lists`` comes from :func:`litmap.compute_topic_reading_lists`; ``labels`` (topic key
    -> label) titles the Markdown and HTML pages, "Reading list: <label>".
    """
    labels = labels or {}
    written = {}
    for key, frame in reading_lists.items():
        title = f"Reading list: {labels.get(key, key)}"
        paths = write_reading_list(frame, out_dir, formats, stem=f"reading-list-{_file_word(key)}", title=title)
        written.update({f"{key}.{fmt}": path for fmt, path in paths.items()})
    return written


def _file_word(key: str) -> str:
    """A topic key as part of a file name: letters, digits, '-' and '_' only."""
    return re.sub(r"[^\w-]+", "-", str(key)).strip("-") or "topic"


__all__ = [
    "FORMATS",
    "write_bibtex",
    "write_csl_json",
    "write_html",
    "write_markdown",
    "write_reading_list",
    "write_ris",
    "write_topic_reading_lists",
]
