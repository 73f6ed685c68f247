"""The agenda's Word template holds only custom styles kkrdesk or Word's contents field uses."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from kkrdesk.core.export.word_agenda import template_path

EXPORT_CODE = Path(__file__).resolve().parents[2] / "kkrdesk" / "core" / "export"
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
