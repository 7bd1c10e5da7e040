"""Exports and suggested links: like spans, --status accepted leaves suggested and rejected links out (without a
"left out" warning), --status all keeps them with their status; a jsonl round trip keeps the status."""

import json

import pytest

from annotator.core.models import NewDocument
from annotator.io.export import export
from annotator.io.importer import import_paths


@pytest.fixture
def linked(project):
    a, b = project.add_documents([NewDocument("Alpha beta gamma delta.", title="A"),
                                  NewDocument("Epsilon zeta eta theta.", title="B")]).added
    s = [project.add_span(a, 0, 5, "CLAIM").ids("span").pop(), project.add_span(a, 6, 10, "CLAIM").ids("span").pop(),
         project.add_span(a, 11, 16, "QUOTE").ids("span").pop()]
    ids = {
        "accepted": project.add_link(s[0], s[1], "paraphrases").ids("link").pop(),
        "suggested": project.add_link(s[1], s[2], "quotes", status="suggested", score=0.8, origin="align")
        .ids("link").pop(),
        "rejected": project.add_link(s[0], s[2], "distorts", status="rejected").ids("link").pop(),
    }
    return project, ids


def _links(path):
    sidecar = path.with_name(path.stem + ".links.jsonl")
    return [json.loads(l) for l in sidecar.read_text(encoding="utf-8").splitlines()]


def test_accepted_export_keeps_accepted_links_only(linked, tmp_path):
    project, ids = linked
    out = tmp_path / "x.jsonl"
    report = export(project, "jsonl", out)
    assert [l["id"] for l in _links(out)] == [ids["accepted"]]
    assert "status" not in _links(out)[0]
    assert not any("left out" in w for w in report.warnings)
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert [r["id"] for r in record["relations"]] == [ids["accepted"]]
    w3c = json.loads(export(project, "w3c", tmp_path / "x.jsonld").files[0].read_text(encoding="utf-8"))
    linking = [i for i in w3c["first"]["items"] if i["motivation"] == "linking"]
    assert [i["id"] for i in linking] == [f"urn:annotator:link:{ids['accepted']}"]


def test_all_export_carries_link_status_and_round_trips(linked, tmp_path):
    project, ids = linked
    out = tmp_path / "all.jsonl"
    export(project, "jsonl", out, status="all")
    got = {l["id"]: (l["status"], l["score"], l["origin"]) for l in _links(out)}
    assert got == {ids["accepted"]: ("accepted", None, "manual"), ids["suggested"]: ("suggested", 0.8, "align"),
                   ids["rejected"]: ("rejected", None, "manual")}
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert sorted(r["status"] for r in record["relations"]) == ["accepted", "rejected", "suggested"]
    w3c = json.loads(export(project, "w3c", tmp_path / "all.jsonld", status="all").files[0].read_text("utf-8"))
    bodies = {i["id"]: [b["value"] for b in i["body"] if b["purpose"] == "assessing"]
              for i in w3c["first"]["items"] if i["motivation"] == "linking"}
    assert bodies[f"urn:annotator:link:{ids['suggested']}"] == ["suggested"]
    from annotator.store import create_project

    again = create_project(tmp_path / "again.annotator")
    try:
        import_paths(again, [str(out)])
        assert sorted((l.type, l.status) for l in again.links()) == [
            ("distorts", "rejected"), ("paraphrases", "accepted"), ("quotes", "suggested")]
    finally:
        again.close()
