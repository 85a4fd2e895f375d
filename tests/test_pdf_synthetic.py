"""Faults found by the synthetic journal layouts (benchmarks/pdf_layouts.py), each pinned by a PDF the
test draws (``pdf_fixtures``) with the CC BY reference entries of the article in tests/data.
"""

from __future__ import annotations

import re

import pytest
from pdf_fixtures import (
    LEFT,
    TRIALS_BODY,
    TRIALS_REFERENCES,
    TRIALS_TITLE,
    Text,
    column_lines,
    justified,
    reference_columns,
    unlabelled,
    wrap,
    write_pdf,
)
from reportlab.pdfbase.pdfmetrics import stringWidth

from litmap import load_article
from litmap.read.pdf_pages import compute_pdf_article
from litmap.read.pdf_text import join_lines


def test_a_number_ending_a_loose_justified_line_is_not_the_next_columns_label():
    """Three columns of 6.5 pt entries, justified, 10 pt apart: entry 4's loose line ends "(Phila Pa
    1976)" standing apart from its words, beside the first line of the next column. It ends its own
    line; read as a label of the next column it joined the columns into one and mixed their entries."""
    size, width, gap = 6.5, 165.0, 10.0
    pitch = size * 1.25
    loose = [  # entry 4 as a typesetter broke it, its fifth line loose
        "4. Furlan AD, Pennick V, Bombardier C, van Tulder M,",
        "Editioral Board, Cochrane Back Review Group: 2009",
        "updated method guidelines for systematic reviews in",
        "the Cochrane Back Review Group.",
        "Spine (Phila Pa 1976)",
        "2009, 34:1929-1941.",
    ]
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    columns = [range(1, 4), range(4, 8), range(8, 13)]
    for column, numbers in enumerate(columns):
        x, y = 40 + column * (width + gap), 200.0
        for n in numbers:
            lines = loose if n == 4 else wrap(f"{n}. {TRIALS_REFERENCES[n - 1]}", width - 8, size)
            for i, line in enumerate(lines):
                left = x if i == 0 else x + 8
                if i < len(lines) - 1:
                    page += justified(left, y, line.split(), width - (left - x), size)
                else:
                    page.append(Text(left, y, line, size))
                y += pitch
    article = compute_pdf_article(write_pdf([page]))
    entries = [text for _, text in article.reference_entries()]
    assert [unlabelled(entry) for entry in entries] == TRIALS_REFERENCES


#: Entries 8, 3, 12 and 9 of the reference list of Eyre et al., "Differential occupational risks to
#: healthcare workers from SARS-CoV-2 observed during a prospective observational study", eLife 2020
#: (doi:10.7554/eLife.60675, CC BY 4.0), as printed there; each line as a typesetter might break it.
LINKED_ENTRIES = [
    [
        "Johns Hopkins Coronavirus Resource Centre. 2020. Cumulative cases. https://coronavirus.jhu.edu/data/cumulative-",
        "cases",
    ],
    [
        "Disparities in the risk and outcomes from COVID-19. 2020. Public health England.",
        "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/attachment_data/",
        "file/891116/disparities_review.pdf",
    ],
    [
        "Office of National Statistics Coronavirus. 2020. (COVID-19) Infection survey pilot: 28.",
        "https://www.ons.gov.uk/peoplepopulationandcommunity/healthandsocialcare/conditionsanddiseases/",
        "bulletins/coronaviruscovid19infectionsurveypilot/28may2020",
    ],
    [
        "Khunti K, Singh AK, Pareek M, Hanif W. 2020. Is ethnicity linked to incidence or outcomes of covid-19",
        "BMJ 369:m1548. DOI: https://doi.org/10.1136/bmj.m1548",
    ],
]


def test_entries_ending_with_a_link_and_no_full_stop_each_stand_alone_with_their_link_whole():
    """An author-date list with hanging indents whose entries end with a URL and no full stop (APA 7),
    the next one opening with an organisation, not a person; a URL broken after its own hyphen."""
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    y = 200.0
    for entry in LINKED_ENTRIES:
        for i, line in enumerate(entry):
            page.append(Text(LEFT if i == 0 else LEFT + 12, y, line, 8))
            y += 10
    article = compute_pdf_article(write_pdf([page]))
    entries = [text for _, text in article.reference_entries()]
    assert entries == [
        "Johns Hopkins Coronavirus Resource Centre. 2020. Cumulative cases. https://coronavirus.jhu.edu/data/cumulative-cases",
        "Disparities in the risk and outcomes from COVID-19. 2020. Public health England. https://assets.publishing."
        "service.gov.uk/government/uploads/system/uploads/attachment_data/file/891116/disparities_review.pdf",
        "Office of National Statistics Coronavirus. 2020. (COVID-19) Infection survey pilot: 28. https://www.ons.gov.uk/"
        "peoplepopulationandcommunity/healthandsocialcare/conditionsanddiseases/bulletins/"
        "coronaviruscovid19infectionsurveypilot/28may2020",
        "Khunti K, Singh AK, Pareek M, Hanif W. 2020. Is ethnicity linked to incidence or outcomes of covid-19 "
        "BMJ 369:m1548. DOI: https://doi.org/10.1136/bmj.m1548",
    ]


def test_a_one_page_articles_footer_under_its_list_is_no_entry():
    """On a single page no other page repeats the footer to mark it as furniture: set in smaller type
    after a wide gap under the last entry, it is no entry of its own."""
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    y = 200.0
    for entry in LINKED_ENTRIES:
        for i, line in enumerate(entry):
            page.append(Text(LEFT if i == 0 else LEFT + 12, y, line, 8))
            y += 10
    page.append(Text(LEFT, y + 40, "www.example-journal.org Published online December 7, 2026", 6.5))
    article = compute_pdf_article(write_pdf([page]))
    entries = [text for _, text in article.reference_entries()]
    assert len(entries) == 4
    assert entries[-1].endswith("https://doi.org/10.1136/bmj.m1548")


def test_a_url_broken_after_its_own_hyphen_keeps_it():
    assert join_lines(["see https://coronavirus.jhu.edu/data/cumulative-", "cases today"]) == (
        "see https://coronavirus.jhu.edu/data/cumulative-cases today"
    )
    assert (
        join_lines(["at https://example.org/files/report.", "pdf today"])
        == "at https://example.org/files/report.pdf today"
    )
    assert join_lines(["the regu-", "lation of emotion"]) == "the regulation of emotion"  # a word still is rejoined


#: Entries 1, 4, 2, 3 and 5 of the reference list of Lee et al., "May I Buy a Pack of Marlboros,
#: Please?", PLOS ONE 2016 (doi:10.1371/journal.pone.0153152, CC BY 4.0), as printed there, set as a
#: BMJ-style list with bare labels; the second ends with an access date carried to a line of its own.
BARE_LABELLED = [
    [
        "1 WHO. Report on the Global Tobacco Epidemic, 2008: the MPOWER Package. Geneva: World",
        "Health Organization; 2008.",
    ],
    [
        "2 World Health Organization. Parties to the WHO Framework Convention on Tobacco Control: United",
        "Nations; 2016. Available: http://www.who.int/fctc/signatories_parties/en/. Accessed",
        "4 February 2016.",
    ],
    [
        "3 Institute of Medicine. Public health implications of raising the minimum age of legal access to",
        "tobacco products. Washington, DC: The National Academies Press; 2015.",
    ],
    [
        "4 Hawkins CH. Legal restrictions on minors' smoking. Am J Public Health. 1964;54:1741–4. Epub",
        "1964/10/01.; PubMed Central PMCID: PMCPMC1255050.",
    ],
    [
        "5 Nagler RH, Viswanath K. Implementation and research priorities for FCTC Articles 13 and 16:",
        "tobacco advertising, promotion, and sponsorship and sales to and by minors. Nicotine Tob Res.",
        "2013;15(4):832–46. Epub 2013/01/08. doi: 10.1093/ntr/nts331; PubMed Central PMCID: PMCPMC3601914.",
    ],
]


def test_a_continuation_line_opening_with_a_number_just_past_the_next_label_is_not_a_label():
    """ "4 February 2016." opens a line inside entry 2, where a bare label 3 is due next: read as label 4,
    it swallowed entry 3 and the list came out one entry short."""
    body = ["Tobacco control needs evidence [1, 2] and laws on sales to minors [3, 4] are enforced [5] unevenly."]
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, body * 3, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    y = 200.0
    for entry in BARE_LABELLED:
        for i, line in enumerate(entry):
            page.append(Text(LEFT if i == 0 else LEFT + 9, y, line, 7.5))
            y += 9.5
    article = compute_pdf_article(write_pdf([page]))
    entries = [text for _, text in article.reference_entries()]
    assert [int(entry.split()[0]) for entry in entries] == [1, 2, 3, 4, 5]
    assert entries[1].endswith("Accessed 4 February 2016.")


def _trials_article(tmp_path, body: list[str]):
    """The tables of a one-column article of ``body`` lines citing the 12 Trials entries, listed "1." on."""
    page1 = [TRIALS_TITLE, *column_lines(LEFT, 110, body)]
    pages = reference_columns(TRIALS_REFERENCES, "1.", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "article.pdf"
    path.write_bytes(write_pdf([page1, *pages]))
    return load_article(path)


def _cited_by_sentence(tables) -> dict[str, set[str]]:
    """Each citing sentence's text and the entries it cites."""
    claims = dict(zip(tables.claims["claim_id"], tables.claims["text"]))
    cited: dict[str, set[str]] = {}
    for claim, ref in zip(tables.citations["claim_id"], tables.citations["ref_id"]):
        cited.setdefault(claims[claim], set()).add(ref)
    return cited


def test_a_superscript_citation_after_e_g_still_cites(tmp_path):
    """AMA style sets a citation after "e.g.,": written "e.g[3,4]." it read as a symbol's index ("g[3]")."""
    body = [
        "Low back pain costs health systems a great deal^{1} and care differs.^{2} Treatments",
        "show similar effects in primary care (e.g.,^{3,4}) and exercise helps some patients,^{5}",
        "and so may manipulation^{6} of the spine. Outcome reporting bias harms reviews^{7}",
        "and outcomes should be standard.^{8} Core sets need care,^{9} editors want them,^{10}",
        "and proposals exist, e.g.,^{11,12} for the outcomes of trials of treatments for pain.",
    ]
    tables = _trials_article(tmp_path, body)
    assert sorted(set(tables.citations["ref_id"])) == [f"R{n:02d}" for n in range(1, 13)]
    cited = _cited_by_sentence(tables)
    assert next(refs for text, refs in cited.items() if "(e.g.," in text) >= {"R03", "R04"}
    assert next(refs for text, refs in cited.items() if "proposals exist, e.g.," in text) >= {"R11", "R12"}


def test_a_superscript_list_broken_after_a_comma_goes_on_at_the_next_line(tmp_path):
    """A long list of superscript citations broken after a comma, as narrow columns break them: the
    part that opens the next line follows no word, and was read as text, its entries never cited."""
    body = [
        "Low back pain costs health systems a great deal^{1} and care differs.^{2} Treatments",
        "show similar effects in primary care and in reviews of trials of exercise,^{3,4,}",
        "^{5,6} and manipulation helps some patients. Outcome reporting bias harms reviews^{7}",
        "and outcomes should be standard.^{8} Core sets need care,^{9} editors want them,^{10}",
        "and proposals exist^{11,12} for the outcomes of trials of treatments for pain.",
    ]
    tables = _trials_article(tmp_path, body)
    cited = _cited_by_sentence(tables)
    assert next(refs for text, refs in cited.items() if "reviews of trials of exercise" in text) == {
        "R03",
        "R04",
        "R05",
        "R06",
    }


def test_a_superscript_citation_after_a_possessive_cites(tmp_path):
    """ "Clarke’s⁸ case": the "s" of a possessive is no unit ("m²", "s⁻¹"), and "Clarke’s[8]" no index."""
    body = [
        "Low back pain costs health systems a great deal^{1} and care differs.^{2} Treatments",
        "show similar effects in primary care^{3} and in reviews^{4} of exercise^{5} and of",
        "manipulation.^{6} Outcome reporting bias harms reviews^{7} and Clarke’s^{8} case for",
        "standard outcomes stands. Core sets need care,^{9} editors want them,^{10} and",
        "proposals exist^{11,12} for the outcomes of trials of treatments for pain.",
    ]
    tables = _trials_article(tmp_path, body)
    assert sorted(set(tables.citations["ref_id"])) == [f"R{n:02d}" for n in range(1, 13)]
    assert "Clarke’s[8]" in " ".join(tables.claims["text"])


def test_a_line_of_superscript_numbers_alone_stays_with_its_sentence(tmp_path):
    """A superscript list so long that a whole line holds only raised numbers (NEJM-like narrow columns):
    no text stands on that line's baseline, so it was a fragment of small type, an aside, and its entries
    were lost; the line after it opens with the rest of the list set apart from a justified line's words."""
    pitch = 12.5
    body = [
        "Low back pain costs health systems a great deal^{1} and care differs.^{2} Treatments",
        "show similar effects in primary care and in reviews of trials of exercise,^{3,}",
        "^{4,5,}",
    ]
    page1 = [TRIALS_TITLE, *column_lines(LEFT, 110, body, pitch=pitch)]
    y = 110 + 3 * pitch
    page1.append(Text(LEFT, y, "6", 6.5, rise=3.5))  # the list's end, then the line's words set wide apart
    page1 += column_lines(
        LEFT + 14, y, ["and manipulation helps some patients. Outcome reporting bias harms reviews^{7}"]
    )
    page1 += column_lines(
        LEFT,
        y + pitch,
        [
            "and outcomes should be standard.^{8} Core sets need care,^{9} editors want them,^{10}",
            "and proposals exist^{11,12} for the outcomes of trials of treatments for pain.",
        ],
        pitch=pitch,
    )
    pages = reference_columns(TRIALS_REFERENCES, "1.", top=90)
    pages[0].insert(0, Text(LEFT, 70, "References", 11, bold=True))
    path = tmp_path / "raised-line.pdf"
    path.write_bytes(write_pdf([page1, *pages]))
    tables = load_article(path)
    cited = _cited_by_sentence(tables)
    exercise = next(text for text in cited if "reviews of trials of exercise" in text)
    assert cited[exercise] == {"R03", "R04", "R05", "R06"}
    assert "and manipulation helps" in exercise
    assert sorted(set(tables.citations["ref_id"])) == [f"R{n:02d}" for n in range(1, 13)]
    assert not any("4,5," in text for _, text in tables.article.dropped_lines)


def test_an_author_date_list_set_as_blocks_is_split_where_its_entries_end():
    """No hanging indent and no space between entries (harvard-block in pdf_layouts.py): only where a line
    ends tells. A justified line ending with an author's initial ("…, von Korff, M.") is no entry's end: an
    author–date entry has not ended before its year; the short last line of an entry is one."""
    size = 7.0
    entries = [
        [
            "Artus, M., van der Windt, D. A., Jordan, K. P., & Hay, E. M. (2010). Low back pain symptoms show a",
            "similar pattern of improvement following a wide range of primary care treatments: a systematic review",
            "of randomized clinical trials. Rheumatology (Oxford), 49, 2346–2356.",
        ],
        [
            "Deyo, R. A., Battie, M., Beurskens, A. J., Bombardier, C., Croft, P., Koes, B., Malmivaara, A., Roland, M., von Korff, M.",
            "Waddell, G. (1998). Outcome measures for low back pain research. A proposal for standardized use.",
            "Spine, 23, 2003–2013.",
        ],
        ["Clarke, M. (2007). Standardising outcomes for clinical trials and systematic reviews. Trials, 8, 39."],
    ]
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    width = max(
        stringWidth(line, "Helvetica", size) for lines in entries for line in lines[:-1]
    )  # spaces widened a little
    y = 200.0
    for lines in entries:
        for k, line in enumerate(lines):
            last = k == len(lines) - 1
            page += [Text(LEFT, y, line, size)] if last else justified(LEFT, y, line.split(), width, size)
            y += size * 1.25
    article = compute_pdf_article(write_pdf([page]))
    assert [text for _, text in article.reference_entries()] == [" ".join(lines) for lines in entries]


def test_short_words_of_a_justified_line_at_a_page_foot_are_no_running_footer():
    """The last line of a page, justified so widely that "of" and "the" stand as fragments of their own,
    near the page's foot on two pages: repeated there, they were taken for a running footer and lost from
    the sentence. The footer itself ("Journal of Layouts 3 of 9") still goes."""
    size, width = 9.0, 400.0
    pages = []
    last_lines = [
        ["the", "trials", "that", "measure", "the", "outcomes", "of", "the", "core", "set", "again"],
        ["the", "reviews", "that", "pool", "the", "results", "of", "the", "trials", "of", "exercise"],
    ]
    for number, words in enumerate(last_lines, start=1):
        page = [*([TRIALS_TITLE] if number == 1 else []), *column_lines(LEFT, 110, TRIALS_BODY, size=size, pitch=11)]
        page += column_lines(LEFT, 711, TRIALS_BODY, size=size, pitch=11)
        page += justified(LEFT, 766, words, width, size)  # in the page's bottom tenth
        page.append(Text(LEFT, 815, f"Journal of Layouts {number} of 9", 7))
        pages.append(page)
    pages.append([Text(LEFT, 70, "References", 11, bold=True), *reference_columns(TRIALS_REFERENCES, "1.", top=90)[0]])
    article = compute_pdf_article(write_pdf(pages))
    body = " ".join(text for _, _, text in article.paragraphs)
    assert "the trials that measure the outcomes of the core set again" in body
    assert "the reviews that pool the results of the trials of exercise" in body
    assert "Journal of Layouts" not in body


#: Entries of three author–date lists, as a typesetter might break them: Psychology 2e, OpenStax, ch. 16.1
#: (CC BY 4.0); Ferry et al., eLife 2014, doi:10.7554/eLife.02020 (CC BY); and a SciELO article in ABNT
#: style (CC BY). Each line is (text, how it is set): "full" justified to the column, "loose" justified
#: so widely that its words stand more than an em apart, "ragged" as it is.
BLOCK_ENTRIES = [
    [
        (
            "Torrey, E. F., Zdanowicz, M. T., Kennard, A. D., Lamb, H. R., Eslinger, D. F., Biasotti, M. C., & Fuller,",
            "full",
        ),
        (
            "D. A. (2014, April 8). The treatment of persons with mental illness in prisons and jails: A state survey.",
            "full",
        ),
        ("Treatment Advocacy Center. http://tacreports.org/storage/documents/treatment-behind-bars.pdf", "ragged"),
    ],
    [  # an organisation's name over two lines before its year
        (
            "U.S. Department of Health and Human Services, Health Resources and Services Administration, Office of",
            "full",
        ),
        (
            "Rural Health Policy. (2005). Mental health and rural America: 1984-2005. ftp://ftp.hrsa.gov/ruralhealth/",
            "full",
        ),
        ("RuralMentalHealth.pdf", "ragged"),
    ],
    [  # a short line ending "Office of": the name goes on
        ("U.S. Department of Housing and Urban Development, Office of", "ragged"),
        ("Community Planning and Development. (2011). The 2010 Annual Homeless Assessment Report to Congress.", "full"),
        ("http://www.hudhre.info/documents/2010HomelessAssessmentReport.pdf", "ragged"),
    ],
    [  # a proceedings' line that reads like an organisation and its year
        (
            "Viola P, Jones M. 2001. Rapid object detection using a boosted cascade of simple features. Computer",
            "full",
        ),
        ("Vision and Pattern Recognition, 2001. CVPR 2001.", "ragged"),
        ("Proceedings of the 2001 IEEE Computer Society Conference on, 2001.", "ragged"),
    ],
    [("Cintra, A. M. M. et al. Para entender as linguagens documentárias. São Paulo: Polis, 1994.", "ragged")],
    [  # an organisation as author with no year after it (ABNT)
        ("Conselho Nacional de Desenvolvimento Científico e Tecnológico.", "ragged"),
        ("Apresentação. Brasília: Ministério da Ciência, Tecnologia e Inovações, 2020. Disponível em: http://", "full"),
        ("cnpq.br/apresentacao_institucional/. Acesso em: 15 jul. 2020.", "ragged"),
    ],
    [
        ("Barité, M. Organización del conocimiento: un nuevo marco", "loose"),
        (
            "teórico-conceptual en Bibliotecología y Documentación. In: Carrara, K. (ed.). Educação, universidade e",
            "full",
        ),
        ("pesquisa. Marília: UNESP, 2001. p. 35-60.", "ragged"),
    ],
]


def test_an_author_date_block_list_splits_at_organisations_and_not_at_publishers():
    """harvard-block in pdf_layouts.py, the three lists it read wrong and said nothing about: an organisation
    over two lines ("… Office of" + "Rural Health Policy. (2005).") opens an entry; a short line ending with
    "of" ends none; a proceedings' line with digits ("Proceedings of the 2001 IEEE … on, 2001.") is no
    organisation; an organisation with no year (ABNT) opens an entry after one ended by its year; and the
    words of a line justified so widely that each stands as a fragment are one line again."""
    size = 7.0
    width = max(stringWidth(text, "Helvetica", size) for lines in BLOCK_ENTRIES for text, how in lines if how == "full")
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    y = 200.0
    for lines in BLOCK_ENTRIES:
        for text, how in lines:
            page += [Text(LEFT, y, text, size)] if how == "ragged" else justified(LEFT, y, text.split(), width, size)
            y += size * 1.25
    article = compute_pdf_article(write_pdf([page]))
    got = [text for _, text in article.reference_entries()]
    assert got == [join_lines([text for text, _ in lines]) for lines in BLOCK_ENTRIES]
    assert "Barité, M. Organización del conocimiento: un nuevo marco teórico-conceptual" in got[-1]


def test_line_numbers_on_a_short_last_page_go_as_those_of_the_pages_before():
    """An accepted manuscript numbers every line in its margin; its last page holds five lines, too few
    to tell line numbers from labels by their count alone. The other pages' column of numbers tells."""
    pages, number = [], 0
    for page_lines in (24, 24, 5):
        pieces = [TRIALS_TITLE] if not pages else []
        top = 130 if not pages else 80
        lines = [
            f"Sentence {number + i + 1} of a manuscript that numbers every line in its margin."
            for i in range(page_lines)
        ]
        pieces += column_lines(LEFT + 30, top, lines, size=11, pitch=24)
        pieces += [Text(LEFT + 2, top + 24 * i, str(number + i + 1), 8) for i in range(page_lines)]
        number += page_lines
        pages.append(pieces)
    article = compute_pdf_article(write_pdf(pages))
    body = " ".join(text for _, _, text in article.paragraphs)
    assert "Sentence 53 of a manuscript" in body
    assert not re.search(r"margin\. \d", body), "a line number was read as text"
    assert sum(text.isdigit() for _, text in article.dropped_lines) == 53


def test_a_doi_broken_after_a_full_stop_is_rejoined_whole():
    """DOIs broken where a typesetter breaks them (pdf_layouts.py, jama-side): after "10.", and after a
    full stop before their last piece of digits or a Cochrane review's number."""
    assert join_lines(["Med. 2009;36:247–255. doi:10.", "1016/j.amepre.2008.10.016"]).endswith(
        "doi:10.1016/j.amepre.2008.10.016"
    )
    assert join_lines(["103, 626–631. doi: 10.1073/pnas.", "0507535103"]).endswith("10.1073/pnas.0507535103")
    assert join_lines(["Reviews doi:10.1002/14651858.", "CD001919.pub3"]).endswith("doi:10.1002/14651858.CD001919.pub3")
    assert join_lines(["doi.org/10.1101/cshperspect.", "a020370"]).endswith("cshperspect.a020370")
    assert join_lines(["doi:10.1371/journal.pone.0123456.", "Accessed 2 May 2020"]).endswith(
        "0123456. Accessed 2 May 2020"
    )


def test_how_to_cite_this_article_after_the_list_is_no_part_of_its_last_entry():
    """Wiley prints the article's own citation after the list, in its type, under a run-in bold heading and
    no section heading (pdf_layouts.py, wiley-cite): it reads as an entry and ran into the last one."""
    size = 7.0
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY, size=9, pitch=11),
        Text(LEFT, 180, "References", 11, bold=True),
    ]
    refs = reference_columns(TRIALS_REFERENCES, "1.", top=200, per_column=12, width=480)[0]
    page += refs
    y = max(piece.y for piece in refs) + size * 1.25 * 1.3
    lead = "How to cite this article: "
    page.append(Text(LEFT, y, lead, size, bold=True))
    cite = "Chiarotto A, Terwee CB, Ostelo RW. Core outcomes for trials of low back pain. J Layouts. 2026;12:1–9."
    page.append(Text(LEFT + stringWidth(lead, "Helvetica-Bold", size), y, cite, size))
    article = compute_pdf_article(write_pdf([page]))
    entries = [unlabelled(text) for _, text in article.reference_entries()]
    assert entries == TRIALS_REFERENCES
    assert any("How to cite this article" in text for _, text in article.dropped_lines)


@pytest.mark.parametrize(
    "trailer",
    [
        ["Copyright © 2020 Massachusetts Medical Society."],
        ["© The Author(s) 2020. Published by Oxford University Press."],
        ["Accepted: 27 March 2020", "This is an Open Access article distributed under the terms of the CC BY licence."],
        ["Current Author Addresses: Dr. Chiarotto: Department of Health Sciences, VU University, Amsterdam."],
        ["Publisher’s Note Springer Nature remains neutral with regard to jurisdictional claims in published maps."],
    ],
)
def test_a_notice_set_tight_under_the_list_neither_joins_nor_takes_its_last_entry(trailer):
    """What journals print right under the list in its type — a copyright line (NEJM, OUP), a date and a
    licence (BMJ), authors' addresses (Annals), a publisher's note (Springer Nature): the copyright line made
    the block it closed furniture, and the last entry lost its last lines; the others ran into it."""
    size = 7.0
    page = [
        TRIALS_TITLE,
        *column_lines(LEFT, 110, TRIALS_BODY * 3, size=9, pitch=11),
        Text(LEFT, 290, "References", 11, bold=True),
    ]
    refs = reference_columns(TRIALS_REFERENCES, "1.", top=310, per_column=12, width=480)[0]
    y = max(piece.y for piece in refs) + size * 1.25
    page += refs + [Text(LEFT, y + k * size * 1.25, line, size) for k, line in enumerate(trailer)]
    article = compute_pdf_article(write_pdf([page]))
    assert [unlabelled(text) for _, text in article.reference_entries()] == TRIALS_REFERENCES
