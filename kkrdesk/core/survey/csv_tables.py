"""The CSV layouts of a SurveyXact export: encoding and separator detection, bounded reading."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError
from kkrdesk.core.files.boundary import Use, admit, classify, reading
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.sniff import utf16_without_bom

SEPARATORS = ("\t", ";", ",")
SEPARATOR_NAMES = {"\t": "tabulator", ";": "semikolon", ",": "komma"}
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1252": "Windows-1252",
                  "latin-1": "ISO-8859-1", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}


@dataclass(frozen=True)
class CsvText:
    """One CSV file decoded: its text, the encoding found and the separator found."""

    path: Path
    text: str
    encoding: str
    separator: str

    @property
    def description(self) -> str:
        return f"CSV, {SEPARATOR_NAMES[self.separator]}, {ENCODING_NAMES[self.encoding]}"


def decode_file(path: Path) -> tuple[str, str]:
    """The text of ``path`` and the encoding it was read with (BOM, then UTF-8, then Windows-1252)."""
    if admit(path, Use.SURVEY).kind not in (FileKind.CSV, FileKind.TEXT):
        raise BadFileError("filen er ikke en CSV-fil, som de andre filer i eksporten.",
                           reason="not-survey", file=path,
                           hint="Vælg de tre CSV-filer fra SurveyXacts eksport (dataset, labels og "
                           "structure), eller eksporten som ét Excel-ark.")
    data = path.read_bytes()
    if not data.strip():
        raise BadFileError("filen er tom.", reason="empty", file=path,
                           hint="Eksportér undersøgelsen igen fra SurveyXact.")
    if data.startswith(b"\xff\xfe"):
        return _decode(path, data[2:], "utf-16-le"), "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return _decode(path, data[2:], "utf-16-be"), "utf-16-be"
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(path, data[3:], "utf-8"), "utf-8-sig"
    encoding = utf16_without_bom(data[:4096])
    if encoding:
        return _decode(path, data, encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:  # bytes cp1252 leaves undefined (0x81, 0x8d, ...)
        return data.decode("latin-1"), "latin-1"


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BadFileError(f"filen er ikke gyldig {ENCODING_NAMES[encoding]}-tekst.",
                           reason="damaged", file=path,
                           hint="Eksportér undersøgelsen igen fra SurveyXact.") from None


def _first_line(text: str) -> str:
    end = text.find("\n", 0, 1_000_000)
    return (text[:end] if end >= 0 else text[:1_000_000]).rstrip("\r")


def _split(line: str, separator: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:          # a stray carriage return or NUL: fields as the separator cuts them
        return line.split(separator)


def detect_separator(text: str, role: str) -> str | None:
    """The separator of a Dataset, Labels or Structure text, judged from its first line."""
    line = _first_line(text)
    for separator in SEPARATORS:
        fields = [f.strip() for f in _split(line, separator)]
        if role == "structure" and {"questionname", "variablename"} <= {f.casefold() for f in fields}:
            return separator
        if role == "labels" and len(fields) >= 3 and fields[0] and _is_integer(fields[1]):
            return separator
    if role == "dataset":
        counts = {separator: len(_split(line, separator)) for separator in SEPARATORS}
        best = max(SEPARATORS, key=lambda s: counts[s])
        return best if counts[best] > 1 else None
    return None


def _is_integer(text: str) -> bool:
    return text.lstrip("+-").isdigit()


def read_csv_text(path: Path, role: str) -> CsvText:
    text, encoding = decode_file(path)
    separator = detect_separator(text, role)
    if separator is None:
        expected = {"structure": "en overskriftslinje med questionName; variableName; …",
                    "labels": "linjer med variabel; værdi; tekst",
                    "dataset": "en overskriftslinje med variabelnavne"}[role]
        raise BadFileError(f"filen ligner ikke SurveyXacts {role}-fil (der mangler {expected}).",
                           reason="not-survey", file=path,
                           hint="Vælg de tre CSV-filer fra SurveyXacts eksport (dataset, labels og "
                           "structure), eller eksporten som ét Excel-ark.")
    return CsvText(path=path, text=text, encoding=encoding, separator=separator)


def csv_rows(source: CsvText, max_rows: int) -> list[list[str]]:
    """All records of a small table (Labels, Structure), refusing more than ``max_rows``."""
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(source.text, newline=""), delimiter=source.separator)
    try:
        for row in reader:
            if len(rows) > max_rows:
                raise BadFileError(f"filen har mere end {danish.format_int(max_rows)} linjer.",
                                   reason="too-large", file=source.path,
                                   hint="Det er ikke en SurveyXact-eksport, kkrdesk kan læse.")
            rows.append(row)
    except csv.Error as exc:
        raise classify(exc, source.path, f"filen (linje {reader.line_num})",
                       "Eksportér undersøgelsen igen fra SurveyXact.") from None
    return rows


def dataset_header(source: CsvText) -> list[str]:
    return [name.strip() for name in _split(_first_line(source.text), source.separator)]


def read_dataset_columns(source: CsvText, columns: list[str], max_rows: int) -> pd.DataFrame:
    """The named columns of a Dataset CSV, each as whole numbers where every cell is one and as
    text otherwise (a missing cell ""), indexed by row number (header = 1);
    ``text.canonical_codes`` turns them into codes."""
    with reading(source.path, "Dataset-filen", "Eksportér undersøgelsen igen fra SurveyXact."):
        # handed over as UTF-8 bytes: pandas' C parser then decodes in C, where a text stream
        # would be read through Python in chunks (a third of the read's time on 100,000 rows)
        data = source.text.encode("utf-8")
        # codes parsed as numbers in C are handed on as numbers: a whole number's code is the
        # number as canonical_code writes it; a column read any other way (decimals, true/false)
        # is read again as its text, which canonical_code decides on
        frame = _parse(data, source.separator, max_rows, lambda name: name.strip() in columns)
        as_text = [str(name) for name, dtype in frame.dtypes.items()
                   if dtype != np.int64 and not pd.api.types.is_string_dtype(dtype)]
        if as_text:
            frame[as_text] = _parse(data, source.separator, max_rows, as_text, dtype=str)[as_text]
    frame.columns = [str(name).strip() for name in frame.columns]
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame


def _parse(data: bytes, separator: str, max_rows: int, usecols: Callable[[str], bool] | list[str],
           dtype: type[str] | None = None) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8", sep=separator, usecols=usecols, dtype=dtype,
                       keep_default_na=False, na_filter=False, index_col=False, nrows=max_rows + 1,
                       engine="c")
