"""Merging Word bilag must not corrupt the core properties of documents written afterwards."""

import io
import zipfile

import docx

from kkrdesk.core.export.docx_merge import DocxAppender

CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def test_core_properties_keep_their_namespace_after_a_merge():
    target = docx.Document()
    DocxAppender(target).append(docx.Document())
    later = docx.Document()
    later.core_properties.keywords = "KKR; dagsorden"
    later.core_properties.category = "Dagsorden"
    buffer = io.BytesIO()
    later.save(buffer)
    core = zipfile.ZipFile(buffer).read("docProps/core.xml").decode("utf-8")
    assert f'xmlns:cp="{CORE}"' in core
    assert "<cp:keywords>KKR; dagsorden</cp:keywords>" in core
    assert "custom-properties" not in core
