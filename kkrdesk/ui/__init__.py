"""All of kkrdesk's Qt: the windows, panels and item models, mirroring kkrdesk.core by feature."""

# Once PySide6 is loaded, it reads the source of every module imported after it (looking for
# `from __feature__ import`): ~40 ms of CPU at start-up for the core and the standard library
# behind it. This file runs before any module of the package imports Qt, so the core modules the
# window opens a meeting with are loaded here, before Qt (in a process that has not loaded it yet),
# and so are the pure-Python modules its first paint uses (the item form's case text markup).
import kkrdesk.core.contracts.bilag
import kkrdesk.core.files.title
import kkrdesk.core.logbook
import kkrdesk.core.meeting.checks
import kkrdesk.core.meeting.recovery
import kkrdesk.core.meeting.references
import kkrdesk.core.meeting.store
import kkrdesk.core.office.libreoffice
import kkrdesk.core.sample
import kkrdesk.core.text.markup
import kkrdesk.library_logs  # noqa: F401
