"""Printing a PDF bilag (an image bilag is shown, and printed, as its PDF): one printed page a page."""

from __future__ import annotations

import pikepdf
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from kkrdesk.ui.printing import print_pdf
from tests.factories import make_pdf


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_a_pdf_prints_every_page_or_the_chosen_range(qtbot, tmp_path):
    document = QPdfDocument()
    assert document.load(str(make_pdf(tmp_path / "bilag.pdf", 3))) == QPdfDocument.Error.None_
    print_pdf(pdf_printer(tmp_path / "alle.pdf"), document)
    ranged = pdf_printer(tmp_path / "to.pdf")
    ranged.setFromTo(2, 3)
    print_pdf(ranged, document)
    document.close()
    with pikepdf.open(tmp_path / "alle.pdf") as everything, pikepdf.open(tmp_path / "to.pdf") as two:
        assert (len(everything.pages), len(two.pages)) == (3, 2)
        assert all(page.get_images() for page in everything.pages)      # each page drawn as a picture
