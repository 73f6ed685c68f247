"""Every limit on what a user file can make kkrdesk do, each a named constant (docs/robustness.md lists them).

A file that goes past a limit is refused with a Danish message that names the file, the limit
and what to do; nothing is read beyond the limit. The values are generous for real KKR
material (the largest real bilag seen are a few hundred pages and tens of MB).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

MIB = 1024 * 1024
GIB = 1024 * MIB

# -- the file as a whole, by what it is used for ---------------------------------------------
MAX_BILAG_BYTES = 500 * MIB          # a bilag added, shown, indexed or exported
MAX_CONTRACT_BYTES = 50 * MIB        # a resultatkontrakt (DOCX or PDF)
MAX_RESULTS_BYTES = 5 * MIB          # a contract's results file (CSV or XLSX)
MAX_SURVEY_FILE_BYTES = 256 * MIB    # one file of a SurveyXact export (XLSX or one of three CSVs)
MAX_PACK_BYTES = 4 * GIB             # a member pack (.kkrpack)
MAX_MANIFEST_BYTES = 5 * MIB         # a meeting.toml
MAX_MAPPING_BYTES = 1 * MIB          # a survey's mapping (.toml)

# -- PDF ---------------------------------------------------------------------------------------
MAX_PDF_PAGES = 20_000               # pages of one PDF bilag
MAX_CONTRACT_PAGES = 300             # pages of a contract PDF
MAX_PAGE_TREE_DEPTH = 64             # nesting of the page tree (pdfium spins on deep trees)
MAX_PAGE_TREE_NODES = 200_000        # page-tree nodes visited (shared nodes count each time)
MAX_BILAG_BOOKMARKS = 5_000          # a bilag's own bookmarks carried into the pack's outline
MAX_BOOKMARK_DEPTH = 12              # their nesting
MAX_STRUCTURE_ELEMENTS = 500_000     # a bilag's structure (tag) tree merged into the pack's
PDF_SCREEN_SECONDS = 30              # time for the screening child to open and check a PDF
PDF_SCREEN_MEMORY_BYTES = 2 * GIB    # address space of the screening child (RLIMIT_AS)


# -- ZIP containers (DOCX, XLSX, packs) --------------------------------------------------------
@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may hold before kkrdesk refuses it as hostile or absurd."""

    max_entries: int
    max_entry_bytes: int
    max_total_bytes: int
    max_ratio: int
    max_central_directory_bytes: int = 16 * MIB
    max_worksheet_bytes: int | None = None   # xl/worksheets/ parts, where they are read streaming


OFFICE_ARCHIVE = ArchiveLimits(max_entries=5_000, max_entry_bytes=256 * MIB,
                               max_total_bytes=1 * GIB, max_ratio=200)
# A survey's Dataset sheet is read streaming, one row at a time, so it may be far larger than
# any other part: 500,000 respondents × a few hundred variables is several GB of sheet XML.
SURVEY_ARCHIVE = replace(OFFICE_ARCHIVE, max_total_bytes=5 * GIB, max_worksheet_bytes=4 * GIB)
PACK_ARCHIVE = ArchiveLimits(max_entries=5_000, max_entry_bytes=MAX_BILAG_BYTES,
                             max_total_bytes=MAX_PACK_BYTES, max_ratio=100)
RATIO_FLOOR_BYTES = 1 * MIB          # entries smaller than this may compress as well as they like
MAX_PACK_JSON_BYTES = 8 * MIB        # a pack's table of contents
MAX_CONTENT_TYPES_BYTES = 1 * MIB    # an Office file's [Content_Types].xml, read to learn its kind
MAX_XML_PROLOG_BYTES = 64 * 1024     # bytes before an XML part's root element (where a DOCTYPE hides)

# -- tables ------------------------------------------------------------------------------------
READER_MAX_ROWS = 20_000             # rows shown or indexed per sheet or CSV
READER_MAX_COLUMNS = 200             # columns shown or indexed per sheet or CSV
READER_MAX_SHEETS = 50               # sheets shown or indexed per workbook
READER_MAX_CSV_BYTES = 50 * MIB      # a CSV bilag shown or indexed
READER_MAX_SHEET_CHARS = 10_000_000  # characters read per sheet shown or indexed (the rest is cut)
MAX_CELL_CHARS = 32_767              # characters in one spreadsheet cell (Excel's own maximum)
SURVEY_MAX_RESPONDENTS = 500_000     # Dataset rows of a survey export
SURVEY_MAX_VARIABLES = 5_000         # Dataset columns of a survey export
SURVEY_MAX_LABEL_ROWS = 500_000      # Labels rows of a survey export
SURVEY_MAX_STRUCTURE_ROWS = 100_000  # Structure rows of a survey export
RESULTS_MAX_ROWS = 1_000             # rows read from a contract's results file
RESULTS_MAX_COLUMNS = 30             # columns read from a contract's results file

# -- text --------------------------------------------------------------------------------------
INDEX_MAX_TEXT_FILE_BYTES = 20 * MIB  # a plain-text bilag read for the search index
PREVIEW_MAX_TEXT_BYTES = 5 * MIB     # text shown of a plain-text bilag (the rest is cut)
PREVIEW_MAX_IMAGE_BYTES = 50 * MIB   # an image bilag shown in the reader
MAX_IMAGE_PIXELS = 64_000_000        # width × height of an image bilag (256 MB decoded)
MAX_JPEG_SCANS = 100                 # scans of a progressive JPEG (real ones have about 10; each is a pass over the image)
MAX_IMAGE_PAGES = 1_000              # pages of a multi-page TIFF (a scanner writes one per sheet)
IMAGE_SCREEN_SECONDS = 20            # time for the image screening child to decode an image whole
# address space of the image screening child (RLIMIT_AS); the PDFs' batch child screens images too, under its own
IMAGE_SCREEN_MEMORY_BYTES = PDF_SCREEN_MEMORY_BYTES
DOCX_MAX_BLOCKS = 200_000            # paragraphs and tables read from a Word bilag
DOCX_MAX_DEPTH = 40                  # nesting of tables and content controls read from a contract
CONTRACT_MAX_BLOCKS = 20_000         # paragraphs and cells of a contract
CONTRACT_MAX_TEXT_CHARS = 3_000_000  # characters of a contract
MANIFEST_MAX_ITEMS = 1_000           # agenda items in a meeting.toml
MANIFEST_MAX_BILAG_PER_ITEM = 500    # bilag on one agenda item
MANIFEST_MAX_TEXT_CHARS = 200_000    # characters of one text field in a meeting.toml
MAX_NESTING_DEPTH = 50               # lists and tables inside each other in a TOML or JSON file
MAX_ITEM_NUMBER_CHARS = 32           # characters of an agenda item's number ("2.2"); it reaches file names

# -- pictures kkrdesk makes ---------------------------------------------------------------------
SCREENSHOT_MAX_SIDE = 7_680          # pixels on either side of a `kkrdesk screenshot` (8K width)
SCREENSHOT_MAX_PIXELS = 7_680 * 4_320  # width × height of a screenshot (~130 MB while drawn)

# -- other programs ----------------------------------------------------------------------------
LIBREOFFICE_SECONDS = 180            # LibreOffice converting one document to PDF
LIBREOFFICE_TIMEOUT_REMEMBERED_SECONDS = 3600   # a document that timed out is not tried again for this long
OCR_SECONDS_PER_PAGE = 120           # ocrmypdf + Tesseract on one page of a scanned bilag
OCR_MAX_PAGES = 300                  # pages of a scanned PDF given a text layer

# -- member packs as a whole (checked before anything of a pack is written) ---------------------
MAX_PACK_UNPACKED_BYTES = 2 * GIB    # every file of one pack, unpacked
MAX_PACK_OVERALL_RATIO = 10          # unpacked ÷ packed size of a whole pack, once it unpacks to ...
PACK_OVERALL_RATIO_FLOOR_BYTES = 64 * MIB  # ... more than this (smaller packs may compress freely)
PACK_CACHE_BUDGET_BYTES = 4 * GIB    # extracted packs kept in the cache; least recently used go first
PACK_FREE_SPACE_MARGIN_BYTES = 64 * MIB  # left free on the disk after a pack is unpacked
PACK_INDEX_QUERY_SECONDS = 10        # one query on a pack's search index (progress-handler limit)
MAX_PACK_NAME_BYTES = 255            # one file or folder name inside a pack (UTF-8; what file systems hold)
MAX_PACK_PATH_CHARS = 1_000          # a whole path inside a pack
MAX_PACK_VERSION = 1_000_000         # a pack's version number
MAX_PACK_MANIFEST_DEPTH = 32         # nesting of arrays and tables in a pack's meeting.toml

# -- caches of files derived from bilag (core/disk_cache.py), least recently used removed first ------
# A year of KKR meetings (a dozen meetings of some hundred bilag, a few MB each) derives a few
# hundred MB, so only years of use reach these; with the packs' 4 GB they come to 7 GB, a
# few per cent of a 256 GB laptop disk. OCR gets the most: its copies cost minutes to make again.
IMAGE_PDF_CACHE_BUDGET_BYTES = 1 * GIB       # image bilag drawn as PDF (image-pdf-N/)
PACK_READY_CACHE_BUDGET_BYTES = 256 * MIB    # PDFs with their active content removed (pack-ready-N/)
LIBREOFFICE_CACHE_BUDGET_BYTES = 512 * MIB   # Word and text bilag rendered by LibreOffice (pdf/)
REPAIRED_CACHE_BUDGET_BYTES = 256 * MIB      # damaged PDFs repaired by qpdf (repaired/)
OCR_CACHE_BUDGET_BYTES = 1 * GIB             # scans given a text layer (ocr/)

# -- exports -----------------------------------------------------------------------------------
EXPORT_MAX_PRINTED_BILAG = 5_000     # bilag printed in one export (time and memory measured in docs/robustness.md)
