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
_PADDING = 64
_IS_WHITE_SPACE = np.isin(np.arange(256), [9, 10, 13, 32])    # by byte value
_IS_PATTERN_SPACE = np.isin(np.arange(256), [9, 10, 11, 12, 13, 32])   # what \s matches in bytes
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
    keyed = read_keyed_columns(archive, sheet_title, positions, first_row=first_row, last_row=last_row,
                               stop_after=stop_after)
    return keyed.rows, [keyed.values(keys) for keys in keyed.keys]


SHARED_KEY = 1_000_000     # keys from here on stand for shared strings; below, for small whole numbers


@dataclass
class KeyedColumns:
    """Chosen columns of a sheet as one integer key per row and column, and what the keys stand for:
    -1 no value, 0 to SHARED_KEY - 1 that whole number, SHARED_KEY + i shared string i, and
    -2 - j the j-th of the other values."""

    rows: np.ndarray                  # the row numbers, sorted
    keys: list[np.ndarray]            # per position asked for: each row's key
    shared_texts: dict[int, str]
    others: np.ndarray                # object array of the values that are neither

    def values(self, keys: np.ndarray) -> np.ndarray:
        """The cell values ``keys`` stand for (None for -1), as an object array."""
        result = np.full(len(keys), None, dtype=object)
        small = (keys >= 0) & (keys < SHARED_KEY)
        result[small] = keys[small].astype(object)
        shared = np.flatnonzero(keys >= SHARED_KEY)
        result[shared] = [self.shared_texts.get(key - SHARED_KEY, "") for key in keys[shared].tolist()]
        other = np.flatnonzero(keys <= -2)
        result[other] = self.others[-2 - keys[other]]
        return result


def read_keyed_columns(archive: zipfile.ZipFile, sheet_title: str, positions: list[int], *,
                       first_row: int, last_row: int, stop_after: int | None = None) -> KeyedColumns:
    """``read_columns`` with each column as integer keys, no Python object per cell."""
    part = _sheet_part(archive, sheet_title)
    styles = _date_styles(archive)
    wanted = np.zeros(max(positions, default=0) + 1, dtype=bool)
    wanted[positions] = True
    blocks: list[_BlockCells] = []
    others: list[CellValue] = []
    with archive.open(part) as stream:
        for block in _row_blocks(stream):
            found = _cells(block, wanted, styles, first_row, last_row)
            found.keys[found.keys <= -2] -= len(others)
            others += found.others
            blocks.append(found)
            if stop_after is not None and len(found.rows) and found.rows.max() > stop_after:
                break
    other_values = np.empty(len(others), dtype=object)
    other_values[:] = others
    if not blocks:
        return KeyedColumns(np.zeros(0, np.int64), [np.zeros(0, np.int32) for _ in positions], {}, other_values)
    all_rows, all_columns, all_keys = (_concatenate(blocks, name) for name in ("rows", "columns", "keys"))
    del blocks
    if stop_after is not None:             # only the rows asked for, before any column is built
        kept = all_rows <= stop_after
        all_rows, all_columns, all_keys = all_rows[kept], all_columns[kept], all_keys[kept]
    shared_used = np.unique(all_keys[all_keys >= SHARED_KEY]) - SHARED_KEY
    strings = _shared_strings(archive, set(shared_used.tolist())) if len(shared_used) else {}
    if any(len(text) > MAX_CELL_CHARS for text in strings.values()):
        raise NotPlainSheet("an oversized shared string")  # openpyxl's path refuses it by name
    numbers, line = _lines(all_rows)
    del all_rows
    slot = np.full(len(wanted), -1, np.intp)
    distinct = list(dict.fromkeys(positions))
    slot[distinct] = np.arange(len(distinct))
    grid = np.full((len(distinct), len(numbers)), -1, np.int32)
    place = slot[all_columns] * len(numbers) + line          # each cell's place in the grid, row by row
    del all_columns, line
    # where a row has two cells in one column, another value outranks a shared string, which
    # outranks a whole number; within a kind the later cell counts
    flat = grid.reshape(-1)
    flat[place] = all_keys
    for outranking in (all_keys >= SHARED_KEY, all_keys <= -2):
        chosen = np.flatnonzero(outranking)
        flat[place[chosen]] = all_keys[chosen]
    return KeyedColumns(numbers, [grid[slot[position]] for position in positions], strings, other_values)


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
    keys: np.ndarray              # each cell's key (KeyedColumns), the others numbered from 0 here
    others: list[CellValue]       # the values of the keys below -1


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
    """The chosen cells of a block of whole rows.

    Tags are found from the block's ``<`` and located by their index among them: a cell's value
    tag is normally the next tag, its text ends at the tag after that."""
    # prefixed tags (<x:c>) need the main namespace bound to a prefix: rare, and openpyxl reads them
    if b"spreadsheetml/2006/main" in block and _PREFIXED_MAIN.search(block):
        raise NotPlainSheet("prefixed XML")
    size = len(block)
    a = np.frombuffer(block + bytes(_PADDING), dtype=np.uint8)   # lookahead never runs off the end
    lt = np.flatnonzero(a == _LT)
    one, two = a[lt + 1], a[lt + 2]
    inline_at, inline_text = _inline_texts(block, a, lt, one, two)
    at_cell = np.flatnonzero((one == ord("c")) & ((two == 32) | (two == _GT) | (two == _SLASH)))
    cells = lt[at_cell]
    if len(cells) and not (np.all(a[cells + 2] == 32) and np.all(a[cells + 3] == ord("r"))
                           and np.all(a[cells + 5] == _QUOTE)):
        raise NotPlainSheet("a cell without its reference first")
    row_tags = _row_tags(a, lt, one, two)
    row_numbers = _row_numbers(block, a, row_tags)
    columns = _column_numbers(a, cells, size)
    if len(cells) and not len(row_tags):
        raise NotPlainSheet("cells outside rows")
    row_of = _row_of_each(cells, row_tags)
    cell_rows = row_numbers[row_of]
    if len(cell_rows) and cell_rows.max() > last_row:
        raise SheetTooLarge(int(cell_rows[cell_rows > last_row][0]))
    next_cell = np.append(cells[1:], size)
    keep = columns < len(wanted)
    keep[keep] = wanted[columns[keep]]
    keep &= cell_rows >= first_row
    at_cell, cells, columns, next_cell = at_cell[keep], cells[keep], columns[keep], next_cell[keep]
    row_of, cell_rows = row_of[keep], cell_rows[keep]
    tag_end = _tag_ends(a, lt[np.minimum(at_cell + 1, len(lt) - 1)])   # a cell's tag ends before the next tag
    empty = a[np.maximum(tag_end - 1, 0)] == _SLASH
    value_start, value_end = _value_bounds(a, lt, one, two, inline_at, inline_text, at_cell, tag_end,
                                           empty, size)
    has_value = ~empty & (value_start < next_cell)
    kinds, style_of = _attributes(a, cells, columns, row_numbers, row_of, tag_end, bool(styles))
    small = np.where(has_value, _small_numbers(a, value_start, value_end - value_start), -1)
    plain = has_value & (kinds == 0) & (small >= 0)
    if styles:
        plain &= ~np.isin(style_of, list(styles))
    small = np.where(plain, small, -1)
    shared = np.full(len(cells), -1, np.int64)
    is_shared = np.flatnonzero(has_value & (kinds == ord("s")))
    shared[is_shared] = _small_numbers(a, value_start[is_shared], value_end[is_shared] - value_start[is_shared],
                                       _SHARED_INDEX_DIGITS)
    # cells without a value (formatted blanks) are left out: their rows read as empty there
    special = np.flatnonzero(has_value & ~plain & (shared < 0))
    texts = _texts(block, value_start[special], value_end[special])
    styles_of = style_of[special].tolist() if styles else [-1] * len(special)
    inline = ord("i")
    values = [text if kind == inline and len(text) <= MAX_CELL_CHARS and "&" not in text   # the common case
              else _value(text, kind, style, styles)
              for text, kind, style in zip(texts, kinds[special].tolist(), styles_of)]
    keys = np.where(shared >= 0, shared + SHARED_KEY, small)
    keys[special] = -2 - np.arange(len(special))
    return _BlockCells(rows=cell_rows[has_value].astype(np.int32), columns=columns[has_value].astype(np.int32),
                       keys=keys[has_value].astype(np.int32), others=values)


def _row_tags(a: np.ndarray, lt: np.ndarray, one: np.ndarray, two: np.ndarray) -> np.ndarray:
    """Where each ``<row>`` tag starts."""
    maybe = lt[(one == ord("r")) & (two == ord("o"))]
    four = a[maybe + 4]
    found: np.ndarray = maybe[(a[maybe + 3] == ord("w")) & ((four == 32) | (four == _GT) | (four == _SLASH))]
    return found


def _row_of_each(cells: np.ndarray, row_tags: np.ndarray) -> np.ndarray:
    """For each cell the index of the row tag before it (cells before the first row count to it)."""
    if not len(cells):
        return np.zeros(0, np.intp)
    starts = np.searchsorted(cells, row_tags)
    starts[0] = 0
    return np.repeat(np.arange(len(row_tags)), np.diff(np.append(starts, len(cells))))


def _inline_texts(block: bytes, a: np.ndarray, lt: np.ndarray, one: np.ndarray,
                  two: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Inline strings (``<is><t>text</t></is>``, white space allowed between the tags): the index
    among the tags of each ``<is>`` and where its text starts. Rich inline text (``<is><r>``) is
    left to openpyxl."""
    if b"<is>" not in block:
        return np.zeros(0, np.intp), np.zeros(0, np.int64)
    opening = np.flatnonzero((one == ord("i")) & (two == ord("s")))
    opening = opening[(a[lt[opening] + 3] == _GT) & (opening + 1 < len(lt))]
    inner = lt[opening + 1]                                        # the tag inside <is>
    spaced = np.flatnonzero(inner != lt[opening] + 4).tolist()
    apart = [i for i in spaced if block[int(lt[opening[i]]) + 4:int(inner[i])].strip(b" \t\r\n")]
    opening, inner = np.delete(opening, apart), np.delete(inner, apart)
    name, follow = a[inner + 1], a[inner + 2]
    if np.any((name == ord("r")) & ((follow == _GT) | _IS_PATTERN_SPACE[follow])):
        raise NotPlainSheet("rich inline text")
    is_text = (name == ord("t")) & ((follow == _GT) | _IS_PATTERN_SPACE[follow])
    opening, text = opening[is_text], inner[is_text] + 3
    for i in np.flatnonzero(a[text - 1] != _GT).tolist():           # <t xml:space="preserve">
        text[i] = block.index(b">", int(text[i])) + 1
    return opening, text


def _value_bounds(a: np.ndarray, lt: np.ndarray, one: np.ndarray, two: np.ndarray, inline_at: np.ndarray,
                  inline_text: np.ndarray, at_cell: np.ndarray, tag_end: np.ndarray, empty: np.ndarray,
                  size: int) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) of each cell's value text: after the first ``<v>`` (or inline ``<is><t>``)
    past its tag, up to the next tag; ``size`` where the block has none. The value tag is
    nearly always the tag right after the cell's own, and is looked for further only if not."""
    count = len(lt)
    following = at_cell + 1
    there = np.minimum(following, count - 1)
    start = np.full(len(at_cell), size, np.int64)
    end = np.full(len(at_cell), size, np.int64)
    by_v = (following + 1 < count) & (one[there] == ord("v")) & (two[there] == _GT)
    start[by_v] = lt[following[by_v]] + 3
    end[by_v] = lt[following[by_v] + 1]
    found = by_v
    if len(inline_at):
        opens_inline = np.zeros(count + 1, dtype=bool)
        opens_inline[inline_at] = True
        by_is = np.flatnonzero(opens_inline[following] & (following + 2 < count))
        start[by_is] = inline_text[np.searchsorted(inline_at, following[by_is])]
        end[by_is] = lt[following[by_is] + 2]
        found = by_v.copy()
        found[by_is] = True
    elsewhere = np.flatnonzero(~found & ~empty)
    if len(elsewhere):
        v_open = np.flatnonzero((one == ord("v")) & (two == _GT))
        opens = np.concatenate([lt[v_open], lt[inline_at]])
        texts = np.concatenate([lt[v_open] + 3, inline_text])
        order = np.argsort(opens, kind="stable")
        opens, texts = opens[order], texts[order]
        after = np.searchsorted(opens, tag_end[elsewhere])
        start[elsewhere] = np.where(after < len(opens), texts[np.minimum(after, len(opens) - 1)], size) \
            if len(opens) else size
        end[elsewhere] = lt[np.minimum(np.searchsorted(lt, start[elsewhere]), count - 1)]
    return start, end


_POWERS_OF_TEN = 10 ** np.arange(1, 10)


def _attributes(a: np.ndarray, cells: np.ndarray, columns: np.ndarray, row_numbers: np.ndarray,
                row_of: np.ndarray, tag_end: np.ndarray, need_styles: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each cell's type as ``_cell_types`` gives it and its style index (-1 for none), read from
    the ``t`` and ``s`` attributes that follow its reference; a block with a cell written any
    other way (other attributes first, white space) is searched as ``_cell_types`` does."""
    digits = np.searchsorted(_POWERS_OF_TEN, row_numbers, side="right") + 1
    first_digit = row_numbers // (10 ** (digits - 1)) + 48
    first = cells + 6 + 1 + (columns >= 26) + (columns >= 702)     # the reference's first digit
    quote = first + digits[row_of]
    regular = ((a[quote] == _QUOTE) & (a[first] == first_digit[row_of])
               & (a[quote - 1] == (row_numbers % 10 + 48)[row_of]))
    common, common_kind, common_style = _common_attributes(a, quote)
    type_at = np.full(len(cells), -1, np.int64)
    style_at = np.full(len(cells), -1, np.int64)
    style_end = np.zeros(len(cells), np.int64)
    at = quote + 1
    pending = np.flatnonzero(regular & ~common)
    for _ in range(3):                             # a type, a style, the tag's end: in any order
        p = at[pending]
        closed = (a[p] == _GT) | ((a[p] == _SLASH) & (a[p + 1] == _GT))
        pending, p = pending[~closed], p[~closed]
        named = (p < tag_end[pending]) & (a[p] == 32) & (a[p + 2] == ord("=")) & (a[p + 3] == _QUOTE)
        value_end = _closing_quotes(a, p + 4)
        is_type = named & (a[p + 1] == ord("t")) & (type_at[pending] < 0) & (value_end > 0)
        is_style = named & (a[p + 1] == ord("s")) & (style_at[pending] < 0) & (value_end > 0)
        regular[pending[~(is_type | is_style)]] = False
        type_at[pending[is_type]] = p[is_type]
        style_at[pending[is_style]] = p[is_style] + 4
        style_end[pending[is_style]] = value_end[is_style]
        keep = is_type | is_style
        pending = pending[keep]
        at[pending] = value_end[keep] + 1
    regular[pending] = False
    if not regular.all():
        return (_cell_types(a, cells, tag_end),
                _style_numbers(a, cells, tag_end) if need_styles else np.full(len(cells), -1, np.int64))
    typed = np.flatnonzero(type_at >= 0)
    letter = a[type_at[typed] + 4].astype(np.int64)
    kind = np.zeros(len(cells), np.int64)
    kind[typed] = np.where((letter == ord("s")) & (a[type_at[typed] + 5] == ord("t")), ord("S"),
                           np.where(letter == ord("n"), 0, letter))
    style = np.full(len(cells), -1, np.int64)
    styled = np.flatnonzero(style_at >= 0)
    style[styled] = _small_numbers(a, style_at[styled], style_end[styled] - style_at[styled])
    return np.where(common, common_kind, kind), np.where(common, common_style, style)


def _pattern(text: bytes) -> tuple[np.uint64, np.uint64]:
    """(value, mask) of up to 8 bytes read as one little-endian word; "?" matches any byte."""
    value = mask = 0
    for i, byte in enumerate(text):
        if byte != ord("?"):
            value, mask = value | byte << (8 * i), mask | 0xFF << (8 * i)
    return np.uint64(value), np.uint64(mask)


_TYPE_ATTRIBUTE, _STYLE_ATTRIBUTE = _pattern(b' t="?"'), _pattern(b' s="?"')
_LAST_TYPE = _pattern(b' t="?">')
_INLINE_TYPE, _INLINE_TYPE_END = _pattern(b' t="inli'), _pattern(b'neStr">')


def _common_attributes(a: np.ndarray, quote: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(which cells are written in a common way, their types, their styles): after the reference
    nothing, a one-letter type, a one-digit style, or a style and then a type, each read as one
    8-byte word instead of byte by byte."""
    words = np.ndarray((len(a) - 8,), dtype="<u8", buffer=a, strides=(1,))
    word = words[quote + 1]
    octet = word.view(np.uint8).reshape(-1, 8)                      # octet[:, k]: the word's byte k
    ends = (octet[:, 0] == _GT) | ((octet[:, 0] == _SLASH) & (octet[:, 1] == _GT))
    value, after = octet[:, 4].astype(np.int64), octet[:, 6]
    is_type = (word & _TYPE_ATTRIBUTE[1]) == _TYPE_ATTRIBUTE[0]
    is_style = ((word & _STYLE_ATTRIBUTE[1]) == _STYLE_ATTRIBUTE[0]) & (value >= 48) & (value <= 57)
    ends |= (is_type | is_style) & (after == _GT)
    kind = np.where(is_type, np.where(value == ord("n"), 0, value), 0)
    style = np.where(is_style, value - 48, -1)
    then = np.flatnonzero(is_style & (after == 32))                 # ' s="1" t="s">', as Excel writes it
    second = words[quote[then] + 7]
    typed = (second & _LAST_TYPE[1]) == _LAST_TYPE[0]
    letter = ((second[typed] >> np.uint64(32)) & np.uint64(0xFF)).astype(np.int64)
    kind[then[typed]] = np.where(letter == ord("n"), 0, letter)
    ends[then[typed]] = True
    inline = np.flatnonzero(word == _INLINE_TYPE[0])                 # ' t="inlineStr">', as openpyxl writes it
    inline = inline[(words[quote[inline] + 9] & _INLINE_TYPE_END[1]) == _INLINE_TYPE_END[0]]
    kind[inline], ends[inline] = ord("i"), True
    return ends, kind, style


def _closing_quotes(a: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The quote closing each attribute value that starts at ``start``; -1 if none in 16 bytes."""
    end = start.copy()
    going = np.flatnonzero(a[end] != _QUOTE)
    for _ in range(16):
        if not len(going):
            return end
        end[going] += 1
        going = going[a[end[going]] != _QUOTE]
    end[going] = -1
    return end


def _texts(block: bytes, start: np.ndarray, end: np.ndarray) -> list[str]:
    """The block's text from each ``start`` to its ``end``, decoded in one go where they join
    as valid UTF-8 (a NUL, which XML does not allow, keeps them apart), else one by one."""
    slices = [block[s:e] for s, e in zip(start.tolist(), end.tolist())]
    joined = b"\0".join(slices)
    if len(slices) > 1 and b"\0" not in block:
        try:
            return joined.decode("utf-8").split("\0")
        except UnicodeDecodeError:
            pass
    return [piece.decode("utf-8", errors="replace") for piece in slices]


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
    """Each value as a whole number where it is 1 to ``digits`` digits, else -1 (most codes have
    one digit: each further digit is read only for the values that have it)."""
    value = a[np.minimum(start, len(a) - 1)].astype(np.int64) - 48
    ok = (length >= 1) & (length <= digits) & (value >= 0) & (value <= 9)
    longer = np.flatnonzero(ok & (length > 1))
    for k in range(1, digits):
        if not len(longer):
            break
        digit = a[start[longer] + k].astype(np.int64) - 48
        good = (digit >= 0) & (digit <= 9)
        ok[longer[~good]] = False
        longer, digit = longer[good], digit[good]
        value[longer] = value[longer] * 10 + digit
        longer = longer[length[longer] > k + 1]
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
