"""Hjælp › Brugervejledning: the guide opens offline with its chapters and pictures; F1 reaches it."""

from __future__ import annotations

import re

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from kkrdesk.ui import help_dialog
from kkrdesk.ui.help_dialog import HelpDialog, user_guide_path
from tests.conftest import ROOT

CHAPTERS = ["Kom i gang", "Byg et møde", "Kontrollér og eksportér", "Skriv referatet", "Uden LibreOffice",
            "Tjek en resultatkontrakt", "Se på en undersøgelse", "Læs og søg",
            "Medlemspakker og personlige noter", "Kommandolinjen", "Hvor kkrdesk gemmer hvad"]


def pictures(document: QTextDocument) -> list[str]:
    names, block = [], document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.charFormat().isImageFormat():
                names.append(fragment.charFormat().toImageFormat().name())
            iterator += 1
        block = block.next()
    return names


def test_the_guide_in_docs_is_found_and_lists_its_chapters(qtbot):
    assert user_guide_path() == ROOT / "docs" / "brugervejledning.md"
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    assert dialog.chapters() == CHAPTERS


def test_every_picture_of_the_guide_is_shipped_and_shown_no_wider_than_the_text(qtbot):
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    linked = re.findall(r"!\[[^\]]*\]\((images/[^)]+)\)", user_guide_path().read_text(encoding="utf-8"))
    assert len(linked) >= 8 and all((ROOT / "docs" / name).is_file() for name in linked)
    document = dialog.browser.document()
    shown = pictures(document)
    assert len(shown) == len(linked)
    for name in shown:
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert image is not None and not image.isNull(), name
        assert image.width() <= help_dialog.PICTURE_WIDTH * dialog.devicePixelRatioF()


def test_a_chapter_is_scrolled_to_the_top(qtbot):
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.show_chapter("Uden LibreOffice")
    document = dialog.browser.document()
    block = document.findBlockByNumber(dialog.contents.currentItem().data(help_dialog.HEADING_BLOCK_ROLE))
    assert block.text() == "Uden LibreOffice"
    top = document.documentLayout().blockBoundingRect(block).top()
    qtbot.waitUntil(lambda: dialog.browser.verticalScrollBar().value() == int(top))
    assert top > dialog.browser.viewport().height()          # it really had to scroll
    assert not dialog.show_chapter("Findes ikke")


def test_a_missing_guide_says_so_instead_of_an_empty_window(qtbot, monkeypatch):
    monkeypatch.setattr(help_dialog, "user_guide_path", lambda: None)
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    assert "Brugervejledningen mangler" in dialog.browser.toPlainText()
    assert dialog.chapters() == []


def test_f1_opens_one_guide_window(window, qtbot):
    assert window.act_guide in window.help_menu.actions()
    assert "F1" in [key.toString() for key in window.act_guide.shortcuts()]
    window.act_guide.trigger()
    first = window.help_dialog
    qtbot.waitUntil(first.isVisible)
    window.act_guide.trigger()
    assert window.help_dialog is first
