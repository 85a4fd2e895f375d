"""Never silent (issue 21): the reading checks itself and says what it doubts, in ``Article.notes`` and the
run summary, whatever the format; where the list shows how to mend it, it does and says so.

The reference entries are those of the CC BY article in tests/data (``pdf_fixtures.TRIALS_REFERENCES``).
"""

from __future__ import annotations

import re

import pytest
from pdf_fixtures import LEFT, TRIALS_REFERENCES, Text, column_lines, reference_columns, wrap, write_pdf

from litmap import load_article
from litmap.read.article import compute_article
from litmap.read.checks import cited_numbers, describe_body_doubts, describe_reference_doubts, split_at_missing_labels

BODY = (
    "Low back pain costs health systems a great deal [1] and care differs [2]. Treatments show similar effects "
    "in primary care [3] and reviews agree [4]. Exercise helps some patients [5] and so may manipulation [6]. "
    "Outcome reporting bias harms reviews [7] and outcomes should be standard [8]. Core sets need care [9], "
    "editors want them [10], and proposals exist [11, 12]."
)


def _text_article(entries: list[str], *, body: str = BODY) -> str:
    listed = "\n\n".join(entries)
    return f"Core outcomes for trials of low back pain\n\nBackground\n\n{body}\n\nReferences\n\n{listed}\n"


def _numbered(numbers) -> list[str]:
    return [f"{n}. {TRIALS_REFERENCES[n - 1]}" for n in numbers]


def _summary(tmp_path, text: str) -> tuple:
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    tables = load_article(path)
    return tables, tables.summary()


def test_a_list_whose_entries_ran_together_is_split_at_its_labels_and_said_so(tmp_path):
    merged = " ".join(_numbered(range(6, 10)))  # entries 6 to 9 printed as one
    tables, summary = _summary(tmp_path, _text_article([*_numbered(range(1, 6)), merged, *_numbered(range(10, 13))]))
    assert len(tables.references) == 12
    assert tables.references["raw"].iloc[6].startswith("7. Kirkham JJ, Dwan KM")
    assert "split entry 6 at the labels 7 to 9 printed inside it" in summary
    assert tables.unresolved.empty


def test_a_list_cut_short_is_reported_with_the_numbers_cited(tmp_path):
    tables, summary = _summary(tmp_path, _text_article(_numbered(range(1, 9))))
    assert len(tables.references) == 8
    assert "12 numbers cited, 8 entries found: the reference list may be mis-split or cut short" in summary


def test_labels_that_skip_are_reported(tmp_path):
    _, summary = _summary(tmp_path, _text_article(_numbered([1, 2, 3, 4, 5, 8, 9, 10, 11, 12])))
    assert "the labels of the reference list skip from 5 to 8 (no entries 6–7)" in summary


def test_an_entry_many_times_longer_than_the_others_is_reported():
    long = "1. " + " ".join(TRIALS_REFERENCES)  # twelve entries with no labels between them
    notes = describe_reference_doubts([long, *_numbered(range(2, 13))], cited=range(1, 13))
    assert any(note.startswith("entry 1 is ") and "several entries may have run together" in note for note in notes)


def test_a_list_found_without_a_heading_is_said_so(tmp_path):
    text = f"Core outcomes for back pain\n\n{BODY}\n\n" + "\n\n".join(_numbered(range(1, 13))) + "\n"
    with pytest.warns(UserWarning, match="no reference-list heading found"):  # said as the article is read too
        tables, summary = _summary(tmp_path, text)
    assert len(tables.references) == 12
    assert "note: no reference-list heading found" in summary


def test_body_text_with_an_address_is_reported(tmp_path):
    body = BODY + "\n\nInstitute of Health Informatics, University College London, London NW1 2DA, UK."
    _, summary = _summary(tmp_path, _text_article(_numbered(range(1, 13)), body=body))
    assert (
        'body paragraph holds e-mail addresses or postcodes (an address or a side column read as text?): "NW1 2DA"'
        in summary
    )


def test_a_sound_list_raises_no_doubt(tmp_path):
    tables, summary = _summary(tmp_path, _text_article(_numbered(range(1, 13))))
    assert tables.article.notes == ()
    assert "note:" not in summary


def test_a_pdf_list_that_ran_together_is_split_with_the_numbers_cited(tmp_path):
    """The Lancet's case: labels without brackets or a full stop in small type, and from entry 6 on the
    layout no longer shows where entries start (one run-on block): the text cites 12 numbers."""
    body_lines = wrap(BODY, 470, 10) + wrap(" ".join(["This is the background of the trial set."] * 12), 470, 10)
    page1 = [Text(LEFT, 70, "Core outcomes for trials of low back pain", 16, bold=True)]
    page1 += column_lines(LEFT, 110, body_lines)
    page2 = [Text(LEFT, 60, "References", 11, bold=True)]
    y = 80
    for n in range(1, 6):  # five entries set as usual: label, hanging indent
        for i, line in enumerate(wrap(f"{n} {TRIALS_REFERENCES[n - 1]}", 460, 7)):
            page2.append(Text(LEFT + (0 if i == 0 else 10), y, line, 7))
            y += 8.75
    run_on = " ".join(f"{n} {TRIALS_REFERENCES[n - 1]}" for n in range(6, 13))
    for line in wrap(run_on, 470, 7):  # the rest run on, every line flush left
        page2.append(Text(LEFT, y, line, 7))
        y += 8.75
    path = tmp_path / "lancet-like.pdf"
    path.write_bytes(write_pdf([page1, page2]))
    tables = load_article(path)
    assert len(tables.references) == 12
    assert [raw.split(" ", 1)[0] for raw in tables.references["raw"]] == [str(n) for n in range(1, 13)]
    assert any(note.startswith("split entry") for note in tables.article.notes)
    assert tables.unresolved.empty


def test_the_checks_in_words():
    assert cited_numbers(["shown [1–3] and [5]", "and¹²,¹⁴"]) == [1, 2, 3, 5, 12, 14]
    repaired, notes = split_at_missing_labels(
        ["[1] Lee K. Trust. 2001.", "[2] Wu B. Doubt. 2003. [3] Ng A. Hope. 2005.", "[4] Ho J. Joy. 2006."]
    )
    assert repaired[2] == "[3] Ng A. Hope. 2005." and notes
    assert describe_body_doubts(["Write to a.author@example.org for the data."])
    assert not describe_body_doubts(["Trust grew over 12 weeks in 2001 (n = 40)."])


def test_a_web_page_says_its_doubts_too():
    html = "<h1>Back pain</h1><p>" + BODY + "</p><h2>References</h2><ol>"
    html += "".join(f"<li>{entry}</li>" for entry in TRIALS_REFERENCES[:8]) + "</ol>"
    article = compute_article(html, format="html")
    assert any(note.startswith("12 numbers cited, 8 entries found") for note in article.notes)


# -- an author-date list cut short: its lost entries are the end of the alphabet --------------------------------

_ALPHABETICAL = sorted(TRIALS_REFERENCES, key=lambda entry: (entry.split()[0], entry[-12:]))


def _author_date_pdf(tmp_path, entries: list[str], extra: str = "") -> object:
    """An author-date article (citing every one of the twelve entries once, "(Artus et al., 2010)") whose list
    prints ``entries``: the PDF's tables."""
    cites = []
    for entry in _ALPHABETICAL:
        names, year = entry.split(":")[0].split(", "), re.search(r"\b(?:19|20)\d\d(?=, )", entry).group(0)
        family = [name.rsplit(" ", 1)[0] for name in names]
        cites.append(
            f"({family[0]}{' et al.' if len(family) > 2 else ' & ' + family[1] if len(family) == 2 else ''}, {year})"
        )
    body = " ".join(f"Care for low back pain differs between settings {cite}." for cite in cites) + extra
    page1 = [Text(LEFT, 70, "Core outcomes for trials of low back pain", 16, bold=True)]
    page1 += column_lines(LEFT, 110, wrap(body, 470, 10))
    pages = reference_columns(entries, "none", top=80)
    pages[0].insert(0, Text(LEFT, 60, "References", 11, bold=True))
    path = tmp_path / "author-date.pdf"
    path.write_bytes(write_pdf([page1, *pages]))
    return load_article(path)


def test_an_author_date_list_cut_short_is_reported_by_the_authors_past_its_end(tmp_path):
    """The last three entries lost (a page not printed); one of them is cited once: no number tells, but the
    citation names an author who would sort after the list's last entry (the F1000 miss of damaged_lists.py).
    A name with particles counts only when it sorts after the list's end taken either way ("van der Berg": B)."""
    tables = _author_date_pdf(tmp_path, _ALPHABETICAL[:9], " Some trials stop early (van der Berg, 2011).")
    assert len(tables.references) == 9
    assert len(tables.unresolved) == 4
    notes = [line for line in tables.summary().splitlines() if "cut short" in line]
    assert len(notes) == 1
    assert "3 citations that match no entry name authors who would come after the last entry" in notes[0]
    assert "(Koes)" in notes[0] and "Williamson et al., 2012" in notes[0] and "Berg" not in notes[0]


def test_a_sound_author_date_list_or_a_citation_missing_inside_it_is_not_called_cut_short(tmp_path):
    sound = _author_date_pdf(tmp_path, _ALPHABETICAL)
    assert len(sound.references) == 12 and sound.unresolved.empty
    assert "note:" not in sound.summary()
    # a work the authors forgot to list, whose name sorts inside the list
    forgot = _author_date_pdf(tmp_path, _ALPHABETICAL, " Some trials stop early (Jones, 2011).")
    assert list(forgot.unresolved["cited_as"]) == ["(Jones, 2011)"]
    assert "cut short" not in forgot.summary()


#: Four of the entries in APA style (the same works as TRIALS_REFERENCES), alphabetical.
_APA = [
    "Artus, M., van der Windt, D. A., Jordan, K. P., & Hay, E. M. (2010). Low back pain symptoms show a similar "
    "pattern of improvement following a wide range of primary care treatments. Rheumatology, 49, 2346–2356.",
    "Clarke, M. (2007). Standardising outcomes for clinical trials and systematic reviews. Trials, 8, 39.",
    "Koes, B. W., van Tulder, M. W., & Thomas, S. (2006). Diagnosis and treatment of low back pain. BMJ, 332, "
    "1430–1434.",
    "Mokkink, L. B., Terwee, C. B., Patrick, D. L., Alonso, J., Stratford, P. W., Knol, D. L., Bouter, L. M., & de "
    "Vet, H. C. W. (2010). The COSMIN study reached international consensus on taxonomy, terminology, and "
    "definitions of measurement properties. Journal of Clinical Epidemiology, 63, 737–745.",
]
_APA_BODY = (
    "Symptoms improve alike (Artus et al., 2010). Outcomes should be standard (Clarke, 2007). Care differs "
    "(Koes et al., 2006). Terms were agreed (Mokkink et al., 2010)."
)


def test_two_author_date_entries_run_together_are_reported_by_the_opening_inside_one(tmp_path):
    """An unlabelled list has no labels to skip and a merged entry of two is not long enough to stand out;
    the second's opening — authors with initials and their year, after the first's last page — says it."""
    merged = [_APA[0], f"{_APA[1]} {_APA[2]}", _APA[3]]
    tables, summary = _summary(tmp_path, _text_article(merged, body=_APA_BODY))
    assert len(tables.references) == 3
    assert (
        'entry 2 holds what reads as the start of another ("Koes, B. W., van Tulder, M. W., & Thomas, S. (2006).")'
        in summary
    )
    _, sound = _summary(tmp_path, _text_article(_APA, body=_APA_BODY))
    assert "note:" not in sound


def test_an_entry_out_of_an_alphabetical_lists_order_is_reported(tmp_path):
    """An entry's end split off as an entry of its own ("Trials 2007, 8:39." between Clarke and Dagenais)
    breaks the order of an alphabetical list with no labels: said, naming its neighbours; the sound list
    is not doubted."""
    head, tail = _ALPHABETICAL[1].split(". Trials ")
    split = [*_ALPHABETICAL[:1], f"{head}.", f"Trials {tail}", *_ALPHABETICAL[2:]]
    notes = describe_reference_doubts(split)
    assert notes == [
        'entry 3 ("Trials 2007, 8:39.") is out of the alphabetical order of the reference list (between Clarke '
        "and Dagenais): it may be the end of the entry before it, split off"
    ]
    assert describe_reference_doubts(_ALPHABETICAL) == []
    assert describe_reference_doubts(list(reversed(_ALPHABETICAL))) == []  # no order to break
