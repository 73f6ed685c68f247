"""The one door every user file comes in by: what it is, whether this use may read it, and one Danish message when not.

Every path by which a file from outside enters kkrdesk calls ``admit(path, use)`` before any
parser sees the file: adding a bilag and validating a meeting, the reader, the search index,
a survey export, a contract and its results file, a member pack, and the export. ``admit``
checks, in this order, that the file is there, its size for the use, what its content is
(a ZIP is checked as a hostile archive and an Office file's XML parts for DTDs), that the
name's suffix and the content agree, that the use can read that kind, and, for a PDF, the
screening in a child process (page tree, pages, time, memory).

The parsing that follows runs inside ``reading(path, what)``, which turns whatever a library
raises on a broken file (the exceptions listed in ``bad_file``) into a BadFileError: the one
exception a user ever meets, with ``reason`` one of REASONS, a Danish message naming the file
and a hint saying what to do. Anything else is kkrdesk's own failure: logged with its traceback
and raised as an InternalError that says so.
"""

from __future__ import annotations

import csv
import logging
import os
import stat
import sys
import warnings
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kkrdesk.core import danish
from kkrdesk.core.errors import BadFileError, InternalError, KkrError
from kkrdesk.core.files.archive import check_archive
from kkrdesk.core.files.bad_file import means_bad_file, short_reason
from kkrdesk.core.files.hashing import FileIdentity, identity_of, sha256_known
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.limits import (
    MAX_BILAG_BYTES,
    MAX_CELL_CHARS,
    MAX_CONTRACT_BYTES,
    MAX_PACK_BYTES,
    MAX_RESULTS_BYTES,
    MAX_SURVEY_FILE_BYTES,
    OFFICE_ARCHIVE,
    PACK_ARCHIVE,
    SURVEY_ARCHIVE,
    ArchiveLimits,
)
from kkrdesk.core.files.pdf_check import PdfCheck, check_from
from kkrdesk.core.files.sniff import SNIFF_BYTES, ZIP_MAGICS, sniff_kind
from kkrdesk.core.files.verdicts import read_verdict
from kkrdesk.core.logbook import log_file
from kkrdesk.core.lru import LruCache

log = logging.getLogger(__name__)
_SCREENING = "kkrdesk.core.files.pdf_screen"

# What went wrong, as BadFileError.reason. Features add their own for files that are sound
# but not what was asked for: not-survey, not-a-contract, not-a-pack, tampered, layout.
REASONS = {
    "missing": "filen findes ikke, eller den kan ikke læses",
    "empty": "filen er tom eller har intet indhold",
    "too-large": "filen er større end en grænse i kkrdesk",
    "not-a-zip": "filen skulle være en ZIP-pakke, som .docx, .xlsx og .kkrpack er, men er det ikke",
    "truncated": "filen er afkortet (hentet eller gemt halvt)",
    "damaged": "filen er ødelagt og kan ikke læses",
    "encrypted": "filen er beskyttet med adgangskode",
    "macro": "dokumentet indeholder makroer",
    "unsupported": "kkrdesk kan ikke læse denne slags fil til dette formål",
    "hostile": "filen er bygget til at skade: en bombe, en DTD, en sti ud af mappen eller en for dyb "
               "struktur",
    "timeout": "filen tager for lang tid at åbne",
}

HINTS = {
    "missing": "Kontrollér stien, og at du har adgang til filen.",
    "empty": "Hent filen igen fra afsenderen.",
    "too-large": "Del filen op, eller gem den i en mindre udgave.",
    "not-a-zip": "Filen er ødelagt eller omdøbt; bed afsenderen om at sende den igen.",
    "truncated": "Hent filen igen; den blev måske ikke hentet helt.",
    "damaged": "Hent filen igen fra afsenderen, eller åbn den i det program, den er lavet i, og "
               "gem den igen.",
    "encrypted": "Bed afsenderen om en udgave uden adgangskode.",
    "hostile": "Åbn ikke filen; bed afsenderen om en ny udgave.",
}


class Use(StrEnum):
    """What kkrdesk is about to do with a file; each use has its own size limit and kinds."""

    BILAG = "bilag"          # added to a meeting, or checked by validate
    READER = "reader"        # shown in the reader
    INDEX = "index"          # read for the search index
    SURVEY = "survey"        # one file of a SurveyXact export
    CONTRACT = "contract"    # a resultatkontrakt
    RESULTS = "results"      # a contract's results file
    PACK = "pack"            # a member pack
    EXPORT = "export"        # a bilag merged into the exported bilag pack


@dataclass(frozen=True)
class _Rule:
    max_bytes: int
    size_hint: str
    kinds: frozenset[FileKind] | None      # None: every kind
    wrong_kind: tuple[str, str, str] = ("", "", "")   # reason, message ({kind} filled in), hint
    archive: ArchiveLimits = OFFICE_ARCHIVE           # an Office file's ZIP container


_TABLES = frozenset({FileKind.XLSX, FileKind.CSV, FileKind.TEXT})
_SURVEY_HINT = ("Eksportér undersøgelsen fra SurveyXact med datasæt, labels og struktur, enten som ét "
                "Excel-ark eller som tre CSV-filer.")
_RULES = {
    Use.BILAG: _Rule(MAX_BILAG_BYTES, "Del bilaget op, eller gem det med mindre billeder.", None),
    Use.READER: _Rule(MAX_BILAG_BYTES, "Åbn filen i det program, den er lavet med.",
                      frozenset(FileKind) - {FileKind.OTHER},
                      ("unsupported", "kkrdesk kan ikke vise denne type fil.",
                       "Åbn filen i det program, den er lavet med.")),
    Use.INDEX: _Rule(MAX_BILAG_BYTES, "Del bilaget op i mindre filer.", None),
    Use.EXPORT: _Rule(MAX_BILAG_BYTES, "Del bilaget op, eller gem det med mindre billeder.", None),
    Use.SURVEY: _Rule(MAX_SURVEY_FILE_BYTES, "Eksportér færre spørgsmål eller besvarelser ad gangen.",
                      _TABLES, ("not-survey", "filen er ikke en SurveyXact-eksport (den er {kind}).",
                                _SURVEY_HINT), SURVEY_ARCHIVE),
    Use.CONTRACT: _Rule(MAX_CONTRACT_BYTES, "Vælg selve kontrakten.",
                        frozenset({FileKind.DOCX, FileKind.PDF}),
                        ("unsupported", "filen er hverken et Word-dokument (.docx) eller en PDF.",
                         "Gem kontrakten som .docx eller PDF, og prøv igen.")),
    Use.RESULTS: _Rule(MAX_RESULTS_BYTES, "Resultatfilen skal kun have én række pr. målepunkt.",
                       _TABLES, ("unsupported", "resultatfilen er hverken CSV eller Excel (.xlsx).",
                                 "Gem resultaterne som CSV eller .xlsx.")),
    Use.PACK: _Rule(MAX_PACK_BYTES, "Bed sekretariatet om en mindre pakke.", None),
}

KIND_DA = {FileKind.PDF: "en PDF-fil", FileKind.DOCX: "et Word-dokument", FileKind.XLSX: "et regneark",
           FileKind.CSV: "en CSV-fil", FileKind.TEXT: "en tekstfil", FileKind.IMAGE: "et billede",
           FileKind.OTHER: "en ukendt slags fil"}
_ZIP_SUFFIXES = {".docx": "et Word-dokument", ".xlsx": "et Excel-regneark", ".docm": "et Word-dokument",
                 ".xlsm": "et Excel-regneark", ".kkrpack": "en kkrdesk-pakke"}
_FORMATLESS = {FileKind.TEXT, FileKind.CSV, FileKind.OTHER}   # what sniffing says of bytes in no format
ADMITTED_CACHE_SIZE = 512


@dataclass(frozen=True)
class Admitted:
    """A file let in for one use: its kind by content, its size, and what screening found."""

    path: Path
    kind: FileKind
    size: int
    pdf: PdfCheck | None = None                      # for a PDF: its pages and whether it needs repair
    entries: tuple[zipfile.ZipInfo, ...] = ()        # for a pack: its checked entries
    sha256: str | None = None                        # when asked for, or given


def admit(path: Path, use: Use, *, password: str = "", fingerprint: bool = False) -> Admitted:
    """Let ``path`` in for ``use`` or raise BadFileError saying why not; nothing is written.

    ``password`` opens an encrypted PDF; ``fingerprint`` asks for the file's sha256 (computed
    only once the size is known to be within the limit). A file admitted before, unchanged on
    disk, is admitted again without new checks.
    """
    path = Path(path)
    identity = _identity_of(path)
    key = (identity, use, password)
    known = _admitted.get(key)
    if known is not None and (known.sha256 or not fingerprint):
        return known
    rule = _RULES[use]
    if identity.size > rule.max_bytes:
        raise BadFileError(f"filen fylder {danish.format_size(identity.size)}; kkrdesk læser højst "
                           f"{danish.format_size(rule.max_bytes)} til dette formål.",
                           reason="too-large", file=path, hint=rule.size_hint)
    with reading(path, "filen"):
        if use is Use.PACK:
            admitted = _admit_pack(path, identity, fingerprint)
        else:
            admitted = _admit_document(path, identity, rule, password, fingerprint)
    _admitted.put(key, admitted)
    return admitted


_admitted: LruCache[Admitted] = LruCache(ADMITTED_CACHE_SIZE)


def _identity_of(path: Path) -> FileIdentity:
    """The file's identity (one ``stat``, passed on to the hash and the screening), or BadFileError."""
    try:
        found = os.stat(path)
    except OSError:
        raise _unreadable(path) from None
    if not stat.S_ISREG(found.st_mode):
        raise _unreadable(path)
    return identity_of(found)


def _unreadable(path: Path) -> BadFileError:
    """Why ``path`` is no file to read: missing (or a folder), or what the system said."""
    try:
        if path.is_file():
            path.stat()
    except OSError as exc:
        return BadFileError(f"filen kan ikke læses ({exc.strerror or exc}).", reason="missing",
                            file=path, hint=HINTS["missing"])
    return BadFileError("filen findes ikke eller er en mappe.", reason="missing", file=path,
                        hint=HINTS["missing"])


def _admit_document(path: Path, identity: FileIdentity, rule: _Rule, password: str,
                    fingerprint: bool) -> Admitted:
    kind = sniff_kind(path, rule.archive)
    _check_suffix(path, kind)
    if rule.kinds is not None and kind not in rule.kinds:
        reason, message, hint = rule.wrong_kind
        raise BadFileError(message.format(kind=KIND_DA[kind]), reason=reason, file=path, hint=hint)
    if kind is FileKind.IMAGE:
        from kkrdesk.core.files.image_screen import screen_image  # its child only when an image comes in

        screen_image(path, identity=identity)
    # screened first: a PDF a background child holds is hashed there, and the hash is known after
    pdf = _screened(path, password, identity) if kind is FileKind.PDF else None
    sha256 = sha256_known(path, identity) if fingerprint else None
    return Admitted(path=path, kind=kind, size=identity.size, pdf=pdf, sha256=sha256)


def _screened(path: Path, password: str, identity: FileIdentity) -> PdfCheck:
    """``screen_pdf``'s check, taken from the disk cache while this process has screened nothing.

    Until ``pdf_screen`` is loaded it has no verdicts in memory and no child under way, so a
    cached verdict is its answer too; the window's checks at start-up then need neither the
    module nor ``subprocess`` behind it (~40 M instructions before the first paint).
    """
    if _SCREENING not in sys.modules and not password:
        verdict = read_verdict(sha256_known(path, identity))
        if verdict is not None:
            return check_from(verdict, path)
    from kkrdesk.core.files.pdf_screen import screen_pdf

    return screen_pdf(path, password, identity=identity)


def _check_suffix(path: Path, kind: FileKind) -> None:
    """The content decides what a file is, unless the name promises a format and the content is
    none at all: a .docx, .xlsx or .kkrpack that is no ZIP, a .docx or .xlsx whose ZIP holds no
    Office document, a .pdf that is no PDF (damaged or renamed; as text it shows only garbage)."""
    if kind not in _FORMATLESS:
        return
    suffix = path.suffix.lower()
    with open(path, "rb") as handle:
        is_zip = handle.read(4).startswith(ZIP_MAGICS)
    if suffix in _ZIP_SUFFIXES and not is_zip:
        raise BadFileError(f"filen hedder {suffix} og skulle være {_ZIP_SUFFIXES[suffix]}, men er ikke "
                           f"en ZIP-pakke, som sådan en fil er (indholdet er {KIND_DA[kind]}).",
                           reason="not-a-zip", file=path, hint=HINTS["not-a-zip"])
    if suffix in _ZIP_SUFFIXES and suffix != ".kkrpack":
        raise BadFileError(f"filen hedder {suffix}, men ZIP-pakken indeholder ikke "
                           f"{_ZIP_SUFFIXES[suffix]}.", reason="damaged", file=path,
                           hint=HINTS["not-a-zip"])
    if suffix == ".pdf":
        raise BadFileError(f"filen hedder .pdf, men er ikke en PDF-fil (indholdet er {KIND_DA[kind]}).",
                           reason="damaged", file=path, hint=HINTS["not-a-zip"])


def _admit_pack(path: Path, identity: FileIdentity, fingerprint: bool) -> Admitted:
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head:
        raise BadFileError("filen er tom (0 byte).", reason="empty", file=path, hint=HINTS["empty"])
    if not head.startswith(ZIP_MAGICS):
        raise BadFileError("filen er ikke en kkrdesk-pakke (den er ikke en ZIP-pakke, som en "
                           ".kkrpack-fil er).", reason="not-a-zip", file=path,
                           hint="Vælg en .kkrpack-fil lavet med kkrdesk pack.")
    entries = check_archive(path, PACK_ARCHIVE, what="pakken")
    return Admitted(path=path, kind=FileKind.OTHER, size=identity.size, entries=tuple(entries),
                    sha256=sha256_known(path, identity) if fingerprint else None)


@contextmanager
def reading(path: Path, what: str, hint: str = "") -> Iterator[None]:
    """Parse an admitted file inside this block: anything a library raises becomes BadFileError.

    ``what`` names the file in the message ("Word-dokumentet", "regnearket", ...). kkrdesk's
    own errors pass through unchanged; library warnings are not shown.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libraries' remarks on odd files mean nothing to a user
            yield
    except KkrError:
        raise
    except Exception as exc:  # openpyxl, python-docx, lxml, pikepdf, zipfile raise dozens of types
        if not means_bad_file(exc):
            raise internal_error(exc, Path(path), what) from exc
        raise classify(exc, Path(path), what, hint) from None


def internal_error(exc: BaseException, path: Path, what: str) -> InternalError:
    """kkrdesk's own failure while reading ``path``: logged with its traceback, told as ours."""
    log.error("kkrdesk failed while reading a file (%s)", path.suffix or "no suffix", exc_info=exc)
    return InternalError(f"kkrdesk kunne ikke læse {what} på grund af en uventet fejl i kkrdesk, ikke i "
                         "filen.", file=path,
                         hint=f"Send fejlrapporten til udviklerne; den står i logfilen {log_file()}.")


def classify(exc: BaseException, path: Path, what: str, hint: str = "") -> BadFileError:
    """The BadFileError a user sees for an exception a library raised on ``path``."""
    name = type(exc).__name__
    if isinstance(exc, MemoryError):
        return BadFileError(f"{what} kræver mere hukommelse at læse, end der er til rådighed.",
                            reason="too-large", file=path, hint=hint or HINTS["too-large"])
    if isinstance(exc, RecursionError):
        return BadFileError(f"{what} er bygget så dybt indlejret, at den ikke kan læses sikkert.",
                            reason="hostile", file=path, hint=hint or HINTS["hostile"])
    if name == "PasswordError" or ("password" in str(exc).lower() and "encrypt" in str(exc).lower()):
        return BadFileError(f"{what} er beskyttet med adgangskode.", reason="encrypted", file=path,
                            hint=hint or HINTS["encrypted"])
    if isinstance(exc, FileNotFoundError):
        return BadFileError(f"{what} findes ikke længere.", reason="missing", file=path,
                            hint=HINTS["missing"])
    if isinstance(exc, (EOFError, zipfile.BadZipFile)) and _looks_truncated(exc):
        return BadFileError(f"{what} er afkortet ({_technical(exc, path)}).", reason="truncated",
                            file=path, hint=hint or HINTS["truncated"])
    if isinstance(exc, csv.Error):
        if "field larger than field limit" in str(exc):
            return BadFileError(f"{what} har en celle med mere end {danish.format_int(csv.field_size_limit())} "
                                "tegn.", reason="too-large", file=path,
                                hint=hint or HINTS["too-large"])
        return BadFileError(f"{what} kan ikke læses som CSV (teknisk: {_technical(exc, path)}).",
                            reason="damaged", file=path, hint=hint or HINTS["damaged"])
    if isinstance(exc, UnicodeError):
        return BadFileError(f"{what} har tegn, der ikke kan læses ({_technical(exc, path)}).",
                            reason="damaged", file=path, hint=hint or HINTS["damaged"])
    if isinstance(exc, OSError) and exc.errno is not None:   # the system's, not a library's "bad data"
        return BadFileError(f"{what} kan ikke læses ({exc.strerror or _technical(exc, path)}).",
                            reason="missing", file=path, hint=HINTS["missing"])
    return BadFileError(f"{what} er ødelagt og kan ikke læses (teknisk: {name}: {_technical(exc, path)}).",
                        reason="damaged", file=path, hint=hint or HINTS["damaged"])


def _technical(exc: BaseException, path: Path) -> str:
    """A library's text for the message, without the file's path: the message names the file already
    (python-docx says "Package not found at '/the/path.docx'")."""
    text = short_reason(exc)
    for shown in (repr(str(path)), f'"{path}"', str(path)):
        text = text.replace(shown, "…")
    return text


def check_cell(value: object, path: Path, what: str) -> None:
    """Refuse a spreadsheet cell longer than Excel can make (one string shared by every cell
    can otherwise make a 100 KB file expand to gigabytes of text)."""
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise BadFileError(f"{what} har en celle med {danish.format_int(len(value))} tegn; Excel kan højst "
                           f"have {danish.format_int(MAX_CELL_CHARS)} tegn i en celle.", reason="too-large",
                           file=path, hint="Filen er ikke gemt af Excel; bed afsenderen om en ny udgave.")


def _looks_truncated(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, EOFError) or "truncated" in text or "end of central directory" in text \
        or "not a zip file" in text
