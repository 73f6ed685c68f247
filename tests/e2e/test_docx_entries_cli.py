"""Every Word file the command line writes unpacks as Word's and LibreOffice's do: regular files, mode 0644."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import docx
import pytest

from kkrdesk.core.export.libreoffice_toc import can_update_indexes
from tests.reader_helpers import make_meeting, own_user_folders, shared_cache  # noqa: F401  (fixtures used by name)

REGULAR_0644 = stat.S_IFREG | 0o644
CONTRACT = "bilag/resultatkontrakt-2025-kkr-sjaelland-erhvervshus-sjaelland.docx"


def entry_modes(path: Path) -> dict[str, tuple[int, int]]:
    """Each entry's (system it was made on, Unix mode) as unzip reads them."""
    with zipfile.ZipFile(path) as package:
        return {info.filename: (info.create_system, info.external_attr >> 16) for info in package.infolist()}


def written_by_the_cli(cli, root: Path, sample_dir: Path) -> dict[str, Path]:
    meeting = make_meeting(root)
    out = root / "ud"
    files = {name: out / f"{name}.docx" for name in
             ("dagsorden", "dagsorden-uden-libreoffice", "dagsordenspakke", "referat", "notat", "noter")}
    runs = [("export", meeting, "--docx", files["dagsorden"]),
            ("export", meeting, "--docx", files["dagsorden-uden-libreoffice"], "--no-libreoffice"),
            ("export", meeting, "--docx", files["dagsordenspakke"], "--agenda-pack"),
            ("export", meeting, "--referat", files["referat"]),
            ("check-contract", sample_dir / CONTRACT, "--note", files["notat"]),
            ("pack", meeting, "-o", root / "møde.kkrpack"),
            ("notes", root / "møde.kkrpack", "--add", "--item", "2.2", "--bilag", "1", "--page", "6",
             "--quote", "godkendte aftalen", "--text", "Spørg til økonomien"),
            ("notes", root / "møde.kkrpack", "--export", files["noter"])]
    for args in runs:
        done = cli(*args)
        allowed = (0, 1) if args[0] == "check-contract" else (0,)     # 1: the sample contract has a finding
        assert done.returncode in allowed, f"{args[0]}: {done.stdout}{done.stderr}"
    return files


@pytest.mark.slow
@pytest.mark.libreoffice
@pytest.mark.skipif(not can_update_indexes(), reason="needs LibreOffice with Python-UNO")
def test_every_word_file_the_cli_writes_has_regular_0644_entries_and_opens(cli, tmp_path, sample_dir):
    from kkrdesk.core.files.pdf_screen import count_pdf_pages
    from kkrdesk.core.office.libreoffice import convert_to_pdf

    wrong: dict[str, list[str]] = {}   # file -> its modes other than regular 0644
    for name, path in written_by_the_cli(cli, tmp_path, sample_dir).items():
        modes = entry_modes(path)
        assert len(modes) > 5, name
        wrong[name] = sorted({oct(mode) for system, mode in modes.values() if (system, mode) != (3, REGULAR_0644)})
        assert docx.Document(str(path)).paragraphs, name
        assert count_pdf_pages(convert_to_pdf(path, cache_dir=tmp_path / "pdf")) >= 1, name
    assert len(wrong) == 6 and not any(wrong.values()), wrong

