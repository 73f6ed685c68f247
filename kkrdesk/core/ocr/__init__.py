"""Optional OCR: scanned PDF bilag given a text layer when ocrmypdf and Danish Tesseract are installed."""
