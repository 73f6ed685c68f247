"""Page text of bilag files (PDF, DOCX, XLSX/CSV, plain text) for search, notes and comparisons."""
