"""An independent probe of the audit: real ML and clinical works cited as their fields print them, and changed.

The mutation benchmark (``audit_mutations.py``) draws its works from ``../shared`` (mostly journals) and
writes citations with ``citation_styles.py``. This probe shares neither: 25 real works (19 to develop on, 6 held out) — conference papers
of CVPR, ICCV, ECCV, NAACL, EMNLP and a MICCAI workshop, journal papers of TPAMI and Neural Computation,
and clinical papers of JAMA, Nature, Science, Nature Medicine, NEJM, BMJ, Controlled Clinical Trials and
Medical Image Analysis — each with a record in the shape Crossref returns (``event`` for proceedings,
``published-online`` where the early-access year differs), facts checked in published reference lists
(``benchmarks/data/audit_probe.json`` says where). Citations are:

Held-out batches 3, 4 and 5 (39 more works of ``../shared``'s truth files, records built from the printed
facts) carry citations written by hand in named styles (``written``: faithful, expected ``verified``;
``written_wrong``: one field changed, expected not ``verified``, naming it) and nothing generated. Batch 5
is of fields and kinds the others lack: APS letters with article numbers, ACS and RSC chemistry, an
economics working paper, a humanities book, chapters in edited books, organisations' guidelines and
manuals, an IEEE symposium paper, Chinese, Japanese and Korean names, 10+ authors cut with "et al.".

- *printed*: reference strings as real articles printed them (copied from those lists), expected
  ``verified``; and a few printed ones that cite the work wrongly (reported apart, expected not
  ``verified``);
- *harmless*: the work written in the styles ML and clinical articles use, by renderers of this
  file (Vancouver, AMA, APA, IEEE, natbib as NeurIPS/ICLR papers print it, ACL, Springer LNCS,
  GB/T 7714), the venue as acronyms and abbreviations articles print, "et al." after one author,
  names without accents, the title in title case, and the arXiv preprint: expected ``verified``;
- *changed*: one field changed as a careless or fabricating author would change it — a title word
  swapped for a near word ("Dense" -> "Sparse"), a subtitle invented, an invented co-author with a
  plausible name added or put in a real one's place, a real co-author dropped from the middle, two
  authors swapped, the venue moved to a sibling conference or journal ("ICCV" for CVPR, "JAMA
  Ophthalmol" for JAMA, a MICCAI workshop cited as MICCAI), the year moved by one, the page range of
  the next paper, the volume, the DOI of another work: expected not ``verified``, naming that field.

Audited through the public path, as the mutation benchmark does: ``litmap.compute_references`` ->
``litmap.compute_lookups`` -> a RECORDS table (a search finds the true record and the two probe works
with the closest titles; a DOI finds the record holding it) -> ``litmap.compute_audit``.

Usage::

    .venv/bin/python benchmarks/audit_probe.py [--failures FILE] [--markdown]

Numbers are in ``benchmarks/README.md`` (section "Audit against changed citations").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pandas as pd
from audit_mutations import named_fields, record_row, table
from rapidfuzz import fuzz

import litmap
from litmap.schemas import RECORDS

DATA = Path(__file__).resolve().parent / "data" / "audit_probe.json"
SERVICES = ("crossref", "openlibrary")
#: Plausible names a fabricating author adds; a work whose record has the family name does not get it.
INVENTED = (
    ("Michael", "Brown"),
    ("Yuki", "Tanaka"),
    ("Wei", "Chen"),
    ("Laura", "Martinez"),
    ("Anil", "Kumar"),
    ("Hannah", "Müller"),
    ("David", "Park"),
)
SUBTITLES = {"ml": "A Unified Framework", "clinical": "a systematic review and meta-analysis"}
CLINICAL = {
    "gulshan",
    "esteva",
    "obermeyer",
    "topol",
    "rajkomar",
    "higgins",
    "dersimonian",
    "egger",
    "litjens",
    "prisma",
}


@dataclass
class Case:
    work: str
    kind: str  # printed, printed_wrong, harmless, harmful
    change: str
    field: str | None
    style: str
    raw: str
    record: dict
    split: str = "dev"
    by_doi: dict = field(default_factory=dict)


# ---------------------------------------------------------------- what a work states


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _year(record: dict) -> int:
    return int(record["issued"]["date-parts"][0][0])


def _dates(record: dict) -> set[int]:
    keys = ("issued", "published-online", "published-print")
    return {int(record[k]["date-parts"][0][0]) for k in keys if k in record}


def _initials(given: str, *, dots: bool) -> str:
    parts = [p for p in re.split(r"[\s.]+", given) if p]
    out = []
    for part in parts:
        if "-" in part:
            out.append("-".join(x[0] + ("." if dots else "") for x in part.split("-") if x))
        else:
            out.append(part[0] + ("." if dots else ""))
    return (" " if dots else "").join(out)


def _person(a: dict, form: str) -> str:
    given, family = a.get("given", ""), a["family"]
    if form == "vancouver":  # Gulshan V, Stumpe MC
        return f"{family} {_initials(given, dots=False)}"
    if form == "apa":  # Gulshan, V., Stumpe, M. C.
        return f"{family}, {_initials(given, dots=True)}"
    if form == "ieee":  # V. Gulshan
        return f"{_initials(given, dots=True)} {family}"
    if form == "lncs":  # Gulshan, V.
        return f"{family}, {_initials(given, dots=True).replace(' ', '')}"
    return f"{given} {family}"  # natbib, acl: full names


def _authors(people: list[dict], style: str) -> str:
    n = len(people)
    if style in ("vancouver", "gbt"):
        limit, keep = (6, 6) if style == "vancouver" else (3, 3)
        shown = [_person(a, "vancouver") for a in people[: keep if n > limit else n]]
        return ", ".join(shown) + (", et al" if n > limit else "")
    if style == "ama":
        shown = [_person(a, "vancouver") for a in people[: 3 if n > 6 else n]]
        return ", ".join(shown) + (", et al" if n > 6 else "")
    if style == "ieee":
        if n > 6:
            return _person(people[0], "ieee") + " et al."
        names = [_person(a, "ieee") for a in people]
    elif style == "apa":
        names = [_person(a, "apa") for a in people]
        return names[0] if n == 1 else ", ".join(names[:-1]) + ", & " + names[-1]
    elif style == "lncs":
        return ", ".join(_person(a, "lncs") for a in people)
    else:
        names = [_person(a, "full") for a in people]
    if n == 1:
        return names[0]
    if n == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + ", and " + names[-1]


def _pages(page: str | None, *, short: bool = False, dash: str = "-") -> str:
    if not page:
        return ""
    first, _, last = page.partition("-")
    if short and last and len(first) == len(last):  # 2402-10, as NLM prints it
        i = next((k for k in range(len(first)) if first[k] != last[k]), len(first))
        last = last[i:]
    return f"{first}{dash}{last}" if last else first


def _is_journal(work: dict) -> bool:
    return work["record"]["type"] == "journal-article"


@dataclass
class Facts:
    """What a citation prints, before a style writes it."""

    authors: list[dict]
    title: str
    venue: str  # the name the style prints
    year: int
    volume: str | None
    issue: str | None
    page: str | None
    doi: str | None


def facts_of(work: dict) -> Facts:
    r = work["record"]
    title = r["title"][0] + (": " + r["subtitle"][0] if r.get("subtitle") else "")
    return Facts(
        authors=[dict(a) for a in r["author"]],
        title=title,
        venue=(r.get("container-title") or [""])[0],  # a book has none
        year=_year(r),
        volume=r.get("volume"),
        issue=r.get("issue"),
        page=r.get("page"),
        doi=r.get("DOI"),
    )


def _sentence(title: str) -> str:
    """Sentence case, as Vancouver and APA print titles (acronyms and names with capitals inside stay)."""
    words = title.split(" ")
    out = [words[0]]
    for w in words[1:]:
        out.append(w if (sum(c.isupper() for c in w) > 1 or not w[:1].isupper()) else w.lower())
    return " ".join(out)


def _title_case(title: str) -> str:
    small = {"a", "an", "the", "of", "in", "for", "and", "with", "to", "on", "by", "used"}
    return " ".join(
        w if (i and w.lower() in small) or any(c.isupper() for c in w[1:]) else w[:1].upper() + w[1:]
        for i, w in enumerate(title.split(" "))
    )


def render(work: dict, f: Facts, style: str, *, venue: str | None = None, with_doi: bool = False) -> str:
    """The citation in one of the styles ML and clinical articles print (this probe's own renderers)."""
    journal = _is_journal(work)
    a = _authors(f.authors, style)
    t = _sentence(f.title) if style in ("vancouver", "ama", "apa", "gbt") else f.title
    v = venue or f.venue
    vol, iss = f.volume or "", f"({f.issue})" if f.issue else ""
    doi = f" https://doi.org/{f.doi}" if (with_doi and f.doi) else ""
    if style == "vancouver":
        if journal:
            return f"{a}. {t}. {venue or work.get('nlm', v)}. {f.year};{vol}{iss}:{_pages(f.page, short=True)}.{doi}"
        return f"{a}. {t}. In: {v}; {f.year}. p. {_pages(f.page, short=True)}.{doi}"
    if style == "ama":
        doi = f" doi:{f.doi}" if (with_doi and f.doi) else ""
        if journal:
            return f"{a}. {t}. {venue or work.get('nlm', v)}. {f.year};{vol}{iss}:{_pages(f.page)}.{doi}"
        return f"{a}. {t}. In: {v}. {f.year}:{_pages(f.page)}.{doi}"
    if style == "apa":
        if journal:
            return f"{a} ({f.year}). {t}. {v}, {vol}{iss}, {_pages(f.page, dash='–')}.{doi}"
        return f"{a} ({f.year}). {t}. In {v} (pp. {_pages(f.page, dash='–')}).{doi}"
    if style == "ieee":
        if journal:
            no = f", no. {f.issue}" if f.issue else ""
            where = venue or work.get("forms", [v])[0]
            return f"{a}, \u201c{t},\u201d {where}, vol. {vol}{no}, pp. {_pages(f.page, dash='–')}, {f.year}."
        where = venue or f"Proc. {work.get('acronym', v)}"
        return f"{a}, \u201c{t},\u201d in {where}, {f.year}, pp. {_pages(f.page, dash='–')}."
    if style == "natbib":  # NeurIPS / ICLR / ICML reference lists
        if journal:
            return f"{a}. {t}. {v}, {vol}{iss}:{_pages(f.page, dash='–')}, {f.year}."
        return f"{a}. {t}. In {venue or work.get('acronym', v)}, pages {_pages(f.page, dash='–')}, {f.year}."
    if style == "acl":
        if journal:
            return f"{a}. {f.year}. {t}. {v}, {vol}{iss}:{_pages(f.page, dash='–')}."
        return f"{a}. {f.year}. {t}. In {v}, pages {_pages(f.page, dash='–')}."
    if style == "lncs":
        if journal:
            return f"{a}: {t}. {venue or work.get('nlm', v)} {vol}{iss}, {_pages(f.page, dash='–')} ({f.year})"
        return f"{a}: {t}. In: {venue or work.get('acronym', v)}. pp. {_pages(f.page, dash='–')} ({f.year})"
    if style == "gbt":
        if journal:
            return f"{a}. {t}[J]. {v}, {f.year}, {vol}{iss}: {_pages(f.page)}."
        return f"{a}. {t}[C]//Proceedings of {venue or work.get('acronym', v)}, {f.year}: {_pages(f.page)}."
    raise ValueError(style)


STYLES = ("vancouver", "ama", "apa", "ieee", "natbib", "acl", "lncs", "gbt")
#: Styles that print every author (a dropped or added one is visible there).
ALL_AUTHORS = ("apa", "acl", "natbib", "lncs")


def _arxiv(work: dict, f: Facts) -> str:
    ident = work["arxiv"]
    year = 2000 + int(ident[:2])
    return f"{_authors(f.authors, 'natbib')}. {f.title}. arXiv preprint arXiv:{ident}, {year}."


# ---------------------------------------------------------------- cases


def _invented(work: dict, k: int) -> dict:
    families = {a["family"] for a in work["record"]["author"]}
    names = [n for n in INVENTED if n[1] not in families]
    given, family = names[k % len(names)]
    return {"given": given, "family": family}


def _style_for(work: dict, k: int, styles=STYLES) -> str:
    return styles[(sum(map(ord, work["id"])) + k) % len(styles)]


def make_cases(works: list[dict]) -> list[Case]:
    by_doi = {w["record"]["DOI"].lower(): w["record"] for w in works if w["record"].get("DOI")}
    cases: list[Case] = []
    for index, work in enumerate(works):
        rec, wid = work["record"], work["id"]
        base, split = facts_of(work), work.get("split", "dev")

        def add(kind, change, fld, style, raw, extra=None, *, _rec=rec, _wid=wid, _split=split):
            cases.append(Case(_wid, kind, change, fld, style, raw, _rec, _split, extra or {}))

        for raw in work.get("printed", []):
            add("printed", "printed", None, "printed", raw)
        for raw, fld, _why in work.get("printed_wrong", []):
            add("printed_wrong", "printed wrong", fld, "printed", raw)
        # held-out batch 3: citations written by hand in a named style, faithful or with one field changed
        for style, raw in work.get("written", []):
            add("harmless", "hand-written", None, style, raw)
        for fld, raw, _why in work.get("written_wrong", []):
            add("harmful", f"hand-written: {fld}", fld, "hand-written", raw)
        if work.get("hand_only"):
            continue

        # harmless: every style, the venue's other names, et al., accents, title case, the DOI, arXiv
        for style in STYLES:
            add("harmless", "style", None, style, render(work, base, style))
        for k, form in enumerate(work.get("forms", [])):
            style = _style_for(work, k, ("vancouver", "apa", "ieee", "natbib", "lncs"))
            add("harmless", "venue form", None, style, render(work, base, style, venue=form))
        if len(base.authors) > 1:
            one = Facts(**{**base.__dict__, "authors": base.authors[:1]})
            raw = render(work, one, "vancouver").replace(". ", ", et al. ", 1)
            add("harmless", "et al.", None, "vancouver", raw)
        if any(_fold(a["family"] + a.get("given", "")) != a["family"] + a.get("given", "") for a in base.authors):
            folded = [{k: _fold(v) if isinstance(v, str) else v for k, v in a.items()} for a in base.authors]
            add(
                "harmless",
                "no accents",
                None,
                "apa",
                render(work, Facts(**{**base.__dict__, "authors": folded}), "apa"),
            )
        add(
            "harmless",
            "title case",
            None,
            "apa",
            render(work, base, "apa").replace(_sentence(base.title), _title_case(base.title)),
        )
        add("harmless", "with DOI", None, "ama", render(work, base, "ama", with_doi=True))
        if work.get("arxiv"):
            add("harmless", "arXiv preprint", None, "natbib", _arxiv(work, base))

        # changed: one field, as a careless or fabricating author changes it
        for k, (old, new) in enumerate(work.get("swaps", [])):
            f = Facts(**{**base.__dict__, "title": re.sub(rf"\b{re.escape(old)}\b", new, base.title, count=1)})
            add("harmful", "title word", "title", _style_for(work, k), render(work, f, _style_for(work, k)))
        sub = SUBTITLES["clinical" if wid in CLINICAL else "ml"]
        main = base.title.split(": ")[0]
        f = Facts(**{**base.__dict__, "title": f"{main}: {sub}"})
        add("harmful", "subtitle invented", "title", _style_for(work, 3), render(work, f, _style_for(work, 3)))
        n = len(base.authors)
        for k, at in enumerate(sorted({max(1, n // 2), n})):
            people = base.authors[:at] + [_invented(work, k)] + base.authors[at:]
            style = _style_for(work, k, ALL_AUTHORS)
            add(
                "harmful",
                "author added",
                "authors",
                style,
                render(work, Facts(**{**base.__dict__, "authors": people}), style),
            )
        if n >= 2:
            drop = n // 2 if n >= 3 else 1
            people = base.authors[:drop] + base.authors[drop + 1 :]
            style = _style_for(work, 1, ALL_AUTHORS)
            add(
                "harmful",
                "author dropped",
                "authors",
                style,
                render(work, Facts(**{**base.__dict__, "authors": people}), style),
            )
            people = list(base.authors)
            people[drop] = _invented(work, 2)
            style = _style_for(work, 2, ALL_AUTHORS)
            add(
                "harmful",
                "author replaced",
                "authors",
                style,
                render(work, Facts(**{**base.__dict__, "authors": people}), style),
            )
            people = list(base.authors)
            i = 1 if n >= 3 else 0
            people[i], people[i + 1] = people[i + 1], people[i]
            style = _style_for(work, 3, ALL_AUTHORS)
            add(
                "harmful",
                "authors swapped",
                "authors",
                style,
                render(work, Facts(**{**base.__dict__, "authors": people}), style),
            )
        for k, sibling in enumerate(work.get("siblings", [])[:3]):
            style = _style_for(work, k, ("vancouver", "apa", "ieee", "natbib", "lncs", "acl"))
            add("harmful", "venue", "venue", style, render(work, base, style, venue=sibling))
        for k, shift in enumerate((1, -1, 2)):
            year = base.year + shift
            if year in _dates(rec):
                continue
            style = _style_for(work, k + 4)
            add("harmful", "year", "year", style, render(work, Facts(**{**base.__dict__, "year": year}), style))
        if base.page and "-" in base.page:
            first, last = (int(x) for x in base.page.split("-"))
            page = f"{last + 1}-{last + 1 + (last - first)}"
            style = _style_for(work, 5)
            add("harmful", "pages", "pages", style, render(work, Facts(**{**base.__dict__, "page": page}), style))
        if base.volume:
            style = _style_for(work, 6, ("vancouver", "ama", "apa", "ieee"))
            vol = str(int(base.volume) + 1)
            add("harmful", "volume", "volume", style, render(work, Facts(**{**base.__dict__, "volume": vol}), style))
        other = next(
            w["record"] for k in range(5, 5 + len(works)) if (w := works[(index + k) % len(works)])["record"].get("DOI")
        )
        f = Facts(**{**base.__dict__, "doi": other["DOI"]})
        add("harmful", "doi", "doi", "ama", render(work, f, "ama", with_doi=True), {other["DOI"].lower(): other})
    for case in cases:  # every DOI a citation states finds its own record
        case.by_doi = {**by_doi, **case.by_doi}
    return cases


# ---------------------------------------------------------------- audit


def _nearest(works: list[dict]) -> dict[str, list[dict]]:
    titles = {w["id"]: w["record"]["title"][0].lower() for w in works}
    out = {}
    for w in works:
        ranked = sorted((x for x in works if x is not w), key=lambda x: -fuzz.ratio(titles[w["id"]], titles[x["id"]]))
        out[w["id"]] = [x["record"] for x in ranked[:2]]
    return out


def audit(cases: list[Case], near: dict) -> pd.DataFrame:
    rows = []
    for case in cases:  # one at a time: each case has its own answers
        refs = litmap.compute_references([case.raw])
        records = RECORDS.empty()
        while not (lookups := litmap.compute_lookups(refs, records, services=SERVICES)).empty:
            answers = []
            for lookup in lookups.drop_duplicates(["service", "kind", "key"]).itertuples():
                if lookup.service == "crossref" and lookup.kind == "search":
                    items = [case.record, *near[case.work]]
                    body = {"message": {"items": items, "total-results": len(items)}}
                    answers.append(record_row("crossref", "search", lookup.key, "ok", body))
                elif lookup.service == "crossref" and lookup.kind == "work":
                    found = case.by_doi.get(lookup.key)
                    status = "ok" if found else "not_found"
                    answers.append(
                        record_row("crossref", "work", lookup.key, status, {"message": found} if found else None)
                    )
                else:
                    answers.append(
                        record_row(lookup.service, lookup.kind, lookup.key, "ok", {"docs": [], "numFound": 0})
                    )
            records = pd.concat([records, RECORDS.from_records(answers)], ignore_index=True)
        verdict = litmap.compute_audit(refs, records, services=SERVICES).audit.iloc[0]
        said = list(verdict["discrepancies"] or [])
        rows.append(
            {**case.__dict__, "status": verdict["status"], "discrepancies": said, "named": sorted(named_fields(said))}
        )
    return pd.DataFrame(rows).drop(columns=["record", "by_doi"])


def _pct(x: float) -> str:
    return "–" if x != x else f"{100 * x:.1f} %"


def _scores(rows: pd.DataFrame) -> list[str]:
    harmful = rows[rows["kind"] == "harmful"]
    caught = harmful[harmful["status"] != "verified"]
    named = caught[[f in n for f, n in zip(caught["field"], caught["named"], strict=True)]]
    harmless = rows[rows["kind"] == "harmless"]
    printed = rows[rows["kind"] == "printed"]
    wrong = rows[rows["kind"] == "printed_wrong"]

    def share(good, n) -> str:
        return f"{_pct(good / n if n else float('nan'))} ({good}/{n})"

    return [
        share(len(caught), len(harmful)),
        share(len(named), len(caught)),
        share(int((harmless["status"] == "verified").sum()), len(harmless)),
        share(int((printed["status"] == "verified").sum()), len(printed)),
        share(int((wrong["status"] != "verified").sum()), len(wrong)),
    ]


def report(rows: pd.DataFrame, markdown: bool) -> str:
    measures = [
        "changed, not `verified`",
        "… naming the changed field",
        "harmless, `verified`",
        "printed, `verified`",
        "printed wrongly, not `verified`",
    ]
    splits = [s for s in ("dev", "held-out", "held-out 3", "held-out 4", "held-out 5") if (rows["split"] == s).any()]
    columns = [_scores(rows[rows["split"] == s]) for s in splits] + [_scores(rows)]
    lines = [[m, *(c[k] for c in columns)] for k, m in enumerate(measures)]
    out = [table(["measure", *splits, "all"], lines, markdown), "\nPer change or variant (all works):\n"]
    per = []
    for (kind, change), group in rows.groupby(["kind", "change"], sort=False):
        good = group["status"] != "verified" if kind in ("harmful", "printed_wrong") else group["status"] == "verified"
        per.append([kind, change, str(len(group)), _pct(good.mean())])
    out.append(table(["kind", "change", "n", "as expected"], per, markdown))
    return "\n".join(out)


def missed(rows: pd.DataFrame) -> pd.DataFrame:
    bad_kind = rows["kind"].isin(["harmful", "printed_wrong"])
    named_ok = [f in n for f, n in zip(rows["field"], rows["named"], strict=True)]
    harmful_miss = bad_kind & ((rows["status"] == "verified") | ~pd.Series(named_ok, index=rows.index))
    return rows[harmful_miss | (~bad_kind & (rows["status"] != "verified"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--failures", type=Path, default=None, help="write every case that missed its goal (JSONL)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    works = json.loads(DATA.read_text(encoding="utf-8"))["works"]
    start = time.perf_counter()
    cases = make_cases(works)
    rows = audit(cases, _nearest(works))
    print(f"{len(works)} works, {len(cases)} citations ({dict(Counter(rows['kind']))})")
    print(report(rows, args.markdown))
    print(f"\n{time.perf_counter() - start:.0f} s")
    bad = missed(rows)
    if args.failures:
        args.failures.write_text(bad.to_json(orient="records", lines=True, force_ascii=False), encoding="utf-8")
        print(f"{len(bad)} cases that missed their goal written to {args.failures}")


if __name__ == "__main__":
    main()
