"""A chart saved as PNG gets the permissions a normal save would (the core writers are in tests/core)."""

from __future__ import annotations

import os
import stat

import pytest

from kkrdesk.core.survey.charts_data import ChartData, ChartKind, Series
from kkrdesk.ui.survey.chart_export import render_chart_png

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes and umask")

CHART = ChartData(ChartKind.KEYWORDS, "Nøgleord", "12 besvarelser", ("Trafik", "Uddannelse"),
                  (Series("Alle", (7.0, 5.0)),), "Antal", 0)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o002, 0o664)], ids=["umask-022", "umask-002"])
def test_a_chart_png_respects_the_umask(qapp, tmp_path, mask, expected):
    previous = os.umask(mask)
    try:
        target = render_chart_png(CHART, tmp_path / "diagram.png", width=600)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == expected


def test_a_chart_png_written_again_keeps_the_mode_it_was_given(qapp, tmp_path):
    target = render_chart_png(CHART, tmp_path / "diagram.png", width=600)
    os.chmod(target, 0o660)
    render_chart_png(CHART, target, width=600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o660
