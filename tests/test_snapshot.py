"""Snapshots are saved records: written sorted and readable, malformed files named, the first form still read."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litmap.errors import SnapshotError
from litmap.schemas import RECORDS
from litmap.verify.records import make_record, record_body
from litmap.verify.snapshot import FORMAT, Snapshot, read_snapshot, write_snapshot


def sample_records():
    return RECORDS.from_records(
        [
            make_record("openlibrary", "book", "author=Siegel&title=The+mindful+therapist", "ok", body={"docs": []}),
            make_record("crossref", "work", "10.1/gone", "not_found", now=True),
            make_record("crossref", "work", "10.1/bad", "failed", error="HTTP 500"),
            make_record("crossref", "search", "Müller 2001 Über Empathie", "ok", body={"message": {"items": []}}),
        ]
    )


def test_round_trip_keeps_answers_sorted_in_utf8_and_drops_failures(tmp_path):
    path = write_snapshot(
        sample_records(), tmp_path / "snap.json", about="demo", refresh_command="litmap run X --refresh"
    )
    text = path.read_text(encoding="utf-8")
    assert "Über Empathie" in text  # not \u-escaped: diffs stay readable
    data = json.loads(text)
    assert data["format"] == FORMAT and data["about"] == "demo"
    assert [(r["service"], r["kind"], r["key"]) for r in data["records"]] == [
        ("crossref", "search", "Müller 2001 Über Empathie"),
        ("crossref", "work", "10.1/gone"),
        ("openlibrary", "book", "author=Siegel&title=The+mindful+therapist"),
    ]
    assert "body" not in data["records"][1]  # a not_found has no body
    again = read_snapshot(path)
    assert isinstance(again, Snapshot) and again.about == "demo" and len(again) == 3
    assert set(again.records["status"]) == {"ok", "not_found"}
    row = again.records[again.records["kind"] == "search"].iloc[0]
    assert record_body(row) == {"message": {"items": []}}
    assert again.records.loc[again.records["kind"] == "work", "fetched_at"].notna().all()


def test_the_first_form_is_still_read(tmp_path):
    old = {
        "about": "old",
        "refresh_command": "",
        "responses": {
            "crossref /works/10.1126/science.1089134": {"status": "ok", "message": {"DOI": "10.1126/science.1089134"}},
            "crossref /works/10.9999/absent": None,
            "crossref /works?query.bibliographic=Eisenberger+2003&rows=5": {"status": "ok", "message": {"items": []}},
            "openlibrary /search.json?author=Siegel&limit=5&title=The+mindful+therapist": {"docs": []},
        },
    }
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    snap = read_snapshot(path)
    got = sorted(zip(snap.records["service"], snap.records["kind"], snap.records["key"], snap.records["status"]))
    assert got == [
        ("crossref", "search", "Eisenberger 2003", "ok"),
        ("crossref", "work", "10.1126/science.1089134", "ok"),
        ("crossref", "work", "10.9999/absent", "not_found"),
        ("openlibrary", "book", "author=Siegel&title=The+mindful+therapist", "ok"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "JSON object"),
        ('{"about": "x"}', "records"),
        ('{"records": [{"service": "crossref"}]}', "service, kind and key"),
        (
            '{"records": [{"service": "crossref", "kind": "work", "key": "10.1/x", "status": "failed"}]}',
            "ok or not_found",
        ),
        ('{"records": [{"service": "crossref", "kind": "work", "key": "10.1/x", "status": "ok"}]}', "JSON object body"),
        ('{"responses": {"crossref /journals/1234": {}}}', "cannot tell"),
        ('{"records": [], "about": 3}', "must be a string"),
    ],
)
def test_malformed_file_is_named(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SnapshotError, match=message) as info:
        read_snapshot(path)
    assert str(path) in str(info.value)


def test_missing_file_is_named(tmp_path):
    with pytest.raises(SnapshotError, match="no such snapshot file"):
        read_snapshot(tmp_path / "nope.json")


# Names in a body without control characters: litmap removes those where answers enter (verify/answers.py).
_NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)


@pytest.mark.slow
@settings(deadline=None)  # the first example pays for imports; the machine is shared
@given(st.text(min_size=1, max_size=40), st.dictionaries(_NAMES, st.integers(), max_size=3))
def test_any_key_and_body_survive_a_round_trip(tmp_path_factory, key, body):
    path = tmp_path_factory.mktemp("snap") / "s.json"
    write_snapshot(RECORDS.from_records([make_record("crossref", "search", key, "ok", body=body)]), path)
    row = read_snapshot(path).records.iloc[0]
    assert row["key"] == key and record_body(row) == body
