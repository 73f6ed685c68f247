"""Which exceptions mean "the file is damaged" rather than "kkrdesk failed": each reader's own, in one table.

The import boundary (``boundary.reading``) reports these as a bad file. Anything else raised while
reading a file (a TypeError or AttributeError in kkrdesk's own code, say) is a bug in kkrdesk, and
the boundary reports it as ours.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Iterator

# Per reader: the exceptions it documents (or is known to raise) for a file it cannot read, as
# (module, name). A name is looked up only when its module is loaded: an exception cannot come
# from a library that was never imported, and boundary must not import them all.
BAD_FILE_EXCEPTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "zipfile": (("zipfile", "BadZipFile"), ("zipfile", "LargeZipFile"), ("zlib", "error"),
                ("lzma", "LZMAError")),
    "csv": (("_csv", "Error"),),
    "binary formats": (("struct", "error"), ("builtins", "EOFError")),
    "text": (("builtins", "UnicodeError"),),
    "files and the system": (("builtins", "OSError"), ("builtins", "MemoryError"),
                             ("builtins", "RecursionError")),
    "XML": (("lxml.etree", "LxmlError"), ("xml.etree.ElementTree", "ParseError"),
            ("xml.parsers.expat", "ExpatError"), ("defusedxml.common", "DefusedXmlException")),
    "pikepdf": (("pikepdf", "PdfError"), ("pikepdf", "PasswordError"),
                ("pikepdf", "OutlineStructureError")),
    "pypdfium2": (("pypdfium2", "PdfiumError"),),
    "openpyxl": (("openpyxl.utils.exceptions", "InvalidFileException"),
                 ("openpyxl.utils.exceptions", "IllegalCharacterError"),
                 ("openpyxl.utils.exceptions", "CellCoordinatesException")),
    "python-docx": (("docx.opc.exceptions", "OpcError"), ("docx.exceptions", "PythonDocxError")),
    "pandas": (("pandas.errors", "ParserError"), ("pandas.errors", "EmptyDataError")),
    "Pillow": (("PIL.Image", "DecompressionBombError"), ("PIL", "UnidentifiedImageError")),
}

# Readers that raise plain built-in exceptions from their own code on a malformed file (openpyxl's
# typed descriptors, python-docx's missing relationships, Pillow's plugins, zipfile's KeyError for
# a missing part, NotImplementedError for an unknown compression method, RuntimeError for an
# encrypted entry, and Pillow's SyntaxError for a broken PNG chunk): such an exception counts as the
# file's only when it was raised inside the library.
PLAIN_ERRORS_FROM = ("zipfile", "openpyxl", "docx", "docxcompose", "PIL", "pandas", "pikepdf",
                     "pypdfium2", "et_xmlfile", "defusedxml")
PLAIN_ERRORS = (ValueError, TypeError, KeyError, IndexError, NotImplementedError, RuntimeError, SyntaxError)


def means_bad_file(exc: BaseException) -> bool:
    """True when ``exc`` says the file is unreadable; False when it is a failure of kkrdesk."""
    if isinstance(exc, _documented()):
        return True
    return isinstance(exc, PLAIN_ERRORS) and _raised_in_library(exc)


def _documented() -> tuple[type[BaseException], ...]:
    found: list[type[BaseException]] = []
    for names in BAD_FILE_EXCEPTIONS.values():
        for module_name, name in names:
            module = sys.modules.get(module_name)
            kind = getattr(module, name, None) if module is not None else None
            if isinstance(kind, type) and issubclass(kind, BaseException):
                found.append(kind)
    return tuple(found)


def _raised_in_library(exc: BaseException) -> bool:
    """The innermost Python frame of the traceback belongs to one of PLAIN_ERRORS_FROM."""
    module = next(_innermost_modules(exc), "")
    return module.split(".")[0] in PLAIN_ERRORS_FROM


def _innermost_modules(exc: BaseException) -> Iterator[str]:
    frames = [frame for frame, _ in traceback.walk_tb(exc.__traceback__)]
    for frame in reversed(frames):
        yield frame.f_globals.get("__name__", "")


def short_reason(exc: BaseException) -> str:
    """A library's exception text, without its file name prefix and cut to a readable length."""
    text = (str(exc).split(": ", 1)[-1] if ": " in str(exc) else str(exc)).strip().rstrip(".")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip(".")
    return (text or type(exc).__name__)[:160]
