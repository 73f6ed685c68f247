"""All of kkrdesk's Qt: the windows, panels and item models, mirroring kkrdesk.core by feature."""

import builtins

import PySide6.QtCore  # noqa: F401  (installs PySide's import hook, taken out below)

# PySide replaces ``builtins.__import__`` with a hook for its opt-in ``from __feature__ import``
# (snake_case names, true properties): two Python calls on every import statement, and the source
# of every module imported after Qt read and searched for "PySide6" (24 M instructions at start-up).
# kkrdesk uses no such feature, so the interpreter's own import comes back.
builtins.__import__ = getattr(builtins, "__orig_import__", builtins.__import__)
