"""A page's tag problems name the marked-content ids that nothing claims or that are missing."""

from __future__ import annotations

from kkrdesk.core.export.tag_check import PageReport


def test_orphan_and_dangling_mcids_are_named_in_the_problems():
    report = PageReport(number=1, orphan_mcids=[3, 4], dangling_mcids=list(range(10, 22)))
    problems = report.problems()
    assert "indhold med MCID 3, 4 hører ikke til strukturtræet" in problems
    assert "strukturtræet peger på MCID 10, 11, 12, 13, 14 … (12 i alt), som ikke findes på siden" in problems
    assert not report.tagged
