"""Tests for the learned reference parser: tokens, features, the shipped model, training data and training."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from litmap import parse_reference
from litmap.parse.crf_fields import uncertainty_note
from litmap.parse.crf_hints import Aligner, rule_hints
from litmap.parse.crf_model import (
    FEATURES_VERSION,
    LABELS,
    ParserModel,
    ParserModelError,
    lexicon_hash,
    load_parser_model,
    read_lexicons,
    reference_features,
    tokenize_reference,
)
from litmap.parse.crf_train import (
    HINT_DROPOUT,
    OPEN_LICENCES,
    label_by_fields,
    label_by_spans,
    model_metadata,
    normalise_entry,
    read_truth_labels,
    split_of,
    train_model,
    without_hints,
)
from litmap.parse.references import parse_reference_rules

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = [
    json.loads(line)
    for line in (Path(__file__).with_name("data") / "parser-heldout-sample.jsonl").read_text("utf-8").splitlines()
]
FIELDS = ("year", "title", "container", "volume", "issue", "pages", "publisher", "doi")


def _norm(value) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", str(value)).lower())


def _micro(parse, records) -> tuple[float, dict[str, float]]:
    """Micro-F1 over every gold field (authors per person by family name) and F1 per field."""
    counts: dict[str, Counter] = {f: Counter() for f in ("authors", *FIELDS)}
    for record in records:
        gold, got = record["fields"], parse(record["text"])
        if gold.get("authors"):
            want = Counter(_norm(p.get("family") or p.get("literal")) for p in gold["authors"])
            have = Counter(_norm(p.get("family") or p.get("literal")) for p in got["authors"])
            hit = sum((want & have).values())
            counts["authors"].update(tp=hit, fp=sum(have.values()) - hit, fn=sum(want.values()) - hit)
        for field in FIELDS:
            if gold.get(field) is None:
                continue
            if not got[field]:
                counts[field]["fn"] += 1
            elif _norm(got[field]) == _norm(gold[field]) or (
                field == "pages" and _norm(got[field]).startswith(_norm(gold[field]).split("-")[0])
            ):
                counts[field]["tp"] += 1
            else:
                counts[field].update(fp=1, fn=1)

    def f1(c: Counter) -> float:
        return 2 * c["tp"] / (2 * c["tp"] + c["fp"] + c["fn"]) if c["tp"] else 0.0

    return f1(sum(counts.values(), Counter())), {k: f1(c) for k, c in counts.items()}


# --- tokens and features -------------------------------------------------------------------------


def test_tokens_keep_identifiers_whole_and_leave_punctuation_between():
    text = "Smith, J. (2001). 12,000 years. J Med 1(2):3-14. https://doi.org/10.1000/a.b-c. 2006/1881/EC"
    tokens = tokenize_reference(text)
    assert [t.text for t in tokens] == [
        "Smith",
        "J",
        "2001",
        "12,000",
        "years",
        "J",
        "Med",
        "1",
        "2",
        "3-14",
        "https://doi.org/10.1000/a.b-c",
        "2006/1881",
        "EC",
    ]
    assert tokens[10].kind == "url" and all(text[t.start : t.end] == t.text for t in tokens)


def test_features_carry_lexicons_rules_and_neighbours():
    text = "Smith J, et al. (2008, May). A title. In: Proc. Natl. Acad. Sci. ISBN 978-0-19-852663-6"
    tokens = tokenize_reference(text)
    features = dict(zip([t.text for t in tokens], reference_features(text, tokens)))
    assert "pyear" in features["2008"] and "year" in features["2008"]
    assert "lex=month" in features["May"] and "lex=etal" in features["et"]
    assert "lex=in" in features["In"] and "lex=journal" in features["Natl"]
    assert "isbn" in features["978-0-19-852663-6"]
    assert "-1w=smith" in features["J"] and "+1w=al" in features["et"]
    assert reference_features(text) == reference_features(text, tokens)  # deterministic


def test_features_carry_where_the_rules_put_each_word():
    text = "Swami V (2011) Love at first sight? In The Wiley-Blackwell Handbook. Oxford: Wiley-Blackwell. 747-772."
    tokens = tokenize_reference(text)
    hints = dict(zip([t.text for t in tokens], rule_hints(text, tokens)))
    assert hints["Love"] == hints["sight"] == "title" and hints["In"] is None
    assert hints["Handbook"] == "container" and hints["Swami"] is None and hints["747-772"] is None
    features = dict(zip([t.text for t in tokens], reference_features(text, tokens)))
    assert "r=title" in features["sight"] and "+1r=None" in features["sight"] and "-1r=None" in features["Love"]
    bare = reference_features(text, tokens, [None] * len(tokens))  # as the strings shown without hints
    assert all("r=None" in item for item in bare) and not any("r=title" in item for item in bare)


def test_a_value_the_rules_cannot_find_in_the_entry_gives_no_hint():
    tokens = tokenize_reference("Smith J. A title. Nature 1:2.")
    aligner = Aligner(tokens)
    assert aligner.find("A title", [True] * len(tokens)) == range(2, 4)
    assert aligner.find("A titl", [True] * len(tokens)) is None  # only whole words
    assert aligner.find("A title", [True, True, False, True, True, True, True]) is None  # taken already
    assert rule_hints("", []) == []


def test_one_training_string_in_four_is_also_given_without_hints():
    shown_twice = sum(without_hints(f"Author {i}. Title number {i}. Journal {i}:1-2.") for i in range(3000))
    assert shown_twice / 3000 == pytest.approx(1 / HINT_DROPOUT, abs=0.03)


def test_lexicons_are_lower_case_word_sets():
    lexicons = read_lexicons()
    assert {"month", "particle", "etal", "in", "editor", "journal", "publisher", "place"} <= set(lexicons)
    assert all(word == word.lower() and " " not in word for words in lexicons.values() for word in words)
    assert "van" in lexicons["particle"] and "press" in lexicons["publisher"] and "phys" in lexicons["journal"]


# --- the shipped model ---------------------------------------------------------------------------


def test_shipped_model_loads_with_its_metadata():
    model = load_parser_model()
    meta = model.metadata
    assert meta["features_version"] == FEATURES_VERSION and meta["lexicon_sha256"] == lexicon_hash()
    assert "heldout" not in meta["splits"]
    data = ROOT / "src" / "litmap" / "data" / "reference-parser.crfsuite"
    import hashlib

    assert hashlib.sha256(data.read_bytes()).hexdigest() == meta["model_sha256"]
    assert 0 < model.threshold < 1
    assert set(model._tagger.labels()) <= set(LABELS)


def test_the_test_sample_is_held_out():
    """Every sample string falls in the held-out split, so the scores below are on unseen strings."""
    assert len(SAMPLE) == 150
    assert {split_of(normalise_entry(r["text"])) for r in SAMPLE} == {"heldout"}
    assert {r["source"] for r in SAMPLE} == {"anystyle-gold", "grobid-citation", "corpus", "corpus-pdf"}


def test_shipped_model_scores_above_a_floor_on_held_out_strings():
    micro, per_field = _micro(parse_reference, SAMPLE)
    assert micro >= 0.93, per_field
    assert per_field["title"] >= 0.85 and per_field["container"] >= 0.85, per_field
    assert per_field["authors"] >= 0.93 and per_field["year"] >= 0.97, per_field


def test_shipped_model_beats_the_rules_on_held_out_strings():
    new, _ = _micro(parse_reference, SAMPLE)
    rules, _ = _micro(parse_reference_rules, SAMPLE)
    # The rules were later tuned on the real-article corpus (issue #9), some of whose entries are in
    # this sample, so the margin is small; the learned parser must still be ahead.
    assert new > rules
    real, _ = _micro(parse_reference, [r for r in SAMPLE if r["source"].startswith("corpus")])
    assert real >= 0.95


def test_confident_entries_carry_no_note_and_doubtful_ones_say_what_to_check():
    sure = parse_reference(
        "Decety, J., & Meyer, M. (2008). From emotion resonance to empathic understanding: A social "
        "developmental neuroscience account. Development and Psychopathology, 20(4), 1053–1080."
    )
    assert sure["parse_confidence"] >= load_parser_model().threshold and sure["parse_note"] is None
    doubtful = parse_reference("The, the, the, the 77 (8) 9-10 page book Press Oxford Journal 1999")
    assert doubtful["parse_confidence"] < load_parser_model().threshold
    assert doubtful["parse_note"].startswith("uncertain parse (confidence 0.")


def test_uncertainty_note_names_the_weakest_fields_first():
    text = "Smith J. A title. Journal 3"
    tokens = tuple(tokenize_reference(text))
    from litmap.parse.crf_model import LabelledReference

    labels = ("author", "author", "title", "title", "container", "volume")
    labelled = LabelledReference(text, tokens, labels, 0.2, (0.99, 0.99, 0.7, 0.8, 0.4, 0.95))
    assert uncertainty_note(labelled, 0.5) == "uncertain parse (confidence 0.20): check container, title"
    assert uncertainty_note(labelled, 0.1) is None


def test_parsing_from_threads_gives_the_same_fields():
    texts = [r["text"] for r in SAMPLE[:40]]
    expected = [parse_reference(t) for t in texts]
    results: dict[int, list] = {}

    def work(k: int) -> None:
        results[k] = [parse_reference(t) for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(results[k] == expected for k in range(4))


def test_a_model_built_for_other_word_lists_is_refused(tmp_path):
    model = (ROOT / "src" / "litmap" / "data" / "reference-parser.crfsuite").read_bytes()
    meta = dict(load_parser_model().metadata, lexicon_sha256="0" * 64)
    with pytest.raises(ParserModelError, match="make parser-model"):
        ParserModel(model, meta)
    with pytest.raises(ParserModelError, match="cannot read"):
        load_parser_model(tmp_path / "missing.crfsuite")


@pytest.mark.slow
def test_importing_litmap_does_not_load_the_crf():
    code = "import sys, litmap; print('pycrfsuite' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


# --- training data -------------------------------------------------------------------------------


def test_fields_become_token_labels_by_alignment():
    entry = {
        "printed": "12. Bishop SDH, Francis MP, et al.: Age and growth of mako sharks. Mar Freshwater Res. "
        "2006; 57(2): 143–154. doi:10.1071/MF05068",
        "authors": [{"family": "Bishop", "given": "SDH"}, {"family": "Francis", "given": "MP"}],
        "year": 2006,
        "title": "Age and growth of mako sharks",
        "container": "Mar Freshwater Res",
        "volume": "57",
        "issue": "2",
        "pages": "143-154",
        "doi": "10.1071/MF05068",
    }
    item = label_by_fields(entry, source="corpus", id="x#1")
    labelled = dict(zip([t.text for t in item.tokens], item.labels))
    assert item.text.startswith("Bishop")  # the numbering is not part of the entry
    assert [labelled[w] for w in ("Bishop", "SDH", "et", "al")] == ["author"] * 4
    assert [labelled[w] for w in ("Age", "sharks", "Mar", "Res", "2006", "57", "2", "143-154")] == [
        "title",
        "title",
        "container",
        "container",
        "year",
        "volume",
        "issue",
        "pages",
    ]
    assert labelled["10.1071/MF05068"] == "doi" and labelled["doi"] == "other"
    assert item.fields["title"] == "Age and growth of mako sharks"


def test_gold_spans_become_token_labels():
    record = {
        "id": "g1",
        "source": "anystyle-gold",
        "text": "Py, J. (1991). Normativité et clairvoyance. In J. Beauvois (Eds.), Perspectives, 3 (pp. 167-193). "
        "Cousset : DelVal.",
        "fields": {"year": 1991, "pages": "167-193", "volume": "3"},
        "labels": {
            "author": ["Py, J."],
            "date": ["(1991)."],
            "title": ["Normativité et clairvoyance."],
            "editor": ["In J. Beauvois (Eds.),"],
            "container-title": ["Perspectives,"],
            "volume": ["3"],
            "pages": ["(pp. 167-193)."],
            "location": ["Cousset :"],
            "publisher": ["DelVal."],
        },
    }
    item = label_by_spans(record)
    labelled = list(zip([t.text for t in item.tokens], item.labels))
    assert labelled[:5] == [
        ("Py", "author"),
        ("J", "author"),
        ("1991", "year"),
        ("Normativité", "title"),
        ("et", "title"),
    ]
    assert ("In", "other") in labelled and ("Eds", "other") in labelled and ("Beauvois", "editor") in labelled
    assert ("pp", "other") in labelled and ("167-193", "pages") in labelled
    assert ("Cousset", "place") in labelled and ("DelVal", "publisher") in labelled


def test_only_open_licences_train_the_shipped_model(tmp_path):
    assert OPEN_LICENCES.match("CC BY 4.0") and OPEN_LICENCES.match("CC0 1.0")
    assert OPEN_LICENCES.match("CC BY (Creative Commons Attribution License; version not stated in the XML)")
    assert not OPEN_LICENCES.match("CC BY-NC-SA 4.0") and not OPEN_LICENCES.match("All rights reserved")
    entry = {"n": 1, "printed": "Smith J. A title. Nature 1:2.", "title": "A title", "container": "Nature"}
    for name, licence in (("open", "CC BY 4.0"), ("closed", "CC BY-NC-SA 4.0")):
        (tmp_path / name).mkdir()
        truth = {"id": name, "licence": licence, "references": [entry]}
        (tmp_path / name / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    assert [item.id for item in read_truth_labels(tmp_path, source="corpus")] == ["open#1"]


def test_split_is_fixed_by_the_string_and_roughly_70_15_15():
    splits = Counter(split_of(f"Author {i}. Title number {i}. Journal {i}:1-2.") for i in range(3000))
    assert splits["train"] / 3000 == pytest.approx(0.70, abs=0.03)
    assert splits["dev"] / 3000 == pytest.approx(0.15, abs=0.03)
    assert splits["heldout"] / 3000 == pytest.approx(0.15, abs=0.03)
    assert split_of("A  b.\n c") == split_of("A b. c")


@pytest.mark.slow
def test_training_is_deterministic_and_the_result_loads(tmp_path):
    strings = [label_by_fields(_entry(r), source="corpus", id=r["id"]) for r in SAMPLE if r["fields"].get("title")]
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    train_model(strings[:60], first, {"max_iterations": 30})
    train_model(strings[:60], second, {"max_iterations": 30})
    assert first.read_bytes() == second.read_bytes()
    meta = model_metadata(strings[:60], first.read_bytes(), 0.5)
    first.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    model = load_parser_model(first)
    parsed = parse_reference("Smith J. A study of things. Nature 2001;3:1-9.", model=model)
    assert parsed["parse_confidence"] > 0 and set(parsed) >= {"title", "container"}


def _entry(record: dict) -> dict:
    return {"printed": record["text"], **record["fields"]}


@pytest.mark.slow
def test_train_tool_says_clearly_when_the_data_are_missing(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "train_parser.py"),
            "--shared",
            str(tmp_path),
            "--out",
            str(tmp_path / "m"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "training data not found" in done.stderr and "--shared" in done.stderr
    assert not (tmp_path / "m").exists()


@pytest.mark.slow
def test_an_overlong_entry_is_parsed_in_part_and_says_so():
    entry = "Smith J. A title. Nature 2001;3:1-9. " + "x " * 6000
    parsed = parse_reference(entry)
    assert parsed["parse_note"] == "only the first 10,000 of 12,036 characters parsed (not one entry?)"
    assert parsed["is_parsed"] and parsed["year"] == 2001


# Real works, written as reference lists write them: other languages, a preprint, an organisation,
# a chapter in an edited book, and a Vancouver entry whose punctuation was lost.
MESSY = [
    (
        "Bourdieu, P. (1979). La distinction : critique sociale du jugement. Paris : Éditions de Minuit.",
        {"year": 1979, "title": "La distinction : critique sociale du jugement", "publisher": "Éditions de Minuit"},
    ),
    (
        "Habermas, J. (1981). Theorie des kommunikativen Handelns. Frankfurt am Main: Suhrkamp.",
        {"year": 1981, "title": "Theorie des kommunikativen Handelns", "publisher": "Suhrkamp", "kind": "book"},
    ),
    (
        "Ortega y Gasset, J. (1930). La rebelión de las masas. Madrid: Revista de Occidente.",
        {"year": 1930, "title": "La rebelión de las masas", "publisher": "Revista de Occidente"},
    ),
    ("Freire, P. (1987). Pedagogia do oprimido (17th ed.). Rio de Janeiro: Paz e Terra.", {"year": 1987}),
    (
        "Galan I, Velasco M, Casas ML, Goyanes MJ, Rodriguez-Caravaca G, Losa JE. 2020. SARS-CoV-2 seroprevalence "
        "among all workers in a teaching hospital in Spain: unmasking the risk. medRxiv. "
        "DOI: https://doi.org/10.1101/2020.05.29.20116731",
        {"year": 2020, "container": "medRxiv", "doi": "10.1101/2020.05.29.20116731", "url": None},
    ),
    (
        "Elliott, R., Bohart, A. C., Watson, J. C., & Greenberg, L. S. (2011). Empathy. In J. C. Norcross (Ed.), "
        "Psychotherapy relationships that work (2nd ed., pp. 132–152). Oxford University Press.",
        {
            "title": "Empathy",
            "container": "Psychotherapy relationships that work",
            "publisher": "Oxford University Press",
            "pages": "132-152",
            "kind": "chapter",
        },
    ),
    (
        "Singer T, Seymour B, O'Doherty J, et al. Empathy for pain involves the affective but not sensory "
        "components of pain. Science 2004 303 1157-62",
        {"year": 2004, "container": "Science", "volume": "303", "pages": "1157-1162", "style": "vancouver"},
    ),
]


@pytest.mark.parametrize(("text", "expected"), MESSY, ids=[t[:24] for t, _ in MESSY])
def test_entries_in_other_languages_and_styles(text, expected):
    parsed = parse_reference(text)
    assert {key: parsed[key] for key in expected} == expected
    assert parsed["is_parsed"] and text.startswith(parsed["authors"][0]["family"])


def test_an_organisation_as_author_and_publisher():
    parsed = parse_reference(
        "World Health Organization. (2017). Depression and other common mental disorders: Global health "
        "estimates. World Health Organization."
    )
    assert parsed["authors"] == [{"literal": "World Health Organization"}]
    assert (parsed["publisher"], parsed["kind"]) == ("World Health Organization", "book")


@pytest.mark.parametrize(
    ("text", "title", "last"),
    [
        (
            "Liu W, Anguelov D, Erhan D, Szegedy C, Reed S, Fu CY, Berg AC. SSD: Single shot multibox detector. "
            "In: Computer Vision - ECCV 2016. Springer; 2016. p. 21-37.",
            "SSD: Single shot multibox detector",
            {"family": "Berg", "given": "AC"},
        ),
        (
            "Devlin J, Chang MW, Lee K, Toutanova K. BERT: Pre-training of deep bidirectional transformers for "
            "language understanding. In: Proceedings of NAACL-HLT; 2019. p. 4171-4186.",
            "BERT: Pre-training of deep bidirectional transformers for language understanding",
            {"family": "Toutanova", "given": "K"},
        ),
    ],
)
def test_a_title_opening_with_a_name_before_its_colon_keeps_it(text, title, last):
    # Vancouver: "Berg AC. SSD: …" — the model once read "SSD" as one more author and cut the title
    parsed = parse_reference(text)
    assert parsed["title"] == title
    assert parsed["authors"][-1] == last
