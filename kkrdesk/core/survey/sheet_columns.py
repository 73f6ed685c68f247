"""Chosen columns of one XLSX worksheet read straight from its XML with numpy: 100,000 rows in seconds.

openpyxl builds a Python object for every cell of a sheet; a SurveyXact Dataset of 100,000
respondents has millions. Here the sheet's XML is decompressed in blocks of whole rows and
every cell's column, row and value are found with array operations; Python touches only the
cells of the chosen columns that are not small whole numbers. Sheets written in a way this
reader does not handle (cells without a reference, prefixed tags, rich inline text) raise
``NotPlainSheet``, and the caller reads them with openpyxl instead.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

import numpy as np

from kkrdesk.core.files.limits import MAX_CELL_CHARS

BLOCK_BYTES = 8 * 1024 * 1024
FIRST_BLOCK_BYTES = 64 * 1024
MAX_SMALL_DIGITS = 6                 # codes this short are decoded as numbers without Python
_SHARED_INDEX_DIGITS = 9             # a workbook has fewer shared strings than this many digits allow
CellValue = str | bool | int | float | dt.date   # a cell's value as read (dates and times as date, datetime)
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}
_DATE_CODES = re.compile(r"(?<![\\\"])[dmyhs]", re.IGNORECASE)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_LT, _GT, _QUOTE, _SLASH = 60, 62, 34, 47
_PADDING = 16
_IS_WHITE_SPACE = np.isin(np.arange(256), [9, 10, 13, 32])    # by byte value
_INLINE_START = re.compile(rb"<is><t(?:\s[^>]*)?>")   # an inline string read as if it were a value
_PREFIXED_MAIN = re.compile(rb"xmlns:[^=\s]+\s*=\s*[\"'][^\"']*spreadsheetml/2006/main[\"']")


class NotPlainSheet(Exception):
    """The sheet's XML is valid but written in a way this reader leaves to openpyxl."""


class SheetTooLarge(Exception):
    """The sheet has data in a row past the limit; ``row`` is the first such row."""

    def __init__(self, row: int):
        super().__init__(row)
        self.row = row


def sheet_titles(archive: zipfile.ZipFile) -> list[str]:
    """The workbook's sheet names in tab order."""
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return [sheet.get("name", "") for sheet in workbook.iter(f"{_MAIN}sheet")]


EXCEL_MAX_ROWS = 1_048_576
_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def claimed_rows(archive: zipfile.ZipFile, sheet_title: str) -> int:
    """The last row the sheet's ``<dimension>`` claims (0 when it states none): checked, not trusted."""
    with archive.open(_sheet_part(archive, sheet_title)) as stream:
        match = _DIMENSION.search(stream.read(64 * 1024))
    return int(match.group(1)) if match else 0


def read_table(archive: zipfile.ZipFile, sheet_title: str, width: int, *, first_row: int = 1,
               last_row: int, stop_after: int | None = None) -> list[list[object]]:
    """The sheet's rows that hold a value in its first ``width`` columns, as lists of values
    (None for an empty cell); reading stops once past ``stop_after`` rows if given."""
    numbers, columns = read_columns(archive, sheet_title, list(range(width)), first_row=first_row,
                                    last_row=last_row, stop_after=stop_after)
    return [list(row) for row in zip(*columns)] if len(numbers) else []


def read_columns(archive: zipfile.ZipFile, sheet_title: str, positions: list[int], *,
                 first_row: int, last_row: int,
                 stop_after: int | None = None) -> tuple[np.ndarray, list[np.ndarray]]:
    """(row numbers, one object array of values per position) for the rows from ``first_row``
    that have a cell in one of the 0-based column ``positions``; values are int, float, str, bool
    or date, None where a row has no value in that column. Raise SheetTooLarge past ``last_row``;
    stop reading once a block has gone past ``stop_after`` (when given)."""
    part = _sheet_part(archive, sheet_title)
    styles = _date_styles(archive)
    wanted = np.zeros(max(positions, default=0) + 1, dtype=bool)
    wanted[positions] = True
    blocks: list[_BlockCells] = []
    offset = 0
    with archive.open(part) as stream:
        for block in _row_blocks(stream):
            found = _cells(block, wanted, styles, first_row, last_row)
            found.special_at += offset
            offset += len(found.rows)
            blocks.append(found)
            if stop_after is not None and len(found.rows) and found.rows.max() > stop_after:
                break
    if not blocks:
        return np.zeros(0, np.int64), [np.full(0, None, dtype=object) for _ in positions]
    special_values = np.empty(sum(len(b.special_values) for b in blocks), dtype=object)
    special_values[:] = [value for b in blocks for value in b.special_values]
    all_rows, all_columns, all_small, all_shared, special_at = (
        _concatenate(blocks, name) for name in ("rows", "columns", "small", "shared", "special_at"))
    del blocks
    if stop_after is not None:             # only the rows asked for, before any column is built
        kept = np.flatnonzero(all_rows <= stop_after)
        in_kept = all_rows[special_at] <= stop_after
        special_at, special_values = np.searchsorted(kept, special_at[in_kept]), special_values[in_kept]
        all_rows, all_columns = all_rows[kept], all_columns[kept]
        all_small, all_shared = all_small[kept], all_shared[kept]
    shared_used = np.unique(all_shared[all_shared >= 0])
    strings = _shared_strings(archive, set(shared_used.tolist())) if len(shared_used) else {}
    if any(len(text) > MAX_CELL_CHARS for text in strings.values()):
        raise NotPlainSheet("an oversized shared string")  # openpyxl's path refuses it by name
    shared_texts = np.empty(len(shared_used), dtype=object)
    shared_texts[:] = [strings.get(index, "") for index in shared_used.tolist()]
    numbers, line = _lines(all_rows)
    del all_rows
    special_columns = all_columns[special_at]
    order = np.argsort(all_columns.astype(np.int16), kind="stable")   # a radix sort: < 16,384 columns
    bounds = np.searchsorted(all_columns[order], np.arange(max(positions, default=0) + 2, dtype=all_columns.dtype))
    result = []
    for position in positions:
        chosen = order[bounds[position]:bounds[position + 1]]
        column = np.full(len(numbers), None, dtype=object)
        column[line[chosen]] = all_small[chosen].astype(object)
        strings_here = chosen[all_shared[chosen] >= 0]
        column[line[strings_here]] = shared_texts[np.searchsorted(shared_used, all_shared[strings_here])]
        here = special_columns == position
        column[line[special_at[here]]] = special_values[here]
        result.append(column)
    return numbers, result


def _concatenate(blocks: list[_BlockCells], name: str) -> np.ndarray:
    """One field of every block as one array, each block's part let go once copied (the blocks
    of a 100,000-row sheet hold tens of megabytes per field)."""
    parts = [getattr(b, name) for b in blocks]
    for b in blocks:
        setattr(b, name, None)
    return np.concatenate(parts)


def _lines(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(the distinct row numbers, sorted; for each cell the line of its row among them)."""
    if len(rows) and np.all(rows[1:] >= rows[:-1]):       # rows in sheet order: no sort needed
        starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))
        cells_per_line = np.diff(np.append(starts, len(rows)))
        return rows[starts], np.repeat(np.arange(len(starts), dtype=np.int32), cells_per_line)
    numbers = np.unique(rows)
    return numbers, np.searchsorted(numbers, rows).astype(np.int32)


@dataclass
class _BlockCells:
    """The chosen cells of one block of rows, in sheet order, those without a value left out."""

    rows: np.ndarray              # row number of each cell
    columns: np.ndarray           # 0-based column of each cell
    small: np.ndarray             # the value where it is a small whole number, else -1
    shared: np.ndarray            # the shared-string index where the cell is one, else -1
    special_at: np.ndarray        # the cells whose value is neither, as positions in the arrays above
    special_values: list[CellValue]   # ... and their values


def _row_blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """The sheet's XML in blocks that each end after a whole row; the first blocks are small, so
    a caller that needs only the first rows (a header) stops early."""
    tail = b""
    size = FIRST_BLOCK_BYTES
    while True:
        data = stream.read(size)
        size = min(4 * size, BLOCK_BYTES)
        if not data:
            if tail.strip():
                yield tail
            return
        data = tail + data
        cut = data.rfind(b"</row>")
        if cut < 0:
            tail = data
            continue
        yield data[:cut + 6]
        tail = data[cut + 6:]


def _find(a: np.ndarray, pattern: bytes) -> np.ndarray:
    """Start offsets of ``pattern`` (an attribute's start like `` t="``) in the byte array ``a``,
    looked for from its letter, which is rarer in a sheet than the space before it."""
    if len(a) < len(pattern):
        return np.zeros(0, np.int64)
    hits = np.flatnonzero(a[1: len(a) - len(pattern) + 2] == pattern[1])
    for k in range(len(pattern)):
        if k != 1:
            hits = hits[a[hits + k] == pattern[k]]
    return hits


def _cells(block: bytes, wanted: np.ndarray, styles: frozenset[int], first_row: int,
           last_row: int) -> _BlockCells:
    """The chosen cells of a block of whole rows."""
    # prefixed tags (<x:c>) need the main namespace bound to a prefix, and rich inline text
    # (<is><r>) needs an <is>: both rare, and openpyxl reads them
    if b"spreadsheetml/2006/main" in block and _PREFIXED_MAIN.search(block):
        raise NotPlainSheet("prefixed XML")
    if b"<is>" in block:
        if b"<is><r>" in block or b"<is><r " in block:
            raise NotPlainSheet("rich inline text")
        block = _INLINE_START.sub(b"<v>", block).replace(b"</t></is>", b"</v>")
    size = len(block)
    a = np.frombuffer(block + bytes(_PADDING), dtype=np.uint8)   # lookahead never runs off the end
    lt = np.flatnonzero(a == _LT)

    def after(offsets: np.ndarray, k: int) -> np.ndarray:
        picked: np.ndarray = a[offsets + k]
        return picked

    one, two = after(lt, 1), after(lt, 2)
    is_cell = (one == ord("c")) & ((two == 32) | (two == _GT) | (two == _SLASH))
    cells = lt[is_cell]
    next_lt = lt[np.minimum(np.flatnonzero(is_cell) + 1, len(lt) - 1)]  # a cell's tag ends before the next tag
    if len(cells) and not (np.all(after(cells, 2) == 32) and np.all(after(cells, 3) == ord("r"))
                           and np.all(after(cells, 5) == _QUOTE)):
        raise NotPlainSheet("a cell without its reference first")
    three, four = after(lt, 3), after(lt, 4)
    row_tags = lt[(one == ord("r")) & (two == ord("o")) & (three == ord("w"))
                  & ((four == 32) | (four == _GT) | (four == _SLASH))]
    row_numbers = _row_numbers(block, a, row_tags)
    columns = _column_numbers(a, cells, size)
    if len(cells) and not len(row_tags):
        raise NotPlainSheet("cells outside rows")
    cell_rows = row_numbers[np.clip(np.searchsorted(row_tags, cells, side="right") - 1, 0, None)] \
        if len(cells) else np.zeros(0, np.int64)
    if len(cell_rows) and cell_rows.max() > last_row:
        raise SheetTooLarge(int(cell_rows[cell_rows > last_row][0]))
    next_cell = np.append(cells[1:], size)
    keep = columns < len(wanted)
    keep[keep] = wanted[columns[keep]]
    keep &= cell_rows >= first_row
    cells, columns, cell_rows, next_cell = cells[keep], columns[keep], cell_rows[keep], next_cell[keep]
    tag_end = _tag_ends(a, next_lt[keep])
    empty = a[np.maximum(tag_end - 1, 0)] == _SLASH
    v_open = lt[(one == ord("v")) & (two == _GT)]
    value_start = v_open[np.minimum(np.searchsorted(v_open, tag_end), len(v_open) - 1)] + 3 \
        if len(v_open) else np.full(len(cells), size)
    has_value = ~empty & (value_start < next_cell)
    value_end = lt[np.minimum(np.searchsorted(lt, value_start), len(lt) - 1)] if len(lt) else value_start
    kinds = _cell_types(a, cells, tag_end)
    small = np.where(has_value, _small_numbers(a, value_start, value_end - value_start), -1)
    plain = has_value & (kinds == 0) & (small >= 0)
    if styles:
        plain &= ~np.isin(_style_numbers(a, cells, tag_end), list(styles))
    small = np.where(plain, small, -1)
    shared = np.full(len(cells), -1, np.int64)
    is_shared = np.flatnonzero(has_value & (kinds == ord("s")))
    shared[is_shared] = _small_numbers(a, value_start[is_shared], value_end[is_shared] - value_start[is_shared],
                                       _SHARED_INDEX_DIGITS)
    style_of = _style_numbers(a, cells, tag_end) if styles else None
    # cells without a value (formatted blanks) are left out: their rows read as empty there
    special = np.flatnonzero(has_value & ~plain & (shared < 0))
    place = np.searchsorted(np.flatnonzero(has_value), special)   # where each lands among those kept
    texts = [block[start:end].decode("utf-8", errors="replace")
             for start, end in zip(value_start[special].tolist(), value_end[special].tolist())]
    styles_of = style_of[special].tolist() if style_of is not None else [-1] * len(special)
    values = [_value(text, kind, style, styles)
              for text, kind, style in zip(texts, kinds[special].tolist(), styles_of)]
    return _BlockCells(rows=cell_rows[has_value].astype(np.int32), columns=columns[has_value].astype(np.int32),
                       small=small[has_value].astype(np.int32), shared=shared[has_value].astype(np.int32),
                       special_at=place.astype(np.int64), special_values=values)


def _tag_ends(a: np.ndarray, next_lt: np.ndarray) -> np.ndarray:
    """The ``>`` closing each cell's start tag: the last one before the next tag, with only
    white space between them."""
    end = next_lt - 1
    while True:
        space = _IS_WHITE_SPACE[a[end]]
        if not space.any():
            break
        end = np.where(space, end - 1, end)
    if not np.all(a[end] == _GT):
        raise NotPlainSheet("text between a cell's tags")
    return end


def _value(text: str, kind: int, style: int, styles: frozenset[int]) -> CellValue:
    if kind == ord("i") and len(text) <= MAX_CELL_CHARS and "&" not in text:
        return text                               # the common inline string, nothing to unescape
    if kind == ord("s"):                          # a shared-string index that is not a plain number
        raise NotPlainSheet(f"a shared-string index {text[:20]!r}")
    if kind in (ord("i"), ord("S"), ord("e")):    # inline string, formula string, error
        if len(text) > MAX_CELL_CHARS:
            raise NotPlainSheet("an oversized cell")   # openpyxl's path refuses it with a message
        return html.unescape(text)
    if kind == ord("b"):
        return text.strip() == "1"
    number = float(text)
    if style in styles:
        return (_EXCEL_EPOCH + dt.timedelta(days=number)).date() if number.is_integer() \
            else _EXCEL_EPOCH + dt.timedelta(days=number)
    return int(number) if number.is_integer() else number


def _row_numbers(block: bytes, a: np.ndarray, row_tags: np.ndarray) -> np.ndarray:
    """Each row's number: vectorised where ``r`` is the row's first attribute (as every writer
    seen puts it), by a search of the tag otherwise."""
    plain = (a[row_tags + 5] == ord("r")) & (a[row_tags + 6] == ord("=")) & (a[row_tags + 7] == _QUOTE)
    start = row_tags + 8
    length = np.zeros(len(row_tags), np.int64)
    while True:
        more = plain & (a[start + length] >= 48) & (a[start + length] <= 57) & (length < 8)
        if not more.any():
            break
        length += more
    numbers = np.where(plain & (a[start + length] == _QUOTE), _small_numbers(a, start, length, 8), -1)
    for i in np.flatnonzero(numbers < 0).tolist():
        tag_start = int(row_tags[i])
        end = block.index(b">", tag_start)
        match = re.search(rb'\sr="(\d+)"', block[tag_start:end])
        if match is None:
            raise NotPlainSheet("a row without its number")
        numbers[i] = int(match.group(1))
    return numbers


def _column_numbers(a: np.ndarray, cells: np.ndarray, size: int) -> np.ndarray:
    """0-based column of each cell from the letters after ``<c r="``."""
    letters = [a[np.minimum(cells + 6 + k, size - 1)].astype(np.int64) for k in range(3)]
    is_letter = [(x >= 65) & (x <= 90) for x in letters]
    two = is_letter[1]
    three = two & is_letter[2]
    if not np.all(is_letter[0]):
        raise NotPlainSheet("a cell reference that does not start with a column")
    column: np.ndarray = letters[0] - 64
    column = np.where(two, column * 26 + letters[1] - 64, column)
    column = np.where(three, column * 26 + letters[2] - 64, column)
    return column - 1


def _cell_types(a: np.ndarray, cells: np.ndarray, tag_end: np.ndarray) -> np.ndarray:
    """Each cell's type as one letter code: 0 (number), s (shared string), S (formula string),
    i (inline string), b (boolean), e (error)."""
    found = _find(a, b' t="')
    if not len(found) or not len(cells):
        return np.zeros(len(cells), np.int64)
    index = np.minimum(np.searchsorted(found, cells), len(found) - 1)
    inside = (found[index] > cells) & (found[index] < tag_end)
    first = a[np.minimum(found[index] + 4, len(a) - 1)].astype(np.int64)
    second = a[np.minimum(found[index] + 5, len(a) - 1)]
    kind = np.where((first == ord("s")) & (second == ord("t")), ord("S"), first)   # t="str"
    kind = np.where(first == ord("n"), 0, kind)                                     # t="n"
    return np.where(inside, kind, 0)


def _style_numbers(a: np.ndarray, cells: np.ndarray, tag_end: np.ndarray) -> np.ndarray:
    """Each cell's style index (its s attribute), -1 where it has none."""
    found = _find(a, b' s="')
    if not len(found) or not len(cells):
        return np.full(len(cells), -1, np.int64)
    index = np.minimum(np.searchsorted(found, cells), len(found) - 1)
    inside = (found[index] > cells) & (found[index] < tag_end)
    start = found[index] + 4
    end = start.copy()
    while True:                                   # the closing quote, at most a few digits on
        more = a[np.minimum(end, len(a) - 1)] != _QUOTE
        if not more.any() or (end - start).max() > 8:
            break
        end = np.where(more, end + 1, end)
    return np.where(inside, _small_numbers(a, start, end - start), -1)


def _small_numbers(a: np.ndarray, start: np.ndarray, length: np.ndarray,
                   digits: int = MAX_SMALL_DIGITS) -> np.ndarray:
    """Each value as a whole number where it is 1 to ``digits`` digits, else -1."""
    value = np.zeros(len(start), np.int64)
    ok = (length >= 1) & (length <= digits)
    for k in range(digits):
        digit = a[np.minimum(start + k, len(a) - 1)].astype(np.int64) - 48
        inside = k < length
        ok &= ~inside | ((digit >= 0) & (digit <= 9))
        value = np.where(inside & ok, value * 10 + digit, value)
    return np.where(ok, value, -1)


def _sheet_part(archive: zipfile.ZipFile, title: str) -> str:
    from defusedxml import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    relation = next((s.get(_DOC_REL) for s in workbook.iter(f"{_MAIN}sheet") if s.get("name") == title), None)
    if relation is None:
        raise NotPlainSheet("sheet not listed")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_RELS}Relationship") if r.get("Id") == relation), None)
    if not target:
        raise NotPlainSheet("sheet without a part")
    path = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    if path not in archive.namelist():
        raise NotPlainSheet("sheet part missing")
    return path


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indices of the cell styles that show a number as a date (Excel stores dates as numbers)."""
    from defusedxml import ElementTree

    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    root = ElementTree.fromstring(archive.read("xl/styles.xml"))
    custom = {int(f.get("numFmtId", -1)) for f in root.iter(f"{_MAIN}numFmt")
              if _DATE_CODES.search(re.sub(r"\[[^\]]*\]|\"[^\"]*\"", "", f.get("formatCode", "")))}
    formats = root.find(f"{_MAIN}cellXfs")
    if formats is None:
        return frozenset()
    return frozenset(index for index, xf in enumerate(formats.iter(f"{_MAIN}xf"))
                     if int(xf.get("numFmtId", 0)) in _BUILTIN_DATE_FORMATS | custom)


def _shared_strings(archive: zipfile.ZipFile, wanted: set[int]) -> dict[int, str]:
    """Only the shared strings the chosen cells use, read as a stream."""
    from lxml import etree

    if "xl/sharedStrings.xml" not in archive.namelist():
        return {}
    strings: dict[int, str] = {}
    last = max(wanted)
    with archive.open("xl/sharedStrings.xml") as stream:
        for index, (_, element) in enumerate(etree.iterparse(stream, tag=f"{_MAIN}si", resolve_entities=False,
                                                             no_network=True)):
            if index in wanted:
                strings[index] = "".join(t.text or "" for t in element.iter(f"{_MAIN}t"))
            element.clear()
            if index >= last:
                break
    return strings
