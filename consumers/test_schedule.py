"""The conference schedule (frab/c3voc): schedule.xml validated by xmllint against the XSD,
schedule.json by check-jsonschema against the JSON schema (both in data/reference/
schedule-format/), and schedule.json loaded by a real consumer, c3voc-schedule-tools, whose own
XML export of it must validate too."""

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import SCHEDULE_FORMAT


def xmllint(path: Path) -> subprocess.CompletedProcess:
    if shutil.which("xmllint") is None:
        pytest.skip("xmllint is not installed (Debian: libxml2-utils); .ci/run installs it")
    return subprocess.run(
        ["xmllint", "--noout", "--schema", str(SCHEDULE_FORMAT / "schedule.xml.xsd"), str(path)],
        capture_output=True,
        text=True,
    )


def test_schedule_xml_validates_against_the_xsd(service, tmp_path):
    path = tmp_path / "schedule.xml"
    path.write_text(service.text("/schedule.xml"), encoding="utf-8")
    result = xmllint(path)
    assert result.returncode == 0, result.stderr
    assert "validates" in result.stderr


def test_schedule_json_validates_against_the_json_schema(service, tmp_path):
    path = tmp_path / "schedule.json"
    path.write_text(service.text("/schedule.json"), encoding="utf-8")
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--schemafile", str(SCHEDULE_FORMAT / "schedule.schema.json"), str(path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_validators_refuse_a_broken_document(service, tmp_path):
    """The two checks above can fail: an event without its guid is refused by both."""
    xml = service.text("/schedule.xml").replace(' guid="', ' guid_removed="', 2)
    path = tmp_path / "broken.xml"
    path.write_text(xml, encoding="utf-8")
    assert xmllint(path).returncode != 0
    json_text = service.text("/schedule.json").replace('"acronym": "eu_japan_100_cities_2023"', '"acronym": "eu-japan-2023"')
    path = tmp_path / "broken.json"
    path.write_text(json_text, encoding="utf-8")
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run(
        [str(checker), "--schemafile", str(SCHEDULE_FORMAT / "schedule.schema.json"), str(path)],
        capture_output=True,
    )
    assert result.returncode != 0


def test_c3voc_schedule_tools_reads_the_schedule_and_exports_valid_xml(service, tmp_path):
    from voc.schedule import Schedule

    path = tmp_path / "schedule.json"
    path.write_text(service.text("/schedule.json"), encoding="utf-8")
    schedule = Schedule.from_file(str(path))
    schedule.print_stats()
    assert schedule.conference("acronym") == "eu_japan_100_cities_2023"
    assert str(schedule.tz()) == "Europe/Brussels"
    assert schedule.rooms() == ["Plenary"]
    events = schedule.foreach_event(lambda event: event)
    sessions = service.graphql("{ sessions(first: 100) { nodes { title startsAt } } }")["sessions"]["nodes"]
    assert [e["title"] for e in events] == [s["title"] for s in sessions]
    for event, session in zip(events, sessions):
        assert event.start == datetime.fromisoformat(session["startsAt"]).astimezone(timezone.utc)
    assert sum(len(e.persons()) for e in events) == 29
    # Its own schedule.xml export of what it read validates against the XSD.
    exported = tmp_path / "exported.xml"
    exported.write_text(schedule.xml(), encoding="utf-8")
    result = xmllint(exported)
    assert result.returncode == 0, result.stderr
