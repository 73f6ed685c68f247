"""A file manager opens meeting.toml (and .kkrpack) with kkrdesk: MIME types and the launcher agree."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest

from tests.conftest import ROOT

MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _globs() -> dict[str, str]:
    root = ElementTree.parse(ROOT / "packaging" / "kkrdesk-mime.xml").getroot()
    return {glob.get("pattern"): kind.get("type") for kind in root.iter(f"{MIME}mime-type")
            for glob in kind.iter(f"{MIME}glob")}


def test_meeting_toml_has_a_type_the_launcher_opens():
    globs = _globs()
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str
    desktop.read(ROOT / "packaging" / "kkrdesk.desktop", encoding="utf-8")
    types = desktop["Desktop Entry"]["MimeType"].rstrip(";").split(";")
    assert globs["meeting.toml"] in types and globs["*.kkrpack"] in types
    assert "%f" in desktop["Desktop Entry"]["Exec"]


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info is not installed")
def test_the_mime_file_is_accepted_by_shared_mime_info(tmp_path):
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(ROOT / "packaging" / "kkrdesk-mime.xml", packages)
    subprocess.run(["update-mime-database", str(tmp_path / "mime")], check=True, capture_output=True)
    globs = (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert ":application/x-kkrdesk-meeting:meeting.toml" in globs
