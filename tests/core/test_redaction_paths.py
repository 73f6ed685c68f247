"""The redaction of log lines and fejlrapporter: real paths go, numbers, dates, fractions and words with a slash stay."""

from __future__ import annotations

import pytest

from kkrdesk.core.redaction import redacted, scrubbed

HITS = [
    ("reading /home/anne/Fortroligt/løn.xlsx failed", "reading <sti> failed"),
    ("kunne ikke gemme /srv/kkr/Møder 2025/Ærø og Læsø/referat.docx.", "kunne ikke gemme <sti>."),
    ("opened ~/Dokumenter/KKR Sjælland/møde.kkrpack (v2)", "opened <sti> (v2)"),
    (r"C:\Users\Anne Hansen\Documents\møde.kkr er låst", "<sti> er låst"),
    ("C:/Users/søren/Skrivebord/bilag.pdf: no such file", "<sti>: no such file"),
    (r"share \\fil01\Fælles\KKR\møde.kkr is offline", "share <sti> is offline"),
    (r"..\Fælles\KKR\møde.kkr er flyttet", "<sti> er flyttet"),
    ("../Fælles/KKR/møde.kkr er flyttet", "<sti> er flyttet"),
    ("./bilag/notat.docx", "<sti>"),
    ("missing Bilag/2.7/kontrakt.pdf in the pack", "missing <sti> in the pack"),
    ("bilag/Økonomiaftale_2025.pdf mangler", "<sti> mangler"),
    ("kkr/sjælland/2025/februar", "<sti>"),
    (r"Fælles\KKR", "<sti>"),
    ("fetching https://kl.dk/kkr/møder?id=3 now", "fetching <url> now"),
    ("file:///home/anne/x.pdf", "<url>"),
    ("scheme-less www.kl.dk/kkr/dagsorden.pdf", "scheme-less <sti>"),
    ("in /usr/lib/python3.11/zipfile.py, line 3", "in <sti>, line 3"),
    ("cannot read [/tmp/ø.png]", "cannot read [<sti>]"),
]

KEPT = [
    "side 1/1 er læst",
    "mødet 27/02/2025 kl. 10.00 og 27/2",
    "2.7/3 og 50/50, 2024/25, 1/1-2025, 10–12/3",
    "og/eller, KKR/KL, ja/nej, input/output",
    "kr./md. og 1.200 kr./år",
    "application/pdf and application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "kl.dk/kkr",                                           # scheme-less, two parts, no file: kept
    "<b>fed</b> 1 / 2",
    "version 3.11.7, 6.0/6.1",
    "zipfile.BadZipFile: File is not a zip file",
    "løn.xlsx",                                            # a name without a folder is no path
    "a / b",
]


@pytest.mark.parametrize(("line", "expected"), HITS)
def test_paths_are_redacted(line, expected):
    assert redacted(line) == expected


@pytest.mark.parametrize("line", KEPT)
def test_numbers_dates_fractions_and_slashed_words_are_kept(line):
    assert redacted(line) == line


def test_an_exception_message_loses_its_relative_path_and_keeps_its_page_count():
    message = "page 1/1 of Bilag/2.7/kontrakt.pdf is damaged; see ..\\Fælles\\KKR\\møde.kkr"
    assert scrubbed(message) == "page 1/1 of <sti> is damaged; see <sti>"


def test_odd_long_runs_are_redacted_whole_without_leaving_any_of_the_path():
    line = "/" + "/".join(["Fælles drev"] * 2_000) + "/hemmelig.pdf"
    assert redacted(line) == "<sti>"
    assert redacted("=" * 100_000) == "=" * 100_000


def test_the_fejlrapport_cleans_its_messages_the_same_way():
    from kkrdesk.core.bug_report import bug_report

    message = "side 1/1 af ..\\Fælles\\KKR\\Lønninger Ærø.pdf kan ikke læses (27/02/2025)"
    try:
        raise ValueError(message)      # the traceback shows this line, not the text
    except ValueError as error:
        report = bug_report(error)
    assert "builtins.ValueError: side 1/1 af <sti> Ærø.pdf kan ikke læses (27/02/2025)" in report
    assert "Fælles" not in report and "Lønninger" not in report
