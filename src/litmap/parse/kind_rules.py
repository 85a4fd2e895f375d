"""Rules for what kind of thing a sentence says: the article part it stands in, cue phrases, sure cases.

:mod:`litmap.parse.kinds` decides each sentence's kind (claim, finding, method, other) with a small
model over features; this module holds what the model reads and the cases a rule settles before
it:

- **parts**: which part of the article a section belongs to (introduction, methods, results,
  discussion, abstract, back matter, body), read by :mod:`litmap.parse.parts` and re-exported here;
- **cues**: phrases that mark a kind — first person and past tense ("we recruited"), statistics
  ("p < .001", "95% CI"), reporting verbs ("has been shown", "et al."), aims, signposts;
- **rules** for the sure cases, which never reach the model: back matter (competing interests,
  funding, referee reports), boilerplate and calls to action ("Share this post", "Book a
  session"), bylines, learning objectives, aims ("The aim of this study was…"), future work,
  signposts ("Table 2 shows…"), questions and fragments; three sure methods: the sample drawn ("755
  patients were recruited…"), a purpose with what was done for it ("To test this, we blocked…") and
  a procedure in the passive past with no result in it ("An average distance was calculated.");
  and two sure findings: an amount measured
  (a range, a mean with its spread, a number with a unit), reported in the Results and not in the
  first person, however procedural its verb ("were recaptured with times at liberty ranging from…"),
  and the authors' conclusion said as such outside the introduction ("We conclude that…").
"""

from __future__ import annotations

import re

from litmap.parse.parts import compute_parts, heading_part, is_one_paragraph_box, major_part, results_by_subject
from litmap.parse.prefilter import Haystack, Prefiltered
from litmap.text import YEAR_PATTERN

__all__ = [
    "CUES",
    "CUE_FILTERS",
    "WORD",
    "compute_parts",
    "heading_part",
    "is_name_list",
    "is_one_paragraph_box",
    "major_part",
    "opens_back_matter",
    "results_by_subject",
    "rule_kind",
]

# -- cues -------------------------------------------------------------------------------------


def _rx(p: str) -> re.Pattern:
    return re.compile(p, re.I)


CUES = {
    "we": _rx(r"\b(?:we|our|us)\b"),
    "i": re.compile(r"\b(?:I|my)\b"),
    "you": _rx(r"\b(?:you|your)\b"),
    "present_study": _rx(
        r"\b(?:this|the present|the current|our|the) (?:study|studies|trial|analysis|"
        r"meta-analysis|review|survey|experiment|paper|article|work|research|note|report)\b|"
        r"\bherein\b|\bhere,? we\b"
    ),
    "we_found": _rx(
        r"\b(?:we|our (?:[\w-]+ ){0,3}(?:data|results|findings|analys[ie]s|estimates|reconstructions)|"
        r"the (?:present )?results|these results|"
        r"this study|the data|the analys[ie]s|the meta-analysis)\b[^.]{0,40}?\b(?:found|find|show|"
        r"showed|shown|demonstrat\w*|reveal\w*|indicat\w*|suggest\w*|observed|provide\w*|support\w*|"
        r"confirm\w*)\b"
    ),
    "result_verb": _rx(
        r"\b(?:was|were) (?:significantly|not significantly|significant|associated|correlated|"
        r"higher|lower|greater|smaller|larger|more|less|similar|different|reduced|increased|"
        r"decreased)\b"
    ),
    "no_difference": _rx(
        r"\bno (?:significant|statistically significant|evidence|difference)|did not (?:differ|"
        r"reach|find|show|support)|\bnone of the analyses"
    ),
    "stats": _rx(
        r"\bp\s*[<=>≤≥]\s*[.\d]|\b95\s*%|\bCI\b|\b[FtrχZ]\s*\(\s*\d|\bOR\b|\bRR\b|\bSD\b|\bSMD\b|"
        r"\bη\w*\s*=|\bI\s*\[?2\]?\s*=|\bd\s*=|\br\s*=|\bM\s*=|\bn\s*=|\baOR\b|\bHR\b"
    ),
    "percent": re.compile(r"\d\s*%|\bper cent\b|\bpercent\b", re.I),
    "fraction": re.compile(r"\b\d+\s*/\s*\d+\b"),
    "number": re.compile(r"\b\d+(?:[.,·]\d+)?\b"),
    "participants_were": _rx(
        r"\b(?:participants?|patients?|subjects?|respondents?|women|men|children|"
        r"students?|volunteers?|animals?|mice|rats|samples?|specimens?|sharks?|trials?|"
        r"studies|articles?|papers?|records?|data)\b (?:were|was)\b"
    ),
    "passive_past": _rx(r"\b(?:was|were)\s+(?:\w+ly\s+)?\w+(?:ed|en|wn|ght|lt|pt|ne|un|id)\b"),
    # procedure told in the present or the future, as protocols and software papers tell it ("Depression
    # severity is measured using the MADRS", "Confidence intervals will be computed")
    "present_procedure": _rx(
        r"\b(?:is|are)\s+(?:\w+ly\s+)?(?:used|assessed|measured|rated|obtained|performed|conducted|determined|"
        r"recorded|calculated|computed|estimated|administered|collected|evaluated|applied|carried out|implemented|"
        r"analy[sz]ed|delivered|supplied|stratified|randomi[sz]ed|monitored|documented|scheduled|instructed|asked|"
        r"trained|placed|attached|installed|stored|transferred|generated|processed|executed|invoked|"
        r"specified|configured|loaded|parsed|filtered|aligned|mapped)\b"
    ),
    # the subject is a thing the authors made or used, described by what it does ("The algorithm extracts
    # a feature vector", "This function is highly configurable", "The control game includes four mini-games")
    "artefact_subject": _rx(
        r"^\W*(?:(?:in addition|then|finally|first|next|here|specifically|briefly),?\s+)?(?:the|this|that|these|our|each|"
        r"every|both)\s+(?:[\w-]+\s+){0,2}(?:algorithms?|tools?|pipelines?|functions?|software|programs?|packages?|"
        r"scripts?|modules?|games?|devices?|apps?|applications?|interfaces?|platforms?|websites?|portal|"
        r"database|batter(?:y|ies)|questionnaires?|instruments?|tasks?|sessions?|phases?|arms?|conditions?|"
        r"workflow|system|implementation|library|toolkit|framework|classifier|procedure)\b"
    ),
    "will_be_done": _rx(r"\bwill (?:\w+ly )?be (?:\w+ly )?\w+(?:ed|en|wn|ght|lt|pt|un)\b|\bwe will\b"),
    "we_did": _rx(
        r"\bwe (?:\w+ly )?(?:used|conducted|performed|recruited|collected|measured|assessed|"
        r"analy[sz]ed|calculated|computed|searched|selected|included|excluded|extracted|compared|"
        r"tested|examined|investigated|asked|recorded|applied|fitted|estimated|developed|designed|"
        r"created|obtained|identified|defined|controlled|adjusted|excluded|carried|ran|built|coded|"
        r"modelled|modeled|sampled|surveyed|interviewed|randomi[sz]ed|evaluated|explored|"
        r"repeated|chose|constructed|prepared)\b"
    ),
    "method_terms": _rx(
        r"\b(?:randomi[sz]\w*|questionnaire|scale|inclusion criteria|exclusion criteria|"
        r"informed consent|ethics committee|approved by|approval|software|version \d|"
        r"stata|spss|r package|regression|anova|ancova|t-tests?|chi-square|χ2|"
        r"were recruited|were asked|were instructed|were randomly|was measured|were measured|"
        r"was calculated|were calculated|was used|were used|was performed|were performed|"
        r"was assessed|were assessed|was defined|were defined|protocol|procedure|"
        r"dependent variables?|independent variables?|covariates?)\b"
    ),
    "aim": _rx(
        r"\b(?:aims?|aimed|objectives?|purpose|goal) (?:of|was|is|were|to)\b|\bwe (?:aim|aimed|sought|"
        r"set out|hypothesi[sz]ed|predicted|expected|propose)\b|\bit was (?:hypothesi[sz]ed|predicted)\b|"
        r"\bwe (?:examine|investigate|explore|test|present|report|describe|review|discuss|consider)\b|"
        r"\bin order to test\b|\bto test (?:this|the|whether)\b"
    ),
    "future": _rx(
        r"\b(?:future|further|more) (?:research|work|studies|study|trials?|investigation|efforts)\b|"
        r"\bremains? to be\b|\bis (?:needed|required|warranted|merited)\b|\bare (?:needed|required|"
        r"warranted)\b|\bneeds? further\b|\bwould do well\b"
    ),
    "signpost": _rx(
        r"^(?:table|figure|fig\.?|box|panel)\s*\w*\s+(?:shows?|presents?|gives|lists|summari[sz]es|"
        r"depicts|illustrates|provides)|\b(?:are|is) (?:shown|presented|given|listed|reported|"
        r"summari[sz]ed|depicted|illustrated|described|detailed) (?:in|below|above)\b|"
        r"\bsee (?:table|figure|fig|box|supplementary|appendix)|\bas follows\b|\bin (?:this|the "
        r"(?:next|following|present)) (?:section|chapter|paper|article|post|review)\b|"
        r"\b(?:will be|are) (?:reported|published|described) (?:separately|elsewhere|below)\b|"
        r"\bthe remainder of\b|\bwe (?:now|next|first|then) (?:turn|describe|present|consider)"
    ),
    "figure_ref": _rx(r"\((?:see )?(?:table|fig(?:ure)?s?\.?|supplementary|box)\s*[\dS]"),
    "definition": _rx(
        r"\b(?:is|are) defined as\b|\brefers? to\b|\bwe define\b|\b(?:is|are) (?:called|termed|"
        r"known as)\b|\bhereafter\b|^let\b"
    ),
    "hedge": _rx(r"\b(?:may|might|could|possibly|perhaps|likely|unlikely|suggests?|appears?|seems?|probably)\b"),
    "modal_should": _rx(r"\b(?:should|must|need to|needs to|ought)\b"),
    "general_present": _rx(r"\b(?:is|are|has|have|can|does|do|tends? to|remains?)\b"),
    "past": _rx(r"\b(?:was|were|had|did)\b"),
    "prior_work": _rx(
        r"\b(?:previous|prior|earlier|recent|other|several|many|some|numerous|existing) "
        r"(?:work|studies|research|reports?|reviews?|trials?|investigations|findings|literature|"
        r"evidence|authors|researchers)\b|\bhas been (?:shown|reported|found|demonstrated|"
        r"suggested|documented|proposed)|\bhave been (?:shown|reported|found|demonstrated|"
        r"suggested|documented|proposed)|\bstudies (?:have|show|suggest|indicate|found|report)|"
        r"\bresearch (?:has|shows|suggests|indicates)|\bet al\b|\baccording to\b|"
        r"\b(?:reported|found|showed|demonstrated|argued|suggested|proposed|noted|observed) that\b"
    ),
    "comparison_prior": _rx(
        r"\b(?:consistent|in line|in keeping|in agreement|agree\w*|contrast|similar) "
        r"(?:with|to)\b"
    ),
    # a comparison, the shape of a result however it is told ("Higher levels … were observed in the
    # infected samples compared to controls", "an increase … was observed in response to…")
    "comparison": _rx(
        r"\b(?:compared (?:to|with)|relative to|with respect to|than|higher|lower|greater|smaller|"
        r"increase[sd]?|decrease[sd]?|increasing|decreasing)\b"
    ),
    "limitation": _rx(r"\blimitations?\b|\bstrengths?\b|\bcaution\b|\bbias\b|\bgenerali[sz]\w+"),
    "conclusion": _rx(r"^(?:in conclusion|in summary|to conclude|overall|taken together|in short|in sum)\b"),
    "question": re.compile(r"\?\s*[\"”’')\]]*\s*$"),
    "colon_end": re.compile(r":\s*$"),
    "quote": re.compile(r"[“”\"]"),
    "imperative": re.compile(
        r"^(?:Go|Watch|Visit|Click|Share|Subscribe|Follow|Sign|Join|Book|Contact|Call|Read|"
        r"Learn|Download|Register|Try|Check|Get|Find|Explore|Discover|Leave|Like|Tweet|"
        r"Email|Schedule|Don['’]t|Please|Let['’]s|Imagine|Think|Consider|Remember|Take|"
        r"Describe|Explain|Discuss|Identify|List|Compare|Define|Distinguish|Evaluate|"
        r"Summari[sz]e|Outline|Recognize|Recognise|Understand|Differentiate|Appreciate)\b"
    ),
    "call_to_action": _rx(
        r"\b(?:share (?:this|on)|subscribe|sign up|follow us|click here|book (?:a|an|your)|"
        r"contact us|get in touch|call us|read more|learn more|download|newsletter|"
        r"schedule (?:a|an|your)|free consultation|leave a comment|comments?$|views?\b.{0,40}?comments|"
        r"social media|link to learning|go to this site|watch this)\b"
    ),
    "furniture": _rx(
        r"\b(?:copyright|©|all rights reserved|licen[cs]ed under|creative commons|open access|"
        r"competing interests?|conflicts? of interest|declares? (?:that )?(?:there (?:is|are) )?no|"
        r"no competing|funding|funded by|grant (?:no|number|information)|author contributions?|"
        r"contributed equally|corresponding author|e-?mail|received:?|accepted:?|published:?|"
        r"submitted:?|updated:?|posted (?:on|by)|doi:?|https?://|www\.|orcid|affiliation|"
        r"department of|university|institute|keywords?:?|referee|reviewer|i have read this|"
        r"acceptable scientific standard|this article is (?:included|part)|special issue|"
        r"citation:|academic editor|not applicable|availability of data)\b"
    ),
    "thanks": _rx(r"\b(?:thank|thanks|grateful|gratitude|acknowledge)\b"),
    "example": _rx(r"\bfor example\b|\bfor instance\b|\bsuch as\b|\be\.g\."),
    "imagine": _rx(r"^(?:imagine|suppose|consider|let us|let's|as an illustration)\b|\blet us (?:suppose|assume)"),
}


WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: The cues, each run only on text holding one of the words its matches need (the same counts, sooner:
#: :mod:`litmap.parse.prefilter`).
CUE_FILTERS = {name: Prefiltered(pattern) for name, pattern in CUES.items()}


_BACKMATTER_LABEL = re.compile(
    # a back-matter heading run into its paragraph ("Competing interests No competing interests…"):
    # the distinctive ones followed by a capital or a colon, the short everyday words only by a colon
    r"^\W*(?:(?:author(?:s['’]|['’]s)? contributions?|competing interests?|conflicts? of interests?|"
    r"declaration of (?:competing )?interests?|funding(?: information| statement| sources?)?|grant information|"
    r"financial (?:support|disclosure)|acknowledge?ments?|data availability(?: statement)?|"
    r"availability of data(?: and materials?)?|ethics (?:approval|statement)|supporting information|"
    r"supplementary (?:material|information)|article information|author affiliations?|accepted for publication|"
    r"role of the (?:funders?|sponsors?)(?:/(?:funders?|sponsors?))?|funding/support|additional contributions|"
    r"conflicts? of interest disclosures)(?:\s*[:.]|\s+(?=(?-i:[A-Z]))|\s*$)"
    r"|key\s*words?\s+(?!(?:are|were|is|was|of|in|for|that|and|to)\b)"
    r"|(?:abbreviations|keywords?|key words|correspondence|citation|copyright|received|accepted|"
    r"published(?: online)?|academic editor|editor|how to cite|contributors|disclosures?|disclaimers?|"
    r"additional information|open access|corresponding author)\s*:)",
    re.I,
)
_BOILERPLATE = re.compile(
    r"\bthe funders? had no role\b|\bdeclares? (?:that )?(?:they have )?no (?:competing|conflicts?)|"
    r"\bno (?:competing|conflicts? of) interests?\b|\bthis (?:article|is an open access article) (?:is|was) "
    r"(?:included|distributed|licensed|published)|\ball rights reserved\b|(?<![a-z])©|\bcreative commons\b|"
    r"\blicensed under\b|\bthis is (?:an open access article|contribution \d+)|\bi have read this submission\b|"
    r"\bacceptable scientific standard\b|\bcompeting interests:|\bnot applicable\b|"
    r"\b\d+\s*views?\b.{0,40}?\bcomments?\b|\bshare (?:this|on)\b|\bsubscribe\b|\bsign up\b|\bnewsletter\b|"
    r"\bleave a (?:comment|reply)\b|\bclick here\b|\bfollow us\b|\bcontact us\b|\bbook (?:a|an|your) "
    r"(?:session|appointment|consultation|call)\b|\bfree consultation\b|\bskip to (?:main )?content\b|"
    r"\b(?:these|the|both|all|two|joint) (?:\w+ )?authors? (?:have )?contributed equally\b|"
    r"\bhyperlinked to corresponding entries\b|\b(?:can|may) be obtained (?:free of charge )?from the (?:corresponding )?authors?\b|"
    r"\bavailable (?:up)?on (?:reasonable )?request from the (?:corresponding )?authors?\b|"
    r"\b(?:data|records|material|specimens?|files?|information) (?:\w+ ){0,4}(?:is|are) available (?:to [\w ]{1,40}? )?(?:up)?on "
    r"(?:reasonable )?request\b|\bback to top\b|\btop of page\b|\bbottom of page\b|\bread more\b|\bposted (?:on|by|in)\b",
    re.I,
)
_CALL_TO_ACTION = re.compile(
    # verbs that only ask the reader to act ("Subscribe", "Click here") ...
    r"^\W*(?:(?:share(?!\s+of\b)|subscribe|click|sign up|download|register|tweet|reach out|get in touch|"
    r"let['’]s (?:talk|connect)|don['’]t miss|learn more|read more|find out more)\b(?!-)"
    # ... and verbs prose also begins with ("Follow-up visits were…", "Like other glial cells…",
    # "Call rates…"): an appeal only with the reader's object after them
    r"|(?:follow|like|join|contact|call|email|visit|watch|comment|book|schedule|go to)\s+(?:us|me|our|this|"
    r"my|your|now|today|below|here|the (?:page|post|video|link|site|website|channel|newsletter|blog)|"
    r"a (?:session|call|consultation|free)|an appointment)\b"
    r"|view (?:this|the) (?:video|clip|timeline|website|site|page|link|interactive|animation|map|gallery|"
    r"slideshow|presentation|tutorial|documentary)\b"  # not "View this as a lower bound"
    r"|(?:ready|want) to (?:start|get|book|begin|talk|take|join|learn|know|read|find|try|work)\b)",
    re.I,
)
_OBJECTIVE = re.compile(
    r"^\W*(?:by the end of this (?:section|chapter|module|lesson)|learning objectives?|you will be able to)\b"
    r"|^(?:describe|explain|discuss|identify|list|compare|define|distinguish|evaluate|summari[sz]e|outline|"
    r"recogni[sz]e|understand|differentiate|appreciate|analy[sz]e|apply|contrast|name|state)\s+(?:the|a|an|"
    r"how|why|what|which|between|benefits|types|ways|major|basic|various|several|key|common|different)\b",
    re.I,
)
#: A learning objective with any object ("Discuss psychotropic medications and…"): a capitalised verb
#: that only asks, a lower-case word after it, no full stop (a list item), not long.
_OBJECTIVE_ITEM = re.compile(
    r"^(?:Describe|Explain|Discuss|Identify|Distinguish|Evaluate|Summari[sz]e|Outline|Recogni[sz]e|"
    r"Differentiate|Analy[sz]e)\s+[a-z][^.!?:;]*$"
)


_STUDY = (
    r"(?:study|studies|trial|review|meta-analysis|analysis|paper|article|work|research|survey|report|"
    r"experiment|investigation|project|note|chapter|section|post)"
)
_AIM = re.compile(
    rf"^\W*(?:the |our )?(?:primary |main |overall |principal |specific |secondary )?(?:aims?|objectives?|purposes?|goals?)"
    rf" (?:of (?:this|the present|the current|our) {_STUDY}|(?:of )?(?:this|our) {_STUDY})\b"
    rf"|^\W*(?:this|the present|the current|our) {_STUDY} (?:aims?|aimed|seeks?|sought|was designed|is designed|"
    rf"set out|intends?) to\b"
    rf"|^\W*(?:in|with) (?:this|the present|the current|our) {_STUDY},? (?:we|i)(?:['’]ll| will)? (?:aim|aimed|sought|set out|"
    rf"examined|examine|compared|compare|investigated|investigate|explored|explore|assessed|assess|evaluated|"
    rf"evaluate|tested|test|describe|review|discuss|present|report|consider)\b(?![^.]*\b(?:found|show|showed|"
    rf"shown|reveal|significant|suggest|indicat))"
    rf"|^\W*(?:here,? )?(?:we|i) (?:will |shall )?(?:aim|aimed|sought|hypothesi[sz]ed|predicted|expected) "
    rf"|^\W*it was (?:hypothesi[sz]ed|predicted|expected) that\b"
    rf"|^\W*here,? (?:we|i) (?:will |shall )?(?:examine|investigate|explore|test|present|report|describe|"
    rf"review|discuss|consider|target|focus)\b",
    re.I,
)
_FUTURE = re.compile(
    r"\b(?:future|further|more|additional) (?:research|work|studies|study|trials?|investigations?|efforts|"
    r"experimental research|experiments?)\b[^.]{0,80}\b(?:should|could|would|may|might|will|is|are|needs?|"
    r"needed|required|warranted|merited|focus|examine|investigate|explore|address|seek)\b"
    r"|\b(?:is|are|remains?|would be|will be) (?:now |also |still |therefore |thus )?(?:needed|warranted|merited) to\b"
    # further study asked for in the passive ("Use in other age groups could be investigated.") and where
    # the search should now go ("The search should now focus on nuclear markers…")
    # (not a clause added to a claim: "We hypothesise that …, and this should be explored through…")
    r"|(?<!\band this )(?<!\band these )(?<!\band it )(?<!\bwhich )"
    r"\b(?:could|should|might|may|would|will) (?:also |further |now |therefore )?be (?:further |usefully )?"
    r"(?:investigated|explored|researched)\b"
    # a reconstruction or a hypothesis to be tested against more evidence ("This reconstruction should be tested
    # against CT scan data"), not a protocol's test ("Normality should be tested with…")
    r"|\b(?:should|could|might|may) (?:also |further |now |therefore )?be (?:further )?tested (?:against|in (?:future|"
    r"larger|further|new|other|independent))\b"
    r"|\b(?:search|research|work|efforts?|attention|investigations?) should (?:now |also |therefore |then )?"
    r"(?:focus|concentrate|be (?:focused|directed))\b"
    # "required to" also says what a rule obliges people to do ("soldiers are required to accept…")
    r"|\b(?:is|are|remains?) required to (?:confirm|establish|determine|clarify|assess|evaluate|examine|investigate|"
    r"explore|understand|test|validate|replicate|verify|address|elucidate|identify|answer|quantify|explain)\b"
    # a kind of study between "future" and "studies" ("Future genome sequencing studies may…")
    r"|\bfuture (?:[\w-]+ ){1,3}(?:research|studies|study|trials?|investigations?|work)\b[^.]{0,60}\b(?:should|could|"
    r"would|may|might|will|needs?|needed|required|warranted)\b"
    r"|\b(?:needs?|deserves?|merits?|warrants?|requires?) (?:further|more|additional) "
    r"(?:research|study|investigation|work|studies)\b"
    # one word between ("Further primary studies are required that…"), and further study asked for
    # after its object ("…should be considered further", "…this requires further exploration")
    r"|\b(?:future|further|more|additional) [\w-]+ (?:research|studies|trials|investigations)\b (?:is|are) "
    r"(?:needed|required|warranted)\b"
    r"|\bshould be (?:considered|explored|examined|investigated|studied|researched) further\b"
    # a sentence that asks only for it ("The clinical implications of this deficit require further exploration.")
    r"|^\W*(?:the|this|these|such) [^,;]{0,100}\b(?:requires?|needs?|merits?|warrants?) (?:further|more) "
    r"(?:exploration|examination)\W*$",
    re.I,
)
_SIGNPOST = re.compile(
    r"^\W*(?:table|figure|fig\.?|box|appendix|supplementary (?:table|figure|file))\s*[\dS][\w.]*\s+"
    r"(?:also\s+)?(?:shows?|presents?|gives|lists|summari[sz]es|depicts|illustrates|provides|reports|displays|"
    r"demonstrates|describes|outlines|details|compares|contains|plots)\b"
    r"|\b(?:is|are) (?:shown|presented|given|listed|reported|summari[sz]ed|depicted|illustrated|provided|"
    r"detailed|displayed|included|contained)\b[^.]{0,80}\b(?:in|see) ?(?:table|figure|fig|box|appendix|supplementary|"
    r"additional file)s?\b"
    r"|\bcan be (?:seen|found|gathered|read) (?:in|from) (?:table|figure|fig|box|appendix|supplementary)s?\b"
    r"|\b(?:is|are) (?:reported|described|presented|summari[sz]ed|detailed) below\b"
    r"|^\W*(?:a|an) (?:practical |worked )?example is (?:shown|given|presented) in\b"
    r"|^\W*(?:this|the present|our) (?:short |brief |quick )?(?:overview|post|blog post|article|paper|review|"
    r"chapter|section|guide|piece|note|page|(?:study |trial |review )?protocol) (?:collects|summari[sz]es|describes|"
    r"reviews|explores|examines|presents|covers|outlines|discusses|looks at|explains|introduces|brings together|"
    r"gathers|is organi[sz]ed|details|has (?:detailed|reviewed|described|outlined|presented|discussed|surveyed))\b",
    re.I,
)


#: A sentence that only announces the limitations that follow ("This study has some limitations.",
#: "Despite its strengths, the protocol … has limitations that should be noted.").
_LIMITATIONS_AHEAD = re.compile(
    r"^\W*(?:however,?\s+|despite [^,.]{1,60},\s+|nevertheless,?\s+)?(?:this|the|our|the present|the current)"
    r"(?:\s+[\w-]+){1,6}\s+(?:also\s+)?(?:has|have|had)\s+(?:also\s+)?(?:some|several|a number of|a few|certain|"
    r"the following|two|three|four|five)?\s*(?:\w+\s+)?(?:limitations|weaknesses|shortcomings)(?:\s+that (?:should|must|need to) be "
    r"(?:noted|considered|acknowledged|mentioned|discussed))?\s*[.:]?\s*$"
    r"|^\W*(?:however,?\s+)?there (?:are|were) (?:also\s+)?(?:some|several|a number of|a few|certain|two|three|four|"
    r"five)\s+(?:\w+\s+)?(?:limitations|weaknesses|shortcomings)(?:\s+(?:to|of|in) (?:this|the|our|the present|the current)\s+[\w-]+)?\s*[.:]?\s*$",
    re.I,
)
#: A sentence that points to a table or figure and also states a result is a finding, not a signpost
#: ("Baseline characteristics were balanced and are shown in Table 1", "The decreasing prevalence … is
#: illustrated in Figure 2").
_RESULT_AND_POINTER = re.compile(
    r"\b(?:was|were|is|are|did|had)\b[^.;]{3,}?\band (?:is|are|was|were) (?:shown|presented|given|listed|reported|"
    r"summari[sz]ed|depicted|illustrated|provided|detailed|displayed)\b"
    r"|^\W*(?:the |a |an )?(?:decreasing|increasing|declining|rising|falling|improving|growing|reduced|increased|"
    r"decreased|higher|lower|greater|smaller|larger)\b",
    re.I,
)
_PARENTHESES = re.compile(r"\([^()]*\)")
#: A hypothetical case the reader is asked to suppose, and the definition of the article's own symbols.
_EXAMPLE = re.compile(
    r"^\W*(?:(?:now|first|then|for example|for instance),?\s+)?let(?:\s+us|['’]s)\s+(?:also\s+|now\s+|further\s+)?"
    r"(?:suppose|assume|imagine)\b|^\W*(?:suppose|imagine) (?:that|a|an|you)\b|^\W*as an illustration\b",
    re.I,
)
_DEFINITION = re.compile(
    r"^\W*(?:(?:now|first|second|finally),?\s+)?let(?:\s+us|['’]s)\s+(?:also\s+)?define\b"
    r"|^\W*let\s+\S{1,3}\s+(?:be|denote)\b",
    re.I,
)
#: The sample described (its ages, its size, who took part), which a Results section also reports
#: with amounts ("Ages of participants ranged from 22 to 100 years"): a method, not a measured result.
_SAMPLE_WORDS = re.compile(
    r"\b(?:participants?|respondents?|sample|cohort|enrolled|recruited|follow-up|included (?:studies|papers|trials)|"
    r"time since|composed of|consisted of|comprised|received|attended|exclusion of|lost to|dropped out|withdrew)\b",
    re.I,
)
#: A measured amount a Results section reports: a range, a mean with its spread, a number with a unit
#: of time, length or mass ("ranged from 7.7 to 14.0 years", "mean ± S.D.", "grew 28 mm").
_QUANTITY = re.compile(
    r"\brang(?:ed|ing|es?) (?:from|between) [^.;]{0,20}?\d|±|\bmean\s*(?:[=(\[]|±)|"
    r"\b\d+(?:[.,·]\d+)?\s*(?:years?|yr|months?|weeks?|days?|hours?|mm|cm|km|kg|mg|µg|ml|°C)\b",
    re.I,
)
_BOILERPLATE_FILTER = Prefiltered(_BOILERPLATE)
_FUTURE_FILTER = Prefiltered(_FUTURE)
_SIGNPOST_FILTER = Prefiltered(_SIGNPOST)
_AIM_FILTER = Prefiltered(_AIM)


def is_name_list(text: str) -> bool:
    """A byline or list of people: capitalised words, commas, initials and affiliation marks, no verb;
    with a year it is a citation ("(McGrath, Cumming, Burchard, & Ellerby, 2009)"), not a byline."""
    words = WORD.findall(text)
    if len(words) < 4 or YEAR_PATTERN.search(text):
        return False
    lower = [
        w
        for w in words
        if w[0].islower() and len(w) > 1 and w.lower() not in ("and", "et", "al", "de", "van", "von", "der")
    ]
    return len(lower) <= 1 and (text.count(",") + text.count("&")) >= 2


def opens_back_matter(text: str) -> bool:
    """Whether a paragraph opening with ``text`` is back matter by its run-in label ("Funding: …",
    "ARTICLE INFORMATION Accepted for Publication: …").

    >>> opens_back_matter("Role of the Funder/Sponsor: The funders had no role."), opens_back_matter("Funding rose.")
    (True, False)
    """
    return bool(_BACKMATTER_LABEL.match(text))


#: How the sample was drawn, told in the passive ("755 patients were recruited from 27 practices"):
#: the Results describe the sample with it as the Methods do.
_SAMPLE_DRAWN = re.compile(
    r"\b(?:were|was|been|being)\s+(?:\w+ly\s+)?(?:recruited|enrolled|randomi[sz]ed|selected|included|"
    r"excluded|screened|allocated|assigned|invited|approached|contacted)\b",
    re.I,
)
#: A comparison or a test in such a sentence makes it a result ("…were more likely to be included").
_COMPARED = re.compile(
    r"\bp\s*[<=>≤≥]|\bCI\b|\bOR\b|signific|associat|higher|lower|more likely|less likely|differ|identified", re.I
)
#: What was delivered and kept, reported in the Results: adherence, dropout, sessions, the data to hand
#: ("Dropout rates were low (9%)…", "The mean number of sessions was 4.8", "Data … were available for 83
#: participants"): the sample and the delivery, told with its amounts, a method, unless it compares or
#: tests or says what participants thought of it.
_DELIVERY = re.compile(
    r"\b(?:adheren(?:ce|t)|drop-?outs?|dropped out|attrition|(?:retention|follow-up|response|completion) rates?|"
    r"lost to follow-up|withdrew|sessions?|(?:were|was) available for|provided valid (?:\w+ )?data)\b",
    re.I,
)
_BRACKETS = re.compile(r"\[[^\[\]]{0,80}\]")
_DELIVERY_COMPARED = re.compile(
    r"\bp\s*[<=>≤≥]|\bCI\b|\b(?:OR|RR|HR)\b|(?i:signific|associat|higher|lower|more likely|less likely|differ|"
    r"\bvs\b|versus|compared|\bthan\b|predict|effect|satisf|would|wanted|prefer)"
)
#: The authors' own conclusion, said as such ("We conclude that…", "Based on …, we argue that…").
_WE_CONCLUDE = re.compile(
    r"\bwe (?:therefore |thus |hence |also |further |now |finally )?(?:conclude|argue|contend|infer)d? that\b", re.I
)
#: A purpose, then what the authors did for it ("To test this hypothesis, we blocked…").
_PURPOSE_THEN_DEED = re.compile(
    r"\A\W*(?:\w+, )?(?:in order )?to \w+\b[^.;]{0,200}?, we (?:(?:\w+ly|first|then|also|next|further|again) )?(?:\w+ed|ran|did|made|built|chose|took|"
    r"wrote|sought|set|began|drew|gave|held|kept|led|met|put|read|sent|spent|won)\b",
    re.I,
)
#: A procedure told in the passive past ("For each pair, an average distance was calculated.",
#: "These experiments were conducted in the presence of TBOA…")…
_PROCEDURE_DONE = re.compile(
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:calculated|computed|conducted|performed|carried out|used|applied|fitted|fit|"
    r"estimated|obtained|analy[sz]ed|assessed|evaluated|quantified|imaged|recorded|tested|made|constructed|inferred|"
    r"generated|extracted|collected|run)\b(?:\s+(?:to|using|with|by|for|in|on|at|from|as|separately|again|during)\b|"
    r"\s*[.,;(])",
    re.I,
)
#: …with no number, comparison or result in it, which make it a result.
_RESULT_WORDS = re.compile(
    r"\d|%|\bsignific|\bassociat|\bhigher|\blower|\bincreas|\bdecreas|\bdiffer|\bfound\b|\bshow|\breveal|"
    r"\bconfirm|\bsimilar|\bno\b|\bnot\b|\bonly\b|\bconsistent|\bsuggest",
    re.I,
)
#: …unless it goes on to what came of it ("To mitigate recall bias, we repeated…: 167/1653 …").
_AND_WHAT_CAME = re.compile(r"\d\s*/\s*\d|\d\s*%|\bp\s*[<=>]|\bfound\b|\bshow|\breveal", re.I)


def rule_kind(text: str, *, part: str, paragraph_first: str) -> tuple[str, str] | None:
    """(kind, detail) decided by a rule, or None for the model to decide.

    ``part`` is the section's part (:func:`compute_parts`); ``paragraph_first`` the first sentence
    of the paragraph, where a back-matter label run into the text stands ("Competing interests No…").

    >>> rule_kind("Share this post on social media!", part="body", paragraph_first="")
    ('other', 'furniture')
    >>> rule_kind("The aim of this study was to compare two doses.", part="introduction", paragraph_first="")
    ('other', 'aim')
    >>> rule_kind("Empathy builds trust (Lee, 2001).", part="body", paragraph_first="") is None
    True
    """
    stripped = text.strip()
    hay = Haystack(text)  # stripped is a piece of it
    letters = sum(map(str.isalpha, stripped))
    if part == "backmatter" or _BACKMATTER_LABEL.match(paragraph_first):
        return ("other", "acknowledgement" if CUES["thanks"].search(text) else "furniture")
    if _BOILERPLATE_FILTER.search(text, hay) or (_CALL_TO_ACTION.match(stripped) and len(WORD.findall(text)) < 60):
        return ("other", "furniture")
    if is_name_list(stripped):
        return ("other", "furniture")
    if _OBJECTIVE.match(stripped) or (_OBJECTIVE_ITEM.match(stripped) and len(WORD.findall(stripped)) <= 25):
        return ("other", "objective")
    if _AIM_FILTER.search(stripped, hay):
        return ("other", "aim")
    if _FUTURE_FILTER.search(stripped, hay):
        return ("other", "future")
    if (
        _SIGNPOST_FILTER.search(stripped, hay)
        and len(WORD.findall(stripped)) < 30
        # statistics in the sentence are a result, those naming a measure in parentheses are not
        and not CUES["stats"].search(_PARENTHESES.sub("", stripped))
        and not _RESULT_AND_POINTER.search(stripped)
    ):
        return ("other", "signpost")
    if len(stripped) < 200 and _LIMITATIONS_AHEAD.match(stripped):
        return ("other", "signpost")
    if CUES["question"].search(stripped):
        return ("other", "question")
    if _EXAMPLE.match(stripped):
        return ("other", "example")
    if _DEFINITION.match(stripped):
        return ("other", "definition")
    if letters < 8 or len(WORD.findall(stripped)) < 3:
        return ("other", "fragment")
    if part in ("results", "discussion", "abstract") and _WE_CONCLUDE.search(stripped):
        return ("finding", None)  # "We conclude that at P7, MC calcium transients are evoked by…"
    if part in ("methods", "results", "abstract") and _SAMPLE_DRAWN.search(stripped) and not _COMPARED.search(stripped):
        return ("method", None)  # the sample, drawn: "In total 755 patients were recruited…"
    if (
        part == "results"
        and _DELIVERY.search(stripped)
        and re.search(r"\d", _BRACKETS.sub("", stripped))  # an amount, not a citation's number
        and not _DELIVERY_COMPARED.search(stripped)
    ):
        return ("method", None)  # "The mean number of treatment as usual sessions was 4.8 (median 4)."
    if (
        part in ("methods", "results", "discussion")
        and _PURPOSE_THEN_DEED.match(stripped)
        and not _AND_WHAT_CAME.search(stripped)
    ):
        return ("method", None)  # "To test this hypothesis, we blocked glutamate transporters…"
    if (
        part == "results"
        and _PROCEDURE_DONE.search(stripped)
        and not _RESULT_WORDS.search(stripped)
        and not CUES["we"].search(stripped)
    ):
        return ("method", None)  # "For each pair of syndromes, an average distance was calculated."
    if (
        part == "results"
        and re.match(r"\W*[^\W\d_]", stripped)  # not a table row ("20 band pairs (age = 18.5 years)")
        and len(WORD.findall(stripped)) >= 8
        and _QUANTITY.search(stripped)
        and not CUES["we"].search(stripped)
        and not _SAMPLE_WORDS.search(stripped)
    ):
        # what was measured, reported in the Results: a finding, though told in the passive past of
        # procedure ("Five sharks were recaptured with times at liberty ranging from 7.7 to 14.0 years")
        return ("finding", None)
    return None
