"""kkrdesk check-file from a shell: what a file is, or why kkrdesk refuses it, with nothing written."""

from __future__ import annotations

import json

from tests.broken_images import png_by_hand, with_bad_checksum
from tests.corpus.make_corpus import billion_laughs_docx, good_pdf


def test_a_good_pdf_can_be_shown(cli, tmp_path):
    pdf = tmp_path / "bilag.pdf"
    pdf.write_bytes(good_pdf())
    result = cli("check-file", pdf, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{pdf}: PDF, 3 sider. kkrdesk kan vise filen."


def test_a_hostile_file_is_refused_with_the_reason_and_what_to_do(cli, tmp_path):
    bomb = tmp_path / "referat.docx"
    bomb.write_bytes(billion_laughs_docx())
    result = cli("check-file", bomb, "--json", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    error = json.loads(result.stdout)["error"]
    assert error["reason"] == "hostile" and error["file"] == str(bomb)
    assert "DTD" in error["message"] and "Årsag: filen er bygget til at skade" in error["hint"]


def test_a_damaged_image_is_not_given_its_reason_twice(cli, tmp_path):
    broken = tmp_path / "kort.png"
    broken.write_bytes(with_bad_checksum(png_by_hand()))
    result = cli("check-file", broken, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ødelagt" in result.stderr and "Årsag" not in result.stderr, result.stderr
