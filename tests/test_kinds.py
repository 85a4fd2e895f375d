"""Sentence kinds, the claims table's meaning and unsupported claims: the cases issue #22 names.

Each article below is written for the test in the shape the issue describes (an experiment whose
Methods are procedure, a blog post with share prompts, a textbook section with learning
objectives, a PDF's byline with affiliation marks); the sentences are ours.
"""

from __future__ import annotations

import pandas as pd
import pytest

from litmap import load_article
from litmap.parse.claims import compute_sentences_and_citations, compute_unsupported
from litmap.parse.kind_rules import CUES, compute_parts, rule_kind
from litmap.parse.kinds import (
    compute_kind_features,
    compute_kinds,
    compute_rule_kinds,
    decide_kind,
    narrates_present,
    read_kind_model,
    reads_as_sentence,
    sentence_features,
    to_past_tense,
)
from litmap.parse.references import compute_references
from litmap.read.article import compute_article
from litmap.schemas import CLAIMS, SENTENCES, UNSUPPORTED

EXPERIMENT = """Contour integration under noise

Introduction

Contour integration is impaired in older adults [1]. Collinear elements are detected faster than random ones [2].

Methods

Stimuli

Background was set to mean gray. Feedback was given for 100 msec after each response.
Each trial began with a fixation cross that stayed on the screen for 500 msec.

Analysis

The following model was used to fit the detection rates:

Responses were analysed with a mixed model as in [3].

Results

Detection was faster for collinear contours than for random ones (p < .001).

Discussion

Our results show that contour integration survives moderate noise.

References

1. Lee A, Kim B. Contour integration in ageing. Vision Res. 2010;50:1-10.
2. Field DJ, Hayes A, Hess RF. Contour integration by the human visual system. Vision Res. 1993;33:173-193.
3. Baayen RH. Analyzing linguistic data. Cambridge University Press; 2008.
"""

BLOG = """# How empathy heals

This short overview collects what research says about empathy in therapy.

Empathy builds trust between client and therapist (Lee, 2001). Clients who feel understood stay in therapy longer.

Share this post on social media!

Book a free consultation today.

## References

Lee, A. (2001). Empathy and trust. Journal of Therapy, 3(1), 1-10.
"""


def _tables(text: str, fmt: str):
    article = compute_article(text, source="test", format=fmt)
    references = compute_references(article.reference_entries())
    return compute_sentences_and_citations(article, references)


@pytest.fixture(scope="module")
def experiment():
    return _tables(EXPERIMENT, "text")


@pytest.fixture(scope="module")
def blog():
    return _tables(BLOG, "markdown")


def _kind(sentences: pd.DataFrame, start: str) -> str:
    row = sentences[sentences["text"].str.startswith(start)]
    assert len(row) == 1, start
    return row.iloc[0]["kind"]


@pytest.mark.parametrize(
    "procedure",
    [
        "Background was set to mean gray.",
        "Feedback was given for 100 msec after each response.",
        "Each trial began with a fixation cross",
        "The following model was used to fit the detection rates:",
    ],
)
def test_procedure_in_the_methods_is_not_a_claim(experiment, procedure):
    sentences, claims, _ = experiment
    assert _kind(sentences, procedure) in ("method", "other")
    assert not claims["text"].str.startswith(procedure).any()


def test_claims_findings_and_a_cited_method_make_the_claims_table(experiment):
    sentences, claims, citations = experiment
    assert _kind(sentences, "Contour integration is impaired") == "claim"
    assert _kind(sentences, "Detection was faster") == "finding"
    assert _kind(claims, "Contour integration is impaired") == "claim"
    assert _kind(claims, "Our results show that contour") == "finding"
    cited_method = claims[claims["text"].str.startswith("Responses were analysed")]
    assert len(cited_method) == 1 and cited_method.iloc[0]["kind"] == "method"  # kept because it cites [3]
    assert set(citations["claim_id"]) <= set(claims["claim_id"])
    assert sentences["part"].tolist()[0] == "introduction" and "methods" in set(sentences["part"])


def test_every_sentence_is_in_the_sentences_table_with_a_kind(experiment):
    sentences, claims, _ = experiment
    SENTENCES.validate(sentences)
    CLAIMS.validate(claims)
    assert sentences["kind"].isin(["claim", "finding", "method", "other"]).all()
    assert sentences["confidence"].between(0, 1).all()
    kept = sentences.dropna(subset=["claim_id"])
    assert kept["claim_id"].tolist() == claims["claim_id"].tolist()
    assert kept["text"].tolist() == claims["text"].tolist()


def test_share_prompts_calls_to_action_and_signposts_are_not_claims(blog):
    sentences, claims, _ = blog
    for text in ("Share this post on social media!", "Book a free consultation today."):
        row = sentences[sentences["text"] == text].iloc[0]
        assert (row["kind"], row["detail"]) == ("other", "furniture")
    assert _kind(sentences, "This short overview collects") == "other"
    assert claims["text"].tolist()[0].startswith("Empathy builds trust")
    assert not claims["text"].str.contains("Share|consultation|overview").any()


def test_claims_that_cite_nothing_are_listed_as_unsupported(blog):
    sentences, claims, _ = blog
    unsupported = compute_unsupported(claims, sentences)
    UNSUPPORTED.validate(unsupported)
    assert unsupported["text"].tolist() == ["Clients who feel understood stay in therapy longer."]
    assert unsupported["kind"].tolist() == ["claim"] and unsupported["confidence"].notna().all()


def test_learning_objectives_are_not_headings_in_text_or_html():
    text = (
        "Treatment Modalities\n\nBy the end of this section, you will be able to:\n\n"
        "Distinguish between the various modalities of treatment\n\nDiscuss benefits of group therapy\n\n"
        "Group therapy helps clients feel less alone (Lee, 2001).\n\nIndividual Therapy\n\n"
        "In individual therapy, the client and clinician meet one-on-one.\n\nReferences\n\n"
        "Lee, A. (2001). Groups. Journal of Therapy, 3(1), 1-10.\n"
    )
    html = (
        "<html><body><article><h1>Treatment Modalities</h1><p>By the end of this section, you will be able to:</p>"
        "<ul><li>Distinguish between the various modalities of treatment</li><li>Discuss benefits of group therapy</li>"
        "</ul><p>Group therapy helps clients feel less alone (Lee, 2001).</p><h2>Individual Therapy</h2>"
        "<p>In individual therapy, the client and clinician meet one-on-one.</p><h2>References</h2>"
        "<ul><li>Lee, A. (2001). Groups. Journal of Therapy, 3(1), 1-10.</li></ul></article></body></html>"
    )
    for source, fmt in ((text, "text"), (html, "html")):
        article = compute_article(source, source="test", format=fmt)
        headings = [s.heading for s in article.sections]
        assert not any(h.startswith(("Discuss", "Distinguish")) for h in headings), (fmt, headings)


def test_a_byline_with_affiliation_marks_is_furniture_even_when_it_looks_cited():
    assert rule_kind(
        "Yong Xin1,a, WenWen Guo1,a, Chun Sheng Yang2,a, Qian Huang[1], Pei Zhang[1] & Guan Jiang[3]",
        part="introduction",
        paragraph_first="",
    ) == ("other", "furniture")


@pytest.mark.parametrize(
    ("sentence", "part", "expected"),
    [
        ("Competing interests No competing interests were disclosed.", "discussion", ("other", "furniture")),
        ("The funders had no role in study design, data collection and analysis.", "body", ("other", "furniture")),
        ("I have read this submission.", "backmatter", ("other", "furniture")),
        ("We thank the reviewers for their comments.", "backmatter", ("other", "acknowledgement")),
        ("Go to this site and complete the scale to see your score.", "body", ("other", "furniture")),
        ("Future research could focus on why the belief has become so widespread.", "discussion", ("other", "future")),
        ("It was hypothesised that the trained group would do better.", "introduction", ("other", "aim")),
        ("Descriptive statistics are reported in Table 1.", "results", ("other", "signpost")),
        ("Figure 1 demonstrates the inclusion of papers at each stage of screening.", "results", ("other", "signpost")),
        ("Box 2 describes the content covered in each module.", "methods", ("other", "signpost")),
        ("Why should people come to believe that such a pattern exists?", "discussion", ("other", "question")),
    ],
)
def test_rules_settle_the_sure_cases(sentence, part, expected):
    assert rule_kind(sentence, part=part, paragraph_first=sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "part", "expected"),
    [
        # what was measured, reported in the Results, is a finding even in the passive past of procedure
        (
            "Four tagged turtles were recaptured with times at liberty ranging from 3.1 to 9.4 years.",
            "results",
            "finding",
        ),
        ("Over 6.5 years at liberty the largest turtle grew 41 mm (6.3 mm/year).", "results", "finding"),
        ("Mean wing length was 12.1 mm ± 0.4 in the treated flies and did not differ.", "results", "finding"),
        # the same amounts in the Methods, in the first person, or a table row, are not
        ("Turtles were measured to the nearest 1 mm before release.", "methods", None),
        ("We recaptured turtles over 6.5 years and measured them to the nearest 1 mm.", "results", None),
        ("12 band pairs (age = 9.5 years).", "results", None),
    ],
)
def test_amounts_measured_in_the_results_are_findings(sentence, part, expected):
    decided = rule_kind(sentence, part=part, paragraph_first=sentence)
    assert (decided[0] if decided else None) == expected


@pytest.mark.parametrize(
    ("sentence", "part", "expected"),
    [
        # the sample drawn, told in the Results as in the Methods, is method
        ("In total 212 households were recruited from nine villages between May and June.", "results", "method"),
        ("Fourteen trials reporting pain scores were included in the pooled analysis.", "results", "method"),
        # a purpose, then what was done for it
        ("To test this idea, we cooled the slices to 20 degrees before recording.", "results", "method"),
        ("In order to compare the two sites, we sampled both in the same week.", "discussion", "method"),
        # a comparison, or what came of it, is a result; in the Introduction, a purpose is the model's to read
        ("Older children were more likely to be recruited than younger ones.", "results", None),
        ("To check for recall bias, we repeated the analysis: 31/412 (7.5%) changed group.", "results", None),
        ("In order to test this idea, we studied two groups of divers.", "introduction", None),
    ],
)
def test_the_sample_drawn_and_a_purpose_with_its_deed_are_methods(sentence, part, expected):
    decided = rule_kind(sentence, part=part, paragraph_first=sentence)
    assert (decided[0] if decided else None) == expected


def test_parts_follow_the_outline_of_headings():
    sections = [((), "Introduction"), (("Experiment 1", "Method"), "Design"), ((), "Coding of interviews")]
    sections += [((), "Results"), ((), "Discussion"), ((), "Acknowledgements")]
    assert compute_parts(sections) == ["introduction", "methods", "methods", "results", "discussion", "backmatter"]


def test_results_under_a_heading_about_the_subject_are_results_where_no_heading_says_results():
    sections = [((), "Introduction"), ((), "Methodological procedures"), ((), "Networks of cited authors")]
    sections += [((), "Discussion"), ((), "Conclusion")]
    assert compute_parts(sections) == ["introduction", "methods", "results", "discussion", "discussion"]
    # a protocol's methods end in a heading that names one: no results there
    protocol = [((), "Background"), ((), "Trial design"), ((), "Study sites"), ((), "Statistical analysis")]
    protocol += [((), "Discussion")]
    assert compute_parts(protocol)[1:4] == ["methods", "methods", "methods"]
    # with a results heading, a subject heading after the methods stays in them
    assert (
        compute_parts([((), "Methods"), ((), "Site description"), ((), "Results"), ((), "Discussion")])[1] == "methods"
    )


def test_a_textbook_box_is_no_part_and_holds_one_paragraph():
    sections = [((), "Introduction"), ((), "Life changes"), ((), "Link to Learning"), ((), "Hassles")]
    assert compute_parts(sections) == ["introduction", "introduction", "objectives", "introduction"]
    # "Psychoanalysis" in a heading names a therapy, not an analysis of data
    assert compute_parts([((), "Introduction"), ((), "Psychotherapy Techniques: Psychoanalysis")])[1] == "introduction"
    text = (
        "Stress and coping\n\nIntroduction\n\nStress is common among students (Lee, 2001).\n\n"
        "Link to Learning\n\nWatch this video about stress to learn more.\n\n"
        "Daily hassles predict symptoms better than major life events do (Lee, 2001).\n\n"
        "References\n\nLee, A. (2001). Stress. Journal of Stress, 3(1), 1-10.\n"
    )
    article = compute_article(text, source="test", format="text")
    sentences, _, _ = compute_sentences_and_citations(article, compute_references(article.reference_entries()))
    placed = dict(zip(sentences["text"], zip(sentences["section"], sentences["part"])))
    assert placed["Watch this video about stress to learn more."] == ("Link to Learning", "objectives")
    assert placed["Daily hassles predict symptoms better than major life events do (Lee, 2001)."] == (
        "Introduction",
        "introduction",
    )


def test_the_shipped_model_loads_and_a_decision_follows_its_probabilities():
    model = read_kind_model()
    assert model.classes == ("claim", "finding", "method", "other", "furniture")
    probabilities = model.probabilities({"bias": 1.0, "part=methods": 1.0, "cue:we_did": 1.0})
    assert abs(sum(probabilities.values()) - 1) < 1e-9
    assert decide_kind({"claim": 0.1, "finding": 0.1, "method": 0.7, "other": 0.05, "furniture": 0.05})[0] == "method"


def test_bundled_article_keeps_its_cited_claims_and_writes_sentences_and_unsupported(bundled_article, tmp_path):
    tables = load_article(bundled_article)
    cited = tables.claims[tables.claims["n_citations"] > 0]
    assert cited["claim_id"].tolist() == ["C04", "C07", "C08", "C09", "C12", "C15", "C18", "C21"]
    assert cited["text"].str.contains("Cozolino|Wonder|Coke|Smith|Eisenberger|Siegel|Lamm|Hutcherson").all()
    assert (tables.claims["kind"] == "claim").all()
    assert len(tables.unsupported) == len(tables.claims) - len(cited)
    written = {p.name for p in tables.write(tmp_path)}
    assert {"sentences.csv", "unsupported.csv"} <= written
    assert len(pd.read_csv(tmp_path / "unsupported.csv")) == len(tables.unsupported)
    assert "cite nothing (unsupported.csv)" in tables.summary()


@pytest.mark.parametrize("content, said", [("[1, 2]", "is not a JSON object"), ('{"classes": []}', "lacks intercept")])
def test_a_damaged_sentence_kind_model_is_named_with_what_is_wrong(tmp_path, content, said):
    from litmap.errors import ParserModelError

    path = tmp_path / "kinds.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ParserModelError, match=said) as caught:
        read_kind_model(path)
    assert str(path) in str(caught.value) and "train_sentence_kinds.py" in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "Like other types of glial cells, MCs in the mature retina exhibit calcium transients.",  # eLife 09590
        "Follow-up visits were scheduled at 6 and 12 months.",
        "Call rates were higher in the intervention arm.",
        "Share of smokers fell over the decade.",
        "View this as a lower bound: the registry misses private clinics.",  # not an appeal: no "this <thing>" to look at
        "(McGrath, Cumming, Burchard, Zeoli, & Ellerby, 2009)",  # a citation standing after its sentence
    ],
)
def test_prose_that_opens_like_an_appeal_or_a_byline_is_not_furniture(text):
    assert rule_kind(text, part="results", paragraph_first="") != ("other", "furniture")


@pytest.mark.parametrize(
    "text",
    [
        "Like us on Facebook.",
        "Follow us on Twitter.",
        "Join us next week!",
        "View this timeline of the first asylums to learn more.",  # a textbook's link, as "Watch this clip"
    ],
)
def test_appeals_to_the_reader_are_still_furniture(text):
    assert rule_kind(text, part="body", paragraph_first="") == ("other", "furniture")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a kind of study between "future" and "studies"
        ("Future tracking studies may show where the birds spend the winter.", ("other", "future")),
        ("A larger cohort is needed to tell the two doses apart.", ("other", "future")),
        # a measure named in parentheses is no result: still a signpost
        ("Mean differences (SMD with 95% CI) for each outcome are shown in Fig. 3.", ("other", "signpost")),
        ("Scores for the two groups can be seen in Table 2.", ("other", "signpost")),
        ("Details of the dosing schedule are reported below.", ("other", "signpost")),
        ("This protocol describes how the panel will be recruited.", ("other", "signpost")),
        # the reader asked to suppose a case, and the article's own symbols
        ("Now let us suppose that each lab runs ten tests.", ("other", "example")),
        ("Let k be the number of labs in the field.", ("other", "definition")),
    ],
)
def test_rules_for_future_work_signposts_examples_and_symbols(sentence, expected):
    assert rule_kind(sentence, part="discussion", paragraph_first=sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # a result that also points to a table is a finding, for the model to decide
        "Pain scores were lower in the exercise arm and are shown in Table 2.",
        "The rising share of cyclists in the city is illustrated in Figure 4.",
        # statistics outside parentheses are a result
        "Uptake was 81% (Table 3) and is shown by site in Table 4.",
        # what a rule obliges people to do is not future research
        "Under the club's charter, members are required to attend two meetings a year.",
        # a trademark run into a word is not a copyright line
        "Each bird wore a Flexiband© leg ring after release.",
    ],
)
def test_sentences_that_only_look_like_signposts_future_work_or_boilerplate_go_to_the_model(sentence):
    assert rule_kind(sentence, part="results", paragraph_first=sentence) is None


def test_a_back_matter_block_run_into_the_last_section_is_furniture_to_its_end():
    rows = [
        ("Introduction", "introduction", 0, "Sleep loss slows reaction times in drivers."),
        ("Introduction", "introduction", 0, "Naps are often recommended for long journeys."),
        ("Results", "results", 1, "Reaction times were 12% slower after a night without sleep."),
        ("Conclusions", "discussion", 2, "A short nap restored most of the lost speed."),
        ("Conclusions", "discussion", 3, "ARTICLE INFORMATION Accepted for Publication: May 2, 2021."),
        ("Conclusions", "discussion", 4, "Disclaimer: Dr Rao is an editor of the journal."),
        ("Conclusions", "discussion", 5, "Reaction Times by Condition eTable 2."),
    ]
    sentences = pd.DataFrame(rows, columns=["section", "part", "paragraph", "text"])
    kinds = compute_rule_kinds(sentences)
    assert kinds[3] is None  # the conclusion before the block is for the model
    assert kinds[4:] == [("other", "furniture")] * 3
    # the same label in the first half of an article (front matter) does not carry over
    early = pd.DataFrame(rows[4:5] + rows[:4], columns=sentences.columns)
    early["section"] = "Introduction"
    assert compute_rule_kinds(early)[1:] == [None] * 4


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("†These authors contributed equally to this work.", ("other", "furniture")),
        (
            "Drug targets in this article are hyperlinked to corresponding entries in a public database.",
            ("other", "furniture"),
        ),
        ("Discuss sleep hygiene and recognize when insomnia needs treatment", ("other", "objective")),
    ],
)
def test_equal_contribution_notes_database_links_and_objectives_of_any_object_are_sure_cases(sentence, expected):
    assert rule_kind(sentence, part="introduction", paragraph_first=sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Both factors contributed equally to the variance in sleep scores.",
        "Discuss groups met weekly in the first year.",  # a noun, and a full stop
        "State laws on sleep clinics vary across the country",  # a noun, though no full stop
    ],
)
def test_prose_like_an_objective_or_an_equal_contribution_note_goes_to_the_model(sentence):
    assert rule_kind(sentence, part="introduction", paragraph_first=sentence) is None


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a sentence that only announces the limitations to come
        ("This survey has several limitations.", ("other", "signpost")),
        ("Despite its strengths, the design of the pilot has limitations that should be noted.", ("other", "signpost")),
        ("There are a number of limitations to this audit.", ("other", "signpost")),
        # further study asked for with a word between, after its object, or alone
        ("Further field studies are required that test the lure in other forests.", ("other", "future")),
        ("Any effect of season should be examined further, especially in the dry months.", ("other", "future")),
        ("The practical implications of this gap require further exploration.", ("other", "future")),
        # a tool or a file to be had from the authors is page furniture
        (
            "A printable version of the checklist can be obtained from the authors, free of charge.",
            ("other", "furniture"),
        ),
    ],
)
def test_limitations_announced_further_study_asked_and_copies_from_the_authors(sentence, expected):
    assert rule_kind(sentence, part="discussion", paragraph_first=sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # the limitations themselves, and a claim that ends by asking for more, are the model's to read
        "Our survey has limitations, chief among them a sample drawn from one city.",
        "Costs differ between clinics, and this requires further exploration because fees vary.",
    ],
)
def test_limitations_stated_and_claims_asking_for_more_go_to_the_model(sentence):
    assert rule_kind(sentence, part="discussion", paragraph_first=sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        # the sample described with amounts in the Results is not a measured result
        "Ages of participants ranged from 19 to 84 years across the nine surveys.",
        "In the exercise arm, 140 patients (91%) received one or more sessions (mean = 8.2, SD = 2.1).",
        "The cohort was composed of 5120 adults (mean age, 51.2 years; range, 18-90 years).",
    ],
)
def test_the_sample_described_with_amounts_is_not_a_sure_finding(sentence):
    decided = rule_kind(sentence, part="results", paragraph_first=sentence)
    assert decided is None or decided[0] == "method"  # sessions received: the delivery, a method


def test_an_article_told_in_the_present_has_its_methods_read_in_the_past():
    protocol = pd.DataFrame(
        {
            "text": [f"Mood is measured using scale {k} at each visit." for k in range(12)]
            + ["Confidence intervals will be computed for each arm.", "Anxiety is common in older adults."],
            "part": ["methods"] * 13 + ["introduction"],
            "section": ["Methods"] * 13 + ["Background"],
            "paragraph": list(range(14)),
            "n_citations": [0] * 14,
        }
    )
    assert narrates_present(protocol)
    features = compute_kind_features(protocol)
    assert "cue:passive_past" in features[0] and "cue:passive_past" in features[12]
    assert "cue:passive_past" not in features[13]  # the introduction keeps its tense
    told_in_past = protocol.assign(text=[to_past_tense(t) for t in protocol["text"]])
    assert not narrates_present(told_in_past)
    assert not narrates_present(protocol.iloc[:5])  # too few methods sentences to tell


def test_prose_the_model_takes_for_furniture_goes_to_its_next_likeliest_kind():
    assert reads_as_sentence("Men reported feeling vulnerable on the ward.")
    assert not reads_as_sentence("Department of Psychiatry, University Hospital, Munich.")
    assert not reads_as_sentence("Control Group (n=57) Sham stimulation")
    furniture_first = {"claim": 0.2, "finding": 0.1, "method": 0.05, "other": 0.05, "furniture": 0.6}
    assert decide_kind(furniture_first)[1] == "furniture"

    class Model:
        def probabilities(self, features):
            return furniture_first

    rows = pd.DataFrame(
        {
            "text": [
                "Men reported feeling vulnerable on the ward.",
                "Department of Psychiatry, University Hospital, Munich",
            ],
            "part": ["results", "results"],
            "section": ["Results", "Results"],
            "paragraph": [0, 1],
            "n_citations": [0, 0],
        }
    )
    kinds = compute_kinds(rows, model=Model())
    assert kinds["kind"].tolist()[0] == "claim"  # 0.2 + 0.1 of the 0.4 left reaches the threshold
    assert kinds["detail"].tolist()[1] == "furniture"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a procedure in the passive past, told in the Results
        ("For each pair of sites, a mean pairwise distance was calculated.", "method"),
        ("These recordings were conducted in the presence of a blocker.", "method"),
        # with a number, a comparison or a result in it, it is the model's to read
        ("For each pair of sites, a mean index of 0.42 was calculated.", None),
        ("Distances were calculated and were higher between the islands.", None),
        ("We calculated a mean distance for each pair of sites.", None),
    ],
)
def test_a_procedure_in_the_passive_past_in_the_results_is_a_method(sentence, expected):
    decided = rule_kind(sentence, part="results", paragraph_first=sentence)
    assert (decided[0] if decided else None) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # what was delivered and kept, with its amounts, reported in the Results: a method
        ("Attrition was modest (12%) and similar in both arms (app 7/61, leaflet 8/60).", "method"),
        ("The median number of coaching sessions attended was 5 (range 1-9).", "method"),
        ("Diaries were available for 212 (93%) of the women.", "method"),
        ("Adherence to the walking plan was high, with 48 (80%) walking on five days a week.", "method"),
        # compared or tested, thought of by participants, or without amounts, it is the model's to read
        ("Dropout was higher in the app arm than in the leaflet arm (p = 0.03).", None),
        ("Of those who finished, 40% (n=22) would have liked longer sessions.", None),
        ("The days are organised around exercise sessions and meals [12].", None),
    ],
)
def test_adherence_dropout_and_sessions_in_the_results_are_methods(sentence, expected):
    decided = rule_kind(sentence, part="results", paragraph_first=sentence)
    assert (decided[0] if decided else None) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # further study asked for with "now", "would be", in the passive, or where the search should go
        ("Larger samples of seeds are now needed to test this split.", ("other", "future")),
        ("Dated specimens would be needed to settle the question.", ("other", "future")),
        ("Effects in older adults could be investigated.", ("other", "future")),
        ("Attention should now focus on the winter months.", ("other", "future")),
        # weaknesses announced, as limitations are
        ("The trial does have some weaknesses.", ("other", "signpost")),
    ],
)
def test_more_ways_of_asking_for_further_study_and_announcing_weaknesses(sentence, expected):
    assert rule_kind(sentence, part="discussion", paragraph_first=sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # a claim with a clause that asks for study, and practice that should be done, are the model's
        "We suspect that shorter visits may work better, and this should be explored in new trials.",
        "Patients with the variant should be assessed before the first dose.",
        "Additional staff were needed to run the clinic on Sundays.",
    ],
)
def test_claims_and_practice_that_only_mention_study_go_to_the_model(sentence):
    assert rule_kind(sentence, part="discussion", paragraph_first=sentence) is None


def test_a_parent_heading_that_names_a_method_inside_the_results_keeps_them_results():
    sections = [((), "Methods"), ((), "Statistical analysis"), ((), "Results"), ((), "Adherence")]
    sections += [(("Planned subgroup analyses",), "Age and sex"), ((), "Sensitivity analysis"), ((), "Discussion")]
    assert compute_parts(sections) == ["methods", "methods", "results", "results", "results", "results", "discussion"]
    # before the results, the same parent heading opens the methods
    assert compute_parts([((), "Introduction"), (("Statistical analyses",), "Models")])[1] == "methods"


def test_our_results_named_with_words_between_report_a_finding():
    assert CUES["we_found"].search("Our Bayesian phylogenetic analyses provide support for three clades.")
    assert not CUES["we_found"].search("Our field assistants provided the traps.")


def test_a_comparison_is_a_cue_of_its_own():
    assert CUES["comparison"].search("More seedlings were counted in the burnt plots compared with the others.")
    assert CUES["comparison"].search("A rise in nitrate was observed, and phosphate decreased.")
    assert not CUES["comparison"].search("Seedlings were counted in each plot in May.")
    features = sentence_features(
        "Higher nitrate levels were observed in the burnt plots.",
        part="results",
        heading="Results",
        cited=False,
        position=0.6,
        paragraph_cited=0.0,
        previous_cited=False,
        index_in_paragraph=1,
    )
    assert "cue:comparison" in features and "results&cue:comparison" in features


@pytest.mark.parametrize(
    ("sentence", "part", "expected"),
    [
        # the authors' conclusion, said as such, outside the introduction
        ("We conclude that the wasps nest earlier where winters are mild.", "discussion", ("finding", None)),
        (
            "Based on the ledgers, we argue that the guild priced its bread by the harvest.",
            "abstract",
            ("finding", None),
        ),
        # a table or figure pointed to with "included" or "contained", or glued to its word ("inFig.")
        ("Measurements of each tooth are included inTables 2-4.", "results", ("other", "signpost")),
        ("A reconstruction of the missing jaw is presented inFig.", "results", ("other", "signpost")),
        # data to be had on request, from whoever keeps them
        (
            "Field notes are on file at the museum and are available to bona fide researchers upon request.",
            "methods",
            ("other", "furniture"),
        ),
        # a reconstruction to be tested against more evidence
        ("This reconstruction should be tested against new specimens.", "results", ("other", "future")),
        # follow-up rates and valid data, reported with their amounts, are the delivery
        ("The follow-up rate at six months was 91% (402 of 442 households).", "results", ("method", None)),
        ("Of 60 pupils asked to wear a pedometer, 51 (85%) provided valid step data.", "results", ("method", None)),
    ],
)
def test_conclusions_pointers_requests_and_rates_are_sure_cases(sentence, part, expected):
    assert rule_kind(sentence, part=part, paragraph_first=sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "part"),
    [
        # an essay's thesis in its introduction, a test a protocol plans, a comparison of follow-up rates
        ("We argue that museums should return the remains.", "introduction"),
        ("Normality of the residuals should be tested with the Shapiro-Wilk test.", "methods"),
        ("The follow-up rate was higher in the text-message arm (93% v 84%, p = 0.01).", "results"),
        ("Twenty caves are included in the survey, most of them in limestone.", "methods"),
    ],
)
def test_the_same_words_elsewhere_go_to_the_model(sentence, part):
    assert rule_kind(sentence, part=part, paragraph_first=sentence) is None


@pytest.mark.slow
def test_the_shipped_model_is_what_its_labels_give():
    """A change that moves sentences (a reader, a splitter) must come with the model rebuilt from the
    labels, or the package ships a model trained on other sentences; the labelled articles' text is
    read from ../shared (not all of it may be copied), so the check runs only where that folder is."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    shared = next((p / "shared" for p in root.parents[:2] if (p / "shared" / "corpus").is_dir()), None)
    if shared is None:
        pytest.skip("../shared/corpus is not here: the rebuild check of the sentence-kind model needs its articles")
    done = subprocess.run(
        [sys.executable, str(root / "tools" / "train_sentence_kinds.py"), "--check", "--shared", str(shared)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
