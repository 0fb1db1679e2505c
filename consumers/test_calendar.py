"""The iCalendar feeds, read by a real parser (Python's `icalendar`): every event's instants
equal the API's, for the whole programme, each session, each speaker, each day and each theme."""

from datetime import datetime, timezone

from icalendar import Calendar

from conftest import slug_of

SESSIONS = "{ sessions(first: 100) { nodes { id title startsAt endsAt theme { slug name } day } } }"


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(timezone.utc)


def parse(service, path: str) -> Calendar:
    calendar = Calendar.from_ical(service.text(path))
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    return calendar


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def api_sessions(service) -> list:
    return service.graphql(SESSIONS)["sessions"]["nodes"]


def assert_same_instants(event, session):
    assert str(event["SUMMARY"]) == session["title"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None and end.tzinfo is not None, "instants, not floating times"
    assert start == instant(session["startsAt"]), session["title"]
    assert end == instant(session["endsAt"]), session["title"]


def test_the_programme_calendar_has_every_session_at_the_apis_instants(service):
    calendar = parse(service, "/schedule.ics")
    assert str(calendar["X-WR-CALNAME"]) == "EU-Japan 100 Cities Event on Climate Action"
    sessions = {slug_of(s["id"]): s for s in api_sessions(service)}
    found = events(calendar)
    assert len(found) == len(sessions) == 13
    uids = set()
    for event in found:
        # The URL names the session's entry in the widget, in the calendar's language and
        # zone, the fragment last: .../embed?tz=Europe%2FBrussels&lang=en#<slug>.
        url = str(event["URL"])
        assert url.startswith(service.url + "/embed?tz=Europe%2FBrussels&lang=en#"), url
        session = sessions[url.split("#", 1)[1]]
        assert_same_instants(event, session)
        if session["theme"]:
            assert [str(c) for c in event["CATEGORIES"].cats] == [session["theme"]["name"]]
        uids.add(str(event["UID"]))
        assert event.decoded("DTSTAMP").tzinfo is not None
    assert len(uids) == 13
    panel = next(e for e in found if str(e["SUMMARY"]).startswith("Panel 1"))
    assert panel.decoded("DTSTART") == datetime(2023, 1, 25, 8, 45, tzinfo=timezone.utc)
    description = str(panel["DESCRIPTION"])
    assert "Ivan Ivankovic, Head of Environmental Sustainability, Zagreb (Croatia)" in description


def test_each_session_calendar_holds_that_session(service):
    whole = {str(e["URL"]): str(e["UID"]) for e in events(parse(service, "/schedule.ics"))}
    for session in api_sessions(service):
        found = events(parse(service, f"/sessions/{session['id']}.ics"))
        assert len(found) == 1
        assert_same_instants(found[0], session)
        assert whole[str(found[0]["URL"])] == str(found[0]["UID"]), "the same UID in every feed"


def test_each_speaker_calendar_holds_the_speakers_sessions(service):
    speakers = service.graphql(
        "{ speakers(first: 100) { nodes { id name sessions { title startsAt endsAt } } } }"
    )["speakers"]["nodes"]
    assert len(speakers) == 29
    for speaker in speakers:
        calendar = parse(service, f"/speakers/{speaker['id']}.ics")
        found = events(calendar)
        assert len(found) == len(speaker["sessions"]) >= 1
        for event, session in zip(found, speaker["sessions"]):
            assert_same_instants(event, session)
        assert speaker["name"] in str(calendar["X-WR-CALNAME"])


def test_day_and_theme_calendars_narrow_the_programme(service):
    sessions = api_sessions(service)
    for day in ("2023-01-25", "2023-01-26"):
        found = events(parse(service, f"/schedule.ics?day={day}"))
        expected = [s for s in sessions if s["day"] == day]
        assert len(found) == len(expected)
        for event, session in zip(found, expected):
            assert_same_instants(event, session)
    themes = service.graphql("{ themes { slug } }")["themes"]
    for theme in themes:
        found = events(parse(service, f"/schedule.ics?theme={theme['slug']}"))
        expected = [s for s in sessions if s["theme"] and s["theme"]["slug"] == theme["slug"]]
        assert [str(e["SUMMARY"]) for e in found] == [s["title"] for s in expected]


def test_calendars_name_their_selection_in_their_file_name_and_read_in_japanese(service):
    """What a browser saves: the selection and the version in an ASCII file name; and a
    Japanese calendar parses the same, with the event's Japanese name and the same instants."""
    short = service.graphql("{ dataset { shortVersion } }")["dataset"]["shortVersion"]
    for path, name in [
        ("/schedule.ics?day=2023-01-26", "eu-japan-100-cities-programme-2023-01-26"),
        ("/sessions/day1-panel-1.ics?lang=ja", "eu-japan-100-cities-day1-panel-1-ja"),
    ]:
        status, headers, _ = service.get(path)
        assert status == 200
        disposition = {k.lower(): v for k, v in headers.items()}["content-disposition"]
        assert disposition == f'inline; filename="{name}-{short}.ics"', disposition
        assert disposition.isascii()
    english = events(parse(service, "/schedule.ics?day=2023-01-26"))
    japanese_calendar = parse(service, "/schedule.ics?day=2023-01-26&lang=ja")
    assert str(japanese_calendar["X-WR-CALNAME"]).startswith("気候変動アクションに関する日欧100都市対話")
    japanese = events(japanese_calendar)
    assert [(e.decoded("DTSTART"), str(e["SUMMARY"])) for e in japanese] == [
        (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in english
    ]
    assert all("/embed?tz=Asia%2FTokyo&lang=ja#day2-" in str(e["URL"]) for e in japanese)
