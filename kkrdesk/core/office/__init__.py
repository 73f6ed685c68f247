"""Office documents: LibreOffice as an optional, out-of-process renderer."""
