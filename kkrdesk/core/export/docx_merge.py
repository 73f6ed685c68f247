"""Appending Word documents with docxcompose without letting it rebind python-docx's XML prefixes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from docx.oxml.ns import nsmap

if TYPE_CHECKING:
    from docx.document import Document


@contextmanager
def _docxcompose_prefixes() -> Iterator[None]:
    """docxcompose's import rebinds python-docx's "cp" prefix to the custom-properties namespace,
    which makes every later document write its core properties (keywords, category, ...) in the
    wrong namespace. Give docxcompose its prefixes only while it works, then restore ours."""
    ours = dict(nsmap)
    from docxcompose.utils import NS

    nsmap.update(NS)
    try:
        yield
    finally:
        nsmap.clear()
        nsmap.update(ours)


class DocxAppender:
    """Appends whole DOCX documents to one target document, keeping their styles (a style whose id the
    target already uses differently is added under a new id, e.g. "Title_1") and numbering."""

    def __init__(self, document: Document) -> None:
        with _docxcompose_prefixes():
            from docxcompose.composer import Composer

            self._composer = Composer(document, preserve_styles=True)

    def append(self, appended: Document) -> None:
        with _docxcompose_prefixes():
            self._composer.append(appended)
