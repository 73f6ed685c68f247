"""The item text markup: plain texts read as before, lists and emphasis parsed, unknown markup literal,
and the formatting commands of the item form toggle cleanly."""

from __future__ import annotations

import pytest

from kkrdesk.core.text.markup import parse, plain, to_html, toggle_emphasis, toggle_list


def shape(text: str) -> list[tuple]:
    return [(b.kind, b.number, b.starts_list,
             [[(r.text, r.bold, r.italic) for r in line] for line in b.lines]) for b in parse(text)]


def test_a_plain_text_keeps_paragraphs_line_breaks_and_bullets():
    text = "Første afsnit\nsamme afsnit, ny linje\n\n- et punkt\n• et andet\n\nSidste afsnit."
    assert shape(text) == [
        ("paragraph", None, False, [[("Første afsnit", False, False)], [("samme afsnit, ny linje", False, False)]]),
        ("bullet", None, False, [[("et punkt", False, False)]]),
        ("bullet", None, False, [[("et andet", False, False)]]),
        ("paragraph", None, False, [[("Sidste afsnit.", False, False)]])]
    assert plain(text) == text


@pytest.mark.parametrize("text", ["5 * 3 = 15", "2*x og y*2", "**ikke lukket", "__understreget__",
                                  "# ikke en overskrift", "[et link](http://x)", "*a*b", "** løs **"])
def test_unknown_or_unfinished_markup_is_shown_literally(text):
    assert [[run.text for run in line] for block in parse(text) for line in block.lines] == [[text]]


def test_bold_italic_and_both():
    (block,) = parse("Et **fedt** ord, et *skævt* og ***begge*** og **fed *og skæv* her**")
    assert [(r.text, r.bold, r.italic) for r in block.lines[0]] == [
        ("Et ", False, False), ("fedt", True, False), (" ord, et ", False, False), ("skævt", False, True),
        (" og ", False, False), ("begge", True, True), (" og ", False, False), ("fed ", True, False),
        ("og skæv", True, True), (" her", True, False)]
    assert plain("Et **fedt** ord") == "Et fedt ord"


def test_numbered_lists_start_where_the_text_starts_them_and_dates_are_no_lists():
    blocks = parse("Det indstilles:\n1. at godkende\n2) at drøfte\n\nDerefter\n\n3. fortsat\n\n"
                   "1. januar 2025 trådte aftalen i kraft.")
    assert [(b.kind, b.number, b.starts_list) for b in blocks] == [
        ("paragraph", None, False), ("number", 1, True), ("number", 2, False),
        ("paragraph", None, False), ("number", 3, True), ("paragraph", None, False)]


def test_html_for_the_reader():
    assert to_html("A *b*\nc\n\n- x\n- **y**\n\n3. tre\n4. fire") == (
        "<p>A <i>b</i><br>c</p><ul><li>x</li><li><b>y</b></li></ul><ol start=\"3\"><li>tre</li>"
        "<li>fire</li></ol>")
    assert to_html("<script>") == "<p>&lt;script&gt;</p>"


def test_emphasis_toggles_on_and_off_and_leaves_spaces_outside():
    on = toggle_emphasis("Et ord her", 2, 7, "bold")            # " ord " selected with its spaces
    assert on.text == "Et **ord** her" and on.text[on.start:on.end] == "ord"
    both = toggle_emphasis(on.text, on.start, on.end, "italic")
    assert both.text == "Et ***ord*** her"
    off = toggle_emphasis(*[both.text, both.start, both.end], "bold")
    assert off.text == "Et *ord* her"
    assert toggle_emphasis(off.text, off.start, off.end, "italic").text == "Et ord her"
    assert toggle_emphasis("Et ord her", 4, 4, "bold").text == "Et **ord** her"   # the word at the cursor


def test_lists_toggle_over_the_selected_lines():
    numbered = toggle_list("Intro\nen\n\nto", 6, 11, "number")
    assert numbered.text == "Intro\n1. en\n\n2. to"
    assert toggle_list(numbered.text, numbered.start, numbered.end, "number").text == "Intro\nen\n\nto"
    assert toggle_list(numbered.text, numbered.start, numbered.end, "bullet").text == "Intro\n- en\n\n- to"
