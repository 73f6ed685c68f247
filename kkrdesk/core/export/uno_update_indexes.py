"""Run by LibreOffice's own Python (it needs ``import uno``): open a document, update its indexes, save.

Usage: python3 uno_update_indexes.py SOFFICE PROFILE_URL INPUT OUTPUT_DOCX [OUTPUT_PDF]

Starts a private headless soffice, loads INPUT, updates every index (tables of contents)
twice so their page numbers settle, refreshes, and stores Word 2007+ and optionally PDF.
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

CONNECT_SECONDS = 60
NEVER_EXECUTE = 0   # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
NO_UPDATE = 0       # com.sun.star.document.UpdateDocMode.NO_UPDATE: links are not updated on load


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
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


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
        except Exception as exc:
            sys.stderr.write(f"connect failed: {exc}\n")
            return 3
        try:
            document = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(source), "_blank", 0,
                (prop("Hidden", True), prop("FilterName", "MS Word 2007 XML"),
                 prop("MacroExecutionMode", NEVER_EXECUTE), prop("UpdateDocMode", NO_UPDATE)))
        except Exception as exc:
            sys.stderr.write(f"load failed: {exc}\n")
            return 4
        if document is None:
            return 4
        try:
            indexes = document.getDocumentIndexes()
            for _ in range(2):
                for number in range(indexes.getCount()):
                    indexes.getByIndex(number).update()
                document.refresh()
            fields = document.getTextFields()
            fields.refresh()
            document.storeToURL(uno.systemPathToFileUrl(docx_out), (prop("FilterName", "MS Word 2007 XML"),))
            if pdf_out:   # tagged, so a screen reader can read the PDF as the Word file
                settings = uno.Any("[]com.sun.star.beans.PropertyValue",
                                   (prop("UseTaggedPDF", True), prop("ExportBookmarks", True)))
                uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(pdf_out), uno.Any(
                    "[]com.sun.star.beans.PropertyValue",
                    (prop("FilterName", "writer_pdf_Export"), prop("FilterData", settings)))))
        except Exception as exc:
            sys.stderr.write(f"store failed: {exc}\n")
            return 5
        finally:
            document.close(True)
        return 0
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
