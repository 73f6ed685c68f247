"""What kkrdesk must do with each corpus file at each entry point: its generated cases, the sample's bilag, ../shared/corpus.

Each file gets a *nature* (what the file is, judged by a person) and the nature says what every
entry point must answer: "ok", a refusal ``reason`` (BadFileError.reason, or the search
index's "refused"), or a set of acceptable answers where the policy leaves room (a good PDF
is no contract: "not-a-contract", or "empty" when it has no text layer). Third-party files
take the nature of their folder unless a list below names them; every name in those lists
must exist in the folder's MANIFEST.txt, so the lists cannot drift from the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT
from tests.pack_builders import HOSTILE_PACKS

OK = "ok"
REFUSED = "refused"
ENTRY_POINTS = ("add-bilag", "validate", "search", "reader", "survey", "contract", "results", "pack")
SAMPLE = ROOT / "agendas" / "kkr-sjaelland-2025-02"
NO_CONTRACT = frozenset({"not-a-contract", "empty"})   # a readable document that is no contract
NO_RESULTS = frozenset({"layout", "empty"})            # a readable table without the columns


def _answers(value) -> frozenset[str]:
    return frozenset({value}) if isinstance(value, str) else frozenset(value)


def nature(*, bilag, reader, search, survey, contract, results, pack) -> dict[str, frozenset[str]]:
    """Expected answers by entry point; validate answers as add-bilag does (both admit a bilag)."""
    found = {"add-bilag": bilag, "validate": bilag, "search": search, "reader": reader,
             "survey": survey, "contract": contract, "results": results, "pack": pack}
    return {entry: _answers(value) for entry, value in found.items()}


def good_pdf(contract=NO_CONTRACT):
    return nature(bilag=OK, reader=OK, search=OK, survey="not-survey", contract=contract,
                  results="unsupported", pack="not-a-zip")


def refused_pdf(reason: str):
    """A file that is a PDF by content but that screening refuses: every use that reads PDFs says why."""
    return nature(bilag=reason, reader=reason, search=REFUSED, survey="not-survey", contract=reason,
                  results="unsupported", pack="not-a-zip")


def refused(reason: str, *, pack: str | None = None):
    """Refused by the boundary before its kind matters: the same reason wherever it is used.

    A pack is checked by its own rules (no Office checks), so ``pack`` says what it answers.
    """
    return nature(bilag=reason, reader=reason, search=REFUSED, survey=reason, contract=reason,
                  results=reason, pack=pack or reason)


def good_docx(contract=NO_CONTRACT):
    return nature(bilag=OK, reader=OK, search=OK, survey="not-survey", contract=contract,
                  results="unsupported", pack="not-a-pack")


def unreadable_docx(reason: str = "damaged"):
    """A sound package python-docx still cannot read: admitted as a bilag, refused when read."""
    return nature(bilag=OK, reader=reason, search=REFUSED, survey="not-survey", contract=reason,
                  results="unsupported", pack="not-a-pack")


def good_xlsx(survey="not-survey", results=NO_RESULTS):
    return nature(bilag=OK, reader=OK, search=OK, survey=survey, contract="unsupported",
                  results=results, pack="not-a-pack")


def good_table(survey="not-survey", results=NO_RESULTS, reader=OK):
    """A CSV or plain text file."""
    return nature(bilag=OK, reader=reader, search=OK, survey=survey, contract="unsupported",
                  results=results, pack="not-a-zip")


def other_zip(pack="not-a-pack"):
    """A sound ZIP that is no Office file: a bilag kkrdesk keeps but cannot show or read."""
    return nature(bilag=OK, reader="unsupported", search=OK, survey="not-survey",
                  contract="unsupported", results="unsupported", pack=pack)


def other_bytes():
    """Bytes in no format kkrdesk knows: kept as an attached file, never shown or read."""
    return nature(bilag=OK, reader="unsupported", search=OK, survey="not-survey",
                  contract="unsupported", results="unsupported", pack="not-a-zip")


@dataclass(frozen=True)
class Case:
    """One corpus file and what kkrdesk must answer at each entry point."""

    label: str                     # where it comes from, e.g. "qpdf/deep-pages.pdf"
    path: Path                     # the file as the test hands it to kkrdesk
    expect: dict[str, frozenset[str]]
    mapping: Path | None = None    # a survey mapping to pass with --mapping
    origin: Path | None = field(default=None, compare=False)   # the shared file behind a renamed link


def manifest_names(folder: Path) -> list[str]:
    """The files a third-party folder's MANIFEST.txt lists (``name | bytes | ...`` lines)."""
    names = []
    for line in (folder / "MANIFEST.txt").read_text("utf-8").splitlines():
        name = line.split(" | ", 1)[0].strip()
        if " | " in line and not line.startswith("#") and name != "file":
            names.append(name)
    return names


def repairable_pdf():
    """qpdf reads it, pdfium cannot as it is: shown and searched as qpdf's repaired copy; the
    contract reader (pdfium, the file as it is) calls it damaged, or too long when pdfium believes
    a page count the file does not have."""
    return nature(bilag=OK, reader=OK, search=OK, survey="not-survey", contract={"damaged", "too-large"},
                  results="unsupported", pack="not-a-zip")


def good_image():
    return nature(bilag=OK, reader=OK, search=OK, survey="not-survey", contract="unsupported",
                  results="unsupported", pack="not-a-zip")


def refused_image(reason: str):
    return nature(bilag=reason, reader=reason, search=REFUSED, survey="not-survey",
                  contract="unsupported", results="unsupported", pack="not-a-zip")


def overlong_cells(pack: str):
    """A table with a cell longer than Excel allows: kept as a bilag, refused wherever cells are read."""
    return nature(bilag=OK, reader="too-large", search=REFUSED, survey="not-survey",
                  contract="unsupported", results="too-large", pack=pack)


# -- kkrdesk's own cases (tests/corpus/make_corpus.py) -----------------------------------------

GENERATED = {
    "pdf/god-tre-sider.pdf": good_pdf(),
    "pdf/afkortet-halvdelen.pdf": repairable_pdf(),
    "pdf/afkortet-kun-hovedet.pdf": refused_pdf("damaged"),
    **{f"pdf/bitflip-{n}.pdf": good_pdf() for n in (1, 2)},
    **{f"pdf/bitflip-{n}.pdf": refused_pdf("damaged") for n in range(3, 9)},
    "pdf/xref-forkerte-adresser.pdf": good_pdf(),
    "pdf/xref-mangler.pdf": repairable_pdf(),
    "pdf/startxref-peger-forkert.pdf": good_pdf(),
    "pdf/dybt-sidetrae.pdf": refused_pdf("hostile"),
    "pdf/paastaar-en-million-sider.pdf": repairable_pdf(),
    "pdf/en-million-delte-sider.pdf": refused_pdf("damaged"),     # qpdf calls the shared nodes a loop
    "pdf/sidetrae-i-ring.pdf": refused_pdf("damaged"),
    "pdf/ingen-sider.pdf": refused_pdf("empty"),
    "pdf/tekst-med-pdf-navn.pdf": refused("damaged", pack="not-a-zip"),
    **{f"pdf/krypteret-{name}-bruger.pdf": refused_pdf("encrypted")
       for name in ("aes256", "aes128", "rc4-128", "rc4-40")},
    **{f"pdf/krypteret-{name}-kun-ejer.pdf": good_pdf() for name in ("aes256", "aes128", "rc4-128")},
    **{f"pdf/aktivt-indhold-{name}.pdf": good_pdf()   # admitted; the packs strip what is active
       for name in ("javascript-ved-sideaabning", "javascript-link", "launch-cmd-exe", "submitform",
                    "gotor-smb", "uri-file", "javascript-bag-next", "vedhaeftet-exe",
                    "formularfelt-med-javascript-og-xfa", "richmedia")},
    "office/god.docx": good_docx(),
    "office/god.xlsx": good_xlsx(),
    "office/eksterne-links.docx": good_docx(),   # neutralised before LibreOffice, readable as it is
    "office/eksterne-links.xlsx": good_xlsx(),
    "office/tekst-med-docx-navn.docx": refused("not-a-zip"),
    "office/tilfaeldige-bytes.xlsx": refused("not-a-zip"),
    "office/afkortet.docx": refused("truncated"),
    "office/afkortet.xlsx": refused("truncated"),
    **{f"office/{name}": refused("hostile", pack="not-a-pack")
       for name in ("milliard-latter.docx", "milliard-latter.xlsx", "ekstern-entitet.docx",
                    "ekstern-entitet.xlsx", "dtd-bag-lang-kommentar.docx", "dtd-i-utf16.docx",
                    "dtd-i-del-med-andet-navn.docx", "utf32-del.docx")},
    "office/makro-omdoebt.docx": refused("macro", pack="not-a-pack"),
    "office/million-raekker.xlsx": good_xlsx(),          # read-only reading never walks the empty rows
    "office/krypteret.docx": refused("encrypted", pack="not-a-zip"),
    "office/gammelt-format.doc": refused("unsupported", pack="not-a-zip"),
    "zip/zipbombe.docx": refused("too-large", pack="hostile"),   # packs allow a ratio of 100, not 200
    **{f"zip/{name}": refused("hostile") for name in ("mange-dele.docx", "overlappende-dele.docx",
                                                     "sti-ud-af-mappen.docx", "absolut-sti.docx",
                                                     "sti-ud-af-mappen.kkrpack")},
    "zip/ikke-zip.kkrpack": refused("not-a-zip"),
    "zip/afkortet.kkrpack": refused("truncated"),
    "pakker/god-fra-bunden.kkrpack": other_zip(pack=OK),
    **{f"pakker/{hostile.name}.kkrpack": other_zip(pack=hostile.reason) for hostile in HOSTILE_PACKS},
    "csv/god-semikolon-utf8.csv": good_table(),
    "csv/windows-1252.csv": good_table(),
    "csv/utf16-uden-bom.csv": good_table(results="damaged"),
    "csv/utf32.csv": good_table(results="damaged"),
    "csv/forkert-separator-lodret-streg.csv": good_table(),
    "csv/formler.csv": good_table(),
    "csv/kaempe-felt.csv": overlong_cells(pack="not-a-zip"),
    "csv/kun-mellemrum.csv": refused("empty", pack="not-a-zip"),
    "diverse/nul-byte.pdf": refused("empty"),
    "diverse/nul-byte.docx": refused("empty"),
    "diverse/nul-byte.csv": refused("empty"),
    "diverse/tilfaeldige-bytes.bin": other_bytes(),
    "diverse/billede-afkortet.png": refused_image("truncated"),
    "billede/scanning-tre-sider.tif": good_image(),
    "billede/scanning-afkortet.tif": refused_image("truncated"),
    "billede/scanning-bombe.tif": refused_image("too-large"),
    **{f"survey/{stem}_{role}.csv": good_table(survey=OK) for stem in ("mini", "formler")
       for role in ("dataset", "labels", "structure")},
    **{f"survey/{stem}.survey.toml": good_table() for stem in ("mini", "formler")},
    # Packs whose meeting file is hostile: refused when opened, kept as an unreadable ZIP elsewhere.
    # (100,000 levels of nesting are refused as hostile by the pack reader's count before parsing.)
    **{f"pakke/{name}.kkrpack": other_zip(pack="damaged")
       for name in ("punktnummer-er-en-sti", "dato-findes-ikke")},
    "pakke/dyb-moedefil.kkrpack": other_zip(pack=("damaged", "hostile")),
}
SPARSE_NAME = "diverse/kaempe-2gb.pdf"
SPARSE = refused("too-large", pack="not-a-zip")   # 2 GB: under a pack's limit, but no ZIP

# -- the sample meeting's bilag: real files kkrdesk must take --------------------------------

SAMPLE_CASES = {
    "2.2-bilag-1-opsamling-kkr-undersoegelse-2025.pdf": good_pdf(),
    "2.2-bilag-2-kkr-evaluering-2025.docx": good_docx(),
    "2.4-bilag-1-udspil-kollektiv-trafik.pdf": good_pdf(),
    "2.7-bilag-1-rammeaftale-erhvervshusene-2024-2027.pdf": good_pdf(contract={OK, "not-a-contract"}),
    "kkr-undersoegelse-2025-syntetiske-svar.survey.toml": good_table(),
    "kkr-undersoegelse-2025-syntetiske-svar.xlsx": good_xlsx(survey=OK),
    "resultater-2025-erhvervshus-sjaelland.csv": good_table(results=OK),
    "resultatkontrakt-2025-kkr-sjaelland-erhvervshus-sjaelland.docx": good_docx(contract=OK),
}

# -- ../shared/corpus: a nature per folder, and the files that differ ----------------------------

FOLDER_DEFAULTS = {
    "apache-poi": {".docx": good_docx(), ".xlsx": good_xlsx()},
    "calamine": {".xlsx": good_xlsx()},
    "danish-csv-copenhagen": {"": good_table()},
    "danish-csv-municipalities": {"": good_table()},
    "defusedxml": {"": good_table()},          # XML bilag are shown as text, never parsed
    "dotnet-runtime-assets": {".zip": other_zip()},
    "mammoth": {".docx": good_docx()},
    "pikepdf": {".pdf": good_pdf()},
    "python-docx": {".docx": good_docx()},
    "qpdf": {".pdf": good_pdf(), ".fuzz": good_pdf()},
    "surveyxact-readSX": {".csv": good_table(survey=OK), ".xlsx": good_xlsx(survey=OK)},
    "zip2": {".zip": other_zip()},
}


def _each(names: str, expect) -> dict:
    return dict.fromkeys(names.split(), expect)


OVERRIDES = {
    "apache-poi": {
        **_each("truncated62886.docx crash-517626e815e0afa9decd0ebb6d1dee63fb9907dd.docx "
                "clusterfuzz-testcase-minimized-POIXWPFFuzzer-5313273089884160.docx "
                "clusterfuzz-testcase-minimized-POIXWPFFuzzer-5569740188549120.docx "
                "clusterfuzz-testcase-minimized-POIXSSFFuzzer-5089447305609216.xlsx",
                refused("truncated")),
        **_each("clusterfuzz-testcase-minimized-POIXWPFFuzzer-6442791109263360.docx "
                "crash-274d6342e4842d61be0fb48eaadad6208ae767ae.xlsx "
                "clusterfuzz-testcase-minimized-XLSX2CSVFuzzer-5025401116950528.xlsx",
                refused("damaged")),
        **_each("bug53475-password-is-pass.docx protected_passtika.xlsx",
                refused("encrypted", pack="not-a-zip")),
        **_each("poc-xmlbomb.xlsx poc-xmlbomb-empty.xlsx 54764.xlsx 54764-2.xlsx "
                "ContentTypeHasEntities.ooxml CorePropertiesHasEntities.ooxml PackageRelsHasEntities.ooxml",
                refused("hostile", pack="not-a-pack")),
        **_each("duplicate-filename.xlsx duplicate-filename-case-insensitive.xlsx", refused("hostile")),
        "invalid.xlsx": refused("damaged", pack="not-a-pack"),       # an empty ZIP named .xlsx
        "OPCCompliance_DerivedPartNameFAIL.docx": unreadable_docx(),
        "poc-shared-strings.xlsx": overlong_cells(pack="not-a-pack"),  # one 1 MB string in every cell
    },
    "calamine": {
        "pass_protected.xlsx": refused("encrypted", pack="not-a-zip"),
        "OOM_alloc.xls": refused("unsupported", pack="not-a-zip"),
        "issue_594_dos.ods": other_zip(),
    },
    "dotnet-runtime-assets": {
        **_each("CDoffsetInBoundsWrong.zip CDoffsetOutOfBounds.zip numberOfEntriesDifferent.zip "
                "nameDuplicates.zip nameEmpty.zip nameRooted.zip nameSlashedAndNonzero.zip "
                "dataDescriptor.zip filenameTimeAndSizesDifferentInLH.zip", refused("hostile")),
        "EOCDmissing.zip": refused("truncated"),
        # NORMAL.zip holds the same bytes as compressedSizeOutOfBounds.zip in this corpus.
        **_each("HuffmanTreeException.zip NORMAL.zip compressedSizeOutOfBounds.zip "
                "localFileOffsetOutOfBounds.zip", refused("damaged")),
        "LZMA.zip": refused("unsupported"),
        "localFileHeaderSignatureWrong.zip": other_bytes(),
    },
    "mammoth": {"strict-format.docx": unreadable_docx()},
    "pikepdf": {"graph-encrypted.pdf": refused_pdf("encrypted"), "378014596.pdf": refused_pdf("damaged")},
    "qpdf": {
        **_each("bad1.pdf issue-141a.pdf issue-147.pdf issue-335b.pdf issue-1503.pdf fuzz-16214.pdf "
                "bad-direct-root.pdf 15316.fuzz 15387.fuzz 15442.fuzz 15445.fuzz 16301.fuzz "
                "16953.fuzz 17630.fuzz 18241.fuzz 23172.fuzz 23599.fuzz 26761.fuzz 27393.fuzz "
                "28262.fuzz 30507.fuzz 369662293.fuzz 369662293a.fuzz 376305073.fuzz 376305073a.fuzz "
                "37740.fuzz 389974979.fuzz 394463491.fuzz 411312393.fuzz 440747125.fuzz "
                "4720043549327360.fuzz 4797504999981056.fuzz 4876793183272960.fuzz 547975127.fuzz "
                "65773.fuzz 65777.fuzz 68374.fuzz 68377.fuzz 70055.fuzz",
                refused("damaged", pack="not-a-zip")),        # named .pdf, but no PDF at all
        **_each("issue-99.pdf issue-146.pdf pages-loop.pdf 15390.fuzz 16172.fuzz 18247.fuzz "
                "377977949.fuzz 389339260.fuzz 409905355.fuzz 68668.fuzz 69857.fuzz 69913.fuzz "
                "69977.fuzz 71624.fuzz", refused_pdf("damaged")),
        **_each("bad-encryption-length.pdf 440599107.fuzz 5344352869351424.fuzz 57639.fuzz "
                "5828408539152384.fuzz 6310410941956096.fuzz 6322553212960768.fuzz 69969.fuzz "
                "69977e.fuzz 99999d.fuzz", repairable_pdf()),
        **_each("20-pages.pdf enc-R3,V2,U=view,O=master.pdf enc-XI-R6,V5,U=view,O=master.pdf "
                "enc-XI-R6,V5,U=wwwww,O=wwwww.pdf enc-long-password.pdf encrypted-40-bit-R3.pdf",
                refused_pdf("encrypted")),
        "enc-XI-R6,V5,U=attachment,encrypted-attachments.pdf": refused_pdf("encrypted"),
        "deep-pages.pdf": refused_pdf("hostile"),
        "empty.pdf": refused_pdf("empty"),
        "70245.fuzz": refused("empty"),
        "69977b.fuzz": refused_image("hostile"),   # a JPEG by content, with 925 scans (MAX_JPEG_SCANS)
    },
    "zip2": {
        **_each("symlink.zip deflate64_issue_25.zip zip64_magic_in_filename_1.zip "
                "zip64_magic_in_filename_4.zip raw_deflate64_index_out_of_bounds.zip", refused("hostile")),
        **_each("invalid_offset.zip invalid_offset2.zip extended_timestamp_bad.zip", refused("damaged")),
        **_each("ppmd.zip xz.zip implode.zip shrink.zip", refused("unsupported")),
        **_each("aes_archive.zip ignore_encryption_flag.zip", refused("encrypted")),
        **_each("invalid_cde_number_of_files_allocation_greater_offset.zip "
                "invalid_cde_number_of_files_allocation_smaller_offset.zip zip64_demo.zip", other_bytes()),
    },
}


def generated_cases(folder: Path) -> list[Case]:
    """kkrdesk's own cases, written into ``folder`` (the 2 GB sparse file is added by the test)."""
    from tests.corpus.make_corpus import make_corpus

    return [Case(label=f"kkrdesk/{path.relative_to(folder).as_posix()}", path=path,
                 expect=GENERATED[path.relative_to(folder).as_posix()])
            for path in make_corpus(folder)]


def sample_cases() -> list[Case]:
    return [Case(label=f"sample/{name}", path=SAMPLE / "bilag" / name, expect=expect)
            for name, expect in SAMPLE_CASES.items()]


def third_party_cases(corpus: Path, links: Path, readsx_mapping: Path) -> list[Case]:
    """Every file the MANIFESTs of ../shared/corpus list. qpdf's fuzz inputs (PDF bytes named
    .fuzz) are handed over as .pdf through a link in ``links``, as a user's file dialog would."""
    found = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "MANIFEST.txt").is_file()):
        names = manifest_names(folder)
        unknown = set(OVERRIDES.get(folder.name, {})) - set(names)
        if unknown:
            raise ValueError(f"{folder.name}: not in its MANIFEST: {sorted(unknown)}")
        defaults = FOLDER_DEFAULTS[folder.name]
        for name in names:
            source = folder / name
            expect = OVERRIDES.get(folder.name, {}).get(name) or defaults.get(source.suffix, defaults.get(""))
            path = source
            if source.suffix == ".fuzz":
                path = links / f"{source.stem}.pdf"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.symlink_to(source)
            mapping = readsx_mapping if folder.name == "surveyxact-readSX" else None
            found.append(Case(label=f"{folder.name}/{name}", path=path, expect=expect, mapping=mapping,
                              origin=source))
    return found
