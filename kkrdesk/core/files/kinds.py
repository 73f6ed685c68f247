"""FileKind: what a user's file is, decided from its content (never from its name)."""

from __future__ import annotations

from enum import StrEnum


class FileKind(StrEnum):
    """What a bilag file is, decided from its content (never from its name)."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    CSV = "csv"
    IMAGE = "image"
    TEXT = "text"
    OTHER = "other"
