"""Reading-list exports, each read back with a standard parser and compared entry by entry."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pandas as pd
import pytest

from litmap import compute_reading_list, write_reading_list
from litmap.present import write_bibtex, write_csl_json, write_html, write_markdown, write_ris
from litmap.schemas import AUDIT, REFERENCES

HOSTILE = 'Empathy <script>alert("x")</script> & <img src=x onerror=alert(1)> care'


@pytest.fixture(scope="module")
def reading_list():
    references = REFERENCES.from_records(
        [
            {
                "ref_id": "R01",
                "raw": "a",
                "authors": [{"family": "Müller", "given": "Anna"}],
                "year": 2001,
                "title": "Should be replaced by the record",
                "kind": "journal-article",
            },
            {
                "ref_id": "R02",
                "raw": "b",
                "authors": [{"family": "Siegel", "given": "Daniel J."}],
                "year": 2010,
                "title": "The mindful therapist",
                "publisher": "W. W. Norton & Company",
                "isbn": "9780393706451",
                "kind": "book",
            },
            {
                "ref_id": "R03",
                "raw": "c",
                "authors": [{"literal": "World Health Organization"}],
                "year": 2015,
                "title": HOSTILE,
                "container": "Journal of 100% Tests_and {braces}",
                "kind": "journal-article",
            },
        ]
    )
    audit = AUDIT.from_records(
        [
            {
                "ref_id": "R01",
                "status": "discrepant",
                "doi": "10.1126/science.1089134",
                "year": 2003,
                "title": "Does rejection hurt? An fMRI study of social exclusion",
                "authors": [{"family": "Müller", "given": "Anna"}, {"family": "O'Doherty", "given": "John"}],
                "container": "Science",
                "volume": "302",
                "issue": "5643",
                "pages": "290-292",
                "type": "journal-article",
            },
            {
                "ref_id": "R02",
                "status": "verified",
                "service": "openlibrary",
                "year": 2010,
                "title": "The mindful therapist: a clinician's guide to mindsight and neural integration",
                "authors": [{"family": "Siegel", "given": "Daniel J."}],
                "publisher": "W. W. Norton & Company",
                "type": "book",
            },
            {
                "ref_id": "R03",
                "status": "verified",
                "doi": "10.1000/xyz<1>",
                "year": 2015,
                "title": HOSTILE,
                "container": "Journal of 100% Tests_and {braces}",
                "type": "journal-article",
            },
        ]
    )
    return compute_reading_list(references, audit)


def _expected(frame):
    return {
        r["ref_id"]: {
            "title": r["title"],
            "year": int(r["year"]),
            "doi": None if r["doi"] is None or r["doi"] != r["doi"] else r["doi"],
            "families": [a.get("family") or a.get("literal") for a in r["authors"]],
        }
        for r in frame.to_dict("records")
    }


def test_bibtex_reads_back(reading_list, tmp_path):
    import bibtexparser
    from bibtexparser.middlewares import LatexDecodingMiddleware

    path = write_bibtex(reading_list, tmp_path / "list.bib")
    library = bibtexparser.parse_file(str(path), append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks
    entries = library.entries
    assert len(entries) == len(reading_list) and len({e.key for e in entries}) == len(entries)
    expected = _expected(reading_list)
    # LaTeX has no straight double quote: the encoder writes '' and the decoder gives ”.
    by_title = {e.fields_dict["title"].value.replace("”", '"'): e for e in entries}
    for want in expected.values():
        entry = by_title[want["title"]]
        assert entry.fields_dict["year"].value == str(want["year"])
        authors = entry.fields_dict["author"].value.split(" and ")
        assert [a.split(",")[0].removeprefix("{").removesuffix("}") for a in authors] == want["families"]
        if want["doi"]:
            assert entry.fields_dict["doi"].value == want["doi"]
    types = {e.fields_dict["title"].value[:10]: e.entry_type for e in entries}
    assert types["The mindfu"] == "book" and types["Does rejec"] == "article"
    text = path.read_text(encoding="utf-8")
    assert "author = {{World Health Organization}}" in text  # kept whole, braces not escaped
    assert "Tests\\_and \\{braces\\}" in text and "100\\%" in text


def test_ris_reads_back(reading_list, tmp_path):
    import rispy

    path = write_ris(reading_list, tmp_path / "list.ris")
    entries = rispy.loads(path.read_text(encoding="utf-8"))
    assert len(entries) == len(reading_list)
    expected = _expected(reading_list)
    for entry in entries:
        want = next(w for w in expected.values() if w["title"] == entry["title"])
        assert entry["year"] == str(want["year"])
        assert [a.split(",")[0] for a in entry["authors"]] == want["families"]
        assert entry.get("doi") == want["doi"]
    types = {e["title"][:10]: e["type_of_reference"] for e in entries}
    assert types == {"Does rejec": "JOUR", "The mindfu": "BOOK", "Empathy <s": "JOUR"}
    science = next(e for e in entries if e["title"].startswith("Does"))
    assert (science["start_page"], science["end_page"], science["volume"]) == ("290", "292", "302")


def test_csl_json_reads_back_through_citeproc(reading_list, tmp_path):
    from citeproc.source.json import CiteProcJSON

    path = write_csl_json(reading_list, tmp_path / "list.json")
    items = json.loads(path.read_text(encoding="utf-8"))
    source = CiteProcJSON(items)
    expected = _expected(reading_list)
    assert len(items) == len(expected)
    for ref_id, want in expected.items():
        ref = source[ref_id.lower()]
        assert str(ref["title"]) == want["title"]
        assert ref["issued"]["year"] == want["year"]
        assert [str(a.get("family") or a.get("literal")) for a in ref["author"]] == want["families"]
        if want["doi"]:
            assert str(ref["DOI"]) == want["doi"]
    assert {i["id"]: i["type"] for i in items} == {"R01": "article-journal", "R02": "book", "R03": "article-journal"}


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text, self.hrefs, self.srcs = [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]
        self.srcs += [v for k, v in attrs if k == "src"]

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_every_piece_of_metadata(reading_list, tmp_path):
    path = write_html(reading_list, tmp_path / "list.html", title="<b>My</b> list")
    page = path.read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "b" not in parser.tags
    text = "".join(parser.text)
    assert 'Empathy <script>alert("x")</script> & <img src=x onerror=alert(1)> care' in text
    assert "<b>My</b> list" in text
    assert "https://doi.org/10.1126/science.1089134" in parser.hrefs
    assert page.count("https://doi.org/10.1126/science.1089134") == 2  # href and link text, not repeated
    assert not any("xyz<1>" in h for h in parser.hrefs)  # unsafe URL not linked
    assert not parser.srcs and "link" not in parser.tags  # self-contained: nothing loaded from elsewhere


def test_markdown_lists_every_entry_with_escaped_text(reading_list, tmp_path):
    path = write_markdown(reading_list, tmp_path / "list.md")
    text = path.read_text(encoding="utf-8")
    assert text.count("\n1. ") + text.startswith("1. ") == 1 and "\n3. " in text
    assert "(2003)" in text and "Should be replaced" not in text
    assert "<script>" not in text and "\\<script\\>" in text
    assert "<https://doi.org/10.1126/science.1089134>" in text
    assert text.count("https://doi.org/10.1126/science.1089134") == 1  # the DOI link once, not twice
    assert "year corrected: the article cites 2001" in text  # R01: cited 2001, record 2003
    assert text.count("year corrected") == 1


def test_write_reading_list_writes_each_format(reading_list, tmp_path):
    paths = write_reading_list(reading_list, tmp_path / "out")
    assert {k: p.name for k, p in paths.items()} == {
        "md": "reading-list.md",
        "html": "reading-list.html",
        "bib": "reading-list.bib",
        "ris": "reading-list.ris",
        "json": "reading-list.json",
    }
    assert all(p.stat().st_size > 0 for p in paths.values())
    assert paths["html"].read_text(encoding="utf-8").count("<h1>Reading list</h1>") == 1
    titled = write_reading_list(reading_list, tmp_path / "t", formats=("md",), title="Reading list: neuro")
    assert titled["md"].read_text(encoding="utf-8").startswith("# Reading list: neuro\n")
    only = write_reading_list(reading_list, tmp_path / "two", formats=("bib", "ris"), stem="neuro")
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == ["neuro.bib", "neuro.ris"] and len(only) == 2
    with pytest.raises(ValueError, match="docx"):
        write_reading_list(reading_list, tmp_path, formats=("docx",))


def test_writers_reject_a_frame_that_is_not_a_reading_list(tmp_path):
    with pytest.raises(ValueError, match="apa"):
        write_markdown(pd.DataFrame({"ref_id": ["R01"]}), tmp_path / "x.md")


def test_html_status_badges_use_the_figures_palette(reading_list, tmp_path):
    from litmap.present.palette import STATUS_COLORS, STATUS_TINTS

    page = write_html(reading_list, tmp_path / "list.html").read_text(encoding="utf-8")
    for status in set(reading_list["status"]):
        assert f'class="status status-{status}"' in page
        rule = f".status-{status} {{ background: {STATUS_TINTS[status]}; border-color: {STATUS_COLORS[status]}; }}"
        assert rule in page


def test_a_free_full_text_is_linked_in_every_format(tmp_path):
    import bibtexparser
    import rispy

    references = REFERENCES.from_records([{"ref_id": "R01", "raw": "a", "title": "Pain", "kind": "journal-article"}])
    free = "https://europepmc.org/articles/PMC12124214"
    audit = AUDIT.from_records(
        [
            {
                "ref_id": "R01",
                "status": "verified",
                "doi": "10.1/pain_2",
                "title": "Pain and empathy",
                "authors": [{"family": "Singer", "given": "Tania"}],
                "year": 2004,
                "type": "journal-article",
                "oa_url": free,
                "is_free_to_read": True,
            }
        ]
    )
    frame = compute_reading_list(references, audit)
    assert frame.loc[0, "oa_url"] == free and bool(frame.loc[0, "is_free_to_read"]) is True
    paths = write_reading_list(frame, tmp_path)
    assert f"[Free full text](<{free}>)" in paths["md"].read_text() and "free to read" in paths["md"].read_text()
    assert f'<a class="free" href="{free}">Free full text</a>' in paths["html"].read_text()
    entry = bibtexparser.parse_file(str(paths["bib"])).entries[0].fields_dict
    assert entry["url"].value == free and free in entry["note"].value and entry["doi"].value == "10.1/pain_2"
    ris = rispy.loads(paths["ris"].read_text(encoding="utf-8"))[0]
    assert ris["urls"] == [free, "https://doi.org/10.1/pain_2"] and ris["notes"] == [f"Free full text: {free}"]
    (item,) = json.loads(paths["json"].read_text())
    assert item["URL"] == free and item["DOI"] == "10.1/pain_2" and item["note"] == f"Free full text: {free}"
    assert "doi.org/10.1/pain" in frame.loc[0, "apa"]  # APA still cites the DOI, not the free copy


def test_free_only_keeps_what_a_reader_can_open():
    references = REFERENCES.from_records(
        [{"ref_id": f"R0{i}", "raw": str(i), "title": f"Work {i}", "kind": "journal-article"} for i in (1, 2, 3)]
    )
    audit = AUDIT.from_records(
        [
            {
                "ref_id": "R01",
                "status": "verified",
                "title": "Free",
                "oa_url": "https://x.org/1",
                "is_free_to_read": True,
            },
            {"ref_id": "R02", "status": "verified", "title": "Closed", "is_free_to_read": False},
            {"ref_id": "R03", "status": "verified", "title": "Unknown"},
        ]
    )
    assert compute_reading_list(references, audit, free_only=True)["ref_id"].tolist() == ["R01"]
    everything = compute_reading_list(references, audit)
    assert everything["is_free_to_read"].tolist()[1] is False or not everything["is_free_to_read"].iloc[1]
    assert everything["is_free_to_read"].isna().sum() == 1


def test_the_list_says_how_many_works_by_verdict_and_when_none_was_checked(reading_list, tmp_path):
    """A reader sees at the top what was checked: no "source(s)", and unchecked entries named as such."""
    for write in (write_markdown, write_html):
        text = write(reading_list, tmp_path / f"list.{write.__name__}").read_text(encoding="utf-8")
        assert "3 sources: 2 verified, 1 discrepant." in text and "source(s)" not in text
        assert "not looked up" not in text
        unchecked = reading_list.assign(status=pd.array(["unchecked"] * 3, dtype="string"))
        text = write(unchecked, tmp_path / f"offline.{write.__name__}").read_text(encoding="utf-8")
        assert "3 sources: 3 unchecked. Unchecked entries were not looked up in any record" in text
