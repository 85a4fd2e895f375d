"""Tests of the snapshot file format and its keys (litmap.snapshot)."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from litmap.snapshot import Snapshot, SnapshotError, snapshot_key


def test_key_of_doi_path_is_lower_cased_and_unencoded():
    assert snapshot_key("crossref", "/works/10.1126/SCIENCE.1089134", {}) == ("crossref /works/10.1126/science.1089134")


def test_key_sorts_params_and_drops_mailto():
    key = snapshot_key(
        "crossref",
        "/works",
        {"rows": "5", "query.bibliographic": "Eisenberger, N. (2003). Does rejection hurt?", "mailto": "a@b.org"},
    )
    assert key == ("crossref /works?query.bibliographic=Eisenberger%2C+N.+%282003%29.+Does+rejection+hurt%3F&rows=5")


def test_key_of_openlibrary_search_keeps_title_case():
    key = snapshot_key("openlibrary", "/search.json", {"title": "Client-Centered Therapy", "limit": "5"})
    assert key == "openlibrary /search.json?limit=5&title=Client-Centered+Therapy"


def test_key_rejects_unknown_service_and_relative_path():
    with pytest.raises(ValueError, match="unknown service"):
        snapshot_key("openalex", "/works", {})
    with pytest.raises(ValueError, match="must start with"):
        snapshot_key("crossref", "works", {})


@given(st.dictionaries(st.text(min_size=1), st.text(), max_size=5))
def test_key_does_not_depend_on_param_order(params):
    reversed_params = dict(reversed(list(params.items())))
    assert snapshot_key("openlibrary", "/search.json", params) == snapshot_key(
        "openlibrary", "/search.json", reversed_params
    )


def test_round_trip_writes_sorted_utf8_indent_1(tmp_path):
    snap = Snapshot(about="Assembled offline.", refresh_command="litmap run X --refresh")
    body = {"status": "ok", "message": {"title": ["Empathy — a review"], "DOI": "10.1/x"}}
    snap.put("crossref", "/works/10.1/X", {}, body)
    snap.put("crossref", "/works/10.1/missing", {}, None)
    path = snap.write(tmp_path / "sub" / "snap.json")

    text = path.read_text(encoding="utf-8")
    assert "Empathy — a review" in text  # ensure_ascii=False
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False) + "\n"

    again = Snapshot.read(path)
    assert again.about == "Assembled offline."
    assert again.refresh_command == "litmap run X --refresh"
    assert again.get("crossref", "/works/10.1/x", {}) == body
    assert again.get("crossref", "/works/10.1/unknown", {}) is None
    assert snapshot_key("crossref", "/works/10.1/missing", {}) in again
    assert snapshot_key("crossref", "/works/10.1/unknown", {}) not in again
    assert len(again) == 2


def test_empty_snapshot_answers_nothing():
    snap = Snapshot()
    assert snap.get("openlibrary", "/search.json", {"title": "x"}) is None
    assert len(snap) == 0 and snap.about == "" and snap.refresh_command == ""


@pytest.mark.parametrize("text", ["{not json", "[]", '{"about": "x"}', '{"responses": {}, "about": 3}'])
def test_read_malformed_file_names_it(tmp_path, text):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SnapshotError, match=r"bad\.json"):
        Snapshot.read(path)
