"""Turning every printed bilag into a PDF the pack can merge: as is, via LibreOffice, or an image's rendition."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from kkrdesk.core.cancelling import never_cancelled
from kkrdesk.core.errors import KkrError, Problem, Severity, UnsafePathError
from kkrdesk.core.export.progress import Steps
from kkrdesk.core.export.selection import SelectedBilag
from kkrdesk.core.files.boundary import KIND_DA, Use, admit
from kkrdesk.core.files.hashing import sha256_of
from kkrdesk.core.files.image_pdf import image_pdf
from kkrdesk.core.files.kinds import FileKind
from kkrdesk.core.files.pdf_screen import count_pdf_pages
from kkrdesk.core.files.safepath import inside
from kkrdesk.core.ocr.rendition import searchable_copy
from kkrdesk.core.office import libreoffice, soffice

# Bilag kinds LibreOffice can print for us.
CONVERTED_KINDS = frozenset({FileKind.DOCX, FileKind.TEXT})


@dataclass(frozen=True, eq=False)
class ResolvedBilag:
    """A printed bilag ready for the pack, or the reason it cannot go in (it then gets one notice page)."""

    selected: SelectedBilag
    pdf: Path | None
    page_count: int = 0
    problem: Problem | None = None
    keep_active_content: bool = False   # the user asked to keep scripts, launches etc. (see pdf_active)

    @property
    def pages(self) -> int:
        """Pages it takes in the pack after its separator (a notice page when it cannot go in)."""
        return self.page_count if self.pdf is not None else 1


def describe(selected: SelectedBilag) -> str:
    """``bilag 2 til punkt 2.2 (bilag/x.pdf)``: how messages name a bilag."""
    return f"bilag {selected.number} til punkt {selected.item.number} ({selected.bilag.file})"


def failure(selected: SelectedBilag, code: str, message: str, hint: str) -> ResolvedBilag:
    problem = Problem(code=code, severity=Severity.ERROR, message=f"{describe(selected)}: {message}",
                      hint=hint, file=selected.bilag.file,
                      field=f"items[{selected.item.number}].bilag[{selected.number}]")
    return ResolvedBilag(selected, None, 0, problem)


def resolve_bilag(folder: Path, selected: SelectedBilag, *, use_libreoffice: bool, cache_dir: Path | None = None,
                  cancelled: Callable[[], bool] = never_cancelled) -> ResolvedBilag:
    """The PDF to merge for one bilag: a bilag that cannot go in says why. Only a cancel raises:
    once ``cancelled()`` is true LibreOffice is stopped (isolation.Stopped) and nothing is cached."""
    try:
        path = inside(folder, selected.bilag.file)
    except UnsafePathError as exc:
        return failure(selected, "unsafe-path", exc.message, exc.hint)
    if not path.is_file():
        return failure(selected, "file-missing", "filen mangler.",
                       "Læg filen tilbage i mødets mappe, eller fjern bilaget fra punktet.")
    kind = selected.bilag.kind
    try:
        admitted = admit(path, Use.EXPORT)
        if kind is FileKind.PDF:
            if admitted.pdf is None:
                return failure(selected, "bilag-damaged", "filen er registreret som PDF, men indholdet "
                               f"er {KIND_DA[admitted.kind]}.", "Kør kkrdesk validate --accept-changed, "
                               "eller læg den rigtige fil på.")
            copy = _chosen_ocr_copy(path, selected)
            if copy is not None:
                return ResolvedBilag(selected, copy, count_pdf_pages(copy, label=path))
            return ResolvedBilag(selected, path, admitted.pdf.pages)
        if kind in CONVERTED_KINDS:
            if not use_libreoffice or soffice.find_soffice() is None:
                reason = ("LibreOffice er fravalgt" if not use_libreoffice
                          else "LibreOffice ikke er installeret")
                return failure(selected, "bilag-not-converted",
                               f"dokumentet kunne ikke omdannes til PDF, fordi {reason}.",
                               "Læg bilaget på som PDF, eller installér LibreOffice." if use_libreoffice
                               else "Eksportér med LibreOffice slået til, eller læg bilaget på som PDF.")
            pdf = libreoffice.convert_to_pdf(path, cache_dir=cache_dir, sha256=sha256_of(path),
                                             cancelled=cancelled)
        elif kind is FileKind.IMAGE:     # the rendition the reader shows (a page per picture), or its OCR'd copy
            pdf = _chosen_ocr_copy(path, selected) or image_pdf(path)[0]
        else:
            return failure(selected, "bilag-not-printable",
                           f"filer af typen {kind} kan ikke trykkes i bilagspakken.",
                           "Markér bilaget som ikke-trykt (kun vedhæftet), eller læg det på som PDF.")
        return ResolvedBilag(selected, pdf, count_pdf_pages(pdf, label=path))
    except KkrError as exc:
        return failure(selected, f"bilag-{getattr(exc, 'reason', 'unreadable')}", exc.message, exc.hint)


def resolve_printed(folder: Path, printed: Sequence[SelectedBilag], steps: Steps, *, use_libreoffice: bool,
                    cache_dir: Path | None = None,
                    step_text: str = "Forbereder bilag {bilag} til punkt {item}") -> list[ResolvedBilag]:
    """Every printed bilag resolved in order (its pages counted), one progress step each;
    ``step_text`` names the step with ``{bilag}`` and ``{item}``. A cancel stops a LibreOffice
    conversion at once and raises the caller's own cancel exception (``steps.check()``)."""
    resolved: list[ResolvedBilag] = []
    for selected in printed:
        steps.begin(step_text.format(bilag=selected.number, item=selected.item.number))
        with steps.libreoffice_stopped_on_cancel():
            resolved.append(resolve_bilag(folder, selected, use_libreoffice=use_libreoffice,
                                          cache_dir=cache_dir, cancelled=steps.cancelled))
        steps.advance()
    return resolved


def _chosen_ocr_copy(path: Path, selected: SelectedBilag) -> Path | None:
    """The searchable copy of a scan, when the bilag asks for it and the file is the one it was made from."""
    sha256 = selected.bilag.sha256
    if not selected.bilag.ocr_in_pack or not sha256:
        return None
    copy = searchable_copy(sha256)
    return copy if copy is not None and sha256_of(path) == sha256 else None


def inherited(page: pikepdf.Dictionary, key: str) -> pikepdf.Object | None:
    """A page attribute that may sit on the page or on one of its /Parent nodes (PDF 7.7.3.4)."""
    node: pikepdf.Object | None = page
    seen = 0
    while node is not None and seen < 64:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        seen += 1
    return None


def rotation_of(page: pikepdf.Dictionary) -> int:
    return rotation_value(inherited(page, "/Rotate"))


def rotation_value(value: pikepdf.Object | None) -> int:
    """A page's /Rotate value as 0, 90, 180 or 270 (0 when it is missing or not a number)."""
    try:
        return int(value) % 360 if value is not None else 0
    except (TypeError, ValueError):
        return 0


def visible_box(page: pikepdf.Dictionary) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of the CropBox clipped to the MediaBox, normalised; A4 if both are unusable."""
    return box_of(inherited(page, "/MediaBox"), inherited(page, "/CropBox"))


def box_of(media_value: pikepdf.Object | None, crop_value: pikepdf.Object | None) -> tuple[float, float, float, float]:
    """``visible_box`` from a page's /MediaBox and /CropBox values, already looked up."""
    media = _box(media_value) or (0.0, 0.0, 595.276, 841.89)
    crop = _box(crop_value) or media
    x0, y0 = max(media[0], crop[0]), max(media[1], crop[1])
    x1, y1 = min(media[2], crop[2]), min(media[3], crop[3])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return media
    return x0, y0, x1, y1


def _box(value: pikepdf.Object | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        a, b, c, d = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    box = (min(a, c), min(b, d), max(a, c), max(b, d))
    return box if box[2] - box[0] >= 1 and box[3] - box[1] >= 1 else None
