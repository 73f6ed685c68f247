"""meeting.toml: every fault reported with file, line and field; round trips keep the meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkrdesk.core.errors import ManifestError, Severity
from kkrdesk.core.meeting import AgendaItem, Bilag, FileKind, ItemType, Meeting
from kkrdesk.core.meeting.manifest import dump_manifest, parse_manifest, read_manifest_bytes
from tests.factories import small_meeting

GOOD = """format = 1

[meeting]
kkr = "KKR Sjælland"
date = 2025-02-27
start = 10:00:00

[[items]]
number = "2.2"
type = "Temadrøftelse"
title = "Rammer"

[[items.bilag]]
title = "Opsamling"
file = "bilag/a.pdf"
kind = "pdf"
pages = 8
"""


def problems_of(text: str):
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, file="m/meeting.toml")
    return caught.value.problems


def test_good_manifest_reads():
    meeting, problems = parse_manifest(GOOD)
    assert problems == []
    assert meeting.kkr == "KKR Sjælland"
    assert meeting.start == dt.time(10, 0)
    item = meeting.items[0]
    assert (item.number, item.type, item.title) == ("2.2", ItemType.TEMADROEFTELSE, "Rammer")
    assert item.bilag[0].pages == 8 and item.bilag[0].printed is True


def test_every_fault_is_reported_at_once_with_line_and_field():
    text = GOOD.replace('title = "Rammer"', 'titel = "Rammer"').replace("pages = 8", 'pages = "otte"')
    text = text.replace('kind = "pdf"', 'kind = "pdf"\ncolour = "blue"')
    problems = problems_of(text)
    by_code = {(p.code, p.field): p for p in problems}
    unknown = by_code[("unknown-key", "items[2.2].titel")]
    assert unknown.line == 11 and 'Mente du "title"' in unknown.hint
    assert ("unknown-key", "items[2.2].bilag[1].colour") in by_code
    pages = by_code[("wrong-type", "items[2.2].bilag[1].pages")]
    assert pages.line == 18
    assert all(p.file == "m/meeting.toml" for p in problems)


@pytest.mark.parametrize("change, code, field", [
    (('kkr = "KKR Sjælland"\n', ""), "missing-key", "meeting.kkr"),
    (("date = 2025-02-27", 'date = "27-02-2025"'), "wrong-type", "meeting.date"),
    (('number = "2.2"', "number = 2.2"), "wrong-type", "items[#1].number"),
    (('type = "Temadrøftelse"', 'type = "Temadroftelse"'), "unknown-type", "items[2.2].type"),
    (('file = "bilag/a.pdf"\n', ""), "missing-key", "items[2.2].bilag[1].file"),
    (("format = 1", "format = 2"), "format-too-new", "format"),
    (("format = 1", ""), "missing-key", "format"),
    (('kind = "pdf"', 'kind = "pdf"\nsha256 = "xyz"'), "wrong-type", "items[2.2].bilag[1].sha256"),
    (("start = 10:00:00", 'start = "25:00"'), "wrong-type", "meeting.start"),
])
def test_single_faults(change, code, field):
    problems = problems_of(GOOD.replace(*change))
    assert any(p.code == code and p.field == field and p.severity is Severity.ERROR
               and p.message and p.hint for p in problems), problems


def test_syntax_error_names_the_line():
    problems = problems_of(GOOD.replace('title = "Rammer"', 'title = "Rammer'))
    assert problems[0].code == "toml-syntax" and problems[0].line == 11


def test_unknown_kkr_is_only_a_warning():
    meeting, problems = parse_manifest(GOOD.replace("KKR Sjælland", "KKR Sjaelland"))
    assert meeting.kkr == "KKR Sjaelland"
    assert [p.code for p in problems] == ["unknown-kkr"]
    assert 'Mente du "KKR Sjælland"' in problems[0].hint


def test_non_utf8_and_oversized_manifests_are_refused_with_a_message():
    with pytest.raises(ManifestError) as caught:
        read_manifest_bytes(GOOD.replace("Sjælland", "Sj\udce6lland").encode("utf-8", "surrogateescape"))
    assert caught.value.problems[0].code == "not-utf8"
    assert caught.value.problems[0].line == 4
    with pytest.raises(ManifestError) as caught:
        read_manifest_bytes(b"#" * (50 * 1024 * 1024))
    assert caught.value.problems[0].code == "manifest-too-large"
    assert caught.value.problems[0].message.endswith("en mødefil er højst 5,0 MB.")   # not "5 MB,"


def test_data_files_are_not_printed_by_default():
    meeting, _ = parse_manifest(GOOD.replace('kind = "pdf"', 'kind = "xlsx"'))
    assert meeting.items[0].bilag[0].printed is False


def test_dump_is_stable_and_leaves_out_defaults():
    text = dump_manifest(small_meeting())
    assert text == dump_manifest(parse_manifest(text)[0])
    assert "closed" not in text and "case_id" not in text
    assert 'number = "2.2"' in text


# --------------------------------------------------------------------------- property test

texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=80)
numbers = st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2}){0,2}[a-c]?", fullmatch=True)
bilag_strategy = st.builds(
    Bilag, title=texts, file=st.from_regex(r"bilag/[a-zæøå0-9_-]{1,20}\.(pdf|docx|xlsx)", fullmatch=True),
    kind=st.sampled_from(FileKind), pages=st.none() | st.integers(0, 5000),
    sha256=st.none() | st.from_regex(r"[0-9a-f]{64}", fullmatch=True), closed=st.booleans(),
    printed=st.booleans())
item_strategy = st.builds(
    AgendaItem, number=numbers, title=texts, type=st.none() | st.sampled_from(ItemType), case_id=texts,
    closed=st.booleans(), resume=texts, indstilling=texts, sagsfremstilling=texts,
    bilag=st.lists(bilag_strategy, max_size=3))
meeting_strategy = st.builds(
    Meeting, kkr=st.sampled_from(["KKR Sjælland", "KKR Nordjylland"]),
    date=st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), title=texts,
    start=st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    place=texts, case_id=texts, items=st.lists(item_strategy, max_size=4))


def with_lf(meeting: Meeting) -> Meeting:
    """The meeting as it reads back: line breaks in texts become "\n"."""
    copy = meeting.copy()
    fix = lambda text: text.replace("\r\n", "\n").replace("\r", "\n")  # noqa: E731
    for obj, names in ([(copy, ("kkr", "title", "place", "case_id"))]
                       + [(i, ("number", "title", "case_id", "resume", "indstilling", "sagsfremstilling"))
                          for i in copy.items]
                       + [(b, ("title", "file")) for i in copy.items for b in i.bilag]):
        for name in names:
            setattr(obj, name, fix(getattr(obj, name)))
    return copy


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(meeting_strategy)
def test_dump_then_parse_gives_back_the_same_meeting(meeting):
    parsed, problems = parse_manifest(dump_manifest(meeting))
    assert parsed == with_lf(meeting)
    assert all(p.severity is not Severity.ERROR for p in problems)


def test_windows_line_breaks_read_back_as_plain_line_breaks():
    meeting = small_meeting()
    meeting.items[0].sagsfremstilling = "Første afsnit.\r\n\r\nAndet afsnit.\r"
    parsed, _ = parse_manifest(dump_manifest(meeting))
    assert parsed.items[0].sagsfremstilling == "Første afsnit.\n\nAndet afsnit.\n"
