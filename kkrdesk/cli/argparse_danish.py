"""argparse's own words in Danish, given to it through its gettext hook (``argparse._``, ``argparse.ngettext``)."""

from __future__ import annotations

import argparse
import sys

# argparse's message ids (Python 3.11-3.13) and their Danish; the placeholders stay as argparse fills them.
DANISH = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg %(value)r (vælg blandt %(choices)s)",
    "invalid %(type)s value: %(value)r": "ugyldig værdi %(value)r",
    "expected one argument": "skal efterfølges af en værdi",
    "expected at most one argument": "kan efterfølges af højst én værdi",
    "expected at least one argument": "skal efterfølges af mindst én værdi",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan være %(matches)s",
    "ignored explicit argument %r": "overflødig værdi %r",
}
DANISH_PLURAL = {
    ("expected %s argument", "expected %s arguments"): ("skal efterfølges af %s værdi", "skal efterfølges af %s værdier"),
}


def translate(message: str) -> str:
    return DANISH.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    one, many = DANISH_PLURAL.get((singular, plural), (singular, plural))
    return one if count == 1 else many


def install() -> None:
    """Make argparse ask for its words here; any message without a Danish text stays as argparse has it."""
    argparse._ = translate  # type: ignore[attr-defined]  # argparse looks its gettext up at call time
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]


class DanishArgumentParser(argparse.ArgumentParser):
    """argparse with usage errors in Danish (exit code 2, as argparse does); its words come from this module."""

    def error(self, message: str):
        from kkrdesk.cli.output import EXIT_USAGE

        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: fejl i kommandoen: {message}\n")
