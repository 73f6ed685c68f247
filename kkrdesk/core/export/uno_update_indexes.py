"""Run by LibreOffice's own Python (it needs ``import uno``): open a document, update its indexes, save.

Usage: python3 uno_update_indexes.py SOFFICE PROFILE_URL INPUT OUTPUT_DOCX [OUTPUT_PDF]

Starts a private headless soffice, loads INPUT, updates every index (tables of contents)
twice so their page numbers settle, refreshes, and stores Word 2007+ and optionally PDF (where
no keep-with-next heading is left last on a page).
Exit codes: 0 done, 3 LibreOffice could not be reached, 4 the document could not be loaded,
5 storing failed. Never imports kkrdesk: this file runs outside kkrdesk's Python.
"""

from __future__ import annotations  # LibreOffice may bundle an older Python than kkrdesk's

import os
import subprocess
import sys
import time
from typing import Any

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.uno import Exception as UnoException  # every UNO exception, RuntimeException too

CONNECT_SECONDS = 60
NEVER_EXECUTE = 0   # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
NO_UPDATE = 0       # com.sun.star.document.UpdateDocMode.NO_UPDATE: links are not updated on load
PAGE_BEFORE = uno.Enum("com.sun.star.style.BreakType", "PAGE_BEFORE")
KEEP_ROUNDS = 3


def prop(name: str, value: object) -> PropertyValue:
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def connect(pipe_name: str) -> Any:   # a UNO proxy: untyped by nature
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe_name};urp;StarOffice.ComponentContext")
        except NoConnectException:     # soffice is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def update_indexes(document: Any) -> None:
    """Every index twice (so page numbers settle), then the fields."""
    indexes = document.getDocumentIndexes()
    for _ in range(2):
        for number in range(indexes.getCount()):
            indexes.getByIndex(number).update()
        document.refresh()
    document.getTextFields().refresh()


def keep_with_next_on_one_page(document: Any) -> int:
    """Start a keep-with-next run on a new page where LibreOffice left it last on a page.

    LibreOffice 7.4 can leave a "keep with next" heading alone at the foot of a page, depending on
    what else stands on the page (Word does not). Only the PDF gets these page breaks; the Word
    file is stored before. Returns how many runs were moved.
    """
    controller = document.getCurrentController()
    if controller is None:      # no view to ask for page numbers: LibreOffice's layout stays as it is
        return 0
    cursor = controller.getViewCursor()

    def page(text_range: Any) -> int:
        cursor.gotoRange(text_range, False)
        return int(cursor.getPage())

    blocks: list[Any] = []
    enumeration = document.getText().createEnumeration()
    while enumeration.hasMoreElements():
        blocks.append(enumeration.nextElement())
    moved = 0
    for number, block in enumerate(blocks[:-1]):
        following = blocks[number + 1]
        if not (is_paragraph(block) and block.ParaKeepTogether and is_paragraph(following)):
            continue
        if page(block.getEnd()) == page(following.getStart()):
            continue
        first = number      # the run of keep-with-next paragraphs ending here, on the same page
        while (first > 0 and is_paragraph(blocks[first - 1]) and blocks[first - 1].ParaKeepTogether
               and page(blocks[first - 1].getEnd()) == page(block.getStart())):
            first -= 1
        if first == 0 or page(blocks[first - 1].getEnd()) != page(blocks[first].getStart()):
            continue        # the run already starts its page: a break would not help
        blocks[first].BreakType = PAGE_BEFORE
        moved += 1
    return moved


def is_paragraph(block: Any) -> bool:
    return bool(block.supportsService("com.sun.star.text.Paragraph"))


def main(argv: list[str]) -> int:
    soffice, profile_url, source, docx_out = argv[1:5]
    pdf_out = argv[5] if len(argv) > 5 else ""
    pipe_name = f"kkrdesk_{os.getpid()}_{int(time.time() * 1000)}"
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile_url}", "--headless",
                               "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                               f"--accept=pipe,name={pipe_name};urp;StarOffice.ComponentContext"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    desktop = None
    try:
        try:
            context = connect(pipe_name)
            desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except UnoException as exc:
            sys.stderr.write(f"connect failed: {exc}\n")
            return 3
        try:
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(source), "_blank", 0,
                (prop("Hidden", True), prop("FilterName", "MS Word 2007 XML"),
                 prop("MacroExecutionMode", NEVER_EXECUTE), prop("UpdateDocMode", NO_UPDATE)))
        except UnoException as exc:
            sys.stderr.write(f"load failed: {exc}\n")
            return 4
        if document is None:
            return 4
        try:
            update_indexes(document)
            document.storeToURL(uno.systemPathToFileUrl(docx_out), (prop("FilterName", "MS Word 2007 XML"),))
            if pdf_out:   # tagged, so a screen reader can read the PDF as the Word file
                for _ in range(KEEP_ROUNDS):    # a moved heading can lengthen the contents, and so on
                    if not keep_with_next_on_one_page(document):
                        break
                    update_indexes(document)
                settings = uno.Any("[]com.sun.star.beans.PropertyValue",
                                   (prop("UseTaggedPDF", True), prop("ExportBookmarks", True)))
                uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(pdf_out), uno.Any(
                    "[]com.sun.star.beans.PropertyValue",
                    (prop("FilterName", "writer_pdf_Export"), prop("FilterData", settings)))))
        except UnoException as exc:
            sys.stderr.write(f"store failed: {exc}\n")
            return 5
        finally:
            document.close(True)
        return 0
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except UnoException:       # soffice already gone (DisposedException): nothing to end
                pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
