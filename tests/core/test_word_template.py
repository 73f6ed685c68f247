"""The agenda's Word template holds only custom styles kkrdesk or Word's contents field uses, and its tool rebuilds it exactly."""

from __future__ import annotations

import re
import stat
import sys
import zipfile
from pathlib import Path

from kkrdesk.core.export.word_agenda import template_path

ROOT = Path(__file__).resolve().parents[2]
EXPORT_CODE = ROOT / "kkrdesk" / "core" / "export"
FILLED_BY_WORD = {"toc 1", "toc 2"}     # the TOC field's entries take these; no code names them


def own_custom_styles() -> set[str]:
    """Custom styles the template adds (not the character styles Word links to its built-in ones)."""
    with zipfile.ZipFile(str(template_path())) as package:
        styles = package.read("word/styles.xml").decode("utf-8")
    return {re.search(r'<w:name w:val="([^"]+)"', style).group(1)
            for style in re.findall(r"<w:style [^>]*>.*?</w:style>", styles, re.DOTALL)
            if 'w:customStyle="1"' in style and "<w:link " not in style}


def test_every_custom_style_of_the_template_is_used():
    code = "\n".join(path.read_text("utf-8") for path in EXPORT_CODE.glob("*.py"))
    styles = own_custom_styles()
    assert {"Underoverskrift", "Bilagsliste", "Note", "Forsidetekst"} <= styles
    unused = {name for name in styles - FILLED_BY_WORD if f'"{name}"' not in code}
    assert unused == set()


def test_the_template_tool_rebuilds_the_shipped_template_byte_for_byte_with_regular_0644_entries():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_dagsorden_template
    finally:
        sys.path.remove(str(ROOT / "tools"))
    from kkrdesk.core.office.package_entries import docx_bytes

    rebuilt = docx_bytes(make_dagsorden_template.build(), date_time=make_dagsorden_template.ZIP_TIME)
    assert rebuilt == template_path().read_bytes()
    with zipfile.ZipFile(str(template_path())) as package:
        assert {(info.create_system, info.external_attr >> 16) for info in package.infolist()} == \
            {(3, stat.S_IFREG | 0o644)}
