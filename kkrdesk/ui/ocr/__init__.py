"""Scanned bilag made searchable from the window (the Qt side of core/ocr)."""
