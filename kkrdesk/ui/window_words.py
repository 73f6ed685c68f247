"""Core messages retold for the window: a hint that names a command-line command gets window words.

The core speaks to both the command line and the window; where it tells the user to run
``kkrdesk validate`` or ``kkrdesk new``, the window shows the button or menu that does the same.
"""

from __future__ import annotations

import re

from kkrdesk.core.errors import KkrError, Problem

ACCEPT = "vælg bilaget på dagsordenen, og klik »Godkend ny udgave«"
# (pattern, window words); the patterns are the core's own hint sentences, most specific first
_RETOLD: tuple[tuple[str, str], ...] = (
    (r"opret et nyt møde med kkrdesk new\.",
     "opret et nyt møde med Filer › Nyt møde. Mødets mappe er den, der indeholder filen meeting.toml."),
    (r"godkend den med kkrdesk\s+validate --accept-changed \(eller i kkrdesk under bilaget\)\.",
     f"godkend den: {ACCEPT}."),
    (r"Kør kkrdesk validate --accept-changed for at registrere det\.",
     f"Registrér det: {ACCEPT[:1].upper()}{ACCEPT[1:]}."),
    (r"Kør kkrdesk validate --accept-changed for at rette registreringen\.",
     f"Ret registreringen: {ACCEPT[:1].upper()}{ACCEPT[1:]}."),
    (r"Kør kkrdesk validate --accept-changed, eller læg den rigtige fil på\.",
     f"{ACCEPT[:1].upper()}{ACCEPT[1:]}, eller læg den rigtige fil på."),
    (r"eller kør kkrdesk validate, som finder typen ud fra filens indhold\.",
     f"eller {ACCEPT}; så finder kkrdesk typen ud fra filens indhold."),
    (r"Kør kkrdesk validate, ret mødet, og lav pakken igen\.",
     "Ret fejlene i listen Problemer (F8), og lav pakken igen."),
    (r"Kør kkrdesk validate for at finde fejlen\.", "Se listen Problemer (F8) for at finde fejlen."),
    (r"lavet med kkrdesk pack", "lavet med Filer › Lav medlemspakke"),
    (r"Se punkter og bilag med kkrdesk show\.", "Se punkterne og bilagene på fanen Dagsorden."),
    (r"Kør kkrdesk validate på mappen for detaljer\.", "Åbn mødet, og se listen Problemer (F8)."),
    (r"lad kkrdesk læse den scannede PDF med tekstgenkendelse \(check-contract --ocr\)\.",
     "gør den søgbar med knappen »Gør scannet bilag søgbart« herover."),
    (r"\(»Gør scannet bilag søgbart« på bilaget, eller kkrdesk ocr\)\.",
     "(vælg bilaget, og klik »Gør scannet bilag søgbart«)."),
    (r" \(proces \d+\)", ""),        # who holds a lock: a process number means nothing to a user
)
# Anything the table does not know yet: a sentence naming a command becomes a pointer to the guide.
COMMANDS = ("add-bilag", "add-item", "archive", "check-contract", "check-file", "export", "import-text", "new",
            "notes", "ocr", "open", "pack", "preflight", "renumber", "screenshot", "search", "show",
            "survey", "validate")
_ANY_COMMAND = re.compile(r"\bkkrdesk\s+(?:" + "|".join(map(re.escape, COMMANDS)) + r")\b")
_FALLBACK = " Se Hjælp › Brugervejledning (F1)."


def window_text(text: str) -> str:
    """``text`` with every command-line instruction replaced by what to do in the window."""
    for pattern, words in _RETOLD:
        text = re.sub(pattern, words, text)
    if _ANY_COMMAND.search(text):
        sentences = re.split(r"(?<=[.;])\s+", text)
        text = " ".join(s for s in sentences if not _ANY_COMMAND.search(s)) + _FALLBACK
    return text.strip()


def error_text(error: KkrError | str) -> str:
    """An error as the window shows it."""
    return window_text(error.format() if isinstance(error, KkrError) else error)


def problem_hint(problem: Problem) -> str:
    return window_text(problem.hint) if problem.hint else ""


def problem_text(problem: Problem) -> str:
    """One problem as a line in the window: message with a capital letter, then what to do."""
    message = window_text(problem.message)
    return f"{message[:1].upper()}{message[1:]} {problem_hint(problem)}".strip()
