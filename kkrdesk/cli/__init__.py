"""The kkrdesk command line: one parser whose sub-commands each feature module registers."""

from __future__ import annotations

import os
import sys

from kkrdesk import __version__
from kkrdesk.core.files import screen_start

TYPE_CHECKING = False    # typing.TYPE_CHECKING, without importing typing before the child starts
if TYPE_CHECKING:
    import argparse
    import contextlib

    from kkrdesk.core.files.screen_start import BatchChild

# The rest of kkrdesk, argparse and logging too, is imported inside the functions: `add-bilag`
# starts its screening child first.

# Sub-command name -> the module whose register(subparsers) adds it (a module may add several);
# a handler is set with set_defaults(run=...). Only the named command's module is imported, so a
# light command does not pay for the heavy dependencies of the others. Adding a command: one line.
COMMANDS = {
    "new": "kkrdesk.cli.meeting_commands",
    "add-item": "kkrdesk.cli.meeting_commands",
    "add-bilag": "kkrdesk.cli.meeting_commands",
    "validate": "kkrdesk.cli.meeting_commands",
    "show": "kkrdesk.cli.meeting_commands",
    "screenshot": "kkrdesk.cli.ui_commands",
    "search": "kkrdesk.cli.reader_commands",
    "pack": "kkrdesk.cli.reader_commands",
    "open": "kkrdesk.cli.reader_commands",
    "notes": "kkrdesk.cli.reader_commands",
    "check-contract": "kkrdesk.cli.contract_commands",
    "preflight": "kkrdesk.cli.export_commands",
    "export": "kkrdesk.cli.export_commands",
    "survey": "kkrdesk.cli.survey_commands",
    "check-file": "kkrdesk.cli.file_commands",
    "renumber": "kkrdesk.cli.numbering_commands",
    "import-text": "kkrdesk.cli.casetext_commands",
    "ocr": "kkrdesk.cli.ocr_commands",
    "archive": "kkrdesk.cli.archive_commands",
}

def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given argv, only the modules of the sub-command it names are imported."""
    import importlib

    from kkrdesk.cli import argparse_danish
    from kkrdesk.cli.argparse_danish import DanishArgumentParser

    argparse_danish.install()
    parser = DanishArgumentParser(
        prog="kkrdesk",
        description="kkrdesk forbereder KKR-møder: dagsorden, bilag, søgning, undersøgelser og "
                    "resultatkontrakter. Uden kommando åbnes programmets vindue; kkrdesk MAPPE åbner "
                    "vinduet på mødet i MAPPE.",
    )
    parser.add_argument("--version", action="version", version=f"kkrdesk {__version__}",
                        help="vis versionsnummeret")
    parser.add_argument("--smoke-test", action="store_true",
                        help="kontrollér, at programmet virker: åbner eksempelmødet uden skærm, tegner "
                             "et diagram, eksporterer og åbner en PDF, og lukker igen")
    subparsers = parser.add_subparsers(dest="command", metavar="KOMMANDO",
                                       parser_class=DanishArgumentParser)
    for module_name in _modules_needed(argv):
        importlib.import_module(module_name).register(subparsers)
    return parser


def _modules_needed(argv: list[str] | None) -> list[str]:
    """The command modules to register: the named command's, none without a command, else all.

    All are registered for help and for a misspelt command, so both list every sub-command.
    The top-level options take no values, so the first word not starting with "-" is the command.
    """
    every = list(dict.fromkeys(COMMANDS.values()))
    if argv is None:
        return every
    position = next((i for i, word in enumerate(argv) if not word.startswith("-")), len(argv))
    if {"-h", "--help"} & set(argv[:position]):   # the top-level help lists every command
        return every
    if position == len(argv):
        return []
    return [COMMANDS[argv[position]]] if argv[position] in COMMANDS else every


def run() -> None:
    """The process's own entry (``python -m kkrdesk``, the ``kkrdesk`` program): :func:`main`, then
    out at once (cli/quick_exit.py)."""
    try:
        code: str | int | None = main()
    except SystemExit as exc:       # argparse's own exits (--help, usage errors)
        code = exc.code
    from kkrdesk.cli.quick_exit import leave

    leave(code)


def main(argv: list[str] | None = None) -> int:
    own_process = argv is None      # the program's own command line: its screening child may be forked
    argv = list(sys.argv[1:] if argv is None else argv)
    files, child = _screening_child_first(argv, fork=own_process)
    from kkrdesk.library_logs import keep_library_warnings_quiet

    keep_library_warnings_quiet()
    if argv[:1] == [screen_start.SCREEN_COMMAND]:  # the PDF screening child: no parser, no feature imports
        from kkrdesk.cli.screen_child import screen_pdf_main

        return screen_pdf_main(argv[1:])
    if argv[:1] and argv[0].startswith("_"):   # kkrdesk's own children: no parser, no feature imports
        from kkrdesk.core.files.image_screen import IMAGE_SCREEN_COMMAND

        if argv[0] == IMAGE_SCREEN_COMMAND:
            from kkrdesk.cli.image_screen_child import screen_image_main

            return screen_image_main(argv[1:])
        from kkrdesk.core.export.pack_child import PACK_COMMAND, run_pack_job

        if argv[0] == PACK_COMMAND and len(argv) == 2:
            return run_pack_job(argv[1])
    if _names_something_to_open(argv):   # `kkrdesk MAPPE`: the window on that meeting (or pack)
        from kkrdesk import collection

        collection.pause()   # until the window is open (ui.app.main resumes it)
        from kkrdesk.ui.app import main as gui_main

        return gui_main(argv)
    with _screening_ahead(files, child):
        return _run(argv)


def _run(argv: list[str]) -> int:
    from kkrdesk.cli.output import run_guarded
    from kkrdesk.core.logbook import configure_logging

    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.smoke_test:       # writes nothing outside its temporary folder, not even a log
        return run_guarded(_smoke_test, as_json=False)
    configure_logging()
    if args.command is None:
        from kkrdesk.ui.app import main as gui_main  # Qt is loaded only when a window is wanted

        return gui_main([])
    return run_guarded(lambda: args.run(args), as_json=getattr(args, "json", False))


def _names_something_to_open(argv: list[str]) -> bool:
    """One argument that is a meeting folder, its meeting.toml or a .kkrpack, not a command name."""
    if len(argv) != 1 or argv[0].startswith("-"):
        return False
    from pathlib import Path

    path = Path(argv[0])
    return (path.is_dir() and (path / "meeting.toml").is_file()) or (
        path.is_file() and (path.name == "meeting.toml" or path.suffix.lower() == ".kkrpack"))


def _smoke_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kkrdesk.ui.smoke import run_smoke_test  # Qt only when it is wanted

    return run_smoke_test()


def _screening_child_first(argv: list[str], *, fork: bool) -> tuple[list[str], BatchChild | None]:
    """For ``add-bilag``: the files it names, and the batch screening child started before the
    screening code, the parser, the command's modules, even argparse and logging are imported,
    so that the child's own start overlaps kkrdesk's; with ``fork``, forked from this process,
    which spares the child a Python start of its own. Any word naming a file counts: the child
    passes over what is no PDF or image, and the files whose verdict is cached."""
    if argv[:1] != ["add-bilag"]:
        return [], None
    files = [word for word in argv[1:] if not word.startswith("-") and os.path.isfile(word)]
    if not files:
        return files, None
    if fork:
        from kkrdesk.cli import screen_fork

        return files, screen_fork.start_batch_child(main)
    return files, screen_start.start_batch_child()


def _screening_ahead(files: list[str], child: BatchChild | None) -> contextlib.AbstractContextManager[object]:
    """The command's ScreeningAhead over ``files`` with the child started for them, which the
    command's own screening then finds in flight. When the command has ended, what it left
    unscreened is wanted by no one (it stopped half-way: a refused file, Ctrl+C, SIGTERM): the
    child is stopped then, not waited for, and no other is started for the files left."""
    import contextlib

    if child is None:
        return contextlib.nullcontext()
    from pathlib import Path

    from kkrdesk.core.files.pdf_screen import ScreeningAhead

    ending = contextlib.ExitStack()
    ending.callback(ScreeningAhead([Path(word) for word in files], child=child).stop)
    return ending
