"""docs/robustness.md keeps up with the code: every limit and every reason of the import boundary is documented."""

from __future__ import annotations

from kkrdesk.core.files import limits
from kkrdesk.core.files.boundary import REASONS
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "robustness.md").read_text(encoding="utf-8")


def test_every_limit_is_in_the_table():
    names = [name for name, value in vars(limits).items()
             if name.isupper() and isinstance(value, (int, limits.ArchiveLimits)) and name not in ("MIB", "GIB")]
    assert names and [name for name in names if f"`{name}`" not in DOC] == []


def test_every_reason_is_explained():
    assert [reason for reason in REASONS if f"`{reason}`" not in DOC] == []
