"""An XLSX written by hand (no openpyxl), for the tests of kkrdesk's own failures."""

from __future__ import annotations

import zipfile
from pathlib import Path


def workbook_by_hand(path: Path, sheet_xml: bytes | None = None) -> Path:
    """An XLSX with ``sheet_xml`` as its only sheet (a one-cell sheet when not given)."""
    sheet = sheet_xml or (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                          b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Kommune</t></is></c>'
                          b'</row></sheetData></worksheet>')
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{package_rels}"><Relationship Id="rId1" Type="{rel_ns}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main_ns}" xmlns:r="{rel_ns}"><sheets><sheet name="Ark1" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{package_rels}"><Relationship Id="rId1" '
        f'Type="{rel_ns}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path
