"""Control and bidi characters in text from outside: cleaned where text comes in, escaped where it goes to a terminal."""

from __future__ import annotations

import re

# Word's manual line break (vertical tab, pasted from Word) is a line break.
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n", "\u2028": "\n", "\u2029": "\n"}
# C0 controls except tab and line breaks, DEL, C1 controls, the bidi embeddings, overrides and
# isolates (U+202A-202E, U+2066-2069: "Trojan Source" reordering), and what XML cannot hold
# (surrogates, U+FFFE, U+FFFF).
_REMOVED = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_LINE_BREAK = re.compile("[\x0b\x0c\u2028\u2029]")
# What a terminal must not receive raw: every control but line break and tab, and the bidi controls.
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def clean_text(text: str) -> str:
    """``text`` without control or bidi-override characters; Word's line break becomes a real one."""
    if text.isprintable():
        return text
    return _REMOVED.sub("", _LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], text))


def has_controls(text: str) -> bool:
    """True if ``clean_text`` would change ``text``."""
    return clean_text(text) != text


def terminal_safe(text: str) -> str:
    """``text`` for a terminal: controls and bidi characters shown as visible escapes (\\u001b).

    The escapes are JSON's own, so JSON output stays valid and means the same.
    """
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
