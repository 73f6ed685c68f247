"""Numbers in messages get Danish thousands dots from danish.format_int; the commas of the text around them stay."""

from __future__ import annotations

import csv
import json
import re
import struct
from pathlib import Path

import pytest

import kkrdesk
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import check_cell, classify
from kkrdesk.core.pack.format import PackInfo, path_length_problem
from kkrdesk.core.pack.reader import _check_manifest


def test_a_too_long_cell_keeps_the_comma_in_the_sheet_s_name(tmp_path):
    with pytest.raises(BadFileError) as raised:
        check_cell("x" * 40_000, tmp_path / "svar.xlsx", "arket Svar, runde 2")
    assert raised.value.message == ("arket Svar, runde 2 har en celle med 40.000 tegn; Excel kan højst have "
                                    "32.767 tegn i en celle.")


def test_a_csv_cell_over_the_field_limit_keeps_the_comma_in_what_is_named(tmp_path):
    limit = csv.field_size_limit(131_072)
    try:
        error = classify(csv.Error("field larger than field limit (131072)"), tmp_path / "svar.csv",
                         "CSV-filen, første del af eksporten,")
    finally:
        csv.field_size_limit(limit)
    assert error.message == "CSV-filen, første del af eksporten, har en celle med mere end 131.072 tegn."


def test_a_too_long_path_in_a_pack_is_shown_as_written():
    path = "bilag/Budget, drift og anlæg/" + "a" * 980 + ".pdf"
    problem = path_length_problem(path)
    assert problem is not None
    assert problem.startswith('stien "bilag/Budget, drift og anlæg/')
    assert problem.endswith('" er 1.013 tegn lang; højst 1.000 tegn er tilladt.')


def test_a_version_over_the_limit_and_a_deep_manifest_read_with_dots(tmp_path):
    listing = {"format": "kkrdesk-pack", "format_version": 1, "pack_id": "x", "created": "", "title": "",
               "kkr": "", "date": "", "version": 2_000_000}
    with pytest.raises(BadFileError) as raised:
        PackInfo.from_json(json.dumps(listing).encode(), file=tmp_path / "m.kkrpack")
    assert raised.value.message.endswith("versionsnummeret er over 1.000.000, som ingen pakke når op på.")
    with pytest.raises(BadFileError) as raised:
        _check_manifest(tmp_path / "m.kkrpack", b"a = " + b"[" * 1_500 + b"]" * 1_500)
    assert "har lister eller tabeller 1.500 niveauer inde i hinanden; en mødefil har højst 32." in \
        raised.value.message


def test_only_danish_py_turns_commas_into_dots():
    """A ``.replace(",", ".")`` elsewhere reaches the text around a number too (it did, in three modules)."""
    package = Path(kkrdesk.__file__).parent
    pattern = re.compile(r"""\.replace\(\s*(['"]),\1\s*,\s*(['"])\.\2\s*\)""")
    found = [str(path.relative_to(package)) for path in sorted(package.rglob("*.py"))
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == ["core/danish.py"]


def test_files_missing_from_a_pack_are_counted_in_danish(tmp_path):
    from kkrdesk.core.pack.reader import verify_pack
    from tests.pack_builders import build_pack

    def missing(extra: int):
        return lambda files: files + [{"path": f"bilag/mangler-{n:04d}.pdf", "sha256": "0" * 64, "size": 1,
                                       "role": "bilag"} for n in range(extra)]

    said = {}
    for extra in (2, 1_201):
        with pytest.raises(BadFileError) as raised:
            verify_pack(build_pack(tmp_path / f"{extra}.kkrpack", change_listing=missing(extra)))
        said[extra] = raised.value.message
    assert said[2] == 'pakken mangler "bilag/mangler-0000.pdf" og 1 fil mere; den er afkortet eller ødelagt.'
    assert said[1_201].startswith('pakken mangler "bilag/mangler-0000.pdf" og 1.200 filer mere;')


def test_an_image_too_large_to_show_gives_its_size_with_dots(tmp_path):
    from kkrdesk.core.files.boundary import Use, admit
    from tests.broken_images import chunk

    header = struct.pack(">IIBBBBB", 12_000, 9_000, 8, 2, 0, 0, 0)
    path = tmp_path / "luftfoto, Sorø.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b""))
    with pytest.raises(BadFileError) as raised:
        admit(path, Use.BILAG)
    assert raised.value.message == "billedet er 12.000 × 9.000 punkter; kkrdesk viser højst 64 millioner punkter."
