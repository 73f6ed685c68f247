"""The footer's text as font bytes: the one-subset shortcut draws what the general path draws."""

from __future__ import annotations

from kkrdesk.core.export.footer_stamp import FooterGlyphs

CODES = {char: (0, 32 + number) for number, char in enumerate("?abcæøå ·0123456789KR…")}


def test_one_subset_gives_the_bytes_of_the_general_path():
    shortcut = FooterGlyphs(codes=CODES, subsets=1)
    general = FooterGlyphs(codes=CODES, subsets=2)     # same codes, all in subset 0: the general path
    for text in ("KKR · side 12 af 3218", "æøå … abc", "", "Åbenrå ÆØ!", "???"):
        assert shortcut.runs(text) == general.runs(text)


def test_a_character_the_subset_lacks_is_drawn_as_a_question_mark():
    glyphs = FooterGlyphs(codes=CODES, subsets=1)
    assert glyphs.runs("aZb") == [(0, bytes([CODES["a"][1], CODES["?"][1], CODES["b"][1]]))]
