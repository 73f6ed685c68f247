"""Hjælp › Brugervejledning: the Danish user guide (docs/brugervejledning.md) shown offline, with its pictures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap, QTextCursor, QTextDocument
from PySide6.QtWidgets import QDialog, QHBoxLayout, QListWidget, QListWidgetItem, QSplitter, QTextBrowser, QWidget

GUIDE_NAME = "brugervejledning.md"
PICTURE_WIDTH = 760          # pictures are shrunk to this width so the text keeps its place beside them
HEADING_BLOCK_ROLE = Qt.ItemDataRole.UserRole


def user_guide_path() -> Path | None:
    """The guide in the source checkout or the frozen bundle (both keep docs/ beside the package)."""
    guide = Path(__file__).resolve().parents[2] / "docs" / GUIDE_NAME
    return guide if guide.is_file() else None


class HelpDialog(QDialog):
    """The guide with its chapters listed on the left; a window of its own beside the main window."""

    def __init__(self, parent: QWidget | None = None, guide: Path | None = None):
        super().__init__(parent)
        self.setWindowTitle("Brugervejledning – kkrdesk")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1100, 760)
        self.contents = QListWidget(self)
        self.contents.setAccessibleName("Indhold")
        self.contents.currentItemChanged.connect(self._chapter_chosen)
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("Brugervejledning")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._link_clicked)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 840])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)
        self.browser.document().setDocumentMargin(12)
        self.guide = guide or user_guide_path()
        if self.guide is None:
            self.browser.setMarkdown(
                "# Brugervejledningen mangler\n\nDenne installation af kkrdesk har ikke "
                "brugervejledningen med. Den findes i kkrdesk's kildekode som "
                "`docs/brugervejledning.md`.")
        else:
            self.browser.setSource(QUrl.fromLocalFile(str(self.guide)),
                                   QTextDocument.ResourceType.MarkdownResource)
            self._fit_pictures()
        self._fill_contents()

    def chapters(self) -> list[str]:
        return [self.contents.item(row).text() for row in range(self.contents.count())]

    def show_chapter(self, title: str) -> bool:
        """Scroll to the chapter whose heading starts with ``title``; False if there is none."""
        for row in range(self.contents.count()):
            if self.contents.item(row).text().casefold().startswith(title.casefold()):
                self.contents.setCurrentRow(row)
                return True
        return False

    def _fill_contents(self) -> None:
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() == 2 and block.text().strip():
                item = QListWidgetItem(block.text().strip())
                item.setData(HEADING_BLOCK_ROLE, block.blockNumber())
                self.contents.addItem(item)
            block = block.next()

    def _chapter_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is None:
            return
        document = self.browser.document()
        layout = document.documentLayout()
        layout.blockBoundingRect(document.lastBlock())      # lay out the whole guide now
        top = layout.blockBoundingRect(document.findBlockByNumber(item.data(HEADING_BLOCK_ROLE))).top()
        # The scroll bar learns the laid-out length on the next turn of the event loop.
        QTimer.singleShot(0, lambda: self.browser.verticalScrollBar().setValue(int(top)))

    def _fit_pictures(self) -> None:
        """Shrink wide screenshots to PICTURE_WIDTH, keeping their proportions."""
        document = self.browser.document()
        pictures = []
        block = document.begin()
        while block.isValid():
            iterator = block.begin()
            while not iterator.atEnd():
                fragment = iterator.fragment()
                if fragment.isValid() and fragment.charFormat().isImageFormat():
                    pictures.append((fragment.position(), fragment.length(),
                                     fragment.charFormat().toImageFormat()))
                iterator += 1
            block = block.next()
        cursor = self.browser.textCursor()
        ratio = self.devicePixelRatioF()
        for position, length, picture in pictures:
            image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(picture.name()))
            if isinstance(image, QPixmap):
                image = image.toImage()
            if isinstance(image, QImage) and image.width() > PICTURE_WIDTH:
                # Shrunk smoothly once here; Qt's own scaling while painting makes text jagged.
                smaller = image.scaledToWidth(round(PICTURE_WIDTH * ratio),
                                              Qt.TransformationMode.SmoothTransformation)
                shrunk = document.baseUrl().resolved(QUrl(f"{picture.name()}.{PICTURE_WIDTH}px"))
                document.addResource(QTextDocument.ResourceType.ImageResource, shrunk, smaller)
                picture.setName(shrunk.toString())
                picture.setWidth(PICTURE_WIDTH)
                picture.setHeight(round(image.height() * PICTURE_WIDTH / image.width()))
                cursor.setPosition(position)
                cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
                cursor.setCharFormat(picture)

    def _link_clicked(self, url: QUrl) -> None:
        if url.isRelative() and url.hasFragment() and not url.path():
            self.browser.scrollToAnchor(url.fragment())
        else:
            QDesktopServices.openUrl(url)
